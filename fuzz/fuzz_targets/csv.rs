//! The CSV reader (encoding and delimiter sniffing), and the understanding layer.
#![no_main]

use assure_import::{csv, understand};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let doc = csv::read(data);
    let _ = understand::understand(&doc, "csv", "fuzz");
});
