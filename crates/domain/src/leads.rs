//! Lead cells ("HoS / PLO Coordinator / PSW", "SM KA") split into the people they name.
//!
//! The plan document's rule: split on "/", ",", " and ", " & ", ";", " . " and line breaks
//! (never inside brackets: "DM (CIC/CL)" is one lead), and on spaces between codes that
//! appear alone as leads elsewhere in the same plan ("SM KA" -> ["SM", "KA"]); prose stays
//! whole ("AD chairs All HoS to contribute"). Leads are kept as written, only trimmed.
//!
//! The space rule is applied to one part of a cell (what is left between separators) when
//! its words can be cut into pieces that are
//! - all leads that appear alone in the plan ("SM KA", "TMs HoS", "PLO Coordinator HoS"), or
//! - leads that appear alone followed by one personal name ("KA James Fry"), or
//! - a role followed by a personal name that appears alone ("IHWB Programme Manager
//!   Alison Botham").
//!
//! A part such as "DM SG", "HoS Safeguarding" or "Legal Gateway Panel" (where "SG",
//! "Safeguarding" and "Gateway Panel" are not leads on their own, nor a person's name) stays
//! whole. One more boundary is recognised without the plan's help: a role "of" a code
//! followed by a second capitalised role ("Chair of PSCB Partner Agency Leads" ->
//! ["Chair of PSCB", "Partner Agency Leads"]), where a line break was evidently lost.

use std::collections::HashSet;

/// The leads of every lead cell of a plan, split on the explicit separators only (not on
/// spaces): the "appear alone" set that [`split_leads`] needs.
pub fn lone_leads<'a>(cells: impl IntoIterator<Item = &'a str>) -> HashSet<String> {
    cells.into_iter().flat_map(split_on_separators).collect()
}

/// Splits one lead cell into its leads. `known_alone` is [`lone_leads`] of all the plan's
/// lead cells. An empty cell gives no leads; "TBC" is kept as a lead (the quality checks
/// treat it as "no lead yet").
pub fn split_leads(cell: &str, known_alone: &HashSet<String>) -> Vec<String> {
    split_on_separators(cell)
        .into_iter()
        .flat_map(|part| split_on_spaces(&part, known_alone))
        .collect()
}

/// The cell cut at "/", ",", " & " (with spaces: "L&D" is one lead), ";", " and ", " . "
/// and line breaks outside brackets,
/// each part whitespace-folded and trimmed, empty parts dropped.
pub fn split_on_separators(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in cell.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if is_not_applicable(&line) {
            push_part(&mut out, &line);
            continue;
        }
        let bytes = line.as_bytes();
        let mut depth = 0usize;
        let mut from = 0;
        let mut i = 0;
        while i < line.len() {
            let c = line[i..].chars().next().unwrap_or(' ');
            let width = c.len_utf8();
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth == 0 {
                let sep = match c {
                    '/' | ',' | ';' => Some(width),
                    // "&" joins two leads only with spaces around it: "L&D" and "Q&A"
                    // are one team each ("PSW & L&D" -> ["PSW", "L&D"]).
                    '&' if i > 0 && bytes[i - 1] == b' ' && bytes.get(i + 1) == Some(&b' ') => {
                        Some(width)
                    }
                    ' ' if bytes.len() >= i + 5
                        && bytes[i..i + 5].eq_ignore_ascii_case(b" and ") =>
                    {
                        Some(5)
                    }
                    ' ' if bytes.len() >= i + 3 && &bytes[i..i + 3] == b" . " => Some(3),
                    _ => None,
                };
                if let Some(len) = sep {
                    push_part(&mut out, &line[from..i]);
                    // " and " and " . " end in a space that begins the next part's trim.
                    from = i + len;
                    i += len;
                    continue;
                }
            }
            i += width;
        }
        push_part(&mut out, &line[from..]);
    }
    out
}

fn is_not_applicable(s: &str) -> bool {
    matches!(s.to_ascii_lowercase().as_str(), "n/a" | "n / a")
}

fn push_part(out: &mut Vec<String>, part: &str) {
    let part = part.trim_matches(|c: char| c.is_whitespace() || matches!(c, '•' | '▪' | '◦' | '·'));
    if !part.is_empty() {
        out.push(part.to_string());
    }
}

/// Words of a part, with a bracketed group kept as one word ("DM (DM P)" -> "DM", "(DM P)").
fn atoms(part: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start: Option<usize> = None;
    for (i, c) in part.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if c.is_whitespace() && depth == 0 {
            if let Some(s) = start.take() {
                out.push(&part[s..i]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(&part[s..]);
    }
    out
}

/// At most this many words are tried for a split on spaces (2^(n-1) cuts); longer parts
/// are prose and stay whole.
const MAX_WORDS: usize = 12;

fn split_on_spaces(part: &str, known: &HashSet<String>) -> Vec<String> {
    let words = atoms(part);
    let n = words.len();
    if !(2..=MAX_WORDS).contains(&n) {
        return vec![part.to_string()];
    }
    // Best cut: fewest unknown pieces, then most pieces.
    let mut best: Option<(usize, usize, Vec<String>)> = None;
    for mask in 1u32..(1 << (n - 1)) {
        let mut pieces = Vec::new();
        let mut from = 0;
        for k in 0..n - 1 {
            if mask & (1 << k) != 0 {
                pieces.push(words[from..=k].join(" "));
                from = k + 1;
            }
        }
        pieces.push(words[from..].join(" "));
        let Some(unknown) = valid_cut(&pieces, known) else {
            continue;
        };
        let better = match &best {
            None => true,
            Some((u, len, _)) => {
                (unknown, std::cmp::Reverse(pieces.len())) < (*u, std::cmp::Reverse(*len))
            }
        };
        if better {
            best = Some((unknown, pieces.len(), pieces));
        }
    }
    if let Some((_, _, pieces)) = best {
        return pieces;
    }
    if let Some(pieces) = split_after_of_code(&words) {
        return pieces;
    }
    vec![part.to_string()]
}

/// Whether a cut into `pieces` is one of the accepted shapes; the number of unknown pieces.
fn valid_cut(pieces: &[String], known: &HashSet<String>) -> Option<usize> {
    let is_known: Vec<bool> = pieces.iter().map(|p| known.contains(p)).collect();
    let unknown: Vec<usize> = (0..pieces.len()).filter(|&i| !is_known[i]).collect();
    match unknown.as_slice() {
        [] => Some(0),
        // Leads followed by one personal name: "KA James Fry".
        [u] if *u == pieces.len() - 1 && looks_like_person(&pieces[*u]) => Some(1),
        // A role followed by a person who leads alone elsewhere: "IHWB Programme Manager Alison Botham".
        [0] if looks_like_person(&pieces[pieces.len() - 1]) && looks_like_role(&pieces[0]) => {
            Some(1)
        }
        _ => None,
    }
}

/// "Chair of PSCB Partner Agency Leads" -> ["Chair of PSCB", "Partner Agency Leads"].
fn split_after_of_code(words: &[&str]) -> Option<Vec<String>> {
    let k = (1..words.len())
        .find(|&k| words[k] == "of" && words.get(k + 1).is_some_and(|w| is_code(w)))?;
    let rest = &words[k + 2..];
    if !starts_upper(words[0]) || rest.len() < 2 || !rest.iter().all(|w| starts_upper(w)) {
        return None;
    }
    Some(vec![words[..k + 2].join(" "), rest.join(" ")])
}

fn starts_upper(w: &str) -> bool {
    w.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// An all-capitals code of at least two letters: "PSCB", "CSC", "DM".
fn is_code(w: &str) -> bool {
    w.chars().filter(|c| c.is_uppercase()).count() >= 2 && !w.chars().any(|c| c.is_lowercase())
}

/// A role phrase: starts and ends with a capitalised word or code.
fn looks_like_role(piece: &str) -> bool {
    let words: Vec<&str> = piece.split(' ').collect();
    words.first().is_some_and(|w| starts_upper(w)) && words.last().is_some_and(|w| starts_upper(w))
}

/// Two or three capitalised words, none of them a word of a role or team: "James Fry",
/// "Alison Botham", "Ann McIntyre", "Mary-Jane O'Neill".
fn looks_like_person(piece: &str) -> bool {
    let words: Vec<&str> = piece.split(' ').collect();
    (2..=3).contains(&words.len())
        && words.iter().all(|w| {
            let mut cs = w.chars();
            cs.next().is_some_and(char::is_uppercase)
                && w.chars().any(char::is_lowercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
                && !ROLE_WORDS.contains(&w.to_lowercase().as_str())
        })
}

/// Words of roles, teams and services, never part of a person's name.
const ROLE_WORDS: &[&str] = &[
    "acting",
    "adoption",
    "adviser",
    "advisor",
    "after",
    "agencies",
    "agency",
    "all",
    "analyst",
    "assistant",
    "assurance",
    "authority",
    "board",
    "business",
    "care",
    "chair",
    "chairs",
    "child",
    "children",
    "children's",
    "children’s",
    "commissioning",
    "committee",
    "conference",
    "consultant",
    "coordinator",
    "co-ordinator",
    "council",
    "court",
    "data",
    "department",
    "deputy",
    "designated",
    "development",
    "director",
    "directors",
    "early",
    "education",
    "family",
    "families",
    "finance",
    "forum",
    "fostering",
    "gateway",
    "governance",
    "group",
    "head",
    "heads",
    "health",
    "help",
    "hub",
    "improvement",
    "independent",
    "information",
    "intelligence",
    "lead",
    "leader",
    "leaders",
    "leads",
    "leaving",
    "legal",
    "looked",
    "manager",
    "managers",
    "management",
    "meeting",
    "nurse",
    "officer",
    "officers",
    "operational",
    "panel",
    "partner",
    "partners",
    "partnership",
    "people",
    "performance",
    "planning",
    "police",
    "practice",
    "practitioner",
    "practitioners",
    "principal",
    "programme",
    "project",
    "quality",
    "residential",
    "review",
    "reviewing",
    "safeguarding",
    "school",
    "schools",
    "senior",
    "service",
    "services",
    "social",
    "specialist",
    "staff",
    "strategic",
    "supervisor",
    "support",
    "system",
    "systems",
    "team",
    "teams",
    "training",
    "transformation",
    "unit",
    "virtual",
    "worker",
    "workers",
    "workforce",
    "young",
    "youth",
];
