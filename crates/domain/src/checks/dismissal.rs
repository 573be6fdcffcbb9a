//! Dismissing a finding: a person with a say over the action says why the finding does
//! not apply. The dismissal holds only while the cells the check reads are as they were
//! — the action's and its sub-rows' (checks read a row with the rows beneath it) — so a
//! [`fingerprint`] of those cells is kept with it; when they change, the finding is back.

use super::catalogue::{Cell, check_named};
use crate::document::Action;
use crate::model::Actor;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// A finding someone dismissed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dismissal {
    pub id: Uuid,
    pub action_id: Uuid,
    /// The check's code.
    pub code: String,
    /// The [`fingerprint`] of the cells the check read when it was dismissed.
    pub fingerprint: String,
    pub reason: String,
    pub dismissed_by: Actor,
    pub dismissed_at: DateTime<Utc>,
}

impl Dismissal {
    /// Whether it still holds for an action whose cells now give `current`.
    pub fn holds_for(&self, current: &str) -> bool {
        self.fingerprint == current
    }
}

/// What one cell of one row holds, as the fingerprint reads it.
fn cell(a: &Action, c: Cell) -> Value {
    match c {
        Cell::Text => json!(a.text),
        Cell::Leads => json!(a.leads),
        Cell::Timescale => json!({
            "start": a.start,
            "due": a.due,
            "milestones": a.milestones,
        }),
        Cell::Measures => json!({
            "assurance": a.assurance,
            "impact": a.impact,
            "measure": a.measure,
            "milestones": a.milestones,
        }),
        Cell::Status => json!(a.status),
        Cell::LatestUpdate => json!(a.updates.last()),
        Cell::Evidence => json!(a.evidence),
    }
}

/// The SHA-256 (hex) of the cells check `code` reads on `action` and the rows beneath
/// it; `None` for a code that is not a check about an action.
pub fn fingerprint(code: &str, action: &Action) -> Option<String> {
    let check = check_named(code).filter(|c| c.about_an_action())?;
    fn walk(a: &Action, cells: &[Cell], out: &mut Vec<Value>) {
        out.push(Value::Array(cells.iter().map(|c| cell(a, *c)).collect()));
        for child in &a.children {
            walk(child, cells, out);
        }
    }
    let mut rows = Vec::new();
    walk(action, check.cells, &mut rows);
    // serde_json's maps are ordered by key, so the same cells always give the same text.
    let text = json!({ "code": code, "rows": rows }).to_string();
    let digest = Sha256::digest(text.as_bytes());
    Some(digest.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Update;
    use crate::status::Meaning;
    use crate::when::When;
    use crate::{StatusValue, WhenKind};
    use chrono::NaiveDate;

    fn action() -> Action {
        Action {
            text: "Audit every care plan".into(),
            leads: vec!["TBC".into()],
            due: Some(When {
                text: "March 2026".into(),
                kind: WhenKind::Month,
                date: NaiveDate::from_ymd_opt(2026, 3, 31),
                recurrence: None,
            }),
            status: Some(StatusValue {
                label: "Green".into(),
                meaning: Meaning::OnTrack,
            }),
            updates: vec![Update {
                date: None,
                text: "Not started".into(),
            }],
            ..Action::default()
        }
    }

    #[test]
    fn the_same_cells_give_the_same_fingerprint() {
        let a = fingerprint("no_lead", &action()).expect("a check about an action");
        assert_eq!(a.len(), 64);
        assert_eq!(Some(a.clone()), fingerprint("no_lead", &action()));
        assert_ne!(
            Some(a),
            fingerprint("due_tbc", &action()),
            "the code counts"
        );
    }

    #[test]
    fn only_the_cells_the_check_reads_count() {
        let before = fingerprint("no_lead", &action());
        let mut other = action();
        other.text = "Audit every care plan twice".into();
        other.updates.push(Update {
            date: None,
            text: "Started".into(),
        });
        assert_eq!(
            fingerprint("no_lead", &other),
            before,
            "wording is not the lead"
        );
        other.leads = vec!["HoS CP".into()];
        assert_ne!(fingerprint("no_lead", &other), before);
    }

    #[test]
    fn a_new_latest_update_or_a_sub_row_change_brings_it_back() {
        let before = fingerprint("status_contradicts_update", &action());
        let mut newer = action();
        newer.updates.push(Update {
            date: None,
            text: "Still not started".into(),
        });
        assert_ne!(fingerprint("status_contradicts_update", &newer), before);

        let lead = fingerprint("no_lead", &action());
        let mut with_child = action();
        with_child.children.push(Action {
            leads: vec!["Named later".into()],
            ..Action::default()
        });
        assert_ne!(fingerprint("no_lead", &with_child), lead);
    }

    #[test]
    fn checks_of_areas_and_plans_and_unknown_codes_have_none() {
        assert_eq!(fingerprint("uncovered_area", &action()), None);
        assert_eq!(fingerprint("plan_deadline", &action()), None);
        assert_eq!(fingerprint("drop table", &action()), None);
        assert_eq!(fingerprint("", &action()), None);
    }

    #[test]
    fn every_code_the_checks_give_is_in_the_catalogue() {
        use crate::checks::{Settings, check};
        use crate::document::{Area, PlanDocument};
        let mut complete = action();
        complete.status = Some(StatusValue {
            label: "Blue".into(),
            meaning: Meaning::Complete,
        });
        complete.leads = vec![];
        let vague = Action {
            text: "Further actions to be scoped with partners".into(),
            due: Some(When {
                text: "Following restructure".into(),
                kind: WhenKind::Text,
                date: None,
                recurrence: None,
            }),
            ..Action::default()
        };
        let doc = PlanDocument {
            format: crate::FORMAT.into(),
            title: "A plan".into(),
            organisation: None,
            inspection: None,
            status_scheme: Vec::new(),
            glossary: Vec::new(),
            narrative: Vec::new(),
            measures: Vec::new(),
            areas: vec![
                Area {
                    title: "Care plans".into(),
                    actions: vec![action(), complete, vague, Action::default()],
                    ..Area::default()
                },
                Area {
                    title: "Nothing yet".into(),
                    ..Area::default()
                },
            ],
        };
        let settings = Settings {
            evidence_tracked: true,
            report_published: NaiveDate::from_ymd_opt(2026, 1, 5),
            plan_in_place: None,
            from_file: false,
            update_cadence: crate::periods::Cadence::Monthly.into(),
            stalled_periods: crate::checks::STALLED_PERIODS,
        };
        let as_of = NaiveDate::from_ymd_opt(2026, 1, 6).expect("date");
        let findings = check(&doc, as_of, &settings);
        let mut seen: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
        seen.sort_unstable();
        seen.dedup();
        assert!(
            seen.len() >= 7,
            "a varied plan gives varied findings: {seen:?}"
        );
        for code in seen {
            assert!(check_named(code).is_some(), "{code} is in the catalogue");
        }
    }
}
