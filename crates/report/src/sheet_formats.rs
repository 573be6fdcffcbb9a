//! The cell formats both Excel writers share (the board report's workbook and the whole
//! plan's): bordered, wrapped, top-aligned cells, a shaded bold header, real dates,
//! indents for sub-actions, and statuses filled in the plan's colours.

use crate::colours::{Swatch, rgb};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatAlign, FormatBorder};
use std::collections::HashMap;

/// `#rrggbb` as Excel's colour.
pub(crate) fn colour(hex: &str) -> Color {
    let (r, g, b) = rgb(hex);
    Color::RGB((u32::from(r) << 16) | (u32::from(g) << 8) | u32::from(b))
}

/// The date as Excel keeps it; `None` outside the years Excel has (1900–9999).
pub(crate) fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year())
        .ok()
        .filter(|y| (1900..=9999).contains(y))?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8).ok()
}

/// A status's fill: bold, the swatch's background and text colours, on `base`.
pub(crate) fn filled(s: Swatch, base: &Format) -> Format {
    base.clone()
        .set_bold()
        .set_background_color(colour(s.fill))
        .set_font_color(colour(s.text))
}

/// The formats of one workbook, the indented and filled ones made once each.
pub(crate) struct Formats {
    pub header: Format,
    pub text: Format,
    pub date: Format,
    /// By indent level.
    indented: HashMap<usize, Format>,
    /// By fill colour.
    status: HashMap<&'static str, Format>,
}

impl Formats {
    pub(crate) fn new() -> Formats {
        let base = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin)
            .set_border_color(colour("#b1b4b6"));
        Formats {
            header: base
                .clone()
                .set_bold()
                .set_background_color(colour("#f3f2f1")),
            date: base.clone().set_num_format("d mmm yyyy"),
            text: base,
            indented: HashMap::new(),
            status: HashMap::new(),
        }
    }

    /// Text indented `depth` levels (Excel stops at 15).
    pub(crate) fn indented(&mut self, depth: usize) -> &Format {
        let base = self.text.clone();
        self.indented
            .entry(depth)
            .or_insert_with(|| base.set_indent(u8::try_from(depth.min(15)).unwrap_or(15)))
    }

    /// A status cell in its swatch.
    pub(crate) fn status(&mut self, s: Swatch) -> &Format {
        let base = self.text.clone();
        self.status
            .entry(s.fill)
            .or_insert_with(|| filled(s, &base))
    }
}
