//! Changing one's own password. A wrong current password counts against the account's
//! sign-in throttle (it is a guess like any other); a change ends every session of the
//! person, this one included, so a stolen session does not outlive the password.

use crate::auth::CurrentUser;
use crate::routing::{Access, RouteDef, form_routes};
use crate::views::chrome::Chrome;
use crate::views::form::FieldErrors;
use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::model::Actor;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use serde::Deserialize;

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    form_routes("/account/password", Access::SignedIn, get, post).into()
}

/// The form as sent. Passwords are never shown back.
#[derive(Deserialize, Default)]
pub(crate) struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "account_password.html")]
pub(crate) struct PasswordPage {
    chrome: Chrome,
    csrf_token: String,
    errors: FieldErrors,
    min_length: usize,
    /// The change is made: the confirmation instead of the form.
    changed: bool,
}

fn page(me: &CurrentUser, errors: FieldErrors) -> PasswordPage {
    PasswordPage {
        chrome: Chrome::for_user(me, ""),
        csrf_token: me.csrf_token.clone(),
        errors,
        min_length: crate::password::MIN_LENGTH,
        changed: false,
    }
}

#[tracing::instrument(name = "web.views.account.get", skip_all)]
pub(crate) async fn get(Extension(me): Extension<CurrentUser>) -> PasswordPage {
    page(&me, FieldErrors::default())
}

#[tracing::instrument(name = "web.views.account.post", skip_all)]
pub(crate) async fn post(
    State(state): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, Error> {
    let refuse = |code: StatusCode, errors| Ok((code, page(&me, errors)).into_response());
    let key = format!("email:{}", me.user.email);
    let since = state.clock.now() - state.config.login_window();
    if state.store.login_failures_since(&key, since).await? >= state.config.max_failures_per_account
    {
        let mut errors = FieldErrors::default();
        errors.add(
            "current",
            "Too many wrong passwords. Wait 15 minutes, then try again",
        );
        return refuse(StatusCode::TOO_MANY_REQUESTS, errors);
    }
    let stored = state.store.password_hash(me.user.id).await?;
    let current = form.current.clone();
    let matches = match stored {
        Some(hash) => tokio::task::spawn_blocking(move || crate::password::verify(&current, &hash))
            .await
            .unwrap_or(false),
        None => false,
    };
    let mut errors = FieldErrors::default();
    if !matches {
        state.store.record_login_attempt(&key, false).await?;
        tracing::info!(user = %me.user.id, "wrong current password on a password change");
        errors.add("current", "Enter your current password correctly");
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, errors);
    }
    if form.new.chars().count() < crate::password::MIN_LENGTH {
        errors.add(
            "new",
            format!(
                "Enter a new password of at least {} characters",
                crate::password::MIN_LENGTH
            ),
        );
    } else if let Err(e) =
        crate::password::check(&form.new, &[me.user.name.as_str(), me.user.email.as_str()])
    {
        errors.add("new", capitalised(&e.to_string()));
    } else if form.new == form.current {
        errors.add(
            "new",
            "Enter a new password that is different from your current one",
        );
    } else if form.confirm != form.new {
        errors.add(
            "confirm",
            "The passwords do not match: enter the new password again",
        );
    }
    if !errors.is_empty() {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, errors);
    }
    let new = form.new.clone();
    let hashed = tokio::task::spawn_blocking(move || crate::password::hash(&new))
        .await
        .map_err(|e| Error::Internal(Box::new(e)))?;
    let hash = match hashed {
        Ok(h) => h,
        Err(e) => {
            errors.add("new", format!("The new password cannot be used: {e}"));
            return refuse(StatusCode::UNPROCESSABLE_ENTITY, errors);
        }
    };
    state
        .store
        .set_password(me.user.id, &hash, &Actor::user(&me.user))
        .await?;
    let ended = state
        .store
        .delete_user_sessions(me.user.id, None, &Actor::user(&me.user))
        .await?;
    tracing::info!(user = %me.user.id, sessions = ended, "password changed; sessions ended");
    let mut p = page(&me, FieldErrors::default());
    p.changed = true;
    // Signed out now: the frame shows nobody.
    p.chrome = Chrome::anonymous();
    Ok(p.into_response())
}

/// "this password …" as the start of a message.
pub(crate) fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
