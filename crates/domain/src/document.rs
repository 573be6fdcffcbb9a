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
    /// The plan's measures (KPIs), when it keeps any. Written only when there are some,
    /// so a plan without measures reads and writes as it always has.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<crate::measures::MeasureDoc>,
}

/// The inspection the plan answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Inspection {
    #[serde(default)]
    pub framework: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    /// As the plan writes them ("2 to 13 March 2020").
    #[serde(default)]
    pub dates: Option<String>,
    #[serde(default)]
    pub judgements: Vec<Judgement>,
    /// When the inspection report was published: the plan is due 70 working days later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_published: Option<NaiveDate>,
}

impl Inspection {
    /// Whether nothing at all is known of the inspection.
    pub fn is_empty(&self) -> bool {
        self.framework.is_none()
            && self.kind.is_none()
            && self.dates.is_none()
            && self.report_published.is_none()
            && self.judgements.is_empty()
    }

    /// Checks what a person typed before it is kept: one-line fields of at most
    /// [`MAX_INSPECTION_CHARS`], at most [`MAX_JUDGEMENTS`] judgements, each with an area
    /// and a grade.
    ///
    /// # Errors
    /// The first problem, in words for people.
    pub fn check(&self) -> Result<(), String> {
        let long = |s: &Option<String>| {
            s.as_deref()
                .is_some_and(|s| s.chars().count() > MAX_INSPECTION_CHARS)
        };
        for (what, s) in [
            ("the framework", &self.framework),
            ("the kind of inspection", &self.kind),
            ("the inspection dates", &self.dates),
        ] {
            if long(s) {
                return Err(format!(
                    "{what} must be {MAX_INSPECTION_CHARS} characters or fewer"
                ));
            }
        }
        if self.judgements.len() > MAX_JUDGEMENTS {
            return Err(format!(
                "an inspection has at most {MAX_JUDGEMENTS} judgements"
            ));
        }
        for (i, j) in self.judgements.iter().enumerate() {
            if j.area.trim().is_empty() || j.grade.trim().is_empty() {
                return Err(format!("judgement {} needs an area and a grade", i + 1));
            }
            if j.area.chars().count() > MAX_INSPECTION_CHARS
                || j.grade.chars().count() > MAX_INSPECTION_CHARS
            {
                return Err(format!(
                    "judgement {} must be {MAX_INSPECTION_CHARS} characters or fewer",
                    i + 1
                ));
            }
        }
        Ok(())
    }
}

/// The longest framework, kind, dates, judgement area or grade, in characters.
pub const MAX_INSPECTION_CHARS: usize = 500;
/// The most judgements one inspection has (Ofsted gives four or five).
pub const MAX_JUDGEMENTS: usize = 50;

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
    #[error(
        "the plan has {} actions; Assure holds plans of up to {} actions, so split it into smaller plans (one per area, say) and import each",
        grouped(*.found as u64),
        grouped(*.max as u64)
    )]
    TooManyActions { found: usize, max: usize },
    #[error(
        "the plan document would take more than {} MB once read; Assure holds plans of up to {} actions",
        .max / (1024 * 1024),
        grouped(MAX_ACTIONS as u64)
    )]
    JsonTooLarge { max: u64 },
}

/// A count as people write it: 185845 as "185,845".
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// How deep children may nest: far beyond any real plan, and a bound on recursion.
pub const MAX_DEPTH: usize = 32;

/// The most actions (sub-actions included) one plan may have. Real plans have tens to a
/// few hundred; this is far beyond them, and it bounds what a plan costs every page that
/// shows it (a 185,845-action import made a 160 MB table page).
pub const MAX_ACTIONS: usize = 20_000;

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
            measures: Vec::new(),
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
        let found = self.action_count();
        if found > MAX_ACTIONS {
            return Err(DocumentError::TooManyActions {
                found,
                max: MAX_ACTIONS,
            });
        }
        Ok(())
    }

    /// How many actions the plan has, sub-actions included.
    pub fn action_count(&self) -> usize {
        // Iterative, like `Action::depth`: it runs before the depth is known to be bounded.
        let mut n = 0;
        let mut stack: Vec<&Action> = self.areas.iter().flat_map(|a| &a.actions).collect();
        while let Some(a) = stack.pop() {
            n += 1;
            stack.extend(&a.children);
        }
        n
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

/// The most memory a plan document read from JSON may take (see [`check_json`]): a plan
/// of [`MAX_ACTIONS`] actions with 16 MB of text weighs about 35 MB.
pub const MAX_JSON_WEIGHT: u64 = 64 * 1024 * 1024;

/// Checks, before parsing, that the plan document in `json` stays within
/// [`MAX_JSON_WEIGHT`] once read. Parsing trusts the text's shape: `{}` (two bytes) is
/// an action of hundreds, so eighty megabytes of them would take gigabytes.
///
/// # Errors
/// [`DocumentError::JsonTooLarge`] when it would not.
pub fn check_json(json: &[u8]) -> Result<(), DocumentError> {
    if json_weight(json) > MAX_JSON_WEIGHT {
        return Err(DocumentError::JsonTooLarge {
            max: MAX_JSON_WEIGHT,
        });
    }
    Ok(())
}

/// What `json` takes once parsed, estimated from above in one pass: its bytes (every
/// string's text is in them) plus, for each element of a list, the size of what that
/// list holds (an action for `actions` and `children`, a string for `leads`, …).
/// Lists under keys a plan document does not have are counted as lists of strings,
/// although parsing skips them.
pub fn json_weight(json: &[u8]) -> u64 {
    use std::mem::size_of;
    enum Frame {
        Object { key: Vec<u8>, expect_key: bool },
        Array { size: u64, empty: bool },
    }
    let element = |key: &[u8]| -> u64 {
        (match key {
            b"actions" | b"children" => size_of::<Action>(),
            b"areas" => size_of::<Area>(),
            b"milestones" => size_of::<Milestone>(),
            b"updates" => size_of::<Update>(),
            b"status_scheme" => size_of::<StatusDef>(),
            b"glossary" => size_of::<GlossaryEntry>(),
            b"judgements" => size_of::<Judgement>(),
            _ => size_of::<String>(),
        }) as u64
    };
    let mut weight = json.len() as u64;
    let mut stack: Vec<Frame> = Vec::new();
    let (mut in_string, mut escaped) = (false, false);
    let mut string = Vec::new();
    for &b in json {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
                if let Some(Frame::Object { key, expect_key }) = stack.last_mut()
                    && *expect_key
                {
                    *key = std::mem::take(&mut string);
                }
            } else if string.len() < 32 {
                string.push(b);
            }
            continue;
        }
        if b.is_ascii_whitespace() {
            continue;
        }
        // A value begins: it is an element of the list it is in.
        if let Some(Frame::Array { size, empty }) = stack.last_mut()
            && b != b']'
            && b != b','
            && *empty
        {
            *empty = false;
            weight = weight.saturating_add(*size);
        }
        match b {
            b'"' => {
                in_string = true;
                string.clear();
            }
            b'{' => stack.push(Frame::Object {
                key: Vec::new(),
                expect_key: true,
            }),
            b'[' => {
                let size = match stack.last() {
                    Some(Frame::Object { key, .. }) => element(key),
                    _ => size_of::<String>() as u64,
                };
                stack.push(Frame::Array { size, empty: true });
            }
            b'}' | b']' => {
                stack.pop();
            }
            b':' => {
                if let Some(Frame::Object { expect_key, .. }) = stack.last_mut() {
                    *expect_key = false;
                }
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { expect_key, .. }) => *expect_key = true,
                Some(Frame::Array { empty, .. }) => *empty = true,
                None => {}
            },
            _ => {}
        }
    }
    weight
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_in_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(185_845), "185,845");
        assert_eq!(grouped(20_000_000), "20,000,000");
    }

    fn plan_of(n: usize) -> PlanDocument {
        let mut doc = PlanDocument::new("Plan");
        let mut area = Area {
            title: "Area".into(),
            ..Area::default()
        };
        // Half of them sub-actions, so the count includes children.
        for i in 0..n / 2 {
            area.actions.push(Action {
                text: format!("Action {i}"),
                children: vec![Action::default()],
                ..Action::default()
            });
        }
        if n % 2 == 1 {
            area.actions.push(Action::default());
        }
        doc.areas.push(area);
        doc
    }

    #[test]
    fn a_plan_over_the_maximum_size_is_refused_with_what_was_found() {
        assert_eq!(plan_of(MAX_ACTIONS).validate(), Ok(()));
        let e = plan_of(MAX_ACTIONS + 1).validate().unwrap_err();
        assert_eq!(
            e,
            DocumentError::TooManyActions {
                found: MAX_ACTIONS + 1,
                max: MAX_ACTIONS
            }
        );
        let said = e.to_string();
        assert!(said.contains("20,001 actions"), "{said}");
        assert!(said.contains("up to 20,000 actions"), "{said}");
    }

    #[test]
    fn json_is_weighed_by_what_it_becomes() {
        let plan = plan_of(MAX_ACTIONS);
        let json = serde_json::to_vec(&plan).expect("json");
        assert!(check_json(&json).is_ok());
        let weight = json_weight(&json);
        let actions = MAX_ACTIONS as u64 * std::mem::size_of::<Action>() as u64;
        assert!(weight >= json.len() as u64 + actions, "{weight}");
        // Two bytes that parse as an action of hundreds.
        let mut hostile = String::from(
            r#"{"format":"assure.plan/1","title":"T","areas":[{"title":"A","actions":["#,
        );
        hostile.push_str(&"{},".repeat(100_000));
        hostile.push_str(r#"{}]}]}"#);
        assert!(hostile.len() < 1_000_000);
        assert!(json_weight(hostile.as_bytes()) > 100_000 * std::mem::size_of::<Action>() as u64);
        assert!(check_json(hostile.as_bytes()).is_ok());
        let bigger = hostile.replace("{},", "{},{},{},");
        assert_eq!(
            check_json(bigger.as_bytes()),
            Err(DocumentError::JsonTooLarge {
                max: MAX_JSON_WEIGHT
            })
        );
        // Keys in strings and escaped quotes do not confuse it.
        let tricky = br#"{"title":"\"actions\":[{},{}]","areas":[]}"#;
        assert_eq!(json_weight(tricky), tricky.len() as u64);
    }
}
