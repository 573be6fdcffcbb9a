//! The inspection a plan answers, as the plan's own words name it: the framework, the
//! kind of inspection or visit, and its dates.
//!
//! A plan mentions earlier inspections too ("since the last inspection … the focused
//! visit in July 2018"), so the one it answers is the first named in reading order
//! (the title, then the text before the tables), and its dates are those written in
//! the same sentence, else after an "Inspection dates:" label, else in the title.

use std::sync::LazyLock;

use regex::Regex;

use assure_domain::{Inspection, PlanDocument};

use crate::table::fold_ws;

/// The kinds of Ofsted inspection and visit of children's services, as plans write them.
static KINDS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"(?i)\b(?:re-?\s?start|monitoring|focused|assurance)\s+visits?\b",
        r"(?i)\bjoint\s+targeted\s+area\s+inspection\b",
        r"(?i)\binspection\s+of\s+local\s+authority\s+children['’]?s\s+services\b",
        r"(?i)\b(?:standard|short)\s+(?:ILACS\s+)?inspection\b",
        // The single inspection framework's title (2013-2018), "Service" or "Services",
        // "to" or "for".
        r"(?i)\binspection\s+of\s+services?\s+(?:to|for)\s+children\s+in\s+need\s+of\s+help\s+and\s+protection,?\s+children\s+looked\s+after\s+and\s+care\s+leavers\b",
        r"(?i)\binspection\s+of\s+safeguarding\s+and\s+looked\s+after\s+children(?:['’]s)?\s+services\b",
    ]
    .iter()
    .map(|r| Regex::new(r).expect("inspection kind"))
    .collect()
});

static FRAMEWORKS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(ILACS|JTAI|SIF)\b").expect("framework"));

static DATES_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:inspection\s+dates?|dates?\s+of\s+(?:the\s+)?(?:inspection|visit)|visit\s+dates?)\s*:([^\n]*)")
        .expect("inspection dates")
});

const MONTH: &str = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

/// "May 2021", "27/28 July 2022", "2 to 13 March 2020", "2 March 2020 to 13 March 2020".
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let day = r"\d{1,2}(?:st|nd|rd|th)?";
    let one = format!(r"(?:{day}(?:\s*(?:/|-|–|&|and|to)\s*{day})?\s+)?{MONTH}\s+\d{{4}}");
    Regex::new(&format!(
        r"\b{one}(?:\s*(?:to|until|-|–)\s*(?:{day}\s+)?{MONTH}\s+\d{{4}})?\b"
    ))
    .expect("date")
});

/// The sentence of `text` around `at..end`.
fn sentence(text: &str, at: usize, end: usize) -> &str {
    let is_stop = |s: &str| s.starts_with(". ") || s.starts_with(".\n") || s.starts_with('\n');
    let start = (0..at)
        .rev()
        .find(|&i| text.is_char_boundary(i) && is_stop(&text[i..]))
        .map(|i| i + 1)
        .unwrap_or(0);
    let stop = (end..text.len())
        .find(|&i| text.is_char_boundary(i) && is_stop(&text[i..]))
        .unwrap_or(text.len());
    &text[start..stop]
}

/// Sentence case, as written otherwise: "monitoring visit" -> "Monitoring visit".
fn capitalised(s: &str) -> String {
    let s = fold_ws(s);
    let mut cs = s.chars();
    cs.next()
        .map(|f| f.to_uppercase().chain(cs).collect())
        .unwrap_or_default()
}

/// Reads the inspection from the title and the text before the tables into `doc`,
/// keeping the judgements already read from a judgement table.
pub fn read(doc: &mut PlanDocument) {
    let texts: Vec<&str> = std::iter::once(doc.title.as_str())
        .chain(doc.narrative.iter().map(String::as_str))
        .collect();
    let mut insp = doc.inspection.clone().unwrap_or_default();

    // The first kind named, in reading order; the longest where two start together.
    let mut kind: Option<(usize, usize, usize)> = None;
    for (t, text) in texts.iter().enumerate() {
        for re in KINDS.iter() {
            for m in re.find_iter(text) {
                let here = (t, m.start(), m.end());
                let better = kind.is_none_or(|(kt, ks, ke)| {
                    (t, m.start()) < (kt, ks) || ((t, m.start()) == (kt, ks) && m.end() > ke)
                });
                if better {
                    kind = Some(here);
                }
            }
        }
        if kind.is_some() {
            break;
        }
    }
    if let Some((t, s, e)) = kind {
        insp.kind = Some(capitalised(&texts[t][s..e]));
    }

    insp.framework = texts
        .iter()
        .find_map(|t| FRAMEWORKS.find(t))
        .map(|m| m.as_str().to_string());

    let labelled = texts.iter().find_map(|t| {
        DATES_LABEL
            .captures(t)
            .map(|c| c[1].trim().to_string())
            .filter(|d| !d.is_empty())
    });
    let beside_kind = kind.and_then(|(t, s, e)| {
        let text = texts[t];
        let sent = sentence(text, s, e);
        let offset = sent.as_ptr() as usize - text.as_ptr() as usize;
        DATE.find_iter(sent)
            .min_by_key(|m| {
                let (ms, me) = (m.start() + offset, m.end() + offset);
                if me <= s {
                    s - me
                } else {
                    ms.saturating_sub(e)
                }
            })
            .map(|m| fold_ws(m.as_str()))
    });
    let in_title = || {
        let lower = doc.title.to_lowercase();
        ["ofsted", "inspection", "visit"]
            .iter()
            .any(|w| lower.contains(w))
            .then(|| DATE.find(&doc.title).map(|m| fold_ws(m.as_str())))
            .flatten()
    };
    insp.dates = labelled.or(beside_kind).or_else(in_title);

    if insp != Inspection::default() {
        doc.inspection = Some(insp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_from(title: &str, narrative: &[&str]) -> Option<Inspection> {
        let mut doc = PlanDocument::new(title);
        doc.narrative = narrative.iter().map(|s| s.to_string()).collect();
        read(&mut doc);
        doc.inspection
    }

    #[test]
    fn the_first_inspection_named_is_the_one_answered() {
        let i = read_from(
            "Post inspection plan",
            &[
                "In May 2023 Ofsted carried out an inspection under the Inspection of Local Authority Children's Services framework (ILACS).",
                "Since the focused visit in June 2019 and the JTAI in 2021 …",
            ],
        )
        .expect("inspection");
        assert_eq!(
            i.kind.as_deref(),
            Some("Inspection of Local Authority Children's Services")
        );
        assert_eq!(i.framework.as_deref(), Some("ILACS"));
        assert_eq!(i.dates.as_deref(), Some("May 2023"));
    }

    #[test]
    fn dates_in_the_sentence_of_the_visit() {
        let i = read_from(
            "Appendix 2",
            &["Ofsted carried out (on the 3/4 October 2023) the second monitoring visit. The letter dated 1/11/2023 follows."],
        )
        .expect("inspection");
        assert_eq!(i.kind.as_deref(), Some("Monitoring visit"));
        assert_eq!(i.dates.as_deref(), Some("3/4 October 2023"));
        assert_eq!(i.framework, None);
    }

    #[test]
    fn a_date_range_after_a_label() {
        let i = read_from("Plan", &["Inspection dates: 6 to 17 November 2023"]).expect("some");
        assert_eq!(i.dates.as_deref(), Some("6 to 17 November 2023"));
        assert_eq!(i.kind, None);
    }

    #[test]
    fn the_title_dates_an_unnamed_inspection() {
        let i = read_from("Actions following the Ofsted report - March 2019", &[]).expect("some");
        assert_eq!(i.dates.as_deref(), Some("March 2019"));
        assert_eq!(i.kind, None);
    }

    #[test]
    fn the_plans_own_date_is_not_the_inspection() {
        let i = read_from(
            "Improvement plan",
            &[
                "January 2015",
                "In response to the Ofsted Inspection of Services for Children in Need of Help and Protection, Children Looked After and Care Leavers.",
            ],
        )
        .expect("some");
        assert!(
            i.kind
                .as_deref()
                .is_some_and(|k| k.starts_with("Inspection of Services for"))
        );
        assert_eq!(i.dates, None);
    }

    #[test]
    fn nothing_named_is_no_inspection() {
        assert_eq!(
            read_from("Improvement plan 2024", &["Reviewed monthly."]),
            None
        );
    }
}
