//! Imports every shared fixture and scores it with the project's scorer
//! (`shared/tools/score_import.py`), holding each file to a floor that only rises.
//! Skipped when `../shared` is not beside the repository.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The lowest score each file may have. Raise these as the importer improves; the
/// target is 0.99 for every file.
const FLOORS: &[(&str, f64)] = &[
    ("plan-000.txt", 0.9999),
    ("plan-001.txt", 0.9999),
    ("plan-002.txt", 0.9999),
    ("plan-003.txt", 0.9999),
    ("plan-004.txt", 0.9999),
    ("plan-000.docx", 0.9999),
    ("plan-001.docx", 0.9999),
    ("plan-002.docx", 0.9999),
    ("plan-003.docx", 0.9999),
    ("plan-004.docx", 0.9999),
    ("plan-004.xlsx", 0.9999),
];

fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    p.join("fixtures").is_dir().then_some(p)
}

fn score(shared: &Path, name: &str) -> f64 {
    let path = shared.join("fixtures").join(name);
    let bytes = std::fs::read(&path).expect("fixture readable");
    let out = match assure_import::import_bytes(name, &bytes, &Default::default()) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{name}: import failed: {e}");
            return 0.0;
        }
    };
    let stem = name.split('.').next().expect("stem");
    let dir = tempfile::tempdir().expect("temp dir");
    let actual = dir.path().join(format!("{stem}.json"));
    std::fs::write(&actual, serde_json::to_vec(&out.document).expect("json")).expect("write");
    let truth = shared.join("fixtures/truth").join(format!("{stem}.json"));
    let run = Command::new("python3")
        .arg(shared.join("tools/score_import.py"))
        .arg(&truth)
        .arg(&actual)
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let last = stdout.lines().last().unwrap_or("");
    eprintln!("{name}: {last}");
    last.strip_prefix("score ")
        .and_then(|s| s.split_whitespace().next())
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.0)
}

#[test]
#[ignore = "needs ../shared/fixtures beside the repository (CI has it); scripts/test runs it when it is there"]
fn fixtures_score_at_least_their_floor() {
    let Some(shared) = shared() else {
        println!("skipped: ../shared/fixtures not found");
        return;
    };
    if Command::new("python3").arg("--version").output().is_err() {
        println!("skipped: python3 not found");
        return;
    }
    let mut failed = Vec::new();
    for (name, floor) in FLOORS {
        let s = score(&shared, name);
        println!("{name}: {s:.4} (floor {floor})");
        if s + 1e-9 < *floor {
            failed.push(format!("{name}: {s:.4} < {floor}"));
        }
    }
    assert!(failed.is_empty(), "below floor: {failed:?}");
}
