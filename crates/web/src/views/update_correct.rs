//! Correcting one's own update within 24 hours of writing it: the words only (the date,
//! period and status stay). The action's history shows the correction beside the first
//! words, which the trail keeps.

use crate::Error;
use crate::components::Link;
use crate::routing::{Access, RouteDef, form_routes};
use crate::views::chrome::Chrome;
use crate::views::form::{FieldErrors, invalid};
use crate::views::format::moment;
use crate::views::locate::{Located, locate};
use crate::views::page::PlanPage;
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::model::{Actor, CORRECTION_WINDOW, StoredUpdate};
use assure_domain::roles::Permission;
use assure_store::StoreError;
use axum::Form;
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

/// This page's entries of the route table. Anyone who may write updates reaches it; the
/// handler lets through only the update's author, within the window.
pub(crate) fn routes() -> Vec<RouteDef> {
    form_routes(
        "/plans/{plan_id}/actions/{action_id}/updates/{update_id}/correct",
        Access::Plan(Permission::WriteUpdate),
        get,
        post,
    )
    .into()
}

#[derive(Debug, Deserialize)]
pub(crate) struct CorrectPath {
    #[allow(dead_code)]
    plan_id: Uuid,
    action_id: Uuid,
    update_id: Uuid,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct CorrectForm {
    #[serde(default)]
    text: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "update_correct.html")]
pub(crate) struct CorrectPage {
    chrome: Chrome,
    csrf_token: String,
    breadcrumbs: Vec<Link>,
    action_url: String,
    form_url: String,
    written: String,
    until: String,
    text: String,
    errors: FieldErrors,
}

/// The update of the located action that `me` may correct now; not found when it is not
/// theirs or the window has passed (a link to it no longer leads anywhere).
fn correctable(p: &PlanPage, located: &Located, id: Uuid) -> Result<StoredUpdate, Error> {
    let now = p.state.clock.now();
    located
        .action()
        .updates
        .iter()
        .find(|u| u.id == id && u.correctable_by(p.me.user.id, now))
        .cloned()
        .ok_or(Error::NotFound)
}

/// Where the person may correct an update of theirs on this action, and until when.
pub(crate) fn correction_link(
    plan_id: Uuid,
    action: &assure_domain::model::StoredAction,
    me: Uuid,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<(String, String)> {
    let u = action
        .updates
        .iter()
        .rev()
        .find(|u| u.correctable_by(me, now))?;
    Some((
        format!(
            "/plans/{plan_id}/actions/{}/updates/{}/correct",
            action.id, u.id
        ),
        moment(u.created_at + CORRECTION_WINDOW),
    ))
}

fn page(
    p: &PlanPage,
    located: &Located,
    u: &StoredUpdate,
    text: String,
    errors: FieldErrors,
) -> CorrectPage {
    let mut breadcrumbs = located.breadcrumbs(false);
    breadcrumbs.push(Link::text("Correct your update"));
    CorrectPage {
        chrome: Chrome::for_user(&p.me, "plans"),
        csrf_token: p.me.csrf_token.clone(),
        breadcrumbs,
        action_url: located.action_url(),
        form_url: format!("{}/updates/{}/correct", located.action_url(), u.id),
        written: moment(u.created_at),
        until: moment(u.created_at + CORRECTION_WINDOW),
        text,
        errors,
    }
}

#[tracing::instrument(name = "web.views.update_correct.get", skip_all)]
pub(crate) async fn get(p: PlanPage, Path(path): Path<CorrectPath>) -> Result<CorrectPage, Error> {
    let located = locate(&p.state, &p.access, path.action_id).await?;
    let u = correctable(&p, &located, path.update_id)?;
    Ok(page(
        &p,
        &located,
        &u,
        u.text.clone(),
        FieldErrors::default(),
    ))
}

#[tracing::instrument(name = "web.views.update_correct.post", skip_all)]
pub(crate) async fn post(
    p: PlanPage,
    Path(path): Path<CorrectPath>,
    Form(form): Form<CorrectForm>,
) -> Result<Response, Error> {
    let located = locate(&p.state, &p.access, path.action_id).await?;
    let u = correctable(&p, &located, path.update_id)?;
    let text = form.text.trim().to_string();
    let mut errors = FieldErrors::default();
    if text.is_empty() {
        errors.add("text", "Enter the update");
    } else if text.chars().count() > crate::views::update::MAX_UPDATE_CHARS {
        errors.add(
            "text",
            format!(
                "The update must be {} characters or fewer",
                crate::views::update::MAX_UPDATE_CHARS
            ),
        );
    }
    if errors.is_empty() {
        match p
            .state
            .store
            .correct_update(u.id, &text, &Actor::user(&p.me.user))
            .await
        {
            Ok(_) => {
                return Ok(
                    Redirect::to(&format!("{}?done=corrected", located.action_url()))
                        .into_response(),
                );
            }
            Err(StoreError::Invalid(m)) => {
                errors.add("text", crate::views::account::capitalised(&m))
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(invalid(page(&p, &located, &u, text, errors)))
}
