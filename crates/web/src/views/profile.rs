//! A person's own name: they correct it themselves (the name shown in the header, on
//! updates and in the trail); their role stays as an administrator set it.

use crate::auth::CurrentUser;
use crate::routing::{Access, RouteDef, form_routes};
use crate::views::chrome::Chrome;
use crate::views::form::{FieldErrors, conflicted, invalid};
use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::model::Actor;
use assure_store::StoreError;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;

/// The longest name accepted: longer is a paste gone wrong, not a name.
const MAX_NAME_CHARS: usize = 200;

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    form_routes("/account/name", Access::SignedIn, get, post).into()
}

#[derive(Deserialize, Default)]
pub(crate) struct NameForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    version: String,
}

#[derive(Deserialize, Default)]
pub(crate) struct Done {
    saved: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "account_name.html")]
pub(crate) struct NamePage {
    chrome: Chrome,
    csrf_token: String,
    /// The name as it stands or as typed.
    typed: String,
    version: i64,
    errors: FieldErrors,
    saved: bool,
}

fn page(me: &CurrentUser, name: String, errors: FieldErrors) -> NamePage {
    NamePage {
        chrome: Chrome::for_user(me, ""),
        csrf_token: me.csrf_token.clone(),
        typed: name,
        version: me.user.version,
        errors,
        saved: false,
    }
}

#[tracing::instrument(name = "web.views.profile.get", skip_all)]
pub(crate) async fn get(
    Extension(me): Extension<CurrentUser>,
    Query(done): Query<Done>,
) -> NamePage {
    let mut p = page(&me, me.user.name.clone(), FieldErrors::default());
    p.saved = done.saved.is_some();
    p
}

#[tracing::instrument(name = "web.views.profile.post", skip_all)]
pub(crate) async fn post(
    State(state): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    Form(form): Form<NameForm>,
) -> Result<Response, Error> {
    let name = form.name.trim().to_string();
    let mut errors = FieldErrors::default();
    if name.is_empty() {
        errors.add("name", "Enter your name");
    } else if name.chars().count() > MAX_NAME_CHARS {
        errors.add(
            "name",
            format!("Enter a name of {MAX_NAME_CHARS} characters or fewer"),
        );
    } else if name.chars().any(char::is_control) {
        errors.add("name", "Enter your name on one line");
    }
    if !errors.is_empty() {
        return Ok(invalid(page(&me, name, errors)));
    }
    // A missing or garbled version can only be stale.
    let version = form.version.trim().parse::<i64>().unwrap_or(0);
    match state
        .store
        .update_user(
            me.user.id,
            version,
            &name,
            me.user.role,
            &Actor::user(&me.user),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to("/account/name?saved=1").into_response()),
        Err(StoreError::Conflict { .. }) => {
            errors.add(
                "name",
                "Your name was changed elsewhere since you opened this page: it shows now as saved. Enter it again if you still want to change it",
            );
            Ok(conflicted(page(&me, me.user.name.clone(), errors)))
        }
        Err(StoreError::Invalid(m)) => {
            errors.add("name", crate::views::account::capitalised(&m));
            Ok(invalid(page(&me, name, errors)))
        }
        Err(e) => Err(e.into()),
    }
}
