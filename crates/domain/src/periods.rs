//! Reporting periods: the update round a date falls in ("November 2026 update"), from a
//! plan's update cadence, and when the next review comes round.
//!
//! Periods tile the calendar with no gaps or overlaps: weeks start on Monday, fortnights
//! are counted from Monday 1 January 2001 (so every plan's fortnights line up), months and
//! quarters are calendar months and quarters (January to March, April to June, ...).

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How often something comes round: updates, reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    Weekly,
    Fortnightly,
    Monthly,
    Quarterly,
}

impl Cadence {
    /// Every cadence, most frequent first.
    pub const ALL: [Cadence; 4] = [
        Cadence::Weekly,
        Cadence::Fortnightly,
        Cadence::Monthly,
        Cadence::Quarterly,
    ];

    /// The snake_case name used in forms and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::Weekly => "weekly",
            Cadence::Fortnightly => "fortnightly",
            Cadence::Monthly => "monthly",
            Cadence::Quarterly => "quarterly",
        }
    }

    /// Parses the snake_case name.
    pub fn parse(s: &str) -> Option<Cadence> {
        Cadence::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Words for people: "Monthly".
    pub fn describe(self) -> &'static str {
        match self {
            Cadence::Weekly => "Weekly",
            Cadence::Fortnightly => "Fortnightly",
            Cadence::Monthly => "Monthly",
            Cadence::Quarterly => "Quarterly",
        }
    }
}

impl fmt::Display for Cadence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whatever lays periods over the calendar with no gaps or overlaps: a [`Cadence`], or a
/// plan's [`Schedule`](crate::schedule::Schedule) by reference.
pub trait Tiling: Copy {
    /// The period that contains `date`.
    fn period_containing(self, date: NaiveDate) -> Period;
    /// What one period is called in a sentence ("3 months", "1 fortnight").
    fn unit(self, plural: bool) -> &'static str;
}

impl Tiling for Cadence {
    fn period_containing(self, date: NaiveDate) -> Period {
        regular_period(date, self)
    }

    fn unit(self, plural: bool) -> &'static str {
        match (self, plural) {
            (Cadence::Weekly, true) => "weeks",
            (Cadence::Fortnightly, true) => "fortnights",
            (Cadence::Monthly, true) => "months",
            (Cadence::Quarterly, true) => "quarters",
            (Cadence::Weekly, false) => "week",
            (Cadence::Fortnightly, false) => "fortnight",
            (Cadence::Monthly, false) => "month",
            (Cadence::Quarterly, false) => "quarter",
        }
    }
}

/// One reporting period, both ends inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// What councils call it: "November 2026 update", "July to September 2021",
    /// "Week beginning 16 November 2026", "Fortnight beginning 16 November 2026".
    pub label: String,
}

impl Period {
    /// Whether `date` falls in this period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

/// The Monday fortnights are counted from.
fn fortnight_epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(2001, 1, 1).expect("valid date")
}

fn first_of_month(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).expect("the first of a month exists")
}

pub(crate) fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES[(month as usize).saturating_sub(1) % 12]
}

/// The reporting period of `tiling` (a cadence, or a plan's [`Schedule`]) that contains
/// `date`.
pub fn period_containing(date: NaiveDate, tiling: impl Tiling) -> Period {
    tiling.period_containing(date)
}

/// The period of a regular cadence that contains `date`.
fn regular_period(date: NaiveDate, cadence: Cadence) -> Period {
    match cadence {
        Cadence::Weekly => {
            let start = date.week(Weekday::Mon).first_day();
            Period {
                start,
                end: start + Days::new(6),
                label: format!("Week beginning {}", start.format("%-d %B %Y")),
            }
        }
        Cadence::Fortnightly => {
            let days = (date - fortnight_epoch()).num_days();
            let start = fortnight_epoch() + chrono::Duration::days(days.div_euclid(14) * 14);
            Period {
                start,
                end: start + Days::new(13),
                label: format!("Fortnight beginning {}", start.format("%-d %B %Y")),
            }
        }
        Cadence::Monthly => {
            let start = first_of_month(date.year(), date.month());
            Period {
                start,
                end: start + Months::new(1) - Days::new(1),
                label: format!("{} {} update", month_name(date.month()), date.year()),
            }
        }
        Cadence::Quarterly => {
            let first = (date.month0() / 3) * 3 + 1;
            let start = first_of_month(date.year(), first);
            Period {
                start,
                end: start + Months::new(3) - Days::new(1),
                label: format!(
                    "{} to {} {}",
                    month_name(first),
                    month_name(first + 2),
                    date.year()
                ),
            }
        }
    }
}

/// The period after `period` (of the same tiling).
pub fn next_period(period: &Period, tiling: impl Tiling) -> Period {
    tiling.period_containing(period.end + Days::new(1))
}

/// The period before `period` (of the same tiling).
pub fn previous_period(period: &Period, tiling: impl Tiling) -> Period {
    tiling.period_containing(period.start - Days::new(1))
}

/// When the next review falls, a cadence after the last one. A month or a quarter after
/// the 31st is the last day of the shorter month ("31 January" -> "28 February").
pub fn next_review_date(last: NaiveDate, cadence: Cadence) -> NaiveDate {
    match cadence {
        Cadence::Weekly => last + Days::new(7),
        Cadence::Fortnightly => last + Days::new(14),
        Cadence::Monthly => add_months(last, 1),
        Cadence::Quarterly => add_months(last, 3),
    }
}

/// `date` plus `months` calendar months, clamped to the end of a shorter month.
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn the_periods_councils_name() {
        let p = period_containing(d(2021, 10, 4), Cadence::Monthly);
        assert_eq!(p.label, "October 2021 update");
        assert_eq!((p.start, p.end), (d(2021, 10, 1), d(2021, 10, 31)));

        let q = period_containing(d(2021, 8, 15), Cadence::Quarterly);
        assert_eq!(q.label, "July to September 2021");
        assert_eq!((q.start, q.end), (d(2021, 7, 1), d(2021, 9, 30)));
        let q4 = period_containing(d(2021, 12, 31), Cadence::Quarterly);
        assert_eq!(q4.label, "October to December 2021");

        // Monday 23 November 2026.
        let w = period_containing(d(2026, 11, 25), Cadence::Weekly);
        assert_eq!(w.label, "Week beginning 23 November 2026");
        assert_eq!((w.start, w.end), (d(2026, 11, 23), d(2026, 11, 29)));

        let f = period_containing(d(2026, 11, 23), Cadence::Fortnightly);
        assert_eq!(f.start.weekday(), Weekday::Mon);
        assert!(f.contains(d(2026, 11, 23)));
        assert_eq!((f.end - f.start).num_days(), 13);
        assert_eq!(
            next_period(&f, Cadence::Fortnightly).start,
            f.end + Days::new(1)
        );
        assert_eq!(
            previous_period(&f, Cadence::Fortnightly).end,
            f.start - Days::new(1)
        );
    }

    #[test]
    fn reviews_come_round_a_cadence_later() {
        assert_eq!(
            next_review_date(d(2026, 11, 23), Cadence::Fortnightly),
            d(2026, 12, 7)
        );
        assert_eq!(
            next_review_date(d(2026, 11, 23), Cadence::Weekly),
            d(2026, 11, 30)
        );
        assert_eq!(
            next_review_date(d(2027, 1, 31), Cadence::Monthly),
            d(2027, 2, 28)
        );
        assert_eq!(
            next_review_date(d(2026, 11, 30), Cadence::Quarterly),
            d(2027, 2, 28)
        );
    }

    #[test]
    fn cadences_round_trip_their_names() {
        for c in Cadence::ALL {
            assert_eq!(Cadence::parse(c.as_str()), Some(c));
        }
        assert_eq!(Cadence::parse("annually"), None);
    }
}
