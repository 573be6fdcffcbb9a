//! Measures' values from a performance report (`.csv` or `.xlsx`), in either of the two
//! layouts reports use:
//!
//! - **long**: one row per value, with columns for the measure, the period and the value
//!   (and optionally a note);
//! - **wide**: one row per measure, its name in the first column and one column per
//!   period ("Apr-26", "May-26", … or dates), as a monthly performance report is laid out.
//!
//! This only finds the rows; `domain::measures::match_rows` matches them to the plan's
//! measures and reads each value and period.

use crate::table::{Block, Document, Table};
use crate::{Format, ImportError, ImportOptions};
use assure_domain::measures::{Frequency, UploadRow, parse_period};

/// Reads the values a file holds.
///
/// # Errors
/// [`ImportError`] for a file that is not CSV or Excel, or cannot be read; and
/// [`ImportError::NoValues`] when no table in it has either layout.
pub fn read_values(
    file: &str,
    bytes: &[u8],
    opts: &ImportOptions,
) -> Result<Vec<UploadRow>, ImportError> {
    let doc = match crate::detect(file, bytes)? {
        Format::Xlsx => crate::xlsx::read(file, bytes, opts)?,
        Format::Csv | Format::Text => crate::csv::read(file, bytes, opts)?,
        Format::Docx => {
            return Err(ImportError::NoValues {
                file: file.to_string(),
                why: "measures' values come from a spreadsheet (.xlsx) or a .csv file, not a Word document".into(),
            });
        }
    };
    rows_of(&doc).ok_or_else(|| ImportError::NoValues {
        file: file.to_string(),
        why: "no table in the file has a column for the measure and either columns for the period and the value, or one column per month".into(),
    })
}

/// The rows of the first table with a layout this reads.
pub fn rows_of(doc: &Document) -> Option<Vec<UploadRow>> {
    doc.blocks.iter().find_map(|b| match b {
        Block::Table(t) => long(t).or_else(|| wide(t)),
        _ => None,
    })
}

fn cells(t: &Table, r: usize) -> Vec<String> {
    t.rows[r]
        .cells
        .iter()
        .map(|c| c.text().trim().to_string())
        .collect()
}

fn column_letter(mut i: usize) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (i % 26) as u8) as char);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s
}

/// The first row with two or more filled cells: the header.
fn header(t: &Table) -> Option<usize> {
    (0..t.rows.len().min(20)).find(|&r| cells(t, r).iter().filter(|c| !c.is_empty()).count() >= 2)
}

fn is_one_of(cell: &str, words: &[&str]) -> bool {
    let c = cell.to_lowercase();
    words
        .iter()
        .any(|w| c == *w || c.starts_with(&format!("{w} ")))
}

const MEASURE: &[&str] = &[
    "measure",
    "indicator",
    "kpi",
    "performance indicator",
    "metric",
    "name",
];
const PERIOD: &[&str] = &["period", "month", "quarter", "date", "reporting period"];
const VALUE: &[&str] = &[
    "value",
    "actual",
    "result",
    "figure",
    "outturn",
    "performance",
];
const NOTE: &[&str] = &["note", "notes", "comment", "comments", "commentary"];

fn long(t: &Table) -> Option<Vec<UploadRow>> {
    let h = header(t)?;
    let head = cells(t, h);
    let find = |words: &[&str]| head.iter().position(|c| is_one_of(c, words));
    let (m, p, v) = (find(MEASURE)?, find(PERIOD)?, find(VALUE)?);
    let n = find(NOTE);
    let mut out = Vec::new();
    for r in h + 1..t.rows.len() {
        let row = cells(t, r);
        let get = |i: usize| row.get(i).cloned().unwrap_or_default();
        if row.iter().all(String::is_empty) {
            continue;
        }
        out.push(UploadRow {
            measure: unguarded(get(m)),
            period: unguarded(get(p)),
            value: get(v),
            note: n.map(get).filter(|s| !s.is_empty()).map(unguarded),
            place: format!("row {}", r + 1),
        });
    }
    Some(out)
}

fn is_period(cell: &str) -> bool {
    !cell.is_empty()
        && (parse_period(cell, Frequency::Monthly).is_ok()
            || parse_period(cell, Frequency::Quarterly).is_ok())
}

fn wide(t: &Table) -> Option<Vec<UploadRow>> {
    let h = header(t)?;
    let head = cells(t, h);
    let periods: Vec<(usize, &String)> = head
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, c)| is_period(c))
        .collect();
    if periods.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    for r in h + 1..t.rows.len() {
        let row = cells(t, r);
        let name = row.first().cloned().unwrap_or_default();
        if name.is_empty() {
            continue;
        }
        for (i, period) in &periods {
            let value = row.get(*i).cloned().unwrap_or_default();
            if value.is_empty() {
                continue;
            }
            out.push(UploadRow {
                measure: name.clone(),
                period: (*period).clone(),
                value,
                note: None,
                place: format!("row {}, column {}", r + 1, column_letter(*i)),
            });
        }
    }
    Some(out)
}

/// A cell a spreadsheet would run as a formula ("=HYPERLINK(…)") is written with a
/// leading apostrophe, which Excel shows as text; reading takes it off again.
fn guarded(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn unguarded(cell: String) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => cell,
    }
}

/// Values as a long CSV (measure, period, value, note), UTF-8 with a byte-order mark so
/// Excel opens it as UTF-8; [`read_values`] reads it back unchanged.
pub fn values_csv(rows: &[UploadRow]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut out = String::from("\u{feff}");
    let _ = w.write_record(["Measure", "Period", "Value", "Note"]);
    for r in rows {
        let note = r.note.as_deref().unwrap_or("");
        let _ = w.write_record([
            guarded(&r.measure),
            guarded(&r.period),
            r.value.clone(),
            guarded(note),
        ]);
    }
    out.push_str(&String::from_utf8_lossy(
        &w.into_inner().unwrap_or_default(),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(csv: &str) -> Option<Vec<UploadRow>> {
        let doc = crate::csv::read("v.csv", csv.as_bytes(), &ImportOptions::default()).unwrap();
        rows_of(&doc)
    }

    #[test]
    fn long_rows_are_read_with_their_notes() {
        let rows = read("Measure,Period,Value,Note\nAudits graded good,2026-04,81,Two teams late\n,,,\nAudits graded good,2026-05,84,\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].note.as_deref(), Some("Two teams late"));
        assert_eq!(
            (
                rows[1].period.as_str(),
                rows[1].value.as_str(),
                rows[1].place.as_str()
            ),
            ("2026-05", "84", "row 4")
        );
    }

    #[test]
    fn wide_rows_are_one_value_per_filled_month() {
        let rows = read("Indicator,Target,Apr-26,May-26,Jun-26\nAudits graded good,85%,81%,,86%\nWeeks in pre-proceedings,16,18,17,\n").unwrap();
        let got: Vec<_> = rows
            .iter()
            .map(|r| {
                (
                    r.measure.as_str(),
                    r.period.as_str(),
                    r.value.as_str(),
                    r.place.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("Audits graded good", "Apr-26", "81%", "row 2, column C"),
                ("Audits graded good", "Jun-26", "86%", "row 2, column E"),
                (
                    "Weeks in pre-proceedings",
                    "Apr-26",
                    "18",
                    "row 3, column C"
                ),
                (
                    "Weeks in pre-proceedings",
                    "May-26",
                    "17",
                    "row 3, column D"
                ),
            ]
        );
    }

    #[test]
    fn the_csv_written_reads_back_unchanged() {
        let rows = vec![
            UploadRow {
                measure: "=HYPERLINK(\"http://evil.example\")".into(),
                period: "2026-04".into(),
                value: "81.5".into(),
                note: Some("Two teams late, \"see\" notes\nsecond line".into()),
                place: "row 2".into(),
            },
            UploadRow {
                measure: "Weeks in pre-proceedings".into(),
                period: "2026-05".into(),
                value: "17".into(),
                note: None,
                place: "row 3".into(),
            },
        ];
        let csv = values_csv(&rows);
        assert!(csv.starts_with("\u{feff}Measure,Period,Value,Note\r\n"));
        assert!(csv.contains("'=HYPERLINK"), "{csv}");
        let back = read_values("values.csv", csv.as_bytes(), &ImportOptions::default()).unwrap();
        let strip = |v: &[UploadRow]| {
            v.iter()
                .map(|r| {
                    (
                        r.measure.clone(),
                        r.period.clone(),
                        r.value.clone(),
                        r.note.clone(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(strip(&back), strip(&rows));
    }

    #[test]
    fn a_table_of_neither_layout_is_not_read() {
        assert!(read("Ref,Action,Lead\n1.1,Audit plans,HoS\n").is_none());
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(27), "AB");
    }
}
