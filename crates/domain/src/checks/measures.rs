//! How anyone will know it worked: `no_measure`, and areas no action covers,
//! `uncovered_area`.

use super::people::names_lead;
use super::{Finding, Row, Severity};
use crate::document::{Action, Area, PlanDocument};
use crate::when::WhenKind;

fn says_how_measured(a: &Action) -> bool {
    let filled = |s: &Option<String>| s.as_deref().is_some_and(|t| !t.trim().is_empty());
    filled(&a.assurance) || filled(&a.impact) || filled(&a.measure) || !a.milestones.is_empty()
}

/// Whether the area says how success is measured: in its own lists, or in any of its
/// rows (plans often write the measure once, on the first row of a recommendation, for
/// all the actions under it).
fn area_measured(area: &Area) -> bool {
    fn any_row(actions: &[Action]) -> bool {
        actions
            .iter()
            .any(|a| says_how_measured(a) || any_row(&a.children))
    }
    area.measures
        .iter()
        .chain(&area.outcomes)
        .any(|m| !m.trim().is_empty())
        || any_row(&area.actions)
}

/// Whether the plan records measures anywhere: a plan with no such column says nothing
/// per action, only once for the whole plan.
pub(super) fn plan_measures(doc: &PlanDocument) -> bool {
    doc.areas.iter().any(area_measured) || doc.actions().iter().any(|(_, a)| says_how_measured(a))
}

/// A top-level action nothing measures: not itself, its sub-rows or its area.
pub(super) fn no_measure(row: &Row<'_>) -> Option<Finding> {
    if !row.ancestors.is_empty() || row.action.wording().is_none() {
        return None;
    }
    if row.family().iter().any(|a| says_how_measured(a)) || area_measured(row.area) {
        return None;
    }
    Some(row.finding(
        "no_measure",
        Severity::Advice,
        "Nothing says how anyone will know this has worked.".into(),
        "no assurance, impact, measure or milestone on the action, its sub-rows or its area".into(),
        "Say what will show it has made a difference for children: a measure, a milestone or how you will be assured.",
    ))
}

fn has_date(a: &Action) -> bool {
    let dated = |w: &crate::when::When| {
        w.date.is_some() || matches!(w.kind, WhenKind::InPlace | WhenKind::Recurring)
    };
    a.due.as_ref().is_some_and(dated)
        || a.start.as_ref().is_some_and(dated)
        || a.milestones
            .iter()
            .any(|m| m.due.as_ref().is_some_and(dated))
}

/// Areas with no action that has a lead, a date and a measure; and, for a plan that
/// records no measures anywhere, that once.
pub(super) fn uncovered_areas(doc: &PlanDocument, rows: &[Row<'_>]) -> Vec<Finding> {
    let measured_anywhere = plan_measures(doc);
    let mut out = Vec::new();
    if !measured_anywhere && !rows.is_empty() {
        out.push(Finding {
            code: "no_measure".into(),
            severity: Severity::Advice,
            area_index: None,
            action_path: Vec::new(),
            r#ref: None,
            text_start: String::new(),
            message: "The plan says nowhere how anyone will know its actions have worked.".into(),
            why: "no action or area has an assurance, impact, measure, milestone or outcome".into(),
            fix: "Add how you will know each action has made a difference: a measure, a milestone or how you will be assured.".into(),
        });
    }
    for (i, area) in doc.areas.iter().enumerate() {
        // An area split across two groups (a phase heading inside it) is one area: it is
        // covered when any of its parts is, and reported once, at its first part.
        let same = |a: &Area| a.title == area.title && a.r#ref == area.r#ref;
        let parts: Vec<usize> = (0..doc.areas.len())
            .filter(|j| same(&doc.areas[*j]))
            .collect();
        if parts.first() != Some(&i) {
            continue;
        }
        let measured_area = parts.iter().any(|j| area_measured(&doc.areas[*j]));
        let covered = rows
            .iter()
            .filter(|r| parts.contains(&r.area_index) && r.ancestors.is_empty())
            .any(|r| {
                let family = r.family();
                family.iter().any(|a| names_lead(a))
                    && family.iter().any(|a| has_date(a))
                    && (!measured_anywhere
                        || measured_area
                        || family.iter().any(|a| says_how_measured(a)))
            });
        if !covered {
            let count = rows
                .iter()
                .filter(|r| parts.contains(&r.area_index))
                .count();
            let what = if count == 0 {
                "It has no actions."
            } else {
                "None of its actions has a lead, a date and a way to measure it."
            };
            out.push(Finding {
                code: "uncovered_area".into(),
                severity: Severity::Error,
                area_index: Some(i),
                action_path: Vec::new(),
                r#ref: area.r#ref.clone(),
                text_start: area
                    .title
                    .split_whitespace()
                    .take(12)
                    .collect::<Vec<_>>()
                    .join(" "),
                message: format!(
                    "This area for improvement is not covered by a checkable action. {what}"
                ),
                why: format!("{count} action row(s) in the area"),
                fix: "Add an action with a named lead, a date and how you will know it has worked."
                    .into(),
            });
        }
    }
    out
}
