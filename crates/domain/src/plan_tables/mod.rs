//! A whole plan as tables, for the Word and Excel exports that people edit and import
//! again: the layout (which tables, which columns), the plan written into it
//! ([`write::tables`]) and read back from it ([`read::recognise`]).
//!
//! The layout is the contract between the writers (crates/report) and the importer
//! (crates/import), so it lives here, pure. Every value is visible in a cell: there is
//! no hidden copy of the plan, so what a person changes in Word or Excel is what comes
//! back. Lists (leads, objectives, evidence) are one entry a line; updates, milestones
//! and a measure's targets and values have tables of their own, tied to their action or
//! measure by its number.

pub mod read;
pub mod write;

use crate::status::Meaning;
use chrono::NaiveDate;

pub use read::recognise;
pub use write::tables;

/// One table of the layout: a sheet in Excel, a headed table in Word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// The sheet's name and the Word heading above the table.
    pub name: &'static str,
    /// What the table holds, for assistive technology.
    pub caption: &'static str,
    pub headers: &'static [&'static str],
}

pub const PLAN: Layout = Layout {
    name: "Plan",
    caption: "The plan's title, council, inspection and narrative",
    headers: &["Plan field", "Value", "Detail"],
};
pub const STATUS_KEY: Layout = Layout {
    name: "Status key",
    caption: "The plan's statuses and what each means",
    headers: &["Status", "Meaning", "Description"],
};
pub const GLOSSARY: Layout = Layout {
    name: "Glossary",
    caption: "Abbreviations the plan uses",
    headers: &["Abbreviation", "Stands for", "Name"],
};
pub const AREAS: Layout = Layout {
    name: "Areas",
    caption: "The plan's areas for improvement",
    headers: &["Area no.", "Area ref", "Group", "Area"],
};
pub const AREA_TEXT: Layout = Layout {
    name: "Area text",
    caption: "Each area's objectives, outcomes, success measures and narrative, one a row",
    headers: &["Area no.", "Part", "Text"],
};
pub const ACTIONS: Layout = Layout {
    name: "Actions",
    caption: "Every action, sub-actions under their parent",
    headers: &[
        "Action no.",
        "Area no.",
        "Level",
        "Ref",
        "Action",
        "Leads",
        "Sponsor",
        "Start",
        "Start date",
        "Start kind",
        "Due",
        "Due date",
        "Due kind",
        "Status",
        "Assurance",
        "Impact",
        "Measure",
        "Resources",
        "Evidence",
    ],
};
pub const MILESTONES: Layout = Layout {
    name: "Milestones",
    caption: "Each action's milestones",
    headers: &[
        "Action no.",
        "Milestone",
        "Milestone due",
        "Milestone date",
        "Milestone kind",
    ],
};
pub const UPDATES: Layout = Layout {
    name: "Updates",
    caption: "Progress updates, oldest first",
    headers: &["Action no.", "Update date", "Update"],
};
pub const MEASURES: Layout = Layout {
    name: "Measures",
    caption: "The plan's measures",
    headers: &[
        "Measure no.",
        "Measure name",
        "Definition",
        "Unit",
        "Direction",
        "Frequency",
        "Source",
        "Owner",
        "Target now",
        "Tolerance",
        "Measure status",
        "Links",
    ],
};
pub const TARGETS: Layout = Layout {
    name: "Targets",
    caption: "Each measure's targets over time",
    headers: &["Measure no.", "Target from", "Target", "Upper", "Reason"],
};
pub const VALUES: Layout = Layout {
    name: "Values",
    caption: "Each measure's values",
    headers: &["Measure no.", "Period", "Value", "Note"],
};

/// Every table, in the order they are written.
pub const LAYOUTS: [Layout; 11] = [
    PLAN, STATUS_KEY, GLOSSARY, AREAS, AREA_TEXT, ACTIONS, MILESTONES, UPDATES, MEASURES, TARGETS,
    VALUES,
];

/// The rows of the Plan table, by their first cell.
pub mod field {
    pub const TITLE: &str = "Title";
    pub const COUNCIL: &str = "Council";
    pub const FRAMEWORK: &str = "Inspection framework";
    pub const KIND: &str = "Inspection kind";
    pub const DATES: &str = "Inspection dates";
    pub const PUBLISHED: &str = "Inspection report published";
    pub const JUDGEMENT: &str = "Judgement";
    pub const NARRATIVE: &str = "Narrative";
}

/// The parts of an area in the Area text table, by their Part cell.
pub mod part {
    pub const OBJECTIVE: &str = "Objective";
    pub const OUTCOME: &str = "Outcome";
    pub const MEASURE: &str = "Success measure";
    pub const NARRATIVE: &str = "Narrative";
}

/// Put before a line that a reader would take for a list item and strip the bullet of
/// ("- ", "o ", "•"): the word joiner, which shows as nothing and is not whitespace.
const GUARD: char = '\u{2060}';

/// The bullets Word leaves at the start of a typed list item (as the importer knows them).
const BULLETS: &[char] = &[
    '▪', '•', '·', '◦', '●', '■', '□', '➢', '►', '\u{f0a7}', '\u{f0b7}',
];

fn needs_guard(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some(c) if BULLETS.contains(&c) || c == GUARD => true,
        Some('-' | '–' | 'o') => chars.as_str().starts_with(' '),
        _ => false,
    }
}

/// `text` with each line that starts like a list item guarded, so it reads back whole.
pub fn protect(text: &str) -> String {
    if !text.split('\n').any(needs_guard) {
        return text.to_string();
    }
    text.split('\n')
        .map(|l| {
            if needs_guard(l) {
                format!("{GUARD}{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text [`protect`] wrote, as it was.
pub fn unprotect(text: &str) -> String {
    if !text.contains(GUARD) {
        return text.to_string();
    }
    text.split('\n')
        .map(|l| l.strip_prefix(GUARD).unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A cell's value as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    /// Text; `\n` separates its lines (paragraphs in Word).
    Text(String),
    /// An action's wording, indented by its depth (0 = top level).
    Action(String, usize),
    /// A real date in Excel; `d Mon yyyy` in Word.
    Date(NaiveDate),
    Number(f64),
    /// A status shown in the plan's colours.
    Status(String, Meaning),
}

impl Value {
    /// Text (its list-like lines guarded: [`protect`]), or [`Value::Empty`] when there
    /// is none.
    pub fn text(s: impl Into<String>) -> Value {
        let s = s.into();
        if s.is_empty() {
            Value::Empty
        } else {
            Value::Text(protect(&s))
        }
    }

    /// The cell's text as Word shows it.
    pub fn shown(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) | Value::Action(s, _) | Value::Status(s, _) => s.clone(),
            Value::Date(d) => show_date(*d),
            Value::Number(n) => n.to_string(),
        }
    }
}

/// One table filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub layout: Layout,
    /// One value per header, in the layout's order.
    pub rows: Vec<Vec<Value>>,
}

/// A date as the Word export writes it: "5 Jan 2026".
pub fn show_date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// A date as a person or Excel may write it: "5 Jan 2026", "05/01/2026", "2026-01-05",
/// "5 January 2026".
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    [
        "%d %b %Y", "%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d-%b-%Y", "%d-%b-%y",
    ]
    .iter()
    .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Action, Area, PlanDocument};

    #[test]
    fn lines_a_reader_would_take_for_list_items_are_guarded_and_come_back() {
        for text in ["- a", "o b", "• c", "·d", "– e", "\u{2060}f", "x\n- y\nz"] {
            let kept = protect(text);
            assert_ne!(kept, text, "{text:?} is guarded");
            assert_eq!(unprotect(&kept), text);
        }
        for text in ["-a", "on it", "a - b", "plain"] {
            assert_eq!(protect(text), text, "{text:?} needs no guard");
        }
    }

    #[test]
    fn dates_read_as_word_excel_or_a_person_writes_them() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 5).expect("a day");
        assert_eq!(show_date(d), "5 Jan 2026");
        for s in [
            "5 Jan 2026",
            "05/01/2026",
            "2026-01-05",
            "5 January 2026",
            " 5 Jan 2026 ",
        ] {
            assert_eq!(parse_date(s), Some(d), "{s}");
        }
        assert_eq!(parse_date("soon"), None);
    }

    fn grids(doc: &PlanDocument) -> Vec<read::Grid> {
        tables(doc)
            .iter()
            .map(|t| {
                let mut rows = vec![t.layout.headers.iter().map(|h| h.to_string()).collect()];
                rows.extend(
                    t.rows
                        .iter()
                        .map(|r| r.iter().map(Value::shown).collect::<Vec<_>>()),
                );
                rows
            })
            .collect()
    }

    fn plan() -> PlanDocument {
        let mut doc = PlanDocument::new("Plan");
        doc.areas.push(Area {
            title: "Area".into(),
            objectives: vec!["First\nwith a second line".into(), "- second".into()],
            actions: vec![Action {
                text: "Do it".into(),
                children: vec![Action::default()],
                ..Action::default()
            }],
            ..Area::default()
        });
        doc
    }

    #[test]
    fn the_tables_read_back_as_the_plan_and_other_tables_are_not_taken_for_them() {
        let doc = plan();
        assert_eq!(recognise(&grids(&doc)), Some(Ok(doc)));
        let other = vec![vec![vec!["Action".to_string(), "Lead".to_string()]]];
        assert_eq!(recognise(&other), None);
    }

    #[test]
    fn a_cell_that_cannot_be_read_is_named_by_table_row_and_column() {
        let mut g = grids(&plan());
        let actions = g
            .iter()
            .position(|t| t[0][0] == "Action no.")
            .expect("the Actions table");
        g[actions][2][2] = "4".into();
        let e = recognise(&g)
            .expect("ours")
            .expect_err("level 4 under level 1");
        assert!(e.starts_with("the Actions table, row 3, “Level”"), "{e}");
        g[actions][2][2] = "x".into();
        let e = recognise(&g).expect("ours").expect_err("not a number");
        assert_eq!(e, "the Actions table, row 3, “Level”: “x” is not a number");
    }
}
