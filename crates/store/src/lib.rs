//! Where plans live: the [`Store`] traits, and their SQLite and PostgreSQL
//! implementations.
//!
//! The traits are one per aggregate (`traits/`: plans, areas and actions, updates and
//! evidence, sign-off, people, sessions, the audit trail, dismissed check findings);
//! [`Store`] is all of them, and callers hold it as `Arc<dyn Store>` (a trait object
//! answers its supertraits' methods with no import; code holding a concrete store uses
//! [`prelude`]). The SQL is written once (`queries/`, one file per aggregate) and mounted into each backend
//! module with that backend's types, so the same contract tests prove both. Every write
//! is one transaction that also records an audit event and moves the revision of the plan
//! it belongs to; records carry a version and an update names the version it read, so a
//! concurrent edit is a [`StoreError::Conflict`], never a silent overwrite. The rules that
//! keep the data whole (a plan keeps an owner, an organisation an admin) are checked in
//! the same transaction, so no caller can go around them.

mod error;
mod postgres;
mod rows;
mod sqlite;
mod traits;

pub use error::StoreError;
pub use postgres::PgStore;
pub use sqlite::{Durability, SqliteStore};
pub use traits::{
    ActionStore, AuditStore, CheckStore, DecidedAction, FileStore, GlossaryStore,
    ImportReportStore, LayoutStore, LeadLink, LinkOutcome, LoggedMessage, Measure, MeasureFields,
    MeasureLink, MeasureStore, MeasureValue, MeetingStore, MessageStatus, NewDismissal,
    NewEvidence, NewLayout, NewMeeting, NewMessage, NewSession, NewUpdate, NewUser, PeopleStore,
    PlanStore, ProgressStore, ReminderStore, RoundStore, SavedLayout, SessionStore, SignOffStore,
    Store, UnreferencedFile, ValueEntry, ValuesOutcome,
};
pub use traits::{MAX_CORRECTIONS_BYTES, MAX_LAYOUT_NAME_CHARS, MAX_SIGNATURE_CHARS};

use assure_domain::clock::Clock;
use std::sync::Arc;

/// The result of every store call.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Every store trait, for code that calls a concrete store (`SqliteStore`, `PgStore`) or
/// is generic over one: `use assure_store::prelude::*;`.
pub mod prelude {
    pub use crate::{
        ActionStore, AuditStore, CheckStore, FileStore, GlossaryStore, ImportReportStore,
        LayoutStore, MeasureStore, MeetingStore, PeopleStore, PlanStore, ProgressStore,
        ReminderStore, RoundStore, SessionStore, SignOffStore, Store,
    };
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
