//! Where plans live: the [`Store`] trait, and its SQLite and PostgreSQL implementations.
//!
//! Both implementations run the same SQL (`queries.rs`, included into each backend
//! module with that backend's types), so the same contract tests prove both. Every write
//! is one transaction that also records an audit event; records carry a version and an
//! update names the version it read, so a concurrent edit is a [`StoreError::Conflict`],
//! never a silent overwrite.

mod error;
mod postgres;
mod rows;
mod sqlite;

pub use error::StoreError;
pub use postgres::PgStore;
pub use sqlite::SqliteStore;

use assure_domain::clock::Clock;
use assure_domain::model::{
    ActionFields, Actor, AreaFields, AuditEvent, EvidenceKind, OrgRole, Organisation, PlanFields,
    PlanSettings, PlanSummary, Session, StoredAction, StoredArea, StoredEvidence, StoredPlan,
    StoredUpdate, User,
};
use assure_domain::roles::PlanRole;
use assure_domain::{PlanDocument, StatusDef, StatusValue};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use std::sync::Arc;
use uuid::Uuid;

/// The result of every store call.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A person to add. (`Debug` leaves out the password hash.)
#[derive(Clone)]
pub struct NewUser {
    pub org_id: Uuid,
    pub email: String,
    pub name: String,
    pub role: OrgRole,
    /// An Argon2id PHC string; `None` for someone who signs in another way.
    pub password_hash: Option<String>,
}

impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("org_id", &self.org_id)
            .field("email", &self.email)
            .field("name", &self.name)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

/// A session to start at sign-in. The cookie holds a random secret; only its hash is
/// stored, so a copy of the database signs nobody in.
#[derive(Clone)]
pub struct NewSession {
    pub id_hash: String,
    pub user_id: Uuid,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
    pub user_agent: Option<String>,
}

impl std::fmt::Debug for NewSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Neither the hash nor the CSRF token belongs in a log.
        f.debug_struct("NewSession")
            .field("user_id", &self.user_id)
            .field("expires_at", &self.expires_at)
            .field("user_agent", &self.user_agent)
            .finish_non_exhaustive()
    }
}

/// A progress update to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUpdate {
    pub date: NaiveDate,
    pub text: String,
    /// The status to set with it, from the plan's scheme; `None` leaves the status alone.
    pub status: Option<StatusValue>,
    /// The reporting period it is written for ("November 2026 update"); `None`: the
    /// period of the plan's update cadence that `date` falls in.
    pub period: Option<String>,
}

/// A piece of evidence to add: a link, or a file already put in the object store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvidence {
    pub kind: EvidenceKind,
    pub title: String,
    pub url: Option<String>,
    pub file_key: Option<String>,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub size: Option<i64>,
}

impl NewEvidence {
    /// A link with a title (the address stands for the title when it is empty).
    pub fn link(title: impl Into<String>, url: impl Into<String>) -> Self {
        Self {
            kind: EvidenceKind::Link,
            title: title.into(),
            url: Some(url.into()),
            file_key: None,
            file_name: None,
            content_type: None,
            size: None,
        }
    }

    /// A file stored under `file_key` (the file name stands for the title when it is empty).
    pub fn file(
        title: impl Into<String>,
        file_key: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        size: i64,
    ) -> Self {
        Self {
            kind: EvidenceKind::File,
            title: title.into(),
            url: None,
            file_key: Some(file_key.into()),
            file_name: Some(file_name.into()),
            content_type: Some(content_type.into()),
            size: Some(size),
        }
    }
}

/// Everything Assure keeps. Handlers and the CLI speak only this trait.
#[async_trait]
pub trait Store: Send + Sync {
    /// Which backend this is: "sqlite" or "postgres".
    fn backend(&self) -> &'static str;

    /// Creates an organisation (a council).
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when one of that name exists.
    async fn create_organisation(&self, name: &str, actor: &Actor) -> Result<Organisation>;

    /// Every organisation, by name.
    async fn organisations(&self) -> Result<Vec<Organisation>>;

    /// Adds a person to an organisation.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the email is taken; [`StoreError::NotFound`] for an
    /// unknown organisation.
    async fn create_user(&self, user: NewUser, actor: &Actor) -> Result<User>;

    /// A person by email (case-insensitive), with their password hash.
    async fn user_by_email(&self, email: &str) -> Result<Option<(User, Option<String>)>>;

    /// The people of an organisation, by name.
    async fn users(&self, org_id: Uuid) -> Result<Vec<User>>;

    /// Saves a whole plan document as a new plan of `org_id`, in one transaction.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] when the document fails validation; nothing is written.
    async fn create_plan(&self, org_id: Uuid, doc: &PlanDocument, actor: &Actor) -> Result<Uuid>;

    /// Plans, newest first; all of them, or one organisation's.
    async fn plans(&self, org_id: Option<Uuid>) -> Result<Vec<PlanSummary>>;

    /// One whole plan.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown id.
    async fn plan(&self, id: Uuid) -> Result<StoredPlan>;

    /// A number that moves on with every change to the plan (anything recorded in its
    /// trail), and only then: a copy of the plan read after the revision was `r` is
    /// current while the revision is still `r`.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown plan.
    async fn plan_revision(&self, id: Uuid) -> Result<i64>;

    /// Changes an action's own fields, if it is still at `expected_version`.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when someone else saved it first (nothing is written);
    /// [`StoreError::NotFound`] for an unknown action.
    async fn update_action(
        &self,
        id: Uuid,
        expected_version: i64,
        fields: &ActionFields,
        actor: &Actor,
    ) -> Result<StoredAction>;

    /// Changes an action's own fields and its leads as one change (the edit page): a
    /// lead whose text is unchanged keeps its person; a new one is linked as
    /// [`Store::add_action`] links.
    ///
    /// # Errors
    /// As [`Store::update_action`].
    async fn edit_action(
        &self,
        id: Uuid,
        expected_version: i64,
        fields: &ActionFields,
        leads: Vec<String>,
        actor: &Actor,
    ) -> Result<StoredAction>;

    /// Adds a progress update to an action, after its existing ones.
    async fn add_update(
        &self,
        action_id: Uuid,
        date: Option<NaiveDate>,
        text: &str,
        actor: &Actor,
    ) -> Result<StoredUpdate>;

    /// Links every lead of a plan written `lead_text` (and its glossary entry) to a person.
    /// Returns how many action leads were linked.
    async fn link_lead(
        &self,
        plan_id: Uuid,
        lead_text: &str,
        person_id: Uuid,
        actor: &Actor,
    ) -> Result<u64>;

    /// The audit trail of one entity, oldest first.
    async fn audit_events(&self, entity_id: Uuid) -> Result<Vec<AuditEvent>>;

    // --------------------------------------------------------------------------------
    // Sessions and sign-in throttling
    // --------------------------------------------------------------------------------

    /// Starts a session (audited as the person's sign-in).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown person; [`StoreError::Duplicate`] for a
    /// hash already in use.
    async fn create_session(&self, session: NewSession) -> Result<()>;

    /// The session with this hash and its person, unless it has expired (by the clock).
    async fn session(&self, id_hash: &str) -> Result<Option<(Session, User)>>;

    /// Marks a live session seen now and moves its expiry (sliding expiry).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when it is unknown or has expired.
    async fn touch_session(&self, id_hash: &str, expires_at: DateTime<Utc>) -> Result<()>;

    /// Ends a session (sign-out, audited); an unknown hash is already ended.
    async fn delete_session(&self, id_hash: &str) -> Result<()>;

    /// Ends every session of a person (after a password change); returns how many.
    async fn delete_user_sessions(&self, user_id: Uuid) -> Result<u64>;

    /// Removes expired sessions, and sign-in attempts older than a day; returns how many
    /// sessions.
    async fn delete_expired_sessions(&self) -> Result<u64>;

    /// Records a sign-in attempt under `key` ("email:x@y", "ip:1.2.3.4"). A success
    /// clears the key's failures.
    async fn record_login_attempt(&self, key: &str, success: bool) -> Result<()>;

    /// How many failed attempts `key` has had since `since` (and since its last success).
    async fn login_failures_since(&self, key: &str, since: DateTime<Utc>) -> Result<i64>;

    // --------------------------------------------------------------------------------
    // People and plan membership
    // --------------------------------------------------------------------------------

    /// One person.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown id.
    async fn user(&self, id: Uuid) -> Result<User>;

    /// Sets a person's password hash (an Argon2id PHC string). The hash is never audited.
    async fn set_password(&self, user_id: Uuid, hash: &str, actor: &Actor) -> Result<()>;

    /// Changes a person's name and organisation role, if still at `expected_version`.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] on a stale version; [`StoreError::Invalid`] for an empty
    /// name or for removing the organisation's last admin.
    async fn update_user(
        &self,
        id: Uuid,
        expected_version: i64,
        name: &str,
        role: OrgRole,
        actor: &Actor,
    ) -> Result<User>;

    /// Gives a person a role on a plan, or changes it.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown plan, or a person not in the plan's
    /// organisation (as good as unknown there).
    async fn set_plan_role(
        &self,
        plan_id: Uuid,
        user_id: Uuid,
        role: PlanRole,
        actor: &Actor,
    ) -> Result<()>;

    /// Takes a person's role on a plan away.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when they have none.
    async fn remove_plan_role(&self, plan_id: Uuid, user_id: Uuid, actor: &Actor) -> Result<()>;

    /// A person's role on a plan, if any (an organisation admin needs none).
    async fn plan_role(&self, plan_id: Uuid, user_id: Uuid) -> Result<Option<PlanRole>>;

    /// The people with a role on a plan, by name.
    async fn plan_members(&self, plan_id: Uuid) -> Result<Vec<(User, PlanRole)>>;

    /// The plans a person may open, newest first: all of their organisation's for an
    /// admin, those they have a role on for anyone else.
    async fn plans_for_user(&self, user: &User) -> Result<Vec<PlanSummary>>;

    // --------------------------------------------------------------------------------
    // Editing plans, areas and actions
    // --------------------------------------------------------------------------------

    /// Changes a plan's title, organisation and narrative.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] on a stale version; [`StoreError::Invalid`] for an
    /// empty title.
    async fn update_plan(
        &self,
        id: Uuid,
        expected_version: i64,
        fields: &PlanFields,
        actor: &Actor,
    ) -> Result<StoredPlan>;

    /// Changes how a plan is run: cadences and the impact re-check interval.
    async fn update_plan_settings(
        &self,
        id: Uuid,
        expected_version: i64,
        settings: PlanSettings,
        actor: &Actor,
    ) -> Result<StoredPlan>;

    /// Replaces a plan's status scheme (its legend). Labels must be non-empty and
    /// distinct. Actions keep their statuses.
    async fn set_status_scheme(
        &self,
        id: Uuid,
        expected_version: i64,
        scheme: Vec<StatusDef>,
        actor: &Actor,
    ) -> Result<StoredPlan>;

    /// Changes an area's own fields.
    async fn update_area(
        &self,
        id: Uuid,
        expected_version: i64,
        fields: &AreaFields,
        actor: &Actor,
    ) -> Result<StoredArea>;

    /// Adds an area after the plan's last.
    async fn add_area(&self, plan_id: Uuid, fields: &AreaFields, actor: &Actor) -> Result<Uuid>;

    /// Adds an action to an area, or beneath `parent_id` (in the same area), after its
    /// siblings. A lead whose text is already linked to a person in this plan (or its
    /// glossary) is linked to them.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown area or a parent in another area;
    /// [`StoreError::Invalid`] for a "complete" status (complete comes by sign-off) or
    /// one not in the plan's scheme.
    async fn add_action(
        &self,
        area_id: Uuid,
        parent_id: Option<Uuid>,
        fields: &ActionFields,
        leads: Vec<String>,
        actor: &Actor,
    ) -> Result<Uuid>;

    /// Deletes an action and everything beneath it; the audit event keeps the whole of
    /// it as it was.
    async fn delete_action(&self, id: Uuid, expected_version: i64, actor: &Actor) -> Result<()>;

    /// Replaces an action's leads. A lead whose text is unchanged keeps its person; a new
    /// one is linked as [`Store::add_action`] links.
    async fn set_action_leads(
        &self,
        id: Uuid,
        expected_version: i64,
        leads: Vec<String>,
        actor: &Actor,
    ) -> Result<StoredAction>;

    // --------------------------------------------------------------------------------
    // Updates, evidence, sign-off
    // --------------------------------------------------------------------------------

    /// Writes a progress update, and sets the action's status when one is given, in one
    /// transaction that moves the action to its next version.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the action is no longer at `expected_version`
    /// (nothing is written); [`StoreError::Invalid`] for empty text, a status not in the
    /// plan's scheme, or a newly "complete" status (complete comes by sign-off). A status
    /// that leaves "complete" undoes any sign-off.
    async fn write_update(
        &self,
        action_id: Uuid,
        expected_version: i64,
        update: NewUpdate,
        actor: &Actor,
    ) -> Result<StoredAction>;

    /// Adds a piece of evidence to an action (the action's version is unchanged).
    async fn add_evidence(
        &self,
        action_id: Uuid,
        evidence: NewEvidence,
        actor: &Actor,
    ) -> Result<StoredEvidence>;

    /// A piece of evidence with its action, plan and organisation, so that a caller can
    /// check access before serving a file.
    async fn evidence(&self, id: Uuid) -> Result<(StoredEvidence, Uuid, Uuid, Uuid)>;

    /// Removes a piece of evidence and returns it (its file is the caller's to delete,
    /// or keep for the trail).
    ///
    /// # Errors
    /// [`StoreError::Invalid`] when it is the last evidence of a signed-off action.
    async fn remove_evidence(&self, id: Uuid, actor: &Actor) -> Result<StoredEvidence>;

    /// Proposes an action complete.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] when already proposed or signed off.
    async fn propose_complete(
        &self,
        action_id: Uuid,
        expected_version: i64,
        note: Option<&str>,
        actor: &Actor,
    ) -> Result<StoredAction>;

    /// Signs a proposed action off: sets the scheme's "complete" status (if it has one)
    /// and the impact re-check date (today plus the plan's interval).
    ///
    /// # Errors
    /// [`StoreError::Invalid`] with the reason for people when it has no evidence, the
    /// approver proposed it, or it is not awaiting sign-off.
    async fn sign_off(
        &self,
        action_id: Uuid,
        expected_version: i64,
        approver: &Actor,
    ) -> Result<StoredAction>;

    /// Records an impact re-check. Confirmed: the next re-check is due an interval from
    /// today. Not confirmed (a reason is required): the action is reopened — the sign-off
    /// is removed and the status becomes the scheme's "at risk" label (else its "off
    /// track" label, else none).
    async fn record_impact_check(
        &self,
        action_id: Uuid,
        expected_version: i64,
        confirmed: bool,
        note: Option<&str>,
        actor: &Actor,
    ) -> Result<StoredAction>;

    // --------------------------------------------------------------------------------
    // The trail
    // --------------------------------------------------------------------------------

    /// Every event whose subject is this action, plan or person, oldest first: for an
    /// action, its edits, updates, status changes, evidence and sign-off.
    async fn audit_trail(&self, subject_id: Uuid) -> Result<Vec<AuditEvent>>;

    /// Every event of a plan (its own, its areas' and its actions'), oldest first,
    /// optionally only those at or after `since` (for "what changed since the last review").
    async fn plan_trail(
        &self,
        plan_id: Uuid,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<AuditEvent>>;
}

/// Opens the store a URL names — `sqlite:PATH` or `postgres://...` — and brings its
/// schema up to date.
///
/// # Errors
/// [`StoreError::Unavailable`] when the database cannot be reached or opened, and
/// [`StoreError::Invalid`] for a URL of another kind.
pub async fn connect(url: &str, clock: Arc<dyn Clock>) -> Result<Arc<dyn Store>> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::connect(url, clock).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PgStore::connect(url, clock).await?))
    } else {
        Err(StoreError::Invalid(format!(
            "unsupported database URL {:?}: use sqlite:PATH or postgres://...",
            redact_url(url)
        )))
    }
}

/// Hides a password in a database URL before it is shown or logged.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &userinfo[..colon],
                    &url[at..]
                ),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn passwords_are_hidden_in_urls() {
        assert_eq!(
            redact_url("postgres://app:s3cret@db.example:5432/assure"),
            "postgres://app:***@db.example:5432/assure"
        );
        assert_eq!(
            redact_url("postgres://postgres@127.0.0.1/test"),
            "postgres://postgres@127.0.0.1/test"
        );
        assert_eq!(redact_url("sqlite:./a.db"), "sqlite:./a.db");
    }
}
