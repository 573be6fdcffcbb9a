//! The board report's integration tests: one binary, a module per subject.

mod common;
mod csv_xlsx;
mod docx;
mod model;
mod pdf;
mod round_trip;
