//! [`ReminderStore`]: the sent-log and email preferences.
//!
//! A digest is claimed before it is sent, by inserting its key under the unique index
//! `sent_messages_key` with `ON CONFLICT DO NOTHING` in a write transaction: of two
//! servers (or two runs) composing the same digest, exactly one gets the row back and
//! sends. Retries are claimed by an `UPDATE … WHERE` that re-checks the row's state, so
//! two senders cannot both retry one message either.

use super::StoreImpl;
use super::write::Event;
use crate::rows::{ChaseRow, PreferenceRow, SentKeyRow, SentMessageRow};
use crate::traits::{LoggedMessage, MessageStatus, NewMessage, ReminderStore};
use crate::{Result, StoreError};
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::model::Actor;
use assure_domain::reminders::{Frequency, Kind};
use assure_domain::rounds::Chase;
use async_trait::async_trait;
use chrono::Duration;
use sqlx::types::Json;
use uuid::Uuid;

/// Who the sent-log's bookkeeping is done by.
fn mailer() -> Actor {
    Actor::system("mailer")
}

/// Longest error text kept: an SMTP server's reply, not a novel.
const MAX_ERROR: usize = 500;

#[async_trait]
impl ReminderStore for StoreImpl {
    async fn logged_keys(&self, plan_id: Uuid) -> Result<Vec<(Uuid, Kind, String)>> {
        let rows = sqlx::query_as::<_, SentKeyRow>(
            "SELECT person_id, kind, digest_window FROM sent_messages WHERE plan_id = $1",
        )
        .bind(plan_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.person_id, r.kind.0, r.digest_window))
            .collect())
    }

    async fn claim_message(
        &self,
        m: &NewMessage,
        lease: Duration,
    ) -> Result<Option<LoggedMessage>> {
        let mut w = self.write(&mailer()).await?;
        let row = sqlx::query_as::<_, SentMessageRow>(
            "INSERT INTO sent_messages (id, person_id, kind, plan_id, digest_window, period_start,
                to_email, subject, body_text, body_html, action_ids, chase_id, status, attempts,
                created_at, lease_until)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 0, $14, $15)
             ON CONFLICT (person_id, kind, plan_id, digest_window) DO NOTHING
             RETURNING *",
        )
        .bind(Uuid::now_v7())
        .bind(m.person_id)
        .bind(m.kind.as_str())
        .bind(m.plan_id)
        .bind(&m.window)
        .bind(m.period_start)
        .bind(&m.to)
        .bind(&m.subject)
        .bind(&m.text)
        .bind(&m.html)
        .bind(Json(&m.action_ids))
        .bind(m.chase_id)
        .bind(MessageStatus::Sending.as_str())
        .bind(w.now)
        .bind(w.now + lease)
        .fetch_optional(&mut *w.tx)
        .await?;
        w.commit_unaudited().await?;
        Ok(row.map(LoggedMessage::from))
    }

    async fn claim_retries(&self, limit: u32, lease: Duration) -> Result<Vec<LoggedMessage>> {
        let now = self.now();
        let ids: Vec<Uuid> = sqlx::query_scalar(
            "SELECT id FROM sent_messages
             WHERE (status = 'failed' AND next_attempt_at <= $1)
                OR (status = 'sending' AND lease_until < $1)
             ORDER BY created_at LIMIT $2",
        )
        .bind(now)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for id in ids {
            let mut w = self.write(&mailer()).await?;
            // The state is checked again as the row is taken: a sender that claimed it
            // since the SELECT leaves nothing for this one.
            let row = sqlx::query_as::<_, SentMessageRow>(
                "UPDATE sent_messages SET status = 'sending', lease_until = $3
                 WHERE id = $1 AND ((status = 'failed' AND next_attempt_at <= $2)
                    OR (status = 'sending' AND lease_until < $2))
                 RETURNING *",
            )
            .bind(id)
            .bind(w.now)
            .bind(w.now + lease)
            .fetch_optional(&mut *w.tx)
            .await?;
            w.commit_unaudited().await?;
            out.extend(row.map(LoggedMessage::from));
        }
        Ok(out)
    }

    async fn message_sent(&self, id: Uuid) -> Result<()> {
        let mut w = self.write(&mailer()).await?;
        let chase: Option<Option<Uuid>> = sqlx::query_scalar(
            "UPDATE sent_messages SET status = 'sent', sent_at = $2, attempts = attempts + 1,
                lease_until = NULL, next_attempt_at = NULL
             WHERE id = $1 RETURNING chase_id",
        )
        .bind(id)
        .bind(w.now)
        .fetch_optional(&mut *w.tx)
        .await?;
        let Some(chase) = chase else {
            return Err(StoreError::not_found("message", id));
        };
        if let Some(chase) = chase {
            sqlx::query("UPDATE chases SET emailed_at = $2 WHERE id = $1 AND emailed_at IS NULL")
                .bind(chase)
                .bind(w.now)
                .execute(&mut *w.tx)
                .await?;
        }
        w.commit_unaudited().await?;
        Ok(())
    }

    async fn message_failed(
        &self,
        id: Uuid,
        error: &str,
        retry_in: Option<Duration>,
    ) -> Result<()> {
        let mut w = self.write(&mailer()).await?;
        let error: String = error.chars().take(MAX_ERROR).collect();
        let (status, next) = match retry_in {
            Some(d) => (MessageStatus::Failed, Some(w.now + d)),
            None => (MessageStatus::Abandoned, None),
        };
        let done = sqlx::query(
            "UPDATE sent_messages SET status = $2, attempts = attempts + 1, last_error = $3,
                next_attempt_at = $4, lease_until = NULL
             WHERE id = $1",
        )
        .bind(id)
        .bind(status.as_str())
        .bind(error)
        .bind(next)
        .execute(&mut *w.tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("message", id));
        }
        w.commit_unaudited().await?;
        Ok(())
    }

    async fn logged_messages(&self, plan_id: Option<Uuid>) -> Result<Vec<LoggedMessage>> {
        let rows = match plan_id {
            Some(p) => sqlx::query_as::<_, SentMessageRow>(
                "SELECT * FROM sent_messages WHERE plan_id = $1 ORDER BY created_at DESC, id DESC",
            )
            .bind(p)
            .fetch_all(&self.pool)
            .await?,
            None => {
                sqlx::query_as::<_, SentMessageRow>(
                    "SELECT * FROM sent_messages ORDER BY created_at DESC, id DESC",
                )
                .fetch_all(&self.pool)
                .await?
            }
        };
        Ok(rows.into_iter().map(LoggedMessage::from).collect())
    }

    async fn unsent_chases(&self, plan_id: Uuid) -> Result<Vec<Chase>> {
        let rows = sqlx::query_as::<_, ChaseRow>(
            "SELECT * FROM chases WHERE plan_id = $1 AND emailed_at IS NULL
             ORDER BY created_at, id",
        )
        .bind(plan_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Chase::from).collect())
    }

    async fn email_frequencies(&self) -> Result<Vec<(Uuid, Frequency)>> {
        let rows =
            sqlx::query_as::<_, PreferenceRow>("SELECT user_id, frequency FROM email_preferences")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.user_id, r.frequency.0))
            .collect())
    }

    async fn email_frequency(&self, user_id: Uuid) -> Result<Frequency> {
        let row = sqlx::query_as::<_, PreferenceRow>(
            "SELECT user_id, frequency FROM email_preferences WHERE user_id = $1",
        )
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| r.frequency.0).unwrap_or_default())
    }

    async fn set_email_frequency(
        &self,
        user_id: Uuid,
        frequency: Frequency,
        actor: &Actor,
    ) -> Result<()> {
        let mut w = self.write(actor).await?;
        let person = w.person(user_id).await?;
        w.check_actor(person.org_id, "person", user_id).await?;
        let before: Option<String> =
            sqlx::query_scalar("SELECT frequency FROM email_preferences WHERE user_id = $1")
                .bind(user_id)
                .fetch_optional(&mut *w.tx)
                .await?;
        sqlx::query(
            "INSERT INTO email_preferences (user_id, frequency, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (user_id) DO UPDATE SET frequency = $2, updated_at = $3",
        )
        .bind(user_id)
        .bind(frequency.as_str())
        .bind(w.now)
        .execute(&mut *w.tx)
        .await?;
        let event = Event::new(
            person.org_id,
            AuditEntity::User,
            user_id,
            AuditChange::Update,
        )
        .subject(user_id)
        .before(serde_json::json!({
            "email_frequency": before.unwrap_or_else(|| Frequency::default().as_str().into())
        }))
        .after(serde_json::json!({ "email_frequency": frequency.as_str() }));
        w.commit(event).await
    }
}
