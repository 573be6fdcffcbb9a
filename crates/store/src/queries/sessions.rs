//! [`SessionStore`]: sessions and sign-in throttling.

use super::StoreImpl;
use super::write::Event;
use crate::error::is_unique_violation;
use crate::rows::{SessionRow, SessionUserRow, UserRow};
use crate::{NewSession, Result, SessionStore, StoreError};
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::model::{Actor, Session, User};
use async_trait::async_trait;
use chrono::{DateTime, SubsecRound, Utc};
use uuid::Uuid;

/// How long failed sign-in attempts are kept: far longer than any throttling window.
const LOGIN_ATTEMPT_RETENTION: chrono::TimeDelta = chrono::TimeDelta::days(1);

/// The housekeeping that is nobody's change: it writes as the system.
fn housekeeping() -> Actor {
    Actor::system("sessions")
}

#[async_trait]
impl SessionStore for StoreImpl {
    async fn create_session(&self, s: NewSession) -> Result<()> {
        let mut w = self.write(&housekeeping()).await?;
        let Some((org_id, name)) =
            sqlx::query_as::<_, (Uuid, String)>("SELECT org_id, name FROM users WHERE id = $1")
                .bind(s.user_id)
                .fetch_optional(&mut *w.tx)
                .await?
        else {
            return Err(StoreError::not_found("person", s.user_id));
        };
        let inserted = sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at,
                last_seen_at, user_agent)
             VALUES ($1, $2, $3, $4, $5, $4, $6)",
        )
        .bind(&s.id_hash)
        .bind(s.user_id)
        .bind(&s.csrf_token)
        .bind(w.now)
        .bind(s.expires_at.trunc_subsecs(6))
        .bind(&s.user_agent)
        .execute(&mut *w.tx)
        .await;
        match inserted {
            Err(e) if is_unique_violation(&e) => {
                return Err(StoreError::Duplicate("session".into()));
            }
            other => other?,
        };
        // The person signs themself in. Neither the hash nor the token goes into the trail.
        w.actor = Actor {
            user_id: Some(s.user_id),
            label: name,
        };
        let event = Event::new(org_id, AuditEntity::User, s.user_id, AuditChange::SignIn)
            .after(serde_json::json!({ "expires_at": s.expires_at, "user_agent": s.user_agent }));
        w.commit(event).await
    }

    async fn session(&self, id_hash: &str) -> Result<Option<(Session, User)>> {
        // One read on every request. A disabled person's sessions are ended when they are
        // disabled; `disabled_at IS NULL` is the belt to that brace.
        let row = sqlx::query_as::<_, SessionUserRow>(
            "SELECT s.*, u.org_id AS user_org_id, u.email AS user_email, u.name AS user_name,
                    u.role AS user_role, u.version AS user_version,
                    u.created_at AS user_created_at
             FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.id_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL",
        )
        .bind(id_hash)
        .bind(self.now())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(Into::into))
    }

    async fn touch_session(&self, id_hash: &str, expires_at: DateTime<Utc>) -> Result<()> {
        // Housekeeping, not a change anyone made: not audited.
        let mut w = self.write(&housekeeping()).await?;
        let changed = sqlx::query(
            "UPDATE sessions SET last_seen_at = $2, expires_at = $3
             WHERE id_hash = $1 AND expires_at > $2",
        )
        .bind(id_hash)
        .bind(w.now)
        .bind(expires_at.trunc_subsecs(6))
        .execute(&mut *w.tx)
        .await?;
        if changed.rows_affected() != 1 {
            return Err(StoreError::not_found("session", "(hidden)"));
        }
        w.commit_unaudited().await
    }

    async fn delete_session(&self, id_hash: &str) -> Result<()> {
        let mut w = self.write(&housekeeping()).await?;
        let Some((user_id, org_id, name)) = sqlx::query_as::<_, (Uuid, Uuid, String)>(
            "SELECT s.user_id, u.org_id, u.name FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.id_hash = $1",
        )
        .bind(id_hash)
        .fetch_optional(&mut *w.tx)
        .await?
        else {
            // Already ended: nothing to do, nothing to record.
            return Ok(());
        };
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&mut *w.tx)
            .await?;
        w.actor = Actor {
            user_id: Some(user_id),
            label: name,
        };
        let event = Event::new(org_id, AuditEntity::User, user_id, AuditChange::SignOut);
        w.commit(event).await
    }

    async fn delete_user_sessions(
        &self,
        user_id: Uuid,
        except: Option<&str>,
        by: &Actor,
    ) -> Result<u64> {
        let mut w = self.write(by).await?;
        let Some(org_id) = sqlx::query_scalar::<_, Uuid>("SELECT org_id FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *w.tx)
            .await?
        else {
            return Err(StoreError::not_found("person", user_id));
        };
        // No hash matches the empty string, so `None` ends them all.
        let ended = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
            .bind(user_id)
            .bind(except.unwrap_or(""))
            .execute(&mut *w.tx)
            .await?
            .rows_affected();
        let event = Event::new(
            org_id,
            AuditEntity::User,
            user_id,
            AuditChange::SignOutEverywhere,
        )
        .after(serde_json::json!({ "sessions": ended, "this_one_kept": except.is_some() }));
        w.commit(event).await?;
        Ok(ended)
    }

    async fn user_sessions(&self, user_id: Uuid) -> Result<Vec<Session>> {
        let rows = sqlx::query_as::<_, SessionRow>(
            "SELECT * FROM sessions WHERE user_id = $1 AND expires_at > $2
             ORDER BY last_seen_at DESC, created_at DESC",
        )
        .bind(user_id)
        .bind(self.now())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Session::from).collect())
    }

    async fn create_password_reset(
        &self,
        user_id: Uuid,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        actor: &Actor,
    ) -> Result<()> {
        let mut w = self.write(actor).await?;
        let person = w.person(user_id).await?;
        if person.disabled {
            return Err(StoreError::Invalid(
                "the account is disabled: enable it first".into(),
            ));
        }
        // One live link per person: a new one ends the last.
        sqlx::query("DELETE FROM password_resets WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *w.tx)
            .await?;
        sqlx::query(
            "INSERT INTO password_resets (token_hash, user_id, created_by, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(actor.user_id)
        .bind(w.now)
        .bind(expires_at.trunc_subsecs(6))
        .execute(&mut *w.tx)
        .await?;
        let event = Event::new(
            person.org_id,
            AuditEntity::User,
            user_id,
            AuditChange::IssuePasswordReset,
        )
        .after(serde_json::json!({ "expires_at": expires_at }));
        w.commit(event).await
    }

    async fn password_reset_user(&self, token_hash: &str) -> Result<Option<User>> {
        let row = sqlx::query_as::<_, UserRow>(
            "SELECT u.* FROM password_resets r JOIN users u ON u.id = r.user_id
             WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2
               AND u.disabled_at IS NULL",
        )
        .bind(token_hash)
        .bind(self.now())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(User::from))
    }

    async fn use_password_reset(&self, token_hash: &str, password_hash: &str) -> Result<User> {
        if password_hash.is_empty() {
            return Err(StoreError::Invalid("an empty password hash".into()));
        }
        let mut w = self.write(&housekeeping()).await?;
        let Some(person) = sqlx::query_as::<_, UserRow>(
            "SELECT u.* FROM password_resets r JOIN users u ON u.id = r.user_id
             WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2
               AND u.disabled_at IS NULL",
        )
        .bind(token_hash)
        .bind(w.now)
        .fetch_optional(&mut *w.tx)
        .await?
        .map(User::from) else {
            return Err(StoreError::not_found("password link", "(hidden)"));
        };
        sqlx::query("UPDATE password_resets SET used_at = $2 WHERE token_hash = $1")
            .bind(token_hash)
            .bind(w.now)
            .execute(&mut *w.tx)
            .await?;
        sqlx::query("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1")
            .bind(person.id)
            .bind(password_hash)
            .bind(w.now)
            .execute(&mut *w.tx)
            .await?;
        let ended = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(person.id)
            .execute(&mut *w.tx)
            .await?
            .rows_affected();
        // The person sets their own password through the link.
        w.actor = Actor::user(&person);
        let event = Event::new(
            person.org_id,
            AuditEntity::User,
            person.id,
            AuditChange::SetPassword,
        )
        .after(serde_json::json!({ "by": "one-time link", "sessions_ended": ended }));
        w.commit(event).await?;
        Ok(person)
    }

    async fn delete_expired_sessions(&self) -> Result<u64> {
        let mut w = self.write(&housekeeping()).await?;
        let gone = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(w.now)
            .execute(&mut *w.tx)
            .await?
            .rows_affected();
        sqlx::query("DELETE FROM login_attempts WHERE at < $1")
            .bind(w.now - LOGIN_ATTEMPT_RETENTION)
            .execute(&mut *w.tx)
            .await?;
        // Password links past their expiry, used or not, serve no one.
        sqlx::query("DELETE FROM password_resets WHERE expires_at <= $1")
            .bind(w.now)
            .execute(&mut *w.tx)
            .await?;
        w.commit_unaudited().await?;
        Ok(gone)
    }

    async fn record_login_attempt(&self, key: &str, success: bool) -> Result<()> {
        // Counted for throttling, not audited: a flood of guesses must not flood the trail.
        let mut w = self.write(&housekeeping()).await?;
        if success {
            sqlx::query("DELETE FROM login_attempts WHERE attempt_key = $1")
                .bind(key)
                .execute(&mut *w.tx)
                .await?;
        } else {
            sqlx::query(
                "INSERT INTO login_attempts (id, attempt_key, at, success) VALUES ($1, $2, $3, $4)",
            )
            .bind(Uuid::now_v7())
            .bind(key)
            .bind(w.now)
            .bind(false)
            .execute(&mut *w.tx)
            .await?;
        }
        w.commit_unaudited().await
    }

    async fn login_failures_since(&self, key: &str, since: DateTime<Utc>) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM login_attempts
             WHERE attempt_key = $1 AND at >= $2 AND success = $3",
        )
        .bind(key)
        .bind(since.trunc_subsecs(6))
        .bind(false)
        .fetch_one(&self.pool)
        .await?)
    }
}
