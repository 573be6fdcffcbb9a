//! Status schemes: the plan's own labels (BRAG colours, RAG, or symbols such as ✓ and ↓)
//! and the fixed set of meanings Assure reasons with.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What a status label means, whatever the plan calls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Meaning {
    NotStarted,
    OffTrack,
    AtRisk,
    OnTrack,
    Ahead,
    Complete,
}

impl Meaning {
    /// Every meaning, in the order a report lists them.
    pub const ALL: [Meaning; 6] = [
        Meaning::Complete,
        Meaning::Ahead,
        Meaning::OnTrack,
        Meaning::AtRisk,
        Meaning::OffTrack,
        Meaning::NotStarted,
    ];

    /// The snake_case name used in the plan document and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Meaning::NotStarted => "not_started",
            Meaning::OffTrack => "off_track",
            Meaning::AtRisk => "at_risk",
            Meaning::OnTrack => "on_track",
            Meaning::Ahead => "ahead",
            Meaning::Complete => "complete",
        }
    }

    /// Parses the snake_case name.
    pub fn parse(s: &str) -> Option<Meaning> {
        Meaning::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// Words for people: "Off track".
    pub fn describe(self) -> &'static str {
        match self {
            Meaning::NotStarted => "Not started",
            Meaning::OffTrack => "Off track",
            Meaning::AtRisk => "At risk",
            Meaning::OnTrack => "On track",
            Meaning::Ahead => "Ahead",
            Meaning::Complete => "Complete",
        }
    }
}

impl fmt::Display for Meaning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
