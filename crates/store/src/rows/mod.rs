//! The rows both backends read, as `sqlx::FromRow` structs, and their conversion into
//! the model.
//!
//! The derive is generic over the row type, so each struct serves SQLite and PostgreSQL
//! alike: ids decode from a 16-byte BLOB or a `uuid`, times from text or `timestamptz`,
//! JSON columns from text or `jsonb`. A column holding one of the model's words (a role,
//! a status meaning) is read as text and parsed; a word the model does not know is
//! [`StoreError::Corrupt`], never a guess.

mod reminders;
mod rounds;

pub(crate) use reminders::{PreferenceRow, SentKeyRow, SentMessageRow};
pub(crate) use rounds::{ChaseRow, DecisionRow, MeetingRow, StatusChangeRow};

use crate::StoreError;
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::checks::dismissal::Dismissal;
use assure_domain::import_report::{ReportItem, StoredReportItem};
use assure_domain::model::{
    Actor, AuditEvent, EvidenceKind, ImpactCheck, Lead, OrgRole, Organisation, PlanSummary,
    Session, SignOff, StoredAction, StoredEvidence, StoredGlossaryEntry, StoredUpdate, User,
};
use assure_domain::periods::Cadence;
use assure_domain::roles::PlanRole;
use assure_domain::{
    Inspection, Meaning, Milestone, Recurrence, StatusDef, StatusValue, When, WhenKind,
};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::error::BoxDynError;
use uuid::Uuid;

/// One of the model's words, as a column stores it.
pub(crate) trait Term: Sized {
    /// What the word names, for the error ("plan role").
    const WHAT: &'static str;
    /// The word's value, if the model knows it.
    fn parse(s: &str) -> Option<Self>;
}

macro_rules! terms {
    ($($ty:ty => $what:literal),+ $(,)?) => {
        $(impl Term for $ty {
            const WHAT: &'static str = $what;
            fn parse(s: &str) -> Option<Self> {
                <$ty>::parse(s)
            }
        })+
    };
}

terms! {
    OrgRole => "role",
    PlanRole => "plan role",
    EvidenceKind => "evidence kind",
    Cadence => "cadence",
    Meaning => "status meaning",
    WhenKind => "timescale kind",
    Recurrence => "recurrence",
}

impl Term for AuditEntity {
    const WHAT: &'static str = "audit entity";
    fn parse(s: &str) -> Option<Self> {
        s.parse().ok()
    }
}

impl Term for AuditChange {
    const WHAT: &'static str = "audit change";
    fn parse(s: &str) -> Option<Self> {
        s.parse().ok()
    }
}

/// A stored word the model does not know.
#[derive(Debug, thiserror::Error)]
#[error("unknown {what} {text:?}")]
pub(crate) struct UnknownTerm {
    what: &'static str,
    text: String,
}

/// Parses one of the model's words.
pub(crate) fn term<T: Term>(s: &str) -> Result<T, StoreError> {
    T::parse(s).ok_or_else(|| {
        StoreError::Corrupt(
            UnknownTerm {
                what: T::WHAT,
                text: s.to_string(),
            }
            .to_string(),
        )
    })
}

/// A text column holding one of the model's words, decoded as that word. (A small
/// newtype rather than `#[sqlx(try_from = "String")]`: sqlx 0.9.0 loses a `try_from`
/// error's type, and an unknown word must stay recognisable as corrupt data.)
pub(crate) struct Word<T>(pub T);

impl<DB: sqlx::Database, T: Term> sqlx::Type<DB> for Word<T>
where
    String: sqlx::Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <String as sqlx::Type<DB>>::type_info()
    }

    fn compatible(ty: &DB::TypeInfo) -> bool {
        <String as sqlx::Type<DB>>::compatible(ty)
    }
}

impl<'r, DB: sqlx::Database, T: Term> sqlx::Decode<'r, DB> for Word<T>
where
    String: sqlx::Decode<'r, DB>,
{
    fn decode(value: <DB as sqlx::Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <String as sqlx::Decode<'r, DB>>::decode(value)?;
        match T::parse(&text) {
            Some(word) => Ok(Word(word)),
            None => Err(Box::new(UnknownTerm {
                what: T::WHAT,
                text,
            })),
        }
    }
}

/// A `When` spread over its four columns (text, kind, date, recurrence).
pub(crate) type WhenColumns = (
    Option<String>,
    Option<&'static str>,
    Option<NaiveDate>,
    Option<&'static str>,
);

pub(crate) fn when_columns(w: Option<&When>) -> WhenColumns {
    match w {
        None => (None, None, None, None),
        Some(w) => (
            Some(w.text.clone()),
            Some(w.kind.as_str()),
            w.date,
            w.recurrence.map(Recurrence::as_str),
        ),
    }
}

/// Rebuilds a `When` from its columns; a row with no kind had no timescale.
fn when_from_columns(
    text: Option<String>,
    kind: Option<String>,
    date: Option<NaiveDate>,
    recurrence: Option<String>,
) -> Result<Option<When>, StoreError> {
    let Some(kind) = kind else { return Ok(None) };
    Ok(Some(When {
        text: text.unwrap_or_default(),
        kind: term(&kind)?,
        date,
        recurrence: recurrence.as_deref().map(term).transpose()?,
    }))
}

fn status_from_columns(
    label: Option<String>,
    meaning: Option<String>,
) -> Result<Option<StatusValue>, StoreError> {
    match (label, meaning) {
        (Some(label), Some(m)) => Ok(Some(StatusValue {
            label,
            meaning: term(&m)?,
        })),
        _ => Ok(None),
    }
}

/// `organisations`.
#[derive(sqlx::FromRow)]
pub(crate) struct OrganisationRow {
    id: Uuid,
    name: String,
    created_at: DateTime<Utc>,
}

impl From<OrganisationRow> for Organisation {
    fn from(r: OrganisationRow) -> Self {
        Organisation {
            id: r.id,
            name: r.name,
            created_at: r.created_at,
        }
    }
}

/// `users` (the password hash is read only where it is wanted).
#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: Uuid,
    org_id: Uuid,
    email: String,
    name: String,
    role: Word<OrgRole>,
    version: i64,
    created_at: DateTime<Utc>,
    disabled_at: Option<DateTime<Utc>>,
}

impl From<UserRow> for User {
    fn from(r: UserRow) -> Self {
        User {
            id: r.id,
            org_id: r.org_id,
            email: r.email,
            name: r.name,
            role: r.role.0,
            version: r.version,
            created_at: r.created_at,
            disabled: r.disabled_at.is_some(),
        }
    }
}

/// A person and their password hash, for signing in.
#[derive(sqlx::FromRow)]
pub(crate) struct UserWithHashRow {
    #[sqlx(flatten)]
    pub user: UserRow,
    pub password_hash: Option<String>,
}

/// A person and their role on a plan.
#[derive(sqlx::FromRow)]
pub(crate) struct MemberRow {
    #[sqlx(flatten)]
    pub user: UserRow,
    pub plan_role: Word<PlanRole>,
}

/// The plan columns of a plan summary, with its counts.
#[derive(sqlx::FromRow)]
pub(crate) struct SummaryRow {
    id: Uuid,
    org_id: Uuid,
    title: String,
    organisation: Option<String>,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    area_count: i64,
    action_count: i64,
    parent_id: Option<Uuid>,
}

impl From<SummaryRow> for PlanSummary {
    fn from(r: SummaryRow) -> Self {
        PlanSummary {
            id: r.id,
            org_id: r.org_id,
            title: r.title,
            organisation: r.organisation,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
            area_count: r.area_count,
            action_count: r.action_count,
            parent_id: r.parent_id,
        }
    }
}

/// `plans`: a plan's own columns.
#[derive(sqlx::FromRow)]
pub(crate) struct PlanRow {
    pub org_id: Uuid,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub title: String,
    pub organisation: Option<String>,
    #[sqlx(json(nullable))]
    pub inspection: Option<Inspection>,
    #[sqlx(json)]
    pub narrative: Vec<String>,
    pub update_cadence: String,
    pub period_ends: String,
    pub review_cadence: Word<Cadence>,
    pub impact_interval_months: i64,
    pub stalled_periods: i64,
    pub reminder_days: i64,
    pub parent_id: Option<Uuid>,
}

/// `plan_statuses`.
#[derive(sqlx::FromRow)]
pub(crate) struct StatusRow {
    label: String,
    meaning: Word<Meaning>,
    description: Option<String>,
}

impl From<StatusRow> for StatusDef {
    fn from(r: StatusRow) -> Self {
        StatusDef {
            label: r.label,
            meaning: r.meaning.0,
            description: r.description,
        }
    }
}

/// `glossary_entries`.
#[derive(sqlx::FromRow)]
pub(crate) struct GlossaryRow {
    id: Uuid,
    version: i64,
    abbreviation: String,
    title: Option<String>,
    name: Option<String>,
    person_id: Option<Uuid>,
}

impl From<GlossaryRow> for StoredGlossaryEntry {
    fn from(r: GlossaryRow) -> Self {
        StoredGlossaryEntry {
            id: r.id,
            version: r.version,
            abbreviation: r.abbreviation,
            title: r.title,
            name: r.name,
            person_id: r.person_id,
        }
    }
}

/// `areas` (its actions are attached by the plan reader).
#[derive(sqlx::FromRow)]
pub(crate) struct AreaRow {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub version: i64,
    pub reference: Option<String>,
    pub group_name: Option<String>,
    pub title: String,
    #[sqlx(json)]
    pub objectives: Vec<String>,
    #[sqlx(json)]
    pub outcomes: Vec<String>,
    #[sqlx(json)]
    pub measures: Vec<String>,
    #[sqlx(json)]
    pub narrative: Vec<String>,
}

/// An area with its plan's organisation.
#[derive(sqlx::FromRow)]
pub(crate) struct PlacedAreaRow {
    #[sqlx(flatten)]
    pub area: AreaRow,
    pub org_id: Uuid,
}

/// `actions`, before what hangs off it is attached.
#[derive(sqlx::FromRow)]
pub(crate) struct ActionRow {
    id: Uuid,
    area_id: Uuid,
    parent_id: Option<Uuid>,
    pub position: i64,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    reference: Option<String>,
    text: String,
    sponsor: Option<String>,
    start_text: Option<String>,
    start_kind: Option<String>,
    start_date: Option<NaiveDate>,
    start_recurrence: Option<String>,
    due_text: Option<String>,
    due_kind: Option<String>,
    due_date: Option<NaiveDate>,
    due_recurrence: Option<String>,
    assurance: Option<String>,
    impact: Option<String>,
    measure: Option<String>,
    resources: Option<String>,
    status_label: Option<String>,
    status_meaning: Option<String>,
}

impl TryFrom<ActionRow> for StoredAction {
    type Error = StoreError;

    fn try_from(r: ActionRow) -> Result<Self, StoreError> {
        Ok(StoredAction {
            id: r.id,
            area_id: r.area_id,
            parent_id: r.parent_id,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
            r#ref: r.reference,
            text: r.text,
            leads: Vec::new(),
            sponsor: r.sponsor,
            start: when_from_columns(r.start_text, r.start_kind, r.start_date, r.start_recurrence)?,
            due: when_from_columns(r.due_text, r.due_kind, r.due_date, r.due_recurrence)?,
            milestones: Vec::new(),
            assurance: r.assurance,
            impact: r.impact,
            measure: r.measure,
            resources: r.resources,
            updates: Vec::new(),
            status: status_from_columns(r.status_label, r.status_meaning)?,
            evidence: Vec::new(),
            signoff: None,
            impact_checks: Vec::new(),
            children: Vec::new(),
        })
    }
}

/// `action_leads`.
#[derive(sqlx::FromRow)]
pub(crate) struct LeadRow {
    pub action_id: Uuid,
    text: String,
    person_id: Option<Uuid>,
}

impl From<LeadRow> for Lead {
    fn from(r: LeadRow) -> Self {
        Lead {
            text: r.text,
            person_id: r.person_id,
        }
    }
}

/// `milestones`.
#[derive(sqlx::FromRow)]
pub(crate) struct MilestoneRow {
    pub action_id: Uuid,
    text: String,
    due_text: Option<String>,
    due_kind: Option<String>,
    due_date: Option<NaiveDate>,
    due_recurrence: Option<String>,
}

impl TryFrom<MilestoneRow> for Milestone {
    type Error = StoreError;

    fn try_from(r: MilestoneRow) -> Result<Self, StoreError> {
        Ok(Milestone {
            text: r.text,
            due: when_from_columns(r.due_text, r.due_kind, r.due_date, r.due_recurrence)?,
        })
    }
}

/// `updates`.
#[derive(sqlx::FromRow)]
pub(crate) struct UpdateRow {
    pub action_id: Uuid,
    id: Uuid,
    update_date: Option<NaiveDate>,
    text: String,
    status_label: Option<String>,
    status_meaning: Option<String>,
    period: Option<String>,
    author_id: Option<Uuid>,
    created_at: DateTime<Utc>,
}

impl TryFrom<UpdateRow> for StoredUpdate {
    type Error = StoreError;

    fn try_from(r: UpdateRow) -> Result<Self, StoreError> {
        Ok(StoredUpdate {
            id: r.id,
            date: r.update_date,
            text: r.text,
            status: status_from_columns(r.status_label, r.status_meaning)?,
            period: r.period,
            author_id: r.author_id,
            created_at: r.created_at,
        })
    }
}

/// `evidence`.
#[derive(sqlx::FromRow)]
pub(crate) struct EvidenceRow {
    pub action_id: Uuid,
    id: Uuid,
    kind: Word<EvidenceKind>,
    title: String,
    url: Option<String>,
    file_key: Option<String>,
    file_name: Option<String>,
    content_type: Option<String>,
    size: Option<i64>,
    added_by: Option<Uuid>,
    created_at: DateTime<Utc>,
}

impl From<EvidenceRow> for StoredEvidence {
    fn from(r: EvidenceRow) -> Self {
        StoredEvidence {
            id: r.id,
            kind: r.kind.0,
            title: r.title,
            url: r.url,
            file_key: r.file_key,
            file_name: r.file_name,
            content_type: r.content_type,
            size: r.size,
            added_by: r.added_by,
            created_at: r.created_at,
        }
    }
}

/// A piece of evidence with the plan and organisation it belongs to.
#[derive(sqlx::FromRow)]
pub(crate) struct PlacedEvidenceRow {
    #[sqlx(flatten)]
    pub evidence: EvidenceRow,
    pub plan_id: Uuid,
    pub org_id: Uuid,
}

/// `signoffs`.
#[derive(sqlx::FromRow)]
pub(crate) struct SignOffRow {
    pub action_id: Uuid,
    proposed_by_id: Option<Uuid>,
    proposed_by_label: String,
    proposed_at: DateTime<Utc>,
    proposal_note: Option<String>,
    signed_off_by_id: Option<Uuid>,
    signed_off_by_label: Option<String>,
    signed_off_at: Option<DateTime<Utc>>,
    impact_check_due: Option<NaiveDate>,
    signoff_note: Option<String>,
}

impl From<SignOffRow> for SignOff {
    fn from(r: SignOffRow) -> Self {
        SignOff {
            proposed_by: Actor {
                user_id: r.proposed_by_id,
                label: r.proposed_by_label,
            },
            proposed_at: r.proposed_at,
            proposal_note: r.proposal_note,
            signed_off_by: r.signed_off_by_label.map(|label| Actor {
                user_id: r.signed_off_by_id,
                label,
            }),
            signed_off_at: r.signed_off_at,
            signoff_note: r.signoff_note,
            impact_check_due: r.impact_check_due,
        }
    }
}

/// `impact_checks`.
#[derive(sqlx::FromRow)]
pub(crate) struct ImpactCheckRow {
    pub action_id: Uuid,
    id: Uuid,
    checked_by_id: Option<Uuid>,
    checked_by_label: String,
    checked_at: DateTime<Utc>,
    confirmed: bool,
    note: Option<String>,
}

impl From<ImpactCheckRow> for ImpactCheck {
    fn from(r: ImpactCheckRow) -> Self {
        ImpactCheck {
            id: r.id,
            checked_by: Actor {
                user_id: r.checked_by_id,
                label: r.checked_by_label,
            },
            checked_at: r.checked_at,
            confirmed: r.confirmed,
            note: r.note,
        }
    }
}

/// `check_dismissals`.
#[derive(sqlx::FromRow)]
pub(crate) struct DismissalRow {
    id: Uuid,
    action_id: Uuid,
    code: String,
    fingerprint: String,
    reason: String,
    dismissed_by_id: Option<Uuid>,
    dismissed_by_label: String,
    dismissed_at: DateTime<Utc>,
}

impl From<DismissalRow> for Dismissal {
    fn from(r: DismissalRow) -> Self {
        Dismissal {
            id: r.id,
            action_id: r.action_id,
            code: r.code,
            fingerprint: r.fingerprint,
            reason: r.reason,
            dismissed_by: Actor {
                user_id: r.dismissed_by_id,
                label: r.dismissed_by_label,
            },
            dismissed_at: r.dismissed_at,
        }
    }
}

/// `sessions`.
#[derive(sqlx::FromRow)]
pub(crate) struct SessionRow {
    id_hash: String,
    user_id: Uuid,
    csrf_token: String,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    user_agent: Option<String>,
}

impl From<SessionRow> for Session {
    fn from(r: SessionRow) -> Self {
        Session {
            id_hash: r.id_hash,
            user_id: r.user_id,
            csrf_token: r.csrf_token,
            created_at: r.created_at,
            expires_at: r.expires_at,
            last_seen_at: r.last_seen_at,
            user_agent: r.user_agent,
        }
    }
}

/// A session with its person, read in one go on every request (`user_*` are the person's
/// columns, renamed apart from the session's own).
#[derive(sqlx::FromRow)]
pub(crate) struct SessionUserRow {
    #[sqlx(flatten)]
    session: SessionRow,
    user_org_id: Uuid,
    user_email: String,
    user_name: String,
    user_role: Word<OrgRole>,
    user_version: i64,
    user_created_at: DateTime<Utc>,
}

impl From<SessionUserRow> for (Session, User) {
    fn from(r: SessionUserRow) -> Self {
        let user = User {
            id: r.session.user_id,
            org_id: r.user_org_id,
            email: r.user_email,
            name: r.user_name,
            role: r.user_role.0,
            version: r.user_version,
            created_at: r.user_created_at,
            // Only a person not disabled is read with a session.
            disabled: false,
        };
        (r.session.into(), user)
    }
}

/// `audit_events`. Entity and change are the vocabulary's words, read as its enums.
#[derive(sqlx::FromRow)]
pub(crate) struct AuditRow {
    id: Uuid,
    org_id: Uuid,
    at: DateTime<Utc>,
    actor_user_id: Option<Uuid>,
    actor_label: String,
    entity: Word<AuditEntity>,
    entity_id: Uuid,
    subject_id: Option<Uuid>,
    plan_id: Option<Uuid>,
    change: Word<AuditChange>,
    #[sqlx(json(nullable))]
    before: Option<serde_json::Value>,
    #[sqlx(json(nullable))]
    after: Option<serde_json::Value>,
}

impl From<AuditRow> for AuditEvent {
    fn from(r: AuditRow) -> Self {
        AuditEvent {
            id: r.id,
            org_id: r.org_id,
            at: r.at,
            actor: Actor {
                user_id: r.actor_user_id,
                label: r.actor_label,
            },
            entity: r.entity.0,
            entity_id: r.entity_id,
            subject_id: r.subject_id,
            plan_id: r.plan_id,
            change: r.change.0,
            before: r.before,
            after: r.after,
        }
    }
}

/// Converts every row of a read.
pub(crate) fn all<R, T>(rows: Vec<R>) -> Result<Vec<T>, StoreError>
where
    T: TryFrom<R>,
    StoreError: From<T::Error>,
{
    rows.into_iter()
        .map(|r| T::try_from(r).map_err(StoreError::from))
        .collect()
}

/// `import_report_items`.
#[derive(sqlx::FromRow)]
pub(crate) struct ReportItemRow {
    id: Uuid,
    plan_id: Uuid,
    position: i64,
    concern: String,
    place: String,
    text: String,
    advice: String,
    done_by_id: Option<Uuid>,
    done_by_label: Option<String>,
    done_at: Option<DateTime<Utc>>,
}

impl From<ReportItemRow> for StoredReportItem {
    fn from(r: ReportItemRow) -> Self {
        StoredReportItem {
            id: r.id,
            plan_id: r.plan_id,
            position: r.position,
            item: ReportItem {
                concern: r.concern,
                place: r.place,
                text: r.text,
                advice: r.advice,
            },
            done: match (r.done_by_label, r.done_at) {
                (Some(label), Some(at)) => Some((
                    Actor {
                        user_id: r.done_by_id,
                        label,
                    },
                    at,
                )),
                _ => None,
            },
        }
    }
}
