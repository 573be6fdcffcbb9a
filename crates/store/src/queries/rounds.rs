//! [`RoundStore`]: status changes, review meetings and chases.

use super::read::read_plan;
use super::write::Event;
use super::{StoreImpl, Tx};
use crate::rows::{ChaseRow, MeetingRow, StatusChangeRow, all};
use crate::{Result, RoundStore, StoreError};
use assure_domain::StatusValue;
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::clock::uk_date;
use assure_domain::model::Actor;
use assure_domain::periods::period_containing;
use assure_domain::rounds::{Chase, Meeting, REVIEW_MEETING, Round, round_actions};
use assure_domain::status_history::StatusChange;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::types::Json;
use uuid::Uuid;

/// Records that an action's status became `status` at `at`: called by every write that
/// sets a status, in its transaction, so the history cannot miss a change.
pub(super) async fn log_status(
    tx: &mut Tx,
    action_id: Uuid,
    at: DateTime<Utc>,
    status: Option<&StatusValue>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO status_changes (id, action_id, at, status_label, status_meaning)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(Uuid::now_v7())
    .bind(action_id)
    .bind(at)
    .bind(status.map(|s| s.label.clone()))
    .bind(status.map(|s| s.meaning.as_str()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[async_trait]
impl RoundStore for StoreImpl {
    async fn status_changes(&self, plan_id: Uuid) -> Result<Vec<StatusChange>> {
        let rows = sqlx::query_as::<_, StatusChangeRow>(
            "SELECT c.action_id, c.at, c.status_label, c.status_meaning
             FROM status_changes c JOIN actions a ON a.id = c.action_id
             WHERE a.plan_id = $1 ORDER BY c.at, c.id",
        )
        .bind(plan_id)
        .fetch_all(&self.pool)
        .await?;
        all(rows)
    }

    async fn action_status_changes(&self, action_id: Uuid) -> Result<Vec<StatusChange>> {
        let rows = sqlx::query_as::<_, StatusChangeRow>(
            "SELECT action_id, at, status_label, status_meaning FROM status_changes
             WHERE action_id = $1 ORDER BY at, id",
        )
        .bind(action_id)
        .fetch_all(&self.pool)
        .await?;
        all(rows)
    }

    async fn meetings(&self, plan_id: Uuid) -> Result<Vec<Meeting>> {
        let rows = sqlx::query_as::<_, MeetingRow>(
            "SELECT * FROM meetings WHERE plan_id = $1 ORDER BY meeting_date, id",
        )
        .bind(plan_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Meeting::from).collect())
    }

    async fn add_meeting(&self, plan_id: Uuid, date: NaiveDate, actor: &Actor) -> Result<Meeting> {
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(plan_id).await?;
        let taken: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM meetings WHERE plan_id = $1 AND meeting_date = $2 AND kind = $3",
        )
        .bind(plan_id)
        .bind(date)
        .bind(REVIEW_MEETING)
        .fetch_one(&mut *w.tx)
        .await?;
        if taken > 0 {
            return Err(StoreError::Invalid(format!(
                "the plan already has a review meeting on {}",
                date.format("%-d %B %Y")
            )));
        }
        let meeting = Meeting {
            id: Uuid::now_v7(),
            plan_id,
            date,
            kind: REVIEW_MEETING.to_string(),
            attendees: String::new(),
            notes: String::new(),
            created_by: w.actor.clone(),
            created_at: w.now,
            closed: None,
            version: 1,
        };
        super::meetings::insert_meeting(&mut w.tx, &meeting).await?;
        let event = Event::new(
            org_id,
            AuditEntity::Meeting,
            meeting.id,
            AuditChange::Create,
        )
        .in_plan(plan_id)
        .subject(plan_id)
        .after(serde_json::json!({ "date": date, "kind": meeting.kind }));
        w.commit(event).await?;
        Ok(meeting)
    }

    async fn remove_meeting(&self, plan_id: Uuid, meeting_id: Uuid, actor: &Actor) -> Result<()> {
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(plan_id).await?;
        let Some(before) = sqlx::query_as::<_, MeetingRow>(
            "SELECT * FROM meetings WHERE id = $1 AND plan_id = $2",
        )
        .bind(meeting_id)
        .bind(plan_id)
        .fetch_optional(&mut *w.tx)
        .await?
        .map(Meeting::from) else {
            return Err(StoreError::not_found("meeting", meeting_id));
        };
        if before.closed.is_some() {
            return Err(StoreError::Invalid(
                "the meeting is closed: its record is kept as it is".into(),
            ));
        }
        // Removing it would take its decisions with it, out of the actions' record.
        let decisions: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM meeting_decisions WHERE meeting_id = $1")
                .bind(meeting_id)
                .fetch_one(&mut *w.tx)
                .await?;
        if decisions > 0 {
            return Err(StoreError::Invalid(format!(
                "the meeting has {} recorded against actions: it is kept with them",
                if decisions == 1 {
                    "a decision".to_string()
                } else {
                    format!("{decisions} decisions")
                }
            )));
        }
        sqlx::query("DELETE FROM meetings WHERE id = $1")
            .bind(meeting_id)
            .execute(&mut *w.tx)
            .await?;
        let event = Event::new(
            org_id,
            AuditEntity::Meeting,
            meeting_id,
            AuditChange::Delete,
        )
        .in_plan(plan_id)
        .subject(plan_id)
        .before(serde_json::json!({ "date": before.date, "kind": before.kind }));
        w.commit(event).await
    }

    async fn chase(
        &self,
        plan_id: Uuid,
        person_id: Uuid,
        in_period: NaiveDate,
        actor: &Actor,
    ) -> Result<Chase> {
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(plan_id).await?;
        let person = w.person(person_id).await?;
        if person.org_id != org_id {
            return Err(StoreError::not_found("person", person_id));
        }
        let plan = read_plan(&mut w.tx, plan_id).await?;
        let period = period_containing(in_period, &plan.settings.update_cadence);
        if period.start > uk_date(w.now) {
            return Err(StoreError::Invalid(format!(
                "the round for {} has not begun",
                period.label
            )));
        }
        let meetings: Vec<NaiveDate> = sqlx::query_scalar(
            "SELECT meeting_date FROM meetings WHERE plan_id = $1
             AND meeting_date >= $2 AND meeting_date <= $3 AND kind = $4",
        )
        .bind(plan_id)
        .bind(period.start)
        .bind(period.end)
        .bind(REVIEW_MEETING)
        .fetch_all(&mut *w.tx)
        .await?;
        let round = Round::new(period, &meetings);
        let action_ids = round_actions(&plan, &round.period).outstanding_for(person_id);
        if action_ids.is_empty() {
            return Err(StoreError::Invalid(format!(
                "{} has nothing left to update in the round for {}",
                person.name, round.period.label
            )));
        }
        let chase = Chase {
            id: Uuid::now_v7(),
            plan_id,
            person_id,
            period: round.period,
            deadline: round.deadline,
            action_ids,
            chased_by: w.actor.clone(),
            created_at: w.now,
            emailed_at: None,
        };
        sqlx::query(
            "INSERT INTO chases (id, plan_id, person_id, period_start, period_end, period_label,
                deadline, action_ids, chased_by_id, chased_by_label, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(chase.id)
        .bind(plan_id)
        .bind(person_id)
        .bind(chase.period.start)
        .bind(chase.period.end)
        .bind(&chase.period.label)
        .bind(chase.deadline)
        .bind(Json(&chase.action_ids))
        .bind(chase.chased_by.user_id)
        .bind(&chase.chased_by.label)
        .bind(chase.created_at)
        .execute(&mut *w.tx)
        .await?;
        let event = Event::new(org_id, AuditEntity::Chase, chase.id, AuditChange::Create)
            .in_plan(plan_id)
            .subject(plan_id)
            .after(serde_json::json!({
                "person_id": person_id,
                "person": person.name,
                "period": chase.period.label,
                "deadline": chase.deadline,
                "actions": chase.action_ids,
            }));
        w.commit(event).await?;
        Ok(chase)
    }

    async fn chases(&self, plan_id: Uuid, period_start: NaiveDate) -> Result<Vec<Chase>> {
        let rows = sqlx::query_as::<_, ChaseRow>(
            "SELECT * FROM chases WHERE plan_id = $1 AND period_start = $2
             ORDER BY created_at, id",
        )
        .bind(plan_id)
        .bind(period_start)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Chase::from).collect())
    }

    async fn chases_for(&self, person_id: Uuid, from: NaiveDate) -> Result<Vec<Chase>> {
        let rows = sqlx::query_as::<_, ChaseRow>(
            "SELECT * FROM chases WHERE person_id = $1 AND period_end >= $2
             ORDER BY created_at DESC, id DESC",
        )
        .bind(person_id)
        .bind(from)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Chase::from).collect())
    }
}
