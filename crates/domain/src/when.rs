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

// ---------------------------------------------------------------------------- tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokKind {
    Word,
    /// Digits, perhaps with an ordinal suffix attached ("30th").
    Num,
    /// Digit groups joined by one of `.`, `/`, `-`: "04.10.2021", "4/10/21", "05.08".
    Numeric,
    Punct,
}

#[derive(Debug, Clone)]
struct Tok<'a> {
    kind: TokKind,
    text: &'a str,
    lower: String,
    start: usize,
    end: usize,
    /// Num: the digits without any suffix. Numeric: the groups.
    groups: Vec<&'a str>,
    ordinal: bool,
}

impl Tok<'_> {
    fn is_word(&self, w: &str) -> bool {
        self.kind == TokKind::Word && self.lower == w
    }

    fn digits(&self) -> Option<&str> {
        (self.kind == TokKind::Num).then(|| self.groups[0])
    }
}

fn is_dash_char(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‐' | '‑' | '−')
}

fn is_dash(s: &str) -> bool {
    let mut cs = s.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if is_dash_char(c))
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘')
}

fn tokenize(s: &str) -> Vec<Tok<'_>> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let n = chars.len();
    let at = |k: usize| if k < n { chars[k].0 } else { s.len() };
    let is_digit = |k: usize| k < n && chars[k].1.is_ascii_digit();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < n {
        let c = chars[i].1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = at(i);
        if c.is_ascii_digit() {
            let mut j = i;
            while is_digit(j) {
                j += 1;
            }
            let mut groups = vec![&s[start..at(j)]];
            let mut k = j;
            if k < n && matches!(chars[k].1, '.' | '/' | '-') {
                let sep = chars[k].1;
                while groups.len() < 3 && k < n && chars[k].1 == sep && is_digit(k + 1) {
                    let mut m = k + 1;
                    while is_digit(m) {
                        m += 1;
                    }
                    groups.push(&s[at(k + 1)..at(m)]);
                    k = m;
                }
            }
            if groups.len() >= 2 {
                toks.push(Tok {
                    kind: TokKind::Numeric,
                    text: &s[start..at(k)],
                    lower: s[start..at(k)].to_string(),
                    start,
                    end: at(k),
                    groups,
                    ordinal: false,
                });
                i = k;
                continue;
            }
            let suffix: String = chars[j..n.min(j + 2)]
                .iter()
                .map(|&(_, c)| c.to_ascii_lowercase())
                .collect();
            let ordinal = matches!(suffix.as_str(), "st" | "nd" | "rd" | "th")
                && !(j + 2 < n && chars[j + 2].1.is_alphanumeric());
            let end = if ordinal { j + 2 } else { j };
            toks.push(Tok {
                kind: TokKind::Num,
                text: &s[start..at(end)],
                lower: s[start..at(end)].to_lowercase(),
                start,
                end: at(end),
                groups,
                ordinal,
            });
            i = end;
            continue;
        }
        if c.is_alphabetic() {
            let mut j = i;
            while j < n {
                let cj = chars[j].1;
                if cj.is_alphabetic()
                    || (is_apostrophe(cj) && j + 1 < n && chars[j + 1].1.is_alphabetic())
                {
                    j += 1;
                } else {
                    break;
                }
            }
            let text = &s[start..at(j)];
            toks.push(Tok {
                kind: TokKind::Word,
                text,
                lower: text.to_lowercase(),
                start,
                end: at(j),
                groups: Vec::new(),
                ordinal: false,
            });
            i = j;
            continue;
        }
        let text = &s[start..at(i + 1)];
        toks.push(Tok {
            kind: TokKind::Punct,
            text,
            lower: text.to_string(),
            start,
            end: at(i + 1),
            groups: Vec::new(),
            ordinal: false,
        });
        i += 1;
    }
    toks
}

// ---------------------------------------------------------------------- expressions

/// One date expression: a day, a month or a month of a year, spanning tokens first..=last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Expr {
    first: usize,
    last: usize,
    day: Option<u32>,
    month: u32,
    year: Option<i32>,
}

impl Expr {
    /// The kind and date of a resolved expression (one whose year is known); a day that
    /// does not exist in its month ("31 September") falls back to the month.
    fn resolve_checked(&self, as_start: bool) -> Option<(WhenKind, NaiveDate)> {
        let year = self.year?;
        if let Some(d) = self
            .day
            .and_then(|d| NaiveDate::from_ymd_opt(year, self.month, d))
        {
            return Some((WhenKind::Date, d));
        }
        let first = NaiveDate::from_ymd_opt(year, self.month, 1)?;
        if as_start {
            Some((WhenKind::Month, first))
        } else {
            let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
            Some((WhenKind::Month, last))
        }
    }

    fn resolve(&self, as_start: bool) -> (WhenKind, NaiveDate) {
        // Every expression kept by `analyse` has a year in 1900..=2199, so this holds.
        self.resolve_checked(as_start)
            .unwrap_or((WhenKind::Text, NaiveDate::MIN))
    }

    fn key(&self) -> (u32, u32) {
        (self.month, self.day.unwrap_or(0))
    }
}

fn month_of(tok: &Tok<'_>) -> Option<u32> {
    if tok.kind != TokKind::Word || tok.text == "may" {
        // "may" in lower case is the verb.
        return None;
    }
    let m = match tok.lower.as_str() {
        "january" | "jan" | "janurary" | "janaury" => 1,
        "february" | "feb" | "febuary" | "feburary" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn day_value(tok: &Tok<'_>) -> Option<u32> {
    let d = tok.digits()?;
    if d.len() > 2 {
        return None;
    }
    let v: u32 = d.parse().ok()?;
    (1..=31).contains(&v).then_some(v)
}

fn four_digit_year(tok: &Tok<'_>) -> Option<i32> {
    let d = tok.digits()?;
    if tok.ordinal || d.len() != 4 {
        return None;
    }
    let y: i32 = d.parse().ok()?;
    (1900..=2199).contains(&y).then_some(y)
}

fn two_digit_year(tok: &Tok<'_>) -> Option<i32> {
    let d = tok.digits()?;
    if tok.ordinal || d.len() != 2 {
        return None;
    }
    d.parse::<i32>().ok().map(|y| 2000 + y)
}

/// Whether the tokens from `k` read as a day before a month ("16th Aug", "30 th Sept",
/// "3 of May", "16-Aug-21").
fn day_then_month(toks: &[Tok<'_>], k: usize) -> bool {
    let Some(t) = toks.get(k) else { return false };
    if day_value(t).is_none() {
        return false;
    }
    let mut j = k + 1;
    if !t.ordinal
        && toks
            .get(j)
            .is_some_and(|t| matches!(t.lower.as_str(), "st" | "nd" | "rd" | "th"))
    {
        j += 1;
    }
    // "3 of May"; "16-Aug-21", but only with the dash tight on both sides
    // ("Sep 22 - Mar 23" is a range of two months).
    let tight_dash = |d: &Tok<'_>| {
        is_dash(d.text)
            && d.start == toks[j - 1].end
            && toks.get(j + 1).is_some_and(|m| m.start == d.end)
    };
    if toks
        .get(j)
        .is_some_and(|t| t.is_word("of") || tight_dash(t))
    {
        j += 1;
    }
    // "Phase 2 March 2021": a plain number after a numbering word is not a day.
    let numbered = !t.ordinal && k > 0 && NUMBERING_WORDS.contains(&toks[k - 1].lower.as_str());
    !numbered && toks.get(j).and_then(month_of).is_some()
}

/// Words after which a plain number numbers something rather than being a day.
const NUMBERING_WORDS: &[&str] = &[
    "phase",
    "stage",
    "step",
    "part",
    "level",
    "wave",
    "tranche",
    "cohort",
    "version",
    "round",
    "module",
    "no",
    "number",
    "item",
    "action",
    "priority",
    "tier",
    "year",
    "week",
    "session",
    "workshop",
    "group",
    "area",
    "recommendation",
];

/// A year right after a month at token `k`: "2021", "22", "-17", ", 2021", ". 2021", "'22".
/// A two-digit number that is the day of a following month is not a year.
fn year_after(toks: &[Tok<'_>], k: usize) -> Option<(i32, usize)> {
    let mut j = k;
    if toks.get(j).is_some_and(|t| {
        t.kind == TokKind::Punct
            && (matches!(t.text, "," | "." | "/")
                || is_dash(t.text)
                || t.text.chars().all(is_apostrophe))
    }) {
        j += 1;
    }
    let t = toks.get(j)?;
    if let Some(y) = four_digit_year(t) {
        return Some((y, j));
    }
    if let Some(y) = two_digit_year(t)
        && !day_then_month(toks, j)
    {
        return Some((y, j));
    }
    None
}

/// The date expression starting at token `i`, and the index after it.
fn match_at(toks: &[Tok<'_>], i: usize) -> Option<(Expr, usize)> {
    let t = &toks[i];
    match t.kind {
        TokKind::Numeric => {
            let g = &t.groups;
            if g.len() != 3 {
                return None;
            }
            let num = |s: &str| s.parse::<u32>().ok();
            let year = |s: &str| -> Option<i32> {
                let y: i32 = s.parse().ok()?;
                match s.len() {
                    2 => Some(2000 + y),
                    4 if (1900..=2199).contains(&y) => Some(y),
                    _ => None,
                }
            };
            let (y, m, d) = if g[0].len() == 4 {
                (year(g[0])?, num(g[1])?, num(g[2])?)
            } else if g[0].len() <= 2 && g[1].len() <= 2 {
                (year(g[2])?, num(g[1])?, num(g[0])?)
            } else {
                return None;
            };
            NaiveDate::from_ymd_opt(y, m, d)?;
            Some((
                Expr {
                    first: i,
                    last: i,
                    day: Some(d),
                    month: m,
                    year: Some(y),
                },
                i + 1,
            ))
        }
        TokKind::Num => {
            let day = day_value(t)?;
            if !day_then_month(toks, i) {
                return None;
            }
            let mut j = i + 1;
            while month_of(&toks[j]).is_none() {
                j += 1;
            }
            let month = month_of(&toks[j])?;
            let (year, last) = match year_after(toks, j + 1) {
                Some((y, k)) => (Some(y), k),
                None => (None, j),
            };
            Some((
                Expr {
                    first: i,
                    last,
                    day: Some(day),
                    month,
                    year,
                },
                last + 1,
            ))
        }
        TokKind::Word => {
            let month = month_of(t)?;
            let mut j = i + 1;
            if toks.get(j).is_some_and(|t| t.text == ".")
                && toks.get(j + 1).is_some_and(|t| t.kind == TokKind::Num)
            {
                j += 1; // "Sept. 2021", "Aug. 16th"
            }
            // Month then day: "July 16th 2021", "Aug 16th", "Aug 16, 2021".
            if let Some(d) = toks.get(j).and_then(day_value) {
                let mut k = j + 1;
                let mut ordinal = toks[j].ordinal;
                if !ordinal
                    && toks
                        .get(k)
                        .is_some_and(|t| matches!(t.lower.as_str(), "st" | "nd" | "rd" | "th"))
                {
                    ordinal = true;
                    k += 1;
                }
                let year = {
                    let mut y = k;
                    if toks.get(y).is_some_and(|t| t.text == ",") {
                        y += 1;
                    }
                    toks.get(y).and_then(four_digit_year).map(|yr| (yr, y))
                };
                if ordinal || year.is_some() {
                    let (year, last) = match year {
                        Some((y, at)) => (Some(y), at),
                        None => (None, k - 1),
                    };
                    return Some((
                        Expr {
                            first: i,
                            last,
                            day: Some(d),
                            month,
                            year,
                        },
                        last + 1,
                    ));
                }
            }
            let (year, last) = match year_after(toks, i + 1) {
                Some((y, k)) => (Some(y), k),
                None => (None, i),
            };
            Some((
                Expr {
                    first: i,
                    last,
                    day: None,
                    month,
                    year,
                },
                last + 1,
            ))
        }
        TokKind::Punct => None,
    }
}

fn find_exprs(toks: &[Tok<'_>]) -> Vec<Expr> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match match_at(toks, i) {
            Some((e, next)) => {
                out.push(e);
                i = next;
            }
            None => i += 1,
        }
    }
    out
}

// ------------------------------------------------------------------------- vocabulary

/// A recurrence word (or phrase) at token `i`: its recurrence (`None` for a cycle the
/// contract has no name for, e.g. "six-monthly", "termly", "daily").
fn recurrence_at(toks: &[Tok<'_>], i: usize) -> Option<Option<Recurrence>> {
    let t = &toks[i];
    if t.kind != TokKind::Word {
        return None;
    }
    // The multiplier written before a "-ly" word: "2 weekly", "six-monthly", "bi-weekly".
    let multiplier = || -> Option<u32> {
        let mut j = i.checked_sub(1)?;
        if is_dash(toks[j].text) {
            j = j.checked_sub(1)?;
        }
        let p = &toks[j];
        if let Some(d) = p.digits() {
            return if p.ordinal { None } else { d.parse().ok() };
        }
        match p.lower.as_str() {
            "bi" | "two" => Some(2),
            "three" => Some(3),
            "four" => Some(4),
            "six" | "half" => Some(6),
            "twelve" => Some(12),
            _ => None,
        }
    };
    let per = |unit: &str| -> Option<u32> {
        // "every month", "each quarter", "per year", "every two weeks", "every 6 weeks".
        let j = i.checked_sub(1)?;
        let p = &toks[j];
        let n = if let Some(d) = p.digits() {
            d.parse().ok()?
        } else {
            match p.lower.as_str() {
                "two" | "other" => 2,
                "three" => 3,
                "four" => 4,
                "six" => 6,
                "twelve" => 12,
                "every" | "each" | "per" => {
                    return matches!(unit, "week" | "month" | "quarter" | "year" | "annum")
                        .then_some(1);
                }
                _ => return None,
            }
        };
        let q = j.checked_sub(1)?;
        toks[q].is_word("every").then_some(n)
    };
    let r = match t.lower.as_str() {
        "weekly" => match multiplier() {
            None | Some(1) => Some(Recurrence::Weekly),
            Some(2) => Some(Recurrence::Fortnightly),
            Some(_) => None,
        },
        "biweekly" | "fortnightly" => Some(Recurrence::Fortnightly),
        "monthly" => match multiplier() {
            None | Some(1) => Some(Recurrence::Monthly),
            Some(3) => Some(Recurrence::Quarterly),
            Some(12) => Some(Recurrence::Annually),
            Some(_) => None,
        },
        "bimonthly" | "termly" | "daily" | "biannually" | "biannual" => None,
        "quarterly" => Some(Recurrence::Quarterly),
        "annually" | "annual" | "yearly" => match multiplier() {
            None | Some(1) => Some(Recurrence::Annually),
            Some(_) => None,
        },
        "week" | "weeks" => match per("week")? {
            1 => Some(Recurrence::Weekly),
            2 => Some(Recurrence::Fortnightly),
            _ => None,
        },
        "month" | "months" => match per("month")? {
            1 => Some(Recurrence::Monthly),
            3 => Some(Recurrence::Quarterly),
            12 => Some(Recurrence::Annually),
            _ => None,
        },
        "quarter" => match per("quarter")? {
            1 => Some(Recurrence::Quarterly),
            _ => None,
        },
        "year" | "annum" => match per("year")? {
            1 => Some(Recurrence::Annually),
            _ => None,
        },
        _ => return None,
    };
    Some(r)
}

/// Words that mark a date as the start of something.
const START_MARKERS: &[&str] = &[
    "from",
    "start",
    "starts",
    "starting",
    "started",
    "commence",
    "commences",
    "commencing",
    "commenced",
    "commencement",
    "begin",
    "begins",
    "beginning",
    "onwards",
    "onward",
];

/// Further start markers, trusted only in a recurring cell ("First report June 2015 and
/// then quarterly").
const WEAK_START_MARKERS: &[&str] = &["first", "initially", "initial"];

/// Words that may surround a bare month ("End of Sept", "Monthly Sept onwards", "By March").
const TIMESCALE_WORDS: &[&str] = &[
    "by",
    "end",
    "of",
    "the",
    "to",
    "be",
    "no",
    "later",
    "than",
    "before",
    "in",
    "place",
    "and",
    "then",
    "until",
    "till",
    "early",
    "mid",
    "late",
    "approx",
    "approximately",
    "circa",
    "around",
    "due",
    "deadline",
    "target",
    "date",
    "completed",
    "complete",
    "completion",
    "review",
    "reviewed",
    "ongoing",
    "week",
    "w",
    "c",
    "wc",
    "a",
    "on",
    "at",
    "for",
    "each",
    "every",
    "this",
    "next",
    "report",
    "rolling",
    "basis",
    "st",
    "nd",
    "rd",
    "th",
    "already",
    "or",
    "after",
    "within",
    "expected",
    "estimated",
    "provisional",
    "planned",
    "proposed",
    "scheduled",
    "tbc",
    "tba",
    "tbd",
    "latest",
    "ish",
];

fn is_start_marker(w: &str) -> bool {
    START_MARKERS.contains(&w)
}

fn is_weak_start_marker(w: &str) -> bool {
    WEAK_START_MARKERS.contains(&w)
}

fn is_timescale_word(w: &str) -> bool {
    is_start_marker(w) || is_weak_start_marker(w) || TIMESCALE_WORDS.contains(&w)
}

/// The token spans of "TBC", "TBA", "to be confirmed", "date to be agreed", ...
fn tbc_spans(toks: &[Tok<'_>]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if matches!(t.lower.as_str(), "tbc" | "tba" | "tbd" | "tbcs") && t.kind == TokKind::Word {
            out.push((i, i));
        } else if t.is_word("to")
            && toks.get(i + 1).is_some_and(|t| t.is_word("be"))
            && toks.get(i + 2).is_some_and(|t| {
                matches!(
                    t.lower.as_str(),
                    "confirmed"
                        | "agreed"
                        | "determined"
                        | "decided"
                        | "arranged"
                        | "advised"
                        | "announced"
                )
            })
        {
            out.push((i, i + 2));
            i += 3;
            continue;
        }
        i += 1;
    }
    out
}

// ---------------------------------------------------------------------------- analysis

struct Analysis<'a> {
    toks: Vec<Tok<'a>>,
    /// The date expressions kept, each with its year.
    exprs: Vec<Expr>,
    /// How many date expressions were found before undated ones were dropped.
    raw_exprs: usize,
    /// The two expressions are the ends of a range ("July 2020-September 2020").
    range: bool,
    /// The first recurrence in the cell.
    recurrence: Option<Option<Recurrence>>,
    tbc: Vec<(usize, usize)>,
    in_place: bool,
    any_start_marker: bool,
}

impl Analysis<'_> {
    /// Whether a start marker is the word right before `e` or right after it,
    /// ignoring punctuation ("from 16th Aug.", "August 2021 (commence)", "Sept onwards").
    fn start_marker_next_to(&self, e: &Expr) -> bool {
        let before = self.toks[..e.first]
            .iter()
            .rev()
            .find(|t| t.kind != TokKind::Punct);
        let after = self.toks[e.last + 1..]
            .iter()
            .find(|t| t.kind != TokKind::Punct);
        [before, after]
            .into_iter()
            .flatten()
            .any(|t| t.kind == TokKind::Word && is_start_marker(&t.lower))
    }
}

fn analyse<'a>(folded: &'a str, ctx: &WhenContext) -> Analysis<'a> {
    let toks = tokenize(folded);
    let mut exprs = find_exprs(&toks);
    let raw_exprs = exprs.len();

    // Two expressions joined only by a dash, "to", "until", ... (or "between X and Y").
    let mut range = false;
    if let [a, b] = exprs.as_mut_slice() {
        let between = &toks[a.last + 1..b.first];
        let after_between = a.first > 0 && toks[a.first - 1].is_word("between");
        range = !between.is_empty()
            && between.iter().all(|t| {
                is_dash(t.text)
                    || matches!(
                        t.lower.as_str(),
                        "to" | "until" | "till" | "through" | "thru"
                    )
                    || (after_between && t.is_word("and"))
            });
        if range
            && a.year.is_none()
            && let Some(y) = b.year
        {
            a.year = Some(if a.key() > b.key() { y - 1 } else { y });
        }
    }

    let recurrences: Vec<(usize, Option<Recurrence>)> = (0..toks.len())
        .filter_map(|i| recurrence_at(&toks, i).map(|r| (i, r)))
        .collect();
    let tbc = tbc_spans(&toks);

    // A month with neither day nor year only counts in a cell of timescale words.
    let in_expr = |i: usize| exprs.iter().any(|e| (e.first..=e.last).contains(&i));
    let in_tbc = |i: usize| tbc.iter().any(|&(a, b)| (a..=b).contains(&i));
    let plain = toks.iter().enumerate().all(|(i, t)| {
        t.kind != TokKind::Word
            || in_expr(i)
            || in_tbc(i)
            || is_timescale_word(&t.lower)
            || recurrences.iter().any(|&(r, _)| r == i)
    });
    exprs.retain(|e| e.year.is_some() || e.day.is_some() || plain);
    for e in &mut exprs {
        e.year = e.year.or(ctx.default_year);
    }
    exprs.retain(|e| e.resolve_checked(false).is_some());
    if range {
        range = match exprs.as_slice() {
            [a, b] => a.resolve(true).1 <= b.resolve(false).1,
            _ => false,
        };
    }

    let in_place = toks.windows(2).enumerate().any(|(i, w)| {
        w[0].is_word("in") && w[1].is_word("place") && !(i > 0 && toks[i - 1].is_word("be"))
    });
    let any_start_marker = toks.iter().any(|t| {
        t.kind == TokKind::Word && (is_start_marker(&t.lower) || is_weak_start_marker(&t.lower))
    });

    Analysis {
        exprs,
        raw_exprs,
        range,
        recurrence: recurrences.first().map(|&(_, r)| r),
        tbc,
        in_place,
        any_start_marker,
        toks,
    }
}
