//! Time is injected so that "overdue", "due this period" and reminders are exact in tests.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::London;
use std::sync::Mutex;

/// The source of "now" for everything that depends on it.
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;

    /// Today's date in England: what "overdue" and "this period" mean to a council.
    fn today(&self) -> NaiveDate {
        uk_date(self.now())
    }
}

/// The date an instant falls on in England (British Summer Time included): 00:30 BST on
/// 1 April is 1 April, though it is still 31 March in UTC.
pub fn uk_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&London).date_naive()
}

/// An instant as a clock in England shows it.
pub fn uk_time(t: DateTime<Utc>) -> DateTime<chrono_tz::Tz> {
    t.with_timezone(&London)
}

/// The real wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until told to move: for tests.
#[derive(Debug)]
pub struct FixedClock(Mutex<DateTime<Utc>>);

impl FixedClock {
    /// A clock stopped at `at`.
    pub fn new(at: DateTime<Utc>) -> Self {
        Self(Mutex::new(at))
    }

    /// Moves the clock on by `by`.
    pub fn advance(&self, by: chrono::Duration) {
        let mut now = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *now += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn dates_and_times_are_englands() {
        // British Summer Time: 23:30 UTC on 31 March is 00:30 on 1 April in England.
        let bst = Utc.with_ymd_and_hms(2026, 3, 31, 23, 30, 0).unwrap();
        assert_eq!(uk_date(bst), NaiveDate::from_ymd_opt(2026, 4, 1).unwrap());
        assert_eq!(uk_time(bst).format("%H:%M").to_string(), "00:30");
        // Winter: England is on UTC.
        let gmt = Utc.with_ymd_and_hms(2026, 12, 31, 23, 30, 0).unwrap();
        assert_eq!(uk_date(gmt), NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
        assert_eq!(FixedClock::new(bst).today().to_string(), "2026-04-01");
    }
}
