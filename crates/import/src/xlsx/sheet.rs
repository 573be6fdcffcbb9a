//! A worksheet's cells and merged regions, and the workbook's shared strings, read as
//! streams: each cell is counted as it is read and kept only when it holds a value or a
//! fill, so a sheet of millions of cells (or of one cell written millions of times)
//! stops at the limit instead of filling memory.

use quick_xml::events::{BytesStart, Event};

use super::format::{number, render_number};
use super::styles::CellStyle;
use super::{attr, event_text};
use crate::limits::{Budget, Limit};
use crate::zipread::XmlPart;
use crate::{ImportError, ImportOptions};

/// Excel's grid: 1,048,576 rows by 16,384 columns (XFD).
const MAX_ROW: u64 = 1_048_576;
const MAX_COL: u64 = 16_384;

/// A cell as read: 0-based place, its cell format, and its text as Excel shows it.
#[derive(Debug)]
pub struct SheetCell {
    pub row: u32,
    pub col: u32,
    pub style: Option<u32>,
    pub text: String,
    /// It holds a value (perhaps an empty one): values set the table's extent.
    pub value: bool,
}

/// A merged region, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Merge {
    pub r0: u32,
    pub c0: u32,
    pub r1: u32,
    pub c1: u32,
}

#[derive(Debug, Default)]
pub struct Sheet {
    pub cells: Vec<SheetCell>,
    pub merges: Vec<Merge>,
}

/// What every sheet is read against.
pub struct Context<'w> {
    pub strings: &'w [String],
    pub styles: &'w [CellStyle],
    pub date1904: bool,
}

/// A1-style reference ("B12", "$C$3", "XFD1048576", a whole column "C" or row "12")
/// to (column, row), 1-based, 0 for a missing part; `None` when it is malformed or
/// outside Excel's grid.
pub fn cell_ref(r: &str) -> Option<(u64, u64)> {
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

/// Rich or plain text (`<si>`, `<is>`): the `<t>` runs joined, phonetic guides left out,
/// Excel's `_xHHHH_` escapes decoded, and a run without `xml:space="preserve"` trimmed.
#[derive(Default)]
pub struct RichText {
    value: Option<String>,
    /// The open `<t>`: whether it keeps its spaces, and its text so far.
    run: Option<(bool, String)>,
    phonetic: bool,
}

impl RichText {
    pub fn start(&mut self, name: &str, e: &BytesStart<'_>, empty: bool) {
        match name {
            "rPh" if !empty => self.phonetic = true,
            "t" if !self.phonetic && empty => {
                self.value.get_or_insert_with(String::new);
            }
            "t" if !self.phonetic && self.run.is_none() => {
                let preserve = attr(e, "space").as_deref() == Some("preserve");
                self.run = Some((preserve, String::new()));
            }
            _ => {}
        }
    }

    pub fn end(&mut self, name: &str) {
        match name {
            "rPh" => self.phonetic = false,
            "t" => {
                if let Some((preserve, raw)) = self.run.take() {
                    let raw = if preserve {
                        raw.as_str()
                    } else {
                        raw.trim_matches([' ', '\t', '\r', '\n'])
                    };
                    let v = unescape(raw);
                    self.value.get_or_insert_with(String::new).push_str(&v);
                }
            }
            _ => {}
        }
    }

    /// Adds text inside the open run; the bytes added (0 outside a run).
    pub fn text(&mut self, s: &str) -> usize {
        match self.run.as_mut() {
            Some((_, raw)) => {
                raw.push_str(s);
                s.len()
            }
            None => 0,
        }
    }

    pub fn finish(self) -> String {
        self.value.unwrap_or_default()
    }
}

/// Excel writes a character such as a carriage return as "_x000D_" (a UTF-16 unit; a
/// character beyond it as a surrogate pair) and a literal "_x" as "_x005F_x".
fn unescape(s: &str) -> std::borrow::Cow<'_, str> {
    let unit = |i: usize| -> Option<u16> {
        let b = s.as_bytes().get(i..i + 7)?;
        if b[0] != b'_' || b[1] != b'x' || b[6] != b'_' {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&b[2..6]).ok()?, 16).ok()
    };
    if !s.contains("_x") {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut copied = 0;
    while let Some(off) = s[i..].find('_') {
        let at = i + off;
        let Some(u) = unit(at) else {
            i = at + 1;
            continue;
        };
        out.push_str(&s[copied..at]);
        let mut next = at + 7;
        let ch = match u {
            0xD800..=0xDBFF => match unit(next) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    next += 7;
                    char::from_u32(
                        0x10000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(low) - 0xDC00),
                    )
                }
                _ => None,
            },
            _ => char::from_u32(u32::from(u)),
        };
        out.push(ch.unwrap_or(char::REPLACEMENT_CHARACTER));
        i = next;
        copied = next;
    }
    out.push_str(&s[copied..]);
    std::borrow::Cow::Owned(out)
}

/// The workbook's shared strings, in order. Their text counts against the text limit,
/// and their number against the cell limit (a workbook has no more strings than cells).
pub fn shared_strings(
    part: &mut XmlPart<'_, '_>,
    budget: &mut Budget,
    opts: &ImportOptions,
) -> Result<Vec<String>, ImportError> {
    let mut out: Vec<String> = Vec::new();
    let mut cur: Option<RichText> = None;
    let mut text = 0u64;
    loop {
        let ev = part.event()?;
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(ev, Event::Empty(_));
                let n = e.local_name();
                let name: &str = n.as_ref();
                if name == "si" {
                    if empty {
                        out.push(String::new());
                    } else {
                        cur = Some(RichText::default());
                    }
                    if out.len() as u64 >= opts.max_cells {
                        return Err(budget.error(Limit::Cells, None, opts.max_cells));
                    }
                } else if let Some(r) = cur.as_mut() {
                    r.start(name, e, empty);
                }
            }
            Event::End(e) => {
                let n = e.local_name();
                let name: &str = n.as_ref();
                if name == "si" {
                    out.extend(cur.take().map(RichText::finish));
                } else if let Some(r) = cur.as_mut() {
                    r.end(name);
                }
            }
            Event::Eof => break,
            _ => {
                if let (Some(r), Some(s)) = (cur.as_mut(), event_text(&ev)) {
                    text += r.text(&s) as u64;
                    if text > opts.max_text_bytes {
                        return Err(budget.error(Limit::TextBytes, None, opts.max_text_bytes));
                    }
                }
            }
        }
    }
    Ok(out)
}

/// The cell being read.
struct Open {
    row: u32,
    col: u32,
    style: Option<u32>,
    kind: Option<String>,
    v: Option<String>,
    in_v: bool,
    inline: Option<RichText>,
    in_inline: bool,
}

/// Reads a worksheet; `None` when the part has no `sheetData` (a chart sheet).
pub fn read(
    part: &mut XmlPart<'_, '_>,
    path: &str,
    ctx: &Context<'_>,
    budget: &mut Budget,
    opts: &ImportOptions,
) -> Result<Option<Sheet>, ImportError> {
    let corrupt = |budget: &Budget, detail: String| ImportError::Corrupt {
        file: budget.file().to_string(),
        format: "Excel",
        detail: format!("{path}: {detail}"),
    };
    let mut sheet = Sheet::default();
    let (mut row, mut col) = (0u32, 0u32);
    let (mut in_data, mut seen_data) = (false, false);
    let mut read = 0u64;
    let mut open: Option<Open> = None;
    loop {
        let ev = part.event()?;
        let (e, empty) = match &ev {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                let n = e.local_name();
                let name: &str = n.as_ref();
                match name {
                    "sheetData" => in_data = false,
                    "row" if in_data => (row, col) = (row.saturating_add(1), 0),
                    "c" if open.is_some() => {
                        if let Some(o) = open.take() {
                            finish(o, ctx, budget, &mut sheet)?;
                        }
                        col = col.saturating_add(1);
                    }
                    "v" => {
                        if let Some(o) = open.as_mut() {
                            o.in_v = false;
                        }
                    }
                    "is" => {
                        if let Some(o) = open.as_mut() {
                            o.in_inline = false;
                        }
                    }
                    _ => {
                        if let Some(r) = open
                            .as_mut()
                            .filter(|o| o.in_inline)
                            .and_then(|o| o.inline.as_mut())
                        {
                            r.end(name);
                        }
                    }
                }
                continue;
            }
            Event::Eof => break,
            _ => {
                if let (Some(o), Some(s)) = (open.as_mut(), event_text(&ev)) {
                    if o.in_v {
                        budget.text(s.len())?;
                        o.v.get_or_insert_with(String::new).push_str(&s);
                    } else if let Some(r) = o.inline.as_mut().filter(|_| o.in_inline) {
                        budget.text(r.text(&s))?;
                    }
                }
                continue;
            }
        };
        let n = e.local_name();
        let name: &str = n.as_ref();
        match name {
            "sheetData" if !empty => (in_data, seen_data) = (true, true),
            "sheetData" => seen_data = true,
            "dimension" => {
                // Not used, but checked as before: a damaged one marks a damaged sheet.
                if let Some(v) = attr(e, "ref") {
                    range(&v).map_err(|d| corrupt(budget, d))?;
                }
            }
            "row" if in_data => {
                if let Some(v) = attr(e, "r") {
                    match cell_ref(&v) {
                        Some((0, r)) if r > 0 => row = (r - 1) as u32,
                        _ => {
                            return Err(corrupt(
                                budget,
                                format!("cell reference \"{v}\" is outside the sheet"),
                            ));
                        }
                    }
                }
                col = 0;
                if empty {
                    row = row.saturating_add(1);
                }
            }
            "c" if in_data => {
                read += 1;
                if read > opts.max_cells {
                    return Err(budget.error(Limit::Cells, None, opts.max_cells));
                }
                if let Some(v) = attr(e, "r") {
                    match cell_ref(&v) {
                        Some((c, r)) if c > 0 && r > 0 => {
                            (row, col) = ((r - 1) as u32, (c - 1) as u32);
                        }
                        _ => {
                            return Err(corrupt(
                                budget,
                                format!("cell reference \"{v}\" is outside the sheet"),
                            ));
                        }
                    }
                }
                let o = Open {
                    row,
                    col,
                    style: attr(e, "s").and_then(|s| s.trim().parse().ok()),
                    kind: attr(e, "t"),
                    v: None,
                    in_v: false,
                    inline: None,
                    in_inline: false,
                };
                if empty {
                    finish(o, ctx, budget, &mut sheet)?;
                    col = col.saturating_add(1);
                } else {
                    open = Some(o);
                }
            }
            "v" if !empty => {
                if let Some(o) = open.as_mut() {
                    o.in_v = true;
                    o.v.get_or_insert_with(String::new);
                }
            }
            "is" => {
                if let Some(o) = open.as_mut() {
                    o.inline.get_or_insert_with(RichText::default);
                    o.in_inline = !empty;
                }
            }
            "mergeCell" => {
                read += 1;
                if read > opts.max_cells {
                    return Err(budget.error(Limit::Cells, None, opts.max_cells));
                }
                if let Some(v) = attr(e, "ref") {
                    let m = range(&v).map_err(|d| corrupt(budget, d))?;
                    sheet.merges.push(m);
                }
            }
            _ => {
                if let Some(r) = open
                    .as_mut()
                    .filter(|o| o.in_inline)
                    .and_then(|o| o.inline.as_mut())
                {
                    r.start(name, e, empty);
                }
            }
        }
    }
    Ok(seen_data.then_some(sheet))
}

/// A cell's value as Excel shows it; the cell is kept when it has one or a fill.
fn finish(
    o: Open,
    ctx: &Context<'_>,
    budget: &mut Budget,
    sheet: &mut Sheet,
) -> Result<(), ImportError> {
    let number_format = o
        .style
        .and_then(|s| ctx.styles.get(s as usize))
        .and_then(|s| s.number.as_ref());
    let kind = o.kind.as_deref();
    let (text, value) = if let Some(inline) = o.inline {
        (inline.finish(), true)
    } else {
        match o.v.filter(|v| !v.is_empty()) {
            None => (String::new(), false),
            Some(v) => match kind {
                Some("inlineStr") => (String::new(), false),
                Some("s") => match v
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| ctx.strings.get(i))
                {
                    Some(s) => {
                        // A string used many times is counted each time it is kept.
                        budget.text(s.len())?;
                        (s.clone(), true)
                    }
                    None => (String::new(), false),
                },
                Some("b") => (
                    (if v.trim() == "0" { "FALSE" } else { "TRUE" }).into(),
                    true,
                ),
                Some("e") => (String::new(), true),
                Some("str" | "d") => (v, true),
                _ => match v.trim().parse::<f64>() {
                    Ok(f) if f.is_finite() => (render_number(f, number_format, ctx.date1904), true),
                    Ok(f) => (number(f), true),
                    Err(_) => (v, true),
                },
            },
        }
    };
    let fill = ctx
        .styles
        .get(o.style.unwrap_or(0) as usize)
        .is_some_and(|s| s.fill.is_some());
    if value || fill {
        sheet.cells.push(SheetCell {
            row: o.row,
            col: o.col,
            style: o.style,
            text,
            value,
        });
    }
    Ok(())
}

/// "A1:C3" (or one cell, "B2") as a merge; an error says what is wrong with it.
fn range(v: &str) -> Result<Merge, String> {
    let mut out = None;
    for range in v.split(' ').filter(|r| !r.is_empty()) {
        let mut ends = Vec::with_capacity(2);
        for piece in range.split(':') {
            match cell_ref(piece) {
                Some(p) => ends.push(p),
                None => return Err(format!("cell reference \"{piece}\" is outside the sheet")),
            }
        }
        let (a, b) = match ends[..] {
            [a] => (a, a),
            [a, b] => (a, b),
            _ => return Err(format!("range \"{range}\" is not a range")),
        };
        // A range runs from its top left to its bottom right ("E1:B5" does not).
        if (a.0 > 0 && b.0 > 0 && a.0 > b.0) || (a.1 > 0 && b.1 > 0 && a.1 > b.1) {
            return Err(format!("range \"{range}\" runs backwards"));
        }
        out.get_or_insert(Merge {
            r0: a.1.saturating_sub(1) as u32,
            c0: a.0.saturating_sub(1) as u32,
            r1: b.1.saturating_sub(1) as u32,
            c1: b.0.saturating_sub(1) as u32,
        });
    }
    out.ok_or_else(|| format!("range \"{v}\" is empty"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_escapes_are_decoded() {
        assert_eq!(unescape("a_x000D_b"), "a\rb");
        assert_eq!(unescape("_x005F_x000D_"), "_x000D_");
        assert_eq!(unescape("_xD83D__xDCF7_"), "📷");
        assert_eq!(unescape("_xD83D_"), "\u{FFFD}");
        assert_eq!(unescape("plain_text_x"), "plain_text_x");
    }

    #[test]
    fn references_and_ranges() {
        assert_eq!(cell_ref("B12"), Some((2, 12)));
        assert_eq!(cell_ref("$XFD$1048576"), Some((16_384, 1_048_576)));
        assert_eq!(cell_ref("XFE1"), None);
        assert_eq!(cell_ref("A0"), None);
        assert_eq!(
            range("B2:C3"),
            Ok(Merge {
                r0: 1,
                c0: 1,
                r1: 2,
                c1: 2
            })
        );
        assert!(range("E1:B5").unwrap_err().contains("runs backwards"));
        assert!(range("A1:Bad/1").unwrap_err().contains("outside the sheet"));
    }
}
