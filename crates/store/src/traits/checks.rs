//! [`CheckStore`]: findings of the plan checks that someone has dismissed, and why.
//!
//! The checks themselves are not stored: they are run on the plan as it is
//! (`assure_domain::checks`). What is kept is each dismissal, with a fingerprint of the
//! cells the check read, so that it holds only while those cells are unchanged.

use crate::Result;
use assure_domain::checks::dismissal::Dismissal;
use assure_domain::model::Actor;
use async_trait::async_trait;
use uuid::Uuid;

/// A finding to dismiss: the action, the check, the fingerprint of the cells the person
/// saw, and why it does not apply.
#[derive(Debug, Clone, Copy)]
pub struct NewDismissal<'a> {
    pub action_id: Uuid,
    pub code: &'a str,
    pub seen_fingerprint: &'a str,
    pub reason: &'a str,
}

/// Dismissed findings.
#[async_trait]
pub trait CheckStore: Send + Sync {
    /// Dismisses a finding on an action, in the action's trail. A dismissal of the same
    /// check on the action before it is replaced.
    ///
    /// # Errors
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) for a code that is not a check
    /// about an action, or a reason that is empty or over
    /// [`MAX_NOTE_CHARS`](assure_domain::input::MAX_NOTE_CHARS);
    /// [`StoreError::Conflict`](crate::StoreError::Conflict) when the cells the check
    /// reads are no longer those the person saw (`seen_fingerprint`);
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for an action that is not
    /// there, or not in the actor's organisation.
    async fn dismiss_finding(&self, d: NewDismissal<'_>, actor: &Actor) -> Result<Dismissal>;

    /// Every dismissal on the plan's actions, whether or not it still holds, oldest
    /// first.
    async fn dismissals(&self, plan_id: Uuid) -> Result<Vec<Dismissal>>;
}
