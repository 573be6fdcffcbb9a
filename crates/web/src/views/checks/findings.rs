//! The plan checks on a stored plan, as its pages show them: each finding placed on its
//! action (or area, or the plan), and those a dismissal still holds for set apart.
//!
//! They run on every view (a 500-action plan takes a few milliseconds; see
//! `docs/benchmarks.md`), so what a page shows is always the plan as it is: a finding
//! fixed is gone, and a dismissed one whose cells changed is back.

use crate::{AppState, Error};
use assure_domain::checks::catalogue::{Check, check_named};
use assure_domain::checks::dismissal::{Dismissal, fingerprint};
use assure_domain::checks::{self, Finding, Settings};
use assure_domain::model::{StoredAction, StoredPlan};
use assure_domain::{Action, PlanDocument};
use chrono::NaiveDate;
use std::collections::HashMap;
use uuid::Uuid;

/// A finding, with the records it is about.
pub(crate) struct Placed {
    pub finding: Finding,
    /// The check, when the catalogue knows its code.
    pub check: Option<&'static Check>,
    pub area_id: Option<Uuid>,
    /// The action, for a finding about one.
    pub action_id: Option<Uuid>,
}

impl Placed {
    /// Whether it can be dismissed: a finding about an action's cells.
    pub fn dismissable(&self) -> bool {
        self.action_id.is_some() && self.check.is_some_and(|c| c.about_an_action())
    }

    /// The check's name for people, or its code when the catalogue does not know it.
    pub fn title(&self) -> &str {
        self.check.map_or(self.finding.code.as_str(), |c| c.title)
    }
}

/// The checks' answer for one plan.
pub(crate) struct Checked {
    /// The date the plan was read as of.
    pub as_of: NaiveDate,
    /// Findings no dismissal holds for, in the plan's order.
    pub active: Vec<Placed>,
    /// Findings dismissed, with the dismissal, in the plan's order.
    pub dismissed: Vec<(Placed, Dismissal)>,
}

impl Checked {
    /// How many findings each action has (those no dismissal holds for).
    pub fn count_by_action(&self) -> HashMap<Uuid, usize> {
        let mut out = HashMap::new();
        for p in &self.active {
            if let Some(id) = p.action_id {
                *out.entry(id).or_insert(0) += 1;
            }
        }
        out
    }

    /// The findings about one action.
    pub fn for_action(&self, id: Uuid) -> Vec<&Placed> {
        self.active
            .iter()
            .filter(|p| p.action_id == Some(id))
            .collect()
    }

    /// The finding of check `code` about action `id`, if one stands.
    pub fn find(&self, id: Uuid, code: &str) -> Option<&Placed> {
        self.active
            .iter()
            .find(|p| p.action_id == Some(id) && p.finding.code == code)
    }
}

/// The stored action at `path` (indexes into an area's actions, then children).
fn stored_at<'a>(plan: &'a StoredPlan, area: usize, path: &[usize]) -> Option<&'a StoredAction> {
    let (first, rest) = path.split_first()?;
    let mut a = plan.areas.get(area)?.actions.get(*first)?;
    for i in rest {
        a = a.children.get(*i)?;
    }
    Some(a)
}

/// The document action at `path`, as the checks read it.
fn document_at<'a>(doc: &'a PlanDocument, area: usize, path: &[usize]) -> Option<&'a Action> {
    let (first, rest) = path.split_first()?;
    let mut a = doc.areas.get(area)?.actions.get(*first)?;
    for i in rest {
        a = a.children.get(*i)?;
    }
    Some(a)
}

/// Runs the checks on `plan` as of `as_of`, and sets apart the findings a dismissal
/// still holds for (its fingerprint is that of the cells now).
pub(crate) fn run(plan: &StoredPlan, as_of: NaiveDate, dismissals: &[Dismissal]) -> Checked {
    let doc = plan.to_document();
    let findings = checks::check(&doc, as_of, &Settings::for_stored_plan(plan));
    let by_key: HashMap<(Uuid, &str), &Dismissal> = dismissals
        .iter()
        .map(|d| ((d.action_id, d.code.as_str()), d))
        .collect();
    let mut active = Vec::new();
    let mut dismissed = Vec::new();
    for finding in findings {
        let area = finding.area_index;
        let action = area.and_then(|i| stored_at(plan, i, &finding.action_path));
        let placed = Placed {
            check: check_named(&finding.code),
            area_id: area.and_then(|i| plan.areas.get(i)).map(|a| a.id),
            action_id: action.map(|a| a.id),
            finding,
        };
        // Only a finding someone dismissed is fingerprinted: the rest need not be.
        let holding = placed.action_id.and_then(|id| {
            let d = by_key.get(&(id, placed.finding.code.as_str()))?;
            let cells = document_at(&doc, area?, &placed.finding.action_path)?;
            let now = fingerprint(&placed.finding.code, cells)?;
            d.holds_for(&now).then(|| (*d).clone())
        });
        match holding {
            Some(d) => dismissed.push((placed, d)),
            None => active.push(placed),
        }
    }
    Checked {
        as_of,
        active,
        dismissed,
    }
}

/// The checks on a stored plan as of today (England's date), with its dismissals: worked
/// out once per revision of the plan and day (see `plan_cache`).
pub(crate) async fn checked(
    state: &AppState,
    plan: &std::sync::Arc<StoredPlan>,
) -> Result<std::sync::Arc<Checked>, Error> {
    state.checked(plan).await
}

/// The fingerprint of the cells finding `p` is about, now.
pub(crate) fn fingerprint_of(plan: &StoredPlan, p: &Placed) -> Option<String> {
    let action = plan.find_action(p.action_id?)?;
    fingerprint(&p.finding.code, &action.to_document())
}
