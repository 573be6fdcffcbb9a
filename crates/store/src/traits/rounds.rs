//! [`RoundStore`]: what update rounds keep — every change of an action's status (the
//! status history), a plan's review meetings (a round's deadline counts back from its
//! period's), and chases (a person asked to update what is due from them).

use crate::Result;
use assure_domain::model::Actor;
use assure_domain::rounds::{Chase, Meeting};
use assure_domain::status_history::StatusChange;
use async_trait::async_trait;
use chrono::NaiveDate;
use uuid::Uuid;

/// Update rounds.
#[async_trait]
pub trait RoundStore: Send + Sync {
    /// Every status change of the plan's actions, oldest first. (They are written by the
    /// writes that change a status, in the same transaction.)
    async fn status_changes(&self, plan_id: Uuid) -> Result<Vec<StatusChange>>;

    /// One action's status changes, oldest first.
    async fn action_status_changes(&self, action_id: Uuid) -> Result<Vec<StatusChange>>;

    /// The plan's meetings, by date.
    async fn meetings(&self, plan_id: Uuid) -> Result<Vec<Meeting>>;

    /// Adds a review meeting on `date`, in the plan's trail.
    ///
    /// # Errors
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) when the plan already has a
    /// meeting that day; [`StoreError::NotFound`](crate::StoreError::NotFound) for a plan
    /// that is not there, or not in the actor's organisation.
    async fn add_meeting(&self, plan_id: Uuid, date: NaiveDate, actor: &Actor) -> Result<Meeting>;

    /// Removes one of the plan's meetings, in the plan's trail.
    ///
    /// # Errors
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for a meeting that is not
    /// the plan's.
    async fn remove_meeting(&self, plan_id: Uuid, meeting_id: Uuid, actor: &Actor) -> Result<()>;

    /// Asks `person_id` to update what they lead that is due and not yet updated in the
    /// round of the plan's update cadence that `in_period` falls in. The store works out
    /// the round (its deadline from the period's review meeting) and the actions, and
    /// records them with the chase, in the plan's trail.
    ///
    /// # Errors
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) for a round that has not begun,
    /// or a person with nothing due and not updated in it;
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for a plan or person not in
    /// the actor's organisation.
    async fn chase(
        &self,
        plan_id: Uuid,
        person_id: Uuid,
        in_period: NaiveDate,
        actor: &Actor,
    ) -> Result<Chase>;

    /// The chases of a plan's round that starts on `period_start`, oldest first.
    async fn chases(&self, plan_id: Uuid, period_start: NaiveDate) -> Result<Vec<Chase>>;

    /// The chases of a person in rounds that end on or after `from`, newest first: what
    /// their home page shows.
    async fn chases_for(&self, person_id: Uuid, from: NaiveDate) -> Result<Vec<Chase>>;
}
