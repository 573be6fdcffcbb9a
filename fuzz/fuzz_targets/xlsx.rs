//! The .xlsx reader, and the understanding layer over what it read: the first input
//! byte picks the part (first sheet, second sheet, shared strings, styles, workbook),
//! the rest is its XML.
#![no_main]

use std::sync::LazyLock;

use assure_import::{ImportOptions, understand, xlsx};
use libfuzzer_sys::fuzz_target;

#[path = "package.rs"]
mod package;

static TEMPLATE: LazyLock<Vec<(String, Vec<u8>)>> = LazyLock::new(|| {
    package::parts(include_bytes!(
        "../../crates/import/tests/fixtures/rag-by-month.xlsx"
    ))
});
const PARTS: &[&str] = &[
    "xl/worksheets/sheet1.xml",
    "xl/worksheets/sheet2.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "xl/workbook.xml",
];

fuzz_target!(|data: &[u8]| {
    let Some(bytes) = package::with_part(&TEMPLATE, PARTS, data) else {
        return;
    };
    if let Ok(doc) = xlsx::read("fuzz.xlsx", &bytes, &ImportOptions::default()) {
        let _ = understand::understand(&doc, "xlsx", "fuzz", &Default::default());
    }
});
