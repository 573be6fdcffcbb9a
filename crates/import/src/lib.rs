//! Reads the plans councils already have into plan documents.
//!
//! Every format is first read into one table model ([`table::Document`]): paragraphs
//! and tables, cells with paragraphs, list items, links, fills and merges. One
//! understanding layer ([`understand`]) then reads that model as a plan, so a rule
//! about headers or continuation rows holds for Word, Excel, CSV and pasted text alike.
#![forbid(unsafe_code)]

pub mod csv;
pub mod docx;
pub mod error;
pub mod fragment;
pub mod limits;
pub mod measures;
pub mod own_export;
pub mod report;
pub mod table;
pub mod text;
pub mod understand;
pub mod xlsx;
pub mod zipread;

use assure_domain::PlanDocument;

pub use error::ImportError;
pub use report::ImportReport;
pub use understand::corrections::Corrections;
pub use understand::reading::{Reading, RowClass};

/// Limits that keep a hostile or mistaken file from exhausting the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportOptions {
    /// The largest file accepted, in bytes.
    pub max_bytes: u64,
    /// The most a zip-based file (.docx, .xlsx) may expand to, in bytes.
    pub max_expanded_bytes: u64,
    /// The most cells a spreadsheet's sheet may span (from its first used row and
    /// column to its last): two stray cells far apart make a grid of billions.
    pub max_sheet_cells: u64,
    /// Table rows read from the whole file ([`limits::MAX_ROWS`]).
    pub max_rows: u64,
    /// Table cells read, empty ones included ([`limits::MAX_CELLS`]).
    pub max_cells: u64,
    /// Paragraphs and list items read ([`limits::MAX_PARAGRAPHS`]).
    pub max_paragraphs: u64,
    /// Bytes of text kept ([`limits::MAX_TEXT_BYTES`]).
    pub max_text_bytes: u64,
    /// Actions in the plan read ([`limits::MAX_ACTIONS`]).
    pub max_actions: usize,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            max_bytes: 50 * 1024 * 1024,
            max_expanded_bytes: 500 * 1024 * 1024,
            max_sheet_cells: 1_000_000,
            max_rows: limits::MAX_ROWS,
            max_cells: limits::MAX_CELLS,
            max_paragraphs: limits::MAX_PARAGRAPHS,
            max_text_bytes: limits::MAX_TEXT_BYTES,
            max_actions: limits::MAX_ACTIONS,
        }
    }
}

/// A plan read from a file, with what a person should check.
#[derive(Debug, Clone)]
pub struct ImportOutcome {
    pub document: PlanDocument,
    pub report: ImportReport,
    /// How the file was read: columns, meanings, confidence, row classes.
    pub reading: understand::reading::Reading,
}

/// The formats we read, told apart by content first and by name second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Xlsx,
    Csv,
    Text,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
            Format::Text => "text",
        }
    }
}

fn extension(file_name: &str) -> String {
    std::path::Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Decides the format from the bytes (a zip's parts, an OLE container, text), using
/// the file name only to tell CSV from pasted text.
pub fn detect(file_name: &str, bytes: &[u8]) -> Result<Format, ImportError> {
    let file = file_name.to_string();
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zip_kind(file_name, bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // An OLE compound file: an encrypted .docx/.xlsx, or an old .doc/.xls.
        let ext = extension(file_name);
        if ext == "docx"
            || ext == "xlsx"
            || contains(bytes, b"E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o")
        {
            return Err(ImportError::Encrypted { file });
        }
        let what = match ext.as_str() {
            "xls" => "Excel 97-2003 (.xls)",
            "doc" => "Word 97-2003 (.doc)",
            _ => "Old Office (OLE)",
        };
        return Err(ImportError::Unsupported {
            file,
            what: what.into(),
        });
    }
    if bytes.starts_with(b"%PDF") {
        return Err(ImportError::Unsupported {
            file,
            what: "PDF".into(),
        });
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(ImportError::Unsupported {
            file,
            what: "RTF".into(),
        });
    }
    let probe = &bytes[..bytes.len().min(4096)];
    let binary = probe.iter().filter(|&&b| b == 0).count() > probe.len() / 20 + 1
        && !(probe.starts_with(&[0xFF, 0xFE]) || probe.starts_with(&[0xFE, 0xFF]));
    if binary {
        return Err(ImportError::Unsupported {
            file,
            what: "Binary".into(),
        });
    }
    match extension(file_name).as_str() {
        "csv" | "tsv" => Ok(Format::Csv),
        "docx" | "xlsx" | "xlsm" => Err(ImportError::Corrupt {
            file,
            format: if extension(file_name) == "docx" {
                "Word"
            } else {
                "Excel"
            },
            detail: "it is not a zip package".into(),
        }),
        _ => Ok(Format::Text),
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn zip_kind(file_name: &str, bytes: &[u8]) -> Result<Format, ImportError> {
    let reader = std::io::Cursor::new(bytes);
    let z = zip::ZipArchive::new(reader).map_err(|e| ImportError::Corrupt {
        file: file_name.to_string(),
        format: "zip",
        detail: e.to_string(),
    })?;
    let names: Vec<String> = z
        .file_names()
        .filter_map(|n| n.ok())
        .map(|n| n.into_owned())
        .collect();
    if names.iter().any(|n| n == "word/document.xml") {
        Ok(Format::Docx)
    } else if names
        .iter()
        .any(|n| n.starts_with("xl/worksheets/") || *n == "xl/workbook.xml")
    {
        Ok(Format::Xlsx)
    } else {
        Err(ImportError::Unsupported {
            file: file_name.to_string(),
            what: "This zip (not a Word or Excel document)".into(),
        })
    }
}

/// Imports one file.
///
/// # Errors
/// [`ImportError`] naming the file and what was wrong with it.
pub fn import_bytes(
    file_name: &str,
    bytes: &[u8],
    opts: &ImportOptions,
) -> Result<ImportOutcome, ImportError> {
    import_bytes_with(file_name, bytes, opts, &Corrections::default())
}

/// Imports one file, reading it with a person's corrections (column meanings, the
/// header row, row classes): see [`Corrections`].
///
/// # Errors
/// [`ImportError`] naming the file and what was wrong with it.
pub fn import_bytes_with(
    file_name: &str,
    bytes: &[u8],
    opts: &ImportOptions,
    corrections: &Corrections,
) -> Result<ImportOutcome, ImportError> {
    let file = file_name.to_string();
    if bytes.len() as u64 > opts.max_bytes {
        return Err(ImportError::TooLarge {
            file,
            size: bytes.len() as u64,
            limit: opts.max_bytes,
        });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty { file });
    }
    let format = detect(file_name, bytes)?;
    let doc = match format {
        Format::Docx => docx::read(file_name, bytes, opts)?,
        Format::Xlsx => xlsx::read(file_name, bytes, opts)?,
        Format::Csv => csv::read(file_name, bytes, opts)?,
        Format::Text => text::read(file_name, &csv::decode(bytes), opts)?,
    };
    if doc.blocks.is_empty() {
        return Err(ImportError::NotAPlan { file });
    }
    // Assure's own export of a whole plan is read exactly, by its layout.
    if let Some(read) = own_export::read(&doc) {
        let document = read
            .and_then(|d| d.validate().map(|()| d).map_err(|e| e.to_string()))
            .map_err(|detail| ImportError::Export {
                file: file.clone(),
                detail,
            })?;
        let found = document.action_count();
        if found > opts.max_actions {
            return Err(ImportError::TooManyActions {
                file,
                found,
                max: opts.max_actions,
            });
        }
        let report = own_export::report(&document, format.name());
        return Ok(ImportOutcome {
            document,
            report,
            reading: understand::reading::Reading::default(),
        });
    }
    let stem = std::path::Path::new(file_name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(file_name);
    let understood = understand::understand(&doc, format.name(), stem, corrections);
    // The table model is not needed any more: free it before the caller goes on.
    drop(doc);
    let (document, report, reading) =
        understood.ok_or_else(|| ImportError::NoHeader { file: file.clone() })?;
    let found = document.action_count();
    if found > opts.max_actions {
        return Err(ImportError::TooManyActions {
            file,
            found,
            max: opts.max_actions,
        });
    }
    Ok(ImportOutcome {
        document,
        report,
        reading,
    })
}
