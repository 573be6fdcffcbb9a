//! [`GlossaryStore`]: a plan's glossary and the links of its leads to people.
//!
//! Every write claims the plan first, so two people adding the same abbreviation at once
//! queue, and the second finds the first's entry: an abbreviation is in a plan's glossary
//! once, ignoring case.

use super::write::{Event, Write};
use super::{StoreImpl, check_length, clean, to_json};
use crate::{GlossaryStore, LeadLink, LinkOutcome, Result, StoreError};
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::input::{MAX_ABBREVIATION_CHARS, MAX_GLOSSARY_TEXT_CHARS};
use assure_domain::model::{Actor, GlossaryFields};
use async_trait::async_trait;
use uuid::Uuid;

/// An entry as stored: trimmed, blanks as nothing, within the limits.
fn checked(fields: &GlossaryFields) -> Result<GlossaryFields> {
    let abbreviation = fields.abbreviation.trim().to_string();
    if abbreviation.is_empty() {
        return Err(StoreError::Invalid(
            "a glossary entry needs an abbreviation".into(),
        ));
    }
    check_length("an abbreviation", &abbreviation, MAX_ABBREVIATION_CHARS)?;
    let title = clean(fields.title.as_deref());
    let name = clean(fields.name.as_deref());
    for (what, text) in [("a meaning", &title), ("a name", &name)] {
        if let Some(t) = text {
            check_length(what, t, MAX_GLOSSARY_TEXT_CHARS)?;
        }
    }
    Ok(GlossaryFields {
        abbreviation,
        title,
        name,
        person_id: fields.person_id,
    })
}

/// Refuses an abbreviation the plan's glossary already has (ignoring case), other than
/// the entry `except`.
async fn check_unique(
    w: &mut Write,
    plan_id: Uuid,
    abbr: &str,
    except: Option<Uuid>,
) -> Result<()> {
    let taken: Vec<(Uuid, String)> =
        sqlx::query_as("SELECT id, abbreviation FROM glossary_entries WHERE plan_id = $1")
            .bind(plan_id)
            .fetch_all(&mut *w.tx)
            .await?;
    let lower = abbr.to_lowercase();
    match taken
        .iter()
        .find(|(id, a)| Some(*id) != except && a.trim().to_lowercase() == lower)
    {
        Some((_, a)) => Err(StoreError::Duplicate(format!(
            "the abbreviation \u{201c}{a}\u{201d}"
        ))),
        None => Ok(()),
    }
}

/// A person of the plan's organisation, or not found.
async fn check_person(w: &mut Write, org_id: Uuid, person: Option<Uuid>) -> Result<()> {
    let Some(person) = person else {
        return Ok(());
    };
    let org: Option<Uuid> = sqlx::query_scalar("SELECT org_id FROM users WHERE id = $1")
        .bind(person)
        .fetch_optional(&mut *w.tx)
        .await?;
    if org == Some(org_id) {
        Ok(())
    } else {
        Err(StoreError::not_found("person", person))
    }
}

/// Links the plan's leads written `text` to `person` (or to nobody); how many.
async fn link_actions(
    w: &mut Write,
    plan_id: Uuid,
    text: &str,
    person: Option<Uuid>,
) -> Result<u64> {
    Ok(sqlx::query(
        "UPDATE action_leads SET person_id = $1
         WHERE text = $2 AND action_id IN (SELECT id FROM actions WHERE plan_id = $3)",
    )
    .bind(person)
    .bind(text)
    .bind(plan_id)
    .execute(&mut *w.tx)
    .await?
    .rows_affected())
}

/// Moves a glossary entry of the plan to its next version, if it is still at `expected`.
async fn bump(w: &mut Write, plan_id: Uuid, id: Uuid, expected: i64) -> Result<GlossaryFields> {
    let Some(before) =
        sqlx::query_as::<_, (String, Option<String>, Option<String>, Option<Uuid>, i64)>(
            "SELECT abbreviation, title, name, person_id, version FROM glossary_entries
         WHERE id = $1 AND plan_id = $2",
        )
        .bind(id)
        .bind(plan_id)
        .fetch_optional(&mut *w.tx)
        .await?
    else {
        return Err(StoreError::not_found("glossary entry", id));
    };
    let (abbreviation, title, name, person_id, current) = before;
    let moved = sqlx::query(
        "UPDATE glossary_entries SET version = version + 1 WHERE id = $1 AND version = $2",
    )
    .bind(id)
    .bind(expected)
    .execute(&mut *w.tx)
    .await?
    .rows_affected();
    if moved != 1 {
        return Err(StoreError::Conflict {
            entity: "glossary entry",
            id,
            current,
        });
    }
    Ok(GlossaryFields {
        abbreviation,
        title,
        name,
        person_id,
    })
}

/// The people the plan's leads written `text` are linked to now (`None` for unlinked
/// ones), or those of its glossary entry when no action is led that way; empty when the
/// plan writes nothing that way.
async fn current_links(w: &mut Write, plan_id: Uuid, text: &str) -> Result<Vec<Option<Uuid>>> {
    let mut found: Vec<Option<Uuid>> = sqlx::query_scalar(
        "SELECT person_id FROM action_leads
         WHERE text = $1 AND action_id IN (SELECT id FROM actions WHERE plan_id = $2)",
    )
    .bind(text)
    .bind(plan_id)
    .fetch_all(&mut *w.tx)
    .await?;
    if found.is_empty() {
        found = sqlx::query_scalar(
            "SELECT person_id FROM glossary_entries WHERE plan_id = $1 AND abbreviation = $2",
        )
        .bind(plan_id)
        .bind(text)
        .fetch_all(&mut *w.tx)
        .await?;
    }
    found.sort();
    found.dedup();
    Ok(found)
}

#[async_trait]
impl GlossaryStore for StoreImpl {
    async fn add_glossary_entry(
        &self,
        plan_id: Uuid,
        fields: &GlossaryFields,
        actor: &Actor,
    ) -> Result<Uuid> {
        let fields = checked(fields)?;
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(plan_id).await?;
        check_unique(&mut w, plan_id, &fields.abbreviation, None).await?;
        check_person(&mut w, org_id, fields.person_id).await?;
        let position: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(position), -1) + 1 FROM glossary_entries WHERE plan_id = $1",
        )
        .bind(plan_id)
        .fetch_one(&mut *w.tx)
        .await?;
        let id = Uuid::now_v7();
        sqlx::query(
            "INSERT INTO glossary_entries (id, plan_id, position, abbreviation, title, name,
                person_id, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 1)",
        )
        .bind(id)
        .bind(plan_id)
        .bind(position)
        .bind(&fields.abbreviation)
        .bind(&fields.title)
        .bind(&fields.name)
        .bind(fields.person_id)
        .execute(&mut *w.tx)
        .await?;
        let linked = match fields.person_id {
            Some(p) => link_actions(&mut w, plan_id, &fields.abbreviation, Some(p)).await?,
            None => 0,
        };
        let mut after = to_json(&fields)?;
        after["leads_linked"] = linked.into();
        let event = Event::new(org_id, AuditEntity::GlossaryEntry, id, AuditChange::Create)
            .in_plan(plan_id)
            .subject(plan_id)
            .after(after);
        w.commit(event).await?;
        Ok(id)
    }

    async fn edit_glossary_entry(
        &self,
        plan_id: Uuid,
        id: Uuid,
        expected_version: i64,
        fields: &GlossaryFields,
        actor: &Actor,
    ) -> Result<()> {
        let fields = checked(fields)?;
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(plan_id).await?;
        let before = bump(&mut w, plan_id, id, expected_version).await?;
        check_unique(&mut w, plan_id, &fields.abbreviation, Some(id)).await?;
        check_person(&mut w, org_id, fields.person_id).await?;
        sqlx::query(
            "UPDATE glossary_entries SET abbreviation = $2, title = $3, name = $4, person_id = $5
             WHERE id = $1",
        )
        .bind(id)
        .bind(&fields.abbreviation)
        .bind(&fields.title)
        .bind(&fields.name)
        .bind(fields.person_id)
        .execute(&mut *w.tx)
        .await?;
        // A person newly given (or the abbreviation newly written) links the leads
        // written that way; clearing the person leaves the leads' links as they are.
        let relink = fields.person_id.is_some()
            && (fields.person_id != before.person_id || fields.abbreviation != before.abbreviation);
        let linked = if relink {
            link_actions(&mut w, plan_id, &fields.abbreviation, fields.person_id).await?
        } else {
            0
        };
        let mut after = to_json(&fields)?;
        after["leads_linked"] = linked.into();
        let event = Event::new(org_id, AuditEntity::GlossaryEntry, id, AuditChange::Update)
            .in_plan(plan_id)
            .subject(plan_id)
            .before(to_json(&before)?)
            .after(after);
        w.commit(event).await
    }

    async fn remove_glossary_entry(
        &self,
        plan_id: Uuid,
        id: Uuid,
        expected_version: i64,
        actor: &Actor,
    ) -> Result<()> {
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(plan_id).await?;
        let before = bump(&mut w, plan_id, id, expected_version).await?;
        sqlx::query("DELETE FROM glossary_entries WHERE id = $1")
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        let event = Event::new(org_id, AuditEntity::GlossaryEntry, id, AuditChange::Delete)
            .in_plan(plan_id)
            .subject(plan_id)
            .before(to_json(&before)?);
        w.commit(event).await
    }

    async fn link_leads(
        &self,
        plan_id: Uuid,
        links: &[LeadLink],
        actor: &Actor,
    ) -> Result<LinkOutcome> {
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(plan_id).await?;
        let mut outcome = LinkOutcome::default();
        let mut events = Vec::new();
        for link in links {
            check_person(&mut w, org_id, link.person).await?;
            let now = current_links(&mut w, plan_id, &link.text).await?;
            // Linking words the plan never uses would record a link to nothing.
            if now.is_empty() {
                return Err(StoreError::Invalid(format!(
                    "{:?} is not a lead of this plan",
                    link.text
                )));
            }
            if !now.contains(&link.was) {
                outcome.conflicted.push(link.text.clone());
                continue;
            }
            let actions = link_actions(&mut w, plan_id, &link.text, link.person).await?;
            sqlx::query(
                "UPDATE glossary_entries SET person_id = $1 WHERE plan_id = $2 AND abbreviation = $3",
            )
            .bind(link.person)
            .bind(plan_id)
            .bind(&link.text)
            .execute(&mut *w.tx)
            .await?;
            outcome.linked.push(link.text.clone());
            events.push(
                Event::new(org_id, AuditEntity::Plan, plan_id, AuditChange::LinkLead)
                    .in_plan(plan_id)
                    .before(serde_json::json!({ "lead": link.text, "person_id": link.was }))
                    .after(serde_json::json!({
                        "lead": link.text, "person_id": link.person, "actions": actions
                    })),
            );
        }
        if events.is_empty() {
            // Nothing changed (every row was changed by someone else): the claim is undone.
            w.tx.rollback().await?;
        } else {
            w.commit_all(events).await?;
        }
        Ok(outcome)
    }
}
