//! The rows right under a header that are not data: a row of sub-headings under a
//! group heading ("Timescale" over "Start | End", "Progress 2024/25" over "Q1 … Q4",
//! "Progress" over "Status"), and a row of template guidance (a question per column,
//! "Red / Amber / Green" under the status heading).

use super::columns::{is_status_word, period_end};
use super::headers::{Header, role_of};
use crate::table::{Row, fold_ws};

/// Short labels only, each a known heading word or a period ("Q1", "Jan-24"), and
/// no question: the second line of a two-row header.
pub fn sub_header(row: &Row, h: &Header) -> bool {
    let cells: Vec<(usize, String)> = row
        .grid()
        .into_iter()
        .filter(|(_, c)| !c.is_empty())
        .map(|(col, c)| (col, fold_ws(&c.text())))
        .collect();
    if cells.is_empty() || cells.len() * 2 > h.width().max(1) + cells.len() && cells.len() > 6 {
        return false;
    }
    cells.iter().all(|(_, t)| {
        t.chars().count() <= 25
            && t.split_whitespace().count() <= 3
            && !t.ends_with('?')
            && (role_of(t).is_some() || is_period(t))
    })
}

/// "Q1", "Jan-24", "May 2020", "Month 3": a heading for one reporting period.
fn is_period(t: &str) -> bool {
    let n = t.trim().to_lowercase();
    period_end(t).is_some()
        || matches!(n.as_str(), "q1" | "q2" | "q3" | "q4")
        || n.starts_with("month ")
        || n.starts_with("quarter ")
        || [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ]
        .iter()
        .any(|m| n.starts_with(m) && n.len() <= 9)
}

/// Folds a row of sub-headings into the header: each sub-heading is named with the
/// group heading above it ("Progress 2024/25 Q1") and takes its own meaning when it
/// names one ("Start", "Status"), else its group's.
pub fn merge_sub_header(h: &mut Header, top: &Row, sub: &Row) {
    let groups: Vec<(usize, usize, String)> = top
        .grid()
        .into_iter()
        .map(|(col, c)| (col, col + c.span.max(1) as usize, fold_ws(&c.text())))
        .collect();
    for (col, cell) in sub.grid() {
        if cell.is_empty() || col >= h.width() {
            continue;
        }
        let t = fold_ws(&cell.text());
        let group = groups.iter().find(|(a, b, _)| (*a..*b).contains(&col));
        let (gname, gstart) = match group {
            Some((a, _, n)) => (n.clone(), *a),
            None => (String::new(), col),
        };
        h.names[col] = if gname.is_empty() {
            t.clone()
        } else {
            format!("{gname} {t}")
        };
        match role_of(&t) {
            Some(r) => {
                h.roles[col] = Some(r);
                h.confidence[col] = 0.85;
                h.reasons[col] = Some(format!(
                    "a second header row names it “{t}” under “{gname}”"
                ));
            }
            None if col != gstart || h.roles[col].is_none() => {
                h.roles[col] = h.roles.get(gstart).copied().flatten();
                h.confidence[col] = 0.6;
                h.reasons[col] = Some(format!("“{t}” under the group heading “{gname}”"));
            }
            None => {}
        }
    }
    h.rows = 2;
}

/// Template guidance under the header: at least half of its cells are questions or
/// status keys ("Red / Amber / Green", "R/A/G").
pub fn guidance(row: &Row) -> bool {
    let cells: Vec<String> = row
        .cells
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| fold_ws(&c.text()))
        .collect();
    if cells.len() < 2 {
        return false;
    }
    let hints = cells
        .iter()
        .filter(|t| {
            t.ends_with('?')
                || t.starts_with("e.g")
                || (t.contains('/')
                    && t.split('/').count() >= 2
                    && t.split('/').all(|p| is_status_word(p.trim())))
        })
        .count();
    hints >= 2 && hints * 2 >= cells.len()
}
