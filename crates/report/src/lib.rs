//! Board reports: the monthly or quarterly pack a plan's owner sends to the improvement
//! board, the leadership team and scrutiny.
//!
//! [`model::build`] works out a [`BoardReport`] once, from the stored plan, its status
//! history, a period and an audience (pure, deterministic); each format then writes that
//! model: CSV and Excel for data, Word to edit, PDF to publish. Nothing here reads files,
//! the network or the clock.
#![forbid(unsafe_code)]

pub mod audience;
pub mod colours;
pub mod detached;
pub mod model;
pub mod names;

pub use audience::Audience;
pub use model::{BoardReport, ReportError, ReportRequest, build};
pub mod columns;
pub mod csv;
pub mod docx;
pub mod fonts;
pub mod format;
pub mod measures;
pub mod outline;
pub mod pdf;
pub mod plan_export;
pub mod raster;
mod sheet_formats;
pub mod xlsx;
pub use format::{Format, render};
