//! The whole plan as an .xlsx: one sheet per table of the layout, a frozen header row
//! with filters, real dates, statuses in the plan's colours with a drop-down of its
//! statuses, sub-actions indented.

use super::weight;
use crate::colours::swatch;
use crate::model::ReportError;
use crate::sheet_formats::{Formats, excel_date, filled};
use assure_domain::PlanDocument;
use assure_domain::plan_tables::{ACTIONS, Table, Value, tables};
use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, DataValidation, DocProperties, Format,
    Workbook, Worksheet, XlsxError,
};

/// The longest text one Excel cell holds.
const MAX_CELL_CHARS: usize = 32_767;

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
                    let fmt = f.status(swatch(Some(*meaning))).clone();
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
            let fill = filled(s, &Format::new());
            let cf = ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::EqualTo(*label))
                .set_format(fill);
            ws.add_conditional_format(1, c, last_row, c, &cf)?;
        }
    }
    Ok(())
}
