//! What a column holds, read from its cells: dates, status words or fills, numbering,
//! names or prose. The header's words say what a column is meant to hold; the cells
//! say what it does hold. Where there is no header, or the cells plainly disagree with
//! it ("Current position" holding only "Completed", "Delayed"), the cells win, and the
//! reading says so and how sure it is.

use std::sync::LazyLock;

use assure_domain::WhenKind;
use assure_domain::when::{WhenContext, parse_timescale};
use chrono::NaiveDate;
use regex::Regex;

use super::headers::{Header, Role, is_ref_like};
use crate::table::{Cell, Row};

/// Counts of what a column's cells look like, over the rows read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Profile {
    /// Cells with text.
    pub values: usize,
    pub dates: usize,
    pub statuses: usize,
    /// Empty cells shaded a status colour.
    pub fills: usize,
    pub refs: usize,
    /// Cells of more than twelve words.
    pub prose: usize,
}

impl Profile {
    /// Status cells (words or fills) against all cells that say anything.
    pub fn status_share(&self) -> (usize, usize) {
        (self.statuses + self.fills, self.values + self.fills)
    }
}

/// The cell that starts at a grid column, in a row's grid (its columns ascend).
fn grid_at<'a>(grid: &[(usize, &'a Cell)], col: usize) -> Option<&'a Cell> {
    grid.binary_search_by_key(&col, |(c, _)| *c)
        .ok()
        .map(|i| grid[i].1)
}

/// A value that names a status by itself: a colour or colour letter, a tick or symbol,
/// or a short status phrase ("On track", "Started but delayed", "Embedded").
pub fn is_status_word(t: &str) -> bool {
    let t = t.trim();
    if t.is_empty() || t.chars().count() > 40 {
        return false;
    }
    if matches!(
        t,
        "X" | "x" | "-" | "↑" | "↓" | "→" | "↔" | "✗" | "✘" | "=" | "?"
    ) {
        return true;
    }
    let words = t.split_whitespace().count();
    words <= 5 && (assure_domain::status::meaning_of_label(t).is_some() || EXTRA_STATUS.is_match(t))
}

/// Status phrases councils use that a legend would not spell out.
static EXTRA_STATUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:embedded|achieved|ongoing|in progress|progressing|started|delayed|overdue|closed|open|superseded|yellow|completed?|done)\b")
        .expect("extra status")
});

/// A value that is a date or timescale: it reads as a date, a month, a recurrence or
/// "in place", not as text.
pub fn is_date_value(t: &str) -> bool {
    let t = t.trim();
    if t.is_empty() || t.split_whitespace().count() > 12 {
        return false;
    }
    let ctx = WhenContext::with_year(2000);
    if assure_domain::when::timescale_tokens(t, &ctx).is_some_and(|v| !v.is_empty()) {
        return true;
    }
    let ts = parse_timescale(t, &ctx);
    match ts.due.map(|d| d.kind) {
        Some(
            WhenKind::Date
            | WhenKind::Month
            | WhenKind::Recurring
            | WhenKind::InPlace
            | WhenKind::Tbc,
        ) => true,
        _ => ts.start.is_some() || FY.is_match(t),
    }
}

/// A financial year or a quarter of one: "2024/25", "Q3 2024/25", "08/09".
static FY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i)(?:Q[1-4]\s+)?(?:20)?\d{2}\s*/\s*\d{2}$").expect("fy"));

/// Profiles a column over the first rows of data.
pub fn profile(grids: &[Vec<(usize, &Cell)>], col: usize) -> Profile {
    let mut p = Profile::default();
    for g in grids.iter().take(40) {
        let Some(c) = grid_at(g, col) else { continue };
        let t = crate::table::fold_ws(&c.text());
        if t.is_empty() {
            if c.fill
                .as_deref()
                .and_then(super::status::colour_name)
                .is_some()
            {
                p.fills += 1;
            }
            continue;
        }
        p.values += 1;
        if is_status_word(&t) {
            p.statuses += 1;
        }
        if is_date_value(&t) {
            p.dates += 1;
        }
        if is_ref_like(&t) {
            p.refs += 1;
        }
        if t.split_whitespace().count() > 12 {
            p.prose += 1;
        }
    }
    p
}

/// "What?" merged down over several "How?" rows: each How (with its own When, Who and
/// status) is an action and the What heads them. Known by the merge: a What cell that
/// is only empty on the next row is the older layout where How is the assurance.
pub fn what_over_how(header: &mut Header, rows: &[&Row]) {
    let Some(what) = header.col(Role::Action) else {
        return;
    };
    let Some(how) = (0..header.width()).find(|&c| {
        header.roles[c] == Some(Role::Assurance) && super::headers::norm(&header.names[c]) == "how"
    }) else {
        return;
    };
    let merged = rows
        .iter()
        .filter(|r| {
            r.grid()
                .into_iter()
                .any(|(c, cell)| c == what && cell.merge == crate::table::VMerge::Continue)
        })
        .count();
    if merged == 0 {
        return;
    }
    let (wn, hn) = (header.names[what].clone(), header.names[how].clone());
    header.set(
        what,
        Some(Role::Parent),
        0.7,
        format!("“{wn}” is merged down over several “{hn}” rows; read as the action heading them"),
    );
    header.set(
        how,
        Some(Role::Action),
        0.7,
        format!("each “{hn}” row has its own timescale and status; read as an action under “{wn}”"),
    );
}

/// The columns of a table whose cells are profiled.
const MAX_PROFILED_COLUMNS: usize = 64;

/// Reads the meaning of columns from their cells, after the header's words have been
/// read: fills in columns with no header, and overrides a header whose cells plainly
/// hold something else. Each decision is written into the header's reading.
pub fn settle_from_content(header: &mut Header, rows: &[&Row]) {
    let grids: Vec<Vec<(usize, &Cell)>> = rows
        .iter()
        .filter(|r| r.filled() >= 2)
        .take(30)
        .map(|r| r.grid())
        .collect();
    // A plan has tens of columns, not thousands: a hostile or mistaken table thousands
    // wide has its first columns read from content and the rest left as they are.
    let width = header.width().min(MAX_PROFILED_COLUMNS);
    for col in 0..width {
        let candidate = matches!(
            header.roles[col],
            None | Some(
                Role::Update | Role::Impact | Role::Assurance | Role::Evidence | Role::Milestones
            )
        );
        if !candidate {
            continue;
        }
        let p = profile(&grids, col);
        let (st, all) = p.status_share();
        let named = !header.names[col].trim().is_empty();
        let role = header.roles[col];
        let mostly = |n: usize, of: usize| of >= 2 && n * 10 >= of * 8;
        match role {
            // Named as prose (update, impact, assurance) but holding only status words
            // or fills: a status column ("Current position", "Progress" over colours).
            Some(Role::Update | Role::Impact | Role::Assurance | Role::Evidence)
                if mostly(st, all) && p.prose == 0 =>
            {
                header.set(
                    col,
                    Some(Role::Status),
                    0.75,
                    format!(
                        "headed “{}” but {st} of {all} cells are status words or colours; read as status",
                        header.names[col]
                    ),
                );
            }
            // A second milestones column that holds dates is the milestones' timescale.
            Some(Role::Milestones)
                if mostly(p.dates, p.values)
                    && header
                        .roles
                        .iter()
                        .filter(|r| **r == Some(Role::Milestones))
                        .count()
                        > 1
                    && !header.has(Role::Due) =>
            {
                header.set(
                    col,
                    Some(Role::Due),
                    0.8,
                    format!(
                        "headed “{}” and {} of {} cells are dates; read as timescale",
                        header.names[col], p.dates, p.values
                    ),
                );
            }
            None if all > 0 => {
                let what = if named {
                    format!(
                        "headed “{}”, which names no meaning we know;",
                        header.names[col]
                    )
                } else {
                    "has no header;".to_string()
                };
                if mostly(st, all) && !(p.refs == p.values && !named && distinct_refs(&grids, col))
                {
                    header.set(
                        col,
                        Some(Role::Status),
                        guess(st, all),
                        format!("{what} read as status because {st} of {all} cells are status words or colours"),
                    );
                } else if mostly(p.dates, p.values) && p.refs * 2 < p.values {
                    let r = if header.has(Role::Due) && !header.has(Role::Start) {
                        Role::Start
                    } else if header.has(Role::Due) {
                        continue;
                    } else {
                        Role::Due
                    };
                    let name = if r == Role::Due { "timescale" } else { "start" };
                    header.set(
                        col,
                        Some(r),
                        guess(p.dates, p.values),
                        format!(
                            "{what} read as {name} because {} of {} cells are dates",
                            p.dates, p.values
                        ),
                    );
                }
            }
            _ => {}
        }
    }
}

/// A guess from the cells is never as sure as a header that says it: from 0.5 (half the
/// cells agree) up to 0.85 (all do).
fn guess(n: usize, of: usize) -> f32 {
    0.5 + 0.35 * share(n, of)
}

fn share(n: usize, of: usize) -> f32 {
    if of == 0 { 0.0 } else { n as f32 / of as f32 }
}

fn distinct_refs(grids: &[Vec<(usize, &Cell)>], col: usize) -> bool {
    let vals: Vec<String> = grids
        .iter()
        .filter_map(|g| grid_at(g, col))
        .map(|c| c.text())
        .filter(|t| !t.trim().is_empty())
        .collect();
    let set: std::collections::HashSet<&String> = vals.iter().collect();
    !vals.is_empty() && set.len() == vals.len()
}

static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?[\s\-/']*(\d{4}|\d{2})\b")
        .expect("month year")
});

static QUARTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bQ([1-4])\b").expect("quarter"));
static FY_IN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:20)?(\d{2})\s*/\s*(\d{2})\b").expect("fy"));

/// The end of the period a heading names ("RAG May 20" → 31 May 2020, "Progress
/// October 2003" → 31 October 2003, "Q1 2024/25" → 30 June 2024), for dating what is
/// written under it.
pub fn period_end(name: &str) -> Option<NaiveDate> {
    if let (Some(q), Some(fy)) = (QUARTER.captures(name), FY_IN.captures(name)) {
        let q: u32 = q[1].parse().ok()?;
        let y: i32 = 2000 + fy[1].parse::<i32>().ok()?;
        let (yy, m) = match q {
            1 => (y, 6),
            2 => (y, 9),
            3 => (y, 12),
            _ => (y + 1, 3),
        };
        return month_end(yy, m);
    }
    let c = MONTH_YEAR.captures(name)?;
    let m = match &c[1].to_lowercase()[..3] {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        _ => 12,
    };
    let y: i32 = c[2].parse().ok()?;
    let y = if y < 100 { 2000 + y } else { y };
    month_end(y, m)
}

fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(period_end("RAG May 20"), d(2020, 5, 31));
        assert_eq!(period_end("Progress October 2003"), d(2003, 10, 31));
        assert_eq!(period_end("October 2021 Update"), d(2021, 10, 31));
        assert_eq!(period_end("Progress 2024/25 Q1"), d(2024, 6, 30));
        assert_eq!(period_end("Q1 2024/25"), d(2024, 6, 30));
        assert_eq!(period_end("Q4 2024/25"), d(2025, 3, 31));
        assert_eq!(period_end("Jan-24"), d(2024, 1, 31));
        assert_eq!(period_end("Progress"), None);
        assert_eq!(period_end("Action to be taken"), None);
    }

    #[test]
    fn status_words() {
        for s in [
            "Embedded",
            "COMPLETED",
            "Started but delayed",
            "G",
            "↑",
            "X",
            "Amber",
        ] {
            assert!(is_status_word(s), "{s}");
        }
        for s in ["Agree the protocol with health", "HoS", "March 2025"] {
            assert!(!is_status_word(s), "{s}");
        }
    }
}
