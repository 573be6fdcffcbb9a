//! The period a measure's value belongs to: a calendar month, or a calendar quarter
//! (January to March, ...), as `periods` tiles them for update rounds.
//!
//! Performance reports label periods every way: "2026-04", "April 2026", "Apr-26",
//! "Q1 2026/27" (a financial quarter: April to June). All are read; a period is written
//! back as the year and month it starts ("2026-04"), which no reader can take two ways.

use super::units::Frequency;
use crate::periods::month_name;
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One period of a measure: the first day of its month or quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MeasurePeriod {
    start: NaiveDate,
    frequency: Frequency,
}

impl MeasurePeriod {
    /// The period of `frequency` that contains `date`.
    pub fn containing(date: NaiveDate, frequency: Frequency) -> MeasurePeriod {
        let month = match frequency {
            Frequency::Monthly => date.month(),
            Frequency::Quarterly => (date.month0() / 3) * 3 + 1,
        };
        MeasurePeriod {
            start: first_of(date.year(), month).unwrap_or(date),
            frequency,
        }
    }

    pub fn start(self) -> NaiveDate {
        self.start
    }

    /// The period's last day.
    pub fn end(self) -> NaiveDate {
        self.next().start.pred_opt().unwrap_or(self.start)
    }

    pub fn frequency(self) -> Frequency {
        self.frequency
    }

    pub fn next(self) -> MeasurePeriod {
        MeasurePeriod {
            start: self
                .start
                .checked_add_months(Months::new(self.frequency.months()))
                .unwrap_or(self.start),
            frequency: self.frequency,
        }
    }

    pub fn previous(self) -> MeasurePeriod {
        MeasurePeriod {
            start: self
                .start
                .checked_sub_months(Months::new(self.frequency.months()))
                .unwrap_or(self.start),
            frequency: self.frequency,
        }
    }

    /// The key a file or form holds: "2026-04".
    pub fn key(self) -> String {
        format!("{:04}-{:02}", self.start.year(), self.start.month())
    }

    /// Words for people: "April 2026", "April to June 2026".
    pub fn label(self) -> String {
        let (y, m) = (self.start.year(), self.start.month());
        match self.frequency {
            Frequency::Monthly => format!("{} {y}", month_name(m)),
            Frequency::Quarterly => format!("{} to {} {y}", month_name(m), month_name(m + 2)),
        }
    }

    /// A chart's axis label: "Apr 26", "Q Apr 26".
    pub fn short_label(self) -> String {
        let name = &month_name(self.start.month())[..3];
        format!("{name} {:02}", self.start.year() % 100)
    }

    /// The periods from `self` to `last`, both included (empty when `last` is before).
    pub fn through(self, last: MeasurePeriod) -> impl Iterator<Item = MeasurePeriod> {
        let mut next = Some(self);
        std::iter::from_fn(move || {
            let p = next?;
            if p > last {
                return None;
            }
            let n = p.next();
            next = (n != p).then_some(n);
            Some(p)
        })
    }
}

impl fmt::Display for MeasurePeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

fn first_of(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    let pos = MONTHS.iter().position(|m| w.starts_with(m))? as u32 + 1;
    // "sept" and whole names, never "marching".
    let whole = month_name(pos).to_lowercase();
    (whole.starts_with(&w) || w == "sept").then_some(pos)
}

fn year_of(word: &str) -> Option<i32> {
    let digits = word.trim_matches(|c: char| !c.is_ascii_digit());
    if digits.len() != word.len() {
        return None;
    }
    match digits.len() {
        4 => digits.parse().ok().filter(|y| (1990..=2100).contains(y)),
        2 => digits.parse::<i32>().ok().map(|y| 2000 + y),
        _ => None,
    }
}

/// Reads a period as a report labels it, for a measure of `frequency`. A month given
/// for a quarterly measure is the quarter containing it (reports often label a quarter
/// by its last month, "Jun-26"); a quarter given for a monthly measure is refused.
///
/// # Errors
/// What could not be read, in words for people.
pub fn parse_period(text: &str, frequency: Frequency) -> Result<MeasurePeriod, String> {
    let t = text.trim();
    let unreadable = || {
        format!(
            "\"{t}\" is not a period Assure can read (write the month as 2026-04 or April 2026{})",
            if frequency == Frequency::Quarterly {
                ", or the quarter as Q1 2026/27"
            } else {
                ""
            }
        )
    };
    if t.is_empty() {
        return Err("the period is empty".into());
    }
    let lower = t.to_lowercase();
    if let Some(start) = quarter(&lower) {
        return match frequency {
            Frequency::Quarterly => Ok(MeasurePeriod::containing(start, frequency)),
            Frequency::Monthly => Err(format!(
                "\"{t}\" is a quarter, but this measure has a value each month"
            )),
        };
    }
    let date = iso_month(&lower)
        .or_else(|| NaiveDate::parse_from_str(&lower, "%Y-%m-%d").ok())
        .or_else(|| NaiveDate::parse_from_str(&lower, "%d/%m/%Y").ok())
        .or_else(|| named_month(&lower))
        .ok_or_else(unreadable)?;
    Ok(MeasurePeriod::containing(date, frequency))
}

/// "2026-04", "2026/04".
fn iso_month(s: &str) -> Option<NaiveDate> {
    let (y, m) = s.split_once(['-', '/'])?;
    if y.len() != 4 || m.is_empty() || m.len() > 2 {
        return None;
    }
    first_of(year_of(y)?, m.parse().ok()?)
}

/// "April 2026", "Apr-26", "apr 26", "Sept 2026".
fn named_month(s: &str) -> Option<NaiveDate> {
    let mut words = s
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/' || c == '\'')
        .filter(|w| !w.is_empty());
    let month = month_of(words.next()?)?;
    let year = year_of(words.next()?)?;
    if words.next().is_some() {
        return None;
    }
    first_of(year, month)
}

/// The first day of a quarter: "Q1 2026/27", "Q1 2026-27", "2026/27 Q1" (financial
/// quarters, Q1 is April to June), or "2026-Q2", "Q2 2026" (calendar quarters).
fn quarter(s: &str) -> Option<NaiveDate> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let (q, year) = match words.as_slice() {
        [one] => {
            let (y, q) = one.split_once("-q")?;
            (format!("q{q}"), y.to_string())
        }
        [a, b] if a.starts_with('q') => ((*a).to_string(), (*b).to_string()),
        [a, b] if b.starts_with('q') => ((*b).to_string(), (*a).to_string()),
        _ => return None,
    };
    let n: u32 = q
        .strip_prefix('q')?
        .parse()
        .ok()
        .filter(|n| (1..=4).contains(n))?;
    if let Some((from, to)) = year.split_once(['/', '-']) {
        // A financial year: its second year must follow the first.
        let from = year_of(from)?;
        let to = year_of(to)?;
        if to % 100 != (from + 1) % 100 {
            return None;
        }
        let start = first_of(from, 4)?;
        start.checked_add_months(Months::new((n - 1) * 3))
    } else {
        first_of(year_of(&year)?, (n - 1) * 3 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn months_are_read_every_way_reports_write_them() {
        let april = MeasurePeriod::containing(d(2026, 4, 1), Frequency::Monthly);
        for text in [
            "2026-04",
            "2026/04",
            "April 2026",
            "Apr-26",
            "apr 26",
            "2026-04-17",
            "17/04/2026",
        ] {
            assert_eq!(parse_period(text, Frequency::Monthly), Ok(april), "{text}");
        }
        assert_eq!(
            parse_period("Sept 2026", Frequency::Monthly).map(MeasurePeriod::key),
            Ok("2026-09".into())
        );
        for bad in [
            "",
            "Spring 2026",
            "2026-13",
            "Marching 2026",
            "April",
            "Q5 2026",
        ] {
            assert!(parse_period(bad, Frequency::Monthly).is_err(), "{bad}");
        }
    }

    #[test]
    fn quarters_are_financial_when_the_year_is_split() {
        let q = |t| parse_period(t, Frequency::Quarterly).map(MeasurePeriod::label);
        assert_eq!(q("Q1 2026/27"), Ok("April to June 2026".into()));
        assert_eq!(q("Q4 2026-27"), Ok("January to March 2027".into()));
        assert_eq!(q("2026-Q2"), Ok("April to June 2026".into()));
        assert_eq!(q("Q1 2026"), Ok("January to March 2026".into()));
        // A quarter labelled by its last month.
        assert_eq!(q("Jun-26"), Ok("April to June 2026".into()));
        assert!(q("Q1 2026/28").is_err());
        assert!(parse_period("Q1 2026/27", Frequency::Monthly).is_err());
    }

    #[test]
    fn periods_step_and_round_trip_by_key() {
        let p = MeasurePeriod::containing(d(2026, 11, 20), Frequency::Quarterly);
        assert_eq!(p.key(), "2026-10");
        assert_eq!(p.end(), d(2026, 12, 31));
        assert_eq!(p.next().key(), "2027-01");
        assert_eq!(p.previous().key(), "2026-07");
        assert_eq!(parse_period(&p.key(), Frequency::Quarterly), Ok(p));
        let first = MeasurePeriod::containing(d(2026, 1, 1), Frequency::Monthly);
        let last = MeasurePeriod::containing(d(2026, 12, 1), Frequency::Monthly);
        assert_eq!(first.through(last).count(), 12);
        assert_eq!(last.through(first).count(), 0);
    }
}
