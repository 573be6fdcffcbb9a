//! Timescales as councils write them: "July 2021", "30th July 2021", "Already in place",
//! "Monthly", "TBC", "End Sept 22", "Jan-17".

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A timescale cell understood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct When {
    /// The cell as written, whitespace folded.
    pub text: String,
    pub kind: WhenKind,
    /// For a month: the last day when due, the first day when a start.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub recurrence: Option<Recurrence>,
}

/// What sort of timescale a cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WhenKind {
    Date,
    Month,
    InPlace,
    Recurring,
    Tbc,
    Text,
}

impl WhenKind {
    /// The snake_case name used in the plan document and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            WhenKind::Date => "date",
            WhenKind::Month => "month",
            WhenKind::InPlace => "in_place",
            WhenKind::Recurring => "recurring",
            WhenKind::Tbc => "tbc",
            WhenKind::Text => "text",
        }
    }

    /// Parses the snake_case name.
    pub fn parse(s: &str) -> Option<WhenKind> {
        [
            WhenKind::Date,
            WhenKind::Month,
            WhenKind::InPlace,
            WhenKind::Recurring,
            WhenKind::Tbc,
            WhenKind::Text,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// How often a recurring timescale comes round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recurrence {
    Weekly,
    Fortnightly,
    Monthly,
    Quarterly,
    Annually,
}

impl Recurrence {
    /// The snake_case name used in the plan document and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Recurrence::Weekly => "weekly",
            Recurrence::Fortnightly => "fortnightly",
            Recurrence::Monthly => "monthly",
            Recurrence::Quarterly => "quarterly",
            Recurrence::Annually => "annually",
        }
    }

    /// Parses the snake_case name.
    pub fn parse(s: &str) -> Option<Recurrence> {
        [
            Recurrence::Weekly,
            Recurrence::Fortnightly,
            Recurrence::Monthly,
            Recurrence::Quarterly,
            Recurrence::Annually,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}
