//! A layout (the corrections a person keeps for a file's layout) and the re-read with
//! it: the bytes up to the first NUL are the layout, as a `--layout` TOML file or as the
//! JSON the web app keeps; the rest is a plan read with it (second byte: CSV or pasted
//! text). A layout that validates must read any file without a panic, and survive the
//! JSON round trip the store makes.
#![no_main]

use assure_import::{Corrections, ImportOptions, import_bytes_with};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(split) = data.iter().position(|&b| b == 0) else {
        return;
    };
    let (layout, rest) = (&data[..split], &data[split + 1..]);
    let Some((&pick, plan)) = rest.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(layout) else {
        return;
    };
    let parsed: Option<Corrections> = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).ok()
    } else {
        basic_toml::from_str(text).ok()
    };
    let Some(c) = parsed else {
        return;
    };
    if c.validate().is_err() {
        return;
    }
    let kept = serde_json::to_value(&c).expect("a layout serialises");
    let back: Corrections = serde_json::from_value(kept).expect("a kept layout reads back");
    assert_eq!(back, c, "the store's round trip changes nothing");
    let name = if pick % 2 == 0 { "plan.csv" } else { "plan.txt" };
    if let Ok(out) = import_bytes_with(name, plan, &ImportOptions::default(), &c) {
        let _ = out.reading.to_text();
        let _ = serde_json::to_string(&out.document);
    }
});
