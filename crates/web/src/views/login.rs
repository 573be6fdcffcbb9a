//! Signing in and out.
//!
//! Failed attempts are counted per account and per client address in the store, so a
//! guesser is slowed whichever they vary; while either count is over its limit the
//! password is not even checked. An unknown email costs the same hashing work as a known
//! one, so response time does not reveal who has an account.

use crate::auth::{self, CurrentUser, LOGIN_CSRF_COOKIE, SESSION_COOKIE, client, token};
use crate::views::chrome::Chrome;
use crate::{AppState, Error, password};
use askama::Template;
use askama_web::WebTemplate;
use assure_store::NewSession;
use axum::extract::{ConnectInfo, FromRequestParts, Query, State};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use axum_extra::extract::CookieJar;
use chrono::Duration;
use serde::Deserialize;
use std::net::SocketAddr;
use std::sync::OnceLock;

/// How long the sign-in form's token lives.
const LOGIN_FORM_TTL: i64 = 60 * 60;

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub(crate) struct LoginPage {
    chrome: Chrome,
    csrf_token: String,
    next: String,
    email: String,
    error: Option<&'static str>,
    /// The password was just set through a one-time link.
    password_set: bool,
}

#[derive(Deserialize)]
pub(crate) struct NextQuery {
    next: Option<String>,
    password: Option<String>,
}

/// The direct peer's address, when the server was started with it.
pub(crate) struct Peer(Option<SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Peer(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0),
        ))
    }
}

#[tracing::instrument(name = "web.views.login.get", skip_all)]
pub(crate) async fn get(
    State(state): State<AppState>,
    jar: CookieJar,
    Query(q): Query<NextQuery>,
    user: Option<Extension<CurrentUser>>,
) -> Response {
    let next = auth::safe_next(q.next.as_deref());
    if user.is_some() {
        return Redirect::to(&next).into_response();
    }
    let (jar, csrf_token) = anonymous_form_token(&state, jar);
    (
        jar,
        LoginPage {
            chrome: Chrome::anonymous(),
            csrf_token,
            next,
            email: String::new(),
            error: None,
            password_set: q.password.as_deref() == Some("set"),
        },
    )
        .into_response()
}

/// The CSRF token of a form sent before there is a session (signing in, a password
/// link): kept in a short-lived cookie, put in the form masked.
pub(crate) fn anonymous_form_token(state: &AppState, jar: CookieJar) -> (CookieJar, String) {
    let token = jar
        .get(LOGIN_CSRF_COOKIE)
        .map(|c| c.value().to_string())
        .filter(|t| t.len() == 43)
        .unwrap_or_else(token::random_token);
    let jar = jar.add(auth::cookie(
        state,
        LOGIN_CSRF_COOKIE,
        token.clone(),
        Duration::seconds(LOGIN_FORM_TTL),
    ));
    (jar, auth::csrf::mask(&token))
}

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

#[tracing::instrument(name = "web.views.login.post", skip_all)]
pub(crate) async fn post(
    State(state): State<AppState>,
    Peer(peer): Peer,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<LoginForm>,
) -> Result<Response, Error> {
    let email = form.email.trim().to_lowercase();
    let next = auth::safe_next(form.next.as_deref());
    let again = |error| LoginPage {
        chrome: Chrome::anonymous(),
        // The form was checked against the cookie's token: send it back masked afresh.
        csrf_token: jar
            .get(LOGIN_CSRF_COOKIE)
            .map(|c| auth::csrf::mask(c.value()))
            .unwrap_or_default(),
        next: next.clone(),
        email: form.email.trim().chars().take(254).collect(),
        error: Some(error),
        password_set: false,
    };
    if email.is_empty() || form.password.is_empty() {
        return Ok((
            axum::http::StatusCode::BAD_REQUEST,
            again("Enter your email address and password"),
        )
            .into_response());
    }

    let now = state.clock.now();
    let since = now - state.config.login_window();
    let account_key = format!("email:{email}");
    let client_ip = client::client_ip(peer, &headers, &state.config.trusted_proxies);
    let ip_key = client_ip.map(|ip| format!("ip:{ip}"));
    let mut throttled = state
        .store
        .login_failures_since(&account_key, since)
        .await?
        >= state.config.max_failures_per_account;
    if let Some(k) = &ip_key {
        throttled |=
            state.store.login_failures_since(k, since).await? >= state.config.max_failures_per_ip;
    }
    if throttled {
        return Ok((
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            again("Too many attempts to sign in. Wait 15 minutes, then try again"),
        )
            .into_response());
    }

    // One account per council may share this email: the password says which. Each is
    // checked (and a dummy when there is none), so an unknown email takes as long as one
    // account with a wrong password.
    let accounts = state.store.users_by_email(&email).await?;
    let candidate = form.password.clone();
    let hashes: Vec<Option<String>> = accounts.iter().map(|(_, h)| h.clone()).collect();
    let matches = tokio::task::spawn_blocking(move || {
        if hashes.is_empty() {
            let _ = password::verify(&candidate, dummy_hash());
        }
        hashes
            .iter()
            .map(|h| {
                h.as_deref()
                    .is_some_and(|h| password::verify(&candidate, h))
            })
            .collect::<Vec<bool>>()
    })
    .await
    .map_err(|e| Error::Internal(Box::new(e)))?;
    // An enabled account the password opens, before a disabled one it also opens.
    let mut opened: Vec<_> = accounts
        .into_iter()
        .zip(matches)
        .filter_map(|(a, ok)| ok.then_some(a))
        .collect();
    opened.sort_by_key(|(u, _)| u.disabled);
    let found = opened.into_iter().next();

    let Some((user, _)) = found else {
        state
            .store
            .record_login_attempt(&account_key, false)
            .await?;
        if let Some(k) = &ip_key {
            state.store.record_login_attempt(k, false).await?;
        }
        // Never the password. The email is as typed, so it is quoted (`?`) and cut short:
        // a newline in it cannot forge a log line.
        let account: String = email.chars().take(254).collect();
        tracing::info!(
            account = ?account,
            client = %client_ip.map_or_else(|| "unknown".to_string(), |ip| ip.to_string()),
            "failed sign-in"
        );
        return Ok((
            axum::http::StatusCode::UNAUTHORIZED,
            again("Enter a correct email address and password"),
        )
            .into_response());
    };

    if user.disabled {
        // Only someone who knows the password learns this, and it tells them what to do.
        tracing::info!(user = %user.id, "sign-in to a disabled account");
        return Ok((
            axum::http::StatusCode::FORBIDDEN,
            again(
                "Your account has been disabled. Ask an administrator of your council to enable it",
            ),
        )
            .into_response());
    }
    state.store.record_login_attempt(&account_key, true).await?;
    let session_token = token::random_token();
    state
        .store
        .create_session(NewSession {
            id_hash: token::hash_token(&session_token),
            user_id: user.id,
            csrf_token: token::random_token(),
            expires_at: state.config.session_expiry(now, now),
            user_agent: headers
                .get(axum::http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.chars().take(200).collect()),
        })
        .await?;
    tracing::info!(user = %user.id, "signed in");
    let jar = jar
        .add(auth::cookie(
            &state,
            SESSION_COOKIE,
            session_token,
            state.config.session_expiry(now, now) - now,
        ))
        .add(auth::removal(&state, LOGIN_CSRF_COOKIE));
    Ok((jar, Redirect::to(&next)).into_response())
}

#[tracing::instrument(name = "web.views.logout.post", skip_all)]
pub(crate) async fn logout(
    State(state): State<AppState>,
    jar: CookieJar,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, Error> {
    state.store.delete_session(&user.session_hash).await?;
    let jar = jar.add(auth::removal(&state, SESSION_COOKIE));
    Ok((jar, Redirect::to("/login")).into_response())
}

fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| password::hash("a password nobody has ever chosen").unwrap_or_default())
}
