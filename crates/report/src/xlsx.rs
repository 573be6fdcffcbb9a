//! Excel: the actions sheet (one row per action, the status filled in the plan's colours
//! with a drop-down of the plan's statuses, one column per period of status history, real
//! dates, a frozen header and filters), an updates sheet (one row per update), a key sheet
//! (the status key and the glossary) and, when the plan keeps measures, a measures sheet
//! (one row per measure and period, laid out as a measures upload reads it).

use crate::columns::{Value, columns};
use crate::model::{BoardReport, ReportError, day};
use crate::sheet_formats::{Formats, excel_date, filled};
use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, DataValidation, DocProperties, Format,
    Workbook, Worksheet, XlsxError,
};

/// The most rows a sheet may have, header included (Excel's limit).
const MAX_ROWS: usize = 1_048_576;

fn xe(e: XlsxError) -> ReportError {
    ReportError::Render(e.to_string())
}

/// The report as an .xlsx workbook.
///
/// # Errors
/// [`ReportError::Render`] when the workbook cannot be written (a plan too big for a
/// sheet).
pub fn write(report: &BoardReport) -> Result<Vec<u8>, ReportError> {
    let mut book = Workbook::new();
    let mut props = DocProperties::new()
        .set_title(format!("{}: {}", report.cover.title, report.cover.period))
        .set_subject(report.cover.audience.clone());
    if let Some(c) = &report.cover.council {
        props = props.set_company(c.clone());
    }
    book.set_properties(&props);
    let mut f = Formats::new();
    actions_sheet(book.add_worksheet(), report, &mut f).map_err(xe)?;
    updates_sheet(book.add_worksheet(), report, &mut f).map_err(xe)?;
    key_sheet(book.add_worksheet(), report, &mut f).map_err(xe)?;
    if !report.measures.is_empty() {
        measures_sheet(book.add_worksheet(), report, &mut f).map_err(xe)?;
    }
    book.save_to_buffer().map_err(xe)
}

fn actions_sheet(
    ws: &mut Worksheet,
    report: &BoardReport,
    f: &mut Formats,
) -> Result<(), XlsxError> {
    ws.set_name("Actions")?;
    let cols = columns(report);
    let rows: Vec<_> = report.rows().collect();
    if rows.len() + 1 > MAX_ROWS {
        return Err(XlsxError::RowColumnLimitError);
    }
    for (c, col) in cols.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(0, c, &col.header, &f.header)?;
        ws.set_column_width(c, col.width)?;
    }
    let mut status_col = None;
    for (r, (area, row)) in rows.iter().enumerate() {
        let r = (r + 1) as u32;
        for (c, col) in cols.iter().enumerate() {
            let c = c as u16;
            match (col.value)(area, row) {
                Value::Text(s) => {
                    ws.write_string_with_format(r, c, &s, &f.text)?;
                }
                Value::Indented(s, depth) => {
                    let fmt = f.indented(depth).clone();
                    ws.write_string_with_format(r, c, &s, &fmt)?;
                }
                Value::Count(n) => {
                    ws.write_number_with_format(r, c, n as f64, &f.text)?;
                }
                Value::Date(Some(d)) => match excel_date(d) {
                    Some(x) => {
                        ws.write_date_with_format(r, c, &x, &f.date)?;
                    }
                    None => {
                        ws.write_string_with_format(r, c, d.to_string(), &f.text)?;
                    }
                },
                Value::Date(None) => {
                    ws.write_blank(r, c, &f.text)?;
                }
                Value::Status(s) => {
                    status_col = Some(c);
                    match s {
                        Some(s) => {
                            let fmt = f.status(s.swatch).clone();
                            ws.write_string_with_format(r, c, &s.label, &fmt)?;
                        }
                        None => {
                            ws.write_blank(r, c, &f.text)?;
                        }
                    }
                }
                Value::History(h) => match h.status() {
                    Some(s) => {
                        let fmt = f.status(s.swatch).clone();
                        ws.write_string_with_format(r, c, &s.label, &fmt)?;
                    }
                    None => {
                        ws.write_string_with_format(r, c, h.text(), &f.text)?;
                    }
                },
            }
        }
    }
    let last_row = rows.len() as u32;
    let last_col = (cols.len() - 1) as u16;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, last_row.max(1), last_col)?;
    if let Some(c) = status_col
        && !report.statuses.is_empty()
        && last_row > 0
    {
        let labels: Vec<&str> = report
            .statuses
            .iter()
            .filter_map(|s| s.cell.as_ref().map(|c| c.label.as_str()))
            .collect();
        // Excel caps a list at 255 characters; a key that long keeps its fills, not the list.
        if let Ok(dv) = DataValidation::new().allow_list_strings(&labels) {
            let dv = dv
                .set_input_title("Status")?
                .set_input_message("Choose one of the plan's statuses.")?;
            ws.add_data_validation(1, c, last_row, c, &dv)?;
        }
        // A status changed in Excel takes its colour.
        for s in report.statuses.iter().filter_map(|s| s.cell.as_ref()) {
            let fill = filled(s.swatch, &Format::new());
            let cf = ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::EqualTo(s.label.as_str()))
                .set_format(fill);
            ws.add_conditional_format(1, c, last_row, c, &cf)?;
        }
    }
    Ok(())
}

fn updates_sheet(
    ws: &mut Worksheet,
    report: &BoardReport,
    f: &mut Formats,
) -> Result<(), XlsxError> {
    ws.set_name("Updates")?;
    let headers = [
        ("Area ref", 8.0),
        ("Ref", 8.0),
        ("Action", 40.0),
        ("Date", 12.0),
        ("Update", 90.0),
    ];
    for (c, (h, w)) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &f.header)?;
        ws.set_column_width(c as u16, *w)?;
    }
    let mut r = 1u32;
    for (area, row) in report.rows() {
        for u in &row.updates {
            if r as usize >= MAX_ROWS {
                return Err(XlsxError::RowColumnLimitError);
            }
            ws.write_string_with_format(r, 0, area.r#ref.clone().unwrap_or_default(), &f.text)?;
            ws.write_string_with_format(r, 1, row.r#ref.clone().unwrap_or_default(), &f.text)?;
            ws.write_string_with_format(r, 2, crate::model::short_text(&row.text, 120), &f.text)?;
            match u.date.and_then(excel_date) {
                Some(d) => {
                    ws.write_date_with_format(r, 3, &d, &f.date)?;
                }
                None => {
                    ws.write_blank(r, 3, &f.text)?;
                }
            }
            ws.write_string_with_format(r, 4, &u.text, &f.text)?;
            r += 1;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, r.saturating_sub(1).max(1), 4)?;
    Ok(())
}

/// One row per measure and period, values and targets as numbers: the long layout that
/// `assure measures import` and the values upload read back.
fn measures_sheet(
    ws: &mut Worksheet,
    report: &BoardReport,
    f: &mut Formats,
) -> Result<(), XlsxError> {
    ws.set_name("Measures")?;
    let headers = [
        ("Measure", 48.0),
        ("Period", 10.0),
        ("Period name", 22.0),
        ("Value", 10.0),
        ("Target", 10.0),
        ("Status", 16.0),
        ("Unit", 24.0),
    ];
    for (c, (h, w)) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &f.header)?;
        ws.set_column_width(c as u16, *w)?;
    }
    let mut r = 1u32;
    for m in &report.measures {
        for p in &m.points {
            if r as usize >= MAX_ROWS {
                return Err(XlsxError::RowColumnLimitError);
            }
            ws.write_string_with_format(r, 0, &m.name, &f.text)?;
            ws.write_string_with_format(r, 1, &p.key, &f.text)?;
            ws.write_string_with_format(r, 2, &p.period, &f.text)?;
            for (c, n) in [(3u16, p.number), (4, p.target_number)] {
                match n {
                    Some(n) => ws.write_number_with_format(r, c, n, &f.text)?,
                    None => ws.write_blank(r, c, &f.text)?,
                };
            }
            match &p.status {
                Some(cell) => {
                    let fmt = f.status(cell.swatch).clone();
                    ws.write_string_with_format(r, 5, cell.text(), &fmt)?;
                }
                None => {
                    ws.write_blank(r, 5, &f.text)?;
                }
            }
            ws.write_string_with_format(r, 6, &m.kind, &f.text)?;
            r += 1;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, r.saturating_sub(1).max(1), 6)?;
    Ok(())
}

fn key_sheet(ws: &mut Worksheet, report: &BoardReport, f: &mut Formats) -> Result<(), XlsxError> {
    ws.set_name("Key")?;
    ws.set_column_width(0, 24.0)?;
    ws.set_column_width(1, 50.0)?;
    ws.set_column_width(2, 40.0)?;
    ws.set_column_width(3, 12.0)?;
    let title = Format::new().set_bold().set_font_size(14);
    ws.write_string_with_format(0, 0, &report.cover.title, &title)?;
    ws.write_string(
        1,
        0,
        format!(
            "{} · {} · made {}",
            report.cover.period,
            report.cover.audience,
            day(report.cover.made)
        ),
    )?;
    let mut r = 3u32;
    ws.write_string_with_format(r, 0, "Status key", &title)?;
    r += 1;
    for (c, h) in ["Status", "Means", "Description", "Actions"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(r, c as u16, *h, &f.header)?;
    }
    r += 1;
    for s in &report.statuses {
        match &s.cell {
            Some(cell) => {
                let fmt = f.status(cell.swatch).clone();
                ws.write_string_with_format(r, 0, &cell.label, &fmt)?;
            }
            None => {
                ws.write_string_with_format(r, 0, "No status", &f.text)?;
            }
        }
        let means = s
            .cell
            .as_ref()
            .and_then(|c| c.meaning)
            .map_or("No status", |m| m.describe());
        ws.write_string_with_format(r, 1, means, &f.text)?;
        ws.write_string_with_format(r, 2, s.description.clone().unwrap_or_default(), &f.text)?;
        ws.write_number_with_format(r, 3, s.count as f64, &f.text)?;
        r += 1;
    }
    r += 1;
    ws.write_string_with_format(r, 0, "Glossary", &title)?;
    r += 1;
    let names = report.audience.shows_names();
    let heads: &[&str] = if names {
        &["Abbreviation", "Stands for", "Name"]
    } else {
        &["Abbreviation", "Stands for"]
    };
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *h, &f.header)?;
    }
    r += 1;
    for g in &report.glossary {
        ws.write_string_with_format(r, 0, &g.abbreviation, &f.text)?;
        ws.write_string_with_format(r, 1, g.title.clone().unwrap_or_default(), &f.text)?;
        if names {
            ws.write_string_with_format(r, 2, g.name.clone().unwrap_or_default(), &f.text)?;
        }
        r += 1;
    }
    Ok(())
}
