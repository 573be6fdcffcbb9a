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

use assure_domain::PlanDocument;
use assure_domain::clock::Clock;
use assure_domain::model::{
    ActionFields, Actor, AuditEvent, OrgRole, Organisation, PlanSummary, StoredAction, StoredPlan,
    StoredUpdate, User,
};
use async_trait::async_trait;
use chrono::NaiveDate;
use std::sync::Arc;
use uuid::Uuid;

/// The result of every store call.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A person to add.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub org_id: Uuid,
    pub email: String,
    pub name: String,
    pub role: OrgRole,
    /// An Argon2id PHC string; `None` for someone who signs in another way.
    pub password_hash: Option<String>,
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
