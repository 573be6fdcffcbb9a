//! Keeping personal names out of the scrutiny and exceptions versions.
//!
//! A lead is written as initials ("KA"), a role ("HoS / PLO Coordinator") or a name
//! ("Kate Adams"). The glossary maps initials to the role and name they stand for. For a
//! report that names no one, a lead becomes the role it holds: the glossary's title for its
//! abbreviation or for the person it names; a lead that is, or looks like, a person with no
//! role to show becomes "Lead officer". Free text (updates, the action's wording) keeps its
//! words except the names of people the report knows of (the glossary's and the council's
//! people), replaced by their role.
//!
//! It errs on the safe side: a lead of two or three capitals that neither the glossary nor
//! the common role codes of children's services explain is taken for someone's initials.

use assure_domain::model::StoredGlossaryEntry;
use regex::{Regex, RegexBuilder};
use std::collections::HashMap;

/// What stands in for a person whose role is not known.
pub const LEAD_OFFICER: &str = "Lead officer";

/// Role codes of children's services that are not anyone's initials.
const ROLE_CODES: &[&str] = &[
    "AD", "ADs", "DCS", "DD", "HoS", "HOS", "SM", "SMs", "TM", "TMs", "DM", "DMs", "IRO", "IROs",
    "PLO", "QA", "QAO", "PSW", "LADO", "CSC", "SW", "SWs", "L&D", "DLT", "SLT", "CIN", "CP", "LAC",
    "CiC", "CIC", "CLA", "MASH", "HR", "IT", "ICT", "BI", "PA", "PM", "CEO", "DfE", "LSCP", "LSCB",
    "PSCB", "YOS", "YJS", "EH", "SEND", "SENCO", "ASYE", "CL", "OD", "WFD", "NHS", "ICB", "CAMHS",
    "AP", "APs", "TBC", "N/A",
];

/// Words of roles, teams and bodies: a lead made of capitalised words none of which is one
/// of these reads as a person's name.
const ROLE_WORDS: &[&str] = &[
    "head",
    "service",
    "services",
    "manager",
    "managers",
    "management",
    "lead",
    "leads",
    "director",
    "directorate",
    "assistant",
    "deputy",
    "officer",
    "officers",
    "team",
    "teams",
    "board",
    "coordinator",
    "co-ordinator",
    "panel",
    "principal",
    "social",
    "worker",
    "workers",
    "work",
    "partnership",
    "partners",
    "safeguarding",
    "quality",
    "assurance",
    "children",
    "childrens",
    "children's",
    "family",
    "families",
    "practice",
    "practitioner",
    "group",
    "chair",
    "council",
    "senior",
    "leadership",
    "performance",
    "business",
    "support",
    "unit",
    "hub",
    "front",
    "door",
    "care",
    "leavers",
    "court",
    "legal",
    "commissioning",
    "workforce",
    "development",
    "learning",
    "training",
    "strategic",
    "operational",
    "all",
    "programme",
    "project",
    "improvement",
    "adviser",
    "advisor",
    "consultant",
    "supervisor",
    "coordinators",
    "health",
    "education",
    "virtual",
    "school",
    "police",
    "partner",
    "agency",
    "agencies",
    "data",
    "analyst",
    "system",
    "systems",
    "manager(s)",
    "heads",
    "directors",
    "portfolio",
    "holder",
    "member",
    "cabinet",
    "corporate",
    "parent",
    "parenting",
    "independent",
    "reviewing",
    "conference",
    "placement",
    "placements",
    "fostering",
    "adoption",
    "residential",
    "early",
    "help",
    "youth",
    "justice",
    "edge",
    "of",
    "and",
    "the",
    "for",
    "in",
    "with",
    "to",
    "&",
];

/// Who a report may name, and how to say a lead without naming anyone.
#[derive(Debug, Clone)]
pub struct Names {
    /// Abbreviation -> (title, whether the entry names a person).
    abbreviations: HashMap<String, (Option<String>, bool)>,
    /// A person's name, lower case -> their role, where the glossary gives one.
    people: HashMap<String, Option<String>>,
    /// Any known person's name, whole words, any case.
    people_re: Option<Regex>,
    /// The abbreviations that stand for a named person, whole words, as written.
    initials_re: Option<Regex>,
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn alternation(words: &[String], case_insensitive: bool) -> Option<Regex> {
    if words.is_empty() {
        return None;
    }
    let mut sorted: Vec<&String> = words.iter().collect();
    // Longest first, so "Kate Adams-Smith" wins over "Kate Adams".
    sorted.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    sorted.dedup();
    let body = sorted
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|");
    RegexBuilder::new(&format!(r"(?:^|\b)(?:{body})(?:\b|$)"))
        .case_insensitive(case_insensitive)
        .size_limit(1 << 24)
        .build()
        .ok()
}

impl Names {
    /// What the plan's glossary and the council's people (their names as the accounts have
    /// them) tell about who is who.
    pub fn new(glossary: &[StoredGlossaryEntry], people: &[String]) -> Names {
        let mut abbreviations = HashMap::new();
        let mut named = HashMap::new();
        let mut initials = Vec::new();
        for e in glossary {
            let title = non_empty(&e.title);
            let name = non_empty(&e.name);
            let abbreviation = e.abbreviation.trim().to_string();
            if abbreviation.is_empty() {
                continue;
            }
            if let Some(name) = &name {
                named.insert(name.to_lowercase(), title.clone());
                initials.push(abbreviation.clone());
            }
            abbreviations.insert(abbreviation, (title, name.is_some()));
        }
        for p in people {
            let p = p.trim();
            // A single short word ("Jo") is too likely to be an ordinary word in updates.
            if p.chars().count() >= 3 && p.contains(' ') {
                named.entry(p.to_lowercase()).or_insert(None);
            }
        }
        let names: Vec<String> = named.keys().cloned().collect();
        Names {
            abbreviations,
            people_re: alternation(&names, true),
            initials_re: alternation(&initials, false),
            people: named,
        }
    }

    /// One lead as a report that names no one shows it.
    pub fn lead(&self, lead: &str) -> String {
        let lead = lead.trim();
        if let Some((title, names_someone)) = self.abbreviations.get(lead).or_else(|| {
            self.abbreviations
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(lead))
                .map(|(_, v)| v)
        }) {
            return match (title, names_someone) {
                (Some(t), _) => t.clone(),
                (None, true) => LEAD_OFFICER.to_string(),
                (None, false) => lead.to_string(),
            };
        }
        if let Some(role) = self.people.get(&lead.to_lowercase()) {
            return role.clone().unwrap_or_else(|| LEAD_OFFICER.to_string());
        }
        if looks_like_initials(lead) || looks_like_a_name(lead) {
            return LEAD_OFFICER.to_string();
        }
        // A role with a name in it ("Programme Manager Alison Botham").
        let cleaned = self.text(lead);
        if cleaned != lead {
            return cleaned;
        }
        lead.to_string()
    }

    /// The leads of an action as such a report shows them, each role once.
    pub fn leads(&self, leads: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for l in leads {
            let shown = self.lead(l);
            if !out.contains(&shown) {
                out.push(shown);
            }
        }
        out
    }

    /// Free text with the names of known people replaced by their role (or "lead
    /// officer"), and initials that stand for a named person by the role they hold.
    pub fn text(&self, s: &str) -> String {
        let mut out = s.to_string();
        if let Some(re) = &self.people_re {
            out = re
                .replace_all(&out, |c: &regex::Captures<'_>| {
                    let found = c[0].to_lowercase();
                    match self.people.get(&found).cloned().flatten() {
                        Some(role) => format!("the {role}"),
                        None => "a lead officer".to_string(),
                    }
                })
                .into_owned();
        }
        if let Some(re) = &self.initials_re {
            out = re
                .replace_all(&out, |c: &regex::Captures<'_>| {
                    match self.abbreviations.get(&c[0]).and_then(|(t, _)| t.clone()) {
                        Some(role) => format!("the {role}"),
                        None => "a lead officer".to_string(),
                    }
                })
                .into_owned();
        }
        out
    }
}

/// Two or three capital letters (perhaps with dots: "K.A."), not a known role code.
fn looks_like_initials(s: &str) -> bool {
    let letters: String = s.chars().filter(|c| *c != '.').collect();
    let n = letters.chars().count();
    (2..=3).contains(&n)
        && letters.chars().all(|c| c.is_uppercase())
        && !ROLE_CODES.contains(&s)
        && !ROLE_CODES.contains(&letters.as_str())
}

/// Two to four capitalised words, none of them a word of roles or teams, no digits:
/// "Kate Adams", "Mary-Jane O'Neill".
fn looks_like_a_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            let first = w.chars().next().unwrap_or(' ');
            first.is_uppercase()
                && w.chars().skip(1).any(char::is_lowercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
                && !ROLE_WORDS.contains(&w.to_lowercase().as_str())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn entry(abbreviation: &str, title: Option<&str>, name: Option<&str>) -> StoredGlossaryEntry {
        StoredGlossaryEntry {
            id: Uuid::nil(),
            version: 1,
            abbreviation: abbreviation.into(),
            title: title.map(str::to_string),
            name: name.map(str::to_string),
            person_id: None,
        }
    }

    fn names() -> Names {
        Names::new(
            &[
                entry(
                    "KA",
                    Some("Head of Service, Safeguarding"),
                    Some("Kate Adams"),
                ),
                entry("JF", None, Some("James Fry")),
                entry("PLO", Some("Public Law Outline"), None),
            ],
            &["Priya Shah".to_string(), "Al".to_string()],
        )
    }

    #[test]
    fn leads_become_roles() {
        let n = names();
        assert_eq!(n.lead("KA"), "Head of Service, Safeguarding");
        assert_eq!(n.lead("JF"), LEAD_OFFICER);
        assert_eq!(n.lead("Kate Adams"), "Head of Service, Safeguarding");
        assert_eq!(n.lead("priya shah"), LEAD_OFFICER);
        // Not in the glossary, but a person all the same.
        assert_eq!(n.lead("Tom Baker"), LEAD_OFFICER);
        assert_eq!(n.lead("XY"), LEAD_OFFICER);
        // Roles stay as written.
        assert_eq!(n.lead("HoS"), "HoS");
        assert_eq!(n.lead("PLO Coordinator"), "PLO Coordinator");
        assert_eq!(n.lead("Head of Service"), "Head of Service");
        assert_eq!(n.lead("Principal Social Worker"), "Principal Social Worker");
        assert_eq!(
            n.lead("Programme Manager Priya Shah"),
            "Programme Manager a lead officer"
        );
        assert_eq!(
            n.leads(&["KA".into(), "Kate Adams".into(), "HoS".into()]),
            vec!["Head of Service, Safeguarding", "HoS"]
        );
    }

    #[test]
    fn names_in_text_are_replaced_by_roles() {
        let n = names();
        assert_eq!(
            n.text("Kate Adams and JF met PRIYA SHAH; KA to report. KAT stays."),
            "the Head of Service, Safeguarding and a lead officer met a lead officer; \
             the Head of Service, Safeguarding to report. KAT stays."
        );
        // A one-word account name is not hunted for in prose.
        assert_eq!(n.text("Al fresco"), "Al fresco");
    }
}
