//! Forgotten passwords: an administrator makes a one-time link for a person of their
//! council and gives it to them; the link opens a page where the person sets a new
//! password. The link's secret is shown once and only its hash is kept; it works once,
//! for [`LINK_HOURS`] hours, for an enabled account, and using it ends every session of
//! the person. Assure sends no email, so the administrator passes the link on.

use crate::auth::{CurrentUser, token};
use crate::routing::{Access, RouteDef};
use crate::views::account::capitalised;
use crate::views::chrome::Chrome;
use crate::views::form::{FieldErrors, invalid};
use crate::views::login::anonymous_form_token;
use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::model::{Actor, User};
use assure_domain::roles::Permission;
use assure_store::StoreError;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

/// How long a link works.
pub const LINK_HOURS: i64 = 24;

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    vec![
        RouteDef::post(
            "/people/{user_id}/password-link",
            Access::Org(Permission::ManagePeople),
            issue,
        ),
        RouteDef::get("/password/{token}", Access::Public, get),
        RouteDef::post("/password/{token}", Access::Public, post),
    ]
}

#[derive(Template, WebTemplate)]
#[template(path = "password_link.html")]
pub(crate) struct LinkPage {
    chrome: Chrome,
    name: String,
    link: String,
    hours: i64,
}

/// The site's address for a link: the public URL when one is set, else the host this
/// request came to (the administrator's own browser sent it).
fn site(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(origin) = state.config.public_origin() {
        return origin;
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

#[tracing::instrument(name = "web.views.password_link.issue", skip_all)]
pub(crate) async fn issue(
    State(state): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let id: uuid::Uuid = id.parse().map_err(|_| Error::NotFound)?;
    let person = match state.store.user(id).await {
        Ok(p) if p.org_id == me.user.org_id => p,
        Ok(_) | Err(StoreError::NotFound { .. }) => return Err(Error::NotFound),
        Err(e) => return Err(e.into()),
    };
    let secret = token::random_token();
    let expires = state.clock.now() + chrono::Duration::hours(LINK_HOURS);
    match state
        .store
        .create_password_reset(
            person.id,
            &token::hash_token(&secret),
            expires,
            &Actor::user(&me.user),
        )
        .await
    {
        Ok(()) => {}
        Err(StoreError::Invalid(m)) => {
            return Err(Error::BadRequest(capitalised(&m)));
        }
        Err(e) => return Err(e.into()),
    }
    tracing::info!(user = %person.id, by = %me.user.id, "password link made");
    Ok(LinkPage {
        chrome: Chrome::for_user(&me, "people"),
        name: person.name,
        link: format!("{}/password/{secret}", site(&state, &headers)),
        hours: LINK_HOURS,
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "password_set.html")]
pub(crate) struct SetPage {
    chrome: Chrome,
    csrf_token: String,
    /// The person the link is for; `None`: the link does not work (any more).
    person: Option<User>,
    action: String,
    errors: FieldErrors,
    min_length: usize,
}

#[derive(Deserialize, Default)]
pub(crate) struct SetForm {
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

/// The form's token: the session's when someone is signed in in this browser, else the
/// short-lived cookie's.
fn form_token(state: &AppState, jar: CookieJar, me: Option<&CurrentUser>) -> (CookieJar, String) {
    match me {
        Some(u) => (jar, u.csrf_token.clone()),
        None => anonymous_form_token(state, jar),
    }
}

#[tracing::instrument(name = "web.views.password_link.get", skip_all)]
pub(crate) async fn get(
    State(state): State<AppState>,
    jar: CookieJar,
    me: Option<Extension<CurrentUser>>,
    Path(secret): Path<String>,
) -> Result<Response, Error> {
    let person = state
        .store
        .password_reset_user(&token::hash_token(&secret))
        .await?;
    let (jar, csrf_token) = form_token(&state, jar, me.as_deref());
    let status = if person.is_some() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    let page = SetPage {
        chrome: Chrome::anonymous(),
        csrf_token,
        person,
        action: format!("/password/{secret}"),
        errors: FieldErrors::default(),
        min_length: crate::password::MIN_LENGTH,
    };
    Ok((status, jar, page).into_response())
}

#[tracing::instrument(name = "web.views.password_link.post", skip_all)]
pub(crate) async fn post(
    State(state): State<AppState>,
    jar: CookieJar,
    me: Option<Extension<CurrentUser>>,
    Path(secret): Path<String>,
    Form(form): Form<SetForm>,
) -> Result<Response, Error> {
    let hash = token::hash_token(&secret);
    let person = state.store.password_reset_user(&hash).await?;
    let (jar, csrf_token) = form_token(&state, jar, me.as_deref());
    let mut page = SetPage {
        chrome: Chrome::anonymous(),
        csrf_token,
        person,
        action: format!("/password/{secret}"),
        errors: FieldErrors::default(),
        min_length: crate::password::MIN_LENGTH,
    };
    let Some(person) = page.person.clone() else {
        return Ok((StatusCode::NOT_FOUND, jar, page).into_response());
    };
    if form.new.chars().count() < crate::password::MIN_LENGTH {
        page.errors.add(
            "new",
            format!(
                "Enter a new password of at least {} characters",
                crate::password::MIN_LENGTH
            ),
        );
    } else if let Err(e) =
        crate::password::check(&form.new, &[person.name.as_str(), person.email.as_str()])
    {
        page.errors.add("new", capitalised(&e.to_string()));
    } else if form.confirm != form.new {
        page.errors.add(
            "confirm",
            "The passwords do not match: enter the new password again",
        );
    }
    if !page.errors.is_empty() {
        return Ok((jar, invalid(page)).into_response());
    }
    let new = form.new.clone();
    let hashed = tokio::task::spawn_blocking(move || crate::password::hash(&new))
        .await
        .map_err(|e| Error::Internal(Box::new(e)))?
        .map_err(|e| Error::Internal(Box::new(e)))?;
    match state.store.use_password_reset(&hash, &hashed).await {
        Ok(_) => {}
        // Used or expired between the two reads: the same answer as a dead link.
        Err(StoreError::NotFound { .. }) => {
            page.person = None;
            return Ok((StatusCode::NOT_FOUND, jar, page).into_response());
        }
        Err(e) => return Err(e.into()),
    }
    tracing::info!(user = %person.id, "password set through a one-time link");
    Ok((jar, axum::response::Redirect::to("/login?password=set")).into_response())
}
