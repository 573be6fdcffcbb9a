//! Measures' values from a real Excel performance report: a wide sheet whose month
//! headers are date cells shown as "Apr-26" and whose percentages are stored as
//! fractions shown with a % format, as a performance team's workbook is; and a long one.

use assure_domain::measures::{Frequency, Unit, UploadMeasure, match_rows};
use assure_import::ImportOptions;
use assure_import::measures::read_values;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

#[test]
fn a_wide_excel_report_with_date_headers_and_percent_cells_reads_as_typed() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let month = Format::new().set_num_format("mmm-yy");
    let percent = Format::new().set_num_format("0%");
    ws.write(0, 0, "Indicator").expect("write");
    for (i, m) in [4u8, 5, 6].into_iter().enumerate() {
        let d = ExcelDateTime::from_ymd(2026, m, 1).expect("date");
        ws.write_datetime_with_format(0, 1 + i as u16, &d, &month)
            .expect("write");
    }
    ws.write(1, 0, "Audits graded good or better")
        .expect("write");
    ws.write_number_with_format(1, 1, 0.81, &percent)
        .expect("write");
    ws.write_number_with_format(1, 3, 0.86, &percent)
        .expect("write");
    ws.write(2, 0, "IRO caseload").expect("write");
    ws.write(2, 1, 66).expect("write");
    ws.write(2, 2, 64).expect("write");
    let bytes = wb.save_to_buffer().expect("xlsx");

    let rows = read_values("report.xlsx", &bytes, &ImportOptions::default()).expect("read");
    let measures = [
        UploadMeasure {
            name: "Audits graded good or better",
            unit: Unit::Percentage,
            frequency: Frequency::Monthly,
        },
        UploadMeasure {
            name: "IRO caseload",
            unit: Unit::Count,
            frequency: Frequency::Monthly,
        },
    ];
    let matched = match_rows(&rows, &measures).expect("every row matches");
    let got: Vec<_> = matched
        .iter()
        .map(|m| (m.measure, m.period.key(), m.value))
        .collect();
    assert_eq!(
        got,
        [
            (0, "2026-04".to_string(), 81.0),
            (0, "2026-06".to_string(), 86.0),
            (1, "2026-04".to_string(), 66.0),
            (1, "2026-05".to_string(), 64.0),
        ],
        "{rows:#?}"
    );
}

#[test]
fn a_long_excel_sheet_reads_with_its_notes_and_a_bad_cell_is_named() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["Measure", "Period", "Value", "Commentary"]
        .into_iter()
        .enumerate()
    {
        ws.write(0, c as u16, h).expect("write");
    }
    ws.write(1, 0, "IRO caseload").expect("write");
    ws.write(1, 1, "Q1 2026/27").expect("write");
    ws.write(1, 2, 66).expect("write");
    ws.write(1, 3, "Two IROs started in May").expect("write");
    ws.write(2, 0, "IRO caseload").expect("write");
    ws.write(2, 1, "Q2 2026/27").expect("write");
    ws.write(2, 2, "TBC").expect("write");
    let bytes = wb.save_to_buffer().expect("xlsx");
    let rows = read_values("report.xlsx", &bytes, &ImportOptions::default()).expect("read");
    assert_eq!(rows[0].note.as_deref(), Some("Two IROs started in May"));
    let measures = [UploadMeasure {
        name: "IRO caseload",
        unit: Unit::Count,
        frequency: Frequency::Quarterly,
    }];
    let problems = match_rows(&rows, &measures).expect_err("TBC is not a figure");
    assert_eq!(problems, ["row 3: \"TBC\" is not a number"]);
}
