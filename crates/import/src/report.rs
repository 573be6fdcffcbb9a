//! The import report: what was read, and each thing a person should look at before
//! trusting the import.
//!
//! The text form is for a performance officer, not a developer: concerns are named in
//! the words a council uses ("Date to be confirmed", "No lead"), grouped with a count
//! and a line on what to do, and each one says where it is (area and action reference,
//! or table and row when the row has no reference).

use serde::Serialize;

/// What a reviewer should look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Concern {
    /// A column whose heading we do not know; its cells were kept in area narrative.
    UnknownColumn,
    /// Text we could not place in a field; it was kept in narrative.
    UnplacedText,
    /// A timescale still "TBC".
    TbcDate,
    /// An action with no timescale at all.
    MissingDate,
    /// A timescale we could not read as a date, a month, in place or a recurrence.
    UnreadDate,
    /// An action with no lead.
    NoLead,
    /// A lead the plan's glossary does not list.
    LeadNotInGlossary,
    /// A status label we could not give a meaning.
    UnknownStatus,
    /// A row read as the rest of the row above (split over a page break).
    JoinedRow,
    /// A row with no action text, read as continuing the action above.
    ContinuationRow,
    /// One row whose action cell held numbered sub-actions, read as several actions.
    SplitRow,
}

impl Concern {
    /// The concern in a performance officer's words.
    pub fn title(self) -> &'static str {
        match self {
            Concern::UnknownColumn => "Column not recognised",
            Concern::UnplacedText => "Text not placed",
            Concern::TbcDate => "Date to be confirmed",
            Concern::MissingDate => "No timescale",
            Concern::UnreadDate => "Timescale not understood",
            Concern::NoLead => "No lead",
            Concern::LeadNotInGlossary => "Lead not in the glossary",
            Concern::UnknownStatus => "Status not understood",
            Concern::JoinedRow => "Row joined to the row above",
            Concern::ContinuationRow => "Row read as part of the action above",
            Concern::SplitRow => "Row read as several actions",
        }
    }

    /// What was done with it, and what a person should do.
    pub fn advice(self) -> &'static str {
        match self {
            Concern::UnknownColumn => {
                "The column's text was kept in the area's notes; move it to a field if it belongs in one."
            }
            Concern::UnplacedText => {
                "A table that is not an action table; its text was kept in the plan's notes."
            }
            Concern::TbcDate => "Set a date when it is known.",
            Concern::MissingDate => "The action has no timescale; add one.",
            Concern::UnreadDate => {
                "The timescale was kept as written but gives no date; check it or add a date."
            }
            Concern::NoLead => "Name who leads the action.",
            Concern::LeadNotInGlossary => {
                "The plan's glossary does not list this lead; add it or correct the spelling."
            }
            Concern::UnknownStatus => {
                "The status was kept as written but read as not started; check its meaning."
            }
            Concern::JoinedRow => {
                "A row with nothing to identify it, read as the rest of the row above (split at a page break)."
            }
            Concern::ContinuationRow => {
                "A row with no action text, read as a step of the action above."
            }
            Concern::SplitRow => {
                "Numbered sub-actions in one cell became separate actions, the cells beside them paired line by line; check the pairing."
            }
        }
    }

    /// The order concerns are listed in: what blocks tracking first.
    fn rank(self) -> u8 {
        match self {
            Concern::NoLead => 0,
            Concern::MissingDate => 1,
            Concern::TbcDate => 2,
            Concern::UnreadDate => 3,
            Concern::UnknownStatus => 4,
            Concern::LeadNotInGlossary => 5,
            Concern::UnknownColumn => 6,
            Concern::UnplacedText => 7,
            Concern::JoinedRow => 8,
            Concern::ContinuationRow => 9,
            Concern::SplitRow => 10,
        }
    }
}

/// One thing to look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportItem {
    pub concern: Concern,
    /// The area it is in ("Area 2" or the area's title), when it is in one.
    pub area: Option<String>,
    /// Where in the area or the document: "action 2.3", "table 1, row 4".
    pub location: String,
    /// The text concerned, as written.
    pub text: String,
}

impl ReportItem {
    /// "Area 2, action 2.3", "table 1, row 4".
    pub fn place(&self) -> String {
        match (&self.area, self.location.is_empty()) {
            (Some(a), false) => format!("{a}, {}", self.location),
            (Some(a), true) => a.clone(),
            (None, _) => upper_first(&self.location),
        }
    }
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Counts and concerns for one import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// "docx", "xlsx", "csv" or "text".
    pub format: String,
    pub tables: usize,
    pub rows_read: usize,
    pub areas: usize,
    pub actions: usize,
    pub children: usize,
    pub milestones: usize,
    pub updates: usize,
    pub items: Vec<ReportItem>,
    /// What the reading guessed rather than read from a header ("table 1, column 4
    /// has no header; read as timescale because 9 of 10 cells are dates").
    pub guesses: Vec<String>,
}

/// The most items listed under one concern; the rest are counted.
const LIST_AT_MOST: usize = 50;

impl ImportReport {
    pub fn note(&mut self, concern: Concern, location: impl Into<String>, text: impl Into<String>) {
        self.items.push(ReportItem {
            concern,
            area: None,
            location: location.into(),
            text: text.into(),
        });
    }

    /// How many items there are of a concern.
    pub fn count(&self, concern: Concern) -> usize {
        self.items.iter().filter(|i| i.concern == concern).count()
    }

    /// The things to check as a plan keeps them (`assure_domain::import_report`): each
    /// concern in words, its place, and its text cut to what a plan keeps.
    pub fn to_keep(&self) -> Vec<assure_domain::import_report::ReportItem> {
        use assure_domain::import_report::{MAX_LABEL_CHARS, MAX_TEXT_CHARS, ReportItem, clip};
        self.items
            .iter()
            .map(|i| ReportItem {
                concern: i.concern.title().to_string(),
                place: clip(&i.place(), MAX_LABEL_CHARS),
                text: clip(&i.text, MAX_TEXT_CHARS),
                advice: i.concern.advice().to_string(),
            })
            .collect()
    }

    /// The report as text for `assure import --format text`.
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "Read {} ({} {}, {} {}): {} {}, {} {} ({} continuing {}), {} {}, {} {}.\n",
            self.format,
            self.tables,
            plural(self.tables, "table", "tables"),
            self.rows_read,
            plural(self.rows_read, "row", "rows"),
            self.areas,
            plural(self.areas, "area", "areas"),
            self.actions,
            plural(self.actions, "action", "actions"),
            self.children,
            plural(self.children, "row", "rows"),
            self.milestones,
            plural(self.milestones, "milestone", "milestones"),
            self.updates,
            plural(self.updates, "update", "updates"),
        );
        if !self.guesses.is_empty() {
            s.push_str("How we read columns we were not told about:\n");
            for g in &self.guesses {
                s.push_str(&format!("  - {g}\n"));
            }
        }
        if self.items.is_empty() {
            s.push_str("Nothing needs checking.\n");
            return s;
        }
        s.push_str(&format!(
            "{} {} to check:\n",
            self.items.len(),
            plural(self.items.len(), "thing", "things")
        ));
        let mut concerns: Vec<Concern> = Vec::new();
        for i in &self.items {
            if !concerns.contains(&i.concern) {
                concerns.push(i.concern);
            }
        }
        concerns.sort_by_key(|c| c.rank());
        for c in concerns {
            let items: Vec<&ReportItem> = self.items.iter().filter(|i| i.concern == c).collect();
            s.push_str(&format!("\n{} ({})\n", c.title(), items.len()));
            s.push_str(&format!("  {}\n", c.advice()));
            // The same short text in several places ("TBC", a lead's initials) is one
            // line that lists the places.
            let mut lines: Vec<(String, Vec<String>)> = Vec::new();
            for i in &items {
                let short = i.text.chars().count() <= 40;
                match lines.iter_mut().find(|(t, _)| short && *t == i.text) {
                    Some((_, places)) => places.push(i.place()),
                    None => lines.push((i.text.clone(), vec![i.place()])),
                }
            }
            for (text, places) in lines.iter().take(LIST_AT_MOST) {
                s.push_str(&format!("  - {}: {}\n", places.join("; "), quote(text)));
            }
            if lines.len() > LIST_AT_MOST {
                s.push_str(&format!("  … and {} more\n", lines.len() - LIST_AT_MOST));
            }
        }
        s
    }
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

/// The text on one line, at most 100 characters, in quotes.
fn quote(text: &str) -> String {
    let flat = crate::table::fold_ws(&text.replace('\n', " / "));
    let mut t: String = flat.chars().take(100).collect();
    if t.chars().count() < flat.chars().count() {
        t.push('…');
    }
    format!("“{t}”")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_groups_concerns_in_plain_words() {
        let mut r = ImportReport {
            format: "docx".into(),
            tables: 1,
            rows_read: 4,
            areas: 1,
            actions: 3,
            ..Default::default()
        };
        r.note(Concern::TbcDate, "action 1.2", "TBC");
        r.note(Concern::NoLead, "action 1.3", "Write the\nguidance");
        r.note(Concern::TbcDate, "table 1, row 4", "tbc");
        for i in &mut r.items {
            i.area = Some("Area 1".into());
        }
        r.note(Concern::UnplacedText, "table 2, row 1", "Notes | more");
        let t = r.to_text();
        assert!(t.contains("4 rows"), "{t}");
        assert!(t.contains("4 things to check"), "{t}");
        assert!(t.contains("Date to be confirmed (2)"), "{t}");
        assert!(t.contains("  - Area 1, action 1.2: “TBC”"), "{t}");
        assert!(t.contains("  - Area 1, table 1, row 4: “tbc”"), "{t}");
        r.note(Concern::TbcDate, "action 2.1", "TBC");
        r.items.last_mut().unwrap().area = Some("Area 2".into());
        let t = r.to_text();
        assert!(
            t.contains("  - Area 1, action 1.2; Area 2, action 2.1: “TBC”"),
            "{t}"
        );
        assert!(t.contains("No lead (1)"), "{t}");
        assert!(t.contains("“Write the / guidance”"), "{t}");
        assert!(t.contains("  - Table 2, row 1: “Notes | more”"), "{t}");
        // no Rust names
        assert!(!t.contains("TbcDate") && !t.contains("NoLead"), "{t}");
        // most pressing first
        assert!(t.find("No lead").unwrap() < t.find("Date to be confirmed").unwrap());
    }
}
