//! A plan's update schedule: a regular [`Cadence`], or the council's own dates ("updates
//! to the board on 15 January, 12 March and 14 May").
//!
//! Custom dates are the days periods end on. A period runs from the day after one date to
//! the next; the first runs back as far as the gap to the second date (a month when there
//! is only one date). Before the first period and after the last date the calendar months
//! carry on, cut short where they meet the dates, so every day still falls in exactly one
//! period.

use crate::periods::{Cadence, Period, Tiling};
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The most custom dates a plan keeps: ten years of monthly dates.
pub const MAX_CUSTOM_DATES: usize = 120;
/// The years custom dates may fall in: a plan of this century.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2099;

/// How a plan's reporting periods fall.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Schedule {
    /// Every week, fortnight, month or quarter.
    Regular(Cadence),
    /// Periods ending on the council's own dates.
    Custom(CustomDates),
}

/// The days custom periods end on: sorted, distinct, at least one, at most
/// [`MAX_CUSTOM_DATES`], all in 2000–2099.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "Vec<NaiveDate>", into = "Vec<NaiveDate>")]
pub struct CustomDates(Vec<NaiveDate>);

/// Why a list of dates cannot be a schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleError {
    NoDates,
    TooMany(usize),
    OutOfRange(NaiveDate),
}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScheduleError::NoDates => f.write_str("Enter at least one date a period ends on"),
            ScheduleError::TooMany(n) => write!(
                f,
                "Enter at most {MAX_CUSTOM_DATES} dates (there are {n}); keep the dates of the next few years"
            ),
            ScheduleError::OutOfRange(d) => write!(
                f,
                "{} is outside the years 2000 to 2099",
                d.format("%-d %B %Y")
            ),
        }
    }
}

impl std::error::Error for ScheduleError {}

impl CustomDates {
    /// The dates sorted, repeats dropped.
    ///
    /// # Errors
    /// No dates, more than [`MAX_CUSTOM_DATES`], or a date outside 2000–2099.
    pub fn new(mut dates: Vec<NaiveDate>) -> Result<CustomDates, ScheduleError> {
        dates.sort_unstable();
        dates.dedup();
        if dates.is_empty() {
            return Err(ScheduleError::NoDates);
        }
        if dates.len() > MAX_CUSTOM_DATES {
            return Err(ScheduleError::TooMany(dates.len()));
        }
        if let Some(d) = dates.iter().find(|d| !YEARS.contains(&d.year())) {
            return Err(ScheduleError::OutOfRange(*d));
        }
        Ok(CustomDates(dates))
    }

    /// The end dates, earliest first.
    pub fn ends(&self) -> &[NaiveDate] {
        &self.0
    }

    /// Where the first period begins: as far before the first date as the second is
    /// after it, or a month before it.
    fn first_start(&self) -> NaiveDate {
        let first = self.0[0];
        let before = match self.0.get(1) {
            Some(second) => first - (*second - first),
            None => first - Months::new(1),
        };
        before + Days::new(1)
    }

    fn period_containing(&self, date: NaiveDate) -> Period {
        let ends = &self.0;
        let month = Cadence::Monthly.period_containing(date);
        let i = ends.partition_point(|e| *e < date);
        let Some(&end) = ends.get(i) else {
            // After the last date: calendar months, the first beginning the day after.
            let last = ends[ends.len() - 1];
            let start = month.start.max(last + Days::new(1));
            return cut(month, start, None);
        };
        let start = match i {
            0 => self.first_start(),
            _ => ends[i - 1] + Days::new(1),
        };
        if date >= start {
            return Period {
                start,
                end,
                label: ending(end),
            };
        }
        // Before the first period: calendar months, the last ending the day before it.
        let before = start - Days::new(1);
        cut(month.clone(), month.start, Some(month.end.min(before)))
    }
}

/// `month` from `start` to `end` (its own end if none); renamed when cut short.
fn cut(month: Period, start: NaiveDate, end: Option<NaiveDate>) -> Period {
    let end = end.unwrap_or(month.end);
    if start == month.start && end == month.end {
        return month;
    }
    Period {
        start,
        end,
        label: ending(end),
    }
}

/// "Period ending 15 March 2027".
fn ending(end: NaiveDate) -> String {
    format!("Period ending {}", end.format("%-d %B %Y"))
}

impl TryFrom<Vec<NaiveDate>> for CustomDates {
    type Error = ScheduleError;

    fn try_from(dates: Vec<NaiveDate>) -> Result<Self, Self::Error> {
        CustomDates::new(dates)
    }
}

impl From<CustomDates> for Vec<NaiveDate> {
    fn from(d: CustomDates) -> Self {
        d.0
    }
}

impl Schedule {
    /// The name kept in forms and the database: a cadence's, or "custom".
    pub fn as_str(&self) -> &'static str {
        match self {
            Schedule::Regular(c) => c.as_str(),
            Schedule::Custom(_) => "custom",
        }
    }

    /// Words for people: "Monthly", "Custom dates".
    pub fn describe(&self) -> &'static str {
        match self {
            Schedule::Regular(c) => c.describe(),
            Schedule::Custom(_) => "Custom dates",
        }
    }

    /// The custom end dates; none for a regular cadence.
    pub fn custom_dates(&self) -> &[NaiveDate] {
        match self {
            Schedule::Regular(_) => &[],
            Schedule::Custom(d) => d.ends(),
        }
    }

    /// The schedule named `word` ("monthly", "custom") with the custom `dates` (read
    /// only for "custom"); `None` for an unknown word.
    ///
    /// # Errors
    /// The dates cannot make a custom schedule.
    pub fn from_parts(
        word: &str,
        dates: Vec<NaiveDate>,
    ) -> Option<Result<Schedule, ScheduleError>> {
        if word == "custom" {
            return Some(CustomDates::new(dates).map(Schedule::Custom));
        }
        Cadence::parse(word).map(|c| Ok(Schedule::Regular(c)))
    }
}

impl From<Cadence> for Schedule {
    fn from(c: Cadence) -> Self {
        Schedule::Regular(c)
    }
}

impl Tiling for &Schedule {
    fn period_containing(self, date: NaiveDate) -> Period {
        match self {
            Schedule::Regular(c) => c.period_containing(date),
            Schedule::Custom(d) => d.period_containing(date),
        }
    }

    fn unit(self, plural: bool) -> &'static str {
        match (self, plural) {
            (Schedule::Regular(c), _) => c.unit(plural),
            (Schedule::Custom(_), true) => "periods",
            (Schedule::Custom(_), false) => "period",
        }
    }
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::periods::{next_period, previous_period};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    fn custom(dates: &[NaiveDate]) -> Schedule {
        Schedule::Custom(CustomDates::new(dates.to_vec()).expect("good dates"))
    }

    #[test]
    fn periods_run_from_one_date_to_the_next() {
        let s = custom(&[d(2027, 3, 15), d(2027, 1, 15), d(2027, 5, 14)]);
        let p = (&s).period_containing(d(2027, 2, 1));
        assert_eq!((p.start, p.end), (d(2027, 1, 16), d(2027, 3, 15)));
        assert_eq!(p.label, "Period ending 15 March 2027");
        // The date itself closes its period.
        assert_eq!((&s).period_containing(d(2027, 3, 15)).end, d(2027, 3, 15));
        assert_eq!((&s).period_containing(d(2027, 3, 16)).end, d(2027, 5, 14));
        // The first runs back as far as the gap to the second (59 days).
        let first = (&s).period_containing(d(2027, 1, 1));
        assert_eq!((first.start, first.end), (d(2026, 11, 18), d(2027, 1, 15)));
    }

    #[test]
    fn months_carry_on_either_side_of_the_dates() {
        let s = custom(&[d(2027, 1, 15)]);
        // One date: its period is the month before it.
        let only = (&s).period_containing(d(2027, 1, 1));
        assert_eq!((only.start, only.end), (d(2026, 12, 16), d(2027, 1, 15)));
        // The month it starts in is cut short the day before.
        let cut = (&s).period_containing(d(2026, 12, 3));
        assert_eq!((cut.start, cut.end), (d(2026, 12, 1), d(2026, 12, 15)));
        assert_eq!(cut.label, "Period ending 15 December 2026");
        let whole = (&s).period_containing(d(2026, 11, 3));
        assert_eq!(whole.label, "November 2026 update");
        // After the last date, the rest of its month, then calendar months.
        let rest = (&s).period_containing(d(2027, 1, 20));
        assert_eq!((rest.start, rest.end), (d(2027, 1, 16), d(2027, 1, 31)));
        let feb = (&s).period_containing(d(2027, 2, 20));
        assert_eq!(feb.label, "February 2027 update");
    }

    #[test]
    fn every_day_falls_in_one_period_and_neighbours_meet() {
        let s = custom(&[d(2027, 1, 31), d(2027, 2, 3), d(2027, 6, 30), d(2027, 7, 1)]);
        let mut p = (&s).period_containing(d(2026, 10, 1));
        while p.end < d(2027, 9, 30) {
            let next = next_period(&p, &s);
            assert_eq!(next.start, p.end + Days::new(1), "{p:?} then {next:?}");
            assert!(next.start <= next.end);
            assert_eq!(previous_period(&next, &s), p);
            p = next;
        }
    }

    #[test]
    fn bad_lists_are_refused_with_the_reason() {
        assert_eq!(CustomDates::new(vec![]), Err(ScheduleError::NoDates));
        let many: Vec<_> = (0..121).map(|i| d(2027, 1, 1) + Days::new(i)).collect();
        assert_eq!(CustomDates::new(many), Err(ScheduleError::TooMany(121)));
        assert_eq!(
            CustomDates::new(vec![d(1999, 12, 31)]),
            Err(ScheduleError::OutOfRange(d(1999, 12, 31)))
        );
        let repeated = CustomDates::new(vec![d(2027, 1, 1), d(2027, 1, 1)]).expect("ok");
        assert_eq!(repeated.ends(), &[d(2027, 1, 1)]);
    }

    #[test]
    fn schedules_keep_their_shape_in_json() {
        let regular = Schedule::Regular(Cadence::Monthly);
        assert_eq!(
            serde_json::to_string(&regular).expect("json"),
            "\"monthly\""
        );
        let s = custom(&[d(2027, 1, 15)]);
        let json = serde_json::to_string(&s).expect("json");
        assert_eq!(json, "[\"2027-01-15\"]");
        assert_eq!(serde_json::from_str::<Schedule>(&json).expect("back"), s);
        assert!(serde_json::from_str::<Schedule>("[]").is_err());
        assert_eq!(
            Schedule::from_parts("custom", vec![d(2027, 1, 15)]),
            Some(Ok(s))
        );
        assert_eq!(
            Schedule::from_parts("monthly", vec![d(2027, 1, 15)]),
            Some(Ok(regular))
        );
        assert_eq!(Schedule::from_parts("yearly", vec![]), None);
    }
}
