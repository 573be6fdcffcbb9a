//! The pasted-text reader (tab-separated rows, HTML fragments, markdown-ish body
//! lines), and the understanding layer.
#![no_main]

use assure_import::{ImportOptions, csv, text, understand};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = text::read("fuzz.txt", &csv::decode(data), &ImportOptions::default()) {
        let _ = understand::understand(&doc, "text", "fuzz", &Default::default());
    }
});
