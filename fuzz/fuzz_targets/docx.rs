//! The .docx reader, and the understanding layer over what it read: the first input
//! byte picks the part (document, relationships, styles), the rest is its XML.
#![no_main]

use std::sync::LazyLock;

use assure_import::{ImportOptions, docx, understand};
use libfuzzer_sys::fuzz_target;

#[path = "package.rs"]
mod package;

static TEMPLATE: LazyLock<Vec<(String, Vec<u8>)>> = LazyLock::new(|| {
    package::parts(include_bytes!(
        "../../crates/import/tests/fixtures/what-who-how-when.docx"
    ))
});
const PARTS: &[&str] = &[
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "word/styles.xml",
];

fuzz_target!(|data: &[u8]| {
    let Some(bytes) = package::with_part(&TEMPLATE, PARTS, data) else {
        return;
    };
    if let Ok(doc) = docx::read("fuzz.docx", &bytes, &ImportOptions::default()) {
        let _ = understand::understand(&doc, "docx", "fuzz", &Default::default());
    }
});
