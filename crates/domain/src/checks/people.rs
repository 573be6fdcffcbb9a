//! `no_lead`: nobody is named to make the action happen.

use super::{Finding, Row, Severity, quoted};
use crate::document::Action;

/// Lead cells that name nobody.
const PLACEHOLDERS: &[&str] = &[
    "tbc",
    "tba",
    "tbd",
    "?",
    "??",
    "-",
    "--",
    "–",
    "—",
    "n/a",
    "na",
    "none",
    "to be confirmed",
    "to be agreed",
    "to be decided",
    "unknown",
    "vacant",
];

/// Whether a lead cell names nobody.
pub(crate) fn is_placeholder(lead: &str) -> bool {
    let l = lead.trim().trim_end_matches('.').to_lowercase();
    l.is_empty() || PLACEHOLDERS.contains(&l.as_str())
}

/// Whether the action names a lead ("All staff" is a lead).
pub(crate) fn names_lead(a: &Action) -> bool {
    a.leads.iter().any(|l| !is_placeholder(l))
}

/// A row with no lead, or only a placeholder, where neither the action it continues nor
/// its own sub-rows name one.
pub(super) fn no_lead(row: &Row<'_>) -> Option<Finding> {
    let a = row.action;
    // A continuing row takes the lead of the action above it; and where that action has
    // none either, its own finding says so once for the rows beneath it.
    if a.wording().is_none()
        || names_lead(a)
        || !row.ancestors.is_empty()
        || row.family().iter().any(|c| names_lead(c))
    {
        return None;
    }
    let (message, why) = match a.leads.iter().find(|l| !l.trim().is_empty()) {
        Some(p) => (
            format!("The lead is {}: nobody is named.", quoted(p)),
            format!("lead cell {}", quoted(&a.leads.join(", "))),
        ),
        None => (
            "No lead is named.".to_string(),
            "lead cell empty".to_string(),
        ),
    };
    Some(row.finding(
        "no_lead",
        Severity::Error,
        message,
        why,
        "Name the person or role who will make sure this happens.",
    ))
}
