//! How the importer read a plan: each action table's columns with the meaning chosen,
//! how sure it is and why, and each row's class. A person checks this (the CLI's
//! `--show-reading`, the web preview) and corrects what was misread.

use serde::{Deserialize, Serialize};

use super::Builder;
use super::headers::{Header, Role};

/// What a row of a table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowClass {
    Header,
    Guidance,
    /// A heading row inside a table: a group (judgement area, outcome) or an area.
    Banner,
    /// A row that opens a new area by its area column.
    Area,
    Action,
    /// An action inside another (numbered under it, or split out of one cell).
    SubAction,
    /// A row whose action cell is empty: it continues the action above.
    Continuation,
    /// Page furniture: page numbers, version stamps, repeated running headers.
    Furniture,
    Empty,
    /// A row of a table that is not an action table (legend, glossary, narrative).
    Other,
}

impl RowClass {
    pub const ALL: [RowClass; 10] = [
        RowClass::Header,
        RowClass::Guidance,
        RowClass::Banner,
        RowClass::Area,
        RowClass::Action,
        RowClass::SubAction,
        RowClass::Continuation,
        RowClass::Furniture,
        RowClass::Empty,
        RowClass::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RowClass::Header => "header",
            RowClass::Guidance => "guidance",
            RowClass::Banner => "banner",
            RowClass::Area => "area",
            RowClass::Action => "action",
            RowClass::SubAction => "sub_action",
            RowClass::Continuation => "continuation",
            RowClass::Furniture => "furniture",
            RowClass::Empty => "empty",
            RowClass::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<RowClass> {
        RowClass::ALL
            .into_iter()
            .find(|c| c.as_str() == s.trim().to_ascii_lowercase().replace([' ', '-'], "_"))
    }
}

/// The meanings a column can be given (what a person may choose in a correction).
pub const MEANINGS: &[(&str, Option<Role>)] = &[
    ("area", Some(Role::Area)),
    ("reference", Some(Role::Ref)),
    ("action", Some(Role::Action)),
    ("lead", Some(Role::Lead)),
    ("sponsor", Some(Role::Sponsor)),
    ("timescale", Some(Role::Due)),
    ("start", Some(Role::Start)),
    ("status", Some(Role::Status)),
    ("update", Some(Role::Update)),
    ("assurance", Some(Role::Assurance)),
    ("impact", Some(Role::Impact)),
    ("measure", Some(Role::Measure)),
    ("milestone", Some(Role::Milestones)),
    ("evidence", Some(Role::Evidence)),
    ("resources", Some(Role::Resources)),
    ("parent action", Some(Role::Parent)),
    ("ignore", None),
];

/// The name of a column meaning ("timescale" for the due date column).
pub fn meaning_name(role: Option<Role>) -> &'static str {
    MEANINGS
        .iter()
        .find(|(_, r)| *r == role)
        .map(|(n, _)| *n)
        .unwrap_or("ignore")
}

/// A meaning by its name, with a few synonyms a person might write.
pub fn meaning_of(name: &str) -> Option<Option<Role>> {
    let n = name.trim().to_ascii_lowercase();
    let n = match n.as_str() {
        "ref" | "number" | "no" => "reference",
        "due" | "deadline" | "date" | "when" => "timescale",
        "owner" | "leads" | "who" => "lead",
        "milestones" => "milestone",
        "notes" | "progress" | "comments" => "update",
        "rag" | "status for a period" => "status",
        "none" | "skip" | "" => "ignore",
        other => other,
    };
    MEANINGS.iter().find(|(m, _)| *m == n).map(|(_, r)| *r)
}

/// One column of an action table as read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnReading {
    /// The action table (1-based, counting every table of the document).
    pub table: usize,
    /// The grid column (1-based).
    pub column: usize,
    /// The header as written ("" when the column has none).
    pub header: String,
    /// "area", "reference", … "ignore".
    pub meaning: String,
    pub confidence: f32,
    /// Why, when the meaning was not simply the header's words.
    pub reason: Option<String>,
}

/// One table row as read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowReading {
    pub table: usize,
    /// 1-based.
    pub row: usize,
    pub class: RowClass,
    pub confidence: f32,
    /// The row's first words, to recognise it by.
    pub text: String,
}

/// The whole reading.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    pub columns: Vec<ColumnReading>,
    pub rows: Vec<RowReading>,
    /// The header signature: the header rows' words, folded, for recognising a later
    /// file of the same layout.
    pub signature: String,
}

impl Reading {
    /// Rows read with less confidence than `below`.
    pub fn unsure_rows(&self, below: f32) -> impl Iterator<Item = &RowReading> {
        self.rows.iter().filter(move |r| r.confidence < below)
    }

    /// How many rows of each class.
    pub fn class_counts(&self) -> Vec<(RowClass, usize)> {
        RowClass::ALL
            .into_iter()
            .map(|c| (c, self.rows.iter().filter(|r| r.class == c).count()))
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// The reading as text, for `assure import --show-reading`.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        out.push_str("Columns (table, column: header -> meaning, confidence; why)\n");
        for c in &self.columns {
            let header = if c.header.is_empty() {
                "(no header)".to_string()
            } else {
                format!("“{}”", c.header)
            };
            out.push_str(&format!(
                "  table {} column {}: {} -> {} ({:.0}%)",
                c.table,
                c.column,
                header,
                c.meaning,
                c.confidence * 100.0
            ));
            if let Some(r) = &c.reason {
                out.push_str(&format!("; {r}"));
            }
            out.push('\n');
        }
        out.push_str("Rows by class:");
        for (c, n) in self.class_counts() {
            out.push_str(&format!(" {} {n},", c.as_str()));
        }
        if out.ends_with(',') {
            out.pop();
        }
        out.push('\n');
        out.push_str("Rows (table, row: class, confidence: first words)\n");
        for r in &self.rows {
            out.push_str(&format!(
                "  table {} row {}: {} ({:.0}%) {}\n",
                r.table,
                r.row,
                r.class.as_str(),
                r.confidence * 100.0,
                r.text
            ));
        }
        out.push_str(&format!("Header signature: {}\n", self.signature));
        out
    }
}

/// The first words of a text, for naming a row.
pub fn first_words(text: &str) -> String {
    let t = crate::table::fold_ws(text);
    let mut s: String = t.chars().take(60).collect();
    if s.chars().count() < t.chars().count() {
        s.push('…');
    }
    s
}

impl Builder {
    /// Notes a row's class (`row` is 0-based within the current table).
    pub(crate) fn reading_row(
        &mut self,
        _header_at: usize,
        row: usize,
        class: RowClass,
        confidence: f32,
    ) {
        self.note_row(row, class, confidence, String::new());
    }

    pub(crate) fn note_row(&mut self, row: usize, class: RowClass, confidence: f32, text: String) {
        let table = self.table_no;
        // Found by index, not by a search: a plan can have tens of thousands of rows.
        if let Some(r) = self
            .reading_index
            .get(&(table, row + 1))
            .and_then(|&i| self.reading.rows.get_mut(i))
        {
            r.class = class;
            r.confidence = confidence;
            if !text.is_empty() {
                r.text = first_words(&text);
            }
            return;
        }
        self.reading_index
            .insert((table, row + 1), self.reading.rows.len());
        self.reading.rows.push(RowReading {
            table,
            row: row + 1,
            class,
            confidence,
            text: first_words(&text),
        });
    }

    /// Notes a header row and its columns.
    pub(crate) fn reading_header(&mut self, row: usize, h: &Header) {
        let table = self.table_no;
        self.note_row(row, RowClass::Header, 0.9, h.names.join(" | "));
        self.reading.columns.retain(|c| c.table != table);
        for (i, (role, name)) in h.roles.iter().zip(&h.names).enumerate() {
            self.reading.columns.push(ColumnReading {
                table,
                column: i + 1,
                header: name.clone(),
                meaning: meaning_name(*role).to_string(),
                confidence: h.confidence.get(i).copied().unwrap_or(0.0),
                reason: h.reasons.get(i).cloned().flatten(),
            });
        }
        if self.reading.signature.is_empty() {
            self.reading.signature = signature(h);
        }
    }
}

/// The header's words, folded: two files of the same layout share it.
/// Dates and periods are left out: "Progress October 2021" is renamed every round.
pub fn signature(h: &Header) -> String {
    const MONTHS: &[&str] = &[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ];
    h.names
        .iter()
        .map(|n| {
            super::headers::norm(n)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| {
                    !w.is_empty()
                        && !w.chars().any(|c| c.is_ascii_digit())
                        && !MONTHS.iter().any(|m| {
                            w.starts_with(m) && w.len() <= 9 && {
                                let full = [
                                    "january",
                                    "february",
                                    "march",
                                    "april",
                                    "may",
                                    "june",
                                    "july",
                                    "august",
                                    "september",
                                    "october",
                                    "november",
                                    "december",
                                ];
                                w.len() <= 4 || full.contains(w)
                            }
                        })
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("|")
}
