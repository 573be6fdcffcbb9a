//! [`MeetingStore`]: a plan's meetings as records — made with a kind, attendees and
//! notes (edited while open), decisions recorded against the plan's actions or as new
//! actions, closed to be kept read-only.
//! (Review meetings added from the round page are `RoundStore::add_meeting`.)

use crate::Result;
use assure_domain::meetings::Decision;
use assure_domain::model::{ActionFields, Actor};
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

/// A new action a meeting decided on: the area it goes in (at the top level, after the
/// area's others), its fields (wording, timescale…) and its leads.
#[derive(Debug, Clone)]
pub struct DecidedAction {
    pub area_id: Uuid,
    pub fields: ActionFields,
    pub leads: Vec<String>,
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

    /// Records a decision of an open meeting as a new action: makes the action (in its
    /// area, as `ActionStore::add_action` would) and records the decision against it, in
    /// one transaction — both in the trail, both on the new action's timeline.
    ///
    /// # Errors
    /// As [`MeetingStore::record_decision`], and as `add_action` for the action (no
    /// wording, a status not in the scheme); an area not the plan's is
    /// [`StoreError::NotFound`](crate::StoreError::NotFound). Nothing is written.
    async fn record_decision_with_new_action(
        &self,
        plan_id: Uuid,
        meeting_id: Uuid,
        action: &DecidedAction,
        text: &str,
        actor: &Actor,
    ) -> Result<Decision>;

    /// Changes an open meeting's attendees and notes, if it is still at
    /// `expected_version`.
    ///
    /// # Errors
    /// [`StoreError::Conflict`](crate::StoreError::Conflict) when someone else saved it
    /// first; [`StoreError::Invalid`](crate::StoreError::Invalid) for a closed meeting or
    /// text over its limits; [`StoreError::NotFound`](crate::StoreError::NotFound) for a
    /// meeting not the plan's.
    async fn edit_meeting(
        &self,
        plan_id: Uuid,
        meeting_id: Uuid,
        expected_version: i64,
        attendees: &str,
        notes: &str,
        actor: &Actor,
    ) -> Result<Meeting>;

    /// Closes a meeting: from then on its record (decisions included) is read-only.
    ///
    /// # Errors
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) for a meeting already closed;
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for one not the plan's.
    async fn close_meeting(&self, plan_id: Uuid, meeting_id: Uuid, actor: &Actor) -> Result<()>;
}
