//! A finding as pages show it: where it is, its sentences, the link to the field that
//! answers it (for those who may change that field) and to dismiss it (for those who
//! answer for the action).

use super::findings::Placed;
use crate::routing::PlanAccess;
use crate::views::glossary::add_href;
use crate::views::naming::{action_name, area_heading};
use assure_domain::checks::catalogue::Cell;
use assure_domain::checks::glossary::leads_not_in_glossary;
use assure_domain::checks::{Finding, Severity};
use assure_domain::model::{StoredAction, StoredPlan};
use assure_domain::roles::Permission;
use uuid::Uuid;

/// A link whose text is completed, for screen readers, by hidden words of context.
pub(crate) struct ContextLink {
    pub text: String,
    pub hidden: String,
    pub href: String,
}

/// One finding on a page.
pub(crate) struct FindingView {
    /// The element id, for links to it.
    pub id: String,
    /// The check's name ("No lead").
    pub title: String,
    /// The row it is about: "Action 2.3", an area's heading, or "The plan as a whole".
    pub place: String,
    /// The row's first words, when it is an action's.
    pub words: String,
    /// The action's page.
    pub href: Option<String>,
    pub severity: &'static str,
    /// The GOV.UK tag colour of the severity (its words are always shown too).
    pub severity_class: &'static str,
    pub message: String,
    pub why: String,
    pub fix: String,
    pub fix_link: Option<ContextLink>,
    pub dismiss: Option<ContextLink>,
}

/// The severity in words, and its tag's colour.
fn severity(s: Severity) -> (&'static str, &'static str) {
    match s {
        Severity::Error => ("Error", "govuk-tag--red"),
        Severity::Warning => ("Warning", "govuk-tag--yellow"),
        Severity::Advice => ("Advice", "govuk-tag--blue"),
    }
}

/// Where a cell is changed: the page (after the action's address), the anchor of its
/// field, the link's words, and who may.
fn where_changed(cell: Cell) -> (&'static str, &'static str, Permission) {
    match cell {
        Cell::Text => ("/edit#text", "Change the wording", Permission::EditAction),
        Cell::Leads => ("/edit#leads", "Change the leads", Permission::EditAction),
        Cell::Timescale => ("/edit#due", "Change the timescale", Permission::EditAction),
        Cell::Measures => (
            "/edit#measure",
            "Say how it is measured",
            Permission::EditAction,
        ),
        Cell::Status => ("/update#status", "Write an update", Permission::WriteUpdate),
        Cell::LatestUpdate => ("/update#text", "Write an update", Permission::WriteUpdate),
        Cell::Evidence => ("/evidence#title", "Add evidence", Permission::AddEvidence),
    }
}

/// Presents findings for one person, on the plan they are about.
pub(crate) struct Presenter<'a> {
    pub plan: &'a StoredPlan,
    pub access: &'a PlanAccess,
    pub me: Uuid,
    /// Where a dismissal sends the person back to: "checks" or "action".
    pub back: &'static str,
}

impl Presenter<'_> {
    /// For a lead the glossary does not list (and does not spell another way), the form
    /// that adds it, prefilled, returning here: for those who may change the plan.
    fn glossary_link(&self, f: &Finding, a: &StoredAction, place: &str) -> Option<ContextLink> {
        if f.code != "lead_not_in_glossary" || !self.access.allows(Permission::EditPlan, false) {
            return None;
        }
        let glossary: Vec<_> = self.plan.glossary.iter().map(|g| g.entry()).collect();
        let leads: Vec<String> = a.leads.iter().map(|l| l.text.clone()).collect();
        let missing = leads_not_in_glossary(&leads, &glossary);
        let (lead, _) = missing.iter().find(|(_, spelled)| spelled.is_none())?;
        let plan_id = self.plan.id;
        let back = match self.back {
            "action" => format!("/plans/{plan_id}/actions/{}#findings", a.id),
            _ => format!("/plans/{plan_id}/checks"),
        };
        Some(ContextLink {
            text: format!("Add \u{201c}{lead}\u{201d} to the glossary"),
            hidden: format!(" (a lead of {place})"),
            href: add_href(plan_id, lead, &back),
        })
    }

    fn action(&self, p: &Placed) -> Option<&StoredAction> {
        self.plan.find_action(p.action_id?)
    }

    /// Whether the person may dismiss findings about `action`.
    pub fn may_dismiss(&self, action: &StoredAction) -> bool {
        self.access
            .allows(Permission::DismissFinding, action.is_led_by(self.me))
    }

    pub fn view(&self, n: usize, p: &Placed) -> FindingView {
        let plan_id = self.plan.id;
        let f = &p.finding;
        let action = self.action(p);
        let (place, words, href) = match action {
            Some(a) => (
                action_name(a),
                if a.r#ref.as_deref().is_some_and(|r| !r.trim().is_empty()) {
                    crate::views::naming::words(a)
                } else {
                    String::new()
                },
                Some(format!("/plans/{plan_id}/actions/{}", a.id)),
            ),
            None => match p
                .area_id
                .and_then(|id| self.plan.areas.iter().find(|a| a.id == id))
            {
                Some(area) => (
                    format!("Area {}", area_heading(self.plan, area)),
                    String::new(),
                    None,
                ),
                None => ("The plan as a whole".to_string(), String::new(), None),
            },
        };
        let fix_link = action.and_then(|a| self.glossary_link(f, a, &place));
        let fix_link = fix_link.or_else(|| {
            let a = action?;
            let leads = a.is_led_by(self.me);
            p.check?.cells.iter().find_map(|cell| {
                let (suffix, text, permission) = where_changed(*cell);
                self.access.allows(permission, leads).then(|| ContextLink {
                    text: text.to_string(),
                    hidden: format!(" of {place}"),
                    href: format!("/plans/{plan_id}/actions/{}{suffix}", a.id),
                })
            })
        });
        // An area no action covers: add one (for those who may), or see its actions.
        let fix_link = fix_link.or_else(|| {
            let area = p.area_id.filter(|_| action.is_none())?;
            let hidden = format!(" to {place}");
            if self.access.allows(Permission::EditAction, false) {
                Some(ContextLink {
                    text: "Add an action".into(),
                    hidden,
                    href: format!("/plans/{plan_id}/areas/{area}/actions/new"),
                })
            } else {
                Some(ContextLink {
                    text: "See its actions".into(),
                    hidden: format!(" in {place}"),
                    href: format!("/plans/{plan_id}/actions#area-{area}"),
                })
            }
        });
        let dismiss = action
            .filter(|a| p.dismissable() && self.may_dismiss(a))
            .map(|a| ContextLink {
                text: "Dismiss".into(),
                hidden: format!(" the finding “{}” on {place}", p.title()),
                href: format!(
                    "/plans/{plan_id}/actions/{}/dismiss?code={}&from={}",
                    a.id, f.code, self.back
                ),
            });
        let (severity, severity_class) = severity(f.severity);
        FindingView {
            id: format!("finding-{n}"),
            title: p.title().to_string(),
            place,
            words,
            href,
            severity,
            severity_class,
            message: f.message.clone(),
            why: f.why.clone(),
            fix: f.fix.clone(),
            fix_link,
            dismiss,
        }
    }
}
