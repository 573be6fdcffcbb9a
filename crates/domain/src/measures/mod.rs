//! Measures beside the plan: what a KPI is (unit, direction, frequency), its targets over
//! time, the status a value earns against its target, values by period, and measures
//! spotted in an action's "how will we know" text.
//!
//! Pure like the rest of the crate: the store keeps measures, the web draws them, and the
//! rules they share live here, tested with fixed dates.

mod bands;
mod document;
mod period;
mod series;
mod stored;
mod suggest;
mod targets;
mod units;
mod upload;

pub use bands::{Tolerance, status_of};
pub use document::{MeasureDoc, MeasureValueDoc, TargetDoc};
pub use period::{MeasurePeriod, parse_period};
pub use series::{Point, Series, Streak};
pub use stored::{Measure, MeasureFields, MeasureLink, MeasureValue};
pub use suggest::{Suggestion, suggest};
pub use targets::{Target, TargetHistory};
pub use units::{Direction, Frequency, Unit, parse_value};
pub use upload::{Matched, UploadMeasure, UploadRow, match_rows};

/// The longest name of a measure, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// The longest definition, source or note, in characters.
pub const MAX_TEXT_CHARS: usize = 2_000;
/// The most measures one plan keeps.
pub const MAX_MEASURES: usize = 500;
/// The largest magnitude a value or target may have: beyond it a figure is a typing slip
/// (or a spreadsheet's error), not a council's measure.
pub const MAX_MAGNITUDE: f64 = 1e12;
