//! Plans attached to a parent plan (a monitoring visit's plan whose actions are "included
//! in the existing Improvement plan"): the rules of attaching one, inside the write.
//!
//! One level only: a plan attached to another has no plans attached to it, so no chain
//! or cycle can form, and a parent's overview lists every plan that counts towards it.

use super::read::read_plan;
use super::write::{Event, Versioned, Write};
use crate::{Result, StoreError};
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::model::StoredPlan;
use uuid::Uuid;

/// Whether the actor may attach plans of the organisation to `plan_id`: the system (the
/// CLI), an admin of the organisation, or an owner of that plan.
async fn owns(w: &mut Write, org_id: Uuid, plan_id: Uuid) -> Result<bool> {
    let Some(user) = w.actor.user_id else {
        return Ok(true);
    };
    let admin: Option<String> =
        sqlx::query_scalar("SELECT role FROM users WHERE id = $1 AND org_id = $2")
            .bind(user)
            .bind(org_id)
            .fetch_optional(&mut *w.tx)
            .await?;
    if admin.as_deref() == Some("admin") {
        return Ok(true);
    }
    let role: Option<String> =
        sqlx::query_scalar("SELECT role FROM plan_members WHERE plan_id = $1 AND user_id = $2")
            .bind(plan_id)
            .bind(user)
            .fetch_optional(&mut *w.tx)
            .await?;
    Ok(role.as_deref() == Some("owner"))
}

/// Attaches `plan_id` to `parent` (or detaches it, for `None`) inside `w`, and returns
/// the plan as it now is with the event that records the change.
pub(super) async fn set_parent(
    w: &mut Write,
    plan_id: Uuid,
    expected_version: i64,
    parent: Option<Uuid>,
) -> Result<(StoredPlan, Event)> {
    let org_id = w.claim_plan(plan_id).await?;
    w.bump(Versioned::Plan, plan_id, expected_version).await?;
    let before: Option<Uuid> = sqlx::query_scalar("SELECT parent_id FROM plans WHERE id = $1")
        .bind(plan_id)
        .fetch_one(&mut *w.tx)
        .await?;
    let mut parent_title = None;
    if let Some(parent) = parent {
        if parent == plan_id {
            return Err(StoreError::Invalid(
                "a plan cannot be attached to itself".into(),
            ));
        }
        let found: Option<(Uuid, Option<Uuid>, String)> =
            sqlx::query_as("SELECT org_id, parent_id, title FROM plans WHERE id = $1")
                .bind(parent)
                .fetch_optional(&mut *w.tx)
                .await?;
        // Another council's plan, or one the actor does not own, is as good as unknown.
        let Some((parent_org, grandparent, title)) = found.filter(|f| f.0 == org_id) else {
            return Err(StoreError::not_found("plan", parent));
        };
        if !owns(w, parent_org, parent).await? || !owns(w, org_id, plan_id).await? {
            return Err(StoreError::not_found("plan", parent));
        }
        if grandparent.is_some() {
            return Err(StoreError::Invalid(format!(
                "\u{201c}{title}\u{201d} is itself attached to another plan: attach this plan to that one"
            )));
        }
        let attached: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM plans WHERE parent_id = $1")
            .bind(plan_id)
            .fetch_one(&mut *w.tx)
            .await?;
        if attached > 0 {
            return Err(StoreError::Invalid(
                "other plans are attached to this one, so it cannot be attached to a plan itself"
                    .into(),
            ));
        }
        parent_title = Some(title);
    }
    sqlx::query("UPDATE plans SET parent_id = $2 WHERE id = $1")
        .bind(plan_id)
        .bind(parent)
        .execute(&mut *w.tx)
        .await?;
    let event = Event::new(
        org_id,
        AuditEntity::Plan,
        plan_id,
        AuditChange::SetParentPlan,
    )
    .in_plan(plan_id)
    .before(serde_json::json!({ "parent_id": before }))
    .after(serde_json::json!({ "parent_id": parent, "parent_title": parent_title }));
    let plan = read_plan(&mut w.tx, plan_id).await?;
    Ok((plan, event))
}
