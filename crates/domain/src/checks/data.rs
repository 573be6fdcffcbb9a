//! Status from people against status from data: `status_contradicts_measure`, an action
//! reported on track while a measure it is meant to move has been off target for two
//! periods or more.

use super::{Finding, Row, Severity};
use crate::document::PlanDocument;
use crate::measures::{MeasurePeriod, Streak, Unit};
use crate::status::Meaning;

/// Periods off target, one after another, before an on-track status is questioned.
pub const OFF_TARGET_PERIODS: usize = 2;

/// A measure off target for long enough, with the refs it is linked to.
pub(super) struct OffTarget {
    name: String,
    links: Vec<String>,
    streak: Streak,
    latest: (MeasurePeriod, f64, Option<f64>),
    unit: Unit,
}

/// The plan's measures that have been off target for [`OFF_TARGET_PERIODS`] or more.
pub(super) fn off_target(doc: &PlanDocument) -> Vec<OffTarget> {
    doc.measures
        .iter()
        .filter(|m| !m.links.is_empty())
        .filter_map(|m| {
            let series = m.series();
            let streak = series.off_track_streak()?;
            if streak.periods < OFF_TARGET_PERIODS {
                return None;
            }
            let latest = series.latest()?;
            Some(OffTarget {
                name: m.name.clone(),
                links: m.links.iter().map(|l| l.trim().to_string()).collect(),
                streak,
                latest: (
                    latest.period,
                    latest.value?,
                    latest.target.as_ref().map(|t| t.value),
                ),
                unit: m.unit,
            })
        })
        .collect()
}

/// Reported on track (or ahead) while a linked measure has been off target for two
/// periods or more.
pub(super) fn status_contradicts_measure(row: &Row<'_>, off: &[OffTarget]) -> Option<Finding> {
    let s = row.action.status.as_ref()?;
    if !matches!(s.meaning, Meaning::OnTrack | Meaning::Ahead) {
        return None;
    }
    let r = row.action.r#ref.as_deref()?.trim();
    let m = off.iter().find(|m| m.links.iter().any(|l| l == r))?;
    let (period, value, target) = m.latest;
    let against = target
        .map(|t| format!(" against a target of {}", m.unit.format(t)))
        .unwrap_or_default();
    Some(row.finding(
        "status_contradicts_measure",
        Severity::Warning,
        format!(
            "Reported '{}' but '{}' has been off target for {} periods in a row.",
            s.label, m.name, m.streak.periods
        ),
        format!(
            "status '{}'; '{}' off target since {}, latest {} in {}{against}",
            s.label,
            m.name,
            m.streak.since.label(),
            m.unit.format(value),
            period.label()
        ),
        "Check the status against the measure: change the status, or say in the update why the figures have not moved yet.",
    ))
}
