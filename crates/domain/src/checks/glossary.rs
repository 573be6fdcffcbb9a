//! `lead_not_in_glossary`: a plan that keeps a glossary of initials and roles names a
//! lead in initials the glossary does not list, so nobody reading the plan can tell who
//! it is ("DM CIN" where the glossary lists "DM (CIN)").

use super::{Finding, Row, Severity};
use crate::document::GlossaryEntry;

/// Whether a lead is written in initials or an abbreviation a reader needs the glossary
/// for: a word of two or more letters with two or more capitals ("KA", "HoS", "PLO
/// Coordinator"). Names and roles written out ("All staff", "Alison Botham", "Legal
/// Gateway Panel") explain themselves.
pub fn is_abbreviated(lead: &str) -> bool {
    lead.split(|c: char| !c.is_alphanumeric()).any(|word| {
        word.chars().count() >= 2 && word.chars().filter(|c| c.is_uppercase()).count() >= 2
    })
}

/// Letters and digits only, lower case: how two spellings of one abbreviation compare
/// ("DM CIN", "DM (CIN)" and "DMCIN" are one).
fn folded(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The leads of `leads` written in initials that `glossary` does not list as written,
/// each with the glossary's own spelling when it lists the same letters another way.
/// Nothing when the plan keeps no glossary: then no lead is expected to be in one.
pub fn leads_not_in_glossary<'a>(
    leads: &'a [String],
    glossary: &'a [GlossaryEntry],
) -> Vec<(&'a str, Option<&'a str>)> {
    if glossary.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<(&str, Option<&str>)> = Vec::new();
    for lead in leads {
        let lead = lead.trim();
        if lead.is_empty()
            || !is_abbreviated(lead)
            || glossary.iter().any(|g| g.abbreviation.trim() == lead)
            || out.iter().any(|(l, _)| *l == lead)
        {
            continue;
        }
        let f = folded(lead);
        let spelled = glossary
            .iter()
            .find(|g| !f.is_empty() && folded(&g.abbreviation) == f)
            .map(|g| g.abbreviation.as_str());
        out.push((lead, spelled));
    }
    out
}

/// A row whose leads include initials the plan's glossary does not list.
pub(super) fn lead_not_in_glossary(row: &Row<'_>, glossary: &[GlossaryEntry]) -> Option<Finding> {
    let missing = leads_not_in_glossary(&row.action.leads, glossary);
    if missing.is_empty() {
        return None;
    }
    let quote = |s: &str| format!("\u{201c}{s}\u{201d}");
    let sentences: Vec<String> = missing
        .iter()
        .map(|(lead, spelled)| match spelled {
            Some(g) => format!(
                "The lead {} is written {} in the plan\u{2019}s glossary.",
                quote(lead),
                quote(g)
            ),
            None => format!(
                "The lead {} is not in the plan\u{2019}s glossary.",
                quote(lead)
            ),
        })
        .collect();
    let why = format!(
        "lead cell {}; the glossary lists {}",
        quote(&row.action.leads.join(", ")),
        match glossary.len() {
            1 => "1 abbreviation".to_string(),
            n => format!("{n} abbreviations"),
        }
    );
    let fix = if missing.iter().any(|(_, s)| s.is_some()) {
        "Correct the lead\u{2019}s spelling to the glossary\u{2019}s, or add it to the glossary if it is someone else."
    } else {
        "Add it to the glossary, saying who or what it stands for, or correct the spelling."
    };
    Some(row.finding(
        "lead_not_in_glossary",
        Severity::Advice,
        sentences.join(" "),
        why,
        fix,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(a: &str) -> GlossaryEntry {
        GlossaryEntry {
            abbreviation: a.into(),
            title: None,
            name: None,
        }
    }

    #[test]
    fn initials_need_the_glossary_and_words_written_out_do_not() {
        for lead in ["KA", "HoS", "PLO Coordinator", "DM (CIN)", "TMs", "RdP"] {
            assert!(is_abbreviated(lead), "{lead}");
        }
        for lead in [
            "All Staff",
            "Alison Botham",
            "Legal Gateway Panel",
            "S",
            "Legal",
        ] {
            assert!(!is_abbreviated(lead), "{lead}");
        }
    }

    #[test]
    fn a_lead_is_found_in_the_glossary_as_written_or_its_spelling_is_offered() {
        let glossary = vec![entry("DM (CIN)"), entry("OD")];
        let leads: Vec<String> = ["OD", "DM CIN", "DMCIN", "DM SG", "All staff", "DM SG"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            leads_not_in_glossary(&leads, &glossary),
            vec![
                ("DM CIN", Some("DM (CIN)")),
                ("DMCIN", Some("DM (CIN)")),
                ("DM SG", None)
            ]
        );
        assert!(leads_not_in_glossary(&leads, &[]).is_empty(), "no glossary");
    }
}
