//! [`AuditStore`]: reading the trail.

use super::StoreImpl;
use crate::rows::{AuditRow, all};
use crate::{AuditStore, Result};
use assure_domain::model::AuditEvent;
use async_trait::async_trait;
use chrono::{DateTime, SubsecRound, Utc};
use uuid::Uuid;

#[async_trait]
impl AuditStore for StoreImpl {
    async fn audit_trail(&self, subject_id: Uuid) -> Result<Vec<AuditEvent>> {
        let rows = sqlx::query_as::<_, AuditRow>(
            "SELECT * FROM audit_events WHERE subject_id = $1 ORDER BY at, id",
        )
        .bind(subject_id)
        .fetch_all(&self.pool)
        .await?;
        all(rows)
    }

    async fn plan_trail(
        &self,
        plan_id: Uuid,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<AuditEvent>> {
        let rows = sqlx::query_as::<_, AuditRow>(
            "SELECT * FROM audit_events WHERE plan_id = $1 AND ($2 IS NULL OR at >= $2)
             ORDER BY at, id",
        )
        .bind(plan_id)
        .bind(since.map(|s| s.trunc_subsecs(6)))
        .fetch_all(&self.pool)
        .await?;
        all(rows)
    }
}
