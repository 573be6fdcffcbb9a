//! Working days in England: weekdays that are not bank holidays of England and Wales.
//!
//! Deadlines councils work to are counted in working days: the 70 working days Ofsted
//! gives for the action plan after an inspection report, the update round's deadline
//! "five working days before the review". The bank holidays are a table kept here, from
//! the proclamations (one-off days included: the 2022 jubilee and state funeral, the
//! 2023 coronation); the years after the table follow the standing rules, and a test
//! checks that the rules give the table's regular days.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// England and Wales bank holidays, by year, as (month, day).
const BANK_HOLIDAYS: &[(i32, &[(u32, u32)])] = &[
    (
        2019,
        &[
            (1, 1),
            (4, 19),
            (4, 22),
            (5, 6),
            (5, 27),
            (8, 26),
            (12, 25),
            (12, 26),
        ],
    ),
    (
        2020,
        &[
            (1, 1),
            (4, 10),
            (4, 13),
            (5, 8),
            (5, 25),
            (8, 31),
            (12, 25),
            (12, 28),
        ],
    ),
    (
        2021,
        &[
            (1, 1),
            (4, 2),
            (4, 5),
            (5, 3),
            (5, 31),
            (8, 30),
            (12, 27),
            (12, 28),
        ],
    ),
    (
        2022,
        &[
            (1, 3),
            (4, 15),
            (4, 18),
            (5, 2),
            (6, 2),
            (6, 3),
            (8, 29),
            (9, 19),
            (12, 26),
            (12, 27),
        ],
    ),
    (
        2023,
        &[
            (1, 2),
            (4, 7),
            (4, 10),
            (5, 1),
            (5, 8),
            (5, 29),
            (8, 28),
            (12, 25),
            (12, 26),
        ],
    ),
    (
        2024,
        &[
            (1, 1),
            (3, 29),
            (4, 1),
            (5, 6),
            (5, 27),
            (8, 26),
            (12, 25),
            (12, 26),
        ],
    ),
    (
        2025,
        &[
            (1, 1),
            (4, 18),
            (4, 21),
            (5, 5),
            (5, 26),
            (8, 25),
            (12, 25),
            (12, 26),
        ],
    ),
    (
        2026,
        &[
            (1, 1),
            (4, 3),
            (4, 6),
            (5, 4),
            (5, 25),
            (8, 31),
            (12, 25),
            (12, 28),
        ],
    ),
    (
        2027,
        &[
            (1, 1),
            (3, 26),
            (3, 29),
            (5, 3),
            (5, 31),
            (8, 30),
            (12, 27),
            (12, 28),
        ],
    ),
    (
        2028,
        &[
            (1, 3),
            (4, 14),
            (4, 17),
            (5, 1),
            (5, 29),
            (8, 28),
            (12, 25),
            (12, 26),
        ],
    ),
    (
        2029,
        &[
            (1, 1),
            (3, 30),
            (4, 2),
            (5, 7),
            (5, 28),
            (8, 27),
            (12, 25),
            (12, 26),
        ],
    ),
    (
        2030,
        &[
            (1, 1),
            (4, 19),
            (4, 22),
            (5, 6),
            (5, 27),
            (8, 26),
            (12, 25),
            (12, 26),
        ],
    ),
];

/// Easter Sunday of `year` (the Gregorian computus).
fn easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter is a date")
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date of the calendar")
}

/// The first `weekday` on or after `date`.
fn on_or_after(date: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - date.weekday().num_days_from_monday()) % 7;
    date + Days::new(u64::from(ahead))
}

/// The last `weekday` on or before `date`.
fn on_or_before(date: NaiveDate, weekday: Weekday) -> NaiveDate {
    let back = (7 + date.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    date - Days::new(u64::from(back))
}

/// The bank holidays the standing rules give for `year` (no one-off days): New Year's
/// Day, Good Friday, Easter Monday, the early May and spring bank holidays, the summer
/// bank holiday, Christmas and Boxing Day, each moved to the next free weekday when it
/// falls at a weekend.
pub fn standing_bank_holidays(year: i32) -> Vec<NaiveDate> {
    let weekday_after = |d: NaiveDate, taken: &[NaiveDate]| {
        let mut d = d;
        while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) || taken.contains(&d) {
            d = d + Days::new(1);
        }
        d
    };
    let e = easter(year);
    let mut days = vec![
        weekday_after(ymd(year, 1, 1), &[]),
        e - Days::new(2),
        e + Days::new(1),
        on_or_after(ymd(year, 5, 1), Weekday::Mon),
        on_or_before(ymd(year, 5, 31), Weekday::Mon),
        on_or_before(ymd(year, 8, 31), Weekday::Mon),
    ];
    let christmas = weekday_after(ymd(year, 12, 25), &[]);
    days.push(christmas);
    days.push(weekday_after(ymd(year, 12, 26), &[christmas]));
    days.sort();
    days
}

/// Whether `date` is a bank holiday in England and Wales.
pub fn is_bank_holiday(date: NaiveDate) -> bool {
    match BANK_HOLIDAYS.iter().find(|(y, _)| *y == date.year()) {
        Some((_, days)) => days.contains(&(date.month(), date.day())),
        None => standing_bank_holidays(date.year()).contains(&date),
    }
}

/// Whether `date` is a working day: a weekday that is not a bank holiday.
pub fn is_working_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !is_bank_holiday(date)
}

/// The date `n` working days after `date` (`date` itself not counted).
pub fn add_working_days(date: NaiveDate, n: u32) -> NaiveDate {
    let mut d = date;
    let mut left = n;
    while left > 0 {
        d = d + Days::new(1);
        if is_working_day(d) {
            left -= 1;
        }
    }
    d
}

/// The date `n` working days before `date` (`date` itself not counted).
pub fn working_days_before(date: NaiveDate, n: u32) -> NaiveDate {
    let mut d = date;
    let mut left = n;
    while left > 0 {
        d = d - Days::new(1);
        if is_working_day(d) {
            left -= 1;
        }
    }
    d
}

/// The last working day on or before `date`.
pub fn working_day_on_or_before(date: NaiveDate) -> NaiveDate {
    let mut d = date;
    while !is_working_day(d) {
        d = d - Days::new(1);
    }
    d
}

/// Working days after `from` up to and including `to` (0 when `to` is not later).
pub fn working_days_between(from: NaiveDate, to: NaiveDate) -> u32 {
    let mut n = 0;
    let mut d = from;
    while d < to {
        d = d + Days::new(1);
        if is_working_day(d) {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_what_the_standing_rules_give_but_for_one_off_days() {
        // One-off days by proclamation: VE day moved the 2020 early May holiday; the
        // 2022 spring holiday moved for the platinum jubilee, with an extra day and the
        // state funeral; the 2023 coronation.
        let one_offs = [ymd(2022, 6, 3), ymd(2022, 9, 19), ymd(2023, 5, 8)];
        for (year, days) in BANK_HOLIDAYS {
            let table: Vec<NaiveDate> = days.iter().map(|(m, d)| ymd(*year, *m, *d)).collect();
            let mut rules = standing_bank_holidays(*year);
            match year {
                2020 => {
                    rules.retain(|d| *d != ymd(2020, 5, 4));
                    rules.push(ymd(2020, 5, 8));
                }
                2022 => {
                    rules.retain(|d| *d != ymd(2022, 5, 30));
                    rules.push(ymd(2022, 6, 2));
                }
                _ => {}
            }
            rules.extend(one_offs.iter().filter(|d| d.year() == *year));
            rules.sort();
            assert_eq!(table, rules, "{year}");
        }
    }

    #[test]
    fn the_next_two_years_have_their_bank_holidays() {
        // 2027: Christmas and Boxing Day fall at the weekend, so Monday and Tuesday.
        assert!(is_bank_holiday(ymd(2027, 12, 27)) && is_bank_holiday(ymd(2027, 12, 28)));
        assert!(!is_working_day(ymd(2027, 3, 26)), "Good Friday 2027");
        assert!(is_working_day(ymd(2027, 12, 29)));
        // 2028: New Year's Day is a Saturday.
        assert!(is_bank_holiday(ymd(2028, 1, 3)));
        assert!(!is_bank_holiday(ymd(2028, 1, 1)));
        assert_eq!(
            BANK_HOLIDAYS
                .iter()
                .filter(|(y, _)| (2027..=2028).contains(y))
                .map(|(_, d)| d.len())
                .sum::<usize>(),
            16
        );
        // After the table the rules carry on: 2031's Good Friday is 11 April.
        assert!(is_bank_holiday(ymd(2031, 4, 11)));
    }

    #[test]
    fn seventy_working_days_from_publication() {
        // Ofsted's known pair: a report published 4 May 2022 wants its plan by 12 August.
        assert_eq!(add_working_days(ymd(2022, 5, 4), 70), ymd(2022, 8, 12));
        assert_eq!(working_days_between(ymd(2022, 5, 4), ymd(2022, 8, 12)), 70);
    }

    #[test]
    fn working_days_skip_weekends_and_bank_holidays() {
        // Friday 21 August 2026 + 1 working day: Monday 31 August is a bank holiday...
        assert_eq!(add_working_days(ymd(2026, 8, 28), 1), ymd(2026, 9, 1));
        assert_eq!(working_days_before(ymd(2026, 9, 1), 1), ymd(2026, 8, 28));
        assert_eq!(
            working_day_on_or_before(ymd(2026, 12, 27)),
            ymd(2026, 12, 24)
        );
        assert_eq!(
            working_days_between(ymd(2026, 12, 24), ymd(2026, 12, 29)),
            1
        );
    }
}
