//! A plan's measures: KPIs with targets over time, one value per period, and the areas
//! and actions each is meant to move.

use crate::Result;
pub use assure_domain::measures::{Measure, MeasureFields, MeasureLink, MeasureValue};
use assure_domain::measures::{MeasureDoc, MeasurePeriod, Target, UploadRow};
use assure_domain::model::Actor;
use async_trait::async_trait;
use uuid::Uuid;

/// One cell of the values grid or one row of an upload: a measure's value for a period.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueEntry {
    pub measure_id: Uuid,
    pub period: MeasurePeriod,
    /// `None` clears the period's value.
    pub value: Option<f64>,
    pub note: Option<String>,
    /// What the person saw when they typed it (`None`: an empty cell); an upload, which
    /// replaces whatever is there, leaves it `None` with `replace` set.
    pub was: Option<f64>,
    pub replace: bool,
}

/// What [`MeasureStore::record_values`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValuesOutcome {
    pub added: usize,
    pub changed: usize,
    pub cleared: usize,
    /// Cells someone else changed since the grid was drawn: left as they are now, named
    /// "measure name, period label".
    pub conflicted: Vec<String>,
}

impl ValuesOutcome {
    /// How many values the write changed.
    pub fn saved(&self) -> usize {
        self.added + self.changed + self.cleared
    }
}

/// A plan's measures.
#[async_trait]
pub trait MeasureStore: Send + Sync {
    /// The plan's measures in their order, each with its targets, values and links.
    async fn measures(&self, plan_id: Uuid) -> Result<Vec<Measure>>;

    /// One measure of the plan.
    ///
    /// # Errors
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for a measure not the plan's.
    async fn measure(&self, plan_id: Uuid, id: Uuid) -> Result<Measure>;

    /// Adds a measure after the plan's others, with its first target if given.
    ///
    /// # Errors
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) for a name that is empty or
    /// too long, text over its limits, a bad tolerance or target, or a link to an area or
    /// action of another plan; [`StoreError::Duplicate`](crate::StoreError::Duplicate) for
    /// a name the plan already has (ignoring case).
    async fn create_measure(
        &self,
        plan_id: Uuid,
        fields: &MeasureFields,
        target: Option<&Target>,
        actor: &Actor,
    ) -> Result<Uuid>;

    /// Changes a measure's fields and links. The unit and direction of a measure with
    /// targets change only if every target (and value) still fits them.
    ///
    /// # Errors
    /// As creating, and [`StoreError::Conflict`](crate::StoreError::Conflict) on a stale
    /// version.
    async fn edit_measure(
        &self,
        plan_id: Uuid,
        id: Uuid,
        expected_version: i64,
        fields: &MeasureFields,
        actor: &Actor,
    ) -> Result<()>;

    /// Removes a measure with its targets and values (the trail keeps what it was).
    ///
    /// # Errors
    /// [`StoreError::Conflict`](crate::StoreError::Conflict) on a stale version.
    async fn remove_measure(
        &self,
        plan_id: Uuid,
        id: Uuid,
        expected_version: i64,
        actor: &Actor,
    ) -> Result<()>;

    /// Sets a target from its date: a new step in the history, or a change of the one
    /// from that same day. Earlier targets stay as they were, for the periods they judged.
    ///
    /// # Errors
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) for a target that does not fit
    /// the measure; [`StoreError::Conflict`](crate::StoreError::Conflict) on a stale version.
    async fn set_target(
        &self,
        plan_id: Uuid,
        id: Uuid,
        expected_version: i64,
        target: &Target,
        actor: &Actor,
    ) -> Result<()>;

    /// Records values of the plan's measures in one transaction, one audit event per
    /// changed value (a correction keeps the old value in the trail). A cell someone else
    /// changed meanwhile is left and reported.
    ///
    /// # Errors
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) naming the measure and period
    /// of a value that does not fit its unit, or a note too long;
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for a measure not the plan's.
    /// Nothing is written then.
    async fn record_values(
        &self,
        plan_id: Uuid,
        entries: &[ValueEntry],
        actor: &Actor,
    ) -> Result<ValuesOutcome>;

    /// Records values read from a performance report, each replacing the period's value:
    /// the rows are matched to the plan's measures inside the transaction. How many values
    /// the file gave, and what changed.
    ///
    /// # Errors
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) with every problem of the rows,
    /// one per line, each with its place. Nothing is written then.
    async fn record_upload(
        &self,
        plan_id: Uuid,
        rows: &[UploadRow],
        actor: &Actor,
    ) -> Result<(usize, ValuesOutcome)>;

    /// Brings measures written in a document into the plan: a measure the plan names
    /// already (ignoring case) takes the document's fields, targets and values; others are
    /// added. Links are refs of the plan's actions, else of its areas. One transaction.
    ///
    /// # Errors
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) with the first problem of the
    /// documents (naming the measure) or a link to a ref the plan does not have. Nothing
    /// is written then.
    async fn import_measures(
        &self,
        plan_id: Uuid,
        docs: &[MeasureDoc],
        actor: &Actor,
    ) -> Result<usize>;
}
