//! The one font reports use, embedded: DejaVu Sans, regular and bold (see
//! `crates/report/fonts/README.md` for where it comes from and its licence).

/// DejaVu Sans.
pub static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold.
pub static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");
/// Its family name.
pub const FAMILY: &str = "DejaVu Sans";
