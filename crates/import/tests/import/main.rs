//! The importer's integration tests, in one binary (each test file is a separately
//! linked binary, so they are modules here).

mod bad_files;
mod build;
mod corrections;
mod hostile;
mod layout_score;
mod layouts;
mod measure_values;
mod ours;
mod plan_size;
mod score;
