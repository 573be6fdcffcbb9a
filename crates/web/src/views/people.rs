//! People: the organisation's people with their organisation role, and adding one.

use crate::auth::CurrentUser;
use crate::components::{Choice, Link};
use crate::routing::{Access, RouteDef, only};
use crate::views::chrome::Chrome;
use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::model::{Actor, OrgRole, User};
use assure_domain::roles::Permission;
use assure_store::{NewUser, StoreError};
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    vec![
        RouteDef {
            method: Method::GET,
            path: "/people",
            access: Access::Org(Permission::ManagePeople),
            handler: only(Method::GET, get),
        },
        RouteDef {
            method: Method::POST,
            path: "/people",
            access: Access::Org(Permission::ManagePeople),
            handler: only(Method::POST, post),
        },
    ]
}

/// What the add-a-person form sends.
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct PersonForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

#[derive(Debug, Default)]
pub(crate) struct PersonErrors {
    name: String,
    email: String,
    role: String,
    password: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "people.html")]
pub(crate) struct PeoplePage {
    chrome: Chrome,
    people: Vec<User>,
    form: PersonForm,
    errors: PersonErrors,
    summary: Vec<Link>,
    added: bool,
    csrf: String,
}

impl PeoplePage {
    fn roles(&self) -> Vec<Choice> {
        let current = if self.form.role.is_empty() {
            "member"
        } else {
            self.form.role.as_str()
        };
        vec![
            Choice::new("member", "Member")
                .hint("Sees and works on the plans they are given a role on")
                .checked_if(current),
            Choice::new("admin", "Administrator")
                .hint("Sees every plan of the organisation, imports plans and manages people")
                .checked_if(current),
        ]
    }
}

async fn page(
    state: &AppState,
    me: &CurrentUser,
    form: PersonForm,
    errors: PersonErrors,
    summary: Vec<Link>,
    added: bool,
) -> Result<PeoplePage, Error> {
    let people = state.store.users(me.user.org_id).await?;
    Ok(PeoplePage {
        chrome: Chrome::for_user(me, "people"),
        people,
        form,
        errors,
        summary,
        added,
        csrf: me.csrf_token.clone(),
    })
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct Added {
    added: Option<String>,
}

#[tracing::instrument(name = "web.views.people.get", skip_all)]
pub(crate) async fn get(
    State(state): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    axum::extract::Query(q): axum::extract::Query<Added>,
) -> Result<PeoplePage, Error> {
    page(
        &state,
        &me,
        PersonForm::default(),
        PersonErrors::default(),
        Vec::new(),
        q.added.is_some(),
    )
    .await
}

#[tracing::instrument(name = "web.views.people.post", skip_all)]
pub(crate) async fn post(
    State(state): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    Form(mut form): Form<PersonForm>,
) -> Result<Response, Error> {
    form.name = form.name.trim().to_string();
    form.email = form.email.trim().to_string();
    let mut errors = PersonErrors::default();
    let mut summary = Vec::new();
    if form.name.is_empty() {
        errors.name = "Enter the person's name".into();
        summary.push(Link::new(errors.name.clone(), "#name"));
    }
    if form.email.is_empty() {
        errors.email = "Enter the person's email address".into();
        summary.push(Link::new(errors.email.clone(), "#email"));
    } else if !assure_domain::input::is_plausible_email(&form.email) {
        errors.email = "Enter an email address in the correct format, like name@example.org".into();
        summary.push(Link::new(errors.email.clone(), "#email"));
    }
    let role = OrgRole::parse(&form.role);
    if role.is_none() {
        errors.role = "Select the person's role".into();
        summary.push(Link::new(errors.role.clone(), "#role"));
    }
    let chars = form.password.chars().count();
    if chars < crate::password::MIN_LENGTH {
        errors.password = format!(
            "Enter a password of at least {} characters",
            crate::password::MIN_LENGTH
        );
        summary.push(Link::new(errors.password.clone(), "#password"));
    } else if let Err(e) =
        crate::password::check(&form.password, &[form.name.as_str(), form.email.as_str()])
    {
        errors.password = crate::views::account::capitalised(&e.to_string());
        summary.push(Link::new(errors.password.clone(), "#password"));
    }
    let mut hash = None;
    if summary.is_empty() {
        let pw = form.password.clone();
        match tokio::task::spawn_blocking(move || crate::password::hash(&pw))
            .await
            .map_err(|e| Error::Internal(Box::new(e)))?
        {
            Ok(h) => hash = Some(h),
            Err(e) => {
                errors.password = format!("The password cannot be used: {e}");
                summary.push(Link::new(errors.password.clone(), "#password"));
            }
        }
    }
    if let (Some(role), Some(hash)) = (role, hash) {
        let new = NewUser {
            org_id: me.user.org_id,
            email: form.email.clone(),
            name: form.name.clone(),
            role,
            password_hash: Some(hash),
        };
        match state.store.create_user(new, &Actor::user(&me.user)).await {
            Ok(_) => return Ok(Redirect::to("/people?added=1").into_response()),
            Err(StoreError::Conflict { .. } | StoreError::Duplicate(_)) => {
                errors.email = "Someone already has this email address".into();
                summary.push(Link::new(errors.email.clone(), "#email"));
            }
            Err(StoreError::Invalid(m)) => {
                errors.name.clone_from(&m);
                summary.push(Link::new(m, "#name"));
            }
            Err(e) => return Err(e.into()),
        }
    }
    form.password.clear();
    let p = page(&state, &me, form, errors, summary, false).await?;
    Ok((StatusCode::BAD_REQUEST, p).into_response())
}
