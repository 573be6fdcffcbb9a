//! Status history: the status each action had at the end of each reporting period, the
//! row of RAG columns councils draw one per review date.
//!
//! The store keeps every change of an action's status as it happens (who set it is in
//! the trail; here only when and what). The status at the end of a period is the last
//! change made before England's midnight after the period's last day; before the first
//! change kept, it is not recorded. Because it is read from changes, not from snapshots
//! taken at each period's close, it answers for any cadence, including after the plan's
//! cadence changes, and needs nothing to run at midnight.

use crate::StatusValue;
use crate::periods::{Period, Tiling, period_containing, previous_period};
use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::London;
use std::collections::HashMap;
use uuid::Uuid;

/// One change of an action's status: what it became, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub action_id: Uuid,
    pub at: DateTime<Utc>,
    /// `None`: the status was cleared (or the action was made without one).
    pub status: Option<StatusValue>,
}

/// An action's status at a moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusAt {
    /// Before anything was recorded about it (before it was in Assure, or before Assure
    /// kept status history).
    NotRecorded,
    /// Its status then (`None`: it had none).
    Status(Option<StatusValue>),
}

impl StatusAt {
    /// The status, when one is recorded.
    pub fn status(&self) -> Option<&StatusValue> {
        match self {
            StatusAt::Status(s) => s.as_ref(),
            StatusAt::NotRecorded => None,
        }
    }
}

/// The first instant after a period: midnight in England after its last day.
pub fn end_instant(period: &Period) -> DateTime<Utc> {
    let next = period.end + Days::new(1);
    let midnight = next.and_hms_opt(0, 0, 0).unwrap_or_default();
    London
        .from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        // England's clocks never skip midnight; should they, UTC midnight stands in.
        .unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
}

/// The `n` periods of `cadence` (a cadence or a plan's schedule) up to and including the
/// one `today` falls in, oldest first.
pub fn recent_periods(today: NaiveDate, cadence: impl Tiling, n: usize) -> Vec<Period> {
    let mut out = Vec::with_capacity(n);
    if n == 0 {
        return out;
    }
    let mut p = period_containing(today, cadence);
    out.push(p.clone());
    while out.len() < n {
        p = previous_period(&p, cadence);
        out.push(p.clone());
    }
    out.reverse();
    out
}

/// One action's changes: when, and what the status became, oldest first.
type Changes = Vec<(DateTime<Utc>, Option<StatusValue>)>;

/// Every action's status changes, ready to be asked about any moment.
#[derive(Debug, Clone, Default)]
pub struct StatusHistory {
    changes: HashMap<Uuid, Changes>,
}

impl StatusHistory {
    /// The history of these changes, in any order.
    pub fn new(changes: impl IntoIterator<Item = StatusChange>) -> Self {
        let mut by: HashMap<Uuid, Changes> = HashMap::new();
        for c in changes {
            by.entry(c.action_id).or_default().push((c.at, c.status));
        }
        for v in by.values_mut() {
            // Stable: two changes in one instant keep the order they were given in.
            v.sort_by_key(|(at, _)| *at);
        }
        Self { changes: by }
    }

    /// The action's status just before `instant`.
    pub fn before(&self, action: Uuid, instant: DateTime<Utc>) -> StatusAt {
        let Some(v) = self.changes.get(&action) else {
            return StatusAt::NotRecorded;
        };
        match v.iter().rev().find(|(at, _)| *at < instant) {
            Some((_, s)) => StatusAt::Status(s.clone()),
            None => StatusAt::NotRecorded,
        }
    }

    /// The action's status at the end of `period` (for a period not yet over: its
    /// status now).
    pub fn at_end(&self, action: Uuid, period: &Period) -> StatusAt {
        self.before(action, end_instant(period))
    }

    /// The action's status at the end of each of `periods`.
    pub fn row(&self, action: Uuid, periods: &[Period]) -> Vec<StatusAt> {
        periods.iter().map(|p| self.at_end(action, p)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Meaning;
    use crate::clock::{Clock, FixedClock};
    use crate::periods::Cadence;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    fn at(y: i32, m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, day, h, min, 0).unwrap()
    }

    fn s(label: &str, meaning: Meaning) -> Option<StatusValue> {
        Some(StatusValue {
            label: label.into(),
            meaning,
        })
    }

    #[test]
    fn each_period_keeps_the_status_it_ended_with() {
        let clock = FixedClock::new(at(2026, 11, 23, 9, 0));
        let a = Uuid::now_v7();
        let other = Uuid::now_v7();
        let h = StatusHistory::new(vec![
            // Out of order on purpose.
            StatusChange {
                action_id: a,
                at: at(2026, 9, 15, 10, 0),
                status: s("Red", Meaning::OffTrack),
            },
            StatusChange {
                action_id: a,
                at: at(2026, 8, 3, 10, 0),
                status: s("Amber", Meaning::AtRisk),
            },
            // 23:30 UTC on 31 October is still October in England (GMT again by then);
            // 23:30 UTC on 30 September is 00:30 on 1 October in England (BST).
            StatusChange {
                action_id: a,
                at: at(2026, 9, 30, 23, 30),
                status: s("Amber", Meaning::AtRisk),
            },
            StatusChange {
                action_id: a,
                at: at(2026, 10, 31, 23, 30),
                status: s("Green", Meaning::OnTrack),
            },
            StatusChange {
                action_id: other,
                at: at(2026, 11, 2, 9, 0),
                status: None,
            },
        ]);
        let periods = recent_periods(clock.today(), Cadence::Monthly, 5);
        let labels: Vec<&str> = periods.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "July 2026 update",
                "August 2026 update",
                "September 2026 update",
                "October 2026 update",
                "November 2026 update"
            ]
        );
        let row: Vec<Option<String>> = h
            .row(a, &periods)
            .iter()
            .map(|x| match x {
                StatusAt::NotRecorded => None,
                StatusAt::Status(s) => Some(s.as_ref().map_or("none".into(), |v| v.label.clone())),
            })
            .collect();
        assert_eq!(
            row,
            [
                None,
                Some("Amber".into()),
                Some("Red".into()),
                Some("Green".into()),
                Some("Green".into())
            ]
        );
        // Recorded with no status is not the same as not recorded.
        assert_eq!(
            h.at_end(other, &periods[4]),
            StatusAt::Status(None),
            "cleared"
        );
        assert_eq!(h.at_end(other, &periods[3]), StatusAt::NotRecorded);
        assert_eq!(h.at_end(Uuid::now_v7(), &periods[4]), StatusAt::NotRecorded);
    }

    #[test]
    fn a_period_ends_at_midnight_in_england() {
        let july = period_containing(d(2026, 7, 10), Cadence::Monthly);
        // BST: midnight on 1 August in England is 23:00 UTC on 31 July.
        assert_eq!(end_instant(&july), at(2026, 7, 31, 23, 0));
        let dec = period_containing(d(2026, 12, 10), Cadence::Monthly);
        assert_eq!(end_instant(&dec), at(2027, 1, 1, 0, 0));
        assert!(recent_periods(d(2026, 1, 1), Cadence::Weekly, 0).is_empty());
        let q = recent_periods(d(2026, 1, 1), Cadence::Quarterly, 2);
        assert_eq!(q[0].label, "October to December 2025");
    }
}
