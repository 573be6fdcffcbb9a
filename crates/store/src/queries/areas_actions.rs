//! [`ActionStore`]: a plan's areas and actions.

use super::read::{area, read_action, read_plan};
use super::updates_evidence::insert_evidence;
use super::write::{Event, Versioned, Write};
use super::{StoreImpl, Tx, check_area_fields, check_status, clean, to_json};
use crate::rows::{PlacedAreaRow, when_columns};
use crate::{ActionStore, Result, StoreError};
use assure_domain::Action;
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::document::MAX_DEPTH;
use assure_domain::model::{
    ActionFields, Actor, AreaFields, EvidenceKind, Lead, StoredAction, StoredArea, StoredEvidence,
    evidence_from_text,
};
use assure_domain::signoff;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::types::Json;
use std::collections::HashMap;
use uuid::Uuid;

/// Inserts an area at `position` of its plan.
pub(super) async fn insert_area(
    tx: &mut Tx,
    plan_id: Uuid,
    area_id: Uuid,
    position: i64,
    area: &AreaFields,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO areas (id, plan_id, position, reference, group_name, title, objectives,
            outcomes, measures, narrative, version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $11)",
    )
    .bind(area_id)
    .bind(plan_id)
    .bind(position)
    .bind(&area.r#ref)
    .bind(&area.group)
    .bind(&area.title)
    .bind(Json(&area.objectives))
    .bind(Json(&area.outcomes))
    .bind(Json(&area.measures))
    .bind(Json(&area.narrative))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Inserts one action and everything beneath it, returning its id. `at` places it: its
/// area, its parent (or none, at the top of the area) and its position among its
/// siblings. Depth is bounded by validation.
pub(super) async fn insert_action_tree(
    tx: &mut Tx,
    plan_id: Uuid,
    at: (Uuid, Option<Uuid>, i64),
    top: &Action,
    now: DateTime<Utc>,
    author: Option<Uuid>,
) -> Result<Uuid> {
    let (area_id, top_parent, top_position) = at;
    let top_id = Uuid::now_v7();
    // An explicit stack rather than recursion: async recursion needs boxing, and this
    // keeps the insert order (parents before children) obvious.
    let mut stack: Vec<(&Action, Option<Uuid>, i64)> = vec![(top, top_parent, top_position)];
    let mut first = true;
    while let Some((action, parent_id, position)) = stack.pop() {
        let id = if first { top_id } else { Uuid::now_v7() };
        first = false;
        let (st, sk, sd, sr) = when_columns(action.start.as_ref());
        let (dt, dk, dd, dr) = when_columns(action.due.as_ref());
        sqlx::query(
            "INSERT INTO actions (id, plan_id, area_id, parent_id, position, reference, text,
                sponsor, start_text, start_kind, start_date, start_recurrence,
                due_text, due_kind, due_date, due_recurrence,
                assurance, impact, measure, resources, status_label, status_meaning,
                version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                $17, $18, $19, $20, $21, $22, 1, $23, $23)",
        )
        .bind(id)
        .bind(plan_id)
        .bind(area_id)
        .bind(parent_id)
        .bind(position)
        .bind(&action.r#ref)
        .bind(&action.text)
        .bind(&action.sponsor)
        .bind(st)
        .bind(sk)
        .bind(sd)
        .bind(sr)
        .bind(dt)
        .bind(dk)
        .bind(dd)
        .bind(dr)
        .bind(&action.assurance)
        .bind(&action.impact)
        .bind(&action.measure)
        .bind(&action.resources)
        .bind(action.status.as_ref().map(|s| s.label.clone()))
        .bind(action.status.as_ref().map(|s| s.meaning.as_str()))
        .bind(now)
        .execute(&mut **tx)
        .await?;
        // Its status history starts here, even with no status (that is not the same as
        // nothing known).
        super::rounds::log_status(tx, id, now, action.status.as_ref()).await?;

        for (i, lead) in action.leads.iter().enumerate() {
            sqlx::query("INSERT INTO action_leads (action_id, position, text) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(i as i64)
                .bind(lead)
                .execute(&mut **tx)
                .await?;
        }
        for (i, m) in action.milestones.iter().enumerate() {
            let (t, k, d, r) = when_columns(m.due.as_ref());
            sqlx::query(
                "INSERT INTO milestones (action_id, position, text, due_text, due_kind, due_date,
                    due_recurrence)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(i as i64)
            .bind(&m.text)
            .bind(t)
            .bind(k)
            .bind(d)
            .bind(r)
            .execute(&mut **tx)
            .await?;
        }
        for (i, u) in action.updates.iter().enumerate() {
            sqlx::query(
                "INSERT INTO updates (id, action_id, position, update_date, text, author_id,
                    created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(Uuid::now_v7())
            .bind(id)
            .bind(i as i64)
            .bind(u.date)
            .bind(&u.text)
            .bind(author)
            .bind(now)
            .execute(&mut **tx)
            .await?;
        }
        for (i, e) in action.evidence.iter().enumerate() {
            // An imported reference is a link: a bare address, "Title (address)", or words
            // alone. Its document text is exactly the string imported.
            let (title, url) = evidence_from_text(e);
            let evidence = StoredEvidence {
                id: Uuid::now_v7(),
                kind: EvidenceKind::Link,
                title,
                url,
                file_key: None,
                file_name: None,
                content_type: None,
                size: None,
                added_by: author,
                created_at: now,
            };
            insert_evidence(tx, id, i as i64, &evidence).await?;
        }
        // Pushed in reverse so they pop, and are inserted, in document order.
        for (i, child) in action.children.iter().enumerate().rev() {
            stack.push((child, Some(id), i as i64));
        }
    }
    Ok(top_id)
}

/// The person a lead written `text` is linked to elsewhere in the plan: its glossary
/// entry's person, else the person of any action lead written the same way.
async fn person_for_lead(tx: &mut Tx, plan_id: Uuid, text: &str) -> Result<Option<Uuid>> {
    let glossary: Option<Uuid> = sqlx::query_scalar(
        "SELECT person_id FROM glossary_entries
         WHERE plan_id = $1 AND abbreviation = $2 AND person_id IS NOT NULL
         ORDER BY position LIMIT 1",
    )
    .bind(plan_id)
    .bind(text)
    .fetch_optional(&mut **tx)
    .await?;
    if glossary.is_some() {
        return Ok(glossary);
    }
    Ok(sqlx::query_scalar(
        "SELECT l.person_id FROM action_leads l JOIN actions a ON a.id = l.action_id
         WHERE a.plan_id = $1 AND l.text = $2 AND l.person_id IS NOT NULL
         ORDER BY l.action_id, l.position LIMIT 1",
    )
    .bind(plan_id)
    .bind(text)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Lead texts a person typed: trimmed, empty ones dropped.
fn clean_leads(leads: Vec<String>) -> Vec<String> {
    leads
        .into_iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Writes an action's leads, linking each to `keep`'s person for its text, else to the
/// person that text is linked to elsewhere in the plan.
async fn insert_leads(
    tx: &mut Tx,
    plan_id: Uuid,
    action_id: Uuid,
    leads: &[String],
    keep: &HashMap<String, Option<Uuid>>,
) -> Result<Vec<Lead>> {
    let mut out = Vec::new();
    for (i, text) in leads.iter().enumerate() {
        let person_id = match keep.get(text) {
            Some(p) => *p,
            None => person_for_lead(tx, plan_id, text).await?,
        };
        sqlx::query(
            "INSERT INTO action_leads (action_id, position, text, person_id)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(action_id)
        .bind(i as i64)
        .bind(text)
        .bind(person_id)
        .execute(&mut **tx)
        .await?;
        out.push(Lead {
            text: text.clone(),
            person_id,
        });
    }
    Ok(out)
}

/// Replaces an action's leads, each unchanged text keeping its person.
async fn replace_leads(
    tx: &mut Tx,
    plan_id: Uuid,
    before: &StoredAction,
    leads: &[String],
) -> Result<Vec<Lead>> {
    let keep: HashMap<String, Option<Uuid>> = before
        .leads
        .iter()
        .map(|l| (l.text.clone(), l.person_id))
        .collect();
    sqlx::query("DELETE FROM action_leads WHERE action_id = $1")
        .bind(before.id)
        .execute(&mut **tx)
        .await?;
    insert_leads(tx, plan_id, before.id, leads, &keep).await
}

/// Adds an action inside an open write (so another record can be made with it in one
/// transaction, as a meeting's decision is): returns its id, its plan and the event that
/// records it, for the caller to commit.
pub(super) async fn add_action_in(
    w: &mut Write,
    area_id: Uuid,
    parent_id: Option<Uuid>,
    fields: &ActionFields,
    leads: Vec<String>,
) -> Result<(Uuid, Uuid, Event)> {
    if fields.text.trim().is_empty() {
        return Err(StoreError::Invalid("an action needs its wording".into()));
    }
    let leads = clean_leads(leads);
    let Some((plan_id, org_id)) = sqlx::query_as::<_, (Uuid, Uuid)>(
        "SELECT a.plan_id, p.org_id FROM areas a JOIN plans p ON p.id = a.plan_id
         WHERE a.id = $1",
    )
    .bind(area_id)
    .fetch_optional(&mut *w.tx)
    .await?
    else {
        return Err(StoreError::not_found("area", area_id));
    };
    w.check_actor(org_id, "area", area_id).await?;
    let plan = read_plan(&mut w.tx, plan_id).await?;
    let last: i64 = match parent_id {
        Some(parent) => {
            // The parent must be in this area; its depth bounds the new one's.
            let depth = plan
                .actions()
                .into_iter()
                .find(|(area, _, x)| area.id == area_id && x.id == parent)
                .map(|(_, depth, _)| depth + 1);
            let Some(depth) = depth else {
                return Err(StoreError::not_found("action", parent));
            };
            if depth + 1 > MAX_DEPTH {
                return Err(StoreError::Invalid(format!(
                    "actions nest at most {MAX_DEPTH} deep"
                )));
            }
            sqlx::query_scalar(
                "SELECT COALESCE(MAX(position), -1) FROM actions WHERE parent_id = $1",
            )
            .bind(parent)
            .fetch_one(&mut *w.tx)
            .await?
        }
        None => {
            sqlx::query_scalar(
                "SELECT COALESCE(MAX(position), -1) FROM actions
                 WHERE area_id = $1 AND parent_id IS NULL",
            )
            .bind(area_id)
            .fetch_one(&mut *w.tx)
            .await?
        }
    };
    check_status(&plan.status_scheme, None, fields.status.as_ref())?;
    let doc = Action {
        r#ref: clean(fields.r#ref.as_deref()),
        text: fields.text.trim().to_string(),
        leads: Vec::new(),
        sponsor: clean(fields.sponsor.as_deref()),
        start: fields.start.clone(),
        due: fields.due.clone(),
        milestones: Vec::new(),
        assurance: clean(fields.assurance.as_deref()),
        impact: clean(fields.impact.as_deref()),
        measure: clean(fields.measure.as_deref()),
        resources: clean(fields.resources.as_deref()),
        updates: Vec::new(),
        status: fields.status.clone(),
        evidence: Vec::new(),
        children: Vec::new(),
    };
    let at = (area_id, parent_id, last + 1);
    let author = w.actor.user_id;
    let id = insert_action_tree(&mut w.tx, plan_id, at, &doc, w.now, author).await?;
    let linked = insert_leads(&mut w.tx, plan_id, id, &leads, &HashMap::new()).await?;
    let (_, created) = read_action(&mut w.tx, plan_id, id).await?;
    let event = Event::new(org_id, AuditEntity::Action, id, AuditChange::Create)
        .in_plan(plan_id)
        .after(serde_json::json!({
            "parent_id": parent_id,
            "fields": to_json(&created.fields())?,
            "leads": to_json(&linked)?,
        }));
    Ok((id, plan_id, event))
}

#[async_trait]
impl ActionStore for StoreImpl {
    async fn add_area(&self, plan_id: Uuid, fields: &AreaFields, actor: &Actor) -> Result<Uuid> {
        let fields = check_area_fields(fields)?;
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(plan_id).await?;
        let last: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(position), -1) FROM areas WHERE plan_id = $1")
                .bind(plan_id)
                .fetch_one(&mut *w.tx)
                .await?;
        let id = Uuid::now_v7();
        insert_area(&mut w.tx, plan_id, id, last + 1, &fields, w.now).await?;
        let event = Event::new(org_id, AuditEntity::Area, id, AuditChange::Create)
            .in_plan(plan_id)
            .subject(plan_id)
            .after(to_json(&fields)?);
        w.commit(event).await?;
        Ok(id)
    }

    async fn update_area(
        &self,
        id: Uuid,
        expected_version: i64,
        fields: &AreaFields,
        actor: &Actor,
    ) -> Result<StoredArea> {
        let fields = check_area_fields(fields)?;
        let mut w = self.write(actor).await?;
        let Some(row) = sqlx::query_as::<_, PlacedAreaRow>(
            "SELECT a.*, p.org_id FROM areas a JOIN plans p ON p.id = a.plan_id WHERE a.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *w.tx)
        .await?
        else {
            return Err(StoreError::not_found("area", id));
        };
        let (org_id, plan_id) = (row.org_id, row.area.plan_id);
        w.check_actor(org_id, "area", id).await?;
        let before = area(row.area, Vec::new());
        let changed = sqlx::query(
            "UPDATE areas SET reference = $3, group_name = $4, title = $5, objectives = $6,
                outcomes = $7, measures = $8, narrative = $9, version = version + 1,
                updated_at = $10
             WHERE id = $1 AND version = $2",
        )
        .bind(id)
        .bind(expected_version)
        .bind(&fields.r#ref)
        .bind(&fields.group)
        .bind(&fields.title)
        .bind(Json(&fields.objectives))
        .bind(Json(&fields.outcomes))
        .bind(Json(&fields.measures))
        .bind(Json(&fields.narrative))
        .bind(w.now)
        .execute(&mut *w.tx)
        .await?;
        if changed.rows_affected() != 1 {
            return Err(w.conflict(Versioned::Area, id).await);
        }
        let prior = AreaFields {
            r#ref: before.r#ref,
            group: before.group,
            title: before.title,
            objectives: before.objectives,
            outcomes: before.outcomes,
            measures: before.measures,
            narrative: before.narrative,
        };
        let event = Event::new(org_id, AuditEntity::Area, id, AuditChange::Update)
            .in_plan(plan_id)
            .subject(plan_id)
            .before(to_json(&prior)?)
            .after(to_json(&fields)?);
        let plan = read_plan(&mut w.tx, plan_id).await?;
        w.commit(event).await?;
        plan.areas
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| StoreError::not_found("area", id))
    }

    async fn add_action(
        &self,
        area_id: Uuid,
        parent_id: Option<Uuid>,
        fields: &ActionFields,
        leads: Vec<String>,
        actor: &Actor,
    ) -> Result<Uuid> {
        let mut w = self.write(actor).await?;
        let (id, _, event) = add_action_in(&mut w, area_id, parent_id, fields, leads).await?;
        w.commit(event).await?;
        Ok(id)
    }

    async fn edit_action(
        &self,
        id: Uuid,
        expected_version: i64,
        fields: &ActionFields,
        leads: Vec<String>,
        actor: &Actor,
    ) -> Result<StoredAction> {
        // No check on the wording: an imported row that continues the action above has
        // none, and its status must still be editable.
        let leads = clean_leads(leads);
        let mut w = self.write(actor).await?;
        let ctx = w.action_ctx(id).await?;
        let (plan, before) = read_action(&mut w.tx, ctx.plan_id, id).await?;
        if before.version != expected_version {
            return Err(StoreError::Conflict {
                entity: "action",
                id,
                current: before.version,
            });
        }
        check_status(
            &plan.status_scheme,
            before.status.as_ref(),
            fields.status.as_ref(),
        )?;
        let (st, sk, sd, sr) = when_columns(fields.start.as_ref());
        let (dt, dk, dd, dr) = when_columns(fields.due.as_ref());
        let changed = sqlx::query(
            "UPDATE actions SET reference = $3, text = $4, sponsor = $5,
                start_text = $6, start_kind = $7, start_date = $8, start_recurrence = $9,
                due_text = $10, due_kind = $11, due_date = $12, due_recurrence = $13,
                assurance = $14, impact = $15, measure = $16, resources = $17,
                status_label = $18, status_meaning = $19,
                version = version + 1, updated_at = $20
             WHERE id = $1 AND version = $2",
        )
        .bind(id)
        .bind(expected_version)
        .bind(&fields.r#ref)
        .bind(&fields.text)
        .bind(&fields.sponsor)
        .bind(st)
        .bind(sk)
        .bind(sd)
        .bind(sr)
        .bind(dt)
        .bind(dk)
        .bind(dd)
        .bind(dr)
        .bind(&fields.assurance)
        .bind(&fields.impact)
        .bind(&fields.measure)
        .bind(&fields.resources)
        .bind(fields.status.as_ref().map(|s| s.label.clone()))
        .bind(fields.status.as_ref().map(|s| s.meaning.as_str()))
        .bind(w.now)
        .execute(&mut *w.tx)
        .await?;
        if changed.rows_affected() != 1 {
            // Another writer got in between our read and our write.
            return Err(w.conflict(Versioned::Action, id).await);
        }
        if fields.status != before.status {
            super::rounds::log_status(&mut w.tx, id, w.now, fields.status.as_ref()).await?;
        }
        let reopened = signoff::status_change_reopens(&before, fields.status.as_ref());
        if reopened {
            delete_signoff(&mut w.tx, id).await?;
        }
        let mut after = to_json(fields)?;
        let mut prior = to_json(&before.fields())?;
        if reopened {
            after["signoff"] = serde_json::Value::Null;
            prior["signoff"] = to_json(&before.signoff)?;
        }
        let old_leads: Vec<&str> = before.leads.iter().map(|l| l.text.as_str()).collect();
        if leads != old_leads {
            let written = replace_leads(&mut w.tx, ctx.plan_id, &before, &leads).await?;
            prior["leads"] = to_json(&before.leads)?;
            after["leads"] = to_json(&written)?;
        }
        let event = ctx
            .event(AuditEntity::Action, id, AuditChange::Update)
            .before(prior)
            .after(after);
        let (_, saved) = read_action(&mut w.tx, ctx.plan_id, id).await?;
        w.commit(event).await?;
        Ok(saved)
    }

    async fn set_action_leads(
        &self,
        id: Uuid,
        expected_version: i64,
        leads: Vec<String>,
        actor: &Actor,
    ) -> Result<StoredAction> {
        let leads = clean_leads(leads);
        let mut w = self.write(actor).await?;
        let ctx = w.action_ctx(id).await?;
        w.bump(Versioned::Action, id, expected_version).await?;
        let (_, before) = read_action(&mut w.tx, ctx.plan_id, id).await?;
        let after = replace_leads(&mut w.tx, ctx.plan_id, &before, &leads).await?;
        let event = ctx
            .event(AuditEntity::Action, id, AuditChange::SetLeads)
            .before(to_json(&before.leads)?)
            .after(to_json(&after)?);
        let (_, saved) = read_action(&mut w.tx, ctx.plan_id, id).await?;
        w.commit(event).await?;
        Ok(saved)
    }

    async fn delete_action(&self, id: Uuid, expected_version: i64, actor: &Actor) -> Result<()> {
        let mut w = self.write(actor).await?;
        let ctx = w.action_ctx(id).await?;
        w.bump(Versioned::Action, id, expected_version).await?;
        let (_, before) = read_action(&mut w.tx, ctx.plan_id, id).await?;
        // Children first, deepest first: no reliance on cascades for the tree itself.
        let mut doomed: Vec<Uuid> = before.walk().iter().map(|a| a.id).collect();
        doomed.reverse();
        for x in doomed {
            sqlx::query("DELETE FROM actions WHERE id = $1")
                .bind(x)
                .execute(&mut *w.tx)
                .await?;
        }
        let event = ctx
            .event(AuditEntity::Action, id, AuditChange::Delete)
            .before(to_json(&before)?);
        w.commit(event).await
    }
}

/// Removes an action's proposal and sign-off (a status that leaves "complete").
pub(super) async fn delete_signoff(tx: &mut Tx, action_id: Uuid) -> Result<()> {
    sqlx::query("DELETE FROM signoffs WHERE action_id = $1")
        .bind(action_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
