//! Values uploaded from a performance report: rows read from a file (by the importer),
//! matched here to the plan's measures, each value read in its measure's unit and each
//! period in its measure's frequency. Every problem is listed with its place, and a file
//! with any problem saves nothing.

use super::period::{MeasurePeriod, parse_period};
use super::units::{Frequency, Unit, parse_value};
use std::collections::HashSet;

/// One value as a file writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadRow {
    pub measure: String,
    pub period: String,
    pub value: String,
    pub note: Option<String>,
    /// Where it is, for messages: "row 4", "row 4, column C".
    pub place: String,
}

/// A measure values can be matched to.
#[derive(Debug, Clone, Copy)]
pub struct UploadMeasure<'a> {
    pub name: &'a str,
    pub unit: Unit,
    pub frequency: Frequency,
}

/// One value ready to record: the index of its measure in the list given.
#[derive(Debug, Clone, PartialEq)]
pub struct Matched {
    pub measure: usize,
    pub period: MeasurePeriod,
    pub value: f64,
    pub note: Option<String>,
}

fn folded(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Matches every row to a measure (by name, ignoring case and spacing), reads its
/// period and value. Rows with an empty value are skipped (a performance report leaves
/// months not yet reported blank).
///
/// # Errors
/// Every problem, one sentence each with its place: an unknown measure, an unreadable
/// period or value, a value the unit cannot hold, a period given twice.
pub fn match_rows(
    rows: &[UploadRow],
    measures: &[UploadMeasure<'_>],
) -> Result<Vec<Matched>, Vec<String>> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for r in rows {
        let want = folded(&r.measure);
        let Some(i) = measures.iter().position(|m| folded(m.name) == want) else {
            problems.push(format!(
                "{}: \u{201c}{}\u{201d} is not a measure of this plan (add it first, or check the spelling)",
                r.place,
                r.measure.trim()
            ));
            continue;
        };
        let m = measures[i];
        let value = match parse_value(&r.value) {
            Ok(Some(v)) => v,
            Ok(None) => continue,
            Err(e) => {
                problems.push(format!("{}: {e}", r.place));
                continue;
            }
        };
        let period = match parse_period(&r.period, m.frequency) {
            Ok(p) => p,
            Err(e) => {
                problems.push(format!("{}: {e}", r.place));
                continue;
            }
        };
        if let Err(e) = m.unit.check(value) {
            problems.push(format!("{}: the value for {} {e}", r.place, m.name));
            continue;
        }
        if !seen.insert((i, period)) {
            problems.push(format!(
                "{}: a second value for {}, {} (each period once)",
                r.place,
                m.name,
                period.label()
            ));
            continue;
        }
        let note = r
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string);
        if note
            .as_deref()
            .is_some_and(|n| n.chars().count() > super::MAX_TEXT_CHARS)
        {
            problems.push(format!(
                "{}: the note is longer than {} characters",
                r.place,
                super::MAX_TEXT_CHARS
            ));
            continue;
        }
        out.push(Matched {
            measure: i,
            period,
            value,
            note,
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(measure: &str, period: &str, value: &str, place: usize) -> UploadRow {
        UploadRow {
            measure: measure.into(),
            period: period.into(),
            value: value.into(),
            note: None,
            place: format!("row {place}"),
        }
    }

    const MEASURES: [UploadMeasure<'static>; 2] = [
        UploadMeasure {
            name: "Audits graded good",
            unit: Unit::Percentage,
            frequency: Frequency::Monthly,
        },
        UploadMeasure {
            name: "Weeks in pre-proceedings",
            unit: Unit::Weeks,
            frequency: Frequency::Quarterly,
        },
    ];

    #[test]
    fn rows_match_measures_by_name_and_read_in_their_unit() {
        let got = match_rows(
            &[
                row(" audits  GRADED good", "Apr-26", "81%", 2),
                row("Weeks in pre-proceedings", "Q1 2026/27", "17.5", 3),
                row("Audits graded good", "May-26", "", 4),
            ],
            &MEASURES,
        )
        .unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(
            (got[0].measure, got[0].period.key(), got[0].value),
            (0, "2026-04".into(), 81.0)
        );
        assert_eq!((got[1].measure, got[1].period.key()), (1, "2026-04".into()));
    }

    #[test]
    fn every_problem_is_listed_with_its_place() {
        let problems = match_rows(
            &[
                row("Audits graded good", "Apr-26", "good", 2),
                row("Re-referrals", "Apr-26", "12", 3),
                row("Audits graded good", "May-26", "120", 4),
                row("Audits graded good", "2026-06", "80", 5),
                row("Audits graded good", "June 2026", "81", 6),
                row("Audits graded good", "Spring", "81", 7),
            ],
            &MEASURES,
        )
        .unwrap_err();
        assert_eq!(problems.len(), 5, "{problems:#?}");
        assert_eq!(problems[0], "row 2: \"good\" is not a number");
        assert!(problems[1].starts_with("row 3: \u{201c}Re-referrals\u{201d} is not a measure"));
        assert!(
            problems[2]
                .starts_with("row 4: the value for Audits graded good is a percentage outside")
        );
        assert_eq!(
            problems[3],
            "row 6: a second value for Audits graded good, June 2026 (each period once)"
        );
        assert!(problems[4].starts_with("row 7: \"Spring\" is not a period"));
    }
}
