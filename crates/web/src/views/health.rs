//! The health check (assets themselves are served by `crate::assets`).

use crate::AppState;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// How long the health check waits for the database before saying it is unavailable.
const DATABASE_TIMEOUT: Duration = Duration::from_secs(5);

/// `GET /healthz`: 200 "ok" when the database answers a cheap query, otherwise 503 with a
/// short plain message (the error itself goes to the log, not to whoever asks).
pub(crate) async fn healthz(State(state): State<AppState>) -> Response {
    let answer = tokio::time::timeout(DATABASE_TIMEOUT, state.store.organisations()).await;
    let failure = match answer {
        Ok(Ok(_)) => return (plain(), "ok").into_response(),
        Ok(Err(e)) => e.to_string(),
        Err(_) => format!("no answer within {DATABASE_TIMEOUT:?}"),
    };
    tracing::warn!(error = %failure, "health check: the database is unavailable");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        plain(),
        "database unavailable",
    )
        .into_response()
}

fn plain() -> [(header::HeaderName, &'static str); 1] {
    [(header::CONTENT_TYPE, "text/plain; charset=utf-8")]
}
