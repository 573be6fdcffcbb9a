//! The plan document (`assure.plan/1`): the JSON form of one improvement action plan.
//!
//! It is what an import produces, what an export writes, and what the fixtures hold.
//! The contract is `shared/spec/plan-document.md`; field names here follow it exactly.
//! Every optional field serialises as `null` (never omitted) and every list as `[]`, so
//! an export always carries every key of the contract.

use crate::status::Meaning;
use crate::when::When;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The value of the `format` key.
pub const FORMAT: &str = "assure.plan/1";

/// One improvement action plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanDocument {
    /// Always [`FORMAT`].
    pub format: String,
    /// The plan's own heading.
    pub title: String,
    /// The council, where the document names it.
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub inspection: Option<Inspection>,
    /// The status legend as declared, else the labels the plan uses.
    #[serde(default)]
    pub status_scheme: Vec<StatusDef>,
    #[serde(default)]
    pub glossary: Vec<GlossaryEntry>,
    /// Text outside the tables, in order.
    #[serde(default)]
    pub narrative: Vec<String>,
    #[serde(default)]
    pub areas: Vec<Area>,
}

/// The inspection the plan answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Inspection {
    #[serde(default)]
    pub framework: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub dates: Option<String>,
    #[serde(default)]
    pub judgements: Vec<Judgement>,
}

/// One judgement of the inspection: an area and its grade, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Judgement {
    pub area: String,
    pub grade: String,
}

/// One status of the plan's own scheme ("Blue", "✓", "Amber").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusDef {
    pub label: String,
    pub meaning: Meaning,
    #[serde(default)]
    pub description: Option<String>,
}

/// An abbreviation the plan uses, with what it stands for and who holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlossaryEntry {
    pub abbreviation: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

/// An area for improvement, an Ofsted recommendation or a finding.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Area {
    #[serde(default)]
    pub r#ref: Option<String>,
    /// A heading above areas: a judgement area or a phase.
    #[serde(default)]
    pub group: Option<String>,
    pub title: String,
    #[serde(default)]
    pub objectives: Vec<String>,
    #[serde(default)]
    pub outcomes: Vec<String>,
    #[serde(default)]
    pub measures: Vec<String>,
    #[serde(default)]
    pub narrative: Vec<String>,
    #[serde(default)]
    pub actions: Vec<Action>,
}

/// One row of an action table, with the rows that continue it as children.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Action {
    #[serde(default)]
    pub r#ref: Option<String>,
    /// The action wording; empty for a row that continues the action above.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub leads: Vec<String>,
    /// A second, senior owner ("DLT lead").
    #[serde(default)]
    pub sponsor: Option<String>,
    #[serde(default)]
    pub start: Option<When>,
    #[serde(default)]
    pub due: Option<When>,
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    /// "How are we assured".
    #[serde(default)]
    pub assurance: Option<String>,
    #[serde(default)]
    pub impact: Option<String>,
    #[serde(default)]
    pub measure: Option<String>,
    #[serde(default)]
    pub resources: Option<String>,
    /// Oldest first.
    #[serde(default)]
    pub updates: Vec<Update>,
    #[serde(default)]
    pub status: Option<StatusValue>,
    #[serde(default)]
    pub evidence: Vec<String>,
    #[serde(default)]
    pub children: Vec<Action>,
}

/// A milestone of an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub text: String,
    #[serde(default)]
    pub due: Option<When>,
}

/// A progress update, dated when the plan dates it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Update {
    #[serde(default)]
    pub date: Option<NaiveDate>,
    pub text: String,
}

/// An action's status: the plan's label and what it means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusValue {
    pub label: String,
    pub meaning: Meaning,
}

/// Why a plan document was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DocumentError {
    #[error("not a plan document: \"format\" is {found:?}, expected \"{FORMAT}\"")]
    WrongFormat { found: String },
    #[error("the plan has no title")]
    NoTitle,
    #[error("area {index} has no title")]
    AreaWithoutTitle { index: usize },
    #[error("the plan is nested more than {max} actions deep (area {area})")]
    TooDeep { area: usize, max: usize },
}

/// How deep children may nest: far beyond any real plan, and a bound on recursion.
pub const MAX_DEPTH: usize = 32;

impl PlanDocument {
    /// An empty plan with the given title.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            format: FORMAT.to_string(),
            title: title.into(),
            organisation: None,
            inspection: None,
            status_scheme: Vec::new(),
            glossary: Vec::new(),
            narrative: Vec::new(),
            areas: Vec::new(),
        }
    }

    /// Checks what the store relies on: the format tag, titles, and a bounded depth.
    ///
    /// # Errors
    /// The first problem found, naming where it is.
    pub fn validate(&self) -> Result<(), DocumentError> {
        if self.format != FORMAT {
            return Err(DocumentError::WrongFormat {
                found: self.format.clone(),
            });
        }
        if self.title.trim().is_empty() {
            return Err(DocumentError::NoTitle);
        }
        for (i, area) in self.areas.iter().enumerate() {
            if area.title.trim().is_empty() {
                return Err(DocumentError::AreaWithoutTitle { index: i + 1 });
            }
            let depth = area.actions.iter().map(Action::depth).max().unwrap_or(0);
            if depth > MAX_DEPTH {
                return Err(DocumentError::TooDeep {
                    area: i + 1,
                    max: MAX_DEPTH,
                });
            }
        }
        Ok(())
    }

    /// Every action of the plan, children after their parent, with its depth (0 = top).
    pub fn actions(&self) -> Vec<(usize, &Action)> {
        let mut out = Vec::new();
        for area in &self.areas {
            for action in &area.actions {
                action.walk(0, &mut out);
            }
        }
        out
    }
}

impl Action {
    /// How many levels this action spans: 1 for an action with no children.
    pub fn depth(&self) -> usize {
        // Iterative, so a hostile document cannot overflow the stack here.
        let mut max = 0;
        let mut stack = vec![(self, 1usize)];
        while let Some((a, d)) = stack.pop() {
            max = max.max(d);
            stack.extend(a.children.iter().map(|c| (c, d + 1)));
        }
        max
    }

    fn walk<'a>(&'a self, depth: usize, out: &mut Vec<(usize, &'a Action)>) {
        out.push((depth, self));
        for c in &self.children {
            c.walk(depth + 1, out);
        }
    }
}
