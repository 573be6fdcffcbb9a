//! The import report: what was read, and each thing a person should look at before
//! trusting the import.

use serde::Serialize;

/// What a reviewer should look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
}

/// One thing to look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportItem {
    pub concern: Concern,
    /// Where: "area 2, action 2.3" or "table 1, row 4".
    pub location: String,
    /// The text concerned, as written.
    pub text: String,
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
}

impl ImportReport {
    pub fn note(&mut self, concern: Concern, location: impl Into<String>, text: impl Into<String>) {
        self.items.push(ReportItem {
            concern,
            location: location.into(),
            text: text.into(),
        });
    }

    /// The report as text for `assure import --format text`.
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "Read {} ({} tables, {} rows): {} areas, {} actions ({} continuing rows), {} milestones, {} updates.\n",
            self.format,
            self.tables,
            self.rows_read,
            self.areas,
            self.actions,
            self.children,
            self.milestones,
            self.updates
        );
        if self.items.is_empty() {
            s.push_str("Nothing needs checking.\n");
        } else {
            s.push_str(&format!("{} things to check:\n", self.items.len()));
            for i in &self.items {
                let mut t: String = i.text.chars().take(100).collect();
                if t.len() < i.text.len() {
                    t.push('…');
                }
                s.push_str(&format!(
                    "- {:?} at {}: {}\n",
                    i.concern,
                    i.location,
                    t.replace('\n', " / ")
                ));
            }
        }
        s
    }
}
