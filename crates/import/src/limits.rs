//! How much of a file the importer reads, and the counting that enforces it.
//!
//! Memory is bounded by what is read, not by what a file declares: every reader counts
//! the rows, cells, paragraphs and text it keeps as it keeps them ([`Budget`]), and
//! stops at the first limit passed with an error that says what and where. The limits
//! are far beyond any real plan (the five real ones have under 200 actions and 60 KB of
//! text) and small enough that the table model of a file at every limit at once stays
//! within tens of megabytes (`docs/benchmarks.md` has the figures).

use assure_domain::document::grouped;

use crate::{ImportError, ImportOptions};

/// The most actions one plan may have (sub-actions included).
pub const MAX_ACTIONS: usize = assure_domain::MAX_ACTIONS;
/// Table rows in a file: room for a plan of [`MAX_ACTIONS`] with as many area rows,
/// repeated headers and continuation rows again.
pub const MAX_ROWS: u64 = 40_000;
/// Table cells (empty ones in a table's grid included) in a file: 20,000 actions in
/// rows of 15 columns.
pub const MAX_CELLS: u64 = 300_000;
/// Paragraphs and list items, in the body and in cells.
pub const MAX_PARAGRAPHS: u64 = 400_000;
/// Text kept from a file: a real plan has about 500 bytes of text an action.
pub const MAX_TEXT_BYTES: u64 = 16 * 1024 * 1024;
/// The longest piece of XML read at once (a run of text, a tag with its attributes):
/// Excel holds at most 32,767 characters in a cell.
pub const MAX_XML_PIECE_BYTES: u64 = 4 * 1024 * 1024;
/// Records of a workbook's styles (number formats, fonts, fills, cell formats): Excel
/// itself keeps at most 64,000 cell formats.
pub const MAX_STYLE_RECORDS: u64 = 200_000;
/// Sheets of a workbook.
pub const MAX_SHEETS: usize = 1_000;
/// How deep XML elements may nest; Word's deepest (a text box in a nested table) is
/// well under a hundred.
pub const MAX_XML_DEPTH: usize = 1_000;

/// What a file had too much of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Rows,
    Cells,
    Paragraphs,
    TextBytes,
    /// One piece of XML (a run of text, or one tag) in bytes.
    Piece,
    /// Elements nested in elements.
    Depth,
    /// Style records of a workbook.
    Styles,
    /// Sheets of a workbook.
    Sheets,
}

impl Limit {
    /// The sentence after the place ("the sheet “Plan”"): what was found, the limit, and
    /// what to do. `found` is the exact count where the reader could count on cheaply.
    pub fn describe(self, found: Option<u64>, max: u64) -> String {
        let has = |unit: &str| match found {
            Some(n) => format!("has {} {unit}", grouped(n)),
            None => format!("has more than {} {unit}", grouped(max)),
        };
        let mb = |bytes: u64| format!("{} MB", bytes / (1024 * 1024));
        let split = "split the plan into smaller plans (one per area, say) and import each";
        match self {
            Limit::Rows => format!(
                "{}; Assure reads plans of up to {} rows and {} actions, so {split}",
                has("rows"),
                grouped(max),
                grouped(MAX_ACTIONS as u64)
            ),
            Limit::Cells => format!(
                "{}; Assure reads plans of up to {} table cells, so delete the rows and columns that are not part of the plan, or {split}",
                has("table cells"),
                grouped(max)
            ),
            Limit::Paragraphs => format!(
                "{}; Assure reads plans of up to {} paragraphs, so {split}",
                has("paragraphs"),
                grouped(max)
            ),
            Limit::TextBytes => format!(
                "holds more than {} of text; Assure reads plans of up to {} of text, so {split}",
                mb(max),
                mb(max)
            ),
            Limit::Piece => format!(
                "has a single piece of text or markup longer than {}; no plan has, so it is not imported",
                mb(max)
            ),
            Limit::Depth => format!(
                "nests its content more than {} levels deep; Word and Excel never do, so it is not imported",
                grouped(max)
            ),
            Limit::Styles => format!(
                "has more than {} cell styles; Excel itself keeps at most 64,000, so it is not imported",
                grouped(max)
            ),
            Limit::Sheets => format!(
                "has more than {} sheets; Assure reads workbooks of up to {} sheets, so {split}",
                grouped(max),
                grouped(max)
            ),
        }
    }
}

/// Adds `n` to `used`; true when that passes `max`.
fn over(used: &mut u64, n: u64, max: u64) -> bool {
    *used = used.saturating_add(n);
    *used > max
}

/// What a reader has kept so far, against the limits.
#[derive(Debug)]
pub struct Budget {
    file: String,
    /// Where the reader is, as errors say it: "the document", "the sheet “Plan”".
    place: String,
    opts: ImportOptions,
    rows: u64,
    cells: u64,
    paragraphs: u64,
    text: u64,
}

impl Budget {
    pub fn new(file: &str, place: &str, opts: &ImportOptions) -> Self {
        Budget {
            file: file.to_string(),
            place: place.to_string(),
            opts: *opts,
            rows: 0,
            cells: 0,
            paragraphs: 0,
            text: 0,
        }
    }

    /// Errors from here on name `place`.
    pub fn set_place(&mut self, place: impl Into<String>) {
        self.place = place.into();
    }

    pub fn place(&self) -> &str {
        &self.place
    }

    pub fn file(&self) -> &str {
        &self.file
    }

    pub fn error(&self, limit: Limit, found: Option<u64>, max: u64) -> ImportError {
        ImportError::OverLimit {
            file: self.file.clone(),
            place: self.place.clone(),
            limit,
            found,
            max,
        }
    }

    pub fn rows(&mut self, n: u64) -> Result<(), ImportError> {
        let over = over(&mut self.rows, n, self.opts.max_rows);
        self.check(over, Limit::Rows)
    }

    pub fn cells(&mut self, n: u64) -> Result<(), ImportError> {
        let over = over(&mut self.cells, n, self.opts.max_cells);
        self.check(over, Limit::Cells)
    }

    pub fn paragraphs(&mut self, n: u64) -> Result<(), ImportError> {
        let max = self.opts.max_paragraphs;
        let over = over(&mut self.paragraphs, n, max);
        self.check(over, Limit::Paragraphs)
    }

    pub fn text(&mut self, bytes: usize) -> Result<(), ImportError> {
        let max = self.opts.max_text_bytes;
        let over = over(&mut self.text, bytes as u64, max);
        self.check(over, Limit::TextBytes)
    }

    fn check(&self, over: bool, limit: Limit) -> Result<(), ImportError> {
        if !over {
            return Ok(());
        }
        let max = match limit {
            Limit::Rows => self.opts.max_rows,
            Limit::Cells => self.opts.max_cells,
            Limit::Paragraphs => self.opts.max_paragraphs,
            Limit::TextBytes => self.opts.max_text_bytes,
            Limit::Piece => MAX_XML_PIECE_BYTES,
            Limit::Depth => MAX_XML_DEPTH as u64,
            Limit::Styles => MAX_STYLE_RECORDS,
            Limit::Sheets => MAX_SHEETS as u64,
        };
        Err(self.error(limit, None, max))
    }

    /// The rows counted so far.
    pub fn rows_used(&self) -> u64 {
        self.rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_say_what_was_found_and_the_limit() {
        let opts = ImportOptions {
            max_rows: 3,
            ..ImportOptions::default()
        };
        let mut b = Budget::new("plan.xlsx", "the sheet “Plan”", &opts);
        b.rows(3).expect("within the limit");
        let e = b.rows(1).expect_err("over the limit").to_string();
        assert!(
            e.starts_with("plan.xlsx: the sheet “Plan” has more than 3 rows; Assure reads plans of up to 3 rows and 20,000 actions"),
            "{e}"
        );
        let exact = Limit::Rows.describe(Some(185_846), 40_000);
        assert!(exact.starts_with("has 185,846 rows"), "{exact}");
        let text = Limit::TextBytes.describe(None, MAX_TEXT_BYTES);
        assert!(text.contains("more than 16 MB of text"), "{text}");
    }
}
