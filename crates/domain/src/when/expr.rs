//! Date expressions found among the tokens: day-month-year, month-year, ranges.

use super::*;

/// One date expression: a day, a month or a month of a year, spanning tokens first..=last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Expr {
    pub(super) first: usize,
    pub(super) last: usize,
    pub(super) day: Option<u32>,
    pub(super) month: u32,
    pub(super) year: Option<i32>,
}

impl Expr {
    /// The kind and date of a resolved expression (one whose year is known); a day that
    /// does not exist in its month ("31 September") falls back to the month.
    pub(super) fn resolve_checked(&self, as_start: bool) -> Option<(WhenKind, NaiveDate)> {
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

    pub(super) fn resolve(&self, as_start: bool) -> (WhenKind, NaiveDate) {
        // Every expression kept by `analyse` has a year in 1900..=2199, so this holds.
        self.resolve_checked(as_start)
            .unwrap_or((WhenKind::Text, NaiveDate::MIN))
    }

    pub(super) fn key(&self) -> (u32, u32) {
        (self.month, self.day.unwrap_or(0))
    }
}

pub(super) fn month_of(tok: &Tok<'_>) -> Option<u32> {
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

pub(super) fn day_value(tok: &Tok<'_>) -> Option<u32> {
    let d = tok.digits()?;
    if d.len() > 2 {
        return None;
    }
    let v: u32 = d.parse().ok()?;
    (1..=31).contains(&v).then_some(v)
}

pub(super) fn four_digit_year(tok: &Tok<'_>) -> Option<i32> {
    let d = tok.digits()?;
    if tok.ordinal || d.len() != 4 {
        return None;
    }
    let y: i32 = d.parse().ok()?;
    (1900..=2199).contains(&y).then_some(y)
}

pub(super) fn two_digit_year(tok: &Tok<'_>) -> Option<i32> {
    let d = tok.digits()?;
    if tok.ordinal || d.len() != 2 {
        return None;
    }
    d.parse::<i32>().ok().map(|y| 2000 + y)
}

/// Whether the tokens from `k` read as a day before a month ("16th Aug", "30 th Sept",
/// "3 of May", "16-Aug-21").
pub(super) fn day_then_month(toks: &[Tok<'_>], k: usize) -> bool {
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
pub(super) const NUMBERING_WORDS: &[&str] = &[
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
pub(super) fn year_after(toks: &[Tok<'_>], k: usize) -> Option<(i32, usize)> {
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
pub(super) fn match_at(toks: &[Tok<'_>], i: usize) -> Option<(Expr, usize)> {
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

pub(super) fn find_exprs(toks: &[Tok<'_>]) -> Vec<Expr> {
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
