//! A measure as the store keeps it: its fields, links, targets and values.

use super::bands::Tolerance;
use super::document::{MeasureDoc, MeasureValueDoc, TargetDoc};
use super::period::MeasurePeriod;
use super::series::Series;
use super::targets::Target;
use super::targets::TargetHistory;
use super::units::{Direction, Frequency, Unit};
use crate::status::Meaning;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a measure is meant to move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureLink {
    Area(Uuid),
    Action(Uuid),
}

/// A measure's own fields, as a person edits them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureFields {
    pub name: String,
    pub definition: Option<String>,
    pub unit: Unit,
    pub direction: Direction,
    pub frequency: Frequency,
    pub source: Option<String>,
    pub owner: Option<String>,
    /// `None`: the unit's default (`Tolerance::default_for`).
    pub tolerance: Option<Tolerance>,
    pub links: Vec<MeasureLink>,
}

/// One value of a measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureValue {
    pub period: MeasurePeriod,
    pub value: f64,
    pub note: Option<String>,
    pub entered_at: DateTime<Utc>,
    pub entered_by: String,
}

/// A measure as kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub version: i64,
    pub fields: MeasureFields,
    /// Oldest first.
    pub targets: Vec<Target>,
    /// Oldest period first.
    pub values: Vec<MeasureValue>,
}

impl Measure {
    /// The tolerance that applies: the measure's own, else its unit's default.
    pub fn tolerance(&self) -> Tolerance {
        self.fields
            .tolerance
            .unwrap_or_else(|| Tolerance::default_for(self.fields.unit))
    }
}

impl Measure {
    /// The targets as a history (the store keeps only targets that fit the measure).
    pub fn history(&self) -> TargetHistory {
        TargetHistory::new(
            self.targets.clone(),
            self.fields.unit,
            self.fields.direction,
        )
        .unwrap_or_default()
    }

    /// The values laid out period by period through `through`, from the first value (or
    /// the first target's period, for a measure with no values yet).
    pub fn series(&self, through: MeasurePeriod) -> Series {
        let values: Vec<(MeasurePeriod, f64)> =
            self.values.iter().map(|v| (v.period, v.value)).collect();
        let from = self
            .targets
            .first()
            .map(|t| MeasurePeriod::containing(t.from, self.fields.frequency))
            .filter(|p| *p <= through);
        Series::build(
            &values,
            &self.history(),
            self.fields.direction,
            self.tolerance(),
            from,
            through,
        )
    }

    /// The status of the latest value against the target of its period.
    pub fn latest_status(&self) -> Option<Meaning> {
        let last = self.values.last()?;
        self.series(last.period).latest().and_then(|p| p.status)
    }

    /// Whether the measure is meant to move this action or area.
    pub fn links_to(&self, link: MeasureLink) -> bool {
        self.fields.links.contains(&link)
    }

    /// The measure as a plan document writes it; `ref_of` names a link by its ref (a link
    /// to a row with no ref is left out: a document can only name rows by ref).
    pub fn to_doc(&self, ref_of: impl Fn(MeasureLink) -> Option<String>) -> MeasureDoc {
        let f = &self.fields;
        MeasureDoc {
            name: f.name.clone(),
            definition: f.definition.clone(),
            unit: f.unit,
            direction: f.direction,
            frequency: f.frequency,
            source: f.source.clone(),
            owner: f.owner.clone(),
            target: self.targets.last().map(|t| t.value),
            targets: self
                .targets
                .iter()
                .map(|t| TargetDoc {
                    from: t.from,
                    value: t.value,
                    upper: t.upper,
                    reason: t.reason.clone(),
                })
                .collect(),
            tolerance: f.tolerance,
            values: self
                .values
                .iter()
                .map(|v| MeasureValueDoc {
                    period: v.period.key(),
                    value: v.value,
                    note: v.note.clone(),
                })
                .collect(),
            status: self.latest_status(),
            links: f.links.iter().filter_map(|l| ref_of(*l)).collect(),
        }
    }
}
