//! What needs attention on a plan today: what the home page and the plan overview list,
//! and the counts behind the status chart.
//!
//! Everything is computed from the plan and a date, so a test with a fixed date gets the
//! same answer every time. Every action counts, children included: a continuation row
//! with its own status and updates is tracked like any other.

use crate::model::{StoredAction, StoredArea, StoredPlan};
use crate::periods::{Period, period_containing};
use crate::signoff::impact_check_is_due;
use crate::status::Meaning;
use crate::when::WhenKind;
use chrono::NaiveDate;
use uuid::Uuid;

/// One action flagged, with the area it sits in.
#[derive(Debug, Clone, Copy)]
pub struct Flagged<'a> {
    pub area: &'a StoredArea,
    pub action: &'a StoredAction,
}

impl Flagged<'_> {
    /// Whether `person` is linked to one of the action's leads.
    pub fn led_by(&self, person: Uuid) -> bool {
        self.action.is_led_by(person)
    }
}

/// How many actions of an area (or of the plan) have each status meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusCounts {
    /// Per meaning, in [`Meaning::ALL`] order, then `None` ("No status"); zero counts kept
    /// so that every chart has the same series.
    pub counts: Vec<(Option<Meaning>, usize)>,
}

impl StatusCounts {
    fn new() -> Self {
        let mut counts: Vec<(Option<Meaning>, usize)> =
            Meaning::ALL.iter().map(|m| (Some(*m), 0)).collect();
        counts.push((None, 0));
        Self { counts }
    }

    /// Counts `action` under what its status means; a signed-off action counts as
    /// complete even when the plan's key has no "complete" status to give it.
    fn add(&mut self, action: &StoredAction) {
        let m = if is_complete(action) {
            Some(Meaning::Complete)
        } else {
            action.status.as_ref().map(|s| s.meaning)
        };
        if let Some(slot) = self.counts.iter_mut().find(|(k, _)| *k == m) {
            slot.1 += 1;
        }
    }

    /// The count for one meaning (`None`: no status).
    pub fn get(&self, meaning: Option<Meaning>) -> usize {
        self.counts
            .iter()
            .find(|(k, _)| *k == meaning)
            .map_or(0, |(_, n)| *n)
    }

    /// Every action counted.
    pub fn total(&self) -> usize {
        self.counts.iter().map(|(_, n)| n).sum()
    }
}

/// Words for a meaning or its absence: "Off track", "No status".
pub fn describe_meaning(meaning: Option<Meaning>) -> &'static str {
    meaning.map_or("No status", Meaning::describe)
}

/// One area's row of the status chart.
#[derive(Debug, Clone)]
pub struct AreaCounts<'a> {
    pub area: &'a StoredArea,
    pub counts: StatusCounts,
}

/// What needs attention on a plan on one day.
#[derive(Debug, Clone)]
pub struct Attention<'a> {
    pub today: NaiveDate,
    /// The reporting period `today` falls in, from the plan's update cadence.
    pub period: Period,
    /// Due date passed, not complete; most overdue first.
    pub overdue: Vec<Flagged<'a>>,
    /// Status meaning off track (red).
    pub off_track: Vec<Flagged<'a>>,
    /// Status meaning at risk (amber).
    pub at_risk: Vec<Flagged<'a>>,
    /// Not complete, started, and no update dated in the current period.
    pub no_update_this_period: Vec<Flagged<'a>>,
    /// Proposed complete, not yet signed off.
    pub awaiting_sign_off: Vec<Flagged<'a>>,
    /// Signed off, impact re-check date reached.
    pub impact_checks_due: Vec<Flagged<'a>>,
    /// Every action by status meaning.
    pub by_status: StatusCounts,
    /// Every area's actions by status meaning, in plan order.
    pub by_area: Vec<AreaCounts<'a>>,
}

impl<'a> Attention<'a> {
    /// The same lists, only the actions `person` leads (for "my actions"); counts are kept
    /// for the whole plan.
    pub fn for_person(&self, person: Uuid) -> Attention<'a> {
        let mine = |v: &Vec<Flagged<'a>>| v.iter().copied().filter(|f| f.led_by(person)).collect();
        Attention {
            today: self.today,
            period: self.period.clone(),
            overdue: mine(&self.overdue),
            off_track: mine(&self.off_track),
            at_risk: mine(&self.at_risk),
            no_update_this_period: mine(&self.no_update_this_period),
            awaiting_sign_off: mine(&self.awaiting_sign_off),
            impact_checks_due: mine(&self.impact_checks_due),
            by_status: self.by_status.clone(),
            by_area: self.by_area.clone(),
        }
    }
}

/// The date an action is due, when its timescale gives one: an exact date, or the last
/// day of a month. Recurring, "in place", "TBC" and free-text timescales have none.
pub fn due_date(action: &StoredAction) -> Option<NaiveDate> {
    let due = action.due.as_ref()?;
    match due.kind {
        WhenKind::Date | WhenKind::Month => due.date,
        _ => None,
    }
}

/// Whether the action is complete: its status means complete, or it is signed off.
pub fn is_complete(action: &StoredAction) -> bool {
    action
        .status
        .as_ref()
        .is_some_and(|s| s.meaning == Meaning::Complete)
        || action.signoff.as_ref().is_some_and(|s| s.is_signed_off())
}

/// Whether the action's due date has passed on `today` and it is not complete.
pub fn is_overdue(action: &StoredAction, today: NaiveDate) -> bool {
    !is_complete(action) && due_date(action).is_some_and(|d| d < today)
}

/// The date of the latest dated update; an undated (imported) update has no date and so
/// counts as older than any period.
pub fn last_update_date(action: &StoredAction) -> Option<NaiveDate> {
    action.updates.iter().filter_map(|u| u.date).max()
}

/// Whether the action, not complete and started, has no update dated in `period`.
pub fn needs_update(action: &StoredAction, period: &Period) -> bool {
    if is_complete(action) {
        return false;
    }
    // Not yet started: nothing to report.
    let start = action
        .start
        .as_ref()
        .filter(|s| matches!(s.kind, WhenKind::Date | WhenKind::Month))
        .and_then(|s| s.date);
    if start.is_some_and(|s| s > period.end) {
        return false;
    }
    !action
        .updates
        .iter()
        .filter_map(|u| u.date)
        .any(|d| period.contains(d))
}

/// What needs attention on `plan` on `today`, by the plan's own settings.
pub fn attention(plan: &StoredPlan, today: NaiveDate) -> Attention<'_> {
    let period = period_containing(today, &plan.settings.update_cadence);
    let mut out = Attention {
        today,
        overdue: Vec::new(),
        off_track: Vec::new(),
        at_risk: Vec::new(),
        no_update_this_period: Vec::new(),
        awaiting_sign_off: Vec::new(),
        impact_checks_due: Vec::new(),
        by_status: StatusCounts::new(),
        by_area: Vec::new(),
        period,
    };
    for area in &plan.areas {
        let mut counts = StatusCounts::new();
        for top in &area.actions {
            for action in top.walk() {
                let f = Flagged { area, action };
                counts.add(action);
                out.by_status.add(action);
                if is_overdue(action, today) {
                    out.overdue.push(f);
                }
                match action.status.as_ref().map(|s| s.meaning) {
                    Some(Meaning::OffTrack) => out.off_track.push(f),
                    Some(Meaning::AtRisk) => out.at_risk.push(f),
                    _ => {}
                }
                if needs_update(action, &out.period) {
                    out.no_update_this_period.push(f);
                }
                if action.signoff.as_ref().is_some_and(|s| !s.is_signed_off()) {
                    out.awaiting_sign_off.push(f);
                }
                if impact_check_is_due(action, today) {
                    out.impact_checks_due.push(f);
                }
            }
        }
        out.by_area.push(AreaCounts { area, counts });
    }
    // Most overdue first; plan order among equals (the sort is stable).
    out.overdue.sort_by_key(|f| due_date(f.action));
    out
}
