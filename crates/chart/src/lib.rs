//! Charts drawn by hand as SVG: deterministic text, accessible (`role="img"`, a
//! `<title>` and `<desc>`, text labels and patterns so that colour is never alone).
//!
//! Every text placed in the SVG is escaped here; the page includes the result as markup.
//! The web's overview draws it inline, and the board reports put the same SVG in the PDF
//! and, rasterised, in the Word document: one drawing, so they never disagree.
#![forbid(unsafe_code)]

pub mod measure;

use assure_domain::Meaning;
use std::fmt::Write as _;

/// One stacked bar: its label and, per series, a count.
pub struct Bar {
    pub label: String,
    pub values: Vec<usize>,
}

/// One series of a stacked bar chart: its name for people, its look.
pub struct Series {
    pub name: String,
    pub colour: &'static str,
    /// A pattern drawn over the colour: "", "hatch", "dots", "cross", "vertical".
    pub pattern: &'static str,
}

/// The look of a status meaning (`None`: no status): GOV.UK colours with at least 3:1
/// contrast against white, and a pattern that differs between neighbours.
pub fn meaning_series(meaning: Option<Meaning>, name: String) -> Series {
    let (colour, pattern) = match meaning {
        Some(Meaning::Complete) => ("#1d70b8", ""),
        Some(Meaning::Ahead) => ("#005a30", "dots"),
        Some(Meaning::OnTrack) => ("#00703c", ""),
        Some(Meaning::AtRisk) => ("#b35900", "hatch"),
        Some(Meaning::OffTrack) => ("#d4351c", "cross"),
        Some(Meaning::NotStarted) => ("#505a5f", "vertical"),
        None => ("#6f777b", "dots"),
    };
    Series {
        name,
        colour,
        pattern,
    }
}

/// Escapes text for SVG (XML) content and attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const WIDTH: usize = 720;
const ROW: usize = 54;
const BAR_H: usize = 22;
/// The height of each further line of a label too long for one.
const LINE_H: usize = 20;
/// The most characters of a label on one line: what 16px text fits in the chart's width.
const LINE_CHARS: usize = 80;

/// A label in lines of at most [`LINE_CHARS`], broken between words (a word longer than
/// a line has a line of its own): a long area name is drawn whole, never cut at the edge.
fn label_lines(label: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let words: Vec<&str> = label.split_whitespace().collect();
    for (i, word) in words.iter().enumerate() {
        // The count ("(3)") stays with the last word: a few characters past the line fit.
        let count = i + 1 == words.len() && word.starts_with('(') && word.chars().count() <= 8;
        if !line.is_empty()
            && !count
            && line.chars().count() + 1 + word.chars().count() > LINE_CHARS
        {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}
const LEGEND_ROW: usize = 26;

/// A horizontal stacked bar chart: each bar's label above it, each segment's count
/// written in it when it fits, and a legend with swatches and names.
pub fn stacked_bars(id: &str, title: &str, desc: &str, series: &[Series], bars: &[Bar]) -> String {
    let id = esc(id);
    let max = bars
        .iter()
        .map(|b| b.values.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let plot = WIDTH - 60;
    let labels: Vec<Vec<String>> = bars
        .iter()
        .map(|b| label_lines(&format!("{} ({})", b.label, b.values.iter().sum::<usize>())))
        .collect();
    let rows_height: usize = labels.iter().map(|l| ROW + (l.len() - 1) * LINE_H).sum();
    let legend_top = rows_height + 10;
    let height = legend_top + series.len() * LEGEND_ROW + 10;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"app-chart\" role=\"img\" \
         viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" aria-labelledby=\"{id}-title {id}-desc\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc><defs>",
        esc(title),
        esc(desc)
    );
    for (i, se) in series.iter().enumerate() {
        let _ = write!(
            s,
            "<pattern id=\"{id}-p{i}\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\">\
             <rect width=\"8\" height=\"8\" fill=\"{}\"/>{}</pattern>",
            se.colour,
            pattern_marks(se.pattern)
        );
    }
    s.push_str("</defs>");
    let mut y = 0;
    for (bar, lines) in bars.iter().zip(&labels) {
        let _ = write!(
            s,
            "<g class=\"app-chart__bar\"><text x=\"0\" y=\"{}\" class=\"app-chart__label\" \
             font-size=\"16\" fill=\"#0b0c0c\">",
            y + 18
        );
        if let [one] = lines.as_slice() {
            s.push_str(&esc(one));
        } else {
            for (k, line) in lines.iter().enumerate() {
                let _ = write!(
                    s,
                    "<tspan x=\"0\" y=\"{}\">{}</tspan>",
                    y + 18 + k * LINE_H,
                    esc(line)
                );
            }
        }
        s.push_str("</text>");
        // The bar sits under the label's last line.
        let y_bar = y + (lines.len() - 1) * LINE_H;
        let mut x = 0usize;
        for (i, (se, &n)) in series.iter().zip(bar.values.iter()).enumerate() {
            if n == 0 {
                continue;
            }
            let w = (n * plot / max).max(2);
            let _ = write!(
                s,
                "<rect x=\"{x}\" y=\"{}\" width=\"{w}\" height=\"{BAR_H}\" fill=\"url(#{id}-p{i})\" \
                 stroke=\"#ffffff\" stroke-width=\"1\"><title>{}: {n}</title></rect>",
                y_bar + 26,
                esc(&se.name)
            );
            if w >= 28 {
                let _ = write!(
                    s,
                    "<text x=\"{}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\" text-anchor=\"middle\" \
                     fill=\"#ffffff\" stroke=\"#0b0c0c\" stroke-width=\"3\" paint-order=\"stroke\" class=\"app-chart__count\">{n}</text>",
                    x + w / 2,
                    y_bar + 42
                );
            }
            x += w;
        }
        s.push_str("</g>");
        y += ROW + (lines.len() - 1) * LINE_H;
    }
    for (i, se) in series.iter().enumerate() {
        let y = legend_top + i * LEGEND_ROW;
        let _ = write!(
            s,
            "<g class=\"app-chart__key\"><rect x=\"0\" y=\"{y}\" width=\"20\" height=\"20\" \
             fill=\"url(#{id}-p{i})\" stroke=\"#0b0c0c\" stroke-width=\"1\"/>\
             <text x=\"28\" y=\"{}\" font-size=\"16\" fill=\"#0b0c0c\">{}</text></g>",
            y + 16,
            esc(&se.name)
        );
    }
    s.push_str("</svg>");
    s
}

fn pattern_marks(pattern: &str) -> &'static str {
    match pattern {
        "hatch" => {
            "<path d=\"M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>"
        }
        "cross" => "<path d=\"M0,0 l8,8 M8,0 l-8,8\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>",
        "dots" => "<circle cx=\"4\" cy=\"4\" r=\"1.5\" fill=\"#ffffff\"/>",
        "vertical" => "<path d=\"M4,0 v8\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_deterministic_escaped_and_labelled() {
        let series = vec![
            meaning_series(Some(Meaning::Complete), "Complete".into()),
            meaning_series(None, "No status".into()),
        ];
        let bars = vec![Bar {
            label: "<Area> & co".into(),
            values: vec![3, 1],
        }];
        let a = stacked_bars("c", "Status by area", "Counts", &series, &bars);
        let b = stacked_bars("c", "Status by area", "Counts", &series, &bars);
        assert_eq!(a, b);
        assert!(a.contains("role=\"img\""));
        assert!(a.contains("<title id=\"c-title\">Status by area</title>"));
        assert!(a.contains("&lt;Area&gt; &amp; co (4)"));
        assert!(!a.contains("<Area>"));
    }

    #[test]
    fn a_long_label_is_drawn_whole_over_lines_and_the_rows_below_move_down() {
        let name = "PHASE 2 September 2020- March 2021: Quality of assessments, and plans, including personal educational plans (PEPs) and contingency planning.";
        let lines = label_lines(&format!("{name} (6)"));
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.chars().count() <= LINE_CHARS + 4));
        assert!(
            lines.last().unwrap().ends_with("planning. (6)"),
            "{lines:?}"
        );
        assert_eq!(lines.join(" "), format!("{name} (6)"));
        let series = vec![meaning_series(None, "No status".into())];
        let bars = vec![
            Bar {
                label: name.into(),
                values: vec![6],
            },
            Bar {
                label: "Short".into(),
                values: vec![2],
            },
        ];
        let svg = stacked_bars("c", "t", "d", &series, &bars);
        assert!(svg.contains("<tspan x=\"0\" y=\"18\">PHASE 2"));
        // The second bar's label starts below the first's lines and bar.
        let second = ROW + (lines.len() - 1) * LINE_H + 18;
        assert!(svg.contains(&format!(
            "y=\"{second}\" class=\"app-chart__label\" font-size=\"16\" fill=\"#0b0c0c\">Short (2)"
        )));
    }
}
