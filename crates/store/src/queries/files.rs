//! [`FileStore`]: the record of files kept as evidence.

use super::StoreImpl;
use super::write::Event;
use crate::{FileStore, Result, UnreferencedFile};
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::model::Actor;
use async_trait::async_trait;
use chrono::Duration;
use uuid::Uuid;

/// "Nothing in `evidence` points to the file of this row", as SQL (a literal: queries
/// are static strings).
macro_rules! unpointed {
    () => {
        "NOT EXISTS (SELECT 1 FROM evidence e WHERE e.file_key = evidence_files.key)"
    };
}

fn housekeeping() -> Actor {
    Actor::system("housekeeping")
}

#[async_trait]
impl FileStore for StoreImpl {
    async fn record_file(&self, key: &str, org_id: Uuid) -> Result<()> {
        let mut w = self.write(&housekeeping()).await?;
        sqlx::query(
            "INSERT INTO evidence_files (id, key, org_id, stored_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (key, org_id) DO UPDATE SET unreferenced_at = NULL",
        )
        .bind(Uuid::now_v7())
        .bind(key)
        .bind(org_id)
        .bind(w.now)
        .execute(&mut *w.tx)
        .await?;
        // Bookkeeping: the evidence that points to the file is what the trail records.
        w.commit_unaudited().await
    }

    async fn unreferenced_files(&self, grace: Duration) -> Result<Vec<UnreferencedFile>> {
        let mut w = self.write(&housekeeping()).await?;
        sqlx::query(concat!(
            "UPDATE evidence_files SET unreferenced_at = $1
             WHERE unreferenced_at IS NULL AND ",
            unpointed!()
        ))
        .bind(w.now)
        .execute(&mut *w.tx)
        .await?;
        sqlx::query(concat!(
            "UPDATE evidence_files SET unreferenced_at = NULL
             WHERE unreferenced_at IS NOT NULL AND NOT ",
            unpointed!()
        ))
        .execute(&mut *w.tx)
        .await?;
        let due: Vec<(String, Uuid)> = sqlx::query_as(
            "SELECT key, org_id FROM evidence_files
             WHERE unreferenced_at IS NOT NULL AND unreferenced_at <= $1
             ORDER BY unreferenced_at, key",
        )
        .bind(w.now - grace)
        .fetch_all(&mut *w.tx)
        .await?;
        w.commit_unaudited().await?;
        Ok(due
            .into_iter()
            .map(|(key, org_id)| UnreferencedFile { key, org_id })
            .collect())
    }

    async fn forget_file(&self, file: &UnreferencedFile) -> Result<bool> {
        let mut w = self.write(&housekeeping()).await?;
        let row: Option<(Uuid, chrono::DateTime<chrono::Utc>)> = sqlx::query_as(concat!(
            "SELECT id, stored_at FROM evidence_files
             WHERE key = $1 AND org_id = $2 AND unreferenced_at IS NOT NULL AND ",
            unpointed!()
        ))
        .bind(&file.key)
        .bind(file.org_id)
        .fetch_optional(&mut *w.tx)
        .await?;
        let Some((id, stored_at)) = row else {
            // Pointed to again, or already forgotten: nothing to remove.
            w.commit_unaudited().await?;
            return Ok(false);
        };
        sqlx::query("DELETE FROM evidence_files WHERE id = $1")
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        let others: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM evidence_files WHERE key = $1")
            .bind(&file.key)
            .fetch_one(&mut *w.tx)
            .await?;
        // In the council's own trail: the file belonged to no one plan.
        let event = Event::new(
            file.org_id,
            AuditEntity::EvidenceFile,
            id,
            AuditChange::Delete,
        )
        .subject(file.org_id)
        .before(serde_json::json!({ "key": file.key, "stored_at": stored_at }));
        w.commit(event).await?;
        Ok(others == 0)
    }
}
