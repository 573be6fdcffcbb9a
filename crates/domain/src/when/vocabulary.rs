//! The words of timescales: recurrences, start markers, "TBC" and the words that are a timescale on their own.

use super::*;

/// A recurrence word (or phrase) at token `i`: its recurrence (`None` for a cycle the
/// contract has no name for, e.g. "six-monthly", "termly", "daily").
pub(super) fn recurrence_at(toks: &[Tok<'_>], i: usize) -> Option<Option<Recurrence>> {
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
pub(super) const START_MARKERS: &[&str] = &[
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
pub(super) const WEAK_START_MARKERS: &[&str] = &["first", "initially", "initial"];

/// Words that may surround a bare month ("End of Sept", "Monthly Sept onwards", "By March").
pub(super) const TIMESCALE_WORDS: &[&str] = &[
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

pub(super) fn is_start_marker(w: &str) -> bool {
    START_MARKERS.contains(&w)
}

pub(super) fn is_weak_start_marker(w: &str) -> bool {
    WEAK_START_MARKERS.contains(&w)
}

pub(super) fn is_timescale_word(w: &str) -> bool {
    is_start_marker(w) || is_weak_start_marker(w) || TIMESCALE_WORDS.contains(&w)
}

/// The token spans of "TBC", "TBA", "to be confirmed", "date to be agreed", ...
pub(super) fn tbc_spans(toks: &[Tok<'_>]) -> Vec<(usize, usize)> {
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
