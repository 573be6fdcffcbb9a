//! Measures as a plan document and `assure measures export --format json` write them:
//! the `measures` key of `assure.plan/1` (optional, so documents written before it stay
//! valid).

use super::bands::Tolerance;
use super::period::{MeasurePeriod, parse_period};
use super::series::Series;
use super::targets::{Target, TargetHistory};
use super::units::{Direction, Frequency, Unit};
use crate::status::Meaning;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// One measure of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureDoc {
    pub name: String,
    #[serde(default)]
    pub definition: Option<String>,
    pub unit: Unit,
    pub direction: Direction,
    #[serde(default = "monthly")]
    pub frequency: Frequency,
    #[serde(default)]
    pub source: Option<String>,
    /// Who answers for the figures, as written.
    #[serde(default)]
    pub owner: Option<String>,
    /// The target in force when the document was written (read-only: `targets` rules).
    #[serde(default)]
    pub target: Option<f64>,
    #[serde(default)]
    pub targets: Vec<TargetDoc>,
    #[serde(default)]
    pub tolerance: Option<Tolerance>,
    #[serde(default)]
    pub values: Vec<MeasureValueDoc>,
    /// The latest value's status when written (read-only).
    #[serde(default)]
    pub status: Option<Meaning>,
    /// Refs of the areas and actions the measure is meant to move ("1", "1.2").
    #[serde(default)]
    pub links: Vec<String>,
}

fn monthly() -> Frequency {
    Frequency::Monthly
}

/// One target of a measure's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetDoc {
    pub from: NaiveDate,
    pub value: f64,
    #[serde(default)]
    pub upper: Option<f64>,
    #[serde(default)]
    pub reason: Option<String>,
}

/// One value of a measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureValueDoc {
    /// "2026-04": the year and month the period starts.
    pub period: String,
    pub value: f64,
    #[serde(default)]
    pub note: Option<String>,
}

impl MeasureDoc {
    /// The measure's own fields as this document gives them, linked to `links` (the
    /// document names links by ref; the caller resolves them against its plan).
    pub fn fields(&self, links: Vec<super::stored::MeasureLink>) -> super::stored::MeasureFields {
        super::stored::MeasureFields {
            name: self.name.clone(),
            definition: self.definition.clone(),
            unit: self.unit,
            direction: self.direction,
            frequency: self.frequency,
            source: self.source.clone(),
            owner: self.owner.clone(),
            tolerance: self.tolerance,
            links,
        }
    }

    /// The targets as a checked history.
    ///
    /// # Errors
    /// The first problem, in words for people, naming the measure.
    pub fn target_history(&self) -> Result<TargetHistory, String> {
        let targets = self
            .targets
            .iter()
            .map(|t| Target {
                from: t.from,
                value: t.value,
                upper: t.upper,
                reason: t.reason.clone(),
            })
            .collect();
        TargetHistory::new(targets, self.unit, self.direction)
            .map_err(|e| format!("measure \"{}\": {e}", self.name))
    }

    /// The values laid out period by period through the latest one (values and targets
    /// that do not read are left out: [`check`](Self::check) reports them).
    pub fn series(&self) -> Series {
        let values: Vec<(MeasurePeriod, f64)> = self
            .values
            .iter()
            .filter_map(|v| Some((parse_period(&v.period, self.frequency).ok()?, v.value)))
            .collect();
        let Some(last) = values.iter().map(|(p, _)| *p).max() else {
            return Series { points: Vec::new() };
        };
        Series::build(
            &values,
            &self.target_history().unwrap_or_default(),
            self.direction,
            self.tolerance
                .unwrap_or_else(|| Tolerance::default_for(self.unit)),
            None,
            last,
        )
    }

    /// Checks everything a person or a file could get wrong.
    ///
    /// # Errors
    /// The first problem, in words for people, naming the measure.
    pub fn check(&self) -> Result<(), String> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err("a measure has no name".into());
        }
        let who = format!("measure \"{}\"", short(name));
        if name.chars().count() > super::MAX_NAME_CHARS {
            return Err(format!(
                "{who}: the name is longer than {} characters",
                super::MAX_NAME_CHARS
            ));
        }
        for (what, text) in [
            ("definition", &self.definition),
            ("source", &self.source),
            ("owner", &self.owner),
        ] {
            if text
                .as_deref()
                .is_some_and(|t| t.chars().count() > super::MAX_TEXT_CHARS)
            {
                return Err(format!(
                    "{who}: the {what} is longer than {} characters",
                    super::MAX_TEXT_CHARS
                ));
            }
        }
        self.target_history()?;
        if let Some(t) = self.tolerance {
            t.check().map_err(|e| format!("{who}: {e}"))?;
        }
        let mut seen = HashSet::new();
        for v in &self.values {
            let period =
                parse_period(&v.period, self.frequency).map_err(|e| format!("{who}: {e}"))?;
            self.unit
                .check(v.value)
                .map_err(|e| format!("{who}: the value for {period} {e}"))?;
            if !seen.insert(period) {
                return Err(format!("{who}: two values for {period}"));
            }
            if v.note
                .as_deref()
                .is_some_and(|n| n.chars().count() > super::MAX_TEXT_CHARS)
            {
                return Err(format!(
                    "{who}: the note for {period} is longer than {} characters",
                    super::MAX_TEXT_CHARS
                ));
            }
        }
        Ok(())
    }
}

fn short(s: &str) -> String {
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> MeasureDoc {
        serde_json::from_str(
            r#"{"name": "Audits graded good", "unit": "percentage", "direction": "higher_is_better",
                "targets": [{"from": "2026-04-01", "value": 85}],
                "values": [{"period": "2026-04", "value": 81.5, "note": "two teams late"}],
                "links": ["1.2"]}"#,
        )
        .unwrap()
    }

    #[test]
    fn a_measure_reads_with_defaults_and_checks() {
        let m = doc();
        assert_eq!(m.frequency, Frequency::Monthly);
        assert_eq!(m.check(), Ok(()));
        let back: MeasureDoc = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
        assert_eq!(back, m);
    }

    #[test]
    fn each_problem_names_the_measure() {
        let mut m = doc();
        m.values.push(MeasureValueDoc {
            period: "April 2026".into(),
            value: 80.0,
            note: None,
        });
        assert_eq!(
            m.check(),
            Err("measure \"Audits graded good\": two values for April 2026".into())
        );
        let mut m = doc();
        m.values[0].value = 181.0;
        assert!(m.check().unwrap_err().contains("outside 0 to 100"));
        let mut m = doc();
        m.values[0].period = "soon".into();
        assert!(m.check().unwrap_err().contains("\"soon\" is not a period"));
        let mut m = doc();
        m.name = " ".into();
        assert_eq!(m.check(), Err("a measure has no name".into()));
    }
}
