//! The board report's integration tests: one binary, a module per subject.

mod common;
mod model;
