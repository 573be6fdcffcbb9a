//! [`SignOffStore`]: proposing, signing off and re-checking impact.

use super::areas_actions::delete_signoff;
use super::read::read_action;
use super::updates_evidence::set_action_status;
use super::write::Versioned;
use super::{StoreImpl, action_state, check_length, clean, refused, to_json};
use crate::{Result, SignOffStore};
use assure_domain::Meaning;
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::input::MAX_NOTE_CHARS;
use assure_domain::model::{Actor, StoredAction};
use assure_domain::signoff;
use async_trait::async_trait;
use uuid::Uuid;

/// A note as stored: trimmed, `None` when empty, refused when over the limit.
fn check_note(note: Option<&str>) -> Result<Option<String>> {
    let note = clean(note);
    if let Some(n) = &note {
        check_length("a note", n, MAX_NOTE_CHARS)?;
    }
    Ok(note)
}

#[async_trait]
impl SignOffStore for StoreImpl {
    async fn propose_complete(
        &self,
        action_id: Uuid,
        expected_version: i64,
        note: Option<&str>,
        actor: &Actor,
    ) -> Result<StoredAction> {
        let note = check_note(note)?;
        let mut w = self.write(actor).await?;
        let ctx = w.action_ctx(action_id).await?;
        w.bump(Versioned::Action, action_id, expected_version)
            .await?;
        let (_, before) = read_action(&mut w.tx, ctx.plan_id, action_id).await?;
        signoff::can_propose(&before).map_err(refused)?;
        sqlx::query(
            "INSERT INTO signoffs (action_id, proposed_by_id, proposed_by_label, proposed_at,
                proposal_note)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(action_id)
        .bind(w.actor.user_id)
        .bind(&w.actor.label)
        .bind(w.now)
        .bind(note)
        .execute(&mut *w.tx)
        .await?;
        let (_, saved) = read_action(&mut w.tx, ctx.plan_id, action_id).await?;
        let event = ctx
            .event(AuditEntity::Action, action_id, AuditChange::ProposeComplete)
            .before(action_state(&before)?)
            .after(action_state(&saved)?);
        w.commit(event).await?;
        Ok(saved)
    }

    async fn sign_off(
        &self,
        action_id: Uuid,
        expected_version: i64,
        note: Option<&str>,
        approver: &Actor,
    ) -> Result<StoredAction> {
        let note = check_note(note)?;
        let mut w = self.write(approver).await?;
        let ctx = w.action_ctx(action_id).await?;
        w.bump(Versioned::Action, action_id, expected_version)
            .await?;
        let (plan, before) = read_action(&mut w.tx, ctx.plan_id, action_id).await?;
        signoff::can_sign_off_action(&before, approver).map_err(refused)?;
        let due = signoff::impact_check_due(w.now, plan.settings.impact_interval_months);
        sqlx::query(
            "UPDATE signoffs SET signed_off_by_id = $2, signed_off_by_label = $3,
                signed_off_at = $4, impact_check_due = $5, signoff_note = $6
             WHERE action_id = $1",
        )
        .bind(action_id)
        .bind(approver.user_id)
        .bind(&approver.label)
        .bind(w.now)
        .bind(due)
        .bind(note)
        .execute(&mut *w.tx)
        .await?;
        if let Some(complete) = plan.status_meaning(Meaning::Complete) {
            set_action_status(&mut w.tx, action_id, Some(&complete), w.now).await?;
        }
        let (_, saved) = read_action(&mut w.tx, ctx.plan_id, action_id).await?;
        let event = ctx
            .event(AuditEntity::Action, action_id, AuditChange::SignOff)
            .before(action_state(&before)?)
            .after(action_state(&saved)?);
        w.commit(event).await?;
        Ok(saved)
    }

    async fn record_impact_check(
        &self,
        action_id: Uuid,
        expected_version: i64,
        confirmed: bool,
        note: Option<&str>,
        actor: &Actor,
    ) -> Result<StoredAction> {
        let note = check_note(note)?;
        let mut w = self.write(actor).await?;
        let ctx = w.action_ctx(action_id).await?;
        w.bump(Versioned::Action, action_id, expected_version)
            .await?;
        let (plan, before) = read_action(&mut w.tx, ctx.plan_id, action_id).await?;
        signoff::can_record_impact_check(&before, confirmed, note.as_deref()).map_err(refused)?;
        sqlx::query(
            "INSERT INTO impact_checks (id, action_id, checked_by_id, checked_by_label,
                checked_at, confirmed, note)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(Uuid::now_v7())
        .bind(action_id)
        .bind(w.actor.user_id)
        .bind(&w.actor.label)
        .bind(w.now)
        .bind(confirmed)
        .bind(&note)
        .execute(&mut *w.tx)
        .await?;
        if confirmed {
            let due = signoff::impact_check_due(w.now, plan.settings.impact_interval_months);
            sqlx::query("UPDATE signoffs SET impact_check_due = $2 WHERE action_id = $1")
                .bind(action_id)
                .bind(due)
                .execute(&mut *w.tx)
                .await?;
        } else {
            // Reopened: no longer signed off, and no longer complete.
            delete_signoff(&mut w.tx, action_id).await?;
            let reopened = plan
                .status_meaning(Meaning::AtRisk)
                .or_else(|| plan.status_meaning(Meaning::OffTrack));
            set_action_status(&mut w.tx, action_id, reopened.as_ref(), w.now).await?;
        }
        let (_, saved) = read_action(&mut w.tx, ctx.plan_id, action_id).await?;
        let mut after = action_state(&saved)?;
        after["confirmed"] = serde_json::Value::Bool(confirmed);
        after["note"] = to_json(&note)?;
        let change = if confirmed {
            AuditChange::ImpactConfirmed
        } else {
            AuditChange::Reopen
        };
        let event = ctx
            .event(AuditEntity::Action, action_id, change)
            .before(action_state(&before)?)
            .after(after);
        w.commit(event).await?;
        Ok(saved)
    }
}
