//! The whole import: format detection, the reader it picks, understanding, and the
//! report. The first byte picks the file name, so name-based decisions are covered.
#![no_main]

use assure_import::{ImportOptions, import_bytes};
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
    "plan.docx",
    "plan.xlsx",
    "plan.csv",
    "plan.txt",
    "plan.tsv",
    "plan.doc",
    "plan",
    "plan.xls",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    if let Ok(out) = import_bytes(name, rest, &ImportOptions::default()) {
        let _ = out.report.to_text();
        let _ = serde_json::to_string(&out.document);
    }
});
