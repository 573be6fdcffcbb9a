//! The data exports: CSV and Excel.

use crate::common::{glossary_names, november, part, refs};
use assure_report::Audience;

#[test]
fn csv_is_utf8_with_a_bom_and_one_row_per_action() {
    let (plan, r) = november(Audience::Board);
    let bytes = assure_report::csv::write(&r).expect("csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "no byte-order mark");
    let text = std::str::from_utf8(&bytes[3..]).expect("UTF-8");
    assert!(text.contains("\r\n"), "CRLF line ends");
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let headers = rd.headers().expect("headers").clone();
    for h in [
        "Ref",
        "Parent ref",
        "Action",
        "Lead",
        "Timescale",
        "Due date",
        "BRAG status",
    ] {
        assert!(headers.iter().any(|x| x == h), "no {h} column");
    }
    assert!(
        headers
            .iter()
            .any(|h| h == "Status at end of November 2026")
    );
    assert!(headers.iter().any(|h| h == "Status at end of June 2026"));
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), plan.actions().len());
    let col = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let shown: Vec<&str> = rows.iter().map(|r| &r[col("Ref")]).collect();
    for r in refs(&plan) {
        assert!(shown.contains(&r.as_str()), "{r} missing");
    }
    // Dates are ISO dates, which Excel and Power BI read as dates.
    let first = &rows[0];
    assert_eq!(&first[col("Due date")], "2026-03-27");
    assert_eq!(&first[col("BRAG status")], "Blue");
    // History before the plan came into Assure is not recorded, never guessed.
    assert_eq!(&first[col("Status at end of June 2026")], "Not recorded");
}

#[test]
fn csv_cells_that_excel_would_run_are_defused() {
    use assure_report::csv::defuse;
    assert_eq!(
        defuse("=HYPERLINK(\"http://x\")"),
        "'=HYPERLINK(\"http://x\")"
    );
    assert_eq!(defuse("+44 20"), "'+44 20");
    assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(defuse("-"), "-");
    assert_eq!(defuse("Plan"), "Plan");
    let (mut plan, _) = november(Audience::Board);
    plan.areas[0].actions[0].text = "=cmd|' /C calc'!A0".into();
    let r = crate::common::report_of(&plan, Audience::Board);
    let bytes = assure_report::csv::write(&r).expect("csv");
    let text = String::from_utf8(bytes).expect("utf-8");
    assert!(text.contains("'=cmd|"), "{}", &text[..300]);
}

#[test]
fn scrutiny_csv_names_no_one() {
    let (plan, r) = november(Audience::Scrutiny);
    let text = String::from_utf8(assure_report::csv::write(&r).expect("csv")).expect("utf-8");
    for n in glossary_names(&plan) {
        assert!(!text.contains(&n), "{n}");
    }
}

fn excel_serial(y: i32, m: u32, d: u32) -> i64 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("epoch");
    (chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date") - epoch).num_days()
}

#[test]
fn xlsx_has_actions_updates_and_key_sheets_with_fills_list_dates_freeze_and_filters() {
    let (plan, r) = november(Audience::Board);
    let bytes = assure_report::xlsx::write(&r).expect("xlsx");
    let book = part(&bytes, "xl/workbook.xml");
    for name in ["Actions", "Updates", "Key"] {
        assert!(book.contains(&format!("name=\"{name}\"")), "sheet {name}");
    }
    let actions = part(&bytes, "xl/worksheets/sheet1.xml");
    // Frozen header, filters, the drop-down of the plan's statuses.
    assert!(actions.contains("ySplit=\"1\""), "no frozen header");
    assert!(actions.contains("<autoFilter"), "no filters");
    assert!(
        actions.contains("type=\"list\"") && actions.contains("\"Blue,Red,Amber,Green\""),
        "no drop-down of the plan's statuses"
    );
    // A status changed in Excel takes its colour.
    assert!(actions.contains("<conditionalFormatting"));
    // The first action is due 27 March 2026: a real date, not text.
    let serial = excel_serial(2026, 3, 27);
    assert!(
        actions.contains(&format!("<v>{serial}</v>")),
        "no date serial {serial}"
    );
    // One row per action plus the header.
    assert_eq!(actions.matches("<row ").count(), plan.actions().len() + 1);
    // The plan's colours: Blue's fill.
    let styles = part(&bytes, "xl/styles.xml");
    assert!(styles.contains("FF1D70B8"), "no blue fill");
    // Every ref and every status word is in the shared strings.
    let strings = part(&bytes, "xl/sharedStrings.xml");
    for r in refs(&plan) {
        assert!(strings.contains(&format!(">{r}<")), "{r}");
    }
    for w in ["Blue", "Red", "Amber", "Green", "Not recorded"] {
        assert!(strings.contains(&format!(">{w}<")), "{w}");
    }
    // Sheet 2: one row per update.
    let updates = part(&bytes, "xl/worksheets/sheet2.xml");
    let n: usize = plan.actions().iter().map(|(_, _, a)| a.updates.len()).sum();
    assert_eq!(updates.matches("<row ").count(), n + 1);
    // Sheet 3: the key and the glossary.
    assert!(strings.contains(">Status key<") && strings.contains(">Glossary<"));
    assert!(
        strings.contains(">Director of Children&apos;s Services<")
            || strings.contains(">Director of Children's Services<")
    );
}

#[test]
fn scrutiny_xlsx_names_no_one() {
    let (plan, r) = november(Audience::Scrutiny);
    let bytes = assure_report::xlsx::write(&r).expect("xlsx");
    let strings = part(&bytes, "xl/sharedStrings.xml");
    for n in glossary_names(&plan) {
        assert!(!strings.contains(&n), "{n}");
    }
}

#[test]
fn the_measures_sheet_reads_back_as_a_measures_upload() {
    let (_, r) = november(Audience::Board);
    let bytes = assure_report::xlsx::write(&r).expect("xlsx");
    let book = part(&bytes, "xl/workbook.xml");
    assert!(book.contains("name=\"Measures\""));
    let rows = assure_import::measures::read_values(
        "board.xlsx",
        &bytes,
        &assure_import::ImportOptions::default(),
    )
    .expect("the upload reads the report's workbook");
    // One row per measure and period with a value, each value as entered.
    let valued: usize = r
        .measures
        .iter()
        .map(|m| m.points.iter().filter(|p| p.number.is_some()).count())
        .sum();
    let with_value: Vec<_> = rows.iter().filter(|u| !u.value.is_empty()).collect();
    assert_eq!(with_value.len(), valued);
    for m in &r.measures {
        for p in m.points.iter().filter(|p| p.number.is_some()) {
            let row = with_value
                .iter()
                .find(|u| u.measure == m.name && u.period == p.key)
                .unwrap_or_else(|| panic!("{} {} missing", m.name, p.key));
            let read: f64 = row.value.trim_end_matches('%').parse().expect("a number");
            assert!(
                (read - p.number.unwrap_or_default()).abs() < 1e-9,
                "{} {}",
                m.name,
                p.key
            );
        }
    }
}
