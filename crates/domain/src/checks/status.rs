//! Status against what the plan says: `complete_without_evidence` and
//! `status_contradicts_update`.

use super::words::{Says, evidence, says};
use super::{Finding, Row, Settings, Severity, day, quoted};
use crate::status::Meaning;

/// Marked complete (by the plan's own key) with no evidence on the row or beneath it.
pub(super) fn complete_without_evidence(row: &Row<'_>, settings: &Settings) -> Option<Finding> {
    let s = row.action.status.as_ref()?;
    if s.meaning != Meaning::Complete || !settings.evidence_tracked {
        return None;
    }
    if row.family().iter().any(|a| !a.evidence.is_empty()) {
        return None;
    }
    Some(row.finding(
        "complete_without_evidence",
        Severity::Warning,
        format!("Marked complete ('{}') with no evidence attached.", s.label),
        format!("status '{}'; evidence: none", s.label),
        "Attach what shows it is done (a link or a file), or change the status.",
    ))
}

/// The status says one thing and the latest update another: on track or complete while
/// the update says the work is not done (or, for complete, still in progress); off track
/// while the update reports it done.
pub(super) fn status_contradicts_update(row: &Row<'_>) -> Option<Finding> {
    let s = row.action.status.as_ref()?;
    let u = row
        .action
        .updates
        .iter()
        .rev()
        .find(|u| !u.text.trim().is_empty())?;
    let said = says(&u.text);
    let message = match (s.meaning, said) {
        (Meaning::OnTrack | Meaning::Ahead, Says::NotDone) => format!(
            "Reported '{}' ({}) but the latest update says the work is not done.",
            s.label,
            s.meaning.describe().to_lowercase()
        ),
        (Meaning::Complete, Says::NotDone | Says::InProgress) => format!(
            "Marked complete ('{}') but the latest update says the work is still going on.",
            s.label
        ),
        (Meaning::OffTrack, Says::Done) => format!(
            "Reported '{}' (off track) but the latest update says the work is done.",
            s.label
        ),
        _ => return None,
    };
    let words = evidence(&u.text).unwrap_or_default();
    Some(row.finding(
        "status_contradicts_update",
        Severity::Warning,
        message,
        format!(
            "status '{}'; latest update{}: {} (\"{words}\")",
            s.label,
            u.date.map(|d| format!(" {}", day(d))).unwrap_or_default(),
            quoted(&u.text)
        ),
        "Bring the status and the update into line: change the status, or say what has been done.",
    ))
}
