//! Who is asking: sessions in our own store, CSRF protection for every unsafe request,
//! login throttling, and the client address behind trusted proxies.
//!
//! A session is a random token in an HttpOnly, SameSite=Lax cookie; the store keeps only
//! its SHA-256, the user, a CSRF token and an expiry that slides with use.

pub mod client;
pub mod csrf;
pub mod token;

use crate::{AppState, Error};
use assure_domain::model::User;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use chrono::Duration;

/// The session cookie.
pub const SESSION_COOKIE: &str = "assure_session";
/// The cookie that carries the CSRF token of the sign-in form, before there is a session.
pub const LOGIN_CSRF_COOKIE: &str = "assure_login_csrf";

/// The signed-in person of this request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: User,
    /// The token every form of this session must carry.
    pub csrf_token: String,
    pub(crate) session_hash: String,
}

/// The signed-in person, if the request carries a live session.
///
/// # Errors
/// Only when the store fails; a missing, unknown or expired session is `Ok(None)`.
pub async fn current_user(state: &AppState, jar: &CookieJar) -> Result<Option<CurrentUser>, Error> {
    let Some(cookie) = jar.get(SESSION_COOKIE) else {
        return Ok(None);
    };
    let hash = token::hash_token(cookie.value());
    let Some((session, user)) = state.store.session(&hash).await? else {
        return Ok(None);
    };
    let now = state.clock.now();
    // Slide the expiry, but write at most once every five minutes per session.
    if now - session.last_seen_at > Duration::minutes(5) {
        state
            .store
            .touch_session(&hash, now + state.config.session_idle())
            .await?;
    }
    Ok(Some(CurrentUser {
        user,
        csrf_token: session.csrf_token,
        session_hash: hash,
    }))
}

/// A cookie with the attributes every Assure cookie has.
pub fn cookie(
    state: &AppState,
    name: &'static str,
    value: String,
    max_age: Duration,
) -> Cookie<'static> {
    Cookie::build((name, value))
        .http_only(true)
        .secure(state.config.secure_cookies)
        .same_site(SameSite::Lax)
        .path("/")
        .max_age(time_duration(max_age))
        .build()
}

/// A cookie that removes `name`.
pub fn removal(state: &AppState, name: &'static str) -> Cookie<'static> {
    cookie(state, name, String::new(), Duration::zero())
}

fn time_duration(d: Duration) -> cookie::time::Duration {
    cookie::time::Duration::seconds(d.num_seconds())
}

/// A `next` parameter is followed only to a path on this site, never to another origin.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.chars().any(char::is_control) =>
        {
            n.to_string()
        }
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_never_leaves_the_site() {
        assert_eq!(safe_next(Some("/plans/1?x=2")), "/plans/1?x=2");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "evil",
            "/a\nb",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
