//! [`ProgressStore`]: progress updates and evidence.

use super::areas_actions::delete_signoff;
use super::read::read_action;
use super::write::Versioned;
use super::{StoreImpl, Tx, action_state, check_length, check_status, clean, refused, to_json};
use crate::rows::PlacedEvidenceRow;
use crate::{NewEvidence, NewUpdate, ProgressStore, Result, StoreError};
use assure_domain::StatusValue;
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::input::{
    MAX_EVIDENCE_TITLE_CHARS, MAX_UPDATE_CHARS, MAX_URL_CHARS, is_web_address,
};
use assure_domain::model::{Actor, EvidenceKind, StoredAction, StoredEvidence, StoredUpdate};
use assure_domain::periods::period_containing;
use assure_domain::signoff;
use async_trait::async_trait;
use uuid::Uuid;

/// Sets an action's status (by an update, a sign-off or a reopening) at `at`, and keeps
/// the change in its status history.
pub(super) async fn set_action_status(
    tx: &mut Tx,
    id: Uuid,
    status: Option<&StatusValue>,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    sqlx::query("UPDATE actions SET status_label = $2, status_meaning = $3 WHERE id = $1")
        .bind(id)
        .bind(status.map(|s| s.label.clone()))
        .bind(status.map(|s| s.meaning.as_str()))
        .execute(&mut **tx)
        .await?;
    super::rounds::log_status(tx, id, at, status).await
}

/// Inserts one piece of evidence at `position`, keeping its plan-document text in
/// `reference`.
pub(super) async fn insert_evidence(
    tx: &mut Tx,
    action_id: Uuid,
    position: i64,
    e: &StoredEvidence,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO evidence (id, action_id, position, reference, kind, title, url, file_key,
            file_name, content_type, size, added_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(e.id)
    .bind(action_id)
    .bind(position)
    .bind(e.document_text())
    .bind(e.kind.as_str())
    .bind(&e.title)
    .bind(&e.url)
    .bind(&e.file_key)
    .bind(&e.file_name)
    .bind(&e.content_type)
    .bind(e.size)
    .bind(e.added_by)
    .bind(e.created_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Appends an update after the action's last.
async fn insert_update(tx: &mut Tx, action_id: Uuid, u: &StoredUpdate) -> Result<()> {
    let last: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(position), -1) FROM updates WHERE action_id = $1")
            .bind(action_id)
            .fetch_one(&mut **tx)
            .await?;
    sqlx::query(
        "INSERT INTO updates (id, action_id, position, update_date, text, status_label,
            status_meaning, period, author_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(u.id)
    .bind(action_id)
    .bind(last + 1)
    .bind(u.date)
    .bind(&u.text)
    .bind(u.status.as_ref().map(|s| s.label.clone()))
    .bind(u.status.as_ref().map(|s| s.meaning.as_str()))
    .bind(&u.period)
    .bind(u.author_id)
    .bind(u.created_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Evidence as it will be stored, or why it cannot be: a link must be a web address, a
/// file must have its key and name; titles and addresses have their limits.
fn check_evidence(new: NewEvidence) -> Result<NewEvidence> {
    let url = clean(new.url.as_deref());
    let file_key = clean(new.file_key.as_deref());
    let file_name = clean(new.file_name.as_deref());
    let mut title = new.title.trim().to_string();
    check_length("an evidence title", &title, MAX_EVIDENCE_TITLE_CHARS)?;
    let file = new.kind == EvidenceKind::File;
    match new.kind {
        EvidenceKind::Link => {
            let Some(u) = url.as_deref() else {
                return Err(StoreError::Invalid("a link needs its address".into()));
            };
            check_length("a web address", u, MAX_URL_CHARS)?;
            if !is_web_address(u) {
                return Err(StoreError::Invalid(format!(
                    "{u:?} is not a web address (it should start https://)"
                )));
            }
            if title.is_empty() {
                title = u.to_string();
            }
        }
        EvidenceKind::File => {
            let (Some(_), Some(name)) = (file_key.as_deref(), file_name.as_deref()) else {
                return Err(StoreError::Invalid(
                    "a file needs its stored key and name".into(),
                ));
            };
            if new.size.is_some_and(|s| s < 0) {
                return Err(StoreError::Invalid(
                    "a file cannot be smaller than nothing".into(),
                ));
            }
            if title.is_empty() {
                title = name.to_string();
            }
        }
    }
    Ok(NewEvidence {
        kind: new.kind,
        title,
        url: if file { None } else { url },
        file_key: if file { file_key } else { None },
        file_name: if file { file_name } else { None },
        content_type: if file {
            clean(new.content_type.as_deref())
        } else {
            None
        },
        size: if file { new.size } else { None },
    })
}

#[async_trait]
impl ProgressStore for StoreImpl {
    async fn write_update(
        &self,
        action_id: Uuid,
        expected_version: i64,
        new: NewUpdate,
        actor: &Actor,
    ) -> Result<StoredAction> {
        let text = new.text.trim();
        if text.is_empty() {
            return Err(StoreError::Invalid("an update needs some text".into()));
        }
        check_length("an update", text, MAX_UPDATE_CHARS)?;
        let mut w = self.write(actor).await?;
        let ctx = w.action_ctx(action_id).await?;
        // The version moves first: of two writers who read the same version, exactly
        // one gets past this line.
        w.bump(Versioned::Action, action_id, expected_version)
            .await?;
        let (plan, before) = read_action(&mut w.tx, ctx.plan_id, action_id).await?;
        let status_changes = new.status.is_some() && new.status != before.status;
        if status_changes {
            check_status(
                &plan.status_scheme,
                before.status.as_ref(),
                new.status.as_ref(),
            )?;
            set_action_status(&mut w.tx, action_id, new.status.as_ref(), w.now).await?;
            if signoff::status_change_reopens(&before, new.status.as_ref()) {
                delete_signoff(&mut w.tx, action_id).await?;
            }
        }
        let update = StoredUpdate {
            id: Uuid::now_v7(),
            date: Some(new.date),
            text: text.to_string(),
            status: new.status.clone(),
            // The period it reports on: as given, else the one its date falls in.
            period: clean(new.period.as_deref())
                .or_else(|| Some(period_containing(new.date, &plan.settings.update_cadence).label)),
            author_id: w.actor.user_id,
            created_at: w.now,
        };
        insert_update(&mut w.tx, action_id, &update).await?;
        let (_, saved) = read_action(&mut w.tx, ctx.plan_id, action_id).await?;
        let event = ctx
            .event(AuditEntity::Update, update.id, AuditChange::Create)
            .before(status_changes.then(|| action_state(&before)).transpose()?)
            .after(serde_json::json!({
                "action_id": action_id,
                "date": update.date,
                "text": update.text,
                "status": to_json(&update.status)?,
                "period": update.period,
                "status_changed": status_changes,
                "action": action_state(&saved)?,
            }));
        w.commit(event).await?;
        Ok(saved)
    }

    async fn correct_update(
        &self,
        update_id: Uuid,
        text: &str,
        actor: &Actor,
    ) -> Result<StoredUpdate> {
        let text = text.trim();
        if text.is_empty() {
            return Err(StoreError::Invalid("an update needs some text".into()));
        }
        check_length("an update", text, MAX_UPDATE_CHARS)?;
        let mut w = self.write(actor).await?;
        let Some(action_id) =
            sqlx::query_scalar::<_, Uuid>("SELECT action_id FROM updates WHERE id = $1")
                .bind(update_id)
                .fetch_optional(&mut *w.tx)
                .await?
        else {
            return Err(StoreError::not_found("update", update_id));
        };
        let ctx = match w.action_ctx(action_id).await {
            Err(StoreError::NotFound { .. }) => {
                return Err(StoreError::not_found("update", update_id));
            }
            other => other?,
        };
        w.lock_action(action_id).await?;
        let (_, action) = read_action(&mut w.tx, ctx.plan_id, action_id).await?;
        let Some(before) = action.updates.iter().find(|u| u.id == update_id).cloned() else {
            return Err(StoreError::not_found("update", update_id));
        };
        let Some(me) = w.actor.user_id else {
            return Err(StoreError::Invalid(
                "only the person who wrote an update corrects it".into(),
            ));
        };
        if before.author_id != Some(me) {
            return Err(StoreError::Invalid(
                "only the person who wrote an update corrects it".into(),
            ));
        }
        if !before.correctable_by(me, w.now) {
            return Err(StoreError::Invalid(
                "an update can be corrected for 24 hours after it is written: write a new one"
                    .into(),
            ));
        }
        if before.text == text {
            return Ok(before);
        }
        sqlx::query("UPDATE updates SET text = $2 WHERE id = $1")
            .bind(update_id)
            .bind(text)
            .execute(&mut *w.tx)
            .await?;
        let event = ctx
            .event(AuditEntity::Update, update_id, AuditChange::Update)
            .before(serde_json::json!({ "action_id": action_id, "text": before.text }))
            .after(serde_json::json!({ "action_id": action_id, "text": text }));
        w.commit(event).await?;
        Ok(StoredUpdate {
            text: text.to_string(),
            ..before
        })
    }

    async fn add_evidence(
        &self,
        action_id: Uuid,
        new: NewEvidence,
        actor: &Actor,
    ) -> Result<StoredEvidence> {
        let new = check_evidence(new)?;
        let mut w = self.write(actor).await?;
        let ctx = w.action_ctx(action_id).await?;
        w.lock_action(action_id).await?;
        let evidence = StoredEvidence {
            id: Uuid::now_v7(),
            kind: new.kind,
            title: new.title,
            url: new.url,
            file_key: new.file_key,
            file_name: new.file_name,
            content_type: new.content_type,
            size: new.size,
            added_by: w.actor.user_id,
            created_at: w.now,
        };
        let last: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(position), -1) FROM evidence WHERE action_id = $1",
        )
        .bind(action_id)
        .fetch_one(&mut *w.tx)
        .await?;
        insert_evidence(&mut w.tx, action_id, last + 1, &evidence).await?;
        let event = ctx
            .event(AuditEntity::Evidence, evidence.id, AuditChange::Create)
            .after(to_json(&evidence)?);
        w.commit(event).await?;
        Ok(evidence)
    }

    async fn evidence(&self, id: Uuid) -> Result<(StoredEvidence, Uuid, Uuid, Uuid)> {
        let Some(row) = sqlx::query_as::<_, PlacedEvidenceRow>(
            "SELECT e.*, x.plan_id, p.org_id FROM evidence e
             JOIN actions x ON x.id = e.action_id JOIN plans p ON p.id = x.plan_id
             WHERE e.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Err(StoreError::not_found("evidence", id));
        };
        let action_id = row.evidence.action_id;
        Ok((row.evidence.into(), action_id, row.plan_id, row.org_id))
    }

    async fn remove_evidence(
        &self,
        id: Uuid,
        reason: &str,
        actor: &Actor,
    ) -> Result<StoredEvidence> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::Invalid(
                "say why the evidence is removed".into(),
            ));
        }
        check_length("a reason", reason, assure_domain::input::MAX_NOTE_CHARS)?;
        let mut w = self.write(actor).await?;
        let Some(action_id) =
            sqlx::query_scalar::<_, Uuid>("SELECT action_id FROM evidence WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *w.tx)
                .await?
        else {
            return Err(StoreError::not_found("evidence", id));
        };
        let ctx = match w.action_ctx(action_id).await {
            Err(StoreError::NotFound { .. }) => return Err(StoreError::not_found("evidence", id)),
            other => other?,
        };
        w.lock_action(action_id).await?;
        let (_, action) = read_action(&mut w.tx, ctx.plan_id, action_id).await?;
        signoff::can_remove_evidence(&action).map_err(refused)?;
        let Some(evidence) = action.evidence.iter().find(|e| e.id == id).cloned() else {
            return Err(StoreError::not_found("evidence", id));
        };
        sqlx::query("DELETE FROM evidence WHERE id = $1")
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        let event = ctx
            .event(AuditEntity::Evidence, id, AuditChange::Delete)
            .before(to_json(&evidence)?)
            .after(serde_json::json!({ "reason": reason }));
        w.commit(event).await?;
        Ok(evidence)
    }
}
