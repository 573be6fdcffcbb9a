//! Properties of the date rules, over every year 2000–2099 and month.

use assure_domain::WhenKind;
use assure_domain::leads::{lone_leads, split_leads};
use assure_domain::status::{meaning_of_description, meaning_of_label};
use assure_domain::when::{
    WhenContext, fold_whitespace, infer_default_year, pair_timescale, parse_leading_date,
    parse_start, parse_timescale, parse_update_date, timescale_tokens,
};
use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

const FULL: [&str; 12] = [
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
const SHORT: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The last day of a month, computed independently of the parser.
fn last_day(year: i32, month: u32) -> NaiveDate {
    (28..=31)
        .rev()
        .find_map(|d| NaiveDate::from_ymd_opt(year, month, d))
        .expect("every month has a 28th")
}

fn ordinal(day: u32) -> &'static str {
    match day {
        1 | 21 | 31 => "st",
        2 | 22 => "nd",
        3 | 23 => "rd",
        _ => "th",
    }
}

proptest! {
    #[test]
    fn month_year_due_is_last_day_start_is_first(year in 2000i32..2100, m in 1u32..=12, short in any::<bool>(), ctx_year in proptest::option::of(1990i32..2150)) {
        let ctx = WhenContext { default_year: ctx_year };
        let name = if short { SHORT[m as usize - 1] } else { FULL[m as usize - 1] };
        let cell = format!("{name} {year}");
        let due = parse_timescale(&cell, &ctx).due.expect("a due");
        prop_assert_eq!(due.kind, WhenKind::Month);
        prop_assert_eq!(due.date, Some(last_day(year, m)));
        prop_assert_eq!(&due.text, &cell);
        let start = parse_start(&cell, &ctx).expect("a start");
        prop_assert_eq!(start.kind, WhenKind::Month);
        prop_assert_eq!(start.date, NaiveDate::from_ymd_opt(year, m, 1));
        prop_assert!(start.date <= due.date);
    }

    #[test]
    fn mon_dash_yy_equals_month_20yy(yy in 0i32..100, m in 1u32..=12) {
        let ctx = WhenContext::default();
        let a = parse_timescale(&format!("{}-{yy:02}", SHORT[m as usize - 1]), &ctx).due.expect("due");
        let b = parse_timescale(&format!("{} {}", FULL[m as usize - 1], 2000 + yy), &ctx).due.expect("due");
        prop_assert_eq!((a.kind, a.date, a.recurrence), (b.kind, b.date, b.recurrence));
        let a = parse_start(&format!("{}-{yy:02}", SHORT[m as usize - 1]), &ctx).expect("start");
        let b = parse_start(&format!("{} {}", FULL[m as usize - 1], 2000 + yy), &ctx).expect("start");
        prop_assert_eq!((a.kind, a.date), (b.kind, b.date));
    }

    #[test]
    fn dotted_dates_round_trip(days in 0i64..36525) {
        let date = NaiveDate::from_ymd_opt(2000, 1, 1).expect("date") + chrono::Days::new(days as u64);
        let ctx = WhenContext::default();
        let s = date.format("%d.%m.%Y").to_string();
        prop_assert_eq!(parse_update_date(&s, &ctx), Some(date));
        prop_assert_eq!(parse_leading_date(&format!("{s} - update"), &ctx), Some((date, 10)));
        let due = parse_timescale(&s, &ctx).due.expect("due");
        prop_assert_eq!((due.kind, due.date), (WhenKind::Date, Some(date)));
        let short = date.format("%d/%m/%y").to_string();
        prop_assert_eq!(parse_update_date(&short, &ctx), Some(date));
    }

    #[test]
    fn ordinal_days_with_and_without_year(days in 0i64..36525, short in any::<bool>()) {
        let date = NaiveDate::from_ymd_opt(2000, 1, 1).expect("date") + chrono::Days::new(days as u64);
        let names = if short { SHORT } else { FULL };
        let name = names[date.month0() as usize];
        let with_year = format!("{}{} {name} {}", date.day(), ordinal(date.day()), date.year());
        let ctx = WhenContext::default();
        let due = parse_timescale(&with_year, &ctx).due.expect("due");
        prop_assert_eq!((due.kind, due.date), (WhenKind::Date, Some(date)));
        let without = format!("{}{} {name}.", date.day(), ordinal(date.day()));
        let ctx = WhenContext::with_year(date.year());
        let due = parse_timescale(&without, &ctx).due.expect("due");
        prop_assert_eq!((due.kind, due.date), (WhenKind::Date, Some(date)));
        prop_assert_eq!(parse_update_date(&with_year, &WhenContext::default()), Some(date));
    }

    #[test]
    fn ranges_start_before_they_end(y1 in 2000i32..2099, m1 in 1u32..=12, span in 0u32..24) {
        let total = m1 - 1 + span;
        let (y2, m2) = (y1 + (total / 12) as i32, total % 12 + 1);
        let cell = format!("{} {y1} - {} {y2}", FULL[m1 as usize - 1], SHORT[m2 as usize - 1]);
        let t = parse_timescale(&cell, &WhenContext::default());
        let (start, due) = (t.start.expect("start"), t.due.expect("due"));
        prop_assert_eq!(start.date, NaiveDate::from_ymd_opt(y1, m1, 1));
        prop_assert_eq!(due.date, Some(last_day(y2, m2)));
        prop_assert!(start.date <= due.date);
    }

    #[test]
    fn never_panics_and_keeps_the_text(s in "\\PC*", year in proptest::option::of(-5000i32..5000), n in 0usize..5) {
        check_anything(&s, year, n)?;
    }

    #[test]
    fn never_panics_on_timescale_like_noise(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("30".to_string()), Just("th".to_string()), Just("Sept".to_string()), Just(".".to_string()),
                Just("-".to_string()), Just("–".to_string()), Just("'".to_string()), Just("22".to_string()),
                Just("2021".to_string()), Just("Monthly".to_string()), Just("from".to_string()),
                Just("TBC".to_string()), Just("in place".to_string()), Just("to".to_string()),
                Just("04.10.2021".to_string()), Just("99/99/99".to_string()), Just("(commence)".to_string()),
                Just("every".to_string()), Just("two".to_string()), Just("weeks".to_string()),
                Just("31".to_string()), Just("Feb".to_string()), Just("9999".to_string()), Just("é".to_string()),
                "\\PC{0,3}",
            ],
            0..10,
        ),
        joiner in prop_oneof![Just(" "), Just(""), Just("\n"), Just("/")],
        year in proptest::option::of(1900i32..2200),
        n in 0usize..5,
    ) {
        check_anything(&parts.join(joiner), year, n)?;
    }
}

/// Every reader on any input: no panic, and the invariants of the contract hold.
fn check_anything(s: &str, year: Option<i32>, n: usize) -> Result<(), TestCaseError> {
    let ctx = WhenContext { default_year: year };
    let folded = fold_whitespace(s);
    let t = parse_timescale(s, &ctx);
    prop_assert_eq!(t.due.is_none(), folded.is_empty());
    if let Some(due) = &t.due {
        prop_assert_eq!(&due.text, &folded);
        let dated = matches!(due.kind, WhenKind::Date | WhenKind::Month);
        prop_assert_eq!(due.date.is_some(), dated);
        prop_assert!(due.recurrence.is_none() || due.kind == WhenKind::Recurring);
    } else {
        prop_assert!(t.start.is_none());
    }
    if let Some(start) = &t.start {
        prop_assert_eq!(&start.text, &folded);
        prop_assert!(start.date.is_some());
        if let Some(due_date) = t.due.as_ref().and_then(|d| d.date) {
            prop_assert!(start.date <= Some(due_date));
        }
    }
    let st = parse_start(s, &ctx);
    prop_assert_eq!(st.is_none(), folded.is_empty());
    if let Some(tokens) = timescale_tokens(s, &ctx) {
        prop_assert!(!tokens.is_empty());
        for w in &tokens {
            prop_assert!(folded.contains(&w.text));
        }
    }
    if let Some(p) = pair_timescale(s, n, &ctx) {
        prop_assert_eq!(p.milestones.len(), n);
        prop_assert_eq!(&p.due.text, &folded);
    }
    let _ = parse_update_date(s, &ctx);
    if let Some((_, used)) = parse_leading_date(s, &ctx) {
        prop_assert!(s.is_char_boundary(used) && used <= s.len());
    }
    let _ = infer_default_year([s, folded.as_str()]);
    let known = lone_leads([s]);
    for lead in split_leads(s, &known) {
        prop_assert!(!lead.is_empty());
        prop_assert_eq!(lead.trim(), lead.as_str());
    }
    let _ = meaning_of_label(s);
    let _ = meaning_of_description(s);
    Ok(())
}
