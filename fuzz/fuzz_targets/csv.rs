//! The CSV reader (encoding and delimiter sniffing), and the understanding layer.
#![no_main]

use assure_import::{ImportOptions, csv, understand};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = csv::read("fuzz.csv", data, &ImportOptions::default()) {
        let _ = understand::understand(&doc, "csv", "fuzz", &Default::default());
    }
});
