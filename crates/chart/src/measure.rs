//! A measure drawn by hand as SVG: its values as a line against its target (a changed
//! target is a step), each point marked by the status it earned with a shape as well as
//! a colour, and a small sparkline for lists. Accessible as the overview chart is: the
//! SVG is an image with a title and a description saying what it shows, and every page
//! that draws it also gives the numbers as a table.

use crate::{esc, meaning_series};
use assure_domain::Meaning;
use assure_domain::measures::{Series, Unit};
use std::fmt::Write as _;

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 72.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 44.0;

/// The range the y axis spans, and its ticks: round numbers that include every value
/// and target; percentages from 0 so that a line is never made to look steeper than it is.
fn axis(series: &Series, unit: Unit) -> (f64, f64, Vec<f64>) {
    let mut nums: Vec<f64> = Vec::new();
    for p in &series.points {
        nums.extend(p.value);
        if let Some(t) = &p.target {
            nums.push(t.value);
            nums.extend(t.upper);
        }
    }
    let max = nums.iter().copied().fold(f64::MIN, f64::max);
    let min = nums.iter().copied().fold(f64::MAX, f64::min);
    if nums.is_empty() {
        return (0.0, 1.0, vec![0.0, 1.0]);
    }
    let (lo, hi) = match unit {
        Unit::Percentage => (0.0, if max > 0.0 { max.max(10.0) } else { 100.0 }),
        _ if min >= 0.0 && min <= max * 0.5 => (0.0, max),
        _ => (min, max),
    };
    let span = if hi > lo { hi - lo } else { hi.abs().max(1.0) };
    let raw = span / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let start = (lo / step).floor() * step;
    let mut end = (hi / step).ceil() * step;
    if end <= start {
        end = start + step;
    }
    let end = if unit == Unit::Percentage {
        end.min(100.0).max(start + step)
    } else {
        end
    };
    let mut ticks = Vec::new();
    let mut t = start;
    while t <= end + step * 1e-9 {
        ticks.push(t);
        t += step;
    }
    (start, end, ticks)
}

/// The marker of a status: a shape as well as a colour.
fn marker(out: &mut String, x: f64, y: f64, status: Option<Meaning>) {
    let colour = meaning_series(status, String::new()).colour;
    match status {
        Some(Meaning::OffTrack) => {
            let _ = write!(
                out,
                r##"<rect x="{:.1}" y="{:.1}" width="10" height="10" fill="{colour}" stroke="#0b0c0c"/>"##,
                x - 5.0,
                y - 5.0
            );
        }
        Some(Meaning::AtRisk) => {
            let _ = write!(
                out,
                r##"<path d="M{x:.1} {:.1} L{:.1} {:.1} L{:.1} {:.1} Z" fill="{colour}" stroke="#0b0c0c"/>"##,
                y - 7.0,
                x + 6.5,
                y + 5.0,
                x - 6.5,
                y + 5.0
            );
        }
        _ => {
            let _ = write!(
                out,
                r##"<circle cx="{x:.1}" cy="{y:.1}" r="5.5" fill="{colour}" stroke="#0b0c0c"/>"##
            );
        }
    }
}

/// The line chart of a measure: `name` for its title, `desc` what it shows in words.
pub fn line_chart(id: &str, name: &str, desc: &str, series: &Series, unit: Unit) -> String {
    let n = series.points.len().max(1);
    let (lo, hi, ticks) = axis(series, unit);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let slot = plot_w / n as f64;
    let x = |i: usize| LEFT + slot * (i as f64 + 0.5);
    let y = |v: f64| TOP + plot_h - (v - lo) / (hi - lo) * plot_h;
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="app-measure-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{id}-title {id}-desc" focusable="false"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"##,
        esc(name),
        esc(desc)
    );
    // Grid and the y axis's labels.
    for t in &ticks {
        let _ = write!(
            out,
            r##"<line x1="{LEFT}" x2="{:.1}" y1="{yy:.1}" y2="{yy:.1}" stroke="#b1b4b6" stroke-width="1"/><text x="{:.1}" y="{:.1}" text-anchor="end" font-size="13" fill="#0b0c0c">{}</text>"##,
            WIDTH - RIGHT,
            LEFT - 8.0,
            y(*t) + 4.0,
            esc(&unit.format(*t)),
            yy = y(*t),
        );
    }
    // The target as steps: each period's target across its slot.
    let mut target_path = String::new();
    let mut last: Option<f64> = None;
    for (i, p) in series.points.iter().enumerate() {
        let Some(t) = &p.target else {
            last = None;
            continue;
        };
        let (x0, x1, ty) = (x(i) - slot / 2.0, x(i) + slot / 2.0, y(t.value));
        match last {
            Some(prev) if (prev - ty).abs() < 0.01 => {
                let _ = write!(target_path, " L{x1:.1} {ty:.1}");
            }
            Some(_) => {
                let _ = write!(target_path, " L{x0:.1} {ty:.1} L{x1:.1} {ty:.1}");
            }
            None => {
                let _ = write!(target_path, " M{x0:.1} {ty:.1} L{x1:.1} {ty:.1}");
            }
        }
        last = Some(ty);
        if let Some(u) = t.upper {
            let uy = y(u);
            let _ = write!(
                out,
                r##"<line x1="{x0:.1}" x2="{x1:.1}" y1="{uy:.1}" y2="{uy:.1}" stroke="#0b0c0c" stroke-width="2" stroke-dasharray="6 4"/>"##
            );
        }
    }
    if !target_path.is_empty() {
        let _ = write!(
            out,
            r##"<path d="{}" fill="none" stroke="#0b0c0c" stroke-width="2" stroke-dasharray="6 4"/>"##,
            target_path.trim()
        );
    }
    // The values: a line through consecutive periods, broken where a period has none.
    let mut line = String::new();
    let mut drawing = false;
    for (i, p) in series.points.iter().enumerate() {
        match p.value {
            Some(v) => {
                let _ = write!(
                    line,
                    "{}{:.1} {:.1} ",
                    if drawing { "L" } else { "M" },
                    x(i),
                    y(v)
                );
                drawing = true;
            }
            None => drawing = false,
        }
    }
    if !line.is_empty() {
        let _ = write!(
            out,
            r##"<path d="{}" fill="none" stroke="#1d70b8" stroke-width="3"/>"##,
            line.trim()
        );
    }
    for (i, p) in series.points.iter().enumerate() {
        if let Some(v) = p.value {
            marker(&mut out, x(i), y(v), p.status);
        }
    }
    // Periods along the bottom: every one when they fit, else every second or third.
    let every = n.div_ceil(12).max(1);
    for (i, p) in series.points.iter().enumerate() {
        if i % every == 0 || i + 1 == n {
            let _ = write!(
                out,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="13" fill="#0b0c0c">{}</text>"##,
                x(i),
                HEIGHT - BOTTOM + 20.0,
                esc(&p.period.short_label())
            );
        }
    }
    let _ = write!(
        out,
        r##"<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{:.1}" stroke="#0b0c0c"/><line x1="{LEFT}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#0b0c0c"/></svg>"##,
        TOP + plot_h,
        WIDTH - RIGHT,
        TOP + plot_h,
        TOP + plot_h
    );
    out
}

/// A small trend line for a list: the values, and the latest target dashed. `label` says
/// in words what it shows (the image's accessible name).
pub fn sparkline(label: &str, series: &Series, unit: Unit) -> String {
    const W: f64 = 120.0;
    const H: f64 = 32.0;
    let (lo, hi, _) = axis(series, unit);
    let n = series.points.len().max(1);
    let x = |i: usize| {
        4.0 + (W - 8.0)
            * if n == 1 {
                0.5
            } else {
                i as f64 / (n - 1) as f64
            }
    };
    let y = |v: f64| 3.0 + (H - 6.0) - (v - lo) / (hi - lo) * (H - 6.0);
    let mut out = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="app-sparkline" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-label="{}" focusable="false">"##,
        esc(label)
    );
    if let Some(t) = series.points.iter().rev().find_map(|p| p.target.as_ref()) {
        let ty = y(t.value);
        let _ = write!(
            out,
            r##"<line x1="0" x2="{W}" y1="{ty:.1}" y2="{ty:.1}" stroke="#505a5f" stroke-width="1.5" stroke-dasharray="4 3"/>"##
        );
    }
    let mut line = String::new();
    let mut drawing = false;
    for (i, p) in series.points.iter().enumerate() {
        match p.value {
            Some(v) => {
                let _ = write!(
                    line,
                    "{}{:.1} {:.1} ",
                    if drawing { "L" } else { "M" },
                    x(i),
                    y(v)
                );
                drawing = true;
            }
            None => drawing = false,
        }
    }
    if !line.is_empty() {
        let _ = write!(
            out,
            r##"<path d="{}" fill="none" stroke="#1d70b8" stroke-width="2"/>"##,
            line.trim()
        );
    }
    if let Some((i, p)) = series
        .points
        .iter()
        .enumerate()
        .rev()
        .find(|(_, p)| p.value.is_some())
    {
        let colour = meaning_series(p.status, String::new()).colour;
        let _ = write!(
            out,
            r##"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="{colour}" stroke="#0b0c0c"/>"##,
            x(i),
            y(p.value.unwrap_or_default())
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use assure_domain::measures::{
        Direction, Frequency, MeasurePeriod, Target, TargetHistory, Tolerance,
    };
    use chrono::NaiveDate;

    fn series() -> Series {
        let m = |mo| {
            MeasurePeriod::containing(
                NaiveDate::from_ymd_opt(2026, mo, 1).unwrap(),
                Frequency::Monthly,
            )
        };
        let t = |mo, v| Target {
            from: NaiveDate::from_ymd_opt(2026, mo, 1).unwrap(),
            value: v,
            upper: None,
            reason: None,
        };
        let h = TargetHistory::new(
            vec![t(1, 85.0), t(4, 90.0)],
            Unit::Percentage,
            Direction::HigherIsBetter,
        )
        .unwrap();
        Series::build(
            &[(m(1), 88.0), (m(2), 80.0), (m(4), 70.0)],
            &h,
            Direction::HigherIsBetter,
            Tolerance::Absolute(5.0),
            None,
            m(5),
        )
    }

    #[test]
    fn the_chart_is_an_image_with_words_and_escapes_them() {
        let svg = line_chart(
            "m1",
            "Audits <graded> good",
            "Latest: 70% & falling",
            &series(),
            Unit::Percentage,
        );
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains("<title id=\"m1-title\">Audits &lt;graded&gt; good</title>"));
        assert!(svg.contains("Latest: 70% &amp; falling"));
        // Off track is a square, at risk a triangle, on target a circle.
        assert_eq!(svg.matches("<rect").count(), 1);
        assert_eq!(svg.matches("<circle").count(), 1);
        assert_eq!(svg.matches("Z\" fill=").count(), 1);
        // The missing March breaks the line into two pieces; the target steps up once.
        let line = svg.split("stroke=\"#1d70b8\"").next().unwrap();
        assert_eq!(
            line.rsplit("<path d=\"")
                .next()
                .unwrap()
                .matches('M')
                .count(),
            2
        );
        assert!(svg.contains(">Apr 26<"));
        assert!(svg.contains(">100%<") && svg.contains(">0%<"));
    }

    #[test]
    fn a_sparkline_names_what_it_shows() {
        let svg = sparkline(
            "Audits graded good: latest 70%, target 90%",
            &series(),
            Unit::Percentage,
        );
        assert!(svg.contains(r#"aria-label="Audits graded good: latest 70%, target 90%""#));
        assert!(svg.contains("stroke-dasharray"));
        let empty = sparkline("No values yet", &Series { points: vec![] }, Unit::Number);
        assert!(empty.ends_with("</svg>"));
    }
}
