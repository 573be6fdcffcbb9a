//! The rows of the sent-log and email preferences.

use super::{Term, Word};
use crate::traits::{LoggedMessage, MessageStatus, NewMessage};
use assure_domain::reminders::{Frequency, Kind};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

impl Term for Kind {
    const WHAT: &'static str = "reminder kind";
    fn parse(s: &str) -> Option<Self> {
        Kind::parse(s)
    }
}

impl Term for MessageStatus {
    const WHAT: &'static str = "message status";
    fn parse(s: &str) -> Option<Self> {
        MessageStatus::parse(s)
    }
}

impl Term for Frequency {
    const WHAT: &'static str = "email frequency";
    fn parse(s: &str) -> Option<Self> {
        Frequency::parse(s)
    }
}

/// `sent_messages`.
#[derive(sqlx::FromRow)]
pub(crate) struct SentMessageRow {
    id: Uuid,
    person_id: Uuid,
    kind: Word<Kind>,
    plan_id: Uuid,
    digest_window: String,
    period_start: NaiveDate,
    to_email: String,
    subject: String,
    body_text: String,
    body_html: String,
    #[sqlx(json)]
    action_ids: Vec<Uuid>,
    chase_id: Option<Uuid>,
    status: Word<MessageStatus>,
    attempts: i64,
    created_at: DateTime<Utc>,
    lease_until: Option<DateTime<Utc>>,
    next_attempt_at: Option<DateTime<Utc>>,
    sent_at: Option<DateTime<Utc>>,
    last_error: Option<String>,
}

impl From<SentMessageRow> for LoggedMessage {
    fn from(r: SentMessageRow) -> Self {
        LoggedMessage {
            id: r.id,
            message: NewMessage {
                person_id: r.person_id,
                kind: r.kind.0,
                plan_id: r.plan_id,
                window: r.digest_window,
                period_start: r.period_start,
                to: r.to_email,
                subject: r.subject,
                text: r.body_text,
                html: r.body_html,
                action_ids: r.action_ids,
                chase_id: r.chase_id,
            },
            status: r.status.0,
            attempts: u32::try_from(r.attempts).unwrap_or(u32::MAX),
            created_at: r.created_at,
            lease_until: r.lease_until,
            next_attempt_at: r.next_attempt_at,
            sent_at: r.sent_at,
            last_error: r.last_error,
        }
    }
}

/// A key of the sent-log.
#[derive(sqlx::FromRow)]
pub(crate) struct SentKeyRow {
    pub person_id: Uuid,
    pub kind: Word<Kind>,
    pub digest_window: String,
}

/// `email_preferences`.
#[derive(sqlx::FromRow)]
pub(crate) struct PreferenceRow {
    pub user_id: Uuid,
    pub frequency: Word<Frequency>,
}
