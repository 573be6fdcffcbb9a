//! Who is asking: sessions in our own store, CSRF protection for every unsafe request,
//! login throttling, and the client address behind trusted proxies.
//!
//! A session is a random token in an HttpOnly, SameSite=Lax cookie; the store keeps only
//! its SHA-256, the user, a CSRF token and an expiry that slides with use.

pub mod client;
pub mod csrf;
pub mod housekeeping;
pub mod limits;
pub mod token;

use crate::{AppState, Error};
use assure_domain::model::User;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::response::Response;
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
    /// The session's CSRF token, masked afresh for this request: what this request's
    /// pages put in their forms (see [`csrf::mask`]).
    pub csrf_token: String,
    /// The session's CSRF token itself, which a form's masked token must carry.
    pub(crate) csrf_secret: String,
    pub(crate) session_hash: String,
    /// Whether this request slid the session's expiry, so the cookie is sent again with a
    /// fresh `Max-Age` (see [`renewal`]).
    pub(crate) renewed: bool,
    /// When the session ends if nothing slides it (capped by the absolute lifetime).
    pub(crate) session_ends: chrono::DateTime<chrono::Utc>,
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
    let Some(found) = crate::recent::session(state, &hash).await? else {
        return Ok(None);
    };
    let (session, user) = (*found).clone();
    let now = state.clock.now();
    if session.expires_at <= now {
        // Idle too long since it was read (a kept read is not asked again).
        crate::recent::forget_session(state, &hash);
        return Ok(None);
    }
    let ends = state.config.session_expiry(session.created_at, now);
    if ends <= now {
        // Past its absolute lifetime: however recently it was used, sign in again.
        state.store.delete_session(&hash).await?;
        return Ok(None);
    }
    // Slide the expiry, but write at most once every five minutes per session.
    let renewed = now - session.last_seen_at > TOUCH_INTERVAL;
    if renewed {
        state.store.touch_session(&hash, ends).await?;
    }
    Ok(Some(CurrentUser {
        user,
        csrf_token: csrf::mask(&session.csrf_token),
        csrf_secret: session.csrf_token,
        session_hash: hash,
        renewed,
        session_ends: ends,
    }))
}

/// How often a session's sliding expiry is written (and its cookie sent again).
pub const TOUCH_INTERVAL: Duration = Duration::minutes(5);

/// The session cookie again, with the `Max-Age` of the expiry this request just slid to,
/// so the browser keeps the cookie as long as the server keeps the session. `None` unless
/// the session was touched, and never for `/assets/` (publicly cacheable responses must
/// not carry a session cookie).
pub(crate) fn renewal(state: &AppState, req: &Request) -> Option<Cookie<'static>> {
    let user = req.extensions().get::<CurrentUser>()?;
    if !user.renewed || req.uri().path().starts_with("/assets/") {
        return None;
    }
    let value = CookieJar::from_headers(req.headers())
        .get(SESSION_COOKIE)?
        .value()
        .to_string();
    let left = user.session_ends - state.clock.now();
    Some(cookie(state, SESSION_COOKIE, value, left))
}

/// Adds the renewed session cookie to `res`, unless the response already sets the session
/// cookie itself (signing out removes it; signing in again replaces it).
pub(crate) fn with_renewal(mut res: Response, renewal: Option<Cookie<'static>>) -> Response {
    let Some(renewal) = renewal else {
        return res;
    };
    let prefix = format!("{SESSION_COOKIE}=");
    let sets_own = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.as_bytes().starts_with(prefix.as_bytes()));
    if !sets_own && let Ok(v) = HeaderValue::from_str(&renewal.to_string()) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
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
