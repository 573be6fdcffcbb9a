//! Timescale, start and update-date cases in our own words (not taken from the fixtures).

use assure_domain::when::{
    Timescale, WhenContext, fold_whitespace, infer_default_year, pair_timescale,
    parse_leading_date, parse_start, parse_timescale, parse_update_date, timescale_tokens,
};
use assure_domain::{Recurrence, When, WhenKind};
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

/// What a case expects: kind, date, recurrence of the due; the start's kind and date.
type Expect = (
    WhenKind,
    Option<&'static str>,
    Option<Recurrence>,
    Option<(WhenKind, &'static str)>,
);

fn when(text: &str, kind: WhenKind, date: Option<&str>, recurrence: Option<Recurrence>) -> When {
    When {
        text: fold_whitespace(text),
        kind,
        date: date.map(d),
        recurrence,
    }
}

use Recurrence::*;
use WhenKind::*;

/// Read with the plan year 2022.
#[rustfmt::skip]
const CASES: &[(&str, Expect)] = &[
    // months: the last day as a due
    ("March 2023", (Month, Some("2023-03-31"), None, None)),
    ("Feb 2024", (Month, Some("2024-02-29"), None, None)),
    ("february 2023", (Month, Some("2023-02-28"), None, None)),
    ("End of April 2023", (Month, Some("2023-04-30"), None, None)),
    ("By end Nov 22", (Month, Some("2022-11-30"), None, None)),
    ("Dec-22", (Month, Some("2022-12-31"), None, None)),
    ("Dec-2022", (Month, Some("2022-12-31"), None, None)),
    ("Apr '23", (Month, Some("2023-04-30"), None, None)),
    ("Mid-March 2023", (Month, Some("2023-03-31"), None, None)),
    ("Sept. 2023", (Month, Some("2023-09-30"), None, None)),
    ("May", (Month, Some("2022-05-31"), None, None)),
    ("By the end of October", (Month, Some("2022-10-31"), None, None)),
    ("31st September 2022", (Month, Some("2022-09-30"), None, None)),
    ("Should be finished no later than June 2023", (Month, Some("2023-06-30"), None, None)),
    // exact days
    ("12th January 2023", (Date, Some("2023-01-12"), None, None)),
    ("1st Feb 23", (Date, Some("2023-02-01"), None, None)),
    ("22nd Nov.", (Date, Some("2022-11-22"), None, None)),
    ("Oct 5th 2022", (Date, Some("2022-10-05"), None, None)),
    ("Oct 5, 2022", (Date, Some("2022-10-05"), None, None)),
    ("2 nd   March   2023", (Date, Some("2023-03-02"), None, None)),
    ("31/03/2023", (Date, Some("2023-03-31"), None, None)),
    ("1.4.23", (Date, Some("2023-04-01"), None, None)),
    ("2023-06-15", (Date, Some("2023-06-15"), None, None)),
    ("31-01-2023", (Date, Some("2023-01-31"), None, None)),
    ("w/c 6th March 2023", (Date, Some("2023-03-06"), None, None)),
    ("Report to scrutiny panel 14 March 2023", (Date, Some("2023-03-14"), None, None)),
    ("28 February 2023 and ongoing", (Date, Some("2023-02-28"), None, None)),
    ("16-Aug-23", (Date, Some("2023-08-16"), None, None)),
    ("07-Mar-2023", (Date, Some("2023-03-07"), None, None)),
    ("Phase 2 March 2023", (Month, Some("2023-03-31"), None, None)),
    ("Sep 22 - Mar 23", (Month, Some("2023-03-31"), None, Some((Month, "2022-09-01")))),
    // in place, TBC
    ("In place", (InPlace, None, None, None)),
    ("already in place and ongoing", (InPlace, None, None, None)),
    ("To be in place", (Text, None, None, None)),
    ("tbc", (Tbc, None, None, None)),
    ("TBA", (Tbc, None, None, None)),
    ("Date to be agreed", (Tbc, None, None, None)),
    ("TBC TBC", (Tbc, None, None, None)),
    // recurring
    ("Fortnightly", (Recurring, None, Some(Fortnightly), None)),
    ("Every two weeks", (Recurring, None, Some(Fortnightly), None)),
    ("Bi-weekly team check", (Recurring, None, Some(Fortnightly), None)),
    ("Each month at the performance clinic", (Recurring, None, Some(Monthly), None)),
    ("3 monthly", (Recurring, None, Some(Quarterly), None)),
    ("Yearly", (Recurring, None, Some(Annually), None)),
    ("Weekly then monthly", (Recurring, None, Some(Weekly), None)),
    ("Six-monthly", (Recurring, None, None, None)),
    ("Daily", (Recurring, None, None, None)),
    ("every 6 weeks", (Recurring, None, None, None)),
    ("Monthly until March 2023", (Recurring, None, Some(Monthly), None)),
    ("Quarterly and in place", (Recurring, None, Some(Quarterly), None)),
    // recurring with a start
    ("Weekly huddles from 3rd October 2022", (Recurring, None, Some(Weekly), Some((Date, "2022-10-03")))),
    ("Quarterly from April 2023", (Recurring, None, Some(Quarterly), Some((Month, "2023-04-01")))),
    ("Monthly Jan onwards", (Recurring, None, Some(Monthly), Some((Month, "2022-01-01")))),
    ("Initial audit May 2023 then annually", (Recurring, None, Some(Annually), Some((Month, "2023-05-01")))),
    // a start only
    ("Commencing June 2023", (Text, None, None, Some((Month, "2023-06-01")))),
    ("From 9th May 2023", (Text, None, None, Some((Date, "2023-05-09")))),
    ("Sept 2022 (start)", (Text, None, None, Some((Month, "2022-09-01")))),
    // ranges
    ("April 2022 - March 2023", (Month, Some("2023-03-31"), None, Some((Month, "2022-04-01")))),
    ("Jan – Mar 2023", (Month, Some("2023-03-31"), None, Some((Month, "2023-01-01")))),
    ("November to February 2023", (Month, Some("2023-02-28"), None, Some((Month, "2022-11-01")))),
    ("Between June 2022 and August 2022", (Month, Some("2022-08-31"), None, Some((Month, "2022-06-01")))),
    ("1 July 2022 - 30 Sept 2022", (Date, Some("2022-09-30"), None, Some((Date, "2022-07-01")))),
    // text
    ("Sept 2023 to June 2022", (Text, None, None, None)),
    ("March 2023 then June 2023", (Text, None, None, None)),
    ("Phase one March 2023 phase two May 2023", (Text, None, None, None)),
    ("Ongoing", (Text, None, None, None)),
    ("Immediately", (Text, None, None, None)),
    ("Done", (Text, None, None, None)),
    ("Summer 2023", (Text, None, None, None)),
    ("2023/24", (Text, None, None, None)),
    ("Q3 2023", (Text, None, None, None)),
    ("The board may decide", (Text, None, None, None)),
    ("Review at the January board meeting", (Text, None, None, None)),
    ("13/13/2022", (Text, None, None, None)),
    ("June 2023 TBC", (Text, None, None, None)),
];

#[test]
fn own_timescale_cases() {
    let ctx = WhenContext::with_year(2022);
    for &(cell, (kind, date, recurrence, start)) in CASES {
        let got = parse_timescale(cell, &ctx);
        let want = Timescale {
            due: Some(when(cell, kind, date, recurrence)),
            start: start.map(|(k, s)| when(cell, k, Some(s), None)),
        };
        assert_eq!(got, want, "cell {cell:?}");
    }
    assert!(CASES.len() >= 40);
    println!("checked {} own timescale cases", CASES.len());
}

#[test]
fn empty_cells_have_no_due() {
    let ctx = WhenContext::with_year(2022);
    for cell in ["", "   ", "\n\t", "\u{a0}"] {
        assert_eq!(
            parse_timescale(cell, &ctx),
            Timescale::default(),
            "{cell:?}"
        );
        assert_eq!(parse_start(cell, &ctx), None, "{cell:?}");
    }
}

#[test]
fn missing_year_without_a_plan_year_is_text() {
    let ctx = WhenContext::default();
    for cell in ["June", "16th Aug.", "Monthly Sept onwards"] {
        let t = parse_timescale(cell, &ctx);
        assert!(t.start.is_none(), "{cell:?}");
        let due = t.due.expect("a due");
        assert!(due.date.is_none(), "{cell:?}");
        assert_ne!(due.kind, Month, "{cell:?}");
        assert_ne!(due.kind, Date, "{cell:?}");
    }
}

#[test]
fn text_keeps_the_cell_with_whitespace_folded() {
    let ctx = WhenContext::with_year(2022);
    let t = parse_timescale("  Monthly   from\n 3rd  Oct ", &ctx);
    assert_eq!(t.due.expect("due").text, "Monthly from 3rd Oct");
    assert_eq!(t.start.expect("start").text, "Monthly from 3rd Oct");
    assert_eq!(fold_whitespace(" a \u{a0} b\r\nc "), "a b c");
}

#[test]
fn start_cells_give_the_first_day() {
    let ctx = WhenContext::with_year(2022);
    let cases: &[(&str, WhenKind, Option<&str>)] = &[
        ("Sep-22", Month, Some("2022-09-01")),
        ("October 2022", Month, Some("2022-10-01")),
        ("1st Sept 2022", Date, Some("2022-09-01")),
        ("April 2022 - March 2023", Month, Some("2022-04-01")),
        ("Nov", Month, Some("2022-11-01")),
        ("TBC", Tbc, None),
        ("Already in place", InPlace, None),
        ("When funding is agreed", Text, None),
    ];
    for &(cell, kind, date) in cases {
        assert_eq!(
            parse_start(cell, &ctx),
            Some(when(cell, kind, date, None)),
            "{cell:?}"
        );
    }
}

#[test]
fn update_dates() {
    let ctx = WhenContext::with_year(2021);
    let cases: &[(&str, Option<&str>)] = &[
        ("04.10.2021", Some("2021-10-04")),
        ("05.08.2021", Some("2021-08-05")),
        ("4/10/21", Some("2021-10-04")),
        ("4th October 2021", Some("2021-10-04")),
        ("4 Oct 21", Some("2021-10-04")),
        ("2021-10-04", Some("2021-10-04")),
        ("04.10.2021 -", Some("2021-10-04")),
        (" 13.09.2021 – ", Some("2021-09-13")),
        ("4th October", Some("2021-10-04")),
        ("05.08", Some("2021-08-05")),
        ("04.10.202", None),
        ("31.02.2021", None),
        ("October 2021", None),
        ("see 4/10/21", None),
        ("4/10/21 meeting", None),
        ("1.1", None),
        ("", None),
    ];
    for &(s, want) in cases {
        assert_eq!(parse_update_date(s, &ctx), want.map(d), "{s:?}");
    }
    assert_eq!(parse_update_date("05.08", &WhenContext::default()), None);
    assert_eq!(
        parse_update_date("4th October", &WhenContext::default()),
        None
    );
}

#[test]
fn leading_dates() {
    let ctx = WhenContext::with_year(2021);
    assert_eq!(
        parse_leading_date("04.10.2021 - Remains under review", &ctx),
        Some((d("2021-10-04"), 10))
    );
    assert_eq!(
        parse_leading_date("  7th Sept 2021 – done", &ctx),
        Some((d("2021-09-07"), 15))
    );
    assert_eq!(
        parse_leading_date("from 01.04.2021 – 17.13 weeks", &ctx),
        None
    );
    assert_eq!(parse_leading_date("Sept 2021 – plan", &ctx), None);
}

#[test]
fn tokens_and_pairing() {
    let ctx = WhenContext::with_year(2023);
    let month = |t: &str, s: &str| when(t, Month, Some(s), None);
    let tbc = |t: &str| when(t, Tbc, None, None);

    assert_eq!(
        timescale_tokens("May 2023 TBC 14/07/2023", &ctx),
        Some(vec![
            month("May 2023", "2023-05-31"),
            tbc("TBC"),
            when("14/07/2023", Date, Some("2023-07-14"), None)
        ])
    );
    assert_eq!(timescale_tokens("May 2023 - June 2023", &ctx), None);
    assert_eq!(timescale_tokens("Review May 2023", &ctx), None);
    assert_eq!(timescale_tokens("Monthly", &ctx), None);
    assert_eq!(timescale_tokens("", &ctx), None);

    let p = pair_timescale("May 2023  June 2023", 3, &ctx).expect("paired");
    assert_eq!(p.due, month("May 2023 June 2023", "2023-06-30"));
    assert_eq!(
        p.milestones,
        vec![
            Some(month("May 2023", "2023-05-31")),
            Some(month("June 2023", "2023-06-30")),
            None
        ]
    );

    let p = pair_timescale("Sept 2023 tbc", 2, &ctx).expect("paired");
    assert_eq!(p.due, tbc("Sept 2023 tbc"));
    assert_eq!(
        p.milestones,
        vec![Some(month("Sept 2023", "2023-09-30")), Some(tbc("tbc"))]
    );

    assert_eq!(
        pair_timescale("May 2023 June 2023", 1, &ctx),
        None,
        "one milestone: no pairing"
    );
    assert_eq!(
        pair_timescale("May 2023", 2, &ctx),
        None,
        "one value: no pairing"
    );
    assert_eq!(pair_timescale("Spring 2023 June 2023", 2, &ctx), None);
}

#[test]
fn default_year_inference() {
    assert_eq!(
        infer_default_year(["July 2021", "End Sept 22", "3 Aug 2021", "Monthly"]),
        Some(2021)
    );
    assert_eq!(
        infer_default_year(["May 2020", "June 2021"]),
        Some(2020),
        "earliest on a tie"
    );
    assert_eq!(
        infer_default_year(["Jan-17", "Feb-17", "Sep-16"]),
        Some(2017)
    );
    assert_eq!(
        infer_default_year(["04.10.2021", "Plan for 2020 onwards"]),
        Some(2021),
        "a bare number is not a date"
    );
    assert_eq!(infer_default_year(["Monthly", "TBC", ""]), None);
}
