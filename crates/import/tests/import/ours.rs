//! Our own fixtures: fictional plans (invented councils, our own wording) in layouts
//! the five real plans do not use. Each is imported and compared, field by field, with
//! the plan document written by hand beside it in `tests/fixtures/<file>.json`.
//!
//! The Word and Excel files are built here (a .docx is a zip of XML; the .xlsx is
//! written with rust_xlsxwriter) and also committed, so the benchmark and the fuzz
//! seeds can read them; a test checks the committed copies still import the same.
//! `ASSURE_WRITE_FIXTURES=1 cargo test -p assure-import --test import ours` rewrites them.

use std::path::PathBuf;

use assure_domain::PlanDocument;
use assure_import::{ImportOptions, import_bytes};
use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook};
use serde_json::Value;

use crate::build::{c, docx, item, p, shaded, spanned, styled, tbl, tc, tr};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// (a) A Word plan whose action tables ask "What? / Who? / How? / When?", one table
/// per priority, with a continuation row, a bulleted cell and a TBC date.
pub fn what_who_how_when_docx() -> Vec<u8> {
    let head = || tr(&[c("What?"), c("Who?"), c("How?"), c("When?")]);
    let body = [
        styled("Fernhill Borough Council: Children’s Services Improvement Plan 2024", "Title"),
        p("After the focused visit in January 2024 we agreed two priorities. Each table says what we will do, who will do it, how we will know it has worked and when it will be done."),
        styled("Priority 1: Plans for children in need say what will change", "Heading2"),
        tbl(&[
            head(),
            tr(&[
                c("Introduce a plan template with an outcome for each need"),
                c("Head of Service (CIN)"),
                c("Template agreed at the practice forum"),
                c("March 2024"),
            ]),
            tr(&[
                c("Coach team managers to check plans in supervision"),
                c("PSW &amp; L&amp;D"),
                tc("", &[item("Coaching attendance reported monthly", 0), item("Ten plans sampled each month", 0)].concat()),
                c("30 April 2024"),
            ]),
            tr(&[
                c(""),
                c("QA Lead"),
                c("Quarterly audit of plan quality"),
                c("Quarterly"),
            ]),
        ]),
        styled("Priority 2: Management oversight is recorded and followed up", "Heading2"),
        tbl(&[
            head(),
            tr(&[
                c("Publish a standard for what an oversight entry records"),
                c("AD Safeguarding"),
                c("Standard on the intranet and in induction"),
                c("TBC"),
            ]),
            tr(&[
                c("Add an oversight reminder to the case recording system"),
                c("Systems Manager / HoS"),
                c("Report of cases with no oversight for 20 working days"),
                c("Monthly from June 2024"),
            ]),
        ]),
        p("The senior leadership team reviews this plan every month."),
    ]
    .concat();
    docx(&body, "")
}

/// (c) A Word plan whose status is only the colour of an empty cell, with the colours
/// explained in a key of coloured cells, and section rows spanning the table.
pub fn status_by_colour_docx() -> Vec<u8> {
    let body = [
        styled(
            "Harrowdale Council – Children’s Social Care Improvement Tracker",
            "Title",
        ),
        p("Key to status colours:"),
        tbl(&[
            tr(&[shaded("0070C0"), c("Completed and evidenced")]),
            tr(&[
                shaded("00B050"),
                c("On track to complete by the target date"),
            ]),
            tr(&[shaded("FFC000"), c("Some slippage, recovery plan in place")]),
            tr(&[
                shaded("FF0000"),
                c("Off track: escalate to the improvement board"),
            ]),
        ]),
        tbl(&[
            tr(&[c("No."), c("Action"), c("Owner"), c("Deadline"), c("RAG")]),
            tr(&[spanned("Front door", 5)]),
            tr(&[
                c("1"),
                c("Agree thresholds guidance with partner agencies"),
                c("MASH Manager"),
                c("31/01/2024"),
                shaded("0070C0"),
            ]),
            tr(&[
                c("2"),
                c("Audit contacts that led to no further action"),
                c("QA Manager"),
                c("31/03/2024"),
                shaded("92D050"),
            ]),
            tr(&[spanned("Children in care", 5)]),
            tr(&[
                c("3"),
                c("Review every plan for permanence at four months"),
                c("IRO Manager"),
                c("June 2024"),
                shaded("FFFF00"),
            ]),
            tr(&[
                c("4"),
                c("Recruit foster carers for teenagers"),
                c("Fostering Manager"),
                c("September 2024"),
                shaded("C00000"),
            ]),
        ]),
    ]
    .concat();
    docx(&body, "")
}

/// One tracker row: ref, action, lead, target date, a status (label, fill) for each
/// of three months, commentary.
type TrackerRow<'a> = (
    &'a str,
    &'a str,
    &'a str,
    (u16, u8, u8),
    [Option<(&'a str, u32)>; 3],
    &'a str,
);

/// (b) An Excel tracker with one RAG column per reporting month (the month headings
/// are real dates shown "mmm-yy"), banner rows that open areas, and a key sheet.
pub fn rag_by_month_xlsx() -> Vec<u8> {
    let mut wb = Workbook::new();
    let title = Format::new().set_bold();
    let head = Format::new().set_bold().set_border(FormatBorder::Thin);
    let month = Format::new()
        .set_bold()
        .set_num_format("mmm-yy")
        .set_border(FormatBorder::Thin);
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let fill = |c: u32| Format::new().set_background_color(Color::RGB(c));
    let (red, amber, green, blue) = (0xFF0000, 0xFFC000, 0x00B050, 0x0070C0);
    let d =
        |y: u16, m: u8, dd: u8| rust_xlsxwriter::ExcelDateTime::from_ymd(y, m, dd).expect("date");
    {
        let ws = wb.add_worksheet().set_name("Tracker").expect("name");
        ws.write_with_format(
            0,
            0,
            "Oakley Council Children’s Services – Action Tracker",
            &title,
        )
        .expect("write");
        let heads = ["Ref", "Action", "Responsible officer", "Target date"];
        for (i, h) in heads.iter().enumerate() {
            ws.write_with_format(2, i as u16, *h, &head).expect("write");
        }
        for (i, m) in [1u8, 2, 3].iter().enumerate() {
            ws.write_datetime_with_format(2, 4 + i as u16, d(2024, *m, 1), &month)
                .expect("write");
        }
        ws.write_with_format(2, 7, "Commentary", &head)
            .expect("write");
        ws.merge_range(3, 0, 3, 7, "Area 1: Assessments are timely", &title)
            .expect("merge");
        let rows: [TrackerRow; 4] = [
            (
                "1.1",
                "Daily huddle to allocate new assessments",
                "Assessment Team Manager",
                (2024, 2, 29),
                [
                    Some(("Red", red)),
                    Some(("Amber", amber)),
                    Some(("Green", green)),
                ],
                "Huddle running since February.",
            ),
            (
                "1.2",
                "Weekly report of assessments past 45 days",
                "Performance Lead",
                (2024, 3, 31),
                [
                    Some(("Amber", amber)),
                    Some(("Green", green)),
                    Some(("Blue", blue)),
                ],
                "Report in place and used by managers.",
            ),
            (
                "2.1",
                "Match every child waiting over six months with a family finder",
                "Permanence Manager",
                (2024, 6, 30),
                [
                    Some(("Red", red)),
                    Some(("Red", red)),
                    Some(("Amber", amber)),
                ],
                "",
            ),
            (
                "2.2",
                "Stability meetings after a second placement move",
                "IRO Manager",
                (2024, 4, 30),
                [Some(("Amber", amber)), Some(("Amber", amber)), None],
                "March figures not yet reported.",
            ),
        ];
        let mut r = 4u32;
        for (i, (rf, action, lead, (y, m, dd), rag, note)) in rows.iter().enumerate() {
            if i == 2 {
                ws.merge_range(
                    r,
                    0,
                    r,
                    7,
                    "Area 2: Children in care live in stable homes",
                    &title,
                )
                .expect("merge");
                r += 1;
            }
            ws.write(r, 0, *rf).expect("write");
            ws.write(r, 1, *action).expect("write");
            ws.write(r, 2, *lead).expect("write");
            ws.write_datetime_with_format(r, 3, d(*y, *m, *dd), &date)
                .expect("write");
            for (k, v) in rag.iter().enumerate() {
                if let Some((label, colour)) = v {
                    ws.write_with_format(r, 4 + k as u16, *label, &fill(*colour))
                        .expect("write");
                }
            }
            if !note.is_empty() {
                ws.write(r, 7, *note).expect("write");
            }
            r += 1;
        }
    }
    {
        let ws = wb.add_worksheet().set_name("Key").expect("name");
        ws.write_with_format(0, 0, "RAG", &head).expect("write");
        ws.write_with_format(0, 1, "What it means", &head)
            .expect("write");
        for (i, (l, m)) in [
            ("Blue", "Complete"),
            ("Green", "On track"),
            ("Amber", "At risk of missing the target date"),
            ("Red", "Off track"),
        ]
        .iter()
        .enumerate()
        {
            ws.write(1 + i as u32, 0, *l).expect("write");
            ws.write(1 + i as u32, 1, *m).expect("write");
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

/// Every fixture of ours: file name and bytes (built here, or read from the folder).
pub fn all() -> Vec<(&'static str, Vec<u8>)> {
    let read = |n: &str| std::fs::read(dir().join(n)).expect("fixture");
    vec![
        ("what-who-how-when.docx", what_who_how_when_docx()),
        ("rag-by-month.xlsx", rag_by_month_xlsx()),
        ("status-by-colour.docx", status_by_colour_docx()),
        ("nested-refs.txt", read("nested-refs.txt")),
        ("project-tool-export.csv", read("project-tool-export.csv")),
        ("what-who-how-when.csv", read("what-who-how-when.csv")),
        ("rag-per-month.csv", read("rag-per-month.csv")),
        ("tool-export.csv", read("tool-export.csv")),
    ]
}

/// The differences between two JSON values, as "path: expected … got …" lines.
fn diff(path: &str, want: &Value, got: &Value, out: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (k, wv) in w {
                diff(
                    &format!("{path}.{k}"),
                    wv,
                    g.get(k).unwrap_or(&Value::Null),
                    out,
                );
            }
            for k in g.keys().filter(|k| !w.contains_key(*k)) {
                out.push(format!("{path}.{k}: not expected, got {}", g[k]));
            }
        }
        (Value::Array(w), Value::Array(g)) if w.len() == g.len() => {
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                diff(&format!("{path}[{i}]"), wv, gv, out);
            }
        }
        _ if want == got => {}
        _ => out.push(format!("{path}: expected {want}, got {got}")),
    }
}

/// Imports one fixture and compares every field with its expected document.
fn check(name: &str, bytes: &[u8]) -> Vec<String> {
    let out = import_bytes(name, bytes, &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let path = dir().join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    // Through the model first, so the file must be a valid plan document.
    let expected: PlanDocument =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}.json: {e}"));
    let want = serde_json::to_value(&expected).expect("json");
    let got = serde_json::to_value(&out.document).expect("json");
    let mut d = Vec::new();
    diff("", &want, &got, &mut d);
    if std::env::var_os("ASSURE_SHOW_IMPORT").is_some() {
        eprintln!(
            "{name}:\n{}\n{}",
            serde_json::to_string_pretty(&got).expect("json"),
            out.report.to_text()
        );
    }
    d
}

#[test]
fn our_fixtures_match_their_expected_documents() {
    let mut failed = Vec::new();
    for (name, bytes) in all() {
        let d = check(name, &bytes);
        println!(
            "{name}: {}",
            if d.is_empty() {
                "every field as expected".to_string()
            } else {
                format!("{} differences", d.len())
            }
        );
        for line in &d {
            println!("  {line}");
        }
        if !d.is_empty() {
            failed.push(name);
        }
    }
    assert!(
        failed.is_empty(),
        "differ from the expected document: {failed:?}"
    );
}

#[test]
fn committed_word_and_excel_fixtures_are_current() {
    let built = [
        ("what-who-how-when.docx", what_who_how_when_docx()),
        ("rag-by-month.xlsx", rag_by_month_xlsx()),
        ("status-by-colour.docx", status_by_colour_docx()),
    ];
    for (name, bytes) in built {
        let path = dir().join(name);
        if std::env::var_os("ASSURE_WRITE_FIXTURES").is_some() {
            std::fs::write(&path, &bytes).expect("write fixture");
        }
        let committed = std::fs::read(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let a = import_bytes(name, &committed, &ImportOptions::default()).expect("imports");
        let b = import_bytes(name, &bytes, &ImportOptions::default()).expect("imports");
        assert_eq!(
            a.document, b.document,
            "{name}: rebuild it with ASSURE_WRITE_FIXTURES=1"
        );
    }
}
