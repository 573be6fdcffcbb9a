//! The four formats, their file names and media types, and writing a report in one.

use crate::model::{BoardReport, ReportError};

/// A report's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Pdf,
    Docx,
    Xlsx,
    Csv,
}

impl Format {
    /// Every format, in the order a form offers them.
    pub const ALL: [Format; 4] = [Format::Pdf, Format::Docx, Format::Xlsx, Format::Csv];

    /// The name used on the command line and in forms; also the file extension.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        }
    }

    /// Parses [`Format::as_str`].
    ///
    /// # Errors
    /// [`ReportError::BadFormat`] for anything else.
    pub fn parse(s: &str) -> Result<Format, ReportError> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| ReportError::BadFormat(s.chars().take(20).collect()))
    }

    /// Words for people.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Pdf => "PDF (to publish and send)",
            Format::Docx => "Word (to edit)",
            Format::Xlsx => "Excel (one row per action)",
            Format::Csv => "CSV (for Power BI and other tools)",
        }
    }

    /// The media type it is served as.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }

    /// The report's file name in this format: letters, digits and dashes, then the
    /// extension.
    pub fn file_name(self, report: &BoardReport) -> String {
        format!("{}.{}", report.file_stem(), self.as_str())
    }
}

/// Writes `report` in `format`.
///
/// # Errors
/// [`ReportError::Render`] should the format's writer fail.
pub fn render(report: &BoardReport, format: Format) -> Result<Vec<u8>, ReportError> {
    match format {
        Format::Pdf => crate::pdf::write(report),
        Format::Docx => crate::docx::write(report),
        Format::Xlsx => crate::xlsx::write(report),
        Format::Csv => crate::csv::write(report),
    }
}
