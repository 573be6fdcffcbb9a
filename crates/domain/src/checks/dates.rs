//! Timescales: `due_tbc`, `due_vague`, `overdue_not_complete`, and the plan's own
//! deadline, `plan_deadline`.

use super::words::{Says, says};
use super::{Finding, Row, Settings, Severity, day, quoted};
use crate::calendar::{add_working_days, working_days_between};
use crate::document::{Action, PlanDocument};
use crate::periods::Tiling;
use crate::status::Meaning;
use crate::when::{When, WhenKind};
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

static TBC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:tbc|tba|tbd|to be (?:confirmed|agreed|decided|determined))\b")
        .expect("tbc")
});

/// A month with a year ("March 2021", "Mar-21"): a timescale that names one is not vague,
/// however many it names.
static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?[\s/-]*(?:\d{4}|\d{2})\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")
        .expect("month and year")
});

/// A timescale that says the work is done, or goes on without end, rather than when it
/// will be: neither can be late, so neither is vague.
static DONE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:completed?|achieved|done|closed|in place|ongoing|on-going|continuous|continual|business as usual)\b")
        .expect("done")
});

/// Whether the row, or a milestone of it, gives some timescale.
fn has_timescale(a: &Action) -> bool {
    a.due.is_some() || a.milestones.iter().any(|m| m.due.is_some())
}

/// The row's timescale is missing or "to be confirmed", where neither the action it
/// continues nor its own sub-rows give one.
pub(super) fn due_tbc(row: &Row<'_>) -> Option<Finding> {
    let a = row.action;
    a.wording()?;
    match &a.due {
        None => {
            let elsewhere = row.ancestors.iter().any(|p| has_timescale(p))
                || row.family().iter().any(|c| has_timescale(c))
                || a.start.is_some();
            (!elsewhere).then(|| {
                row.finding(
                    "due_tbc",
                    Severity::Warning,
                    "No timescale is given.".into(),
                    "timescale cell empty".into(),
                    "Give the date by which it will be done, or say that it is already in place or recurs.",
                )
            })
        }
        Some(w) if w.kind == WhenKind::Tbc || TBC.is_match(&w.text) => Some(row.finding(
            "due_tbc",
            Severity::Warning,
            "The timescale is still to be confirmed.".into(),
            format!("timescale {}", quoted(&w.text)),
            "Agree the date and write it in.",
        )),
        Some(_) => None,
    }
}

/// A timescale that gives no date and is not "in place" or recurring ("Following
/// restructure", "Spring").
pub(super) fn due_vague(row: &Row<'_>) -> Option<Finding> {
    let w = row.action.due.as_ref()?;
    let vague = w.kind == WhenKind::Text
        && w.date.is_none()
        && row.action.start.as_ref().and_then(|s| s.date).is_none()
        && !TBC.is_match(&w.text)
        && !DONE_WORDS.is_match(&w.text)
        && !MONTH_YEAR.is_match(&w.text)
        && !row
            .action
            .milestones
            .iter()
            .any(|m| m.due.as_ref().is_some_and(|d| d.date.is_some()));
    vague.then(|| {
        row.finding(
            "due_vague",
            Severity::Warning,
            "The timescale gives no date, so nobody can tell when it is late.".into(),
            format!("timescale {}", quoted(&w.text)),
            "Give a month or a date, or say that it recurs (monthly, quarterly).",
        )
    })
}

/// A real date the row was due by, if its timescale gives one.
fn due_date(w: &When) -> Option<NaiveDate> {
    matches!(w.kind, WhenKind::Date | WhenKind::Month | WhenKind::Text)
        .then_some(w.date)
        .flatten()
}

/// The latest update of the row (its own).
fn latest_update(a: &Action) -> Option<&crate::document::Update> {
    a.updates.iter().rev().find(|u| !u.text.trim().is_empty())
}

fn is_complete(a: &Action) -> bool {
    a.status
        .as_ref()
        .is_some_and(|s| s.meaning == Meaning::Complete)
}

/// Due before the as-of date, not complete, and not reported complete.
pub(super) fn overdue_not_complete(row: &Row<'_>, as_of: NaiveDate) -> Option<Finding> {
    let a = row.action;
    let w = a.due.as_ref()?;
    let due = due_date(w)?;
    if due >= as_of
        || is_complete(a)
        || row.ancestors.iter().any(|p| is_complete(p))
        || (!a.children.is_empty() && a.children.iter().all(is_complete))
        || TBC.is_match(&w.text)
        || DONE_WORDS.is_match(&w.text)
    {
        return None;
    }
    let latest = latest_update(a);
    if latest.is_some_and(|u| says(&u.text) == Says::Done) {
        return None;
    }
    let mut why = format!("timescale {}", quoted(&w.text));
    match &a.status {
        Some(s) => why.push_str(&format!("; status '{}'", s.label)),
        None => why.push_str("; no status"),
    }
    match latest {
        Some(u) => why.push_str(&format!(
            "; latest update{}: {}",
            u.date.map(|d| format!(" {}", day(d))).unwrap_or_default(),
            quoted(&u.text)
        )),
        None => why.push_str("; no update"),
    }
    Some(row.finding(
        "overdue_not_complete",
        Severity::Error,
        format!("Due by {} and not reported complete.", day(due)),
        why,
        "Record completion with evidence, or agree a new date and say why.",
    ))
}

/// The plan must be in place within 70 working days of the inspection report's
/// publication: advice with the date while it is ahead, a warning when the plan came
/// after it.
pub(super) fn plan_deadline(
    _doc: &PlanDocument,
    as_of: NaiveDate,
    settings: &Settings,
) -> Option<Finding> {
    let published = settings.report_published?;
    let deadline = add_working_days(published, 70);
    let finding = |severity, message: String, fix: &str| Finding {
        code: "plan_deadline".into(),
        severity,
        area_index: None,
        action_path: Vec::new(),
        r#ref: None,
        text_start: String::new(),
        message,
        why: format!(
            "report published {}; 70 working days (England and Wales bank holidays excluded) end on {}",
            day(published),
            day(deadline)
        ),
        fix: fix.into(),
    };
    match settings.plan_in_place {
        Some(in_place) if in_place > deadline => Some(finding(
            Severity::Warning,
            format!(
                "The plan was in place on {}, {} working days after the report: the deadline was {}.",
                day(in_place),
                working_days_between(published, in_place),
                day(deadline)
            ),
            "Say in the plan's introduction why it came late, and when it was agreed.",
        )),
        Some(_) => None,
        None if as_of <= deadline => Some(finding(
            Severity::Advice,
            format!(
                "The plan must be in place by {} ({} working days from now).",
                day(deadline),
                working_days_between(as_of, deadline)
            ),
            "Agree the plan with the leadership team in time to send it to Ofsted by then.",
        )),
        None => None,
    }
}

/// The date of the row's latest dated update, or its nearest ancestor's when it has none
/// of its own (a continuation row reports through the action it continues).
fn last_update_date(row: &Row<'_>) -> Option<NaiveDate> {
    let own = |a: &Action| a.updates.iter().filter_map(|u| u.date).max();
    own(row.action).or_else(|| row.ancestors.iter().rev().find_map(|p| own(p)))
}

/// The same status for the plan's `stalled_periods` update periods (by default
/// [`STALLED_PERIODS`](super::STALLED_PERIODS)) with no new update: a status nobody is looking at. Not for complete or not-started actions
/// (later phases sit not started on purpose), nor rows with no dated update anywhere
/// (nothing says when it was last looked at).
pub(super) fn stalled(row: &Row<'_>, as_of: NaiveDate, settings: &Settings) -> Option<Finding> {
    let cadence = &settings.update_cadence;
    // At least one period: a plan's setting of zero would call everything stalled.
    let n = settings.stalled_periods.max(1);
    let a = row.action;
    let status = a.status.as_ref()?;
    if matches!(status.meaning, Meaning::Complete | Meaning::NotStarted) {
        return None;
    }
    let last = last_update_date(row)?;
    // Whole periods gone by since the one the last update fell in.
    let mut period = crate::periods::period_containing(last, cadence);
    let mut missed = 0;
    while period.end < as_of && missed < n {
        period = crate::periods::period_containing(period.end.succ_opt()?, cadence);
        if period.end < as_of {
            missed += 1;
        }
    }
    (missed >= n).then(|| {
        row.finding(
            "stalled",
            Severity::Warning,
            format!(
                "No update for {} {} while the status stays {}.",
                n,
                cadence.unit(n != 1),
                quoted(&status.label)
            ),
            format!(
                "last update dated {}; status {}",
                day(last),
                quoted(&status.label)
            ),
            "Write this period's update: what has happened, and whether the status still holds.",
        )
    })
}
