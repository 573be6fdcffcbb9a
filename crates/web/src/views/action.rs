//! One action: every field, its children and parent, its evidence, and a timeline of
//! its updates, status changes, evidence, sign-off and impact checks, each with who and
//! when. The buttons for what the person may do here are shown only to those allowed.

use crate::assets::components::Link;
use crate::auth::CurrentUser;
use crate::routes::{Access, PlanAccess, RouteDef, only};
use crate::views::chrome::Chrome;
pub(crate) use crate::views::naming::{action_name, area_heading};
use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::model::{AuditEvent, EvidenceKind, StoredAction, StoredArea, StoredPlan};
use assure_domain::roles::Permission;
use assure_domain::{AuditChange, AuditEntity, StatusValue, When};
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::Method;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use std::collections::HashMap;
use uuid::Uuid;

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    vec![RouteDef {
        method: Method::GET,
        path: "/plans/{plan_id}/actions/{action_id}",
        access: Access::Plan(Permission::ViewPlan),
        handler: only(Method::GET, get),
    }]
}

/// The path parameters of every action route.
#[derive(Debug, Deserialize)]
pub(crate) struct ActionPath {
    #[allow(dead_code)]
    pub plan_id: Uuid,
    pub action_id: Uuid,
}

/// A plan, and where one of its actions sits in it.
pub(crate) struct Located {
    pub plan: std::sync::Arc<StoredPlan>,
    pub area_index: usize,
    /// From the top-level action down to the action itself.
    pub chain: Vec<Uuid>,
}

impl Located {
    pub fn area(&self) -> &StoredArea {
        &self.plan.areas[self.area_index]
    }

    pub fn action(&self) -> &StoredAction {
        let id = *self.chain.last().expect("the chain ends at the action");
        self.plan.find_action(id).expect("located actions exist")
    }

    /// Plan → area → parents → the action (the current page, unlinked, last).
    pub fn breadcrumbs(&self, current_is_action: bool) -> Vec<Link> {
        let plan_id = self.plan.id;
        let mut out = vec![
            Link::new("Plans", "/plans"),
            Link::new(self.plan.title.clone(), format!("/plans/{plan_id}")),
            Link::text(area_heading(self.area())),
        ];
        for (i, id) in self.chain.iter().enumerate() {
            let Some(a) = self.plan.find_action(*id) else {
                continue;
            };
            let last = i + 1 == self.chain.len();
            if last && current_is_action {
                out.push(Link::text(action_name(a)));
            } else {
                out.push(Link::new(
                    action_name(a),
                    format!("/plans/{plan_id}/actions/{id}"),
                ));
            }
        }
        out
    }

    /// The action page's address.
    pub fn action_url(&self) -> String {
        format!("/plans/{}/actions/{}", self.plan.id, self.action().id)
    }
}

/// The action page's heading: its reference, else its whole wording when that is short
/// enough to be a heading (the page then does not repeat it underneath).
fn heading(a: &StoredAction) -> String {
    match (&a.r#ref, a.wording()) {
        (Some(r), _) if !r.trim().is_empty() => action_name(a),
        (_, Some(w)) if w.text.split_whitespace().count() <= 25 => w.labelled(),
        _ => action_name(a),
    }
}

fn find_chain(actions: &[StoredAction], id: Uuid, chain: &mut Vec<Uuid>) -> bool {
    for a in actions {
        chain.push(a.id);
        if a.id == id || find_chain(&a.children, id, chain) {
            return true;
        }
        chain.pop();
    }
    false
}

/// Loads the plan of `access` and finds `action_id` in it; an action of another plan is
/// not found.
pub(crate) async fn locate(
    state: &AppState,
    access: &PlanAccess,
    action_id: Uuid,
) -> Result<Located, Error> {
    let plan = state.plan(access.plan_id).await?;
    for (area_index, area) in plan.areas.iter().enumerate() {
        let mut chain = Vec::new();
        if find_chain(&area.actions, action_id, &mut chain) {
            return Ok(Located {
                plan,
                area_index,
                chain,
            });
        }
    }
    Err(Error::NotFound)
}

/// A date as people read it.
pub(crate) fn day(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// A moment as people read it.
pub(crate) fn moment(t: DateTime<Utc>) -> String {
    // As a clock in England shows it, BST included.
    assure_domain::clock::uk_time(t)
        .format("%-d %B %Y at %H:%M")
        .to_string()
}

/// A timescale: as written, and the date understood from it when that adds something.
pub(crate) fn when_text(w: &When) -> String {
    match w.date {
        Some(d) if day(d) != w.text => format!("{} (understood as {})", w.text, day(d)),
        _ => w.text.clone(),
    }
}

/// One entry of the timeline.
pub(crate) struct Entry {
    pub when: String,
    pub who: String,
    pub title: String,
    pub text: Option<String>,
    pub status: Option<StatusValue>,
}

/// A lead as the page shows it.
pub(crate) struct LeadView {
    pub text: String,
    pub person: Option<String>,
}

/// A piece of evidence as the page lists it.
pub(crate) struct EvidenceView {
    pub title: String,
    /// A link's address, or the file's download route.
    pub href: Option<String>,
    pub is_file: bool,
    pub detail: String,
}

pub(crate) fn evidence_views(plan_id: Uuid, a: &StoredAction) -> Vec<EvidenceView> {
    a.evidence
        .iter()
        .map(|e| match e.kind {
            EvidenceKind::File => EvidenceView {
                title: e.title.clone(),
                href: Some(format!("/plans/{plan_id}/evidence/{}", e.id)),
                is_file: true,
                detail: format!(
                    "File{}, added {}",
                    e.size
                        .map(|s| format!(", {}", file_size(s)))
                        .unwrap_or_default(),
                    day(assure_domain::clock::uk_date(e.created_at))
                ),
            },
            EvidenceKind::Link => EvidenceView {
                title: e.title.clone(),
                // Only web addresses become links: a reference as the plan wrote it
                // stays text.
                href: e
                    .url
                    .clone()
                    .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
                is_file: false,
                detail: format!(
                    "Link, added {}",
                    day(assure_domain::clock::uk_date(e.created_at))
                ),
            },
        })
        .collect()
}

fn file_size(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else if bytes >= 1024 {
        format!("{} KB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

fn status_of(v: Option<&serde_json::Value>) -> Option<StatusValue> {
    v.and_then(|v| serde_json::from_value::<Option<StatusValue>>(v.clone()).ok())
        .flatten()
}

fn text_of(v: Option<&serde_json::Value>, key: &str) -> Option<String> {
    v.and_then(|v| v.get(key))
        .and_then(|t| t.as_str())
        .map(str::to_string)
        .filter(|s| !s.is_empty())
}

/// The timeline: imported updates first (they have no event), then every event of the
/// action's trail, oldest first.
pub(crate) fn timeline(a: &StoredAction, events: &[AuditEvent]) -> Vec<Entry> {
    let mut out = Vec::new();
    let written: std::collections::HashSet<Uuid> = events
        .iter()
        .filter(|e| e.entity == AuditEntity::Update)
        .map(|e| e.entity_id)
        .collect();
    for u in a.updates.iter().filter(|u| !written.contains(&u.id)) {
        out.push(Entry {
            when: u.date.map(day).unwrap_or_else(|| "Undated".into()),
            who: "Imported from the plan".into(),
            title: "Update".into(),
            text: Some(u.text.clone()),
            status: None,
        });
    }
    for e in events {
        let after = e.after.as_ref();
        let before = e.before.as_ref();
        let (title, text, status) = match (e.entity, e.change) {
            (AuditEntity::Update, AuditChange::Create) => {
                let changed = after
                    .and_then(|v| v.get("status_changed"))
                    .and_then(serde_json::Value::as_bool)
                    .unwrap_or(false);
                let status = status_of(after.and_then(|v| v.get("status")));
                // Period labels read "October 2021 update" already.
                let mut title = match text_of(after, "period") {
                    Some(p) if p.ends_with(" update") => p,
                    Some(p) => format!("Update for {p}"),
                    None => "Update".into(),
                };
                if let Some(d) = after
                    .and_then(|v| v.get("date"))
                    .and_then(|d| d.as_str())
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                {
                    title = format!("{title}, dated {}", day(d));
                }
                if changed {
                    title = format!("{title} – status changed");
                }
                (title, text_of(after, "text"), status.filter(|_| changed))
            }
            (AuditEntity::Evidence, AuditChange::Create) => {
                ("Evidence added".into(), text_of(after, "title"), None)
            }
            (AuditEntity::Evidence, AuditChange::Delete) => {
                ("Evidence removed".into(), text_of(before, "title"), None)
            }
            (AuditEntity::Action, AuditChange::ProposeComplete) => (
                "Proposed complete".into(),
                after
                    .and_then(|v| v.get("signoff"))
                    .and_then(|s| s.get("proposal_note"))
                    .and_then(|n| n.as_str())
                    .map(str::to_string),
                None,
            ),
            (AuditEntity::Action, AuditChange::SignOff) => (
                "Signed off".into(),
                None,
                status_of(after.and_then(|v| v.get("status"))),
            ),
            (AuditEntity::Action, AuditChange::ImpactConfirmed) => (
                "Impact check: impact confirmed".into(),
                text_of(after, "note"),
                None,
            ),
            (AuditEntity::Action, AuditChange::Reopen) => (
                "Impact check: reopened".into(),
                text_of(after, "note"),
                status_of(after.and_then(|v| v.get("status"))),
            ),
            (AuditEntity::Action, AuditChange::Create) => ("Action added".into(), None, None),
            (AuditEntity::Action, AuditChange::SetLeads) => ("Leads changed".into(), None, None),
            (AuditEntity::Action, AuditChange::Update) => {
                let b = status_of(before.and_then(|v| v.get("status")));
                let s = status_of(after.and_then(|v| v.get("status")));
                if b == s {
                    ("Details edited".into(), None, None)
                } else {
                    ("Details edited – status changed".into(), None, s)
                }
            }
            (_, AuditChange::LinkLead) => ("Lead linked to a person".into(), None, None),
            (entity, change) => (
                format!("{entity}: {}", change.as_str().replace('_', " ")),
                None,
                None,
            ),
        };
        out.push(Entry {
            when: moment(e.at),
            who: e.actor.label.clone(),
            title,
            text,
            status,
        });
    }
    out
}

/// What the page can show after a form: `?done=update` and so on.
#[derive(Debug, Deserialize, Default)]
pub(crate) struct Done {
    pub done: Option<String>,
}

/// The success banner's words for a `done` flag.
fn done_text(done: Option<&str>) -> Option<&'static str> {
    Some(match done? {
        "update" => "Your update has been saved.",
        "evidence" => "The evidence has been added.",
        "proposed" => "The action has been proposed complete. It now awaits sign-off.",
        "signed-off" => "The action has been signed off.",
        "impact-confirmed" => "The impact check has been recorded: impact confirmed.",
        "reopened" => "The impact check has been recorded and the action reopened.",
        "edited" => "Your changes have been saved.",
        "added" => "The action has been added.",
        "deleted" => "The sub-action has been deleted.",
        _ => return None,
    })
}

/// What the person may do on this action.
pub(crate) struct Can {
    pub update: bool,
    pub evidence: bool,
    pub propose: bool,
    pub sign_off: bool,
    pub impact: bool,
    pub edit: bool,
    pub delete: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "action.html")]
pub(crate) struct ActionPage {
    chrome: Chrome,
    csrf_token: String,
    breadcrumbs: Vec<Link>,
    plan_id: Uuid,
    area: String,
    action: StoredAction,
    name: String,
    leads: Vec<LeadView>,
    parent: Option<Link>,
    children: Vec<Link>,
    evidence: Vec<EvidenceView>,
    timeline: Vec<Entry>,
    can: Can,
    banner: Option<&'static str>,
    awaiting: bool,
    /// What the plan's own key calls status ("BRAG status", "RAG status", "Status").
    status_name: &'static str,
}

impl ActionPage {
    fn start(&self) -> String {
        self.action
            .start
            .as_ref()
            .map(when_text)
            .unwrap_or_default()
    }

    fn due(&self) -> String {
        self.action.due.as_ref().map(when_text).unwrap_or_default()
    }

    fn signoff_text(&self) -> String {
        let Some(s) = &self.action.signoff else {
            return "Not proposed complete".into();
        };
        let mut out = format!(
            "Proposed complete by {} on {}",
            s.proposed_by.label,
            moment(s.proposed_at)
        );
        if let (Some(by), Some(at)) = (&s.signed_off_by, s.signed_off_at) {
            out.push_str(&format!(". Signed off by {} on {}", by.label, moment(at)));
        }
        if let Some(d) = s.impact_check_due {
            out.push_str(&format!(". Impact check due {}", day(d)));
        }
        out
    }
}

#[tracing::instrument(name = "web.views.action.get", skip_all)]
pub(crate) async fn get(
    State(state): State<AppState>,
    Extension(access): Extension<PlanAccess>,
    Extension(me): Extension<CurrentUser>,
    Path(path): Path<ActionPath>,
    Query(done): Query<Done>,
) -> Result<ActionPage, Error> {
    let located = locate(&state, &access, path.action_id).await?;
    let action = located.action().clone();
    let plan_id = located.plan.id;
    let people: HashMap<Uuid, String> = state
        .store
        .users(located.plan.org_id)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let events = state.store.audit_trail(action.id).await?;
    let leads_it = action.is_led_by(me.user.id);
    let allowed = |p| access.allows(p, leads_it);
    let proposed = action.signoff.is_some();
    let signed_off = action.signoff.as_ref().is_some_and(|s| s.is_signed_off());
    let can = Can {
        update: allowed(Permission::WriteUpdate),
        evidence: allowed(Permission::AddEvidence),
        propose: !proposed && allowed(Permission::ProposeComplete),
        sign_off: proposed && !signed_off && allowed(Permission::SignOff),
        impact: signed_off && allowed(Permission::RecordImpactCheck),
        edit: allowed(Permission::EditAction),
        delete: allowed(Permission::EditPlan),
    };
    let parent = if located.chain.len() > 1 {
        let pid = located.chain[located.chain.len() - 2];
        located
            .plan
            .find_action(pid)
            .map(|p| Link::new(action_name(p), format!("/plans/{plan_id}/actions/{pid}")))
    } else {
        None
    };
    let children = action
        .children
        .iter()
        .map(|c| {
            let words = crate::views::naming::words(c);
            let text = match &c.r#ref {
                Some(r) if !r.trim().is_empty() => format!("{r} – {words}"),
                _ => words,
            };
            Link::new(text, format!("/plans/{plan_id}/actions/{}", c.id))
        })
        .collect();
    Ok(ActionPage {
        chrome: Chrome::for_user(&me, "plans"),
        csrf_token: me.csrf_token.clone(),
        breadcrumbs: located.breadcrumbs(true),
        status_name: assure_domain::status::column_name(&located.plan.status_scheme),
        plan_id,
        area: area_heading(located.area()),
        name: heading(&action),
        leads: action
            .leads
            .iter()
            .map(|l| LeadView {
                text: l.text.clone(),
                person: l.person_id.and_then(|p| people.get(&p).cloned()),
            })
            .collect(),
        parent,
        children,
        evidence: evidence_views(plan_id, &action),
        timeline: timeline(&action, &events),
        can,
        banner: done_text(done.done.as_deref()),
        awaiting: proposed && !signed_off,
        action,
    })
}
