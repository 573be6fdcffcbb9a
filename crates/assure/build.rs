//! Links the `assure` binary with packed relative relocations (`DT_RELR`).
//!
//! A position-independent executable carries one 24-byte relocation for every pointer in
//! its read-only data; Assure's were 3.7 MB, all read at every start and kept resident.
//! Packed, they take a few kilobytes (docs/benchmarks.md). GNU ld 2.38 and glibc 2.36
//! (Debian 12) and later know the format; elsewhere the flag is left out.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=ASSURE_NO_RELR");
    let linux_gnu = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu");
    if linux_gnu && std::env::var_os("ASSURE_NO_RELR").is_none() && linker_knows_relr() {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Whether the system linker accepts the flag: older ones fail the link outright.
fn linker_knows_relr() -> bool {
    std::process::Command::new("ld")
        .arg("--help")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("pack-relative-relocs"))
        .unwrap_or(false)
}
