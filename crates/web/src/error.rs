//! The web layer's one error type.
//!
//! Handlers return `Result<_, Error>`. Store errors convert with `?`: "not found" becomes a
//! 404 page, a conflict a 409, and anything else is logged in full and shown to the user
//! only as a short apology, so no internals (SQL, paths) reach the browser.

use askama::Template;
use askama_web::WebTemplate;
use assure_store::StoreError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// What a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// 404: no such page or record (or not the caller's to see).
    #[error("not found")]
    NotFound,
    /// 403: signed in, but their roles do not allow this.
    #[error("forbidden")]
    Forbidden,
    /// 403: a form without a valid CSRF token (an old tab, or another site's form).
    #[error("form expired")]
    FormExpired,
    /// 401: an unsafe request without a live session.
    #[error("sign in again")]
    SignInAgain,
    /// 413: a body over the limit.
    #[error("too large")]
    TooLarge,
    /// 429: over a rate limit.
    #[error("too many requests")]
    TooManyRequests,
    /// 409: someone else saved first.
    #[error("conflict: {0}")]
    Conflict(String),
    /// 503: as many imports as the server reads at once are being read; the person is
    /// asked to try again shortly (nothing was saved).
    #[error("busy importing")]
    ImportsBusy,
    /// 400: the request itself is wrong; the message is safe to show.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// 500: logged, never shown.
    #[error(transparent)]
    Internal(#[from] Box<dyn std::error::Error + Send + Sync>),
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } => Error::NotFound,
            StoreError::Conflict { .. } => Error::Conflict(e.to_string()),
            StoreError::Invalid(m) | StoreError::Duplicate(m) => Error::BadRequest(m),
            other => Error::Internal(Box::new(other)),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: crate::views::chrome::Chrome,
    title: &'static str,
    message: String,
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, title, message) = match &self {
            Error::NotFound => (
                StatusCode::NOT_FOUND,
                "Page not found",
                "If you typed the web address, check it is correct.".to_string(),
            ),
            Error::Forbidden => (
                StatusCode::FORBIDDEN,
                "You do not have access to this",
                "Ask the plan's owner or your organisation's administrator if you need it."
                    .to_string(),
            ),
            Error::FormExpired => (
                StatusCode::FORBIDDEN,
                "This form has expired",
                "Nothing was saved. Go back, reload the page and try again.".to_string(),
            ),
            Error::SignInAgain => (
                StatusCode::UNAUTHORIZED,
                "You need to sign in again",
                "Nothing was saved. Sign in, then make your change again.".to_string(),
            ),
            Error::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "That is too large",
                "Nothing was saved. Send less, or a smaller file.".to_string(),
            ),
            Error::TooManyRequests => (
                StatusCode::TOO_MANY_REQUESTS,
                "You are sending changes too quickly",
                "Nothing was saved this time. Wait a minute, then go back and try again. If this keeps happening, tell your Assure administrator.".to_string(),
            ),
            Error::Conflict(_) => (
                StatusCode::CONFLICT,
                "Someone else changed this first",
                "Your changes were not saved. Go back, reload, and make them again.".to_string(),
            ),
            Error::BadRequest(m) => (StatusCode::BAD_REQUEST, "There is a problem", m.clone()),
            Error::ImportsBusy => (
                StatusCode::SERVICE_UNAVAILABLE,
                "Assure is reading other plans",
                "Assure is reading other plans; try again in a minute. Nothing was saved."
                    .to_string(),
            ),
            Error::Internal(e) => {
                tracing::error!(error = %e, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Sorry, there is a problem with the service",
                    "Try again later.".to_string(),
                )
            }
        };
        let retry = matches!(self, Error::TooManyRequests | Error::ImportsBusy);
        let mut res = (
            status,
            ErrorPage {
                chrome: crate::views::chrome::Chrome::anonymous(),
                title,
                message,
            },
        )
            .into_response();
        if retry {
            res.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("60"),
            );
        }
        res
    }
}
