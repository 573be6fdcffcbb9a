//! Plans: a plan as a whole, its own fields, how it is run, its status key and its leads.

use crate::Result;
use assure_domain::model::{
    Actor, InspectionRecord, PlanFields, PlanSettings, PlanSummary, StoredPlan,
};
use assure_domain::{PlanDocument, StatusDef};
use async_trait::async_trait;
use uuid::Uuid;

/// Plans as a whole. (Their areas and actions: [`ActionStore`](crate::ActionStore).)
#[async_trait]
pub trait PlanStore: Send + Sync {
    /// Saves a whole plan document as a new plan of `org_id`, in one transaction.
    ///
    /// # Errors
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) when the document fails
    /// validation; nothing is written.
    async fn create_plan(&self, org_id: Uuid, doc: &PlanDocument, actor: &Actor) -> Result<Uuid>;

    /// Plans, newest first; all of them, or one organisation's.
    async fn plans(&self, org_id: Option<Uuid>) -> Result<Vec<PlanSummary>>;

    /// One whole plan.
    ///
    /// # Errors
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for an unknown id.
    async fn plan(&self, id: Uuid) -> Result<StoredPlan>;

    /// A number that moves on with every change to the plan (anything recorded in its
    /// trail), and only then: a copy of the plan read after the revision was `r` is
    /// current while the revision is still `r`.
    ///
    /// # Errors
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for an unknown plan.
    async fn plan_revision(&self, id: Uuid) -> Result<i64>;

    /// Changes a plan's title, organisation and narrative.
    ///
    /// # Errors
    /// [`StoreError::Conflict`](crate::StoreError::Conflict) on a stale version;
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) for an empty title.
    async fn update_plan(
        &self,
        id: Uuid,
        expected_version: i64,
        fields: &PlanFields,
        actor: &Actor,
    ) -> Result<StoredPlan>;

    /// Changes how a plan is run: cadences and the impact re-check interval.
    async fn update_plan_settings(
        &self,
        id: Uuid,
        expected_version: i64,
        settings: PlanSettings,
        actor: &Actor,
    ) -> Result<StoredPlan>;

    /// Replaces a plan's status scheme (its legend). Labels must be non-empty and
    /// distinct, ignoring case ("Red" and "red" would read as one status). Actions keep
    /// their statuses.
    async fn set_status_scheme(
        &self,
        id: Uuid,
        expected_version: i64,
        scheme: Vec<StatusDef>,
        actor: &Actor,
    ) -> Result<StoredPlan>;

    /// Links every lead of a plan written `lead_text` (and its glossary entry) to a person.
    /// Returns how many action leads were linked.
    ///
    /// # Errors
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for a person of another
    /// organisation; [`StoreError::Invalid`](crate::StoreError::Invalid) when no action
    /// lead or glossary entry of the plan is written `lead_text`.
    async fn link_lead(
        &self,
        plan_id: Uuid,
        lead_text: &str,
        person_id: Uuid,
        actor: &Actor,
    ) -> Result<u64>;

    /// Attaches a plan to a parent plan of the same organisation (`None` detaches it):
    /// a monitoring visit's plan whose actions count towards the improvement plan.
    /// Attaching needs an owner of both plans (or an admin, or the system); a plan
    /// attached to another has no plans attached to it.
    ///
    /// # Errors
    /// [`StoreError::Conflict`](crate::StoreError::Conflict) on a stale version;
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for a parent in another
    /// organisation or one the actor does not own; [`StoreError::Invalid`](crate::StoreError::Invalid)
    /// for the plan itself, a parent attached to another plan, or a plan that has plans
    /// attached to it.
    async fn set_parent_plan(
        &self,
        id: Uuid,
        expected_version: i64,
        parent: Option<Uuid>,
        actor: &Actor,
    ) -> Result<StoredPlan>;

    /// The plans attached to `parent`, oldest first.
    async fn attached_plans(&self, parent: Uuid) -> Result<Vec<PlanSummary>>;

    /// Changes a plan's council and its inspection record (framework, kind, dates, the
    /// report's publication, judgements), audited as one change.
    ///
    /// # Errors
    /// [`StoreError::Conflict`](crate::StoreError::Conflict) on a stale version;
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) for a judgement without an
    /// area or grade, or text over the inspection's limits.
    async fn update_inspection(
        &self,
        id: Uuid,
        expected_version: i64,
        record: &InspectionRecord,
        actor: &Actor,
    ) -> Result<StoredPlan>;
}
