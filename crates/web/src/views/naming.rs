//! How pages name areas and action rows: every row by its first words that exist (its
//! action, else its assurance, milestone, measure, impact…), so no row is shown without
//! words and no link is nameless.

use assure_domain::Meaning;
use assure_domain::model::{StoredAction, StoredArea, StoredPlan};

/// What a row with no words at all is called (a row of only a lead and a date).
const NO_WORDS: &str = "A row continuing the action above";

/// A stored row's words, labelled where they are not the action's own ("Measure: …").
pub(crate) fn words(a: &StoredAction) -> String {
    a.wording()
        .map(|w| w.labelled())
        .unwrap_or_else(|| NO_WORDS.to_string())
}

/// An imported row's words, as [`words`].
pub(crate) fn document_words(a: &assure_domain::Action) -> String {
    a.wording()
        .map(|w| w.labelled())
        .unwrap_or_else(|| NO_WORDS.to_string())
}

/// An area as pages name it (headings, breadcrumbs, the chart, filters, lists): its
/// reference and title; and where another area of the plan has the same title (a plan in
/// phases repeats its areas), its group or phase first, so that no two names are alike.
pub(crate) fn area_heading(plan: &StoredPlan, area: &StoredArea) -> String {
    let siblings: Vec<AreaKey<'_>> = plan.areas.iter().map(AreaKey::stored).collect();
    let at = plan.areas.iter().position(|a| a.id == area.id);
    match at {
        Some(i) => name_among(&siblings, i),
        None => AreaKey::stored(area).plain(),
    }
}

/// An imported area's name, as [`area_heading`] names a stored one.
pub(crate) fn document_area_heading(areas: &[assure_domain::Area], index: usize) -> String {
    let siblings: Vec<AreaKey<'_>> = areas
        .iter()
        .map(|a| AreaKey {
            r#ref: a.r#ref.as_deref(),
            group: a.group.as_deref(),
            title: &a.title,
        })
        .collect();
    name_among(&siblings, index)
}

/// Whether an area's name already says its group (so a page need not say it again).
pub(crate) fn names_group(name: &str, group: Option<&str>) -> bool {
    group.is_some_and(|g| name.starts_with(&format!("{}: ", g.trim())))
}

/// What an area's name is made of.
struct AreaKey<'a> {
    r#ref: Option<&'a str>,
    group: Option<&'a str>,
    title: &'a str,
}

impl<'a> AreaKey<'a> {
    fn stored(a: &'a StoredArea) -> Self {
        AreaKey {
            r#ref: a.r#ref.as_deref(),
            group: a.group.as_deref(),
            title: &a.title,
        }
    }

    /// "3. Title", or the title alone.
    fn plain(&self) -> String {
        match self.r#ref.map(str::trim).filter(|r| !r.is_empty()) {
            Some(r) => format!("{r}. {}", self.title.trim()),
            None => self.title.trim().to_string(),
        }
    }

    /// The plain name with the group first, when there is one.
    fn grouped(&self) -> String {
        match self.group.map(str::trim).filter(|g| !g.is_empty()) {
            Some(g) => format!("{g}: {}", self.plain()),
            None => self.plain(),
        }
    }
}

/// The name of `areas[i]`: plain while no other area reads the same, else with its
/// group, else (the same group too) with its place in the plan.
fn name_among(areas: &[AreaKey<'_>], i: usize) -> String {
    let unique = |names: Vec<String>| {
        let mine = names[i].to_lowercase();
        names
            .iter()
            .enumerate()
            .all(|(j, n)| j == i || n.to_lowercase() != mine)
    };
    if unique(areas.iter().map(AreaKey::plain).collect()) {
        areas[i].plain()
    } else if unique(areas.iter().map(AreaKey::grouped).collect()) {
        areas[i].grouped()
    } else {
        format!("{} (area {})", areas[i].grouped(), i + 1)
    }
}

/// An action as a breadcrumb or heading names it: its reference, else its first words.
pub(crate) fn action_name(a: &StoredAction) -> String {
    match &a.r#ref {
        Some(r) if !r.trim().is_empty() => format!("Action {r}"),
        _ => match a.wording() {
            Some(w) => {
                let short = w.short(8);
                match w.source.label() {
                    Some(l) => format!("{l}: {short}"),
                    None => short,
                }
            }
            None => NO_WORDS.to_string(),
        },
    }
}

/// The plan's own labels for a meaning ("Red, R"), or "" when it has none.
pub(crate) fn labels_for(plan: &StoredPlan, meaning: Option<Meaning>) -> String {
    match meaning {
        None => String::new(),
        Some(m) => plan
            .status_scheme
            .iter()
            .filter(|d| d.meaning == m)
            .map(|d| d.label.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use assure_domain::Area;

    fn area(r: Option<&str>, group: Option<&str>, title: &str) -> Area {
        Area {
            r#ref: r.map(str::to_string),
            group: group.map(str::to_string),
            title: title.into(),
            ..Area::default()
        }
    }

    #[test]
    fn areas_sharing_a_title_are_named_with_their_phase() {
        let areas = [
            area(None, None, "Strategic planning"),
            area(
                None,
                Some("PHASE 1 July-September 2020"),
                "Quality of plans",
            ),
            area(
                None,
                Some("PHASE 2 September 2020- March 2021"),
                "Quality of plans",
            ),
            area(
                Some("4"),
                Some("PHASE 2 September 2020- March 2021"),
                "Sufficiency",
            ),
        ];
        let names: Vec<String> = (0..areas.len())
            .map(|i| document_area_heading(&areas, i))
            .collect();
        assert_eq!(
            names,
            [
                "Strategic planning",
                "PHASE 1 July-September 2020: Quality of plans",
                "PHASE 2 September 2020- March 2021: Quality of plans",
                "4. Sufficiency",
            ]
        );
        assert!(names_group(&names[1], areas[1].group.as_deref()));
        assert!(!names_group(&names[3], areas[3].group.as_deref()));
    }

    #[test]
    fn areas_alike_in_every_word_are_told_apart_by_their_place() {
        let areas = [
            area(None, Some("Phase 1"), "Quality"),
            area(None, Some("phase 1"), "quality"),
        ];
        assert_eq!(
            document_area_heading(&areas, 0),
            "Phase 1: Quality (area 1)"
        );
        assert_eq!(
            document_area_heading(&areas, 1),
            "phase 1: quality (area 2)"
        );
    }
}
