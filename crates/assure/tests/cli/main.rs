//! The binary as a person runs it: import, export, demo, users, bad input, serve. One
//! test binary; a file per subject, sharing the helpers here.

mod import_export;
mod reminders;
mod serve_and_layouts;
mod setup_and_demo;

use assure_test_support as support;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn assure(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_assure"))
        .args(args)
        .env("ASSURE_DATABASE_URL", db)
        .env_remove("ASSURE_PASSWORD")
        .env("ASSURE_LOG", "warn")
        .output()
        .expect("run assure")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn demo_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("demo/plan.json")
}
