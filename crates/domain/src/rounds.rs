//! Update rounds: each reporting period of a plan's update cadence is a round in which
//! every action still going reports, by a deadline; who has updated, and who is chased.
//!
//! The deadline is five working days before the period's review meeting when one is set
//! (so the papers can go out), else the period's last working day. Working days are
//! England's (`calendar`). Whether an action is due is decided here, from the action
//! and the period alone, so the round page, the chase the store records and (later) the
//! reminders agree:
//!
//! - complete actions (signed off, or reported complete in the plan as imported) are
//!   not due: there is nothing more to report;
//! - actions that start after the period are not due yet;
//! - an action whose timescale recurs less often than updates are written ("Quarterly"
//!   in a plan updated monthly) is due once in each of its own periods: updated earlier
//!   in the quarter, it is not due this month;
//! - everything else is due, and counts as updated when it has an update dated in the
//!   period.

use crate::attention::is_complete;
use crate::calendar::{is_working_day, working_day_on_or_before, working_days_before};
use crate::model::{Actor, StoredAction, StoredArea, StoredPlan};
use crate::periods::{Cadence, Period, Tiling, period_containing};
use crate::when::{Recurrence, WhenKind};
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A meeting of a plan. For now: the review meetings whose dates set rounds' deadlines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub date: NaiveDate,
    /// What sort of meeting: one of `meetings::MEETING_KINDS` ("review" sets a round's
    /// deadline).
    pub kind: String,
    /// Who is expected or came, as written.
    #[serde(default)]
    pub attendees: String,
    #[serde(default)]
    pub notes: String,
    pub created_by: Actor,
    pub created_at: DateTime<Utc>,
    /// When it was closed, and by whom: a closed meeting's record is read-only.
    #[serde(default)]
    pub closed: Option<(Actor, DateTime<Utc>)>,
    /// Moves on with each edit of its attendees or notes (the edit is checked against it).
    #[serde(default = "first_version")]
    pub version: i64,
}

fn first_version() -> i64 {
    1
}

/// The kind of meeting that sets a round's deadline.
pub const REVIEW_MEETING: &str = "review";

/// A person asked to update what they lead that is due in a round: who, for which round,
/// by when, which actions (as the store found them when the chase was made), and who
/// asked. A mailer sends it and records `emailed_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chase {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub person_id: Uuid,
    pub period: Period,
    pub deadline: NaiveDate,
    pub action_ids: Vec<Uuid>,
    pub chased_by: Actor,
    pub created_at: DateTime<Utc>,
    pub emailed_at: Option<DateTime<Utc>>,
}

/// How many working days before the review meeting updates are due.
pub const DEADLINE_WORKING_DAYS: u32 = 5;

/// One period's update round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    pub period: Period,
    /// The period's review meeting, when one is set: the deadline is counted back from it.
    pub review_meeting: Option<NaiveDate>,
    /// The day updates are due by (inclusive).
    pub deadline: NaiveDate,
}

impl Round {
    /// The round of `period`, with the period's review meeting found among `meetings`.
    pub fn new(period: Period, meetings: &[NaiveDate]) -> Round {
        let review_meeting = review_meeting(&period, meetings);
        Round {
            deadline: deadline(&period, review_meeting),
            review_meeting,
            period,
        }
    }

    /// The round of `tiling` (a cadence or a plan's schedule) that `date` falls in.
    pub fn containing(date: NaiveDate, tiling: impl Tiling, meetings: &[NaiveDate]) -> Round {
        Round::new(period_containing(date, tiling), meetings)
    }

    /// Whether the deadline has passed on `today`.
    pub fn is_past_deadline(&self, today: NaiveDate) -> bool {
        today > self.deadline
    }
}

/// The period's review meeting: the last of `meetings` that falls within it (with
/// fortnightly reviews and monthly updates, the month's later review looks at them).
pub fn review_meeting(period: &Period, meetings: &[NaiveDate]) -> Option<NaiveDate> {
    meetings
        .iter()
        .copied()
        .filter(|d| period.contains(*d))
        .max()
}

/// The first working day on or after `date`, if there is one by `limit`.
fn working_day_on_or_after(date: NaiveDate, limit: NaiveDate) -> Option<NaiveDate> {
    let mut d = date;
    while d <= limit {
        if is_working_day(d) {
            return Some(d);
        }
        d = d + Days::new(1);
    }
    None
}

/// When a period's updates are due: [`DEADLINE_WORKING_DAYS`] working days before its
/// review meeting, but never before the period's first working day (a meeting early in
/// the period leaves the round at least a day); without a meeting, the period's last
/// working day. Never outside the period.
pub fn deadline(period: &Period, review_meeting: Option<NaiveDate>) -> NaiveDate {
    let first = working_day_on_or_after(period.start, period.end).unwrap_or(period.start);
    match review_meeting {
        Some(m) => working_days_before(m, DEADLINE_WORKING_DAYS).max(first),
        None => working_day_on_or_before(period.end).max(period.start),
    }
}

/// The period a recurring timescale comes round in, that contains `date`. A year is the
/// calendar year.
pub fn recurrence_period(recurrence: Recurrence, date: NaiveDate) -> Period {
    let cadence = match recurrence {
        Recurrence::Weekly => Cadence::Weekly,
        Recurrence::Fortnightly => Cadence::Fortnightly,
        Recurrence::Monthly => Cadence::Monthly,
        Recurrence::Quarterly => Cadence::Quarterly,
        Recurrence::Annually => {
            let y = date.year();
            return Period {
                start: NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(date),
                end: NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(date),
                label: y.to_string(),
            };
        }
    };
    period_containing(date, cadence)
}

/// Why an action is not due an update this round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotDue {
    /// Signed off, or reported complete.
    Complete,
    /// It starts after the period.
    NotStarted { start: NaiveDate },
    /// Its timescale recurs less often than updates are written, and it was updated in
    /// the recurrence's period before this one began.
    RecurringUpdated { on: NaiveDate, recurrence: Period },
}

impl NotDue {
    /// Why, in a sentence's words: "complete", "starts 1 January 2027".
    pub fn describe(&self) -> String {
        let day = |d: &NaiveDate| d.format("%-d %B %Y").to_string();
        match self {
            NotDue::Complete => "complete".into(),
            NotDue::NotStarted { start } => format!("starts {}", day(start)),
            NotDue::RecurringUpdated { on, recurrence } => format!(
                "updated {} for its recurring timescale ({})",
                day(on),
                recurrence.label
            ),
        }
    }
}

/// Whether an action is due an update in a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    /// Due; `updated` is the date of its latest update in the period, if it has one.
    Due {
        updated: Option<NaiveDate>,
    },
    NotDue(NotDue),
}

/// Whether `action` is due an update in `period`, and if so whether it has had one.
pub fn due(action: &StoredAction, period: &Period) -> Due {
    if is_complete(action) {
        return Due::NotDue(NotDue::Complete);
    }
    let start = action
        .start
        .as_ref()
        .filter(|s| matches!(s.kind, WhenKind::Date | WhenKind::Month))
        .and_then(|s| s.date);
    if let Some(start) = start.filter(|s| *s > period.end) {
        return Due::NotDue(NotDue::NotStarted { start });
    }
    let dates = || action.updates.iter().filter_map(|u| u.date);
    let updated = dates().filter(|d| period.contains(*d)).max();
    if updated.is_none()
        && let Some(r) = recurrence(action)
    {
        let rp = recurrence_period(r, period.end);
        let longer = (rp.end - rp.start) > (period.end - period.start);
        if longer
            && let Some(on) = dates()
                .filter(|d| rp.start <= *d && *d < period.start)
                .max()
        {
            return Due::NotDue(NotDue::RecurringUpdated { on, recurrence: rp });
        }
    }
    Due::Due { updated }
}

/// How often the action's timescale recurs, if it does.
fn recurrence(action: &StoredAction) -> Option<Recurrence> {
    action
        .due
        .as_ref()
        .filter(|w| w.kind == WhenKind::Recurring)
        .and_then(|w| w.recurrence)
}

/// One action due an update in a round.
#[derive(Debug, Clone, Copy)]
pub struct RoundLine<'a> {
    pub area: &'a StoredArea,
    pub action: &'a StoredAction,
    /// The date of its latest update in the period: `None` means still to update.
    pub updated: Option<NaiveDate>,
}

/// An action not due this round, and why.
#[derive(Debug, Clone)]
pub struct Excused<'a> {
    pub area: &'a StoredArea,
    pub action: &'a StoredAction,
    pub why: NotDue,
}

/// Every action of the plan in a round: those due (in plan order), and those not.
#[derive(Debug, Clone)]
pub struct RoundActions<'a> {
    pub due: Vec<RoundLine<'a>>,
    pub not_due: Vec<Excused<'a>>,
}

impl RoundActions<'_> {
    /// The actions `person` leads that are due and not yet updated: what a chase names.
    pub fn outstanding_for(&self, person: Uuid) -> Vec<Uuid> {
        self.due
            .iter()
            .filter(|l| l.updated.is_none() && l.action.is_led_by(person))
            .map(|l| l.action.id)
            .collect()
    }
}

/// Every action of `plan` in the round of `period` (sub-actions included: a row with a
/// status and updates of its own reports like any other).
pub fn round_actions<'a>(plan: &'a StoredPlan, period: &Period) -> RoundActions<'a> {
    let mut out = RoundActions {
        due: Vec::new(),
        not_due: Vec::new(),
    };
    for (area, _, action) in plan.actions() {
        match due(action, period) {
            Due::Due { updated } => out.due.push(RoundLine {
                area,
                action,
                updated,
            }),
            Due::NotDue(why) => out.not_due.push(Excused { area, action, why }),
        }
    }
    out
}

/// Who a lead is: a person when the plan's lead is linked to one, else the lead's words.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LeadKey {
    Person(Uuid),
    Text(String),
    /// The action names no lead.
    Nobody,
}

/// One lead's part of a round: "Claire: 3 of 5 updated".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadTally {
    pub key: LeadKey,
    /// The lead's words as the plan first writes them ("HoS CP").
    pub text: String,
    pub due: usize,
    pub updated: usize,
    /// The actions due and not updated, in plan order.
    pub outstanding: Vec<Uuid>,
}

/// The round counted by lead, in order of first appearance in the plan. An action with
/// two leads counts for each; a person linked to several of the plan's lead words counts
/// each action once.
pub fn by_lead(lines: &[RoundLine<'_>]) -> Vec<LeadTally> {
    let mut out: Vec<LeadTally> = Vec::new();
    for line in lines {
        let mut keys: Vec<(LeadKey, &str)> = line
            .action
            .leads
            .iter()
            .map(|l| match l.person_id {
                Some(p) => (LeadKey::Person(p), l.text.as_str()),
                None => (LeadKey::Text(l.text.trim().to_string()), l.text.as_str()),
            })
            .collect();
        if keys.is_empty() {
            keys.push((LeadKey::Nobody, "No lead"));
        }
        let mut seen: Vec<LeadKey> = Vec::new();
        for (key, text) in keys {
            if seen.contains(&key) {
                continue;
            }
            seen.push(key.clone());
            let at = match out.iter().position(|t| t.key == key) {
                Some(i) => i,
                None => {
                    out.push(LeadTally {
                        key,
                        text: text.to_string(),
                        due: 0,
                        updated: 0,
                        outstanding: Vec::new(),
                    });
                    out.len() - 1
                }
            };
            let t = &mut out[at];
            t.due += 1;
            match line.updated {
                Some(_) => t.updated += 1,
                None => t.outstanding.push(line.action.id),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn deadlines_count_back_from_the_review_in_working_days() {
        let nov = period_containing(d(2026, 11, 23), Cadence::Monthly);
        // No meeting: the last working day (30 November 2026 is a Monday).
        assert_eq!(deadline(&nov, None), d(2026, 11, 30));
        // A review on Thursday 19 November: five working days back is Thursday 12th.
        assert_eq!(deadline(&nov, Some(d(2026, 11, 19))), d(2026, 11, 12));
        // December 2026: Christmas Day Friday and Boxing Day moved to Monday 28th; the
        // 31st is Thursday, a working day.
        let dec = period_containing(d(2026, 12, 1), Cadence::Monthly);
        assert_eq!(deadline(&dec, None), d(2026, 12, 31));
        // A review on Wednesday 30 December: the 29th, then past the 28th (Boxing Day's
        // bank holiday), the weekend and the 25th, the 24th, 23rd, 22nd and 21st.
        assert_eq!(deadline(&dec, Some(d(2026, 12, 30))), d(2026, 12, 21));
        // A review on the period's second working day: never before the first.
        assert_eq!(deadline(&dec, Some(d(2026, 12, 2))), d(2026, 12, 1));
        // August 2027 ends on the summer bank holiday (Monday 30th) and a Tuesday.
        let aug = period_containing(d(2027, 8, 1), Cadence::Monthly);
        assert_eq!(deadline(&aug, None), d(2027, 8, 31));
        // Easter 2027: Good Friday the 26th, Easter Monday the 29th. A review on
        // Wednesday 31st wants updates by Monday 22nd (30th, 25th, 24th, 23rd, 22nd).
        let mar = period_containing(d(2027, 3, 1), Cadence::Monthly);
        assert_eq!(deadline(&mar, None), d(2027, 3, 31));
        assert_eq!(deadline(&mar, Some(d(2027, 3, 31))), d(2027, 3, 22));
        // A quarter ending at a weekend: 2028's December quarter ends on Sunday 31st,
        // so Friday 29th (after Christmas and Boxing Day on the Monday and Tuesday).
        let q = period_containing(d(2028, 11, 1), Cadence::Quarterly);
        assert_eq!(deadline(&q, None), d(2028, 12, 29));
    }

    #[test]
    fn the_review_meeting_is_the_last_in_the_period() {
        let nov = period_containing(d(2026, 11, 23), Cadence::Monthly);
        let meetings = [
            d(2026, 10, 28),
            d(2026, 11, 10),
            d(2026, 11, 24),
            d(2026, 12, 8),
        ];
        let r = Round::new(nov, &meetings);
        assert_eq!(r.review_meeting, Some(d(2026, 11, 24)));
        assert_eq!(r.deadline, d(2026, 11, 17));
        assert!(!r.is_past_deadline(d(2026, 11, 17)));
        assert!(r.is_past_deadline(d(2026, 11, 18)));
        let r = Round::containing(d(2027, 1, 4), Cadence::Monthly, &meetings);
        assert_eq!(r.review_meeting, None);
        assert_eq!(r.deadline, d(2027, 1, 29));
    }

    #[test]
    fn recurrences_have_periods() {
        assert_eq!(
            recurrence_period(Recurrence::Quarterly, d(2026, 11, 5)).label,
            "October to December 2026"
        );
        let y = recurrence_period(Recurrence::Annually, d(2026, 11, 5));
        assert_eq!((y.start, y.end), (d(2026, 1, 1), d(2026, 12, 31)));
    }
}
