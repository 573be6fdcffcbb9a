//! Assure's own Word and Excel export of a whole plan (`assure export --format docx|xlsx`),
//! recognised by its tables' header rows and read back exactly through the layout in
//! `assure_domain::plan_tables`. It reads the visible cells, so what a person changed
//! in Word or Excel is what comes back.

use crate::ImportReport;
use crate::table::{Block, Document, VMerge};
use assure_domain::PlanDocument;
use assure_domain::plan_tables::{self, read::Grid};

/// Every table of `doc` as rows of cell texts, cells placed in their grid columns.
fn grids(doc: &Document) -> Vec<Grid> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Paragraph(_) => None,
        })
        .map(|t| {
            t.rows
                .iter()
                .map(|row| {
                    let mut cells = vec![String::new(); row.width()];
                    for (col, cell) in row.grid() {
                        if cell.merge != VMerge::Continue {
                            cells[col] = cell.text();
                        }
                    }
                    cells
                })
                .collect()
        })
        .collect()
}

/// The plan, when `doc` is Assure's own export; `None` when it is any other document.
///
/// # Errors
/// What cannot be read, naming the table, row and column.
pub fn read(doc: &Document) -> Option<Result<PlanDocument, String>> {
    // Most files are not Assure's export: look at the header rows before copying text.
    let key_tables = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => t.rows.first(),
            Block::Paragraph(_) => None,
        })
        .filter(|row| {
            let texts: Vec<String> = row.cells.iter().map(|c| c.text()).collect();
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            plan_tables::read::is_key_header(&texts)
        })
        .count();
    if key_tables < 2 {
        return None;
    }
    plan_tables::recognise(&grids(doc))
}

/// The counts of an import report for a plan read from the export.
pub fn report(doc: &PlanDocument, format: &str) -> ImportReport {
    let all = doc.actions();
    ImportReport {
        format: format.to_string(),
        tables: plan_tables::LAYOUTS.len(),
        rows_read: all.len(),
        areas: doc.areas.len(),
        actions: all.iter().filter(|(d, _)| *d == 0).count(),
        children: all.iter().filter(|(d, _)| *d > 0).count(),
        milestones: all.iter().map(|(_, a)| a.milestones.len()).sum(),
        updates: all.iter().map(|(_, a)| a.updates.len()).sum(),
        ..ImportReport::default()
    }
}
