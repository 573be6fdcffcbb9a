//! Which council a plan belongs to. Plans rarely say it in a heading ("services in
//! Halton", "the quality of practice in St Helens"), so every word of the plan is a
//! witness: each mention of a council's name counts, more in the title and the text
//! before the tables, more again where it is called a council ("Plymouth City
//! Council"), and the council's own initialisms count ("CoL commissioning"). The
//! council most mentioned is the plan's; a single passing mention in a table (a
//! partner, "the Leeds model") is not enough.

use std::sync::LazyLock;

use regex::Regex;

use assure_domain::PlanDocument;

use super::councils::{COUNCILS, Council};

/// Where a text stands in the plan: a mention there weighs this much.
#[derive(Clone, Copy)]
enum Place {
    Title = 5,
    Narrative = 2,
    Body = 1,
}

/// A plan's texts in reading order, with where each stands.
fn texts(doc: &PlanDocument) -> Vec<(Place, &str)> {
    let mut out = vec![(Place::Title, doc.title.as_str())];
    out.extend(doc.narrative.iter().map(|n| (Place::Narrative, n.as_str())));
    for g in &doc.glossary {
        out.extend(g.title.as_deref().map(|t| (Place::Body, t)));
    }
    for area in &doc.areas {
        out.push((Place::Body, area.title.as_str()));
        for list in [
            &area.objectives,
            &area.outcomes,
            &area.measures,
            &area.narrative,
        ] {
            out.extend(list.iter().map(|t| (Place::Body, t.as_str())));
        }
    }
    for (_, a) in doc.actions() {
        out.push((Place::Body, a.text.as_str()));
        for t in [&a.assurance, &a.impact, &a.measure, &a.resources] {
            out.extend(t.as_deref().map(|t| (Place::Body, t)));
        }
        out.extend(a.milestones.iter().map(|m| (Place::Body, m.text.as_str())));
        out.extend(a.updates.iter().map(|u| (Place::Body, u.text.as_str())));
    }
    out
}

/// "… City Council", "… Metropolitan Borough Council" right after a name.
static SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(?:(?:Metropolitan\s+)?(?:Borough|City|County|District)\s+)?Council\b")
        .expect("suffix")
});

/// "London Borough of …", "Royal Borough of …" right before a name.
static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:the\s+)?(?:London|Royal)\s+Borough\s+of\s+$").expect("prefix")
});

/// A name followed by one of these is another body named after the place.
const OTHER_BODIES: &[&str] = &[
    "Police",
    "Constabulary",
    "CCG",
    "ICB",
    "NHS",
    "Fire",
    "University",
    "Hospital",
    "Hospitals",
    "College",
    "Model",
    "model",
    "Road",
    "Street",
    "Airport",
    "Crown",
];

/// "X Council" in the title or the text before the tables, for councils the gazetteer
/// does not know (our fictional ones, a renamed one).
static NAMED_COUNCIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:[A-Z][\w'’.&-]*\s+){1,5}?)Council\b").expect("named council")
});

/// Words that make "… Council" a forum or another body, not a local authority.
const NOT_AUTHORITY: &[&str] = &[
    "Care",
    "Youth",
    "Children",
    "Children's",
    "Young",
    "People",
    "Parish",
    "Town",
    "Schools",
    "School",
    "Pupil",
    "Research",
    "Arts",
    "Sports",
    "British",
];

struct Candidate {
    /// Which council of the gazetteer, or none for a name the plan gives itself.
    council: Option<usize>,
    score: usize,
    first: usize,
    /// The name as first written, and as first written with "Council".
    bare: String,
    formal: Option<String>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

/// Every occurrence of `needle` in `hay` standing as whole words.
fn find_words<'a>(hay: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    hay.match_indices(needle).filter_map(move |(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        let whole = !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char);
        whole.then_some(i)
    })
}

/// Mentions of gazetteer councils in one text: (council, start, end), the longest name
/// winning where names overlap ("North Somerset" over "Somerset").
fn mentions(text: &str) -> Vec<(usize, usize, usize)> {
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for (k, council) in COUNCILS.iter().enumerate() {
        for name in council.names {
            for i in find_words(text, name) {
                found.push((k, i, i + name.len()));
            }
        }
    }
    found.sort_by_key(|&(_, s, e)| (s, std::cmp::Reverse(e)));
    let mut kept: Vec<(usize, usize, usize)> = Vec::new();
    for m in found {
        if kept.last().is_none_or(|last| m.1 >= last.2) {
            kept.push(m);
        }
    }
    kept
}

fn next_word(rest: &str) -> &str {
    rest.trim_start_matches(['\'', '’', 's'].as_slice())
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
}

fn count(
    cands: &mut Vec<Candidate>,
    council: Option<usize>,
    score: usize,
    order: usize,
    bare: &str,
    formal: Option<String>,
) {
    let same = |c: &&mut Candidate| match council {
        Some(k) => c.council == Some(k),
        None => c.council.is_none() && c.bare == bare,
    };
    match cands.iter_mut().find(|c| same(c)) {
        Some(c) => {
            c.score += score;
            if c.formal.is_none() {
                c.formal = formal;
            }
        }
        None => cands.push(Candidate {
            council,
            score,
            first: order,
            bare: bare.to_string(),
            formal,
        }),
    }
}

/// The council the plan belongs to, as the plan writes its name.
pub fn organisation(doc: &PlanDocument) -> Option<String> {
    let mut cands: Vec<Candidate> = Vec::new();
    let mut order = 0usize;
    for (place, text) in texts(doc) {
        for (k, start, end) in mentions(text) {
            order += 1;
            let council: &Council = &COUNCILS[k];
            let name = &text[start..end];
            let rest = &text[end..];
            if OTHER_BODIES.contains(&next_word(rest)) {
                continue;
            }
            let suffix = SUFFIX.find(rest).map(|m| m.as_str());
            let prefix = PREFIX.find(&text[..start]).map(|m| m.as_str());
            let as_place = text[..start]
                .trim_end()
                .rsplit(char::is_whitespace)
                .next()
                .is_some_and(|w| matches!(w, "in" | "across" | "of" | "for"));
            if council.ambiguous && suffix.is_none() && prefix.is_none() && !as_place {
                continue;
            }
            let formal = (suffix.is_some() || prefix.is_some()).then(|| {
                let p = prefix.map(|p| p.trim_start_matches("the ")).unwrap_or("");
                format!("{p}{name}{}", suffix.unwrap_or(""))
            });
            let weight = place as usize * if formal.is_some() { 2 } else { 1 };
            count(&mut cands, Some(k), weight, order, name, formal);
        }
        for (k, council) in COUNCILS.iter().enumerate() {
            for short in council.initials {
                for _ in find_words(text, short) {
                    order += 1;
                    count(&mut cands, Some(k), 2, order, council.names[0], None);
                }
            }
        }
        if matches!(place, Place::Title | Place::Narrative) {
            for c in NAMED_COUNCIL.captures_iter(text) {
                let words: Vec<&str> = c[1]
                    .split_whitespace()
                    .skip_while(|w| matches!(*w, "The" | "A" | "An" | "This" | "Our" | "Each"))
                    .collect();
                // "County Council" alone is not a name, nor is a forum ("Children in
                // Care Council"); a council the gazetteer knows is counted above.
                let named = words.iter().any(|w| {
                    !matches!(
                        *w,
                        "Borough" | "County" | "City" | "District" | "Metropolitan" | "Town"
                    )
                });
                let forum = words.iter().any(|w| NOT_AUTHORITY.contains(w));
                let joined = words.join(" ");
                let known = !mentions(&joined).is_empty();
                if named && !forum && !known {
                    order += 1;
                    let name = format!("{joined} Council");
                    count(
                        &mut cands,
                        None,
                        place as usize * 2,
                        order,
                        &name,
                        Some(name.clone()),
                    );
                }
            }
        }
    }
    let best = cands
        .into_iter()
        .filter(|c| c.score >= 2)
        .max_by_key(|c| (c.score, std::cmp::Reverse(c.first)))?;
    Some(best.formal.unwrap_or(best.bare))
}

#[cfg(test)]
mod tests {
    use super::*;
    use assure_domain::{Action, Area};

    fn plan(title: &str, narrative: &[&str], cells: &[&str]) -> PlanDocument {
        let mut doc = PlanDocument::new(title);
        doc.narrative = narrative.iter().map(|s| s.to_string()).collect();
        doc.areas.push(Area {
            title: "Area".into(),
            actions: cells
                .iter()
                .map(|t| Action {
                    text: t.to_string(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        });
        doc
    }

    #[test]
    fn a_council_named_in_the_title_as_a_council() {
        let d = plan("Fernhill Borough Council: improvement plan", &[], &[]);
        assert_eq!(
            organisation(&d).as_deref(),
            Some("Fernhill Borough Council")
        );
    }

    #[test]
    fn a_council_named_only_in_the_cells_is_found_as_written() {
        let d = plan(
            "Improvement Action Plan",
            &[],
            &[
                "Practice in Wigan is audited monthly",
                "Wigan practice week held",
            ],
        );
        assert_eq!(organisation(&d).as_deref(), Some("Wigan"));
    }

    #[test]
    fn the_council_form_is_preferred_when_written() {
        let d = plan(
            "Plan",
            &[
                "Sefton's partnership",
                "The Sefton Metropolitan Borough Council plan",
            ],
            &[],
        );
        assert_eq!(
            organisation(&d).as_deref(),
            Some("Sefton Metropolitan Borough Council")
        );
    }

    #[test]
    fn one_passing_mention_of_a_partner_is_not_the_council() {
        let d = plan(
            "Improvement plan",
            &[],
            &["Adopt the approach used in Leeds"],
        );
        assert_eq!(organisation(&d), None);
    }

    #[test]
    fn the_title_outweighs_partners_in_the_cells() {
        let d = plan(
            "Barnsley Children's Services Improvement Plan",
            &[],
            &[
                "Learning visit to Leeds",
                "Leeds model of family group conferencing",
            ],
        );
        assert_eq!(organisation(&d).as_deref(), Some("Barnsley"));
    }

    #[test]
    fn police_and_health_bodies_named_after_a_county_are_not_it() {
        let d = plan(
            "Improvement plan",
            &[],
            &[
                "Joint protocol with Lancashire Constabulary",
                "Lancashire Police attend strategy meetings",
                "Blackpool's front door",
                "Audit in Blackpool",
            ],
        );
        assert_eq!(organisation(&d).as_deref(), Some("Blackpool"));
    }

    #[test]
    fn everyday_words_count_only_as_places() {
        let d = plan(
            "Improvement plan",
            &[],
            &[
                "Reading the plan aloud",
                "Reading list for managers",
                "Reading age",
            ],
        );
        assert_eq!(organisation(&d), None);
        let d = plan("Plan", &["Children in Reading deserve better"], &[]);
        assert_eq!(organisation(&d).as_deref(), Some("Reading"));
    }

    #[test]
    fn longer_names_win_over_the_names_inside_them() {
        let d = plan(
            "North Somerset children's services: improvement plan",
            &[],
            &[],
        );
        assert_eq!(organisation(&d).as_deref(), Some("North Somerset"));
    }

    #[test]
    fn a_forum_called_a_council_is_not_the_council() {
        let d = plan("Plan", &["The Children in Care Council met in June"], &[]);
        assert_eq!(organisation(&d), None);
    }

    #[test]
    fn a_councils_own_initials_count() {
        let d = plan(
            "Plan",
            &[],
            &[
                "Research between City of London and a university",
                "CoL commissioning managers meet",
                "Review with Hackney",
                "Contract with Hackney",
            ],
        );
        assert_eq!(organisation(&d).as_deref(), Some("City of London"));
    }
}
