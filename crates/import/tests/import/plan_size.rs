//! The maximum plan size (issue 10, item 9: a 185,845-action CSV imported and made a
//! 160 MB table page): a plan of more actions is refused in every format, saying the
//! limit and what was found; one of exactly the limit imports.

use std::time::Instant;

use assure_import::{ImportError, ImportOptions, import_bytes};

use crate::build;

const HEADER: [&str; 5] = ["Ref", "Action", "Lead", "Timescale", "Status"];

fn rows(n: usize) -> Vec<[String; 5]> {
    (0..n)
        .map(|i| {
            [
                format!("{}.{}", i / 100 + 1, i % 100 + 1),
                format!(
                    "Audit {} case files a month and report to DLT ({i})",
                    i % 40 + 5
                ),
                ["KA", "HoS CP", "QA Lead"][i % 3].to_string(),
                format!("{} 2025", ["March", "July", "December"][i % 3]),
                ["Green", "Amber", "Red"][i % 3].to_string(),
            ]
        })
        .collect()
}

fn delimited(n: usize, sep: &str) -> Vec<u8> {
    let mut out = HEADER.join(sep) + "\n";
    for r in rows(n) {
        out.push_str(&r.join(sep));
        out.push('\n');
    }
    out.into_bytes()
}

fn docx(n: usize) -> Vec<u8> {
    let mut table = vec![build::tr(&HEADER.map(build::c))];
    table.extend(
        rows(n)
            .iter()
            .map(|r| build::tr(&r.clone().map(|t| build::c(&t)))),
    );
    build::docx(&(build::p("Improvement plan") + &build::tbl(&table)), "")
}

fn xlsx(n: usize) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in HEADER.iter().enumerate() {
        ws.write(0, c as u16, *h).expect("write");
    }
    for (r, row) in rows(n).iter().enumerate() {
        for (c, t) in row.iter().enumerate() {
            ws.write(r as u32 + 1, c as u16, t.as_str()).expect("write");
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

/// Every format, as (file name, bytes) of a plan of `n` actions.
fn every_format(n: usize) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("plan.csv", delimited(n, ",")),
        ("plan.txt", delimited(n, "\t")),
        ("plan.docx", docx(n)),
        ("plan.xlsx", xlsx(n)),
    ]
}

#[test]
fn a_plan_over_the_maximum_is_refused_in_every_format() {
    let opts = ImportOptions {
        max_actions: 50,
        ..ImportOptions::default()
    };
    for (name, bytes) in every_format(50) {
        let out = import_bytes(name, &bytes, &opts).expect("a plan at the limit imports");
        assert_eq!(out.document.action_count(), 50, "{name}");
    }
    for (name, bytes) in every_format(51) {
        match import_bytes(name, &bytes, &opts) {
            Err(
                e @ ImportError::TooManyActions {
                    found: 51, max: 50, ..
                },
            ) => {
                let said = e.to_string();
                assert!(
                    said.starts_with(&format!(
                        "{name}: the plan has 51 actions; Assure imports plans of up to 50 actions"
                    )),
                    "{said}"
                );
            }
            other => panic!("{name}: {other:?}"),
        }
    }
}

/// The default limits read a plan of 20,000 actions (rows, cells and text included)
/// and refuse one of 20,001, naming both numbers.
#[test]
fn the_default_maximum_is_20000_actions() {
    let t = Instant::now();
    let out = import_bytes(
        "plan.csv",
        &delimited(20_000, ","),
        &ImportOptions::default(),
    )
    .expect("20,000 actions import");
    assert_eq!(out.document.action_count(), 20_000);
    let e = import_bytes(
        "plan.csv",
        &delimited(20_001, ","),
        &ImportOptions::default(),
    )
    .expect_err("20,001 actions are refused");
    assert!(
        e.to_string()
            .starts_with("plan.csv: the plan has 20,001 actions; Assure imports plans of up to 20,000 actions, so split it"),
        "{e}"
    );
    println!("two imports of 20,000 actions: {:?}", t.elapsed());
}
