//! The trail: every change, who made it, when, from what to what.

use crate::Result;
use assure_domain::model::AuditEvent;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Reading the audit trail. (Writing it is no caller's business: every write records
/// its own event in its own transaction.)
#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Every event whose subject is this action, plan or person, oldest first: for an
    /// action, its edits, updates, status changes, evidence and sign-off; for a plan, its
    /// own changes, its areas' and its members'.
    async fn audit_trail(&self, subject_id: Uuid) -> Result<Vec<AuditEvent>>;

    /// Every event of a plan (its own, its areas' and its actions'), oldest first,
    /// optionally only those at or after `since` (for "what changed since the last review").
    async fn plan_trail(
        &self,
        plan_id: Uuid,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<AuditEvent>>;
}
