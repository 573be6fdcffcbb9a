//! The live plan: what the plan document holds, plus what a running system needs —
//! stable ids, a version per record for conflict detection, times, people and their roles.

use crate::document::{
    Action, Area, FORMAT, GlossaryEntry, Inspection, Milestone, PlanDocument, StatusDef,
    StatusValue, Update,
};
use crate::when::When;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A council: every plan, person and file belongs to exactly one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

/// What a person may do across their organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgRole {
    /// Sees every plan of the organisation and manages its people.
    Admin,
    /// Sees the plans they are given a role on.
    Member,
}

impl OrgRole {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgRole::Admin => "admin",
            OrgRole::Member => "member",
        }
    }

    pub fn parse(s: &str) -> Option<OrgRole> {
        match s {
            "admin" => Some(OrgRole::Admin),
            "member" => Some(OrgRole::Member),
            _ => None,
        }
    }
}

/// A person who signs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: Uuid,
    pub org_id: Uuid,
    pub email: String,
    pub name: String,
    pub role: OrgRole,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

/// Who did something: a signed-in person, or the system on someone's command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: Option<Uuid>,
    /// What the audit trail shows: a name, or "cli" / "demo" for system work.
    pub label: String,
}

impl Actor {
    /// Work done by the system itself (the CLI, the demo loader).
    pub fn system(label: impl Into<String>) -> Self {
        Self {
            user_id: None,
            label: label.into(),
        }
    }

    /// Work done by a person.
    pub fn user(user: &User) -> Self {
        Self {
            user_id: Some(user.id),
            label: user.name.clone(),
        }
    }
}

/// One entry of the audit trail: who changed what, when, from what to what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub id: Uuid,
    pub org_id: Uuid,
    pub at: DateTime<Utc>,
    pub actor: Actor,
    /// "plan", "action", "update", "user", ...
    pub entity: String,
    pub entity_id: Uuid,
    /// "create", "update", "delete", ...
    pub change: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// A plan as listed: no areas or actions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanSummary {
    pub id: Uuid,
    pub org_id: Uuid,
    pub title: String,
    pub organisation: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub area_count: i64,
    pub action_count: i64,
}

/// A whole stored plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredPlan {
    pub id: Uuid,
    pub org_id: Uuid,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub title: String,
    pub organisation: Option<String>,
    pub inspection: Option<Inspection>,
    pub status_scheme: Vec<StatusDef>,
    pub glossary: Vec<GlossaryEntry>,
    pub narrative: Vec<String>,
    pub areas: Vec<StoredArea>,
}

/// A stored area and its actions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredArea {
    pub id: Uuid,
    pub version: i64,
    pub r#ref: Option<String>,
    pub group: Option<String>,
    pub title: String,
    pub objectives: Vec<String>,
    pub outcomes: Vec<String>,
    pub measures: Vec<String>,
    pub narrative: Vec<String>,
    pub actions: Vec<StoredAction>,
}

/// A lead as the plan writes it, and the person it has been linked to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lead {
    pub text: String,
    pub person_id: Option<Uuid>,
}

/// A stored progress update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredUpdate {
    pub id: Uuid,
    pub date: Option<NaiveDate>,
    pub text: String,
    pub author_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// A stored action, its children beneath it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredAction {
    pub id: Uuid,
    pub area_id: Uuid,
    pub parent_id: Option<Uuid>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub r#ref: Option<String>,
    pub text: String,
    pub leads: Vec<Lead>,
    pub sponsor: Option<String>,
    pub start: Option<When>,
    pub due: Option<When>,
    pub milestones: Vec<Milestone>,
    pub assurance: Option<String>,
    pub impact: Option<String>,
    pub measure: Option<String>,
    pub resources: Option<String>,
    pub updates: Vec<StoredUpdate>,
    pub status: Option<StatusValue>,
    pub evidence: Vec<String>,
    pub children: Vec<StoredAction>,
}

/// The fields of an action a person edits directly (not its updates or children).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionFields {
    pub r#ref: Option<String>,
    pub text: String,
    pub sponsor: Option<String>,
    pub start: Option<When>,
    pub due: Option<When>,
    pub assurance: Option<String>,
    pub impact: Option<String>,
    pub measure: Option<String>,
    pub resources: Option<String>,
    pub status: Option<StatusValue>,
}

impl StoredAction {
    /// The directly edited fields, for an edit form or an audit record.
    pub fn fields(&self) -> ActionFields {
        ActionFields {
            r#ref: self.r#ref.clone(),
            text: self.text.clone(),
            sponsor: self.sponsor.clone(),
            start: self.start.clone(),
            due: self.due.clone(),
            assurance: self.assurance.clone(),
            impact: self.impact.clone(),
            measure: self.measure.clone(),
            resources: self.resources.clone(),
            status: self.status.clone(),
        }
    }

    /// The action in plan-document form.
    pub fn to_document(&self) -> Action {
        Action {
            r#ref: self.r#ref.clone(),
            text: self.text.clone(),
            leads: self.leads.iter().map(|l| l.text.clone()).collect(),
            sponsor: self.sponsor.clone(),
            start: self.start.clone(),
            due: self.due.clone(),
            milestones: self.milestones.clone(),
            assurance: self.assurance.clone(),
            impact: self.impact.clone(),
            measure: self.measure.clone(),
            resources: self.resources.clone(),
            updates: self
                .updates
                .iter()
                .map(|u| Update {
                    date: u.date,
                    text: u.text.clone(),
                })
                .collect(),
            status: self.status.clone(),
            evidence: self.evidence.clone(),
            children: self
                .children
                .iter()
                .map(StoredAction::to_document)
                .collect(),
        }
    }

    /// This action and every descendant, parents first.
    pub fn walk(&self) -> Vec<&StoredAction> {
        let mut out = vec![self];
        for c in &self.children {
            out.extend(c.walk());
        }
        out
    }
}

impl StoredPlan {
    /// The plan in plan-document form, as `assure export` writes it.
    pub fn to_document(&self) -> PlanDocument {
        PlanDocument {
            format: FORMAT.to_string(),
            title: self.title.clone(),
            organisation: self.organisation.clone(),
            inspection: self.inspection.clone(),
            status_scheme: self.status_scheme.clone(),
            glossary: self.glossary.clone(),
            narrative: self.narrative.clone(),
            areas: self
                .areas
                .iter()
                .map(|a| Area {
                    r#ref: a.r#ref.clone(),
                    group: a.group.clone(),
                    title: a.title.clone(),
                    objectives: a.objectives.clone(),
                    outcomes: a.outcomes.clone(),
                    measures: a.measures.clone(),
                    narrative: a.narrative.clone(),
                    actions: a.actions.iter().map(StoredAction::to_document).collect(),
                })
                .collect(),
        }
    }

    /// Finds an action anywhere in the plan.
    pub fn find_action(&self, id: Uuid) -> Option<&StoredAction> {
        self.areas
            .iter()
            .flat_map(|a| a.actions.iter())
            .flat_map(StoredAction::walk)
            .find(|a| a.id == id)
    }
}
