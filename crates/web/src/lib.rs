//! The web app: an axum router over the [`Store`](assure_store::Store).
//!
//! [`router`] is apart from serving, so tests call it in-process.

pub mod assets;
pub mod error;
pub mod password;
mod security;
mod views;

use assure_domain::clock::Clock;
use assure_store::Store;
use axum::Router;
use axum::routing::get;
use std::sync::Arc;

pub use error::Error;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
}

/// Every route of the app, with the security headers on every response.
pub fn router(state: AppState) -> Router {
    let app = Router::new()
        .route("/", get(views::plans::get))
        .route("/plans", get(views::plans::get))
        .route("/plans/{id}", get(views::plan::get))
        .route("/assets/{*path}", get(assets::serve))
        .route("/healthz", get(views::assets::healthz))
        .fallback(views::not_found)
        .with_state(state);
    security::headers(app)
}

/// Serves the app on `listener` until `shutdown` resolves.
///
/// # Errors
/// When the server fails while serving.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}
