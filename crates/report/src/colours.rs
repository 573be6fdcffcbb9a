//! The colours a status is drawn in: the overview chart's, so a board member sees the
//! same blue for "Blue" on the screen, in the PDF, in Word and in Excel. The word is
//! always written in the cell too, so colour is never alone.

use assure_domain::Meaning;

/// A status's fill and the text colour that reads on it (contrast at least 4.5:1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Swatch {
    /// `#rrggbb`.
    pub fill: &'static str,
    /// `#rrggbb`.
    pub text: &'static str,
}

/// The swatch of a meaning (`None`: no status).
pub fn swatch(meaning: Option<Meaning>) -> Swatch {
    let fill = assure_chart::meaning_series(meaning, String::new()).colour;
    Swatch {
        fill,
        text: "#ffffff",
    }
}

/// `#rrggbb` as its three channels.
pub fn rgb(hex: &str) -> (u8, u8, u8) {
    let h = hex.trim_start_matches('#');
    let c = |i: usize| u8::from_str_radix(h.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
    (c(0), c(2), c(4))
}

/// WCAG 2 contrast ratio of two colours.
pub fn contrast(a: &str, b: &str) -> f64 {
    fn luminance(hex: &str) -> f64 {
        let (r, g, b) = rgb(hex);
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    }
    let (x, y) = (luminance(a), luminance(b));
    let (hi, lo) = if x > y { (x, y) } else { (y, x) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_word_reads_on_its_fill() {
        let mut all: Vec<Option<Meaning>> = Meaning::ALL.iter().copied().map(Some).collect();
        all.push(None);
        for m in all {
            let s = swatch(m);
            let ratio = contrast(s.fill, s.text);
            assert!(
                ratio >= 4.5,
                "{m:?}: {} on {} is {ratio:.2}",
                s.text,
                s.fill
            );
        }
    }
}
