//! The rows of update rounds: status changes, meetings and chases.

use super::status_from_columns;
use crate::StoreError;
use assure_domain::meetings::Decision;
use assure_domain::model::Actor;
use assure_domain::periods::Period;
use assure_domain::rounds::{Chase, Meeting};
use assure_domain::status_history::StatusChange;
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

/// `status_changes`.
#[derive(sqlx::FromRow)]
pub(crate) struct StatusChangeRow {
    action_id: Uuid,
    at: DateTime<Utc>,
    status_label: Option<String>,
    status_meaning: Option<String>,
}

impl TryFrom<StatusChangeRow> for StatusChange {
    type Error = StoreError;

    fn try_from(r: StatusChangeRow) -> Result<Self, StoreError> {
        Ok(StatusChange {
            action_id: r.action_id,
            at: r.at,
            status: status_from_columns(r.status_label, r.status_meaning)?,
        })
    }
}

/// `meetings`.
#[derive(sqlx::FromRow)]
pub(crate) struct MeetingRow {
    id: Uuid,
    plan_id: Uuid,
    meeting_date: NaiveDate,
    kind: String,
    created_by_id: Option<Uuid>,
    created_by_label: String,
    created_at: DateTime<Utc>,
    attendees: String,
    notes: String,
    closed_at: Option<DateTime<Utc>>,
    closed_by_id: Option<Uuid>,
    closed_by_label: Option<String>,
    version: i64,
}

impl From<MeetingRow> for Meeting {
    fn from(r: MeetingRow) -> Self {
        Meeting {
            id: r.id,
            plan_id: r.plan_id,
            date: r.meeting_date,
            kind: r.kind,
            created_by: Actor {
                user_id: r.created_by_id,
                label: r.created_by_label,
            },
            created_at: r.created_at,
            attendees: r.attendees,
            notes: r.notes,
            version: r.version,
            closed: r.closed_at.map(|at| {
                (
                    Actor {
                        user_id: r.closed_by_id,
                        label: r.closed_by_label.unwrap_or_default(),
                    },
                    at,
                )
            }),
        }
    }
}

/// `meeting_decisions`.
#[derive(sqlx::FromRow)]
pub(crate) struct DecisionRow {
    id: Uuid,
    meeting_id: Uuid,
    action_id: Uuid,
    text: String,
    decided_by_id: Option<Uuid>,
    decided_by_label: String,
    created_at: DateTime<Utc>,
}

impl From<DecisionRow> for Decision {
    fn from(r: DecisionRow) -> Self {
        Decision {
            id: r.id,
            meeting_id: r.meeting_id,
            action_id: r.action_id,
            text: r.text,
            decided_by: Actor {
                user_id: r.decided_by_id,
                label: r.decided_by_label,
            },
            created_at: r.created_at,
        }
    }
}

/// `chases`.
#[derive(sqlx::FromRow)]
pub(crate) struct ChaseRow {
    id: Uuid,
    plan_id: Uuid,
    person_id: Uuid,
    period_start: NaiveDate,
    period_end: NaiveDate,
    period_label: String,
    deadline: NaiveDate,
    #[sqlx(json)]
    action_ids: Vec<Uuid>,
    chased_by_id: Option<Uuid>,
    chased_by_label: String,
    created_at: DateTime<Utc>,
    emailed_at: Option<DateTime<Utc>>,
}

impl From<ChaseRow> for Chase {
    fn from(r: ChaseRow) -> Self {
        Chase {
            id: r.id,
            plan_id: r.plan_id,
            person_id: r.person_id,
            period: Period {
                start: r.period_start,
                end: r.period_end,
                label: r.period_label,
            },
            deadline: r.deadline,
            action_ids: r.action_ids,
            chased_by: Actor {
                user_id: r.chased_by_id,
                label: r.chased_by_label,
            },
            created_at: r.created_at,
            emailed_at: r.emailed_at,
        }
    }
}
