//! Where a person is signed in: their live sessions, and signing out of all but this one
//! (ASVS 3.3.4). A session is shown by its browser and times, never by its secret.

use crate::auth::CurrentUser;
use crate::routing::{Access, RouteDef, form_routes};
use crate::views::chrome::Chrome;
use crate::views::format::moment;
use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::model::Actor;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    form_routes("/account/sessions", Access::SignedIn, get, post).into()
}

/// One live session as the page shows it.
pub(crate) struct SessionLine {
    pub browser: String,
    pub started: String,
    pub last_used: String,
    pub ends: String,
    pub this_one: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "account_sessions.html")]
pub(crate) struct SessionsPage {
    chrome: Chrome,
    csrf_token: String,
    sessions: Vec<SessionLine>,
    /// How many were just ended, after the form.
    ended: Option<u64>,
}

#[derive(Deserialize, Default)]
pub(crate) struct Done {
    ended: Option<u64>,
}

/// The browser as its user-agent string names it, in the words a person knows.
fn browser(agent: Option<&str>) -> String {
    let Some(a) = agent.filter(|a| !a.trim().is_empty()) else {
        return "An unnamed browser".into();
    };
    let name = [
        ("Edg/", "Microsoft Edge"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .iter()
    .find(|(k, _)| a.contains(k))
    .map(|(_, n)| *n);
    let system = [
        ("Windows", "Windows"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Android", "Android"),
        ("Mac OS", "Mac"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(k, _)| a.contains(k))
    .map(|(_, n)| *n);
    match (name, system) {
        (Some(n), Some(s)) => format!("{n} on {s}"),
        (Some(n), None) => n.to_string(),
        (None, Some(s)) => format!("A browser on {s}"),
        // Unknown: shown as it came, cut short (askama escapes it).
        (None, None) => a.chars().take(60).collect(),
    }
}

#[tracing::instrument(name = "web.views.sessions.get", skip_all)]
pub(crate) async fn get(
    State(state): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    Query(done): Query<Done>,
) -> Result<SessionsPage, Error> {
    let sessions = state
        .store
        .user_sessions(me.user.id)
        .await?
        .into_iter()
        .map(|s| SessionLine {
            browser: browser(s.user_agent.as_deref()),
            started: moment(s.created_at),
            last_used: moment(s.last_seen_at),
            ends: moment(state.config.session_expiry(s.created_at, s.last_seen_at)),
            this_one: s.id_hash == me.session_hash,
        })
        .collect();
    Ok(SessionsPage {
        chrome: Chrome::for_user(&me, ""),
        csrf_token: me.csrf_token.clone(),
        sessions,
        ended: done.ended,
    })
}

#[tracing::instrument(name = "web.views.sessions.post", skip_all)]
pub(crate) async fn post(
    State(state): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    // Only the CSRF token, which the guard has already checked.
    Form(_): Form<Vec<(String, String)>>,
) -> Result<Response, Error> {
    let ended = state
        .store
        .delete_user_sessions(me.user.id, Some(&me.session_hash), &Actor::user(&me.user))
        .await?;
    tracing::info!(user = %me.user.id, sessions = ended, "signed out of other sessions");
    Ok(Redirect::to(&format!("/account/sessions?ended={ended}")).into_response())
}

#[cfg(test)]
mod tests {
    use super::browser;

    #[test]
    fn browsers_are_named_as_people_know_them() {
        let firefox =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
        assert_eq!(browser(Some(firefox)), "Firefox on Windows");
        let edge =
            "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0";
        assert_eq!(browser(Some(edge)), "Microsoft Edge on Windows");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Version/18.1 Mobile/15E148 Safari/604.1";
        assert_eq!(browser(Some(iphone)), "Safari on iPhone");
        assert_eq!(browser(None), "An unnamed browser");
        assert_eq!(browser(Some("curl/8.1")), "curl/8.1");
    }
}
