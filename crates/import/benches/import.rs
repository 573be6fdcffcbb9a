//! Import of every fixture: the real plans from `../shared/fixtures` when they are
//! beside the repository (skipped with a message otherwise), and our own fictional
//! ones in `tests/fixtures` and `tests/layouts`. The largest .docx must import in under 50 ms (median,
//! release), also when read with a saved layout (`layout/…`: every column's meaning and
//! the header row restated, as a person's corrections would); figures and the command are
//! in `docs/benchmarks.md`.
//!
//! `CARGO_TARGET_DIR=... cargo bench -p assure-import --bench import`

use std::path::{Path, PathBuf};

use assure_import::understand::corrections::{ColumnFix, HeaderFix};
use assure_import::{Corrections, ImportOptions, import_bytes, import_bytes_with};
use criterion::{Criterion, criterion_group, criterion_main};

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("docx" | "xlsx" | "csv" | "txt")
                )
        })
        .collect();
    files.sort();
    files
}

fn bench(c: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../../../shared/fixtures");
    let mut files = Vec::new();
    if shared.is_dir() {
        files.extend(files_in(&shared).into_iter().map(|p| ("real", p)));
    } else {
        println!("skipped the real plans: {} not found", shared.display());
    }
    files.extend(
        files_in(&root.join("tests/fixtures"))
            .into_iter()
            .map(|p| ("ours", p)),
    );
    files.extend(
        files_in(&root.join("tests/layouts"))
            .into_iter()
            .map(|p| ("layouts", p)),
    );
    let opts = ImportOptions::default();
    let mut group = c.benchmark_group("import");
    let largest_docx = files
        .iter()
        .filter(|(_, p)| p.extension().is_some_and(|e| e == "docx"))
        .max_by_key(|(_, p)| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .map(|(_, p)| p.clone());
    if let Some(path) = largest_docx {
        let name = name_of(&path);
        let bytes = std::fs::read(&path).expect("fixture readable");
        let layout = layout_of(&name, &bytes, &opts);
        import_bytes_with(&name, &bytes, &opts, &layout).expect("reads with its layout");
        group.bench_function(format!("layout/{name}"), |b| {
            b.iter(|| import_bytes_with(&name, std::hint::black_box(&bytes), &opts, &layout))
        });
    }
    for (kind, path) in files {
        let name = name_of(&path);
        let bytes = std::fs::read(&path).expect("fixture readable");
        // A fixture that no longer imports is a bug, not a figure.
        import_bytes(&name, &bytes, &opts).expect("fixture imports");
        group.bench_function(format!("{kind}/{name}"), |b| {
            b.iter(|| import_bytes(&name, std::hint::black_box(&bytes), &opts))
        });
    }
    group.finish();
}

/// The file's name, which the importer reads its format from.
fn name_of(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("file")
        .to_string()
}

/// A layout that restates the file's own reading: its header row and every column's
/// meaning by number, so the corrected path does all its work.
fn layout_of(name: &str, bytes: &[u8], opts: &ImportOptions) -> Corrections {
    let out = import_bytes(name, bytes, opts).expect("fixture imports");
    Corrections {
        name: Some("Restated".into()),
        headers: vec![HeaderFix {
            table: None,
            row: 1,
        }],
        columns: out
            .reading
            .columns
            .iter()
            .map(|c| ColumnFix {
                table: Some(c.table),
                column: Some(c.column),
                header: None,
                meaning: c.meaning.clone(),
            })
            .collect(),
        rows: Vec::new(),
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
