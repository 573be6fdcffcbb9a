//! CSV exported from another tool or from Excel: encoding and delimiter sniffed.

use crate::table::{Block, Cell, Document, Row, Table};

/// Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252
/// (what Excel on Windows writes for "CSV").
pub fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return encoding_rs::UTF_16LE.decode(bytes).0.into_owned();
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return encoding_rs::UTF_16BE.decode(bytes).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
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
pub fn read(bytes: &[u8]) -> Document {
    let text = decode(bytes);
    let delim = sniff(&text);
    let mut rdr = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut table = Table::default();
    for rec in rdr.records().flatten() {
        let cells: Vec<Cell> = rec.iter().map(cell).collect();
        table.rows.push(Row {
            cells,
            after_break: false,
        });
    }
    let mut doc = Document::default();
    if !table.rows.is_empty() {
        doc.blocks.push(Block::Table(table));
    }
    doc
}

/// A CSV cell: line breaks inside it are paragraphs.
fn cell(s: &str) -> Cell {
    let mut c = Cell::default();
    for line in s.split('\n') {
        c.paras.extend(crate::fragment::parse(line));
    }
    c
}
