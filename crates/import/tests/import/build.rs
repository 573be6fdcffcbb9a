//! Small .docx and .xlsx packages built in memory, so tests can exercise the readers
//! on layouts the shared fixtures do not have.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

/// A zip package from (name, content) parts.
pub fn package(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        w.start_file(*name, opts).expect("start part");
        w.write_all(content.as_bytes()).expect("write part");
    }
    w.finish().expect("finish zip").into_inner()
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

/// A .docx whose body is `body` (WordprocessingML inside `<w:body>`).
pub fn docx(body: &str, rels: &str) -> Vec<u8> {
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>"#
    );
    let rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
    );
    package(&[
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
        ),
        ("word/document.xml", &doc),
        ("word/_rels/document.xml.rels", &rels),
    ])
}

pub fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

pub fn heading(text: &str, level: u8) -> String {
    format!(
        "<w:p><w:pPr><w:pStyle w:val=\"Heading{level}\"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
    )
}

/// A cell with properties `props` (inside `<w:tcPr>`) and paragraphs `content`.
pub fn tc(props: &str, content: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>")
}

pub fn tr(cells: &[String]) -> String {
    format!("<w:tr>{}</w:tr>", cells.concat())
}

pub fn tbl(rows: &[String]) -> String {
    format!("<w:tbl>{}</w:tbl>", rows.concat())
}

/// A one-paragraph cell.
pub fn c(text: &str) -> String {
    tc("", &p(text))
}

/// A paragraph in a named style ("Title", "Heading2").
pub fn styled(text: &str, style: &str) -> String {
    format!(
        "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"
    )
}

/// A bold paragraph (every run bold), as councils mark headings without styles.
pub fn bold(text: &str) -> String {
    format!("<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

/// A bulleted list item (Word numbering) at `level`.
pub fn item(text: &str, level: u8) -> String {
    format!(
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"
    )
}

/// A cell shaded with `fill` (RRGGBB) and no text: a status shown only by colour.
pub fn shaded(fill: &str) -> String {
    tc(
        &format!("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{fill}\"/>"),
        "<w:p/>",
    )
}

/// A cell spanning `span` grid columns.
pub fn spanned(text: &str, span: u32) -> String {
    tc(&format!("<w:gridSpan w:val=\"{span}\"/>"), &bold(text))
}
