//! CSV: one row per action, UTF-8 with a byte-order mark (so Excel reads it as UTF-8, not
//! the system code page) and CRLF line ends, for Power BI and the like.

use crate::columns::columns;
use crate::model::{BoardReport, ReportError};

/// A cell Excel would read as a formula (`=`, `+`, `-`, `@`, tab or carriage return first)
/// is written with an apostrophe first, so opening the file runs nothing. A lone "-" or
/// "+" (a status of some plans) is not a formula and stays as it is.
pub fn defuse(cell: &str) -> String {
    let mut chars = cell.chars();
    match chars.next() {
        Some('=' | '@' | '\t' | '\r') => format!("'{cell}"),
        Some('+' | '-') if chars.next().is_some() => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// The report's actions as CSV bytes.
///
/// # Errors
/// [`ReportError::Render`] if writing fails (it writes to memory, so only on a bug).
pub fn write(report: &BoardReport) -> Result<Vec<u8>, ReportError> {
    let cols = columns(report);
    let mut out = Vec::with_capacity(256 * (report.total + 1));
    out.extend_from_slice(b"\xEF\xBB\xBF");
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let err = |e: csv::Error| ReportError::Render(e.to_string());
    w.write_record(cols.iter().map(|c| defuse(&c.header)))
        .map_err(err)?;
    for (area, row) in report.rows() {
        w.write_record(cols.iter().map(|c| defuse(&(c.value)(area, row).text())))
            .map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| ReportError::Render(e.to_string()))
}
