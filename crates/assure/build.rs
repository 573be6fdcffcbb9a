//! Link settings for the `assure` binary that keep its resident memory down.
//!
//! - Packed relative relocations (`DT_RELR`). A position-independent executable carries
//!   one 24-byte relocation for every pointer in its read-only data; Assure's were 3.7 MB,
//!   all read at every start and kept resident. Packed, they take a few kilobytes. GNU ld
//!   2.38, LLVM's lld and glibc 2.36 (Debian 12) and later know the format; elsewhere the
//!   flag is left out. `ASSURE_NO_RELR=1` leaves it out.
//! - In release builds, the code the server runs placed side by side
//!   (`hot-code.order`, made by `scripts/hot-code`). The kernel maps code 64 KB around
//!   each page first touched, so scattered functions cost 64 KB each; grouped, they share
//!   pages. Only lld reads the list (Rust's default linker on x86_64 Linux since 1.90);
//!   names it no longer finds are skipped, so a stale list costs memory, never a failed
//!   build. `ASSURE_NO_HOT_ORDER=1` leaves it out.
//!
//! Figures for both are in docs/benchmarks.md.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=hot-code.order");
    println!("cargo:rerun-if-env-changed=ASSURE_NO_RELR");
    println!("cargo:rerun-if-env-changed=ASSURE_NO_HOT_ORDER");
    let linux_gnu = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu");
    if !linux_gnu {
        return;
    }
    let lld = links_with_lld();
    if std::env::var_os("ASSURE_NO_RELR").is_none() && (lld || gnu_ld_knows_relr()) {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    let release = std::env::var("PROFILE").as_deref() == Ok("release");
    let order =
        Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default()).join("hot-code.order");
    if release && lld && std::env::var_os("ASSURE_NO_HOT_ORDER").is_none() && order.is_file() {
        println!(
            "cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
            order.display()
        );
        println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
    }
}

/// Whether rustc links this target with its own lld: its default on x86_64 Linux since
/// Rust 1.90, unless the build asks for another linker.
fn links_with_lld() -> bool {
    let x86_64 = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("x86_64");
    let flags = std::env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    let other_linker = flags.contains("linker-features=-lld")
        || flags.contains("linker=")
        || flags.contains("fuse-ld=")
        || std::env::var_os("CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER").is_some();
    x86_64 && !other_linker && rustc_minor().is_some_and(|minor| minor >= 90)
}

/// The minor version of the rustc building this, from `rustc --version`.
fn rustc_minor() -> Option<u32> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let out = std::process::Command::new(rustc)
        .arg("--version")
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let version = text.split_whitespace().nth(1)?;
    version.split('.').nth(1)?.parse().ok()
}

/// Whether the system's GNU ld accepts packed relocations: older ones fail the link.
fn gnu_ld_knows_relr() -> bool {
    std::process::Command::new("ld")
        .arg("--help")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("pack-relative-relocs"))
        .unwrap_or(false)
}
