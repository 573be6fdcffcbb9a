//! Plans attached to a parent plan: a monitoring or focused visit's plan whose actions are
//! "included in the existing Improvement plan". An owner of both attaches one on the
//! plan's settings page (`POST /plans/{id}/parent`); the parent's overview lists the
//! plans attached to it with their actions' status counts, and an attached plan's
//! overview says which plan it belongs to. Only plans the person can see are listed.

use crate::components::Choice;
use crate::routing::{Access, RouteDef};
use crate::views::form::{conflicted, invalid};
use crate::views::page::PlanPage;
use crate::{AppState, Error};
use assure_domain::attention;
use assure_domain::model::{Actor, StoredPlan};
use assure_domain::roles::{Permission, allows};
use assure_store::StoreError;
use axum::Form;
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

/// This form's entry of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    vec![RouteDef::post(
        "/plans/{plan_id}/parent",
        Access::Plan(Permission::EditPlan),
        post,
    )]
}

/// A plan attached to the one shown, with its actions by status.
pub(crate) struct AttachedView {
    pub title: String,
    pub href: String,
    /// "39 actions: 11 complete, 14 on track, 6 with no status" (statuses none has left out).
    pub summary: String,
}

/// How many actions have each status, in words, leaving out the statuses none has.
fn summary(counts: &attention::StatusCounts) -> String {
    let total = counts.total();
    let parts: Vec<String> = counts
        .counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(m, n)| match m {
            Some(m) => format!(
                "{n} {}",
                attention::describe_meaning(Some(*m)).to_lowercase()
            ),
            None => format!("{n} with no status"),
        })
        .collect();
    let actions = if total == 1 {
        "1 action".to_string()
    } else {
        format!("{total} actions")
    };
    if parts.is_empty() {
        actions
    } else {
        format!("{actions}: {}", parts.join(", "))
    }
}

/// The plan the one shown is attached to.
pub(crate) struct ParentView {
    /// `None` when the person cannot see it: then it is not named.
    pub link: Option<(String, String)>,
}

/// What the overview shows of attachment: the plan this one is attached to, and those
/// attached to it that the person can see.
pub(crate) async fn for_overview(
    state: &AppState,
    me: &assure_domain::model::User,
    plan: &StoredPlan,
) -> Result<(Option<ParentView>, Vec<AttachedView>), Error> {
    let attached = state.store.attached_plans(plan.id).await?;
    if plan.parent_id.is_none() && attached.is_empty() {
        return Ok((None, Vec::new()));
    }
    let visible = state.store.plans_for_user(me).await?;
    let sees = |id: Uuid| visible.iter().find(|p| p.id == id);
    let parent = plan.parent_id.map(|id| ParentView {
        link: sees(id).map(|p| (p.title.clone(), format!("/plans/{}", p.id))),
    });
    let today = state.clock.today();
    let mut out = Vec::new();
    for listed in attached.iter().filter(|p| sees(p.id).is_some()) {
        let child = state.plan(listed.id).await?;
        let counts = attention::attention(&child, today).by_status;
        out.push(AttachedView {
            title: child.title.clone(),
            href: format!("/plans/{}", child.id),
            summary: summary(&counts),
        });
    }
    Ok((parent, out))
}

/// The settings page's "Part of another plan" form.
pub(crate) struct ParentSection {
    /// The plan's version, for the form.
    pub version: i64,
    pub choices: Vec<Choice>,
    /// Why the plan cannot be attached to any plan (others are attached to it), if so.
    pub cannot: String,
    pub error: String,
}

/// The plans `plan` may be attached to by the person: others of the council they may
/// change, not attached to a plan themselves; none when plans are attached to `plan`.
pub(crate) async fn section(
    page: &PlanPage,
    plan: &StoredPlan,
    error: String,
) -> Result<ParentSection, Error> {
    let PlanPage { state, me, .. } = page;
    let attached = state.store.attached_plans(plan.id).await?;
    let current = plan.parent_id.map(|p| p.to_string()).unwrap_or_default();
    let mut choices = vec![Choice::new("", "Not part of another plan").checked_if(&current)];
    let mut cannot = String::new();
    if attached.is_empty() {
        for p in state.store.plans_for_user(&me.user).await? {
            if p.id == plan.id || p.parent_id.is_some() {
                continue;
            }
            if may_edit(state, &me.user, p.id).await? {
                choices.push(Choice::new(p.id.to_string(), p.title.clone()).checked_if(&current));
            }
        }
    } else {
        cannot = format!(
            "{} attached to this plan, so it cannot be part of another plan itself.",
            match attached.len() {
                1 => "Another plan is".to_string(),
                n => format!("{n} plans are"),
            }
        );
    }
    // The plan it is attached to stays a choice, even if the person could not attach it.
    if let Some(id) = plan.parent_id
        && !choices.iter().any(|c| c.value == current)
    {
        let title = state
            .plan(id)
            .await
            .map(|p| p.title.clone())
            .unwrap_or_default();
        choices.push(Choice::new(id.to_string(), title).checked_if(&current));
    }
    Ok(ParentSection {
        version: plan.version,
        choices,
        cannot,
        error,
    })
}

/// Whether the person may change plan `id` (owner or admin).
async fn may_edit(
    state: &AppState,
    me: &assure_domain::model::User,
    id: Uuid,
) -> Result<bool, Error> {
    Ok(match state.store.plan_access(id, me).await? {
        Some((_, role)) => allows(me.role, role, false, Permission::EditPlan),
        None => false,
    })
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct ParentForm {
    #[serde(default)]
    parent: String,
    #[serde(default)]
    version: i64,
}

#[tracing::instrument(name = "web.views.attached.post", skip_all)]
pub(crate) async fn post(page: PlanPage, Form(form): Form<ParentForm>) -> Result<Response, Error> {
    let plan = page.state.plan(page.access.plan_id).await?;
    let parent = match form.parent.trim() {
        "" => None,
        p => match p.parse::<Uuid>() {
            Ok(id) if may_edit(&page.state, &page.me.user, id).await? => Some(id),
            _ => {
                let error = "Choose a plan you own, or not part of another plan".to_string();
                return Ok(invalid(
                    crate::views::settings::page_with_parent(&page, &plan, error).await?,
                ));
            }
        },
    };
    if parent == plan.parent_id {
        return Ok(Redirect::to(&format!("/plans/{}/settings?saved=1", plan.id)).into_response());
    }
    let saved = page
        .state
        .store
        .set_parent_plan(plan.id, form.version, parent, &Actor::user(&page.me.user))
        .await;
    match saved {
        Ok(_) => {
            Ok(Redirect::to(&format!("/plans/{}/settings?saved=parent", plan.id)).into_response())
        }
        Err(StoreError::Invalid(m)) => {
            let mut m = m;
            if let Some(first) = m.get(..1) {
                m = format!("{}{}", first.to_uppercase(), &m[1..]);
            }
            Ok(invalid(
                crate::views::settings::page_with_parent(&page, &plan, m).await?,
            ))
        }
        Err(StoreError::NotFound { .. }) => {
            let error = "Choose a plan you own, or not part of another plan".to_string();
            Ok(invalid(
                crate::views::settings::page_with_parent(&page, &plan, error).await?,
            ))
        }
        Err(StoreError::Conflict { .. }) => {
            let fresh = page.state.plan(plan.id).await?;
            let error = "Someone else changed this plan while you were choosing. Check which plan it is part of now, then save again.".to_string();
            Ok(conflicted(
                crate::views::settings::page_with_parent(&page, &fresh, error).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}
