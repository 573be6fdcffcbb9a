//! CSV exported from another tool or from Excel: encoding and delimiter sniffed.

use std::borrow::Cow;

use crate::limits::{Budget, Limit};
use crate::table::{Block, Cell, Document, Row, Table};
use crate::{ImportError, ImportOptions};

/// Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252
/// (what Excel on Windows writes for "CSV"). UTF-8 is borrowed, not copied: the file
/// may be tens of megabytes.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return encoding_rs::UTF_16LE.decode(bytes).0;
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return encoding_rs::UTF_16BE.decode(bytes).0;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0,
    }
}

/// The delimiter that splits the first lines most consistently.
fn sniff(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let mut best = (b',', 0usize);
    for d in [b',', b';', b'\t', b'|'] {
        let counts: Vec<usize> = lines.iter().map(|l| l.matches(d as char).count()).collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        if first == 0 {
            continue;
        }
        let agree = counts.iter().filter(|&&c| c == first).count();
        let score = agree * 100 + first;
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

/// Reads a CSV file as one table.
///
/// # Errors
/// More rows, cells, paragraphs or text than the limits in `opts`; for rows, the
/// error gives the file's whole count (counting on without keeping costs little).
pub fn read(file: &str, bytes: &[u8], opts: &ImportOptions) -> Result<Document, ImportError> {
    let text = decode(bytes);
    let delim = sniff(&text);
    let mut rdr = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut budget = Budget::new(file, "the file", opts);
    let mut table = Table::default();
    let mut records = rdr.records().flatten();
    for rec in records.by_ref() {
        if budget.rows(1).is_err() {
            let found = budget.rows_used() + records.count() as u64;
            return Err(budget.error(Limit::Rows, Some(found), opts.max_rows));
        }
        budget.cells(rec.len() as u64)?;
        let cells = rec
            .iter()
            .map(|s| cell(s, &mut budget))
            .collect::<Result<Vec<_>, _>>()?;
        table.rows.push(Row {
            cells,
            after_break: false,
        });
    }
    let mut doc = Document::default();
    if !table.rows.is_empty() {
        doc.blocks.push(Block::Table(table));
    }
    Ok(doc)
}

/// A CSV cell: line breaks inside it are paragraphs.
fn cell(s: &str, budget: &mut Budget) -> Result<Cell, ImportError> {
    budget.text(s.len())?;
    let mut c = Cell::default();
    for line in s.split('\n') {
        let paras = crate::fragment::parse(line);
        budget.paragraphs(paras.len() as u64)?;
        c.paras.extend(paras);
    }
    Ok(c)
}
