//! The workbook's cell formats (`styles.xml`), as far as a plan needs them: the number
//! format (dates), bold, and the fill colour (a status shown by colour). Theme and
//! indexed colours and tints are resolved as Excel shows them.

use quick_xml::events::{BytesStart, Event};

use super::format::NumberFormat;
use super::{attr, local};
use crate::ImportError;
use crate::limits::{Budget, Limit, MAX_STYLE_RECORDS};
use crate::zipread::XmlPart;

/// One cell format (`cellXfs/xf`), resolved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellStyle {
    pub number: Option<NumberFormat>,
    pub bold: bool,
    /// RRGGBB, when the cell is visibly filled with a colour other than white or black.
    pub fill: Option<String>,
}

/// An ARGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour {
    a: u8,
    r: u8,
    g: u8,
    b: u8,
}

impl Colour {
    const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Colour { a: 255, r, g, b }
    }

    fn hex(self) -> String {
        format!("{:02X}{:02X}{:02X}", self.r, self.g, self.b)
    }
}

#[derive(Debug, Clone, Default)]
struct Fill {
    visible: bool,
    fg: Option<Colour>,
    bg: Option<Colour>,
}

/// Counts style records against [`MAX_STYLE_RECORDS`].
fn count(records: &mut u64, budget: &Budget) -> Result<(), ImportError> {
    *records += 1;
    if *records > MAX_STYLE_RECORDS {
        return Err(budget.error(Limit::Styles, None, MAX_STYLE_RECORDS));
    }
    Ok(())
}

/// Reads `styles.xml` into the list of cell formats, indexed by a cell's `s`.
pub fn read(
    part: &mut XmlPart<'_, '_>,
    theme: &[Colour],
    budget: &mut Budget,
) -> Result<Vec<CellStyle>, ImportError> {
    let mut formats: Vec<(String, String)> = Vec::new();
    let mut fonts: Vec<bool> = Vec::new();
    let mut fills: Vec<Fill> = Vec::new();
    let mut out = Vec::new();
    let mut records = 0u64;
    // Which list we are in: `font`, `fill` and `xf` appear elsewhere too (dxfs,
    // cellStyleXfs) with other meanings.
    let mut section = String::new();
    let mut font: Option<bool> = None;
    let mut fill: Option<Fill> = None;
    loop {
        let ev = part.event()?;
        let (e, empty) = match &ev {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                let name = local(e.local_name().as_ref());
                match name.as_str() {
                    "font" if section == "fonts" => fonts.extend(font.take()),
                    "fill" if section == "fills" => fills.extend(fill.take()),
                    "numFmts" | "fonts" | "fills" | "cellXfs" if section == name => {
                        section.clear();
                    }
                    _ => {}
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = local(e.local_name().as_ref());
        match (section.as_str(), name.as_str()) {
            (_, "numFmts" | "fonts" | "fills" | "cellXfs") if !empty => section = name,
            ("numFmts", "numFmt") => {
                count(&mut records, budget)?;
                if let (Some(id), Some(code)) = (attr(e, "numFmtId"), attr(e, "formatCode")) {
                    budget.text(code.len())?;
                    formats.push((id, code));
                }
            }
            ("fonts", "font") => {
                count(&mut records, budget)?;
                if empty {
                    fonts.push(false);
                } else {
                    font = Some(false);
                }
            }
            ("fonts", "b") => {
                if let Some(f) = font.as_mut() {
                    *f = attr(e, "val").is_none_or(|v| is_bold(&v));
                }
            }
            ("fills", "fill") => {
                count(&mut records, budget)?;
                if empty {
                    fills.push(Fill::default());
                } else {
                    fill = Some(Fill::default());
                }
            }
            ("fills", "patternFill") => {
                if let Some(f) = fill.as_mut() {
                    f.visible = attr(e, "patternType").is_some_and(|p| is_pattern(&p));
                }
            }
            ("fills", "fgColor") => {
                if let Some(f) = fill.as_mut() {
                    f.fg = colour(e, theme).or(f.fg);
                }
            }
            ("fills", "bgColor") => {
                if let Some(f) = fill.as_mut() {
                    f.bg = colour(e, theme).or(f.bg);
                }
            }
            ("cellXfs", "xf") => {
                count(&mut records, budget)?;
                out.push(cell_style(e, &formats, &fonts, &fills));
            }
            _ => {}
        }
    }
    Ok(out)
}

fn cell_style(
    e: &BytesStart<'_>,
    formats: &[(String, String)],
    fonts: &[bool],
    fills: &[Fill],
) -> CellStyle {
    let index = |key: &str| attr(e, key).and_then(|v| v.trim().parse::<usize>().ok());
    let number = attr(e, "numFmtId").and_then(|id| {
        let n = id.trim().parse::<u32>().ok()?;
        let custom = formats.iter().rev().find(|(i, _)| *i == id).map(|(_, c)| c);
        Some(NumberFormat::new(n, custom.map(String::as_str)))
    });
    let bold = index("fontId")
        .and_then(|i| fonts.get(i))
        .copied()
        .unwrap_or(false);
    let fill = index("fillId")
        .and_then(|i| fills.get(i))
        .filter(|f| f.visible)
        .and_then(|f| f.fg.or(f.bg))
        .map(Colour::hex)
        .filter(|h| h != "FFFFFF" && h != "000000");
    CellStyle { number, bold, fill }
}

/// `<b val="…">`: OOXML booleans and CSS-like weights.
fn is_bold(v: &str) -> bool {
    match v {
        "bold" | "700" | "1" | "true" => true,
        "normal" | "400" | "0" | "false" => false,
        _ => v.parse::<u16>().is_ok_and(|w| w >= 600),
    }
}

/// The pattern types that paint the cell (anything but none or an unknown name).
fn is_pattern(p: &str) -> bool {
    matches!(
        p,
        "solid"
            | "darkGray"
            | "mediumGray"
            | "lightGray"
            | "gray125"
            | "gray0625"
            | "darkHorizontal"
            | "darkVertical"
            | "darkDown"
            | "darkUp"
            | "darkGrid"
            | "darkTrellis"
            | "lightHorizontal"
            | "lightVertical"
            | "lightDown"
            | "lightUp"
            | "lightGrid"
            | "lightTrellis"
    )
}

/// A colour element (`fgColor`, `bgColor`): `rgb`, else a `theme` index, else an
/// `indexed` one, then lightened or darkened by `tint`.
fn colour(e: &BytesStart<'_>, theme: &[Colour]) -> Option<Colour> {
    let c = if let Some(rgb) = attr(e, "rgb") {
        hex_colour(&rgb)
    } else if let Some(t) = attr(e, "theme") {
        t.parse::<u8>()
            .ok()
            .map(|t| theme.get(usize::from(t)).copied().unwrap_or(BLACK))
    } else if let Some(i) = attr(e, "indexed") {
        i.parse::<u8>().ok().map(indexed)
    } else {
        None
    }?;
    let tint = attr(e, "tint").and_then(|t| t.parse::<f64>().ok());
    Some(match tint {
        Some(t) if t != 0.0 && t.is_finite() => apply_tint(c, t),
        _ => c,
    })
}

const BLACK: Colour = Colour::rgb(0, 0, 0);

/// "RRGGBB" or "AARRGGBB".
fn hex_colour(v: &str) -> Option<Colour> {
    let pair = |i: usize| u8::from_str_radix(v.get(i..i + 2)?, 16).ok();
    match v.len() {
        6 => Some(Colour::rgb(pair(0)?, pair(2)?, pair(4)?)),
        8 => Some(Colour {
            a: pair(0)?,
            r: pair(2)?,
            g: pair(4)?,
            b: pair(6)?,
        }),
        _ => None,
    }
}

/// The legacy indexed palette (ECMA-376 18.8.27); 64 and 65 are the system colours.
fn indexed(i: u8) -> Colour {
    const PALETTE: [u32; 64] = [
        0x000000, 0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF, 0x000000,
        0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF, 0x800000, 0x008000,
        0x000080, 0x808000, 0x800080, 0x008080, 0xC0C0C0, 0x808080, 0x9999FF, 0x993366, 0xFFFFCC,
        0xCCFFFF, 0x660066, 0xFF8080, 0x0066CC, 0xCCCCFF, 0x000080, 0xFF00FF, 0xFFFF00, 0x00FFFF,
        0x800080, 0x800000, 0x008080, 0x0000FF, 0x00CCFF, 0xCCFFFF, 0xCCFFCC, 0xFFFF99, 0x99CCFF,
        0xFF99CC, 0xCC99FF, 0xFFCC99, 0x3366FF, 0x33CCCC, 0x99CC00, 0xFFCC00, 0xFF9900, 0xFF6600,
        0x666699, 0x969696, 0x003366, 0x339966, 0x003300, 0x333300, 0x993300, 0x993366, 0x333399,
        0x333333,
    ];
    match PALETTE.get(usize::from(i)) {
        Some(&v) => Colour::rgb((v >> 16) as u8, (v >> 8) as u8, v as u8),
        None if i == 65 => Colour::rgb(255, 255, 255),
        None => BLACK,
    }
}

/// A tint applies to the colour's luminance in HSL (ECMA-376 18.8.19), so the hue stays.
fn apply_tint(c: Colour, tint: f64) -> Colour {
    let (h, s, l) = to_hsl(c);
    let l = if tint < 0.0 {
        l * (1.0 + tint)
    } else {
        l * (1.0 - tint) + tint
    };
    let (r, g, b) = from_hsl(h, s, l.clamp(0.0, 1.0));
    Colour { a: c.a, r, g, b }
}

fn to_hsl(c: Colour) -> (f64, f64, f64) {
    let (r, g, b) = (
        f64::from(c.r) / 255.0,
        f64::from(c.g) / 255.0,
        f64::from(c.b) / 255.0,
    );
    let (max, min) = (r.max(g).max(b), r.min(g).min(b));
    let l = (max + min) / 2.0;
    if max == min {
        return (0.0, 0.0, l);
    }
    let d = max - min;
    let s = if l > 0.5 {
        d / (2.0 - max - min)
    } else {
        d / (max + min)
    };
    let h = if max == r {
        (g - b) / d + if g < b { 6.0 } else { 0.0 }
    } else if max == g {
        (b - r) / d + 2.0
    } else {
        (r - g) / d + 4.0
    };
    (h / 6.0, s, l)
}

fn from_hsl(h: f64, s: f64, l: f64) -> (u8, u8, u8) {
    let channel = |v: f64| (v * 255.0).round().clamp(0.0, 255.0) as u8;
    if s == 0.0 {
        let g = channel(l);
        return (g, g, g);
    }
    let q = if l < 0.5 {
        l * (1.0 + s)
    } else {
        l + s - l * s
    };
    let p = 2.0 * l - q;
    let hue = |t: f64| {
        let t = t.rem_euclid(1.0);
        channel(if t < 1.0 / 6.0 {
            p + (q - p) * 6.0 * t
        } else if t < 0.5 {
            q
        } else if t < 2.0 / 3.0 {
            p + (q - p) * (2.0 / 3.0 - t) * 6.0
        } else {
            p
        })
    };
    (hue(h + 1.0 / 3.0), hue(h), hue(h - 1.0 / 3.0))
}

/// The Office theme's colours, used when a workbook has no theme part.
pub fn default_theme() -> Vec<Colour> {
    [
        (255, 255, 255), // lt1
        (0, 0, 0),       // dk1
        (238, 236, 225), // lt2
        (31, 73, 125),   // dk2
        (79, 129, 189),  // accent1
        (192, 80, 77),
        (155, 187, 89),
        (128, 100, 162),
        (75, 172, 198),
        (247, 150, 70), // accent6
        (0, 0, 255),    // hlink
        (128, 0, 128),  // folHlink
    ]
    .into_iter()
    .map(|(r, g, b)| Colour::rgb(r, g, b))
    .collect()
}

/// The theme's colour scheme, in the order `theme="n"` indexes it: the part lists dk1,
/// lt1, dk2, lt2, … and Excel swaps the first two pairs. A damaged or incomplete theme
/// gives the default one, as it only changes colours.
pub fn theme(part: &mut XmlPart<'_, '_>) -> Result<Vec<Colour>, ImportError> {
    const SLOTS: &[&str] = &[
        "dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5",
        "accent6", "hlink", "folHlink",
    ];
    let mut found: Vec<Colour> = Vec::new();
    let (mut in_scheme, mut open) = (false, false);
    loop {
        let ev = match part.event() {
            Ok(Event::Eof) | Err(ImportError::Corrupt { .. }) => break,
            Ok(ev) => ev,
            Err(e) => return Err(e),
        };
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let name = local(e.local_name().as_ref());
                if name == "clrScheme" {
                    in_scheme = true;
                } else if in_scheme && SLOTS.contains(&name.as_str()) {
                    open = true;
                } else if in_scheme && open && (name == "srgbClr" || name == "sysClr") {
                    let c = attr(e, "lastClr")
                        .and_then(|v| hex_colour(&v))
                        .or_else(|| attr(e, "val").and_then(|v| hex_colour(&v)));
                    if let Some(c) = c {
                        found.push(Colour::rgb(c.r, c.g, c.b));
                        open = false;
                    }
                }
            }
            Event::End(e) => {
                let name = local(e.local_name().as_ref());
                if name == "clrScheme" {
                    break;
                }
                if open && SLOTS.contains(&name.as_str()) {
                    // A slot without a colour keeps the later slots in their places.
                    found.push(BLACK);
                    open = false;
                }
            }
            _ => {}
        }
        if found.len() > SLOTS.len() {
            break;
        }
    }
    if found.len() < 4 {
        return Ok(default_theme());
    }
    found.swap(0, 1);
    found.swap(2, 3);
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_resolve_as_excel_shows_them() {
        assert_eq!(
            hex_colour("FFFF0000").map(Colour::hex).as_deref(),
            Some("FF0000")
        );
        assert_eq!(
            hex_colour("00B050").map(Colour::hex).as_deref(),
            Some("00B050")
        );
        assert_eq!(hex_colour("0xZZ00"), None);
        assert_eq!(indexed(10).hex(), "FF0000");
        assert_eq!(indexed(65).hex(), "FFFFFF");
        assert_eq!(indexed(200).hex(), "000000");
        // Accent 6 (F79646) lightened by 40%, as Excel's palette shows it.
        let tinted = apply_tint(Colour::rgb(0xF7, 0x96, 0x46), 0.399_975_585_192_419_2);
        assert_eq!(tinted.hex(), "FAC090");
        // Accent 1 (4F81BD) darkened by 25%: Excel shows 366092, within a unit.
        let darker = apply_tint(Colour::rgb(0x4F, 0x81, 0xBD), -0.249_977_111_117_893);
        assert_eq!(darker.hex(), "376092");
    }
}
