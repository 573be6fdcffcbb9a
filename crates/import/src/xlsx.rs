//! Excel .xlsx through calamine: every sheet a table, merged regions kept as spans
//! and vertical merges, real dates rendered with their own number format ("mmm-yy"
//! gives "Jan-17", as the council sees it), bold and fills kept.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, XlsxError};
use chrono::{Datelike, NaiveDate};

use crate::table::{Block, Cell, Document, Row, Table, VMerge};
use crate::zipread::Package;
use crate::{ImportError, ImportOptions};

/// Reads an .xlsx into the table model, one table per sheet.
///
/// # Errors
/// A damaged or password-protected workbook, or the expansion limit.
pub fn read(file: &str, bytes: &[u8], opts: &ImportOptions) -> Result<Document, ImportError> {
    // Unpack every XML part once within the limit before calamine sees the package:
    // calamine reads parts whole, so a bomb must be stopped here.
    let mut pkg = Package::open(file, "Excel", bytes, opts)?;
    for name in pkg.names() {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            pkg.read(&name)?;
        }
    }
    let corrupt = |e: XlsxError| match e {
        XlsxError::Password => ImportError::Encrypted {
            file: file.to_string(),
        },
        e => ImportError::Corrupt {
            file: file.to_string(),
            format: "Excel",
            detail: e.to_string(),
        },
    };
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(corrupt)?;
    let mut doc = Document::default();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).map_err(corrupt)?;
        let styles = wb.worksheet_style(&name).ok();
        let merges: Vec<((u32, u32), (u32, u32))> = wb
            .merge_cells_by_sheet_name(&name)
            .unwrap_or_default()
            .into_iter()
            .map(|d| (d.start, d.end))
            .collect();
        let (Some(start), Some(end)) = (range.start(), range.end()) else {
            continue;
        };
        let mut table = Table::default();
        let mut gap = false;
        for r in start.0..=end.0 {
            let mut cells = Vec::new();
            let mut c = start.1;
            while c <= end.1 {
                // merged region covering this cell, if any
                let m = merges.iter().find(|((r0, c0), (r1, c1))| {
                    (*r0..=*r1).contains(&r) && (*c0..=*c1).contains(&c)
                });
                let mut cell = Cell::default();
                if let Some(((r0, c0), (r1, c1))) = m {
                    if c != *c0 {
                        c += 1;
                        continue; // covered by the span of the cell to the left
                    }
                    cell.span = (c1 - c0 + 1).min(256);
                    if r != *r0 {
                        cell.merge = VMerge::Continue;
                        cells.push(cell);
                        c += 1;
                        continue;
                    }
                    if r1 > r0 {
                        cell.merge = VMerge::Restart;
                    }
                }
                let style = styles.as_ref().and_then(|s| s.get((r, c)));
                let fmt = style
                    .and_then(|s| s.number_format.as_ref())
                    .map(|f| f.format_code.as_str());
                let text = range
                    .get_value((r, c))
                    .map(|v| render(v, fmt))
                    .unwrap_or_default();
                let bold = style
                    .and_then(|s| s.font.as_ref())
                    .is_some_and(|f| f.is_bold());
                for line in text.split('\n') {
                    for mut p in crate::fragment::plain(line) {
                        p.bold = bold;
                        cell.paras.push(p);
                    }
                }
                cell.fill = style
                    .and_then(|s| s.fill.as_ref())
                    .filter(|f| f.is_visible())
                    .and_then(|f| f.get_color())
                    .map(|col| format!("{:02X}{:02X}{:02X}", col.red, col.green, col.blue))
                    .filter(|f| f != "FFFFFF" && f != "000000");
                cells.push(cell);
                c += 1;
            }
            let row = Row {
                cells,
                after_break: gap,
            };
            if row.filled() == 0 {
                gap = !table.rows.is_empty();
                continue;
            }
            gap = false;
            table.rows.push(row);
        }
        if !table.rows.is_empty() {
            doc.blocks.push(Block::Table(table));
        }
    }
    Ok(doc)
}

/// A cell value as the sheet shows it.
fn render(v: &Data, fmt: Option<&str>) -> String {
    match v {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => {
            if let Some(code) = fmt.filter(|c| is_date_format(c)) {
                // serial day number, 1900 date system
                let base = NaiveDate::from_ymd_opt(1899, 12, 30).expect("epoch");
                if (1.0..2_958_465.0).contains(f)
                    && let Some(d) = base.checked_add_days(chrono::Days::new(*f as u64))
                {
                    return format_date(d, code);
                }
            }
            number(*f)
        }
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) => format_date(d.date(), fmt.unwrap_or("dd/mm/yyyy")),
            None => number(dt.as_f64()),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
    }
}

fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        // shortest form that reads back the same: 1.1 stays "1.1"
        format!("{f}")
    }
}

fn is_date_format(code: &str) -> bool {
    let c = strip_literals(code).to_lowercase();
    c.contains('y') || c.contains('d') || (c.contains('m') && !c.contains('h') && !c.contains('0'))
}

/// The format code without quoted text, escapes and [locale] prefixes.
fn strip_literals(code: &str) -> String {
    let mut out = String::new();
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for d in chars.by_ref() {
                    if d == '"' {
                        break;
                    }
                }
            }
            '\\' => {
                chars.next();
            }
            '[' => {
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                }
            }
            _ => out.push(c),
        }
    }
    out
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Renders a date with an Excel number format code (the date parts of it).
pub fn format_date(d: NaiveDate, code: &str) -> String {
    let code = code.split(';').next().unwrap_or(code);
    let chars: Vec<char> = code.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let run = chars[i..]
            .iter()
            .take_while(|&&x| x.eq_ignore_ascii_case(&c))
            .count();
        match c.to_ascii_lowercase() {
            'y' => {
                if run <= 2 {
                    out.push_str(&format!("{:02}", d.year() % 100));
                } else {
                    out.push_str(&format!("{:04}", d.year()));
                }
                i += run;
            }
            'm' => {
                let m = d.month() as usize;
                match run {
                    1 => out.push_str(&m.to_string()),
                    2 => out.push_str(&format!("{m:02}")),
                    3 => out.push_str(&MONTHS[m - 1][..3]),
                    5 => out.push_str(&MONTHS[m - 1][..1]),
                    _ => out.push_str(MONTHS[m - 1]),
                }
                i += run;
            }
            'd' => {
                let wd = d.weekday().num_days_from_monday() as usize;
                match run {
                    1 => out.push_str(&d.day().to_string()),
                    2 => out.push_str(&format!("{:02}", d.day())),
                    3 => out.push_str(&DAYS[wd][..3]),
                    _ => out.push_str(DAYS[wd]),
                }
                i += run;
            }
            '"' => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    out.push(chars[i]);
                    i += 1;
                }
                i += 1;
            }
            '\\' => {
                if let Some(&n) = chars.get(i + 1) {
                    out.push(n);
                }
                i += 2;
            }
            '[' => {
                while i < chars.len() && chars[i] != ']' {
                    i += 1;
                }
                i += 1;
            }
            // time parts and padding have no place in a plan's dates
            'h' | 's' | '_' | '*' | '@' | '0' | '#' | '?' => i += run,
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    let t = out.trim().to_string();
    if t.is_empty() {
        d.format("%d/%m/%Y").to_string()
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_render_with_their_format() {
        let d = NaiveDate::from_ymd_opt(2017, 1, 1).unwrap();
        assert_eq!(format_date(d, "mmm-yy"), "Jan-17");
        assert_eq!(format_date(d, "mmm-yyyy"), "Jan-2017");
        assert_eq!(format_date(d, "[$-809]dd/mm/yyyy;@"), "01/01/2017");
        assert_eq!(format_date(d, "d mmmm yyyy"), "1 January 2017");
        assert_eq!(format_date(d, "mmm\\-yy"), "Jan-17");
    }
}
