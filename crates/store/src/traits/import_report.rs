//! The import report kept with its plan: the things to check an import found, created
//! with the plan and marked done one by one.

use crate::Result;
use assure_domain::PlanDocument;
use assure_domain::import_report::{ReportItem, StoredReportItem};
use assure_domain::model::Actor;
use async_trait::async_trait;
use uuid::Uuid;

/// A plan's import report.
#[async_trait]
pub trait ImportReportStore: Send + Sync {
    /// Saves a whole plan document as a new plan of `org_id` with the things to check its
    /// import reported, in one transaction and one audit event (the plan's creation).
    ///
    /// # Errors
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) when the document or the
    /// report fails its checks; nothing is written.
    async fn create_imported_plan(
        &self,
        org_id: Uuid,
        doc: &PlanDocument,
        report: &[ReportItem],
        actor: &Actor,
    ) -> Result<Uuid>;

    /// A plan's things to check, in the report's order (none for a plan not imported).
    async fn import_report(&self, plan_id: Uuid) -> Result<Vec<StoredReportItem>>;

    /// Marks a thing to check done (or, with `done` false, still to do), audited. Marking
    /// it as it already is changes nothing and records nothing.
    ///
    /// # Errors
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for an item not of this plan,
    /// or a plan the actor's organisation does not hold.
    async fn mark_report_item(
        &self,
        plan_id: Uuid,
        item_id: Uuid,
        done: bool,
        actor: &Actor,
    ) -> Result<StoredReportItem>;

    /// Marks done every thing to check of a plan still to do under one concern (all its
    /// "No lead" items, say), in one transaction and one audit event naming each item.
    /// Returns how many were marked; none is no change and records nothing.
    ///
    /// # Errors
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for a plan the actor's
    /// organisation does not hold.
    async fn mark_concern_done(&self, plan_id: Uuid, concern: &str, actor: &Actor)
    -> Result<usize>;
}
