//! Builds the stylesheet and scripts with npm when they are missing or stale, and
//! embeds them.
//!
//! The GOV.UK Design System is compiled by npm `sass` (the Rust `grass` compiler fails on
//! govuk-frontend 6), so `assets/` at the repository root holds a `package.json` and a
//! `package-lock.json` and `npm run build` writes `assets/dist/`. This script:
//!
//! 1. runs `npm ci` (when `node_modules` is missing or older than the lockfile) and
//!    `npm run build` when `assets/dist` is missing a file or is older than any input, so a
//!    plain `cargo build` works on a fresh clone;
//! 2. copies `assets/dist/*` into `OUT_DIR` (so deleting `dist/` never breaks a build
//!    that cargo thinks is fresh) and writes `assets.rs` there: each file's bytes
//!    (`include_bytes!`), content type and SHA-256, for `src/assets.rs` to serve.
//!
//! Several builds can run at once from one checkout (each developer, CI, rust-analyzer
//! with their own target dirs): a lock file in `assets/dist/` keeps them from running npm over
//! one another.

use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

/// What `npm run build` must leave in `dist/`.
const OUTPUTS: [&str; 4] = ["app.css", "init.js", "govuk-frontend.min.js", "favicon.svg"];
/// Inputs of the npm build, relative to `assets/`: a change to any reruns it.
const INPUTS: [&str; 5] = ["scss", "js", "images", "package.json", "package-lock.json"];

fn main() {
    let manifest_dir = PathBuf::from(env("CARGO_MANIFEST_DIR"));
    let assets = manifest_dir.join("../../assets");
    let assets = assets
        .canonicalize()
        .unwrap_or_else(|e| fail(&format!("cannot find {}: {e}", assets.display())));
    for input in INPUTS {
        println!("cargo:rerun-if-changed={}", assets.join(input).display());
    }

    if stale(&assets) {
        let _lock = Lock::take(&assets);
        // Another build may have done the work while this one waited for the lock.
        if stale(&assets) {
            npm_build(&assets);
        }
    }
    embed(&assets.join("dist"), Path::new(&env("OUT_DIR")));
}

/// Whether `dist/` lacks an output or is older than an input.
fn stale(assets: &Path) -> bool {
    let dist = assets.join("dist");
    let oldest_output = OUTPUTS
        .iter()
        .map(|name| mtime(&dist.join(name)))
        .min()
        .flatten();
    let Some(oldest_output) = oldest_output else {
        return true;
    };
    INPUTS
        .iter()
        .filter_map(|input| newest(&assets.join(input)))
        .any(|input| input > oldest_output)
}

fn npm_build(assets: &Path) {
    let lockfile = mtime(&assets.join("package-lock.json"));
    // `npm ci` writes node_modules/.package-lock.json last, so its age tells whether
    // node_modules was installed from the current lockfile.
    let installed = mtime(&assets.join("node_modules/.package-lock.json"));
    if installed.is_none() || installed < lockfile {
        npm(assets, &["ci", "--no-audit", "--no-fund"]);
    }
    npm(assets, &["run", "build"]);
    for name in OUTPUTS {
        if mtime(&assets.join("dist").join(name)).is_none() {
            fail(&format!(
                "`npm run build` in {} did not write dist/{name}",
                assets.display()
            ));
        }
    }
}

fn npm(assets: &Path, args: &[&str]) {
    let shown = format!("npm {}", args.join(" "));
    let output = Command::new("npm")
        .args(args)
        .current_dir(assets)
        .output()
        .unwrap_or_else(|e| {
            if e.kind() == ErrorKind::NotFound {
                fail(
                    "npm is not on PATH. The stylesheet is built with the GOV.UK Design System \
                     from npm, so building assure-web needs Node.js (20 or later) and npm: \
                     install them (Debian/Ubuntu: `apt-get install nodejs npm`) and build again.",
                )
            }
            fail(&format!("cannot run `{shown}`: {e}"))
        });
    if !output.status.success() {
        fail(&format!(
            "`{shown}` in {} failed ({}):\n{}\n{}",
            assets.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
}

/// Copies every file of `dist/` to `OUT_DIR/dist/` and writes `OUT_DIR/assets.rs`.
fn embed(dist: &Path, out_dir: &Path) {
    let copy = out_dir.join("dist");
    fs::create_dir_all(&copy).unwrap_or_else(|e| fail(&format!("{}: {e}", copy.display())));
    let mut names: Vec<String> = fs::read_dir(dist)
        .unwrap_or_else(|e| fail(&format!("{}: {e}", dist.display())))
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();

    let mut code = String::from(
        "// Generated by build.rs from assets/dist: do not edit.\n\
         pub(crate) static FILES: &[Asset] = &[\n",
    );
    for name in &names {
        let bytes = fs::read(dist.join(name))
            .unwrap_or_else(|e| fail(&format!("{}: {e}", dist.join(name).display())));
        let hash = Sha256::digest(&bytes)
            .iter()
            .fold(String::new(), |mut s, b| {
                let _ = write!(s, "{b:02x}");
                s
            });
        write_if_changed(&copy.join(name), &bytes);
        let _ = writeln!(
            code,
            "    Asset {{ name: {name:?}, content_type: {ct:?}, sha256: {hash:?}, \
             bytes: include_bytes!(concat!(env!(\"OUT_DIR\"), \"/dist/\", {name:?})) }},",
            ct = content_type(name),
        );
    }
    code.push_str("];\n");
    write_if_changed(&out_dir.join("assets.rs"), code.as_bytes());
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("json" | "map") => "application/json",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Writes only when the content differs, so an unchanged file keeps its mtime and rustc
/// does not recompile the crate for nothing.
fn write_if_changed(path: &Path, bytes: &[u8]) {
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return;
    }
    fs::write(path, bytes).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
}

fn mtime(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The newest mtime of a file, or of any file under a directory.
fn newest(path: &Path) -> Option<SystemTime> {
    let meta = fs::metadata(path).ok()?;
    if !meta.is_dir() {
        return meta.modified().ok();
    }
    fs::read_dir(path)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| newest(&entry.path()))
        .chain(meta.modified().ok())
        .max()
}

/// An exclusive lock on `assets/dist/.build.lock`, held while npm runs (not in
/// `node_modules`, which `npm ci` deletes).
struct Lock {
    _file: fs::File,
}

impl Lock {
    fn take(assets: &Path) -> Self {
        let dist = assets.join("dist");
        fs::create_dir_all(&dist).unwrap_or_else(|e| fail(&format!("{}: {e}", dist.display())));
        let path = dist.join(".build.lock");
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
        file.lock()
            .unwrap_or_else(|e| fail(&format!("cannot lock {}: {e}", path.display())));
        Lock { _file: file }
    }
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| fail(&format!("{name} is not set")))
}

/// Stops the build; cargo shows the message with the build script's output.
fn fail(message: &str) -> ! {
    panic!("\n\n{message}\n\n");
}
