//! [`LayoutStore`]: an organisation's import layouts.
//!
//! A save claims the organisation's row first, so two people saving a layout of the same
//! signature at once queue and the second replaces the first's (the unique index on
//! organisation and signature backs this up).

use super::write::Event;
use super::{StoreImpl, check_length};
use crate::{
    LayoutStore, MAX_CORRECTIONS_BYTES, MAX_LAYOUT_NAME_CHARS, MAX_SIGNATURE_CHARS, NewLayout,
    Result, SavedLayout, StoreError,
};
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::model::Actor;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

type Row = (Uuid, Uuid, String, String, String, DateTime<Utc>, String);

/// The columns of a layout; each caller adds its own WHERE.
macro_rules! select {
    ($where:literal) => {
        concat!(
            "SELECT id, org_id, name, signature, corrections, saved_at, saved_by
             FROM import_layouts ",
            $where
        )
    };
}

fn saved(r: Row) -> Result<SavedLayout> {
    let corrections = serde_json::from_str(&r.4)
        .map_err(|e| StoreError::Invalid(format!("a stored layout cannot be read: {e}")))?;
    Ok(SavedLayout {
        id: r.0,
        org_id: r.1,
        name: r.2,
        signature: r.3,
        corrections,
        saved_at: r.5,
        saved_by: r.6,
    })
}

/// A layout as stored: name and signature trimmed and within limits, corrections an
/// object of bounded size (as JSON text).
fn checked(l: &NewLayout) -> Result<(String, String, String)> {
    let name = l.name.trim().to_string();
    if name.is_empty() {
        return Err(StoreError::Invalid("a layout needs a name".into()));
    }
    check_length("a layout's name", &name, MAX_LAYOUT_NAME_CHARS)?;
    let signature = l.signature.trim().to_string();
    if signature.is_empty() {
        return Err(StoreError::Invalid(
            "a layout needs the header it is recognised by".into(),
        ));
    }
    check_length(
        "a layout's header signature",
        &signature,
        MAX_SIGNATURE_CHARS,
    )?;
    if !l.corrections.is_object() {
        return Err(StoreError::Invalid(
            "a layout's corrections must be a set of named entries".into(),
        ));
    }
    let text = l.corrections.to_string();
    if text.len() > MAX_CORRECTIONS_BYTES {
        return Err(StoreError::Invalid(format!(
            "a layout's corrections take at most {} KB",
            MAX_CORRECTIONS_BYTES / 1024
        )));
    }
    Ok((name, signature, text))
}

fn summary(name: &str, signature: &str, corrections: &serde_json::Value) -> serde_json::Value {
    json!({ "name": name, "signature": signature, "corrections": corrections })
}

#[async_trait]
impl LayoutStore for StoreImpl {
    async fn save_layout(&self, org_id: Uuid, layout: &NewLayout, actor: &Actor) -> Result<Uuid> {
        let (name, signature, text) = checked(layout)?;
        let mut w = self.write(actor).await?;
        w.check_actor(org_id, "organisation", org_id).await?;
        w.claim_org(org_id).await?;
        let before: Option<Row> = sqlx::query_as(select!("WHERE org_id = $1 AND signature = $2"))
            .bind(org_id)
            .bind(&signature)
            .fetch_optional(&mut *w.tx)
            .await?;
        let label = w.actor.label.clone();
        let after = summary(&name, &signature, &layout.corrections);
        let (id, event) = match before {
            Some(row) => {
                let was = saved(row)?;
                sqlx::query(
                    "UPDATE import_layouts SET name = $2, corrections = $3, saved_at = $4,
                        saved_by = $5
                     WHERE id = $1",
                )
                .bind(was.id)
                .bind(&name)
                .bind(&text)
                .bind(w.now)
                .bind(&label)
                .execute(&mut *w.tx)
                .await?;
                let event = Event::new(
                    org_id,
                    AuditEntity::ImportLayout,
                    was.id,
                    AuditChange::Update,
                )
                .subject(org_id)
                .before(summary(&was.name, &was.signature, &was.corrections))
                .after(after);
                (was.id, event)
            }
            None => {
                let id = Uuid::now_v7();
                sqlx::query(
                    "INSERT INTO import_layouts (id, org_id, name, signature, corrections,
                        saved_at, saved_by)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(id)
                .bind(org_id)
                .bind(&name)
                .bind(&signature)
                .bind(&text)
                .bind(w.now)
                .bind(&label)
                .execute(&mut *w.tx)
                .await?;
                let event = Event::new(org_id, AuditEntity::ImportLayout, id, AuditChange::Create)
                    .subject(org_id)
                    .after(after);
                (id, event)
            }
        };
        w.commit(event).await?;
        Ok(id)
    }

    async fn layouts(&self, org_id: Uuid) -> Result<Vec<SavedLayout>> {
        let rows: Vec<Row> =
            sqlx::query_as(select!("WHERE org_id = $1 ORDER BY lower(name), saved_at"))
                .bind(org_id)
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter().map(saved).collect()
    }

    async fn layout(&self, org_id: Uuid, id: Uuid) -> Result<Option<SavedLayout>> {
        let row: Option<Row> = sqlx::query_as(select!("WHERE id = $1 AND org_id = $2"))
            .bind(id)
            .bind(org_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(saved).transpose()
    }

    async fn layout_for_signature(
        &self,
        org_id: Uuid,
        signature: &str,
    ) -> Result<Option<SavedLayout>> {
        let row: Option<Row> = sqlx::query_as(select!("WHERE org_id = $1 AND signature = $2"))
            .bind(org_id)
            .bind(signature.trim())
            .fetch_optional(&self.pool)
            .await?;
        row.map(saved).transpose()
    }

    async fn delete_layout(&self, org_id: Uuid, id: Uuid, actor: &Actor) -> Result<()> {
        let mut w = self.write(actor).await?;
        w.check_actor(org_id, "import layout", id).await?;
        let row: Option<Row> = sqlx::query_as(select!("WHERE id = $1 AND org_id = $2"))
            .bind(id)
            .bind(org_id)
            .fetch_optional(&mut *w.tx)
            .await?;
        let Some(row) = row else {
            return Err(StoreError::not_found("import layout", id));
        };
        let was = saved(row)?;
        sqlx::query("DELETE FROM import_layouts WHERE id = $1")
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        let event = Event::new(org_id, AuditEntity::ImportLayout, id, AuditChange::Delete)
            .subject(org_id)
            .before(summary(&was.name, &was.signature, &was.corrections));
        w.commit(event).await
    }
}
