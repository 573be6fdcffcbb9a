//! The chart's SVG as a PNG, for Word (which shows SVG only from Office 2016 on, and
//! then not everywhere). Text is drawn with the embedded font, never a system one.

use crate::model::ReportError;
use resvg::{tiny_skia, usvg};
use std::sync::{Arc, OnceLock};

/// A PNG and its size in CSS pixels (it is drawn at up to twice that, for print).
pub struct Png {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// How many device pixels per CSS pixel, at most: 192 dpi where the chart is shown at
/// its own size.
const SCALE: f32 = 2.0;

fn fonts() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(crate::fonts::REGULAR.to_vec());
        db.load_font_data(crate::fonts::BOLD.to_vec());
        Arc::new(db)
    })
    .clone()
}

/// Rasterises `svg` on white, at twice its size or as fine as `fit` (the most device
/// pixels across and down the page can show it at) needs, whichever is smaller: a chart
/// of a hundred areas is shrunk to the page, so drawing it at full size would only
/// spend time on pixels nobody sees (it took most of a 500-action Word report's time).
///
/// # Errors
/// [`ReportError::Render`] when the SVG cannot be read or is too big to draw.
pub fn chart_png(svg: &str, fit: (f32, f32)) -> Result<Png, ReportError> {
    let opts = usvg::Options {
        font_family: crate::fonts::FAMILY.to_string(),
        fontdb: fonts(),
        // The chart refers to nothing outside itself; refuse anything that would.
        resources_dir: None,
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &opts).map_err(|e| ReportError::Render(e.to_string()))?;
    let size = tree.size();
    let (w, h) = (size.width().ceil() as u32, size.height().ceil() as u32);
    // A chart taller than this has thousands of areas: refuse rather than allocate.
    if w == 0 || h == 0 || w > 4000 || h > 20_000 {
        return Err(ReportError::Render(format!(
            "the chart is {w} by {h} pixels"
        )));
    }
    let scale = SCALE.min(fit.0 / w as f32).min(fit.1 / h as f32).max(0.05);
    let (pw, ph) = (
        ((w as f32 * scale).ceil() as u32).max(1),
        ((h as f32 * scale).ceil() as u32).max(1),
    );
    let mut pixmap = tiny_skia::Pixmap::new(pw, ph)
        .ok_or_else(|| ReportError::Render("the chart could not be drawn".into()))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let bytes = encode(&pixmap).map_err(|e| ReportError::Render(e.to_string()))?;
    Ok(Png {
        bytes,
        width: w,
        height: h,
    })
}

/// The pixmap as an RGB PNG, compressed fast. Drawn on white, every pixel is opaque, so
/// the alpha channel carries nothing (and premultiplied colour is the colour itself).
/// tiny-skia's own `encode_png` keeps alpha at the balanced level, which took most of a
/// 500-action Word report's time on its tall chart; fast is several times quicker for
/// files a little larger.
fn encode(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgb)?;
    writer.finish()?;
    Ok(out)
}
