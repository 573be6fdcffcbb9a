//! Import of every fixture: the real plans from `../shared/fixtures` when they are
//! beside the repository (skipped with a message otherwise), and our own fictional
//! ones in `tests/fixtures` and `tests/layouts`. The largest .docx must import in under 50 ms (median,
//! release); figures and the command are in `docs/benchmarks.md`.
//!
//! `CARGO_TARGET_DIR=... cargo bench -p assure-import --bench import`

use std::path::{Path, PathBuf};

use assure_import::{ImportOptions, import_bytes};
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
    for (kind, path) in files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("file")
            .to_string();
        let bytes = std::fs::read(&path).expect("fixture readable");
        // A fixture that no longer imports is a bug, not a figure.
        import_bytes(&name, &bytes, &opts).expect("fixture imports");
        group.bench_function(format!("{kind}/{name}"), |b| {
            b.iter(|| import_bytes(&name, std::hint::black_box(&bytes), &opts))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
