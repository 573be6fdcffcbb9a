//! The whole plan as a .docx: a heading and a real Word table for each table of the
//! layout (header rows repeating on every page, statuses shaded in the plan's colours
//! with the word in them, sub-actions indented), on landscape pages. It shares the board
//! report's WordprocessingML writing (`crate::docx`).

use super::weight;
use crate::colours::swatch;
use crate::docx::{
    APP, CONTENT_TYPES, ROOT_RELS, SETTINGS, doc_rels, esc, para, run, section, styles_xml,
    table_xml,
};
use crate::model::ReportError;
use crate::outline::{Cell, Table as OutlineTable};
use assure_domain::PlanDocument;
use assure_domain::plan_tables::{Value, tables};
use std::io::Write as _;

fn cell(v: &Value) -> Cell {
    match v {
        Value::Empty => Cell::default(),
        Value::Text(s) => Cell {
            lines: s.split('\n').map(str::to_string).collect(),
            ..Cell::default()
        },
        Value::Action(s, depth) => Cell {
            lines: s.split('\n').map(str::to_string).collect(),
            indent: *depth,
            ..Cell::default()
        },
        Value::Status(s, meaning) => Cell {
            lines: vec![s.clone()],
            fill: Some(swatch(Some(*meaning))),
            ..Cell::default()
        },
        Value::Date(_) | Value::Number(_) => Cell::text(v.shown()),
    }
}

fn document_xml(doc: &PlanDocument) -> String {
    let mut body = para(Some("Title"), &run(&doc.title, false, None));
    body.push_str(&para(
        None,
        &run(
            "The whole plan, to edit and import into Assure again. Keep the tables' header rows; \
             a timescale whose kind is left empty is read again from its words.",
            false,
            None,
        ),
    ));
    for t in tables(doc) {
        body.push_str(&para(Some("Heading1"), &run(t.layout.name, false, None)));
        let table = OutlineTable {
            caption: t.layout.caption.to_string(),
            headers: t.layout.headers.iter().map(|h| (*h).to_string()).collect(),
            widths: t.layout.headers.iter().map(|h| weight(h)).collect(),
            rows: t
                .rows
                .iter()
                .map(|r| r.iter().map(cell).collect())
                .collect(),
        };
        body.push_str(&table_xml(&table, crate::docx::A4_LONG));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
         <w:body>{body}{}</w:body></w:document>",
        section(true)
    )
}

fn core_xml(doc: &PlanDocument) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
         <dc:title>{}</dc:title><dc:creator>{}</dc:creator><dc:language>en-GB</dc:language>\
         </cp:coreProperties>",
        esc(&format!("{}: the whole plan", doc.title)),
        esc(doc.organisation.as_deref().unwrap_or("Assure")),
    )
}

/// The whole plan as a .docx.
///
/// # Errors
/// [`ReportError::Render`] if the package cannot be written.
pub fn write(doc: &PlanDocument) -> Result<Vec<u8>, ReportError> {
    let err = |e: zip::result::ZipError| ReportError::Render(e.to_string());
    let io = |e: std::io::Error| ReportError::Render(e.to_string());
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let parts: [(&str, Vec<u8>); 8] = [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()),
        ("_rels/.rels", ROOT_RELS.as_bytes().to_vec()),
        ("docProps/core.xml", core_xml(doc).into_bytes()),
        ("docProps/app.xml", APP.as_bytes().to_vec()),
        ("word/_rels/document.xml.rels", doc_rels(0).into_bytes()),
        ("word/document.xml", document_xml(doc).into_bytes()),
        ("word/styles.xml", styles_xml().into_bytes()),
        ("word/settings.xml", SETTINGS.as_bytes().to_vec()),
    ];
    for (name, bytes) in parts {
        zip.start_file(name, opts).map_err(err)?;
        zip.write_all(&bytes).map_err(io)?;
    }
    Ok(zip.finish().map_err(err)?.into_inner())
}
