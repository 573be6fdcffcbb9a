//! What nearly every request reads, kept for a moment (the mechanism is `fresh.rs`): the
//! session and its person, the person's access to the plan, and for an action's page the
//! organisation's people and the action's trail.

use crate::fresh::Fresh;
use crate::{AppState, Error};
use assure_domain::model::AuditEvent;
use assure_domain::model::{Session, User};
use assure_domain::roles::PlanRole;
use assure_store::StoreError;
use std::sync::Arc;
use uuid::Uuid;

/// A person's access to a plan: the plan's organisation and their role on it, `None`
/// when the plan is not theirs to see.
type Access = Option<(Uuid, Option<PlanRole>)>;

/// The reads kept. Each value is trusted for about a second at most, so each cache's
/// capacity is what one second's requests could ask for.
pub(crate) struct Recent {
    sessions: Fresh<String, Arc<(Session, User)>>,
    access: Fresh<(Uuid, Uuid), Access>,
    people: Fresh<Uuid, Arc<Vec<User>>>,
    trails: Fresh<Uuid, Arc<Trail>>,
}

impl Default for Recent {
    fn default() -> Self {
        Self {
            sessions: Fresh::new(4096),
            access: Fresh::new(4096),
            people: Fresh::new(64),
            // A trail can run to many events: few are kept.
            trails: Fresh::new(64),
        }
    }
}

/// An action's past as its page shows it: its audit trail and its status changes.
pub(crate) struct Trail {
    pub events: Vec<AuditEvent>,
    pub status_changes: Vec<assure_domain::status_history::StatusChange>,
}

/// The live session with this hash and its person. An unknown token is not kept, so
/// guessing tokens fills nothing.
pub(crate) async fn session(
    state: &AppState,
    hash: &str,
) -> Result<Option<Arc<(Session, User)>>, Error> {
    let now = state.moment();
    if let Some(kept) = state.recent.sessions.get(hash, now) {
        return Ok(Some(kept));
    }
    let Some(found) = state.store.session(hash).await? else {
        return Ok(None);
    };
    let found = Arc::new(found);
    state
        .recent
        .sessions
        .keep(hash.to_owned(), Arc::clone(&found), now);
    Ok(Some(found))
}

/// Forgets a session read earlier: it has ended.
pub(crate) fn forget_session(state: &AppState, hash: &str) {
    state.recent.sessions.forget(hash);
}

/// The person's access to the plan.
pub(crate) async fn plan_access(
    state: &AppState,
    plan_id: Uuid,
    user: &User,
) -> Result<Access, StoreError> {
    let now = state.moment();
    let key = (user.id, plan_id);
    if let Some(kept) = state.recent.access.get(&key, now) {
        return Ok(kept);
    }
    let found = state.store.plan_access(plan_id, user).await?;
    state.recent.access.keep(key, found, now);
    Ok(found)
}

/// The organisation's people.
pub(crate) async fn people(state: &AppState, org_id: Uuid) -> Result<Arc<Vec<User>>, Error> {
    let now = state.moment();
    if let Some(kept) = state.recent.people.get(&org_id, now) {
        return Ok(kept);
    }
    let found = Arc::new(state.store.users(org_id).await?);
    state.recent.people.keep(org_id, Arc::clone(&found), now);
    Ok(found)
}

/// The action's trail and status changes.
pub(crate) async fn trail(state: &AppState, action_id: Uuid) -> Result<Arc<Trail>, Error> {
    let now = state.moment();
    if let Some(kept) = state.recent.trails.get(&action_id, now) {
        return Ok(kept);
    }
    let found = Arc::new(Trail {
        events: state.store.audit_trail(action_id).await?,
        status_changes: state.store.action_status_changes(action_id).await?,
    });
    state.recent.trails.keep(action_id, Arc::clone(&found), now);
    Ok(found)
}
