//! Sessions and sign-in throttling.

use crate::Result;
use assure_domain::model::{Actor, Session, User};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// A session to start at sign-in. The cookie holds a random secret; only its hash is
/// stored, so a copy of the database signs nobody in.
#[derive(Clone)]
pub struct NewSession {
    /// SHA-256 of the cookie's secret.
    pub id_hash: String,
    /// Who signed in.
    pub user_id: Uuid,
    /// The session's CSRF token.
    pub csrf_token: String,
    /// When it ends unless a request slides it on.
    pub expires_at: DateTime<Utc>,
    /// The browser, as it says.
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

/// Sessions and sign-in attempts.
#[async_trait]
pub trait SessionStore: Send + Sync {
    /// Starts a session (audited as the person's sign-in).
    ///
    /// # Errors
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for an unknown person;
    /// [`StoreError::Duplicate`](crate::StoreError::Duplicate) for a hash already in use.
    async fn create_session(&self, session: NewSession) -> Result<()>;

    /// The session with this hash and its person, unless it has expired (by the clock).
    async fn session(&self, id_hash: &str) -> Result<Option<(Session, User)>>;

    /// Marks a live session seen now and moves its expiry (sliding expiry).
    ///
    /// # Errors
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) when it is unknown or has
    /// expired.
    async fn touch_session(&self, id_hash: &str, expires_at: DateTime<Utc>) -> Result<()>;

    /// Ends a session (sign-out, audited); an unknown hash is already ended.
    async fn delete_session(&self, id_hash: &str) -> Result<()>;

    /// Ends every session of a person but `except` (the one asking, when they sign out
    /// their other devices); returns how many. Audited as `by`'s change: the person
    /// themself after a password change, or an administrator ending them.
    ///
    /// # Errors
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for an unknown person.
    async fn delete_user_sessions(
        &self,
        user_id: Uuid,
        except: Option<&str>,
        by: &Actor,
    ) -> Result<u64>;

    /// A person's live sessions, the most recently used first.
    async fn user_sessions(&self, user_id: Uuid) -> Result<Vec<Session>>;

    /// Removes expired sessions, and sign-in attempts older than a day; returns how many
    /// sessions.
    async fn delete_expired_sessions(&self) -> Result<u64>;

    /// Keeps a one-time password link (by the SHA-256 of its secret) for a person of the
    /// actor's organisation, ending any earlier link of theirs; audited.
    ///
    /// # Errors
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for an unknown person or one
    /// of another organisation; [`StoreError::Invalid`](crate::StoreError::Invalid) for a
    /// disabled one.
    async fn create_password_reset(
        &self,
        user_id: Uuid,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        actor: &Actor,
    ) -> Result<()>;

    /// The person a live, unused link is for (an enabled account), if any.
    async fn password_reset_user(&self, token_hash: &str) -> Result<Option<User>>;

    /// Uses a link: sets the person's password, marks the link used and ends every
    /// session of theirs, in one change audited as theirs.
    ///
    /// # Errors
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) when the link is unknown,
    /// used, expired, or its account is disabled.
    async fn use_password_reset(&self, token_hash: &str, password_hash: &str) -> Result<User>;

    /// Records a sign-in attempt under `key` ("email:x@y", "ip:1.2.3.4"). A success
    /// clears the key's failures.
    async fn record_login_attempt(&self, key: &str, success: bool) -> Result<()>;

    /// How many failed attempts `key` has had since `since` (and since its last success).
    async fn login_failures_since(&self, key: &str, since: DateTime<Utc>) -> Result<i64>;
}
