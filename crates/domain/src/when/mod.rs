//! Timescales as councils write them: "July 2021", "30th July 2021", "Already in place",
//! "Monthly", "TBC", "End Sept 22", "Jan-17".

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A timescale cell understood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct When {
    /// The cell as written, whitespace folded.
    pub text: String,
    pub kind: WhenKind,
    /// For a month: the last day when due, the first day when a start.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub recurrence: Option<Recurrence>,
}

/// What sort of timescale a cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WhenKind {
    Date,
    Month,
    InPlace,
    Recurring,
    Tbc,
    Text,
}

impl WhenKind {
    /// The snake_case name used in the plan document and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            WhenKind::Date => "date",
            WhenKind::Month => "month",
            WhenKind::InPlace => "in_place",
            WhenKind::Recurring => "recurring",
            WhenKind::Tbc => "tbc",
            WhenKind::Text => "text",
        }
    }

    /// Parses the snake_case name.
    pub fn parse(s: &str) -> Option<WhenKind> {
        [
            WhenKind::Date,
            WhenKind::Month,
            WhenKind::InPlace,
            WhenKind::Recurring,
            WhenKind::Tbc,
            WhenKind::Text,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// How often a recurring timescale comes round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recurrence {
    Weekly,
    Fortnightly,
    Monthly,
    Quarterly,
    Annually,
}

impl Recurrence {
    /// The snake_case name used in the plan document and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Recurrence::Weekly => "weekly",
            Recurrence::Fortnightly => "fortnightly",
            Recurrence::Monthly => "monthly",
            Recurrence::Quarterly => "quarterly",
            Recurrence::Annually => "annually",
        }
    }

    /// Parses the snake_case name.
    pub fn parse(s: &str) -> Option<Recurrence> {
        [
            Recurrence::Weekly,
            Recurrence::Fortnightly,
            Recurrence::Monthly,
            Recurrence::Quarterly,
            Recurrence::Annually,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

// ------------------------------------------------------------------------------------------
// Reading timescale cells
// ------------------------------------------------------------------------------------------
//
// A cell is cut into tokens (words, numbers, numeric dates, punctuation), date expressions
// are found among them ("30th July 2021", "Sept 22", "Jan-17", "04.10.2021", "16th Aug."),
// and the cell is then classified, in this order of precedence:
//
// 1. a recurrence word ("Monthly", "Quarterly", "Weekly review", "every month", ...) makes it
//    `recurring` (the first one in the cell wins); a date in it is its `start` when the cell
//    marks a start ("from 16th Aug.", "Sept onwards", "First report June 2015") or is a range;
// 2. exactly one date expression makes it `date` or `month`, unless a start marker sits next
//    to it ("August 2021 (commence)", "From April 2021"): then `due` is `text` and the date
//    is the `start`;
// 3. two date expressions joined by a range connector ("July 2020-September 2020",
//    "Jan to Mar 2022") give `start` = the first and `due` = the second;
// 4. more dates than that, without a recurrence, give `text` (several strands, no pairing);
// 5. otherwise "TBC"/"to be confirmed" gives `tbc`, "Already in place" gives `in_place`,
//    and anything else (e.g. "Completed", "Ongoing") is `text`.
//
// A month with neither day nor year ("Sept") only counts when the rest of the cell is
// timescale vocabulary ("Monthly Sept onwards", "End of March"), so that "January Board to
// agree target dates" stays text. A missing year comes from [`WhenContext::default_year`];
// a two-digit year is 20YY. Day-first numeric dates are British (dd/mm/yyyy).

use chrono::Months;

/// What the parser needs to know about the plan: the year to assume when a cell gives none.
///
/// Build it once per plan, e.g. with [`infer_default_year`] over the plan's timescale cells.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WhenContext {
    /// The year for "16th Aug." or "Sept". `None`: such cells are not dated (kind `text`).
    pub default_year: Option<i32>,
}

impl WhenContext {
    /// A context whose missing years are `year`.
    pub fn with_year(year: i32) -> Self {
        Self {
            default_year: Some(year),
        }
    }
}

/// A due/timescale cell understood. `start` is set when the cell names one
/// ("August 2021 (commence)", "Monthly ... from 16th Aug.", "Monthly Sept onwards",
/// "July 2020-September 2020"); its `text` repeats the whole cell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timescale {
    /// `None` only for an empty cell.
    pub due: Option<When>,
    pub start: Option<When>,
}

/// The cell's whitespace folded: runs of any whitespace (including line breaks and
/// no-break spaces) become one space, and the ends are trimmed.
pub fn fold_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads a due/timescale cell. An empty (or all-whitespace) cell gives no `due`.
///
/// `due.text` (and `start.text`) is always the whole cell, whitespace folded.
/// A month is dated its last day as a due and its first day as a start.
pub fn parse_timescale(cell: &str, ctx: &WhenContext) -> Timescale {
    let folded = fold_whitespace(cell);
    if folded.is_empty() {
        return Timescale::default();
    }
    let a = analyse(&folded, ctx);
    let text_when = |kind: WhenKind| When {
        text: folded.clone(),
        kind,
        date: None,
        recurrence: None,
    };
    let dated = |e: &Expr, as_start: bool| -> When {
        let (kind, date) = e.resolve(as_start);
        When {
            text: folded.clone(),
            kind,
            date: Some(date),
            recurrence: None,
        }
    };

    if let Some(recurrence) = a.recurrence {
        let due = When {
            recurrence,
            ..text_when(WhenKind::Recurring)
        };
        let start = match a.exprs.first() {
            Some(e) if a.any_start_marker || a.range => Some(dated(e, true)),
            _ => None,
        };
        return Timescale {
            due: Some(due),
            start,
        };
    }
    match a.exprs.as_slice() {
        [e] if a.tbc.is_empty() => {
            if a.start_marker_next_to(e) {
                Timescale {
                    due: Some(text_when(WhenKind::Text)),
                    start: Some(dated(e, true)),
                }
            } else {
                Timescale {
                    due: Some(dated(e, false)),
                    start: None,
                }
            }
        }
        [first, last] if a.range && a.tbc.is_empty() => Timescale {
            due: Some(dated(last, false)),
            start: Some(dated(first, true)),
        },
        [] if !a.tbc.is_empty() => Timescale {
            due: Some(text_when(WhenKind::Tbc)),
            start: None,
        },
        [] if a.in_place => Timescale {
            due: Some(text_when(WhenKind::InPlace)),
            start: None,
        },
        _ => Timescale {
            due: Some(text_when(WhenKind::Text)),
            start: None,
        },
    }
}

/// Reads a Start column cell ("Jan-17", "September 2021", "1st Sept 2021"): a month gives
/// its FIRST day; a range gives its first end. Cells that hold no single date keep the kind
/// they would have as a timescale (`tbc`, `in_place`, `recurring`, `text`).
/// `None` only for an empty cell.
pub fn parse_start(cell: &str, ctx: &WhenContext) -> Option<When> {
    let folded = fold_whitespace(cell);
    if folded.is_empty() {
        return None;
    }
    let a = analyse(&folded, ctx);
    let single = a.recurrence.is_none()
        && a.tbc.is_empty()
        && (a.exprs.len() == 1 || (a.exprs.len() == 2 && a.range));
    if single {
        let (kind, date) = a.exprs[0].resolve(true);
        return Some(When {
            text: folded,
            kind,
            date: Some(date),
            recurrence: None,
        });
    }
    parse_timescale(cell, ctx).due
}

/// The values of a cell that holds only dates, months and TBCs one after another
/// ("February 2015 March 2015", "March 2015 TBC TBC", "Dec 2014 Jan 2015"), each as its
/// own `When` whose `text` is that token as written. `None` when the cell holds anything
/// else (words, a range dash, a recurrence) or nothing.
///
/// The importer uses this to pair the values of one timescale cell with the milestones
/// of the row; see [`pair_timescale`].
pub fn timescale_tokens(cell: &str, ctx: &WhenContext) -> Option<Vec<When>> {
    let folded = fold_whitespace(cell);
    let a = analyse(&folded, ctx);
    if a.recurrence.is_some() || a.exprs.len() != a.raw_exprs {
        return None;
    }
    let mut values: Vec<(usize, When)> = Vec::new();
    let mut covered = vec![false; a.toks.len()];
    for e in &a.exprs {
        covered[e.first..=e.last].iter_mut().for_each(|c| *c = true);
        let (kind, date) = e.resolve(false);
        let text = folded[a.toks[e.first].start..a.toks[e.last].end].to_string();
        values.push((
            e.first,
            When {
                text,
                kind,
                date: Some(date),
                recurrence: None,
            },
        ));
    }
    for &(first, last) in &a.tbc {
        covered[first..=last].iter_mut().for_each(|c| *c = true);
        let text = folded[a.toks[first].start..a.toks[last].end].to_string();
        values.push((
            first,
            When {
                text,
                kind: WhenKind::Tbc,
                date: None,
                recurrence: None,
            },
        ));
    }
    let loose = a.toks.iter().zip(&covered).any(|(t, &c)| {
        !c && match t.kind {
            TokKind::Word => !matches!(t.lower.as_str(), "and" | "then"),
            TokKind::Num | TokKind::Numeric => true,
            TokKind::Punct => is_dash(t.text),
        }
    });
    if loose || values.is_empty() {
        return None;
    }
    values.sort_by_key(|(pos, _)| *pos);
    Some(values.into_iter().map(|(_, w)| w).collect())
}

/// A timescale cell paired with the milestones of its row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paired {
    /// The action's due: `text` is the whole cell, kind and date those of the last value.
    pub due: When,
    /// One entry per milestone, in order: the value paired with it, or `None` when the
    /// cell ran out of values.
    pub milestones: Vec<Option<When>>,
}

/// Pairs the values of a timescale cell with a row's `milestones` in order, as the plan
/// document requires when a row has several milestones and its cell several values.
/// `None` (read the cell with [`parse_timescale`] instead, milestones undated) when the row
/// has fewer than two milestones or the cell is not a list of at least two values.
pub fn pair_timescale(cell: &str, milestones: usize, ctx: &WhenContext) -> Option<Paired> {
    if milestones < 2 {
        return None;
    }
    let tokens = timescale_tokens(cell, ctx)?;
    let last = tokens.last()?.clone();
    if tokens.len() < 2 {
        return None;
    }
    let due = When {
        text: fold_whitespace(cell),
        ..last
    };
    let milestones = (0..milestones).map(|i| tokens.get(i).cloned()).collect();
    Some(Paired { due, milestones })
}

/// Reads one date token of an update segment: "04.10.2021", "05.08.2021", "4/10/21",
/// "4th October 2021", "4 Oct 21", "2021-10-04"; a trailing dash or colon is ignored
/// ("04.10.2021 -"). A date without a year ("4th October", "05.08") takes the context's
/// year. `None` for anything that is not exactly one whole, valid day ("04.10.202",
/// "October 2021", "see 4/10/21").
pub fn parse_update_date(s: &str, ctx: &WhenContext) -> Option<NaiveDate> {
    let trimmed = s
        .trim()
        .trim_end_matches(|c: char| is_dash_char(c) || c == ':' || c.is_whitespace());
    let (date, used) = parse_leading_date(trimmed, ctx)?;
    trimmed[used..]
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .is_empty()
        .then_some(date)
}

/// A date at the very start of `s` (leading whitespace allowed), and the byte length of
/// `s` it used: `parse_leading_date("04.10.2021 - Remains", ctx)` gives 2021-10-04 and 10.
/// Only a whole day counts ("October 2021 - ..." gives `None`).
pub fn parse_leading_date(s: &str, ctx: &WhenContext) -> Option<(NaiveDate, usize)> {
    let toks = tokenize(s);
    let first = toks.first()?;
    if first.kind == TokKind::Numeric && first.groups.len() == 2 {
        // "05.08": a two-part day and month, only as two two-digit groups.
        let (d, m) = (&first.groups[0], &first.groups[1]);
        if d.len() != 2 || m.len() != 2 {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(ctx.default_year?, m.parse().ok()?, d.parse().ok()?)?;
        return Some((date, first.end));
    }
    let (e, _) = match_at(&toks, 0)?;
    e.day?;
    let e = Expr {
        year: e.year.or(ctx.default_year),
        ..e
    };
    match e.resolve_checked(false)? {
        (WhenKind::Date, date) => Some((date, toks[e.last].end)),
        _ => None,
    }
}

/// The year a plan's undated cells most likely mean: the most frequent explicit year among
/// the date expressions in `texts` (its timescale cells, title, headings), the earliest
/// on a tie; `None` when no text names a year. Two-digit years count as 20YY.
pub fn infer_default_year<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<i32> {
    let mut counts: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
    for text in texts {
        let folded = fold_whitespace(text);
        let toks = tokenize(&folded);
        for e in find_exprs(&toks) {
            if let Some(y) = e.year {
                *counts.entry(y).or_default() += 1;
            }
        }
    }
    // BTreeMap iterates in ascending year, and max_by_key keeps the last maximum, so
    // iterate in reverse to prefer the earliest year on a tie.
    counts
        .into_iter()
        .rev()
        .max_by_key(|&(_, n)| n)
        .map(|(y, _)| y)
}

mod analysis;
mod expr;
mod tokens;
mod vocabulary;

use analysis::*;
use expr::*;
use tokens::*;
use vocabulary::*;
