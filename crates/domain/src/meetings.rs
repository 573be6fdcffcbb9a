//! A plan's meetings as a chair runs them: their kinds, the decisions recorded against
//! actions, and what changed since the previous meeting (the first part of the agenda;
//! the rest is `attention`'s lists on the meeting's day).
//!
//! Everything here is pure: the store keeps meetings and decisions, the web shows them.

use crate::model::{Actor, StoredAction, StoredArea, StoredPlan};
use crate::rounds::Meeting;
use crate::status::Meaning;
use crate::status_history::{StatusChange, StatusHistory};
use crate::{StatusValue, clock::uk_date};
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The kinds of meeting a plan has, as stored and as people read them. "review" is the
/// kind whose date sets an update round's deadline.
pub const MEETING_KINDS: [(&str, &str); 3] = [
    ("review", "Fortnightly review"),
    ("dlt", "DLT (leadership team)"),
    ("board", "Improvement board"),
];

/// The words for a stored kind; an unknown one is shown as stored.
pub fn kind_label(kind: &str) -> &str {
    MEETING_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(kind, |(_, l)| l)
}

/// Whether `kind` is one of [`MEETING_KINDS`].
pub fn is_meeting_kind(kind: &str) -> bool {
    MEETING_KINDS.iter().any(|(k, _)| *k == kind)
}

/// How long a meeting's attendees may be, in characters.
pub const MAX_ATTENDEES_CHARS: usize = 2_000;
/// How long a meeting's notes or a decision may be, in characters.
pub const MAX_MEETING_TEXT_CHARS: usize = 10_000;

/// A decision of a meeting, recorded against one of the plan's actions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub action_id: Uuid,
    pub text: String,
    pub decided_by: Actor,
    pub created_at: DateTime<Utc>,
}

/// The meeting before `meeting` of the same kind, if the plan has one.
pub fn previous_meeting<'a>(meeting: &Meeting, all: &'a [Meeting]) -> Option<&'a Meeting> {
    all.iter()
        .filter(|m| m.kind == meeting.kind && m.id != meeting.id && m.date < meeting.date)
        .max_by_key(|m| m.date)
}

/// Which way a status moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Better,
    Worse,
    /// Between a status and none, or two labels of the same meaning.
    Changed,
}

impl Direction {
    /// In words: "better", "worse", "changed".
    pub fn describe(self) -> &'static str {
        match self {
            Direction::Better => "better",
            Direction::Worse => "worse",
            Direction::Changed => "changed",
        }
    }
}

/// How good a meaning is: higher is better; "not started" counts with "off track".
fn rank(m: Meaning) -> u8 {
    match m {
        Meaning::NotStarted | Meaning::OffTrack => 0,
        Meaning::AtRisk => 1,
        Meaning::OnTrack => 2,
        Meaning::Ahead => 3,
        Meaning::Complete => 4,
    }
}

/// Which way a status moved from `before` to `after`.
pub fn direction(before: Option<&StatusValue>, after: Option<&StatusValue>) -> Direction {
    match (before, after) {
        (Some(b), Some(a)) if rank(a.meaning) > rank(b.meaning) => Direction::Better,
        (Some(b), Some(a)) if rank(a.meaning) < rank(b.meaning) => Direction::Worse,
        _ => Direction::Changed,
    }
}

/// One status change within the window.
#[derive(Debug, Clone)]
pub struct StatusMove<'a> {
    pub area: &'a StoredArea,
    pub action: &'a StoredAction,
    pub at: DateTime<Utc>,
    pub before: Option<StatusValue>,
    pub after: Option<StatusValue>,
    pub direction: Direction,
}

/// Something added to an action within the window: an update, evidence, a sign-off.
#[derive(Debug, Clone)]
pub struct Added<'a> {
    pub area: &'a StoredArea,
    pub action: &'a StoredAction,
    pub at: DateTime<Utc>,
    /// The update's text, the evidence's title, the sign-off's approver.
    pub what: String,
}

/// What changed on a plan between two days, both included (England's dates).
#[derive(Debug, Clone)]
pub struct Changes<'a> {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub status: Vec<StatusMove<'a>>,
    pub updates: Vec<Added<'a>>,
    pub evidence: Vec<Added<'a>>,
    pub sign_offs: Vec<Added<'a>>,
}

/// The window a meeting's agenda looks back over: from the day after the previous
/// meeting (or, with none, from `fallback`) to `to`.
pub fn window_start(previous: Option<&Meeting>, fallback: NaiveDate) -> NaiveDate {
    previous.map_or(fallback, |m| m.date + Days::new(1))
}

/// What changed on `plan` from `from` to `to` (England's dates, both included): status
/// changes that moved a status (a change to the same status is not one), updates written,
/// evidence added and sign-offs given, each in time order.
pub fn changes<'a>(
    plan: &'a StoredPlan,
    log: &[StatusChange],
    from: NaiveDate,
    to: NaiveDate,
) -> Changes<'a> {
    let within = |t: DateTime<Utc>| {
        let d = uk_date(t);
        from <= d && d <= to
    };
    let history = StatusHistory::new(log.iter().cloned());
    let mut out = Changes {
        from,
        to,
        status: Vec::new(),
        updates: Vec::new(),
        evidence: Vec::new(),
        sign_offs: Vec::new(),
    };
    for (area, _, action) in plan.actions() {
        for c in log
            .iter()
            .filter(|c| c.action_id == action.id && within(c.at))
        {
            let before = history.before(action.id, c.at);
            // A new action's first status is not a change of status.
            let Some(before) = before_status(&before) else {
                continue;
            };
            if before.as_ref() == c.status.as_ref() {
                continue;
            }
            out.status.push(StatusMove {
                area,
                action,
                at: c.at,
                direction: direction(before.as_ref(), c.status.as_ref()),
                before,
                after: c.status.clone(),
            });
        }
        for u in action.updates.iter().filter(|u| within(u.created_at)) {
            out.updates.push(Added {
                area,
                action,
                at: u.created_at,
                what: u.text.clone(),
            });
        }
        for e in action.evidence.iter().filter(|e| within(e.created_at)) {
            out.evidence.push(Added {
                area,
                action,
                at: e.created_at,
                what: e.title.clone(),
            });
        }
        if let Some(s) = &action.signoff
            && let (Some(by), Some(at)) = (&s.signed_off_by, s.signed_off_at)
            && within(at)
        {
            out.sign_offs.push(Added {
                area,
                action,
                at,
                what: by.label.clone(),
            });
        }
    }
    out.status.sort_by_key(|m| m.at);
    out.updates.sort_by_key(|m| m.at);
    out.evidence.sort_by_key(|m| m.at);
    out.sign_offs.sort_by_key(|m| m.at);
    out
}

/// The status before a change, when one was recorded (`None`: nothing recorded, so the
/// change is the action's first).
fn before_status(s: &crate::status_history::StatusAt) -> Option<Option<StatusValue>> {
    match s {
        crate::status_history::StatusAt::NotRecorded => None,
        crate::status_history::StatusAt::Status(v) => Some(v.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sv(label: &str, meaning: Meaning) -> StatusValue {
        StatusValue {
            label: label.into(),
            meaning,
        }
    }

    #[test]
    fn directions_follow_what_statuses_mean() {
        let red = sv("Red", Meaning::OffTrack);
        let amber = sv("Amber", Meaning::AtRisk);
        let green = sv("Green", Meaning::OnTrack);
        assert_eq!(direction(Some(&red), Some(&green)), Direction::Better);
        assert_eq!(direction(Some(&green), Some(&amber)), Direction::Worse);
        assert_eq!(direction(None, Some(&green)), Direction::Changed);
        assert_eq!(
            direction(Some(&green), Some(&sv("G", Meaning::OnTrack))),
            Direction::Changed
        );
    }

    #[test]
    fn kinds_have_words() {
        assert_eq!(kind_label("dlt"), "DLT (leadership team)");
        assert_eq!(kind_label("other"), "other");
        assert!(is_meeting_kind("board"));
        assert!(!is_meeting_kind("Board"));
    }
}
