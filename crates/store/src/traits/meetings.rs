//! [`MeetingStore`]: a plan's meetings as records — made with a kind, attendees and
//! notes, decisions recorded against the plan's actions, closed to be kept read-only.
//! (Review meetings added from the round page are `RoundStore::add_meeting`.)

use crate::Result;
use assure_domain::meetings::Decision;
use assure_domain::model::Actor;
use assure_domain::rounds::Meeting;
use async_trait::async_trait;
use chrono::NaiveDate;
use uuid::Uuid;

/// A meeting to make.
#[derive(Debug, Clone)]
pub struct NewMeeting {
    pub date: NaiveDate,
    /// One of `assure_domain::meetings::MEETING_KINDS`.
    pub kind: String,
    pub attendees: String,
    pub notes: String,
}

/// Meetings.
#[async_trait]
pub trait MeetingStore: Send + Sync {
    /// One of the plan's meetings.
    ///
    /// # Errors
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for a meeting that is not
    /// the plan's.
    async fn meeting(&self, plan_id: Uuid, meeting_id: Uuid) -> Result<Meeting>;

    /// Makes a meeting of the plan, in the plan's trail.
    ///
    /// # Errors
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) for a kind that is not one,
    /// attendees or notes over their limits, or a meeting of the same kind that day.
    async fn create_meeting(
        &self,
        plan_id: Uuid,
        new: &NewMeeting,
        actor: &Actor,
    ) -> Result<Meeting>;

    /// The meeting's decisions, oldest first.
    async fn decisions(&self, meeting_id: Uuid) -> Result<Vec<Decision>>;

    /// Records a decision of an open meeting against one of the plan's actions: in the
    /// trail with the action as its subject, so it is on the action's timeline.
    ///
    /// # Errors
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) for a closed meeting, or text
    /// that is empty or too long; [`StoreError::NotFound`](crate::StoreError::NotFound)
    /// for a meeting or an action that is not the plan's.
    async fn record_decision(
        &self,
        plan_id: Uuid,
        meeting_id: Uuid,
        action_id: Uuid,
        text: &str,
        actor: &Actor,
    ) -> Result<Decision>;

    /// Closes a meeting: from then on its record (decisions included) is read-only.
    ///
    /// # Errors
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) for a meeting already closed;
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for one not the plan's.
    async fn close_meeting(&self, plan_id: Uuid, meeting_id: Uuid, actor: &Actor) -> Result<()>;
}
