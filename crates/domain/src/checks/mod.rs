//! Plan checks: what Ofsted says of weak plans — no lead, no timescale, actions not
//! specific, nothing measured, status that contradicts the update, drift — found in a plan
//! before Ofsted finds it (`shared/spec/plan-checks.md`).
//!
//! Pure: a plan document, the date it is read as of and a few settings in; findings out.
//! Each check is a small named function in a module of its kind; a finding names the
//! row by its place in the document (area index, action path), says in one sentence what
//! is wrong, why (the cell or the dates compared) and what to do. Precision comes first:
//! a finding a Head of Service would dismiss is worse than a missed one, so borderline
//! wording stays silent.

pub mod catalogue;
mod data;
mod dates;
pub mod dismissal;
pub mod glossary;
mod measures;
mod people;
mod status;
mod wording;
pub mod words;

use crate::document::{Action, Area, PlanDocument};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Advice,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Advice => "advice",
        }
    }
}

/// What a check found, where, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub code: String,
    pub severity: Severity,
    /// The area, or `None` for the plan as a whole.
    pub area_index: Option<usize>,
    /// The action's index in `area.actions`, then indexes into `children`; empty for an
    /// area or the plan.
    pub action_path: Vec<usize>,
    #[serde(rename = "ref")]
    pub r#ref: Option<String>,
    /// The first words of the action (or the area's title).
    pub text_start: String,
    pub message: String,
    pub why: String,
    pub fix: String,
}

/// What the checks need besides the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Whether evidence is recorded against this plan (Assure keeps it for a stored plan;
    /// a file with no evidence column says nothing about evidence).
    pub evidence_tracked: bool,
    /// When the inspection report was published, for the 70-working-day deadline.
    pub report_published: Option<NaiveDate>,
    /// When the plan was in place (a stored plan's creation), if known.
    pub plan_in_place: Option<NaiveDate>,
    /// The plan is read from a file: one with no update and no status anywhere is a
    /// forward plan with no reporting point, so nothing in it is overdue until it is
    /// tracked.
    pub from_file: bool,
    /// How often updates are due (the plan's update cadence; monthly for a file): an
    /// action is stalled after `stalled_periods` of them with no update.
    pub update_cadence: crate::schedule::Schedule,
    /// Update periods with no update, status unchanged, before an action is stalled (the
    /// plan's setting; [`STALLED_PERIODS`] for a file).
    pub stalled_periods: u32,
}

/// Update periods without an update, status unchanged, before an action is stalled,
/// unless the plan says otherwise.
pub const STALLED_PERIODS: u32 = 3;

impl Settings {
    /// What the checks need to know of a stored plan: evidence is kept for it, and the
    /// report's publication date where its inspection record has one. When the plan was
    /// in place is not known: the day it was put into Assure may be months after it was
    /// agreed, and a plan must not be called late on that evidence (precision first), so
    /// the deadline is only ever advice while it is ahead.
    pub fn for_stored_plan(plan: &crate::model::StoredPlan) -> Settings {
        Settings {
            evidence_tracked: true,
            report_published: plan.inspection.as_ref().and_then(|i| i.report_published),
            plan_in_place: None,
            from_file: false,
            update_cadence: plan.settings.update_cadence.clone(),
            stalled_periods: plan.settings.stalled_periods,
        }
    }
}

/// One action row with where it stands.
pub(crate) struct Row<'a> {
    pub area_index: usize,
    pub area: &'a Area,
    pub path: Vec<usize>,
    pub action: &'a Action,
    /// From the top-level action down to the row's parent.
    pub ancestors: Vec<&'a Action>,
}

impl Row<'_> {
    /// A finding about this row.
    pub fn finding(
        &self,
        code: &str,
        severity: Severity,
        message: String,
        why: String,
        fix: &str,
    ) -> Finding {
        Finding {
            code: code.to_string(),
            severity,
            area_index: Some(self.area_index),
            action_path: self.path.clone(),
            r#ref: self.action.r#ref.clone(),
            text_start: self
                .action
                .wording()
                .map(|w| w.short(12))
                .unwrap_or_default(),
            message,
            why,
            fix: fix.to_string(),
        }
    }

    /// The row and everything beneath it.
    pub fn family(&self) -> Vec<&Action> {
        let mut out = Vec::new();
        fn walk<'a>(a: &'a Action, out: &mut Vec<&'a Action>) {
            out.push(a);
            for c in &a.children {
                walk(c, out);
            }
        }
        walk(self.action, &mut out);
        out
    }
}

/// Every action row of the plan, in document order.
pub(crate) fn rows(doc: &PlanDocument) -> Vec<Row<'_>> {
    fn walk<'a>(
        area_index: usize,
        area: &'a Area,
        actions: &'a [Action],
        path: &mut Vec<usize>,
        ancestors: &mut Vec<&'a Action>,
        out: &mut Vec<Row<'a>>,
    ) {
        for (i, a) in actions.iter().enumerate() {
            path.push(i);
            out.push(Row {
                area_index,
                area,
                path: path.clone(),
                action: a,
                ancestors: ancestors.clone(),
            });
            ancestors.push(a);
            walk(area_index, area, &a.children, path, ancestors, out);
            ancestors.pop();
            path.pop();
        }
    }
    let mut out = Vec::new();
    for (i, area) in doc.areas.iter().enumerate() {
        walk(
            i,
            area,
            &area.actions,
            &mut Vec::new(),
            &mut Vec::new(),
            &mut out,
        );
    }
    out
}

/// The date a plan is read as of when none is given: the date of its latest dated
/// update, if it has one (a file is a snapshot of that moment), else `today`.
pub fn default_as_of(doc: &PlanDocument, today: NaiveDate) -> NaiveDate {
    doc.actions()
        .into_iter()
        .flat_map(|(_, a)| a.updates.iter().filter_map(|u| u.date))
        .filter(|d| *d <= today)
        .max()
        .unwrap_or(today)
}

/// Every check on `doc` as of `as_of`: findings in the plan's order (plan-wide first,
/// then by area and action), most severe first where they share a row.
pub fn check(doc: &PlanDocument, as_of: NaiveDate, settings: &Settings) -> Vec<Finding> {
    let rows = rows(doc);
    let measured = measures::plan_measures(doc);
    let tracked = !settings.from_file
        || doc
            .actions()
            .iter()
            .any(|(_, a)| a.status.is_some() || !a.updates.is_empty());
    let off_target = data::off_target(doc);
    let mut out = Vec::new();
    out.extend(dates::plan_deadline(doc, as_of, settings));
    for row in &rows {
        out.extend(people::no_lead(row));
        out.extend(glossary::lead_not_in_glossary(row, &doc.glossary));
        out.extend(dates::due_tbc(row));
        out.extend(dates::due_vague(row));
        out.extend(wording::vague_action(row));
        if measured {
            out.extend(measures::no_measure(row));
        }
        out.extend(status::complete_without_evidence(row, settings));
        out.extend(status::status_contradicts_update(row));
        out.extend(data::status_contradicts_measure(row, &off_target));
        if tracked {
            out.extend(dates::overdue_not_complete(row, as_of));
            out.extend(dates::stalled(row, as_of, settings));
        }
    }
    out.extend(measures::uncovered_areas(doc, &rows));
    out.sort_by(|a, b| {
        (a.area_index, &a.action_path, a.severity).cmp(&(b.area_index, &b.action_path, b.severity))
    });
    out
}

/// The date as people read it.
pub(crate) fn day(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// A cell's text for a finding's `why`, shortened.
pub(crate) fn quoted(s: &str) -> String {
    let folded: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut short: String = folded.chars().take(120).collect();
    if short.chars().count() < folded.chars().count() {
        short.push('…');
    }
    format!("'{short}'")
}
