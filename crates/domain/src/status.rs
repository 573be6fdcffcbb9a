//! Status schemes: the plan's own labels (BRAG colours, RAG, or symbols such as ✓ and ↓)
//! and the fixed set of meanings Assure reasons with.

use crate::document::StatusDef;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a status label means, whatever the plan calls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Meaning {
    NotStarted,
    OffTrack,
    AtRisk,
    OnTrack,
    Ahead,
    Complete,
}

impl Meaning {
    /// Every meaning, in the order a report lists them.
    pub const ALL: [Meaning; 6] = [
        Meaning::Complete,
        Meaning::Ahead,
        Meaning::OnTrack,
        Meaning::AtRisk,
        Meaning::OffTrack,
        Meaning::NotStarted,
    ];

    /// The snake_case name used in the plan document and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Meaning::NotStarted => "not_started",
            Meaning::OffTrack => "off_track",
            Meaning::AtRisk => "at_risk",
            Meaning::OnTrack => "on_track",
            Meaning::Ahead => "ahead",
            Meaning::Complete => "complete",
        }
    }

    /// Parses the snake_case name.
    pub fn parse(s: &str) -> Option<Meaning> {
        Meaning::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// Words for people: "Off track".
    pub fn describe(self) -> &'static str {
        match self {
            Meaning::NotStarted => "Not started",
            Meaning::OffTrack => "Off track",
            Meaning::AtRisk => "At risk",
            Meaning::OnTrack => "On track",
            Meaning::Ahead => "Ahead",
            Meaning::Complete => "Complete",
        }
    }
}

impl fmt::Display for Meaning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

// ------------------------------------------------------------------------------------------
// Reading status labels and legends
// ------------------------------------------------------------------------------------------

/// Words for matching: lower case, dashes and underscores as spaces, split on anything
/// that is not a letter, a digit or an apostrophe.
fn words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether `phrase` (space-separated words) occurs in `ws` as whole words; a phrase word
/// ending in `*` matches any word that starts with it ("delay*" matches "delayed").
fn has_phrase(ws: &[String], phrase: &str) -> bool {
    let p: Vec<&str> = phrase.split(' ').collect();
    ws.windows(p.len()).any(|w| {
        w.iter()
            .zip(&p)
            .all(|(word, pat)| match pat.strip_suffix('*') {
                Some(prefix) => word.starts_with(prefix),
                None => word == pat,
            })
    })
}

fn has_any(ws: &[String], phrases: &[&str]) -> bool {
    phrases.iter().any(|p| has_phrase(ws, p))
}

/// The colour words of BRAG/RAG, and what each means.
fn colour(w: &str) -> Option<Meaning> {
    match w {
        "blue" => Some(Meaning::Complete),
        "red" => Some(Meaning::OffTrack),
        "amber" | "yellow" | "orange" => Some(Meaning::AtRisk),
        "green" => Some(Meaning::OnTrack),
        "grey" | "gray" | "white" => Some(Meaning::NotStarted),
        _ => None,
    }
}

/// How bad a meaning is, worst first: a mixed label ("Amber/Green") takes the worse.
fn severity(m: Meaning) -> u8 {
    match m {
        Meaning::OffTrack => 0,
        Meaning::AtRisk => 1,
        Meaning::NotStarted => 2,
        Meaning::OnTrack => 3,
        Meaning::Ahead => 4,
        Meaning::Complete => 5,
    }
}

/// What a status cell's label means without a legend: BRAG/RAG colours (Blue = complete,
/// Red = off track, Amber = at risk, Green = on track), their initials ("B", "R", "A", "G"),
/// mixed colours ("Amber/Green" takes the worse), ticks ("✓" = complete) and common words
/// ("Complete", "Done", "Not started", "Ahead", "On track", "Delayed"...). Case-insensitive.
/// `None` for a label whose meaning only a legend can give ("X", "-", "↑").
pub fn meaning_of_label(label: &str) -> Option<Meaning> {
    let trimmed = label.trim().trim_end_matches('.').trim();
    if trimmed.is_empty() {
        return None;
    }
    match trimmed {
        "✓" | "✔" | "✅" | "☑" | "✔️" => return Some(Meaning::Complete),
        _ => {}
    }
    let ws = words(trimmed);
    if let [w] = ws.as_slice() {
        let m = match w.as_str() {
            "b" => Some(Meaning::Complete),
            "r" => Some(Meaning::OffTrack),
            "a" => Some(Meaning::AtRisk),
            "g" => Some(Meaning::OnTrack),
            _ => None,
        };
        if m.is_some() {
            return m;
        }
    }
    // Only colour words ("Amber", "Red/Amber", "Amber - Green"): the worst of them.
    let colours: Option<Vec<Meaning>> = ws.iter().map(|w| colour(w)).collect();
    if let Some(worst) = colours.and_then(|c| c.into_iter().min_by_key(|m| severity(*m))) {
        return Some(worst);
    }
    meaning_of_description(trimmed)
}

/// What a legend's description of a status means ("Progress delayed" = at risk,
/// "Action not started or started and behind target for completion" = off track,
/// "Ahead of timescale" = ahead, "Action completed" = complete). Being behind or off
/// track outweighs "not started"; a description that is only a colour ("Red") is read as
/// [`meaning_of_label`] reads it. `None` when nothing in it is recognised.
pub fn meaning_of_description(desc: &str) -> Option<Meaning> {
    let ws = words(desc);
    if ws.is_empty() {
        return None;
    }
    if has_any(
        &ws,
        &[
            "behind",
            "off track",
            "not on track",
            "overdue",
            "missed",
            "not met",
            "not be met",
            "not achieved",
            "not be achieved",
            "significant risk",
            "high risk",
            "serious*",
            "fail*",
            "stalled",
            "no progress",
            "not progressing",
            "significantly delayed",
            "major",
        ],
    ) {
        return Some(Meaning::OffTrack);
    }
    if has_any(
        &ws,
        &[
            "delay*",
            "at risk",
            "risk",
            "slippage",
            "slipp*",
            "concern*",
            "minor",
            "some progress",
            "partially",
        ],
    ) {
        return Some(Meaning::AtRisk);
    }
    if has_any(&ws, &["ahead", "exceed*", "early", "before timescale"]) {
        return Some(Meaning::Ahead);
    }
    if has_any(
        &ws,
        &[
            "not started",
            "not yet started",
            "not begun",
            "yet to start",
            "yet to begin",
            "not due",
            "not yet due",
            "not commenced",
            "yet to commence",
            "not yet commenced",
        ],
    ) {
        return Some(Meaning::NotStarted);
    }
    let negated = |i: usize| {
        i > 0
            && matches!(
                ws[i - 1].as_str(),
                "not" | "yet" | "be" | "being" | "to" | "un"
            )
    };
    let complete = ws.iter().enumerate().any(|(i, w)| {
        matches!(
            w.as_str(),
            "complete"
                | "completed"
                | "achieved"
                | "done"
                | "closed"
                | "finished"
                | "delivered"
                | "embedded"
        ) && !negated(i)
    }) || has_phrase(&ws, "signed off");
    if complete {
        return Some(Meaning::Complete);
    }
    if has_any(
        &ws,
        &[
            "on track",
            "on target",
            "on schedule",
            "in progress",
            "progressing",
            "good progress",
            "as planned",
            "within timescale",
            "within timescales",
            "ongoing",
            "underway",
            "under way",
        ],
    ) {
        return Some(Meaning::OnTrack);
    }
    let colours: Option<Vec<Meaning>> = ws.iter().map(|w| colour(w)).collect();
    colours.and_then(|c| c.into_iter().min_by_key(|m| severity(*m)))
}

fn scheme(defs: &[(&str, Meaning)]) -> Vec<StatusDef> {
    defs.iter()
        .map(|&(label, meaning)| StatusDef {
            label: label.to_string(),
            meaning,
            description: None,
        })
        .collect()
}

/// What a plan's status column is called, from its own key: "BRAG status" for a key of
/// Blue, Red, Amber and Green (or their letters), "RAG status" for Red, Amber and Green,
/// else plainly "Status" (a key of X / - / ↓ / ↑ / ✓ is not a RAG).
pub fn column_name(scheme: &[StatusDef]) -> &'static str {
    let colour = |l: &str| -> Option<char> {
        match l.trim().to_ascii_lowercase().as_str() {
            "blue" | "b" => Some('b'),
            "red" | "r" => Some('r'),
            "amber" | "a" => Some('a'),
            "green" | "g" => Some('g'),
            _ => None,
        }
    };
    let mut seen: Vec<char> = Vec::new();
    for s in scheme {
        match colour(&s.label) {
            Some(c) if !seen.contains(&c) => seen.push(c),
            Some(_) => {}
            None => return "Status",
        }
    }
    seen.sort_unstable();
    match seen.as_slice() {
        ['a', 'b', 'g', 'r'] => "BRAG status",
        ['a', 'g', 'r'] => "RAG status",
        _ => "Status",
    }
}

pub fn brag_scheme() -> Vec<StatusDef> {
    scheme(&[
        ("Blue", Meaning::Complete),
        ("Red", Meaning::OffTrack),
        ("Amber", Meaning::AtRisk),
        ("Green", Meaning::OnTrack),
    ])
}

/// The RAG scheme a "RAG status" column names: Red, Amber, Green, descriptions null.
pub fn rag_scheme() -> Vec<StatusDef> {
    scheme(&[
        ("Red", Meaning::OffTrack),
        ("Amber", Meaning::AtRisk),
        ("Green", Meaning::OnTrack),
    ])
}

/// The scheme a column header names, if it names one: "BRAG", "BRAG status" ->
/// [`brag_scheme`]; "RAG", "RAG status:", "RAG rating" -> [`rag_scheme`].
pub fn scheme_named_by(header: &str) -> Option<Vec<StatusDef>> {
    let ws = words(header);
    if ws.iter().any(|w| w == "brag") {
        Some(brag_scheme())
    } else if ws.iter().any(|w| w == "rag") {
        Some(rag_scheme())
    } else {
        None
    }
}

#[cfg(test)]
mod column_tests {
    use super::*;

    #[test]
    fn the_status_column_is_named_from_the_plans_own_key() {
        let key = |labels: &[&str]| -> Vec<StatusDef> {
            labels
                .iter()
                .map(|l| StatusDef {
                    label: (*l).to_string(),
                    meaning: Meaning::OnTrack,
                    description: None,
                })
                .collect()
        };
        assert_eq!(column_name(&brag_scheme()), "BRAG status");
        assert_eq!(column_name(&rag_scheme()), "RAG status");
        assert_eq!(column_name(&key(&["R", "A", "G"])), "RAG status");
        assert_eq!(column_name(&key(&["X", "-", "↓", "↑", "✓"])), "Status");
        assert_eq!(
            column_name(&key(&["Red", "Amber", "Green", "Complete"])),
            "Status"
        );
        assert_eq!(column_name(&[]), "Status");
    }
}
