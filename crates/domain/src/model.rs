//! The live plan: what the plan document holds, plus what a running system needs —
//! stable ids, a version per record for conflict detection, times, people and their roles.

use crate::audit::{AuditChange, AuditEntity};
use crate::document::{
    Action, Area, FORMAT, GlossaryEntry, Inspection, Milestone, PlanDocument, StatusDef,
    StatusValue, Update,
};
use crate::periods::Cadence;
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
    /// Disabled by an administrator: cannot sign in, not offered as a lead.
    #[serde(default)]
    pub disabled: bool,
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
    /// What kind of record changed.
    pub entity: AuditEntity,
    pub entity_id: Uuid,
    /// The action, plan, person or organisation the change concerns, whose trail shows
    /// it (an update's action, an area's plan). `None` only for events recorded before
    /// subjects were kept.
    pub subject_id: Option<Uuid>,
    /// The plan the change belongs to, when it belongs to one.
    pub plan_id: Option<Uuid>,
    /// What happened to it.
    pub change: AuditChange,
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
    /// The plan it is attached to, if any.
    #[serde(default)]
    pub parent_id: Option<Uuid>,
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
    pub glossary: Vec<StoredGlossaryEntry>,
    pub narrative: Vec<String>,
    pub settings: PlanSettings,
    /// The plan this one is attached to (a monitoring visit's plan whose actions are
    /// "included in the existing Improvement plan"), if any.
    #[serde(default)]
    pub parent_id: Option<Uuid>,
    pub areas: Vec<StoredArea>,
    /// The plan's measures (KPIs), in their order.
    #[serde(default)]
    pub measures: Vec<crate::measures::Measure>,
}

/// One abbreviation of a plan's glossary as stored: what it stands for, who holds it
/// as the plan writes them, and the person it is linked to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredGlossaryEntry {
    pub id: Uuid,
    pub version: i64,
    pub abbreviation: String,
    /// What it stands for ("Head of Service").
    pub title: Option<String>,
    /// Who holds it, as the plan writes them ("Kate Adams").
    pub name: Option<String>,
    /// The person it is linked to.
    pub person_id: Option<Uuid>,
}

impl StoredGlossaryEntry {
    /// The entry as the plan document has it.
    pub fn entry(&self) -> GlossaryEntry {
        GlossaryEntry {
            abbreviation: self.abbreviation.clone(),
            title: self.title.clone(),
            name: self.name.clone(),
        }
    }

    /// The entry's fields, as a person edits them.
    pub fn fields(&self) -> GlossaryFields {
        GlossaryFields {
            abbreviation: self.abbreviation.clone(),
            title: self.title.clone(),
            name: self.name.clone(),
            person_id: self.person_id,
        }
    }
}

/// A glossary entry as a person adds or edits it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlossaryFields {
    pub abbreviation: String,
    pub title: Option<String>,
    pub name: Option<String>,
    pub person_id: Option<Uuid>,
}

/// How a plan is run: its update round, its review meetings, its impact re-checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanSettings {
    /// How often leads write updates (or on which dates); defines the reporting periods.
    pub update_cadence: crate::schedule::Schedule,
    /// How often the owner reviews the plan.
    pub review_cadence: Cadence,
    /// How many months after sign-off (and after each confirmed check) impact is re-checked.
    pub impact_interval_months: u32,
    /// How many update periods with no new update, the status unchanged, before an
    /// action is stalled.
    #[serde(default = "default_stalled_periods")]
    pub stalled_periods: u32,
    /// How many working days before a round's deadline the reminder goes to those with
    /// updates still due.
    #[serde(default = "default_reminder_days")]
    pub reminder_days: u32,
}

fn default_stalled_periods() -> u32 {
    crate::checks::STALLED_PERIODS
}

fn default_reminder_days() -> u32 {
    crate::reminders::REMINDER_WORKING_DAYS
}

impl Default for PlanSettings {
    /// Monthly updates, fortnightly reviews, quarterly impact checks: what councils do.
    fn default() -> Self {
        Self {
            update_cadence: crate::schedule::Schedule::Regular(Cadence::Monthly),
            review_cadence: Cadence::Fortnightly,
            impact_interval_months: 3,
            stalled_periods: crate::checks::STALLED_PERIODS,
            reminder_days: crate::reminders::REMINDER_WORKING_DAYS,
        }
    }
}

impl PlanSettings {
    /// The longest impact interval a plan may set: five years.
    pub const MAX_IMPACT_INTERVAL_MONTHS: u32 = 60;

    /// The most update periods a plan may wait before calling an action stalled.
    pub const MAX_STALLED_PERIODS: u32 = 24;
}

/// The fields of a plan a person edits directly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanFields {
    pub title: String,
    pub organisation: Option<String>,
    pub narrative: Vec<String>,
}

/// A plan's council and the inspection it answers, as a person edits them together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectionRecord {
    pub organisation: Option<String>,
    pub inspection: Option<Inspection>,
}

/// The fields of an area a person edits directly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaFields {
    pub r#ref: Option<String>,
    pub group: Option<String>,
    pub title: String,
    pub objectives: Vec<String>,
    pub outcomes: Vec<String>,
    pub measures: Vec<String>,
    pub narrative: Vec<String>,
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
    /// The status the writer set with this update, if they set one.
    pub status: Option<StatusValue>,
    /// The reporting period it was written for ("November 2026 update").
    pub period: Option<String>,
    pub author_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// How long after writing it a person may correct their own update.
pub const CORRECTION_WINDOW: chrono::TimeDelta = chrono::TimeDelta::hours(24);

impl StoredUpdate {
    /// Whether `person` may correct this update at `now`: they wrote it, within
    /// [`CORRECTION_WINDOW`]. (The first words stay in the trail.)
    pub fn correctable_by(&self, person: Uuid, now: DateTime<Utc>) -> bool {
        self.author_id == Some(person) && now - self.created_at < CORRECTION_WINDOW
    }
}

/// What a piece of evidence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// A link (or, from an imported plan, a reference as the plan writes it).
    Link,
    /// An uploaded file, kept in the object store under `file_key`.
    File,
}

impl EvidenceKind {
    /// The snake_case name used in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::Link => "link",
            EvidenceKind::File => "file",
        }
    }

    /// Parses the snake_case name.
    pub fn parse(s: &str) -> Option<EvidenceKind> {
        match s {
            "link" => Some(EvidenceKind::Link),
            "file" => Some(EvidenceKind::File),
            _ => None,
        }
    }
}

/// A piece of evidence held against an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredEvidence {
    pub id: Uuid,
    pub kind: EvidenceKind,
    pub title: String,
    pub url: Option<String>,
    pub file_key: Option<String>,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub size: Option<i64>,
    pub added_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// Whether `s` is a bare web address: `http(s)://` and no white space.
fn is_bare_url(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() > "https://".len()
        && !s.chars().any(char::is_whitespace)
}

/// Reads an evidence reference as a plan writes it into a title and, where it is one, a
/// link: a bare address is both; "Title (https://...)" is a titled link; anything else is
/// a title alone. [`evidence_text`] gives back exactly the string read.
pub fn evidence_from_text(s: &str) -> (String, Option<String>) {
    if is_bare_url(s) {
        return (s.to_string(), Some(s.to_string()));
    }
    if let Some((title, url)) = s.strip_suffix(')').and_then(|r| r.rsplit_once(" ("))
        && is_bare_url(url)
        && !title.trim().is_empty()
        && title != url
    {
        return (title.to_string(), Some(url.to_string()));
    }
    (s.to_string(), None)
}

/// The plan-document form of a piece of evidence: a file's title; a link's address, or
/// "Title (address)" when it has a title of its own; a reference's words as written.
pub fn evidence_text(kind: EvidenceKind, title: &str, url: Option<&str>) -> String {
    match (kind, url) {
        (EvidenceKind::Link, Some(url)) if title.is_empty() || title == url => url.to_string(),
        (EvidenceKind::Link, Some(url)) => format!("{title} ({url})"),
        _ => title.to_string(),
    }
}

impl StoredEvidence {
    /// The evidence as the plan document writes it (see [`evidence_text`]).
    pub fn document_text(&self) -> String {
        evidence_text(self.kind, &self.title, self.url.as_deref())
    }
}

/// A proposal that an action is complete, and its sign-off once given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOff {
    pub proposed_by: Actor,
    pub proposed_at: DateTime<Utc>,
    pub proposal_note: Option<String>,
    pub signed_off_by: Option<Actor>,
    pub signed_off_at: Option<DateTime<Utc>>,
    /// What the approver said in signing off.
    #[serde(default)]
    pub signoff_note: Option<String>,
    /// When impact is next re-checked; set at sign-off and by each confirmed check.
    pub impact_check_due: Option<NaiveDate>,
}

impl SignOff {
    /// Whether it has been signed off (rather than only proposed).
    pub fn is_signed_off(&self) -> bool {
        self.signed_off_at.is_some()
    }
}

/// A re-check, after sign-off, that an action's impact has lasted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImpactCheck {
    pub id: Uuid,
    pub checked_by: Actor,
    pub checked_at: DateTime<Utc>,
    /// True: impact confirmed. False: the action was reopened.
    pub confirmed: bool,
    pub note: Option<String>,
}

/// A signed-in session. The cookie holds a secret; the store keeps only its hash.
/// (`Debug` leaves out the hash and the CSRF token, so a logged session gives neither.)
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id_hash: String,
    pub user_id: Uuid,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub user_agent: Option<String>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("user_id", &self.user_id)
            .field("created_at", &self.created_at)
            .field("expires_at", &self.expires_at)
            .field("last_seen_at", &self.last_seen_at)
            .field("user_agent", &self.user_agent)
            .finish_non_exhaustive()
    }
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
    pub evidence: Vec<StoredEvidence>,
    /// A completion proposal, and its sign-off once given.
    pub signoff: Option<SignOff>,
    /// Impact re-checks after sign-off, oldest first (kept when the action is reopened).
    pub impact_checks: Vec<ImpactCheck>,
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
            evidence: self
                .evidence
                .iter()
                .map(StoredEvidence::document_text)
                .collect(),
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

    /// Whether `person` is linked to one of this action's leads.
    pub fn is_led_by(&self, person: Uuid) -> bool {
        self.leads.iter().any(|l| l.person_id == Some(person))
    }

    /// The latest update, by position (the order they were written or imported).
    pub fn latest_update(&self) -> Option<&StoredUpdate> {
        self.updates.last()
    }
}

impl StoredPlan {
    /// The ref a measure's link names, if the row has one.
    pub fn ref_of(&self, link: crate::measures::MeasureLink) -> Option<String> {
        use crate::measures::MeasureLink;
        match link {
            MeasureLink::Area(id) => self.areas.iter().find(|a| a.id == id)?.r#ref.clone(),
            MeasureLink::Action(id) => self.find_action(id)?.r#ref.clone(),
        }
    }

    /// The plan in plan-document form, as `assure export` writes it.
    pub fn to_document(&self) -> PlanDocument {
        PlanDocument {
            format: FORMAT.to_string(),
            title: self.title.clone(),
            organisation: self.organisation.clone(),
            inspection: self.inspection.clone(),
            status_scheme: self.status_scheme.clone(),
            glossary: self
                .glossary
                .iter()
                .map(StoredGlossaryEntry::entry)
                .collect(),
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
            measures: self
                .measures
                .iter()
                .map(|m| m.to_doc(|link| self.ref_of(link)))
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

    /// Every action of the plan with its area, children after their parent, and depth
    /// (0 = a top-level action).
    pub fn actions(&self) -> Vec<(&StoredArea, usize, &StoredAction)> {
        let mut out = Vec::new();
        for area in &self.areas {
            for top in &area.actions {
                let mut stack = vec![(0usize, top)];
                while let Some((depth, a)) = stack.pop() {
                    out.push((area, depth, a));
                    stack.extend(a.children.iter().rev().map(|c| (depth + 1, c)));
                }
            }
        }
        out
    }

    /// The scheme's first status meaning `meaning`, as an action's status.
    pub fn status_meaning(&self, meaning: crate::Meaning) -> Option<StatusValue> {
        self.status_scheme
            .iter()
            .find(|s| s.meaning == meaning)
            .map(|s| StatusValue {
                label: s.label.clone(),
                meaning: s.meaning,
            })
    }
}
