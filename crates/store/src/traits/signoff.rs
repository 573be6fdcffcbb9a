//! Sign-off: proposing an action complete, signing it off, re-checking its impact.

use crate::Result;
use assure_domain::model::{Actor, StoredAction};
use async_trait::async_trait;
use uuid::Uuid;

/// An action's way to "complete" and back.
#[async_trait]
pub trait SignOffStore: Send + Sync {
    /// Proposes an action complete.
    ///
    /// # Errors
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) when already proposed or
    /// signed off, or for a note over
    /// [`MAX_NOTE_CHARS`](assure_domain::input::MAX_NOTE_CHARS).
    async fn propose_complete(
        &self,
        action_id: Uuid,
        expected_version: i64,
        note: Option<&str>,
        actor: &Actor,
    ) -> Result<StoredAction>;

    /// Signs a proposed action off: sets the scheme's "complete" status (if it has one)
    /// and the impact re-check date (today plus the plan's interval).
    ///
    /// # Errors
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) with the reason for people
    /// when it has no evidence, the approver proposed it or leads it, it is not awaiting
    /// sign-off, or the note is over
    /// [`MAX_NOTE_CHARS`](assure_domain::input::MAX_NOTE_CHARS).
    async fn sign_off(
        &self,
        action_id: Uuid,
        expected_version: i64,
        note: Option<&str>,
        approver: &Actor,
    ) -> Result<StoredAction>;

    /// Records an impact re-check. Confirmed: the next re-check is due an interval from
    /// today. Not confirmed (a reason is required): the action is reopened — the sign-off
    /// is removed and the status becomes the scheme's "at risk" label (else its "off
    /// track" label, else none).
    ///
    /// # Errors
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) when it is not signed off, a
    /// reopening has no reason, or the note is over
    /// [`MAX_NOTE_CHARS`](assure_domain::input::MAX_NOTE_CHARS).
    async fn record_impact_check(
        &self,
        action_id: Uuid,
        expected_version: i64,
        confirmed: bool,
        note: Option<&str>,
        actor: &Actor,
    ) -> Result<StoredAction>;
}
