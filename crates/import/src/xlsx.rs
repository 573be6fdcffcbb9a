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
            let part = pkg.read(&name)?;
            // calamine makes each sheet a dense grid from its first to its last cell,
            // and trusts cell references: both are checked here first.
            if name.starts_with("xl/worksheets/")
                && let Some(xml) = part
            {
                check_sheet(file, &name, &String::from_utf8_lossy(&xml), opts)?;
            }
        }
    }
    // calamine is another crate's parser: should it still panic on a file we did not
    // foresee, the import fails with a clear message instead of taking the caller down.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_checked(file, bytes)))
        .unwrap_or_else(|_| {
            Err(ImportError::Corrupt {
                file: file.to_string(),
                format: "Excel",
                detail: "the workbook could not be read".into(),
            })
        })
}

/// Excel's grid: 1,048,576 rows by 16,384 columns (XFD).
const MAX_ROW: u64 = 1_048_576;
const MAX_COL: u64 = 16_384;

/// A1-style reference ("B12", "$C$3", "XFD1048576", a whole column "C" or row "12")
/// to (column, row), 1-based, 0 for a missing part; `None` when it is malformed or
/// outside Excel's grid.
fn cell_ref(r: &str) -> Option<(u64, u64)> {
    let r = r.trim().trim_start_matches('$');
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    let rest = r[letters..].trim_start_matches('$');
    if letters > 3 || rest.len() > 7 || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let col = r[..letters].bytes().fold(0u64, |c, b| {
        c * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row: u64 = if rest.is_empty() {
        0
    } else {
        rest.parse().ok()?
    };
    // Rows count from 1: "A0" or a row "0" is not a place on the sheet.
    if !rest.is_empty() && row == 0 {
        return None;
    }
    (col <= MAX_COL && row <= MAX_ROW).then_some((col, row))
}

/// Every cell reference in a worksheet lies inside Excel's grid, ranges run forwards,
/// and the cells used span no more than the limit. The XML is scanned as text, not
/// parsed: a damaged sheet must not hide a reference that calamine would still read.
fn check_sheet(file: &str, part: &str, xml: &str, opts: &ImportOptions) -> Result<(), ImportError> {
    let corrupt = |detail: String| ImportError::Corrupt {
        file: file.to_string(),
        format: "Excel",
        detail,
    };
    let (mut c0, mut c1, mut r0, mut r1) = (u64::MAX, 0u64, u64::MAX, 0u64);
    let (mut all_cells, mut cells_with_ref) = (0u64, 0u64);
    let (mut all_rows, mut rows_with_ref) = (0u64, 0u64);
    for item in scan(xml) {
        let (element, key, value) = match item {
            Scanned::Element(e) => {
                all_cells += u64::from(e == "c");
                all_rows += u64::from(e == "row");
                continue;
            }
            Scanned::Attribute {
                element,
                key,
                value,
            } => (element, key, value),
        };
        if !matches!(key, "r" | "ref" | "sqref") {
            continue;
        }
        // A range runs from its top left to its bottom right ("E1:B5" does not).
        for range in value.split(' ') {
            let ends: Vec<_> = range.split(':').map(cell_ref).collect();
            if let [Some((ca, ra)), Some((cb, rb))] = ends[..]
                && ((ca > 0 && cb > 0 && ca > cb) || (ra > 0 && rb > 0 && ra > rb))
            {
                return Err(corrupt(format!("{part}: range \"{range}\" runs backwards")));
            }
        }
        for piece in value.split([':', ' ']).filter(|p| !p.is_empty()) {
            let Some((c, r)) = cell_ref(piece) else {
                return Err(corrupt(format!(
                    "{part}: cell reference \"{piece}\" is outside the sheet"
                )));
            };
            if key != "r" || r == 0 {
                continue;
            }
            if element == "c" && c > 0 {
                cells_with_ref += 1;
                (c0, c1, r0, r1) = (c0.min(c), c1.max(c), r0.min(r), r1.max(r));
            } else if element == "row" && c == 0 {
                rows_with_ref += 1;
                (r0, r1) = (r0.min(r), r1.max(r));
            }
        }
    }
    // Cells (rows) written without a reference take the next column (row): their
    // count bounds how wide (long) the sheet can be.
    let cols = if all_cells > cells_with_ref {
        c1.max(all_cells)
    } else if c1 > 0 {
        c1 - c0 + 1
    } else {
        0
    };
    let rows = if all_rows > rows_with_ref {
        r1.max(all_rows)
    } else if r1 > 0 {
        r1 - r0 + 1
    } else {
        0
    };
    if cols > 0 && rows > 0 {
        let cells = cols.saturating_mul(rows);
        if cells > opts.max_sheet_cells {
            let sheet = part
                .rsplit('/')
                .next()
                .unwrap_or(part)
                .trim_end_matches(".xml")
                .to_string();
            return Err(ImportError::SheetTooLarge {
                file: file.to_string(),
                sheet,
                cells,
                limit: opts.max_sheet_cells,
            });
        }
    }
    Ok(())
}

/// What [`scan`] finds: an element's start, or an attribute with the element it
/// seems to belong to (names without their prefix).
enum Scanned<'a> {
    Element(&'a str),
    Attribute {
        element: &'a str,
        key: &'a str,
        value: &'a str,
    },
}

/// Every `<name` and every `key="value"` (or `key='value'`) in the text, in one pass:
/// each name is read within a bounded window, so the scan stays linear.
fn scan(xml: &str) -> Vec<Scanned<'_>> {
    let b = xml.as_bytes();
    let mut out = Vec::new();
    let mut element = "";
    let mut i = 0;
    let name_at = |from: usize| -> &str {
        let end = b[from..]
            .iter()
            .take(64)
            .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b':' | b'_' | b'-' | b'.')))
            .map_or((from + 64).min(b.len()), |k| from + k);
        &xml[from..end]
    };
    while i < b.len() {
        match b[i] {
            b'<' => {
                element = local_name(name_at(i + 1));
                if !element.is_empty() {
                    out.push(Scanned::Element(element));
                }
                i += 1;
            }
            b'=' => {
                // the key: the name just before the "=" (spaces allowed between)
                let mut k = i;
                while k > 0 && b[k - 1].is_ascii_whitespace() && i - k < 16 {
                    k -= 1;
                }
                let mut start = k;
                while start > 0
                    && k - start < 64
                    && (b[start - 1].is_ascii_alphanumeric()
                        || matches!(b[start - 1], b':' | b'_' | b'-'))
                {
                    start -= 1;
                }
                let raw = &xml[start..k];
                let mut v = i + 1;
                while v < b.len() && b[v].is_ascii_whitespace() && v - i < 16 {
                    v += 1;
                }
                match b.get(v) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let Some(close) = b[v + 1..].iter().position(|&c| c == q) else {
                            break;
                        };
                        let value = &xml[v + 1..v + 1 + close];
                        // "xmlns:r" declares a prefix; it is not an attribute named "r".
                        if !raw.is_empty() && !raw.starts_with("xmlns") {
                            out.push(Scanned::Attribute {
                                element,
                                key: local_name(raw),
                                value,
                            });
                        }
                        i = v + 1 + close + 1;
                    }
                    _ => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    out
}

fn local_name(n: &str) -> &str {
    n.rsplit(':').next().unwrap_or(n)
}

fn read_checked(file: &str, bytes: &[u8]) -> Result<Document, ImportError> {
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
