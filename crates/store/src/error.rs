//! The store's one error type. Handlers map it to pages and status codes; the CLI to a
//! one-line message.

use uuid::Uuid;

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such record (or not visible to the caller).
    #[error("no {entity} with id {id}")]
    NotFound { entity: &'static str, id: String },
    /// Someone else changed the record since it was read, or a unique value is taken.
    #[error("{entity} {id} was changed by someone else (now at version {current})")]
    Conflict {
        entity: &'static str,
        id: Uuid,
        current: i64,
    },
    /// A unique value (an email, a name) is already taken.
    #[error("{0} is already taken")]
    Duplicate(String),
    /// The input cannot be stored as it is.
    #[error("{0}")]
    Invalid(String),
    /// The database cannot be reached or opened.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Any other database failure: a bug or an outage, logged in full.
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// Stored data that does not decode (a column holding an unknown enum value).
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

impl StoreError {
    pub(crate) fn not_found(entity: &'static str, id: impl ToString) -> Self {
        StoreError::NotFound {
            entity,
            id: id.to_string(),
        }
    }
}

impl From<sqlx::Error> for StoreError {
    /// A column holding a word the model does not know is corrupt data, not an outage.
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::ColumnDecode { index, source } = &e
            && source.is::<crate::rows::UnknownTerm>()
        {
            return StoreError::Corrupt(format!("{index}: {source}"));
        }
        StoreError::Database(e)
    }
}

impl From<std::convert::Infallible> for StoreError {
    fn from(e: std::convert::Infallible) -> Self {
        match e {}
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Unavailable(format!("migration failed: {e}"))
    }
}

/// Whether a database error is a unique-constraint violation.
pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}
