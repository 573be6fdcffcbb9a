//! [`ReminderStore`]: the sent-log of reminder emails (what was due to whom, claimed once
//! across every server sharing the database, sent or retried) and each person's choice
//! of how often to be emailed.

use crate::Result;
use assure_domain::model::Actor;
use assure_domain::reminders::{Frequency, Kind};
use assure_domain::rounds::Chase;
use async_trait::async_trait;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use uuid::Uuid;

/// A digest about to be sent: its once-only key (person, kind, plan, window) and what it
/// says, kept so a failed send is retried as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    pub person_id: Uuid,
    pub kind: Kind,
    pub plan_id: Uuid,
    pub window: String,
    pub period_start: NaiveDate,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub action_ids: Vec<Uuid>,
    /// The chase it sends, which gets `emailed_at` when it goes.
    pub chase_id: Option<Uuid>,
}

/// Where a logged message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageStatus {
    /// Claimed by a sender, until its lease runs out.
    Sending,
    Sent,
    /// The last try failed; it is tried again from `next_attempt_at`.
    Failed,
    /// It failed too often; kept as the record of what was due.
    Abandoned,
}

impl MessageStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageStatus::Sending => "sending",
            MessageStatus::Sent => "sent",
            MessageStatus::Failed => "failed",
            MessageStatus::Abandoned => "abandoned",
        }
    }

    pub fn parse(s: &str) -> Option<MessageStatus> {
        [
            MessageStatus::Sending,
            MessageStatus::Sent,
            MessageStatus::Failed,
            MessageStatus::Abandoned,
        ]
        .into_iter()
        .find(|m| m.as_str() == s)
    }
}

/// A message in the sent-log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedMessage {
    pub id: Uuid,
    pub message: NewMessage,
    pub status: MessageStatus,
    /// Tries made so far (a send that worked counts).
    pub attempts: u32,
    pub created_at: DateTime<Utc>,
    pub lease_until: Option<DateTime<Utc>>,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub sent_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

/// The sent-log and email preferences.
#[async_trait]
pub trait ReminderStore: Send + Sync {
    /// The keys (person, kind, window) the plan's sent-log holds, whatever became of them:
    /// what is already claimed is not due again.
    async fn logged_keys(&self, plan_id: Uuid) -> Result<Vec<(Uuid, Kind, String)>>;

    /// Claims a digest's key for this sender and records what it says, in one
    /// transaction (`INSERT … ON CONFLICT DO NOTHING`). `None`: another sender (or an
    /// earlier run) has it, and this one must not send. The claim lasts `lease`: a sender
    /// that dies holding it leaves it to be retried after that.
    async fn claim_message(
        &self,
        message: &NewMessage,
        lease: Duration,
    ) -> Result<Option<LoggedMessage>>;

    /// Claims logged messages due a retry — failed ones whose time has come, and claims
    /// whose lease ran out — at most `limit`, each for `lease`; another sender claiming at
    /// the same moment gets none of the same.
    async fn claim_retries(&self, limit: u32, lease: Duration) -> Result<Vec<LoggedMessage>>;

    /// Records that a claimed message went, and marks its chase emailed.
    async fn message_sent(&self, id: Uuid) -> Result<()>;

    /// Records that a try failed, and when to try again (`None`: give up, keeping it as
    /// abandoned).
    async fn message_failed(&self, id: Uuid, error: &str, retry_in: Option<Duration>)
    -> Result<()>;

    /// The sent-log, newest first: a plan's, or all.
    async fn logged_messages(&self, plan_id: Option<Uuid>) -> Result<Vec<LoggedMessage>>;

    /// The plan's chases not yet emailed, oldest first.
    async fn unsent_chases(&self, plan_id: Uuid) -> Result<Vec<Chase>>;

    /// Everyone's choice who has made one (the rest: [`Frequency::Each`]).
    async fn email_frequencies(&self) -> Result<Vec<(Uuid, Frequency)>>;

    /// One person's choice.
    async fn email_frequency(&self, user_id: Uuid) -> Result<Frequency>;

    /// Sets a person's choice, in their trail.
    ///
    /// # Errors
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for a person not in the
    /// actor's organisation.
    async fn set_email_frequency(
        &self,
        user_id: Uuid,
        frequency: Frequency,
        actor: &Actor,
    ) -> Result<()>;
}
