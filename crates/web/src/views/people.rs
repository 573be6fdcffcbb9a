//! People: the organisation's people with their organisation role, and adding one.

use crate::auth::CurrentUser;
use crate::components::Choice;
use crate::routing::{Access, RouteDef};
use crate::views::chrome::Chrome;
use crate::views::form::{FieldErrors, invalid};
use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::model::{Actor, OrgRole, User};
use assure_domain::roles::Permission;
use assure_store::{NewUser, StoreError};
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    vec![
        RouteDef::get("/people", Access::Org(Permission::ManagePeople), get),
        RouteDef::post("/people", Access::Org(Permission::ManagePeople), post),
        RouteDef::post(
            "/people/{user_id}/sign-out",
            Access::Org(Permission::ManagePeople),
            sign_out,
        ),
        RouteDef::post(
            "/people/{user_id}/disable",
            Access::Org(Permission::ManagePeople),
            disable,
        ),
        RouteDef::post(
            "/people/{user_id}/enable",
            Access::Org(Permission::ManagePeople),
            enable,
        ),
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

#[derive(Template, WebTemplate)]
#[template(path = "people.html")]
pub(crate) struct PeoplePage {
    chrome: Chrome,
    people: Vec<User>,
    form: PersonForm,
    errors: FieldErrors,
    added: bool,
    /// Whose sessions were just ended, and how many.
    signed_out: Option<(String, u64)>,
    /// What was just done to whom ("Kemi Adebayo's account has been disabled").
    done: Option<String>,
    /// Who is looking: they are not offered to disable themself.
    me_id: uuid::Uuid,
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
    errors: FieldErrors,
    added: bool,
) -> Result<PeoplePage, Error> {
    let people = state.store.users(me.user.org_id).await?;
    Ok(PeoplePage {
        chrome: Chrome::for_user(me, "people"),
        people,
        form,
        errors,
        added,
        signed_out: None,
        done: None,
        me_id: me.user.id,
        csrf: me.csrf_token.clone(),
    })
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct Added {
    added: Option<String>,
    signed_out: Option<String>,
    sessions: Option<u64>,
    disabled: Option<String>,
    enabled: Option<String>,
}

#[tracing::instrument(name = "web.views.people.get", skip_all)]
pub(crate) async fn get(
    State(state): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    axum::extract::Query(q): axum::extract::Query<Added>,
) -> Result<PeoplePage, Error> {
    let mut p = page(
        &state,
        &me,
        PersonForm::default(),
        FieldErrors::default(),
        q.added.is_some(),
    )
    .await?;
    // The name comes from the council's own list, never from the address bar.
    if let Some(id) = q
        .signed_out
        .as_deref()
        .and_then(|s| s.parse::<uuid::Uuid>().ok())
        && let Some(person) = p.people.iter().find(|u| u.id == id)
    {
        p.signed_out = Some((person.name.clone(), q.sessions.unwrap_or(0)));
    }
    let named = |raw: &Option<String>| {
        let id = raw.as_deref()?.parse::<uuid::Uuid>().ok()?;
        p.people.iter().find(|u| u.id == id).map(|u| u.name.clone())
    };
    if let Some(name) = named(&q.disabled) {
        p.done = Some(format!(
            "{name}'s account has been disabled: they have been signed out and cannot sign in."
        ));
    } else if let Some(name) = named(&q.enabled) {
        p.done = Some(format!(
            "{name}'s account has been enabled: they can sign in again."
        ));
    }
    Ok(p)
}

/// A person of the actor's council by the id in the path; another council's is not found.
async fn person_here(state: &AppState, me: &CurrentUser, id: &str) -> Result<User, Error> {
    let id: uuid::Uuid = id.parse().map_err(|_| Error::NotFound)?;
    match state.store.user(id).await {
        Ok(p) if p.org_id == me.user.org_id => Ok(p),
        Ok(_) | Err(StoreError::NotFound { .. }) => Err(Error::NotFound),
        Err(e) => Err(e.into()),
    }
}

/// An administrator disables a person: their sessions end at once, they cannot sign in
/// and they are not offered as a lead; what they wrote stays theirs.
#[tracing::instrument(name = "web.views.people.disable", skip_all)]
pub(crate) async fn disable(
    State(state): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Response, Error> {
    set_disabled(state, me, id, true).await
}

/// An administrator enables a disabled person again.
#[tracing::instrument(name = "web.views.people.enable", skip_all)]
pub(crate) async fn enable(
    State(state): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Response, Error> {
    set_disabled(state, me, id, false).await
}

async fn set_disabled(
    state: AppState,
    me: CurrentUser,
    id: String,
    disabled: bool,
) -> Result<Response, Error> {
    let person = person_here(&state, &me, &id).await?;
    match state
        .store
        .set_disabled(person.id, disabled, &Actor::user(&me.user))
        .await
    {
        Ok(_) => {
            let key = if disabled { "disabled" } else { "enabled" };
            Ok(Redirect::to(&format!("/people?{key}={}", person.id)).into_response())
        }
        Err(StoreError::Invalid(m)) => {
            let mut errors = FieldErrors::default();
            errors.add_at("people", "#people", crate::views::account::capitalised(&m));
            let p = page(&state, &me, PersonForm::default(), errors, false).await?;
            Ok(invalid(p))
        }
        Err(e) => Err(e.into()),
    }
}

/// An administrator ends every session of a person of their council, at once (a lost
/// laptop, a leaver): the person must sign in again.
#[tracing::instrument(name = "web.views.people.sign_out", skip_all)]
pub(crate) async fn sign_out(
    State(state): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Response, Error> {
    // Another council's person is not found, not forbidden: nothing says they exist.
    let person = person_here(&state, &me, &id).await?;
    let ended = state
        .store
        .delete_user_sessions(person.id, None, &Actor::user(&me.user))
        .await?;
    tracing::info!(user = %person.id, by = %me.user.id, sessions = ended, "sessions ended by an administrator");
    Ok(Redirect::to(&format!(
        "/people?signed_out={}&sessions={ended}",
        person.id
    ))
    .into_response())
}

#[tracing::instrument(name = "web.views.people.post", skip_all)]
pub(crate) async fn post(
    State(state): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    Form(mut form): Form<PersonForm>,
) -> Result<Response, Error> {
    form.name = form.name.trim().to_string();
    form.email = form.email.trim().to_string();
    let mut errors = FieldErrors::default();
    if form.name.is_empty() {
        errors.add("name", "Enter the person's name");
    }
    if form.email.is_empty() {
        errors.add("email", "Enter the person's email address");
    } else if !assure_domain::input::is_plausible_email(&form.email) {
        errors.add(
            "email",
            "Enter an email address in the correct format, like name@example.org",
        );
    }
    let role = OrgRole::parse(&form.role);
    if role.is_none() {
        errors.add("role", "Select the person's role");
    }
    let chars = form.password.chars().count();
    if chars < crate::password::MIN_LENGTH {
        errors.add(
            "password",
            format!(
                "Enter a password of at least {} characters",
                crate::password::MIN_LENGTH
            ),
        );
    } else if let Err(e) =
        crate::password::check(&form.password, &[form.name.as_str(), form.email.as_str()])
    {
        errors.add(
            "password",
            crate::views::account::capitalised(&e.to_string()),
        );
    }
    let mut hash = None;
    if errors.is_empty() {
        let pw = form.password.clone();
        match tokio::task::spawn_blocking(move || crate::password::hash(&pw))
            .await
            .map_err(|e| Error::Internal(Box::new(e)))?
        {
            Ok(h) => hash = Some(h),
            Err(e) => {
                errors.add("password", format!("The password cannot be used: {e}"));
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
                // Only this council's people can clash: another council's
                // account with the address is another account, and is never mentioned.
                errors.add(
                    "email",
                    "Someone in your organisation already has this email address",
                );
            }
            Err(StoreError::Invalid(m)) => errors.add("name", m),
            Err(e) => return Err(e.into()),
        }
    }
    form.password.clear();
    let p = page(&state, &me, form, errors, false).await?;
    Ok(invalid(p))
}
