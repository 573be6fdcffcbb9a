//! What an action row is called when it is shown: its own words, or, for a row whose
//! action cell is empty (a row continuing the action above, carrying its own assurance,
//! milestone or measure), the first words it does have.
//!
//! Every list, table, heading and link names a row by this, so no row is ever shown
//! without words and no link is nameless.

/// Which cell the words came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Action,
    Assurance,
    Milestone,
    Measure,
    Impact,
    Resources,
    Update,
    Timescale,
}

impl Source {
    /// The label shown before words that are not the action's own ("Assurance: …").
    pub fn label(self) -> Option<&'static str> {
        match self {
            Source::Action => None,
            Source::Assurance => Some("How we are assured"),
            Source::Milestone => Some("Milestone"),
            Source::Measure => Some("Measure"),
            Source::Impact => Some("Impact"),
            Source::Resources => Some("Resources"),
            Source::Update => Some("Update"),
            Source::Timescale => Some("Timescale"),
        }
    }
}

/// A row's words and where they came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    /// Whitespace folded.
    pub text: String,
    pub source: Source,
}

impl Wording {
    /// The words, with their label when they are not the action's own.
    pub fn labelled(&self) -> String {
        match self.source.label() {
            Some(l) => format!("{l}: {}", self.text),
            None => self.text.clone(),
        }
    }

    /// The first `n` words, with an ellipsis when there are more.
    pub fn short(&self, n: usize) -> String {
        let count = self.text.split_whitespace().count();
        let mut s = self
            .text
            .split_whitespace()
            .take(n)
            .collect::<Vec<_>>()
            .join(" ");
        if count > n {
            s.push('…');
        }
        s
    }
}

/// The cells of a row, in the order their words are preferred.
pub struct Cells<'a> {
    pub text: &'a str,
    pub assurance: Option<&'a str>,
    pub milestones: Vec<&'a str>,
    pub measure: Option<&'a str>,
    pub impact: Option<&'a str>,
    pub resources: Option<&'a str>,
    pub updates: Vec<&'a str>,
    pub timescale: Option<&'a str>,
}

fn folded(s: &str) -> Option<String> {
    let f = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!f.is_empty()).then_some(f)
}

/// The first words the row has: its action, then assurance, milestone, measure, impact,
/// resources, an update, its timescale. `None` for a row with no words at all.
pub fn wording(c: &Cells<'_>) -> Option<Wording> {
    let candidates = std::iter::once((Source::Action, Some(c.text)))
        .chain(std::iter::once((Source::Assurance, c.assurance)))
        .chain(c.milestones.iter().map(|m| (Source::Milestone, Some(*m))))
        .chain(std::iter::once((Source::Measure, c.measure)))
        .chain(std::iter::once((Source::Impact, c.impact)))
        .chain(std::iter::once((Source::Resources, c.resources)))
        .chain(c.updates.iter().map(|u| (Source::Update, Some(*u))))
        .chain(std::iter::once((Source::Timescale, c.timescale)));
    for (source, text) in candidates {
        if let Some(text) = text.and_then(folded) {
            return Some(Wording { text, source });
        }
    }
    None
}

/// `wording()` for a row type with the plan's row fields (stored and imported rows alike).
macro_rules! row_wording {
    ($row:ty) => {
        impl $row {
            /// This row's words (see [`wording`]).
            pub fn wording(&self) -> Option<Wording> {
                wording(&Cells {
                    text: &self.text,
                    assurance: self.assurance.as_deref(),
                    milestones: self.milestones.iter().map(|m| m.text.as_str()).collect(),
                    measure: self.measure.as_deref(),
                    impact: self.impact.as_deref(),
                    resources: self.resources.as_deref(),
                    updates: self.updates.iter().map(|u| u.text.as_str()).collect(),
                    timescale: self.due.as_ref().map(|w| w.text.as_str()),
                })
            }
        }
    };
}

row_wording!(crate::model::StoredAction);
row_wording!(crate::document::Action);

#[cfg(test)]
mod tests {
    use super::*;

    fn cells<'a>(text: &'a str) -> Cells<'a> {
        Cells {
            text,
            assurance: None,
            milestones: vec![],
            measure: None,
            impact: None,
            resources: None,
            updates: vec![],
            timescale: None,
        }
    }

    #[test]
    fn the_action_its_own_words_first() {
        let w = wording(&cells("  Agree   a duty rota ")).unwrap();
        assert_eq!(w.text, "Agree a duty rota");
        assert_eq!(w.source, Source::Action);
        assert_eq!(w.labelled(), "Agree a duty rota");
    }

    #[test]
    fn a_continuing_row_is_named_by_the_first_words_it_has() {
        let mut c = cells("");
        c.measure = Some("Audits show 80% good");
        c.milestones = vec!["", "Training delivered"];
        let w = wording(&c).unwrap();
        assert_eq!(w.source, Source::Milestone);
        assert_eq!(w.text, "Training delivered");
        c.assurance = Some("Monthly audit report to DLT");
        let w = wording(&c).unwrap();
        assert_eq!(w.source, Source::Assurance);
        assert_eq!(
            w.labelled(),
            "How we are assured: Monthly audit report to DLT"
        );
        let mut c = cells(" ");
        c.impact = Some("Children seen sooner");
        assert_eq!(wording(&c).unwrap().source, Source::Impact);
        let mut c = cells("");
        c.timescale = Some("Monthly");
        assert_eq!(wording(&c).unwrap().labelled(), "Timescale: Monthly");
        assert_eq!(wording(&cells("")), None);
    }

    #[test]
    fn short_forms_end_with_an_ellipsis_only_when_cut() {
        let w = wording(&cells("one two three four")).unwrap();
        assert_eq!(w.short(3), "one two three…");
        assert_eq!(w.short(4), "one two three four");
    }
}
