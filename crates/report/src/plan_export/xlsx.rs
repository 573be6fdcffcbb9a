//! The whole plan as an .xlsx: one sheet per table of the layout, a frozen header row
//! with filters, real dates, statuses in the plan's colours with a drop-down of its
//! statuses, sub-actions indented.

use super::weight;
use crate::colours::{rgb, swatch};
use crate::model::ReportError;
use assure_domain::PlanDocument;
use assure_domain::plan_tables::{ACTIONS, Table, Value, tables};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, ConditionalFormatCell, ConditionalFormatCellRule, DataValidation, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use std::collections::HashMap;

/// The longest text one Excel cell holds.
const MAX_CELL_CHARS: usize = 32_767;

fn colour(hex: &str) -> Color {
    let (r, g, b) = rgb(hex);
    Color::RGB((u32::from(r) << 16) | (u32::from(g) << 8) | u32::from(b))
}

fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year())
        .ok()
        .filter(|y| (1900..=9999).contains(y))?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8).ok()
}

struct Formats {
    header: Format,
    text: Format,
    date: Format,
    indented: HashMap<usize, Format>,
    status: HashMap<&'static str, Format>,
}

impl Formats {
    fn new() -> Formats {
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

    fn indented(&mut self, depth: usize) -> &Format {
        let base = self.text.clone();
        self.indented
            .entry(depth)
            .or_insert_with(|| base.set_indent(u8::try_from(depth.min(15)).unwrap_or(15)))
    }

    fn status(&mut self, meaning: assure_domain::Meaning) -> &Format {
        let s = swatch(Some(meaning));
        let base = self.text.clone();
        self.status.entry(s.fill).or_insert_with(|| {
            base.set_bold()
                .set_background_color(colour(s.fill))
                .set_font_color(colour(s.text))
        })
    }
}

fn too_long(table: &Table, row: usize, header: &str) -> ReportError {
    ReportError::Render(format!(
        "the {} table, row {}, “{header}”, is longer than the {MAX_CELL_CHARS} characters an Excel cell holds; export the plan as Word instead",
        table.layout.name,
        row + 2
    ))
}

fn xe(e: XlsxError) -> ReportError {
    ReportError::Render(e.to_string())
}

/// The whole plan as an .xlsx workbook.
///
/// # Errors
/// [`ReportError::Render`] when a cell is longer than Excel holds or the workbook cannot
/// be written.
pub fn write(doc: &PlanDocument) -> Result<Vec<u8>, ReportError> {
    let mut book = Workbook::new();
    let mut props = DocProperties::new().set_title(format!("{}: the whole plan", doc.title));
    if let Some(c) = &doc.organisation {
        props = props.set_company(c.clone());
    }
    book.set_properties(&props);
    let mut f = Formats::new();
    let labels: Vec<(&str, assure_domain::Meaning)> = doc
        .status_scheme
        .iter()
        .map(|s| (s.label.as_str(), s.meaning))
        .collect();
    for table in tables(doc) {
        for (r, row) in table.rows.iter().enumerate() {
            for (value, header) in row.iter().zip(table.layout.headers) {
                if let Value::Text(s) | Value::Action(s, _) | Value::Status(s, _) = value
                    && s.chars().count() > MAX_CELL_CHARS
                {
                    return Err(too_long(&table, r, header));
                }
            }
        }
        let ws = book.add_worksheet();
        sheet(ws, &table, &mut f, &labels).map_err(xe)?;
    }
    book.save_to_buffer().map_err(xe)
}

fn sheet(
    ws: &mut Worksheet,
    table: &Table,
    f: &mut Formats,
    labels: &[(&str, assure_domain::Meaning)],
) -> Result<(), XlsxError> {
    ws.set_name(table.layout.name)?;
    for (c, h) in table.layout.headers.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(0, c, *h, &f.header)?;
        ws.set_column_width(c, f64::from(weight(h) * 8))?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, value) in row.iter().enumerate() {
            let c = c as u16;
            match value {
                Value::Empty => {
                    ws.write_blank(r, c, &f.text)?;
                }
                Value::Text(s) => {
                    ws.write_string_with_format(r, c, s, &f.text)?;
                }
                Value::Action(s, depth) => {
                    let fmt = f.indented(*depth).clone();
                    ws.write_string_with_format(r, c, s, &fmt)?;
                }
                Value::Date(d) => match excel_date(*d) {
                    Some(x) => {
                        ws.write_date_with_format(r, c, &x, &f.date)?;
                    }
                    None => {
                        ws.write_string_with_format(r, c, d.to_string(), &f.text)?;
                    }
                },
                Value::Number(n) => {
                    ws.write_number_with_format(r, c, *n, &f.text)?;
                }
                Value::Status(label, meaning) => {
                    let fmt = f.status(*meaning).clone();
                    ws.write_string_with_format(r, c, label, &fmt)?;
                }
            }
        }
    }
    let last_row = table.rows.len() as u32;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(
        0,
        0,
        last_row.max(1),
        (table.layout.headers.len() - 1) as u16,
    )?;
    // The Actions sheet's status column offers the plan's statuses, and a status
    // changed in Excel takes its colour.
    let status_col = ACTIONS.headers.iter().position(|h| *h == "Status");
    if let Some(c) = status_col.map(|c| c as u16)
        && table.layout == ACTIONS
        && !labels.is_empty()
        && last_row > 0
    {
        let words: Vec<&str> = labels.iter().map(|(l, _)| *l).collect();
        // Excel caps a list at 255 characters; a longer key keeps its fills, not the list.
        if let Ok(dv) = DataValidation::new().allow_list_strings(&words) {
            let dv = dv
                .set_input_title("Status")?
                .set_input_message("Choose one of the plan's statuses.")?;
            ws.add_data_validation(1, c, last_row, c, &dv)?;
        }
        for (label, meaning) in labels {
            let s = swatch(Some(*meaning));
            let fill = Format::new()
                .set_bold()
                .set_background_color(colour(s.fill))
                .set_font_color(colour(s.text));
            let cf = ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::EqualTo(*label))
                .set_format(fill);
            ws.add_conditional_format(1, c, last_row, c, &cf)?;
        }
    }
    Ok(())
}
