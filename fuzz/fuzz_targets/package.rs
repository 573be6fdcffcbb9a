//! Fuzzing inside a package: a .docx or .xlsx is a zip whose parts carry checksums, so
//! mutating the zip bytes mostly tests the zip reader. These targets take one of our
//! own fixtures as a template and replace one XML part (chosen by the first input
//! byte) with the rest of the input, stored uncompressed, so the mutations reach the
//! XML readers. Raw zip bytes are fuzzed by the `import` target.

use std::io::{Cursor, Read, Write};

/// The parts of a template package, in order.
pub fn parts(template: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(template)).expect("template is a zip");
    let mut out = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("template part");
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("template part reads");
        let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
        out.push((name, data));
    }
    out
}

/// The template with part `names[data[0] % len]` replaced by `data[1..]`.
pub fn with_part(parts: &[(String, Vec<u8>)], names: &[&str], data: &[u8]) -> Option<Vec<u8>> {
    let (&pick, content) = data.split_first()?;
    let target = names[usize::from(pick) % names.len()];
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut replaced = false;
    for (name, bytes) in parts {
        w.start_file(name.as_str(), opts).ok()?;
        if name == target {
            w.write_all(content).ok()?;
            replaced = true;
        } else {
            w.write_all(bytes).ok()?;
        }
    }
    if !replaced {
        w.start_file(target, opts).ok()?;
        w.write_all(content).ok()?;
    }
    Some(w.finish().ok()?.into_inner())
}
