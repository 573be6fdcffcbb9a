//! Why an import was refused. One enum for the crate: every variant names the file
//! and says what a person can do about it, because the CLI prints it as is.

use assure_domain::document::grouped;
use thiserror::Error;

use crate::limits::Limit;

/// A file that could not be imported.
#[derive(Debug, Error)]
pub enum ImportError {
    /// The file has no bytes (or only whitespace).
    #[error("{file}: the file is empty")]
    Empty { file: String },
    /// Bigger than `ImportOptions::max_bytes`.
    #[error("{file}: the file is {size} bytes, more than the limit of {limit} bytes")]
    TooLarge { file: String, size: u64, limit: u64 },
    /// A zip member (or all of them together) would expand past the limit: a zip bomb
    /// or a spreadsheet far larger than any plan.
    #[error(
        "{file}: the file expands to more than {limit} bytes when unpacked; it is not imported"
    )]
    ExpansionLimit { file: String, limit: u64 },
    /// A sheet whose used cells span more than `ImportOptions::max_sheet_cells`.
    #[error(
        "{file}: the sheet “{sheet}” spans {} cells from its first to its last, more than the {} Assure reads; delete the cells far from the plan and import again",
        grouped(*.cells),
        grouped(*.limit)
    )]
    SheetTooLarge {
        file: String,
        sheet: String,
        cells: u64,
        limit: u64,
    },
    /// More rows, cells, paragraphs or text than Assure reads in one plan (see
    /// [`crate::limits`]), counted as the file is read: reading stops there.
    #[error("{file}: {place} {}", .limit.describe(*.found, *.max))]
    OverLimit {
        file: String,
        /// Where: "the document", "the sheet “Plan”", "the file".
        place: String,
        limit: Limit,
        /// The exact count, when the reader could finish counting cheaply.
        found: Option<u64>,
        max: u64,
    },
    /// The file was read as a plan of more than `ImportOptions::max_actions` actions.
    #[error(
        "{file}: the plan has {} actions; Assure imports plans of up to {} actions, so split it into smaller plans (one per area, say) and import each",
        grouped(*.found as u64),
        grouped(*.max as u64)
    )]
    TooManyActions {
        file: String,
        found: usize,
        max: usize,
    },
    /// An Office file protected with a password (stored as an OLE compound file).
    #[error(
        "{file}: the file is encrypted or password-protected; save an unprotected copy and import that"
    )]
    Encrypted { file: String },
    /// A zip that cannot be read, or an Office file missing its main part.
    #[error("{file}: the file is damaged or not a valid {format} file ({detail})")]
    Corrupt {
        file: String,
        format: &'static str,
        detail: String,
    },
    /// A format we cannot read (old .doc/.xls, PDF, images...).
    #[error("{file}: {what} files cannot be imported; save it as .docx, .xlsx or .csv")]
    Unsupported { file: String, what: String },
    /// The file was read but holds no table with a header we recognise.
    #[error(
        "{file}: no action table found: no row has column headings such as \"Action\", \"Lead\", \"Timescale\" or \"Status\""
    )]
    NoHeader { file: String },
    /// Assure's own export of a plan, with a cell that cannot be read (a person's edit).
    #[error("{file}: this is Assure's export of a plan, but {detail}")]
    Export { file: String, detail: String },
    /// The file was read but holds no text at all.
    #[error("{file}: the file holds no text to import")]
    NotAPlan { file: String },
    /// A file of measures' values that holds none in a layout Assure reads.
    #[error("{file}: {why}")]
    NoValues { file: String, why: String },
}
