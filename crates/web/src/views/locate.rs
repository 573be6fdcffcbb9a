//! Finding an action in its plan, for every page about one action: the path parameters
//! of action routes, the plan with where the action sits, and the breadcrumbs to it.

use crate::components::Link;
use crate::routing::PlanAccess;
use crate::views::naming::{action_name, area_heading};
use crate::{AppState, Error};
use assure_domain::model::{StoredAction, StoredArea, StoredPlan};
use serde::Deserialize;
use uuid::Uuid;

/// The path parameters of every action route.
#[derive(Debug, Deserialize)]
pub(crate) struct ActionPath {
    #[allow(dead_code)]
    pub plan_id: Uuid,
    pub action_id: Uuid,
}

/// A plan, and where one of its actions sits in it.
pub(crate) struct Located {
    pub plan: std::sync::Arc<StoredPlan>,
    pub area_index: usize,
    /// From the top-level action down to the action itself.
    pub chain: Vec<Uuid>,
}

impl Located {
    pub fn area(&self) -> &StoredArea {
        &self.plan.areas[self.area_index]
    }

    pub fn action(&self) -> &StoredAction {
        let id = *self.chain.last().expect("the chain ends at the action");
        self.plan.find_action(id).expect("located actions exist")
    }

    /// Plan → area → parents → the action (the current page, unlinked, last).
    pub fn breadcrumbs(&self, current_is_action: bool) -> Vec<Link> {
        let plan_id = self.plan.id;
        let mut out = vec![
            Link::new("Plans", "/plans"),
            Link::new(self.plan.title.clone(), format!("/plans/{plan_id}")),
            Link::new(
                area_heading(&self.plan, self.area()),
                format!("/plans/{plan_id}/areas/{}", self.area().id),
            ),
        ];
        for (i, id) in self.chain.iter().enumerate() {
            let Some(a) = self.plan.find_action(*id) else {
                continue;
            };
            let last = i + 1 == self.chain.len();
            if last && current_is_action {
                out.push(Link::text(action_name(a)));
            } else {
                out.push(Link::new(
                    action_name(a),
                    format!("/plans/{plan_id}/actions/{id}"),
                ));
            }
        }
        out
    }

    /// The action page's address.
    pub fn action_url(&self) -> String {
        format!("/plans/{}/actions/{}", self.plan.id, self.action().id)
    }
}

fn find_chain(actions: &[StoredAction], id: Uuid, chain: &mut Vec<Uuid>) -> bool {
    for a in actions {
        chain.push(a.id);
        if a.id == id || find_chain(&a.children, id, chain) {
            return true;
        }
        chain.pop();
    }
    false
}

/// Loads the plan of `access` and finds `action_id` in it; an action of another plan is
/// not found.
pub(crate) async fn locate(
    state: &AppState,
    access: &PlanAccess,
    action_id: Uuid,
) -> Result<Located, Error> {
    let plan = state.plan(access.plan_id).await?;
    for (area_index, area) in plan.areas.iter().enumerate() {
        let mut chain = Vec::new();
        if find_chain(&area.actions, action_id, &mut chain) {
            return Ok(Located {
                plan,
                area_index,
                chain,
            });
        }
    }
    Err(Error::NotFound)
}
