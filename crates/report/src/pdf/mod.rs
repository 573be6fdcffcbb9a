//! PDF through Typst, used as a library: a tagged PDF (headings, tables with header
//! cells, reading order, language, title, the chart's alternative text), A4 portrait for
//! the cover and summary and landscape for the tables, header rows repeated on every page.
//!
//! Typst sees a world of exactly three kinds of thing: the layout (`report.typ`, built in),
//! the report's outline as `/data.json`, and its charts as `/figure-N.svg`. It has one font (the
//! embedded DejaVu Sans), no packages, no file system and no network: any other file it
//! asks for is refused.

use crate::model::{BoardReport, ReportError, period_name};
use crate::outline::{Block, outline};
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

const TEMPLATE: &str = include_str!("report.typ");

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = [crate::fonts::REGULAR, crate::fonts::BOLD]
            .into_iter()
            .filter_map(|b| Font::new(Bytes::new(b), 0))
            .collect();
        Fonts {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(<Library as LibraryExt>::default()))
}

fn path(p: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(p).expect("a fixed, valid path"),
    )
    .intern()
}

struct ReportWorld {
    main: Source,
    data: Bytes,
    /// The charts, in the order the outline places them.
    figures: Vec<Bytes>,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let p = id.get();
        if !matches!(p.root(), VirtualRoot::Project) {
            return Err(FileError::AccessDenied);
        }
        let name = p.vpath().get_without_slash();
        if name == "data.json" {
            return Ok(self.data.clone());
        }
        name.strip_prefix("figure-")
            .and_then(|n| n.strip_suffix(".svg"))
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| self.figures.get(n).cloned())
            .ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // The report carries its own date; the layout never asks the clock.
        None
    }
}

/// A block as the layout reads it; a figure becomes `/figure-N.svg`, numbered in
/// `figures`' order.
fn block_json(b: &Block, figures: &mut Vec<Bytes>) -> Option<serde_json::Value> {
    use serde_json::json;
    Some(match b {
        Block::Title(t) => json!({"kind": "title", "text": t}),
        Block::Heading(level, t) => json!({"kind": "heading", "level": level, "text": t}),
        Block::Paragraph(t) => json!({"kind": "paragraph", "text": t}),
        Block::Figure(f) => {
            // The chart names no font; give it the report's.
            let svg = f
                .svg
                .replacen("<svg ", "<svg font-family=\"DejaVu Sans\" ", 1);
            figures.push(Bytes::new(svg.into_bytes()));
            json!({"kind": "chart", "file": format!("/figure-{}.svg", figures.len() - 1), "alt": f.alt()})
        }
        Block::Table(t) => json!({
            "kind": "table",
            "table": {
                "caption": t.caption,
                "headers": t.headers,
                "widths": t.widths,
                "rows": t.rows.iter().map(|r| r.iter().map(|c| json!({
                    "lines": c.lines,
                    "indent": c.indent,
                    "fill": c.fill.map(|s| json!({"fill": s.fill, "text": s.text})),
                })).collect::<Vec<_>>()).collect::<Vec<_>>(),
            }
        }),
        Block::Landscape => return None,
    })
}

/// The report's data as the layout reads it, and its charts.
fn data(report: &BoardReport) -> (serde_json::Value, Vec<Bytes>) {
    let blocks = outline(report);
    let split = blocks
        .iter()
        .position(|b| matches!(b, Block::Landscape))
        .unwrap_or(blocks.len());
    let (portrait, landscape) = blocks.split_at(split);
    let title = format!(
        "{}: board report, {}",
        report.cover.title,
        period_name(&report.period)
    );
    let mut figures = Vec::new();
    let portrait: Vec<_> = portrait
        .iter()
        .filter_map(|b| block_json(b, &mut figures))
        .collect();
    let landscape: Vec<_> = landscape
        .iter()
        .filter_map(|b| block_json(b, &mut figures))
        .collect();
    let data = serde_json::json!({
        "title": title,
        "author": report.cover.council.clone().unwrap_or_default(),
        "description": format!("{} board report for {}", report.cover.audience, period_name(&report.period)),
        "footer": format!("{} · {}", crate::model::short_text(&report.cover.title, 70), period_name(&report.period)),
        "portrait": portrait,
        "landscape": landscape,
    });
    (data, figures)
}

/// The report as a tagged PDF.
///
/// # Errors
/// [`ReportError::Render`] with Typst's first message, should the layout fail.
pub fn write(report: &BoardReport) -> Result<Vec<u8>, ReportError> {
    let (data, figures) = data(report);
    let data = serde_json::to_vec(&data).map_err(|e| ReportError::Render(e.to_string()))?;
    let world = ReportWorld {
        main: Source::new(path("report.typ"), TEMPLATE.to_string()),
        data: Bytes::new(data),
        figures,
    };
    let first = |diags: typst::ecow::EcoVec<typst::diag::SourceDiagnostic>| {
        ReportError::Render(diags.first().map_or_else(
            || "the layout failed".to_string(),
            |d| d.message.to_string(),
        ))
    };
    let document: typst_layout::PagedDocument = typst::compile(&world).output.map_err(first)?;
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(report.file_stem()),
        creator: typst::foundations::Smart::Custom(Some("Assure".into())),
        tagged: true,
        ..typst_pdf::PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(first)
}
