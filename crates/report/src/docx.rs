//! Word: the report's outline as a .docx that people edit — Word's own Title and Heading
//! styles (so the navigation pane lists the sections), real tables whose header row
//! repeats on every page, status cells shaded in the plan's colours with the word in them,
//! and the charts as PNGs with alternative text.
//!
//! A .docx is a zip of a few XML parts; we write them ourselves. docx-rs 0.4 cannot mark a
//! header row to repeat (`w:tblHeader`) nor give a picture its description (`wp:docPr
//! descr`), and both are what makes the document accessible.

use crate::model::{BoardReport, Figure, ReportError};
use crate::outline::{Block, Cell, Table, outline};
use crate::raster::Png;
use std::fmt::Write as _;
use std::io::Write as _;

/// A4 in twentieths of a point, and the margins.
const A4_SHORT: u32 = 11906;
pub(crate) const A4_LONG: u32 = 16838;
const MARGIN: u32 = 1000;

/// Escapes text for XML content and attributes; drops characters XML 1.0 cannot hold.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn hex(colour: &str) -> String {
    colour.trim_start_matches('#').to_ascii_uppercase()
}

pub(crate) fn run(text: &str, bold: bool, colour: Option<&str>) -> String {
    let mut props = String::new();
    if bold {
        props.push_str("<w:b/>");
    }
    if let Some(c) = colour {
        let _ = write!(props, "<w:color w:val=\"{}\"/>", hex(c));
    }
    let props = if props.is_empty() {
        String::new()
    } else {
        format!("<w:rPr>{props}</w:rPr>")
    };
    format!(
        "<w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
        esc(text)
    )
}

pub(crate) fn para(style: Option<&str>, body: &str) -> String {
    match style {
        Some(s) => format!("<w:p><w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>{body}</w:p>"),
        None => format!("<w:p>{body}</w:p>"),
    }
}

pub(crate) fn section(landscape: bool) -> String {
    let (w, h, orient) = if landscape {
        (A4_LONG, A4_SHORT, " w:orient=\"landscape\"")
    } else {
        (A4_SHORT, A4_LONG, "")
    };
    format!(
        "<w:sectPr><w:pgSz w:w=\"{w}\" w:h=\"{h}\"{orient}/>\
         <w:pgMar w:top=\"{MARGIN}\" w:right=\"{MARGIN}\" w:bottom=\"{MARGIN}\" w:left=\"{MARGIN}\" \
         w:header=\"600\" w:footer=\"600\" w:gutter=\"0\"/></w:sectPr>"
    )
}

fn cell_xml(c: &Cell, width: u32, header: bool) -> String {
    let mut tc = format!("<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>");
    if header {
        tc.push_str("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F3F2F1\"/>");
    } else if let Some(s) = c.fill {
        let _ = write!(
            tc,
            "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{}\"/>",
            hex(s.fill)
        );
    }
    tc.push_str("</w:tcPr>");
    if c.lines.is_empty() {
        tc.push_str("<w:p/>");
    }
    for line in &c.lines {
        let ind = if c.indent > 0 {
            format!("<w:ind w:left=\"{}\"/>", 284 * c.indent.min(10))
        } else {
            String::new()
        };
        let ppr = format!("<w:pPr><w:spacing w:before=\"0\" w:after=\"60\"/>{ind}</w:pPr>");
        let r = run(line, header || c.fill.is_some(), c.fill.map(|s| s.text));
        let _ = write!(tc, "<w:p>{ppr}{r}</w:p>");
    }
    tc.push_str("</w:tc>");
    tc
}

pub(crate) fn table_xml(t: &Table, page_width: u32) -> String {
    let total: u32 = t.widths.iter().sum::<u32>().max(1);
    let usable = page_width - 2 * MARGIN;
    let widths: Vec<u32> = t.widths.iter().map(|w| usable * w / total).collect();
    let mut x = String::from("<w:tbl><w:tblPr><w:tblStyle w:val=\"ReportTable\"/>");
    let _ = write!(
        x,
        "<w:tblW w:w=\"{usable}\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>\
         <w:tblLook w:val=\"0420\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" \
         w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/>\
         <w:tblCaption w:val=\"{}\"/></w:tblPr><w:tblGrid>",
        esc(&t.caption)
    );
    for w in &widths {
        let _ = write!(x, "<w:gridCol w:w=\"{w}\"/>");
    }
    x.push_str("</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    for (h, w) in t.headers.iter().zip(&widths) {
        x.push_str(&cell_xml(&Cell::text(h), *w, true));
    }
    x.push_str("</w:tr>");
    for row in &t.rows {
        x.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for (c, w) in row.iter().zip(&widths) {
            x.push_str(&cell_xml(c, *w, false));
        }
        x.push_str("</w:tr>");
    }
    x.push_str("</w:tbl>");
    // A paragraph after each table, so two tables in a row stay two tables.
    x.push_str("<w:p/>");
    x
}

/// EMUs per pixel at 96 dpi.
const EMU_PER_PX: u64 = 9525;

/// The page's text area in device pixels at 192 dpi (twice CSS pixels, for print): the
/// finest a chart placed on it can show.
fn text_area_px(page_width: u32) -> (f32, f32) {
    let page_height = if page_width == A4_LONG {
        A4_SHORT
    } else {
        A4_LONG
    };
    // 1,440 twips an inch.
    let px = |twips: u32| (twips - 2 * MARGIN) as f32 / 1440.0 * 192.0;
    (px(page_width), px(page_height))
}

/// A chart placed inline: `n` numbers it (its relationship `rIdFigureN`, its drawing's
/// id N + 1, which Word wants unique).
fn figure_xml(f: &Figure, n: usize, width_px: u32, height_px: u32, page_width: u32) -> String {
    // Fit the page's text width and height (twips -> EMU: 635 per twip), keeping the
    // proportions: a chart of many areas is taller than a page.
    let page_height = if page_width == A4_LONG {
        A4_SHORT
    } else {
        A4_LONG
    };
    let max_cx = u64::from(page_width - 2 * MARGIN) * 635;
    let max_cy = u64::from(page_height - 2 * MARGIN) * 635;
    let (mut cx, mut cy) = (
        u64::from(width_px) * EMU_PER_PX,
        u64::from(height_px) * EMU_PER_PX,
    );
    if cx > max_cx {
        cy = cy * max_cx / cx.max(1);
        cx = max_cx;
    }
    if cy > max_cy {
        cx = cx * max_cy / cy.max(1);
        cy = max_cy;
    }
    let title = esc(&f.title);
    let descr = esc(&f.description);
    let id = n + 1;
    format!(
        "<w:p><w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">\
         <wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:docPr id=\"{id}\" name=\"Chart {id}\" \
         title=\"{title}\" descr=\"{descr}\"/><wp:cNvGraphicFramePr>\
         <a:graphicFrameLocks xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" noChangeAspect=\"1\"/>\
         </wp:cNvGraphicFramePr><a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">\
         <a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
         <pic:pic xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
         <pic:nvPicPr><pic:cNvPr id=\"{id}\" name=\"figure-{n}.png\" title=\"{title}\" descr=\"{descr}\"/><pic:cNvPicPr/></pic:nvPicPr>\
         <pic:blipFill><a:blip r:embed=\"rIdFigure{n}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
         <pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
         <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>\
         </wp:inline></w:drawing></w:r></w:p>"
    )
}

/// The document's body, and its charts drawn as PNGs in the order it places them.
fn document_xml(report: &BoardReport) -> Result<(String, Vec<Png>), ReportError> {
    let mut body = String::new();
    let mut figures: Vec<Png> = Vec::new();
    let mut landscape = false;
    for block in outline(report) {
        let page_width = if landscape { A4_LONG } else { A4_SHORT };
        match block {
            Block::Title(t) => body.push_str(&para(Some("Title"), &run(&t, false, None))),
            Block::Heading(level, t) => {
                let style = format!("Heading{}", level.clamp(1, 3));
                body.push_str(&para(Some(&style), &run(&t, false, None)));
            }
            Block::Paragraph(t) => body.push_str(&para(None, &run(&t, false, None))),
            Block::Figure(f) => {
                let png = crate::raster::chart_png(&f.svg, text_area_px(page_width))?;
                body.push_str(&figure_xml(
                    &f,
                    figures.len(),
                    png.width,
                    png.height,
                    page_width,
                ));
                figures.push(png);
            }
            Block::Table(t) => body.push_str(&table_xml(&t, page_width)),
            Block::Landscape => {
                if !landscape {
                    // A section ends with the paragraph that carries its properties.
                    let _ = write!(body, "<w:p><w:pPr>{}</w:pPr></w:p>", section(false));
                    landscape = true;
                }
            }
        }
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
         xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\">\
         <w:body>{body}{}</w:body></w:document>",
        section(landscape)
    );
    Ok((xml, figures))
}

pub(crate) fn styles_xml() -> String {
    let heading = |n: u8, size: u8| {
        format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"Heading{n}\"><w:name w:val=\"heading {n}\"/>\
             <w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/>\
             <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"{}\" w:after=\"120\"/><w:outlineLvl w:val=\"{}\"/></w:pPr>\
             <w:rPr><w:b/><w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr></w:style>",
            if n == 1 { 360 } else { 240 },
            n - 1
        )
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:eastAsia=\"Arial\" w:cs=\"Arial\"/>\
         <w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/><w:lang w:val=\"en-GB\" w:eastAsia=\"en-GB\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/>\
         <w:next w:val=\"Normal\"/><w:uiPriority w:val=\"10\"/><w:qFormat/><w:pPr><w:spacing w:after=\"240\"/></w:pPr>\
         <w:rPr><w:b/><w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/></w:rPr></w:style>\
         {}{}{}\
         <w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>\
         <w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/>\
         <w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/>\
         </w:tblCellMar></w:tblPr></w:style>\
         <w:style w:type=\"table\" w:styleId=\"ReportTable\"><w:name w:val=\"Report Table\"/><w:basedOn w:val=\"TableNormal\"/>\
         <w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr>\
         <w:tblPr><w:tblBorders>\
         <w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"B1B4B6\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"B1B4B6\"/>\
         <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"B1B4B6\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"B1B4B6\"/>\
         <w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"B1B4B6\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"B1B4B6\"/>\
         </w:tblBorders><w:tblCellMar><w:top w:w=\"40\" w:type=\"dxa\"/><w:left w:w=\"80\" w:type=\"dxa\"/>\
         <w:bottom w:w=\"40\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
         </w:styles>",
        heading(1, 32),
        heading(2, 26),
        heading(3, 22)
    )
}

fn core_xml(report: &BoardReport) -> String {
    let made = report.cover.made.format("%Y-%m-%dT00:00:00Z");
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator>\
         <dc:language>en-GB</dc:language>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{made}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{made}</dcterms:modified>\
         </cp:coreProperties>",
        esc(&format!(
            "{}: board report, {}",
            report.cover.title,
            crate::model::period_name(&report.period)
        )),
        esc(&report.cover.audience),
        esc(report.cover.council.as_deref().unwrap_or("Assure")),
    )
}

pub(crate) const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Default Extension=\"png\" ContentType=\"image/png\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
</Types>";

pub(crate) const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>";

pub(crate) const APP: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>Assure</Application></Properties>";

/// Word opens the document showing its title, not its file name.
pub(crate) const SETTINGS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>\
<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
</w:settings>";

pub(crate) fn doc_rels(figures: usize) -> String {
    let mut images = String::new();
    for n in 0..figures {
        let _ = write!(
            images,
            "<Relationship Id=\"rIdFigure{n}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/figure-{n}.png\"/>"
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>\
         {images}</Relationships>"
    )
}

/// The report as a .docx.
///
/// # Errors
/// [`ReportError::Render`] if the chart cannot be drawn or the package written.
pub fn write(report: &BoardReport) -> Result<Vec<u8>, ReportError> {
    let (document, figures) = document_xml(report)?;
    let err = |e: zip::result::ZipError| ReportError::Render(e.to_string());
    let io = |e: std::io::Error| ReportError::Render(e.to_string());
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut parts: Vec<(String, Vec<u8>, bool)> = vec![
        (
            "[Content_Types].xml",
            CONTENT_TYPES.as_bytes().to_vec(),
            true,
        ),
        ("_rels/.rels", ROOT_RELS.as_bytes().to_vec(), true),
        ("docProps/core.xml", core_xml(report).into_bytes(), true),
        ("docProps/app.xml", APP.as_bytes().to_vec(), true),
        (
            "word/_rels/document.xml.rels",
            doc_rels(figures.len()).into_bytes(),
            true,
        ),
        ("word/document.xml", document.into_bytes(), true),
        ("word/styles.xml", styles_xml().into_bytes(), true),
        ("word/settings.xml", SETTINGS.as_bytes().to_vec(), true),
    ]
    .into_iter()
    .map(|(name, bytes, deflate)| (name.to_string(), bytes, deflate))
    .collect();
    for (n, png) in figures.into_iter().enumerate() {
        parts.push((format!("word/media/figure-{n}.png"), png.bytes, false));
    }
    for (name, bytes, deflate) in parts {
        zip.start_file(name, if deflate { opts } else { stored })
            .map_err(err)?;
        zip.write_all(&bytes).map_err(io)?;
    }
    Ok(zip.finish().map_err(err)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extent(xml: &str) -> (u64, u64) {
        let open = "<wp:extent cx=\"";
        let at = xml.find(open).expect("an extent") + open.len();
        let rest = &xml[at..];
        let cx = rest[..rest.find('"').expect("end")].parse().expect("cx");
        let at = rest.find("cy=\"").expect("cy") + 4;
        let rest = &rest[at..];
        let cy = rest[..rest.find('"').expect("end")].parse().expect("cy");
        (cx, cy)
    }

    #[test]
    fn a_chart_fits_the_page_both_ways_in_proportion() {
        let f = Figure {
            svg: String::new(),
            title: "Status by area".into(),
            description: "Bars".into(),
        };
        let text_width = u64::from(A4_SHORT - 2 * MARGIN) * 635;
        let text_height = u64::from(A4_LONG - 2 * MARGIN) * 635;
        // Small: drawn at its own size.
        assert_eq!(
            extent(&figure_xml(&f, 0, 300, 200, A4_SHORT)),
            (300 * EMU_PER_PX, 200 * EMU_PER_PX)
        );
        // Wide: the text width.
        let (cx, cy) = extent(&figure_xml(&f, 0, 2000, 400, A4_SHORT));
        assert_eq!(cx, text_width);
        assert!((cy * 2000).abs_diff(cx * 400) < 2000 * 400);
        // A chart of a hundred areas: the page's height, narrower in proportion.
        let (cx, cy) = extent(&figure_xml(&f, 0, 700, 4000, A4_SHORT));
        assert_eq!(cy, text_height);
        assert!(cx < text_width);
        assert!((cx * 4000).abs_diff(cy * 700) < 4000 * 700);
    }
}
