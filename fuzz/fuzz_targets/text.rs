//! The pasted-text reader (tab-separated rows, HTML fragments, markdown-ish body
//! lines), and the understanding layer.
#![no_main]

use assure_import::{csv, text, understand};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let doc = text::read(&csv::decode(data));
    let _ = understand::understand(&doc, "text", "fuzz");
});
