//! Removing a piece of evidence: by whoever added it, or by the plan's owners and
//! administrators, with a reason that goes into the action's history. The last piece of a
//! signed-off action stays (the store refuses, and the page says why). A removed file's
//! bytes go by the housekeeping once nothing points to them.

use crate::components::Link;
use crate::routing::{Access, RouteDef, form_routes};
use crate::views::chrome::Chrome;
use crate::views::form::{FieldErrors, invalid};
use crate::views::locate::{Located, locate};
use crate::views::page::PlanPage;
use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::input::MAX_NOTE_CHARS;
use assure_domain::model::{Actor, StoredEvidence};
use assure_domain::roles::Permission;
use assure_store::StoreError;
use axum::Form;
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

/// This page's entries of the route table. Anyone who sees the plan reaches it; the
/// handler lets through the person who added the evidence and those who may change the
/// plan.
pub(crate) fn routes() -> Vec<RouteDef> {
    form_routes(
        "/plans/{plan_id}/actions/{action_id}/evidence/{evidence_id}/remove",
        Access::Plan(Permission::ViewPlan),
        get,
        post,
    )
    .into()
}

#[derive(Debug, Deserialize)]
pub(crate) struct RemovePath {
    #[allow(dead_code)]
    plan_id: Uuid,
    action_id: Uuid,
    evidence_id: Uuid,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct RemoveForm {
    #[serde(default)]
    reason: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "evidence_remove.html")]
pub(crate) struct RemovePage {
    chrome: Chrome,
    csrf_token: String,
    breadcrumbs: Vec<Link>,
    action_url: String,
    form_url: String,
    title: String,
    reason: String,
    errors: FieldErrors,
}

/// Whether `me` may remove `e`: they added it, or they may change the plan.
pub(crate) fn may_remove(e: &StoredEvidence, me: Uuid, may_edit_plan: bool) -> bool {
    may_edit_plan || e.added_by == Some(me)
}

/// The evidence of the located action, if `me` may remove it; not found otherwise, so
/// nobody learns of evidence they may not touch.
fn removable(
    page: &PlanPage,
    located: &Located,
    evidence_id: Uuid,
) -> Result<StoredEvidence, Error> {
    let e = located
        .action()
        .evidence
        .iter()
        .find(|e| e.id == evidence_id)
        .cloned()
        .ok_or(Error::NotFound)?;
    let owner = page.access.allows(Permission::EditPlan, false);
    if may_remove(&e, page.me.user.id, owner) {
        Ok(e)
    } else {
        Err(Error::Forbidden)
    }
}

fn page(
    page: &PlanPage,
    located: &Located,
    e: &StoredEvidence,
    reason: String,
    errors: FieldErrors,
) -> RemovePage {
    let mut breadcrumbs = located.breadcrumbs(false);
    breadcrumbs.push(Link::text("Remove evidence"));
    RemovePage {
        chrome: Chrome::for_user(&page.me, "plans"),
        csrf_token: page.me.csrf_token.clone(),
        breadcrumbs,
        action_url: located.action_url(),
        form_url: format!("{}/evidence/{}/remove", located.action_url(), e.id),
        title: e.title.clone(),
        reason,
        errors,
    }
}

async fn find(
    state: &AppState,
    p: &PlanPage,
    path: &RemovePath,
) -> Result<(Located, StoredEvidence), Error> {
    let located = locate(state, &p.access, path.action_id).await?;
    let e = removable(p, &located, path.evidence_id)?;
    Ok((located, e))
}

#[tracing::instrument(name = "web.views.evidence_remove.get", skip_all)]
pub(crate) async fn get(p: PlanPage, Path(path): Path<RemovePath>) -> Result<RemovePage, Error> {
    let (located, e) = find(&p.state.clone(), &p, &path).await?;
    Ok(page(
        &p,
        &located,
        &e,
        String::new(),
        FieldErrors::default(),
    ))
}

#[tracing::instrument(name = "web.views.evidence_remove.post", skip_all)]
pub(crate) async fn post(
    p: PlanPage,
    Path(path): Path<RemovePath>,
    Form(form): Form<RemoveForm>,
) -> Result<Response, Error> {
    let state = p.state.clone();
    let (located, e) = find(&state, &p, &path).await?;
    let reason = form.reason.trim().to_string();
    let mut errors = FieldErrors::default();
    if reason.is_empty() {
        errors.add("reason", "Say why the evidence is being removed");
    } else if reason.chars().count() > MAX_NOTE_CHARS {
        errors.add(
            "reason",
            format!("The reason must be {MAX_NOTE_CHARS} characters or fewer"),
        );
    }
    if errors.is_empty() {
        match state
            .store
            .remove_evidence(e.id, &reason, &Actor::user(&p.me.user))
            .await
        {
            Ok(_) => {
                return Ok(Redirect::to(&format!(
                    "{}?done=evidence-removed",
                    located.action_url()
                ))
                .into_response());
            }
            Err(StoreError::Invalid(m)) => errors.general(m),
            Err(other) => return Err(other.into()),
        }
    }
    Ok(invalid(page(&p, &located, &e, reason, errors)))
}
