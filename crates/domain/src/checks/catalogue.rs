//! The checks by name: each code's title and what it finds, in the words of
//! `shared/spec/plan-checks.md`, and which cells of an action it reads — what a person
//! changes to answer it, and what a dismissal of it is about.

/// A cell (or group of cells) of an action that a check reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cell {
    /// The action's wording.
    Text,
    /// Its leads.
    Leads,
    /// Its start, timescale and milestones' dates.
    Timescale,
    /// How anyone will know it worked: assurance, impact, measure, milestones.
    Measures,
    /// Its status.
    Status,
    /// Its latest update (date and words).
    LatestUpdate,
    /// The evidence attached to it.
    Evidence,
}

/// One check: its code, its name for people, what it finds, and what it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check {
    pub code: &'static str,
    /// A short name ("No lead").
    pub title: &'static str,
    /// What it finds, in one sentence.
    pub finds: &'static str,
    /// The cells of an action it reads, the one to change first first. Empty for checks
    /// about an area or the whole plan, which cannot be dismissed.
    pub cells: &'static [Cell],
}

impl Check {
    /// Whether a finding of this check is about one action's cells (and so can be
    /// dismissed while they stay as they are).
    pub fn about_an_action(&self) -> bool {
        !self.cells.is_empty()
    }
}

/// Every check `check` runs, in the order the spec lists them.
pub const CHECKS: &[Check] = &[
    Check {
        code: "no_lead",
        title: "No lead",
        finds: "An action with no lead, or only a placeholder such as TBC.",
        cells: &[Cell::Leads],
    },
    Check {
        code: "lead_not_in_glossary",
        title: "Lead not in the glossary",
        finds: "A lead written in initials that the plan’s glossary does not list.",
        cells: &[Cell::Leads],
    },
    Check {
        code: "due_tbc",
        title: "Timescale to be confirmed",
        finds: "An action with no timescale, or one still to be confirmed.",
        cells: &[Cell::Timescale],
    },
    Check {
        code: "due_vague",
        title: "Vague timescale",
        finds: "A timescale that gives no date, such as “Spring” or “Following restructure”.",
        cells: &[Cell::Timescale],
    },
    Check {
        code: "vague_action",
        title: "Vague action",
        finds: "Wording that commits to nothing anyone could check, such as “further actions to be scoped”.",
        cells: &[Cell::Text],
    },
    Check {
        code: "no_measure",
        title: "Nothing measured",
        finds: "Nothing says how anyone will know the action worked.",
        cells: &[Cell::Measures],
    },
    Check {
        code: "complete_without_evidence",
        title: "Complete without evidence",
        finds: "An action marked complete with no evidence attached.",
        cells: &[Cell::Evidence, Cell::Status],
    },
    Check {
        code: "status_contradicts_update",
        title: "Status and update disagree",
        finds: "A status that says one thing while the latest update says another.",
        cells: &[Cell::Status, Cell::LatestUpdate],
    },
    Check {
        code: "status_contradicts_measure",
        title: "Status and measure disagree",
        finds: "An action reported on track while a measure linked to it has been off target for two periods or more.",
        cells: &[Cell::Status],
    },
    Check {
        code: "overdue_not_complete",
        title: "Overdue",
        finds: "A date that has passed on an action not reported complete.",
        cells: &[Cell::Timescale, Cell::Status, Cell::LatestUpdate],
    },
    Check {
        code: "stalled",
        title: "Stalled",
        finds: "The same status for three update periods (or as many as the plan sets) with no new update.",
        cells: &[Cell::LatestUpdate, Cell::Status],
    },
    Check {
        code: "uncovered_area",
        title: "Area not covered",
        finds: "An area for improvement with no action that has a lead, a date and a measure.",
        cells: &[],
    },
    Check {
        code: "plan_deadline",
        title: "Plan deadline",
        finds: "The plan must be in place within 70 working days of the inspection report.",
        cells: &[],
    },
];

/// The check with this code.
pub fn check_named(code: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_named() {
        let mut codes: Vec<&str> = CHECKS.iter().map(|c| c.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), CHECKS.len());
        assert_eq!(check_named("no_lead").map(|c| c.title), Some("No lead"));
        assert!(check_named("No_lead").is_none(), "codes are exact");
        assert!(check_named("plan_deadline").is_some_and(|c| !c.about_an_action()));
    }
}
