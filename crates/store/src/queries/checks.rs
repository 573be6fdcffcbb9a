//! [`CheckStore`]: dismissed findings of the plan checks.

use super::read::read_action;
use super::{StoreImpl, check_length, to_json};
use crate::rows::{DismissalRow, all};
use crate::{CheckStore, NewDismissal, Result, StoreError};
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::checks::dismissal::{Dismissal, fingerprint};
use assure_domain::input::MAX_NOTE_CHARS;
use assure_domain::model::Actor;
use async_trait::async_trait;
use uuid::Uuid;

#[async_trait]
impl CheckStore for StoreImpl {
    async fn dismiss_finding(&self, d: NewDismissal<'_>, actor: &Actor) -> Result<Dismissal> {
        let reason = d.reason.trim();
        if reason.is_empty() {
            return Err(StoreError::Invalid(
                "say why the finding does not apply".into(),
            ));
        }
        check_length("a reason", reason, MAX_NOTE_CHARS)?;
        let mut w = self.write(actor).await?;
        let ctx = w.action_ctx(d.action_id).await?;
        let (_, action) = read_action(&mut w.tx, ctx.plan_id, d.action_id).await?;
        // The fingerprint is the store's own reading of the cells, never the caller's:
        // the caller's only says what the person saw.
        let Some(current) = fingerprint(d.code, &action.to_document()) else {
            return Err(StoreError::Invalid(format!(
                "{:?} is not a check that can be dismissed",
                d.code
            )));
        };
        if current != d.seen_fingerprint {
            return Err(StoreError::Conflict {
                entity: "action",
                id: d.action_id,
                current: action.version,
            });
        }
        let before: Option<DismissalRow> =
            sqlx::query_as("SELECT * FROM check_dismissals WHERE action_id = $1 AND code = $2")
                .bind(d.action_id)
                .bind(d.code)
                .fetch_optional(&mut *w.tx)
                .await?;
        let before: Option<Dismissal> = before.map(Dismissal::from);
        if let Some(b) = &before {
            sqlx::query("DELETE FROM check_dismissals WHERE id = $1")
                .bind(b.id)
                .execute(&mut *w.tx)
                .await?;
        }
        let saved = Dismissal {
            id: Uuid::now_v7(),
            action_id: d.action_id,
            code: d.code.to_string(),
            fingerprint: current,
            reason: reason.to_string(),
            dismissed_by: w.actor.clone(),
            dismissed_at: w.now,
        };
        sqlx::query(
            "INSERT INTO check_dismissals (id, action_id, code, fingerprint, reason,
                dismissed_by_id, dismissed_by_label, dismissed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(saved.id)
        .bind(saved.action_id)
        .bind(&saved.code)
        .bind(&saved.fingerprint)
        .bind(&saved.reason)
        .bind(saved.dismissed_by.user_id)
        .bind(&saved.dismissed_by.label)
        .bind(saved.dismissed_at)
        .execute(&mut *w.tx)
        .await?;
        let event = ctx
            .event(AuditEntity::CheckFinding, saved.id, AuditChange::Dismiss)
            .before(before.as_ref().map(to_json).transpose()?)
            .after(serde_json::json!({
                "code": saved.code,
                "reason": saved.reason,
                "fingerprint": saved.fingerprint,
            }));
        w.commit(event).await?;
        Ok(saved)
    }

    async fn dismissals(&self, plan_id: Uuid) -> Result<Vec<Dismissal>> {
        let rows = sqlx::query_as::<_, DismissalRow>(
            "SELECT d.* FROM check_dismissals d JOIN actions a ON a.id = d.action_id
             WHERE a.plan_id = $1 ORDER BY d.dismissed_at, d.id",
        )
        .bind(plan_id)
        .fetch_all(&self.pool)
        .await?;
        all(rows)
    }
}
