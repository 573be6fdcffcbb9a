//! [`MeetingStore`]: a plan's meetings, their details, their decisions (against actions or
//! as new ones) and their closing. A closed
//! meeting refuses every change, here in the transaction, whoever asks.

use super::areas_actions::add_action_in;
use super::write::{Event, Write};
use super::{StoreImpl, Tx};
use crate::rows::{DecisionRow, MeetingRow};
use crate::{DecidedAction, MeetingStore, NewMeeting, Result, StoreError};
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::meetings::{
    Decision, MAX_ATTENDEES_CHARS, MAX_MEETING_TEXT_CHARS, is_meeting_kind, kind_label,
};
use assure_domain::model::Actor;
use assure_domain::rounds::Meeting;
use async_trait::async_trait;
use uuid::Uuid;

/// The refusal of any change to a closed meeting.
fn closed() -> StoreError {
    StoreError::Invalid("the meeting is closed: its record is kept as it is".into())
}

#[async_trait]
impl MeetingStore for StoreImpl {
    async fn meeting(&self, plan_id: Uuid, meeting_id: Uuid) -> Result<Meeting> {
        sqlx::query_as::<_, MeetingRow>("SELECT * FROM meetings WHERE id = $1 AND plan_id = $2")
            .bind(meeting_id)
            .bind(plan_id)
            .fetch_optional(&self.pool)
            .await?
            .map(Meeting::from)
            .ok_or_else(|| StoreError::not_found("meeting", meeting_id))
    }

    async fn create_meeting(
        &self,
        plan_id: Uuid,
        new: &NewMeeting,
        actor: &Actor,
    ) -> Result<Meeting> {
        if !is_meeting_kind(&new.kind) {
            return Err(StoreError::Invalid(format!(
                "“{}” is not a kind of meeting",
                new.kind
            )));
        }
        let (attendees, notes) = details(&new.attendees, &new.notes)?;
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(plan_id).await?;
        let taken: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM meetings WHERE plan_id = $1 AND meeting_date = $2 AND kind = $3",
        )
        .bind(plan_id)
        .bind(new.date)
        .bind(&new.kind)
        .fetch_one(&mut *w.tx)
        .await?;
        if taken > 0 {
            return Err(StoreError::Invalid(format!(
                "the plan already has a {} meeting on {}",
                kind_label(&new.kind).to_lowercase(),
                new.date.format("%-d %B %Y")
            )));
        }
        let meeting = Meeting {
            id: Uuid::now_v7(),
            plan_id,
            date: new.date,
            kind: new.kind.clone(),
            attendees,
            notes,
            created_by: w.actor.clone(),
            created_at: w.now,
            closed: None,
            version: 1,
        };
        insert_meeting(&mut w.tx, &meeting).await?;
        let event = Event::new(
            org_id,
            AuditEntity::Meeting,
            meeting.id,
            AuditChange::Create,
        )
        .in_plan(plan_id)
        .subject(plan_id)
        .after(serde_json::json!({
            "date": meeting.date,
            "kind": meeting.kind,
            "attendees": meeting.attendees,
            "notes": meeting.notes,
        }));
        w.commit(event).await?;
        Ok(meeting)
    }

    async fn decisions(&self, meeting_id: Uuid) -> Result<Vec<Decision>> {
        let rows = sqlx::query_as::<_, DecisionRow>(
            "SELECT * FROM meeting_decisions WHERE meeting_id = $1 ORDER BY created_at, id",
        )
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Decision::from).collect())
    }

    async fn record_decision(
        &self,
        plan_id: Uuid,
        meeting_id: Uuid,
        action_id: Uuid,
        text: &str,
        actor: &Actor,
    ) -> Result<Decision> {
        let text = decision_text(text)?;
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(plan_id).await?;
        let meeting = open_meeting(&mut w, plan_id, meeting_id).await?;
        let ours: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM actions WHERE id = $1 AND plan_id = $2")
                .bind(action_id)
                .bind(plan_id)
                .fetch_one(&mut *w.tx)
                .await?;
        if ours == 0 {
            return Err(StoreError::not_found("action", action_id));
        }
        let (decision, event) = insert_decision(&mut w, org_id, &meeting, action_id, text).await?;
        w.commit(event).await?;
        Ok(decision)
    }

    async fn record_decision_with_new_action(
        &self,
        plan_id: Uuid,
        meeting_id: Uuid,
        action: &DecidedAction,
        text: &str,
        actor: &Actor,
    ) -> Result<Decision> {
        let text = decision_text(text)?;
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(plan_id).await?;
        let meeting = open_meeting(&mut w, plan_id, meeting_id).await?;
        let (action_id, its_plan, made) = add_action_in(
            &mut w,
            action.area_id,
            None,
            &action.fields,
            action.leads.clone(),
        )
        .await?;
        // An area of another plan: dropping the write rolls the action back.
        if its_plan != plan_id {
            return Err(StoreError::not_found("area", action.area_id));
        }
        let (decision, event) = insert_decision(&mut w, org_id, &meeting, action_id, text).await?;
        w.commit_all(vec![made, event]).await?;
        Ok(decision)
    }

    async fn edit_meeting(
        &self,
        plan_id: Uuid,
        meeting_id: Uuid,
        expected_version: i64,
        attendees: &str,
        notes: &str,
        actor: &Actor,
    ) -> Result<Meeting> {
        let (attendees, notes) = details(attendees, notes)?;
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(plan_id).await?;
        let before = open_meeting(&mut w, plan_id, meeting_id).await?;
        if before.version != expected_version {
            return Err(StoreError::Conflict {
                entity: "meeting",
                id: meeting_id,
                current: before.version,
            });
        }
        sqlx::query(
            "UPDATE meetings SET attendees = $1, notes = $2, version = version + 1
             WHERE id = $3 AND version = $4",
        )
        .bind(&attendees)
        .bind(&notes)
        .bind(meeting_id)
        .bind(expected_version)
        .execute(&mut *w.tx)
        .await?;
        let after = Meeting {
            attendees,
            notes,
            version: before.version + 1,
            ..before.clone()
        };
        let event = Event::new(
            org_id,
            AuditEntity::Meeting,
            meeting_id,
            AuditChange::Update,
        )
        .in_plan(plan_id)
        .subject(plan_id)
        .before(serde_json::json!({
            "date": before.date,
            "kind": before.kind,
            "attendees": before.attendees,
            "notes": before.notes,
        }))
        .after(serde_json::json!({
            "date": after.date,
            "kind": after.kind,
            "attendees": after.attendees,
            "notes": after.notes,
        }));
        w.commit(event).await?;
        Ok(after)
    }

    async fn close_meeting(&self, plan_id: Uuid, meeting_id: Uuid, actor: &Actor) -> Result<()> {
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(plan_id).await?;
        let meeting = sqlx::query_as::<_, MeetingRow>(
            "SELECT * FROM meetings WHERE id = $1 AND plan_id = $2",
        )
        .bind(meeting_id)
        .bind(plan_id)
        .fetch_optional(&mut *w.tx)
        .await?
        .map(Meeting::from)
        .ok_or_else(|| StoreError::not_found("meeting", meeting_id))?;
        if meeting.closed.is_some() {
            return Err(StoreError::Invalid("the meeting is already closed".into()));
        }
        sqlx::query(
            "UPDATE meetings SET closed_at = $1, closed_by_id = $2, closed_by_label = $3
             WHERE id = $4",
        )
        .bind(w.now)
        .bind(w.actor.user_id)
        .bind(&w.actor.label)
        .bind(meeting_id)
        .execute(&mut *w.tx)
        .await?;
        let event = Event::new(org_id, AuditEntity::Meeting, meeting_id, AuditChange::Close)
            .in_plan(plan_id)
            .subject(plan_id)
            .after(serde_json::json!({ "date": meeting.date, "kind": meeting.kind }));
        w.commit(event).await
    }
}

/// A decision's text, trimmed, or why it cannot be one.
fn decision_text(text: &str) -> Result<&str> {
    let text = text.trim();
    if text.is_empty() {
        return Err(StoreError::Invalid("the decision is empty".into()));
    }
    if text.chars().count() > MAX_MEETING_TEXT_CHARS {
        return Err(StoreError::Invalid(format!(
            "the decision must be {MAX_MEETING_TEXT_CHARS} characters or fewer"
        )));
    }
    Ok(text)
}

/// A meeting's attendees and notes, trimmed, or why they cannot be kept.
fn details(attendees: &str, notes: &str) -> Result<(String, String)> {
    let attendees = attendees.trim().to_string();
    let notes = notes.trim().to_string();
    if attendees.chars().count() > MAX_ATTENDEES_CHARS {
        return Err(StoreError::Invalid(format!(
            "the attendees must be {MAX_ATTENDEES_CHARS} characters or fewer"
        )));
    }
    if notes.chars().count() > MAX_MEETING_TEXT_CHARS {
        return Err(StoreError::Invalid(format!(
            "the notes must be {MAX_MEETING_TEXT_CHARS} characters or fewer"
        )));
    }
    Ok((attendees, notes))
}

/// The plan's meeting, read inside the write, if it is still open.
async fn open_meeting(w: &mut Write, plan_id: Uuid, meeting_id: Uuid) -> Result<Meeting> {
    let meeting =
        sqlx::query_as::<_, MeetingRow>("SELECT * FROM meetings WHERE id = $1 AND plan_id = $2")
            .bind(meeting_id)
            .bind(plan_id)
            .fetch_optional(&mut *w.tx)
            .await?
            .map(Meeting::from)
            .ok_or_else(|| StoreError::not_found("meeting", meeting_id))?;
    if meeting.closed.is_some() {
        return Err(closed());
    }
    Ok(meeting)
}

/// Writes a decision of `meeting` against `action_id` (already known to be the plan's),
/// returning it and its event, shown on the action's timeline.
async fn insert_decision(
    w: &mut Write,
    org_id: Uuid,
    meeting: &Meeting,
    action_id: Uuid,
    text: &str,
) -> Result<(Decision, Event)> {
    let decision = Decision {
        id: Uuid::now_v7(),
        meeting_id: meeting.id,
        action_id,
        text: text.to_string(),
        decided_by: w.actor.clone(),
        created_at: w.now,
    };
    sqlx::query(
        "INSERT INTO meeting_decisions (id, meeting_id, action_id, text, decided_by_id,
            decided_by_label, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(decision.id)
    .bind(meeting.id)
    .bind(action_id)
    .bind(&decision.text)
    .bind(decision.decided_by.user_id)
    .bind(&decision.decided_by.label)
    .bind(decision.created_at)
    .execute(&mut *w.tx)
    .await?;
    let event = Event::new(
        org_id,
        AuditEntity::Decision,
        decision.id,
        AuditChange::Create,
    )
    .in_plan(meeting.plan_id)
    .subject(action_id)
    .after(serde_json::json!({
        "meeting_id": meeting.id,
        "meeting_date": meeting.date,
        "meeting_kind": meeting.kind,
        "text": decision.text,
    }));
    Ok((decision, event))
}

/// Writes a new meeting's row: the one insert both the meetings page and the round
/// page's review-meeting form go through.
pub(super) async fn insert_meeting(tx: &mut Tx, meeting: &Meeting) -> Result<()> {
    sqlx::query(
        "INSERT INTO meetings (id, plan_id, meeting_date, kind, attendees, notes,
            created_by_id, created_by_label, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(meeting.id)
    .bind(meeting.plan_id)
    .bind(meeting.date)
    .bind(&meeting.kind)
    .bind(&meeting.attendees)
    .bind(&meeting.notes)
    .bind(meeting.created_by.user_id)
    .bind(&meeting.created_by.label)
    .bind(meeting.created_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
