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

/// An area as its heading reads.
pub(crate) fn area_heading(area: &StoredArea) -> String {
    match &area.r#ref {
        Some(r) => format!("{r}. {}", area.title),
        None => area.title.clone(),
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
