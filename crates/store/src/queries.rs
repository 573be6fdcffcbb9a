// The store's SQL, written once for both backends.
//
// This file is `include!`d into `sqlite.rs` and `postgres.rs`, each of which defines
// `Db` (the sqlx database), `StoreImpl` (its store type with `pool` and `clock` fields)
// and `begin_write` (how that backend opens a write transaction). The SQL is the portable
// subset both accept: `$n` placeholders, `RETURNING`, `ON CONFLICT`, no backend functions.
//
// Every write follows one shape: open a write transaction; find the record (and its
// organisation) or fail with `NotFound`; check that a signed-in actor belongs to that
// organisation (otherwise the record is as good as unknown to them); move the record to
// its next version with `UPDATE … WHERE version = $expected` (no row: `Conflict`); apply
// the domain's rules to the state read inside the transaction; write; record the audit
// event; commit. Moving the version first takes the row lock on PostgreSQL (SQLite's
// `BEGIN IMMEDIATE` already serialises writers), so rules are checked against state no
// concurrent writer can change before the commit.

use crate::error::is_unique_violation;
use crate::rows::{
    cadence, evidence_kind, meaning, org_role, plan_role, status_from_columns, when_columns,
    when_from_columns,
};
use crate::{NewEvidence, NewSession, NewUpdate, NewUser, Result, Store, StoreError};
use assure_domain::document::MAX_DEPTH;
use assure_domain::model::{
    ActionFields, Actor, AreaFields, AuditEvent, EvidenceKind, ImpactCheck, Lead, OrgRole,
    Organisation, PlanFields, PlanSettings, PlanSummary, Session, SignOff, StoredAction,
    StoredArea, StoredEvidence, StoredPlan, StoredUpdate, User, evidence_from_text,
};
use assure_domain::periods::period_containing;
use assure_domain::roles::PlanRole;
use assure_domain::signoff::{self, SignOffRefusal};
use assure_domain::{
    Action, GlossaryEntry, Inspection, Meaning, Milestone, PlanDocument, StatusDef, StatusValue,
};
use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use sqlx::types::Json;
use sqlx::{Row, Transaction};
use std::collections::HashMap;

type Tx = Transaction<'static, Db>;
type Conn = <Db as sqlx::Database>::Connection;
type DbRow = <Db as sqlx::Database>::Row;

/// How long failed sign-in attempts are kept: far longer than any throttling window.
const LOGIN_ATTEMPT_RETENTION: chrono::TimeDelta = chrono::TimeDelta::days(1);

impl StoreImpl {
    /// Writes an action's own fields, and its leads when given, as one change.
    async fn save_action(
        &self,
        id: Uuid,
        expected_version: i64,
        fields: &ActionFields,
        leads: Option<Vec<String>>,
        actor: &Actor,
    ) -> Result<StoredAction> {
        // No check on the wording: an imported row that continues the action above has
        // none, and its status must still be editable.
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let ctx = action_ctx(&mut tx, id, actor).await?;
        let (plan, before) = read_action(&mut tx, ctx.plan_id, id).await?;
        if before.version != expected_version {
            return Err(StoreError::Conflict {
                entity: "action",
                id,
                current: before.version,
            });
        }
        check_status(&plan.status_scheme, before.status.as_ref(), fields.status.as_ref())?;
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
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() != 1 {
            // Another writer got in between our read and our write.
            return Err(StoreError::Conflict {
                entity: "action",
                id,
                current: current_version(&mut tx, "actions", id).await?,
            });
        }
        let reopened = signoff::status_change_reopens(&before, fields.status.as_ref());
        if reopened {
            delete_signoff(&mut tx, id).await?;
        }
        let mut after = to_json(fields)?;
        if reopened {
            after["signoff"] = serde_json::Value::Null;
        }
        let mut prior = to_json(&before.fields())?;
        if reopened {
            prior["signoff"] = to_json(&before.signoff)?;
        }
        let old_leads: Vec<String> = before.leads.iter().map(|l| l.text.clone()).collect();
        if let Some(leads) = leads.filter(|l| *l != old_leads) {
            let keep: HashMap<String, Option<Uuid>> = before
                .leads
                .iter()
                .map(|l| (l.text.clone(), l.person_id))
                .collect();
            sqlx::query("DELETE FROM action_leads WHERE action_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let written = insert_leads(&mut tx, ctx.plan_id, id, &leads, &keep).await?;
            prior["leads"] = to_json(&before.leads)?;
            after["leads"] = to_json(&written)?;
        }
        let event = Event {
            org_id: ctx.org_id,
            plan_id: Some(ctx.plan_id),
            subject_id: id,
            entity: "action",
            entity_id: id,
            change: "update",
            before: Some(prior),
            after: Some(after),
        };
        audit(&mut tx, now, actor, event).await?;
        let (_, saved) = read_action(&mut tx, ctx.plan_id, id).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Now, to the microsecond: PostgreSQL keeps no finer, and both backends must agree.
    fn now(&self) -> DateTime<Utc> {
        self.clock.now().trunc_subsecs(6)
    }
}

/// One audit event: what changed, and whose trail shows it.
struct Event<'a> {
    org_id: Uuid,
    /// The plan it belongs to, if any.
    plan_id: Option<Uuid>,
    /// The action, plan, person or organisation whose trail shows it.
    subject_id: Uuid,
    entity: &'a str,
    entity_id: Uuid,
    change: &'a str,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
}

/// Records one audit event inside the transaction that made the change.
async fn audit(tx: &mut Tx, at: DateTime<Utc>, actor: &Actor, e: Event<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_events (id, org_id, at, actor_user_id, actor_label, entity, entity_id,
            subject_id, plan_id, change, before, after)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(Uuid::now_v7())
    .bind(e.org_id)
    .bind(at)
    .bind(actor.user_id)
    .bind(&actor.label)
    .bind(e.entity)
    .bind(e.entity_id)
    .bind(e.subject_id)
    .bind(e.plan_id)
    .bind(e.change)
    .bind(e.before.map(Json))
    .bind(e.after.map(Json))
    .execute(&mut **tx)
    .await?;
    // Every change that belongs to a plan moves its revision on, in the same transaction:
    // what `Store::plan_revision` reads to tell a held copy is still current.
    if let Some(plan_id) = e.plan_id {
        sqlx::query("UPDATE plans SET revision = revision + 1 WHERE id = $1")
            .bind(plan_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<serde_json::Value> {
    serde_json::to_value(v).map_err(|e| StoreError::Invalid(format!("cannot record change: {e}")))
}

/// A refusal of the sign-off rules, as the store reports it: its words are for people.
fn refused(r: SignOffRefusal) -> StoreError {
    StoreError::Invalid(r.to_string())
}

/// Text a person typed: trimmed, and `None` when nothing is left.
fn clean(s: Option<&str>) -> Option<String> {
    s.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

fn user_from_row(row: &DbRow) -> Result<User> {
    Ok(User {
        id: row.try_get("id")?,
        org_id: row.try_get("org_id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        role: org_role(&row.try_get::<String, _>("role")?)?,
        version: row.try_get("version")?,
        created_at: row.try_get("created_at")?,
    })
}

/// A signed-in actor must belong to the organisation a write concerns. Anyone else is
/// told the record does not exist, exactly as if they had guessed an id.
async fn check_actor(
    tx: &mut Tx,
    actor: &Actor,
    org_id: Uuid,
    entity: &'static str,
    id: Uuid,
) -> Result<()> {
    let Some(user_id) = actor.user_id else {
        // The system itself (the CLI, the demo loader): trusted by the caller.
        return Ok(());
    };
    let org: Option<Uuid> = sqlx::query_scalar("SELECT org_id FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await?;
    if org == Some(org_id) {
        Ok(())
    } else {
        Err(StoreError::not_found(entity, id))
    }
}

/// Where an action sits: its plan and organisation.
struct ActionCtx {
    plan_id: Uuid,
    org_id: Uuid,
}

/// Finds an action for a write, and checks the actor may touch its organisation.
async fn action_ctx(tx: &mut Tx, id: Uuid, actor: &Actor) -> Result<ActionCtx> {
    let Some(row) = sqlx::query(
        "SELECT x.plan_id, p.org_id FROM actions x JOIN plans p ON p.id = x.plan_id
         WHERE x.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Err(StoreError::not_found("action", id));
    };
    let ctx = ActionCtx {
        plan_id: row.try_get("plan_id")?,
        org_id: row.try_get("org_id")?,
    };
    check_actor(tx, actor, ctx.org_id, "action", id).await?;
    Ok(ctx)
}

/// Finds a plan for a write (returning its organisation), checking the actor.
async fn plan_org(tx: &mut Tx, plan_id: Uuid, actor: &Actor) -> Result<Uuid> {
    let Some(org_id) = sqlx::query_scalar::<_, Uuid>("SELECT org_id FROM plans WHERE id = $1")
        .bind(plan_id)
        .fetch_optional(&mut **tx)
        .await?
    else {
        return Err(StoreError::not_found("plan", plan_id));
    };
    check_actor(tx, actor, org_id, "plan", plan_id).await?;
    Ok(org_id)
}

/// The version a record is at now, for a conflict report.
async fn current_version(tx: &mut Tx, table: &'static str, id: Uuid) -> Result<i64> {
    let sql = match table {
        "actions" => "SELECT version FROM actions WHERE id = $1",
        "plans" => "SELECT version FROM plans WHERE id = $1",
        "areas" => "SELECT version FROM areas WHERE id = $1",
        _ => "SELECT version FROM users WHERE id = $1",
    };
    Ok(sqlx::query_scalar::<_, i64>(sql)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .unwrap_or(0))
}

/// Moves an action to its next version if it is still at `expected` (and takes its row
/// lock); a stale version is a conflict.
async fn bump_action(tx: &mut Tx, id: Uuid, expected: i64, now: DateTime<Utc>) -> Result<()> {
    let changed = sqlx::query(
        "UPDATE actions SET version = version + 1, updated_at = $3 WHERE id = $1 AND version = $2",
    )
    .bind(id)
    .bind(expected)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(StoreError::Conflict {
            entity: "action",
            id,
            current: current_version(tx, "actions", id).await?,
        });
    }
    Ok(())
}

/// Takes an action's row lock without moving its version, for writes that change what
/// hangs off it (evidence) and must not interleave with a sign-off.
async fn lock_action(tx: &mut Tx, id: Uuid, now: DateTime<Utc>) -> Result<()> {
    sqlx::query("UPDATE actions SET updated_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Moves a plan to its next version if it is still at `expected`.
async fn bump_plan(tx: &mut Tx, id: Uuid, expected: i64, now: DateTime<Utc>) -> Result<()> {
    let changed = sqlx::query(
        "UPDATE plans SET version = version + 1, updated_at = $3 WHERE id = $1 AND version = $2",
    )
    .bind(id)
    .bind(expected)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(StoreError::Conflict {
            entity: "plan",
            id,
            current: current_version(tx, "plans", id).await?,
        });
    }
    Ok(())
}

/// Reads the plan inside the write transaction and finds one action in it.
async fn read_action(tx: &mut Tx, plan_id: Uuid, id: Uuid) -> Result<(StoredPlan, StoredAction)> {
    let plan = read_plan(tx, plan_id).await?;
    let action = plan
        .find_action(id)
        .cloned()
        .ok_or_else(|| StoreError::not_found("action", id))?;
    Ok((plan, action))
}

/// A status someone set: unchanged is always fine; a new one must be in the plan's scheme
/// (when it has one) and must not newly be "complete", which only sign-off gives.
fn check_status(
    scheme: &[StatusDef],
    current: Option<&StatusValue>,
    new: Option<&StatusValue>,
) -> Result<()> {
    if current == new {
        return Ok(());
    }
    if let Some(s) = new {
        let known = scheme
            .iter()
            .any(|d| d.label == s.label && d.meaning == s.meaning);
        if !scheme.is_empty() && !known {
            return Err(StoreError::Invalid(format!(
                "{:?} is not a status of this plan",
                s.label
            )));
        }
    }
    signoff::can_set_status(current, new).map_err(refused)
}

async fn set_action_status(
    tx: &mut Tx,
    id: Uuid,
    status: Option<&StatusValue>,
) -> Result<()> {
    sqlx::query("UPDATE actions SET status_label = $2, status_meaning = $3 WHERE id = $1")
        .bind(id)
        .bind(status.map(|s| s.label.clone()))
        .bind(status.map(|s| s.meaning.as_str()))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn delete_signoff(tx: &mut Tx, action_id: Uuid) -> Result<()> {
    sqlx::query("DELETE FROM signoffs WHERE action_id = $1")
        .bind(action_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
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
            "INSERT INTO action_leads (action_id, position, text, person_id) VALUES ($1, $2, $3, $4)",
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

/// Inserts one piece of evidence at `position`, keeping its plan-document text in
/// `reference`.
async fn insert_evidence(
    tx: &mut Tx,
    action_id: Uuid,
    position: i64,
    e: &StoredEvidence,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO evidence (id, action_id, position, reference, kind, title, url, file_key,
            file_name, content_type, size, added_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(e.id)
    .bind(action_id)
    .bind(position)
    .bind(e.document_text())
    .bind(e.kind.as_str())
    .bind(&e.title)
    .bind(&e.url)
    .bind(&e.file_key)
    .bind(&e.file_name)
    .bind(&e.content_type)
    .bind(e.size)
    .bind(e.added_by)
    .bind(e.created_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Inserts one action (beneath `top_parent`, or at the top of its area) and everything
/// beneath it, returning its id. Depth is bounded by validation.
#[allow(clippy::too_many_arguments)]
async fn insert_action_tree(
    tx: &mut Tx,
    plan_id: Uuid,
    area_id: Uuid,
    top: &Action,
    top_parent: Option<Uuid>,
    top_position: i64,
    now: DateTime<Utc>,
    author: Option<Uuid>,
) -> Result<Uuid> {
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
            "INSERT INTO actions (id, plan_id, area_id, parent_id, position, reference, text, sponsor,
                start_text, start_kind, start_date, start_recurrence,
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
                "INSERT INTO milestones (action_id, position, text, due_text, due_kind, due_date, due_recurrence)
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
                "INSERT INTO updates (id, action_id, position, update_date, text, author_id, created_at)
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

/// An action row before its children are attached.
struct ActionRow {
    action: StoredAction,
    position: i64,
}

fn action_from_row(row: &DbRow) -> Result<ActionRow> {
    Ok(ActionRow {
        position: row.try_get("position")?,
        action: StoredAction {
            id: row.try_get("id")?,
            area_id: row.try_get("area_id")?,
            parent_id: row.try_get("parent_id")?,
            version: row.try_get("version")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            r#ref: row.try_get("reference")?,
            text: row.try_get("text")?,
            leads: Vec::new(),
            sponsor: row.try_get("sponsor")?,
            start: when_from_columns(
                row.try_get("start_text")?,
                row.try_get("start_kind")?,
                row.try_get("start_date")?,
                row.try_get("start_recurrence")?,
            )?,
            due: when_from_columns(
                row.try_get("due_text")?,
                row.try_get("due_kind")?,
                row.try_get("due_date")?,
                row.try_get("due_recurrence")?,
            )?,
            milestones: Vec::new(),
            assurance: row.try_get("assurance")?,
            impact: row.try_get("impact")?,
            measure: row.try_get("measure")?,
            resources: row.try_get("resources")?,
            updates: Vec::new(),
            status: status_from_columns(
                row.try_get("status_label")?,
                row.try_get("status_meaning")?,
            )?,
            evidence: Vec::new(),
            signoff: None,
            impact_checks: Vec::new(),
            children: Vec::new(),
        },
    })
}

fn evidence_from_row(r: &DbRow) -> Result<StoredEvidence> {
    Ok(StoredEvidence {
        id: r.try_get("id")?,
        kind: evidence_kind(&r.try_get::<String, _>("kind")?)?,
        title: r.try_get("title")?,
        url: r.try_get("url")?,
        file_key: r.try_get("file_key")?,
        file_name: r.try_get("file_name")?,
        content_type: r.try_get("content_type")?,
        size: r.try_get("size")?,
        added_by: r.try_get("added_by")?,
        created_at: r.try_get("created_at")?,
    })
}

fn signoff_from_row(r: &DbRow) -> Result<SignOff> {
    let signed_off_by = match r.try_get::<Option<String>, _>("signed_off_by_label")? {
        None => None,
        Some(label) => Some(Actor {
            user_id: r.try_get("signed_off_by_id")?,
            label,
        }),
    };
    Ok(SignOff {
        proposed_by: Actor {
            user_id: r.try_get("proposed_by_id")?,
            label: r.try_get("proposed_by_label")?,
        },
        proposed_at: r.try_get("proposed_at")?,
        proposal_note: r.try_get("proposal_note")?,
        signed_off_by,
        signed_off_at: r.try_get("signed_off_at")?,
        impact_check_due: r.try_get("impact_check_due")?,
    })
}

fn session_from_row(r: &DbRow) -> Result<Session> {
    Ok(Session {
        id_hash: r.try_get("id_hash")?,
        user_id: r.try_get("user_id")?,
        csrf_token: r.try_get("csrf_token")?,
        created_at: r.try_get("created_at")?,
        expires_at: r.try_get("expires_at")?,
        last_seen_at: r.try_get("last_seen_at")?,
        user_agent: r.try_get("user_agent")?,
    })
}

fn audit_from_row(r: &DbRow) -> Result<AuditEvent> {
    Ok(AuditEvent {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        at: r.try_get("at")?,
        actor: Actor {
            user_id: r.try_get("actor_user_id")?,
            label: r.try_get("actor_label")?,
        },
        entity: r.try_get("entity")?,
        entity_id: r.try_get("entity_id")?,
        subject_id: r.try_get("subject_id")?,
        plan_id: r.try_get("plan_id")?,
        change: r.try_get("change")?,
        before: r.try_get::<Option<Json<serde_json::Value>>, _>("before")?.map(|j| j.0),
        after: r.try_get::<Option<Json<serde_json::Value>>, _>("after")?.map(|j| j.0),
    })
}

/// The columns of a plan summary; each caller adds its own WHERE and ORDER BY.
macro_rules! plan_summary_select {
    () => {
        "SELECT p.id, p.org_id, p.title, p.organisation, p.version, p.created_at, p.updated_at,
            (SELECT COUNT(*) FROM areas a WHERE a.plan_id = p.id) AS area_count,
            (SELECT COUNT(*) FROM actions x WHERE x.plan_id = p.id) AS action_count
         FROM plans p "
    };
}

fn summary_from_row(r: &DbRow) -> Result<PlanSummary> {
    Ok(PlanSummary {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        title: r.try_get("title")?,
        organisation: r.try_get("organisation")?,
        version: r.try_get("version")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        area_count: r.try_get("area_count")?,
        action_count: r.try_get("action_count")?,
    })
}

fn area_from_row(r: &DbRow, actions: Vec<StoredAction>) -> Result<StoredArea> {
    Ok(StoredArea {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        r#ref: r.try_get("reference")?,
        group: r.try_get("group_name")?,
        title: r.try_get("title")?,
        objectives: r.try_get::<Json<Vec<String>>, _>("objectives")?.0,
        outcomes: r.try_get::<Json<Vec<String>>, _>("outcomes")?.0,
        measures: r.try_get::<Json<Vec<String>>, _>("measures")?.0,
        narrative: r.try_get::<Json<Vec<String>>, _>("narrative")?.0,
        actions,
    })
}

/// Attaches children to their parents, in sibling order. `depth` guards against a cycle
/// written into the database by hand.
fn attach_children(
    mut action: StoredAction,
    by_parent: &mut HashMap<Uuid, Vec<ActionRow>>,
    depth: usize,
) -> Result<StoredAction> {
    if depth > MAX_DEPTH {
        return Err(StoreError::Corrupt(format!(
            "action {} is nested more than {MAX_DEPTH} deep",
            action.id
        )));
    }
    if let Some(mut rows) = by_parent.remove(&action.id) {
        rows.sort_by_key(|r| r.position);
        for r in rows {
            action
                .children
                .push(attach_children(r.action, by_parent, depth + 1)?);
        }
    }
    Ok(action)
}

/// Reads one whole plan on `conn` (a read transaction, or a write transaction that wants
/// the state as it is about to commit).
async fn read_plan(conn: &mut Conn, id: Uuid) -> Result<StoredPlan> {
    let Some(p) = sqlx::query("SELECT * FROM plans WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Err(StoreError::not_found("plan", id));
    };
    let inspection: Option<Json<Inspection>> = p.try_get("inspection")?;
    let narrative: Json<Vec<String>> = p.try_get("narrative")?;
    let interval: i64 = p.try_get("impact_interval_months")?;
    let settings = PlanSettings {
        update_cadence: cadence(&p.try_get::<String, _>("update_cadence")?)?,
        review_cadence: cadence(&p.try_get::<String, _>("review_cadence")?)?,
        impact_interval_months: u32::try_from(interval)
            .map_err(|_| StoreError::Corrupt(format!("impact interval {interval}")))?,
    };

    let status_scheme = sqlx::query("SELECT * FROM plan_statuses WHERE plan_id = $1 ORDER BY position")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(StatusDef {
                label: r.try_get("label")?,
                meaning: meaning(&r.try_get::<String, _>("meaning")?)?,
                description: r.try_get("description")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let glossary = sqlx::query("SELECT * FROM glossary_entries WHERE plan_id = $1 ORDER BY position")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(GlossaryEntry {
                abbreviation: r.try_get("abbreviation")?,
                title: r.try_get("title")?,
                name: r.try_get("name")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;

    // Everything that hangs off an action, grouped by action.
    let mut leads: HashMap<Uuid, Vec<Lead>> = HashMap::new();
    for r in sqlx::query(
        "SELECT l.action_id, l.text, l.person_id FROM action_leads l JOIN actions a ON a.id = l.action_id
         WHERE a.plan_id = $1 ORDER BY l.action_id, l.position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    {
        leads.entry(r.try_get("action_id")?).or_default().push(Lead {
            text: r.try_get("text")?,
            person_id: r.try_get("person_id")?,
        });
    }
    let mut milestones: HashMap<Uuid, Vec<Milestone>> = HashMap::new();
    for r in sqlx::query(
        "SELECT m.* FROM milestones m JOIN actions a ON a.id = m.action_id
         WHERE a.plan_id = $1 ORDER BY m.action_id, m.position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    {
        milestones.entry(r.try_get("action_id")?).or_default().push(Milestone {
            text: r.try_get("text")?,
            due: when_from_columns(
                r.try_get("due_text")?,
                r.try_get("due_kind")?,
                r.try_get("due_date")?,
                r.try_get("due_recurrence")?,
            )?,
        });
    }
    let mut updates: HashMap<Uuid, Vec<StoredUpdate>> = HashMap::new();
    for r in sqlx::query(
        "SELECT u.* FROM updates u JOIN actions a ON a.id = u.action_id
         WHERE a.plan_id = $1 ORDER BY u.action_id, u.position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    {
        updates.entry(r.try_get("action_id")?).or_default().push(StoredUpdate {
            id: r.try_get("id")?,
            date: r.try_get::<Option<NaiveDate>, _>("update_date")?,
            text: r.try_get("text")?,
            status: status_from_columns(r.try_get("status_label")?, r.try_get("status_meaning")?)?,
            period: r.try_get("period")?,
            author_id: r.try_get("author_id")?,
            created_at: r.try_get("created_at")?,
        });
    }
    let mut evidence: HashMap<Uuid, Vec<StoredEvidence>> = HashMap::new();
    for r in sqlx::query(
        "SELECT e.* FROM evidence e JOIN actions a ON a.id = e.action_id
         WHERE a.plan_id = $1 ORDER BY e.action_id, e.position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    {
        evidence.entry(r.try_get("action_id")?).or_default().push(evidence_from_row(&r)?);
    }
    let mut signoffs: HashMap<Uuid, SignOff> = HashMap::new();
    for r in sqlx::query(
        "SELECT s.* FROM signoffs s JOIN actions a ON a.id = s.action_id WHERE a.plan_id = $1",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    {
        signoffs.insert(r.try_get("action_id")?, signoff_from_row(&r)?);
    }
    let mut checks: HashMap<Uuid, Vec<ImpactCheck>> = HashMap::new();
    for r in sqlx::query(
        "SELECT c.* FROM impact_checks c JOIN actions a ON a.id = c.action_id
         WHERE a.plan_id = $1 ORDER BY c.action_id, c.checked_at, c.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    {
        checks.entry(r.try_get("action_id")?).or_default().push(ImpactCheck {
            id: r.try_get("id")?,
            checked_by: Actor {
                user_id: r.try_get("checked_by_id")?,
                label: r.try_get("checked_by_label")?,
            },
            checked_at: r.try_get("checked_at")?,
            confirmed: r.try_get("confirmed")?,
            note: r.try_get("note")?,
        });
    }

    let mut top: HashMap<Uuid, Vec<ActionRow>> = HashMap::new();
    let mut by_parent: HashMap<Uuid, Vec<ActionRow>> = HashMap::new();
    for r in sqlx::query("SELECT * FROM actions WHERE plan_id = $1")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
    {
        let mut row = action_from_row(&r)?;
        let a = &mut row.action;
        a.leads = leads.remove(&a.id).unwrap_or_default();
        a.milestones = milestones.remove(&a.id).unwrap_or_default();
        a.updates = updates.remove(&a.id).unwrap_or_default();
        a.evidence = evidence.remove(&a.id).unwrap_or_default();
        a.signoff = signoffs.remove(&a.id);
        a.impact_checks = checks.remove(&a.id).unwrap_or_default();
        match a.parent_id {
            None => top.entry(a.area_id).or_default().push(row),
            Some(parent) => by_parent.entry(parent).or_default().push(row),
        }
    }

    let mut areas = Vec::new();
    for r in sqlx::query("SELECT * FROM areas WHERE plan_id = $1 ORDER BY position")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
    {
        let area_id: Uuid = r.try_get("id")?;
        let mut rows = top.remove(&area_id).unwrap_or_default();
        rows.sort_by_key(|r| r.position);
        let actions = rows
            .into_iter()
            .map(|row| attach_children(row.action, &mut by_parent, 1))
            .collect::<Result<Vec<_>>>()?;
        areas.push(area_from_row(&r, actions)?);
    }

    Ok(StoredPlan {
        id,
        org_id: p.try_get("org_id")?,
        version: p.try_get("version")?,
        created_at: p.try_get("created_at")?,
        updated_at: p.try_get("updated_at")?,
        title: p.try_get("title")?,
        organisation: p.try_get("organisation")?,
        inspection: inspection.map(|j| j.0),
        status_scheme,
        glossary,
        narrative: narrative.0,
        settings,
        areas,
    })
}

/// Writes a plan's status scheme (after the old one, if any, was deleted).
async fn insert_scheme(tx: &mut Tx, plan_id: Uuid, scheme: &[StatusDef]) -> Result<()> {
    for (i, s) in scheme.iter().enumerate() {
        sqlx::query(
            "INSERT INTO plan_statuses (plan_id, position, label, meaning, description) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(plan_id)
        .bind(i as i64)
        .bind(&s.label)
        .bind(s.meaning.as_str())
        .bind(&s.description)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn insert_area(
    tx: &mut Tx,
    plan_id: Uuid,
    area_id: Uuid,
    position: i64,
    area: &AreaFields,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO areas (id, plan_id, position, reference, group_name, title, objectives, outcomes, measures, narrative, version, created_at, updated_at)
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

/// Appends an update after the action's last.
async fn insert_update(tx: &mut Tx, action_id: Uuid, u: &StoredUpdate) -> Result<()> {
    let last: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(position), -1) FROM updates WHERE action_id = $1",
    )
    .bind(action_id)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO updates (id, action_id, position, update_date, text, status_label,
            status_meaning, period, author_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(u.id)
    .bind(action_id)
    .bind(last + 1)
    .bind(u.date)
    .bind(&u.text)
    .bind(u.status.as_ref().map(|s| s.label.clone()))
    .bind(u.status.as_ref().map(|s| s.meaning.as_str()))
    .bind(&u.period)
    .bind(u.author_id)
    .bind(u.created_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A plan's title must say something; its lists keep only lines with words.
fn clean_lines(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn check_area_fields(fields: &AreaFields) -> Result<AreaFields> {
    let title = fields.title.trim();
    if title.is_empty() {
        return Err(StoreError::Invalid("an area needs a title".into()));
    }
    Ok(AreaFields {
        r#ref: clean(fields.r#ref.as_deref()),
        group: clean(fields.group.as_deref()),
        title: title.to_string(),
        objectives: clean_lines(&fields.objectives),
        outcomes: clean_lines(&fields.outcomes),
        measures: clean_lines(&fields.measures),
        narrative: clean_lines(&fields.narrative),
    })
}

/// The action an update, a sign-off or an impact check leaves behind, as audited.
fn action_state(a: &StoredAction) -> Result<serde_json::Value> {
    Ok(serde_json::json!({
        "version": a.version,
        "status": to_json(&a.status)?,
        "signoff": to_json(&a.signoff)?,
    }))
}

#[async_trait::async_trait]
impl Store for StoreImpl {
    fn backend(&self) -> &'static str {
        BACKEND
    }

    async fn create_organisation(&self, name: &str, actor: &Actor) -> Result<Organisation> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid("an organisation needs a name".into()));
        }
        let org = Organisation {
            id: Uuid::now_v7(),
            name: name.to_string(),
            created_at: self.now(),
        };
        let mut tx = begin_write(&self.pool).await?;
        let inserted = sqlx::query("INSERT INTO organisations (id, name, created_at) VALUES ($1, $2, $3)")
            .bind(org.id)
            .bind(&org.name)
            .bind(org.created_at)
            .execute(&mut *tx)
            .await;
        match inserted {
            Err(e) if is_unique_violation(&e) => {
                return Err(StoreError::Duplicate(format!("organisation name {name:?}")));
            }
            other => other?,
        };
        let event = Event {
            org_id: org.id,
            plan_id: None,
            subject_id: org.id,
            entity: "organisation",
            entity_id: org.id,
            change: "create",
            before: None,
            after: Some(to_json(&org)?),
        };
        audit(&mut tx, org.created_at, actor, event).await?;
        tx.commit().await?;
        Ok(org)
    }

    async fn organisations(&self) -> Result<Vec<Organisation>> {
        let rows = sqlx::query("SELECT id, name, created_at FROM organisations ORDER BY name")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Organisation {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    async fn create_user(&self, new: NewUser, actor: &Actor) -> Result<User> {
        let email = new.email.trim().to_lowercase();
        if !email.contains('@') || email.len() > 254 {
            return Err(StoreError::Invalid(format!("{:?} is not an email address", new.email)));
        }
        let name = new.name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid("a person needs a name".into()));
        }
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let org: Option<Uuid> = sqlx::query_scalar("SELECT id FROM organisations WHERE id = $1")
            .bind(new.org_id)
            .fetch_optional(&mut *tx)
            .await?;
        if org.is_none() {
            return Err(StoreError::not_found("organisation", new.org_id));
        }
        check_actor(&mut tx, actor, new.org_id, "organisation", new.org_id).await?;
        let user = User {
            id: Uuid::now_v7(),
            org_id: new.org_id,
            email,
            name: name.to_string(),
            role: new.role,
            version: 1,
            created_at: now,
        };
        let inserted = sqlx::query(
            "INSERT INTO users (id, org_id, email, name, role, password_hash, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7)",
        )
        .bind(user.id)
        .bind(user.org_id)
        .bind(&user.email)
        .bind(&user.name)
        .bind(user.role.as_str())
        .bind(&new.password_hash)
        .bind(now)
        .execute(&mut *tx)
        .await;
        match inserted {
            Err(e) if is_unique_violation(&e) => {
                return Err(StoreError::Duplicate(format!("email {}", user.email)));
            }
            other => other?,
        };
        // The hash never goes into the trail.
        let event = Event {
            org_id: user.org_id,
            plan_id: None,
            subject_id: user.id,
            entity: "user",
            entity_id: user.id,
            change: "create",
            before: None,
            after: Some(to_json(&user)?),
        };
        audit(&mut tx, now, actor, event).await?;
        tx.commit().await?;
        Ok(user)
    }

    async fn user_by_email(&self, email: &str) -> Result<Option<(User, Option<String>)>> {
        let row = sqlx::query("SELECT * FROM users WHERE email = $1")
            .bind(email.trim().to_lowercase())
            .fetch_optional(&self.pool)
            .await?;
        match row {
            None => Ok(None),
            Some(r) => Ok(Some((user_from_row(&r)?, r.try_get("password_hash")?))),
        }
    }

    async fn users(&self, org_id: Uuid) -> Result<Vec<User>> {
        let rows = sqlx::query("SELECT * FROM users WHERE org_id = $1 ORDER BY name, email")
            .bind(org_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(user_from_row).collect()
    }

    async fn create_plan(&self, org_id: Uuid, doc: &PlanDocument, actor: &Actor) -> Result<Uuid> {
        doc.validate().map_err(|e| StoreError::Invalid(e.to_string()))?;
        let now = self.now();
        let plan_id = Uuid::now_v7();
        let mut tx = begin_write(&self.pool).await?;
        let org: Option<Uuid> = sqlx::query_scalar("SELECT id FROM organisations WHERE id = $1")
            .bind(org_id)
            .fetch_optional(&mut *tx)
            .await?;
        if org.is_none() {
            return Err(StoreError::not_found("organisation", org_id));
        }
        check_actor(&mut tx, actor, org_id, "organisation", org_id).await?;
        let settings = PlanSettings::default();
        sqlx::query(
            "INSERT INTO plans (id, org_id, title, organisation, inspection, narrative,
                update_cadence, review_cadence, impact_interval_months, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $10)",
        )
        .bind(plan_id)
        .bind(org_id)
        .bind(&doc.title)
        .bind(&doc.organisation)
        .bind(doc.inspection.as_ref().map(Json))
        .bind(Json(&doc.narrative))
        .bind(settings.update_cadence.as_str())
        .bind(settings.review_cadence.as_str())
        .bind(i64::from(settings.impact_interval_months))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        insert_scheme(&mut tx, plan_id, &doc.status_scheme).await?;
        for (i, g) in doc.glossary.iter().enumerate() {
            sqlx::query(
                "INSERT INTO glossary_entries (plan_id, position, abbreviation, title, name) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(plan_id)
            .bind(i as i64)
            .bind(&g.abbreviation)
            .bind(&g.title)
            .bind(&g.name)
            .execute(&mut *tx)
            .await?;
        }
        for (i, area) in doc.areas.iter().enumerate() {
            let area_id = Uuid::now_v7();
            let fields = AreaFields {
                r#ref: area.r#ref.clone(),
                group: area.group.clone(),
                title: area.title.clone(),
                objectives: area.objectives.clone(),
                outcomes: area.outcomes.clone(),
                measures: area.measures.clone(),
                narrative: area.narrative.clone(),
            };
            insert_area(&mut tx, plan_id, area_id, i as i64, &fields, now).await?;
            for (j, action) in area.actions.iter().enumerate() {
                insert_action_tree(&mut tx, plan_id, area_id, action, None, j as i64, now, actor.user_id).await?;
            }
        }
        let event = Event {
            org_id,
            plan_id: Some(plan_id),
            subject_id: plan_id,
            entity: "plan",
            entity_id: plan_id,
            change: "create",
            before: None,
            after: Some(to_json(doc)?),
        };
        audit(&mut tx, now, actor, event).await?;
        tx.commit().await?;
        Ok(plan_id)
    }

    async fn plans(&self, org_id: Option<Uuid>) -> Result<Vec<PlanSummary>> {
        let rows = sqlx::query(concat!(
            plan_summary_select!(),
            "WHERE ($1 IS NULL OR p.org_id = $1) ORDER BY p.created_at DESC, p.id DESC"
        ))
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(summary_from_row).collect()
    }

    async fn plan_revision(&self, id: Uuid) -> Result<i64> {
        sqlx::query_scalar("SELECT revision FROM plans WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("plan", id))
    }

    async fn plan(&self, id: Uuid) -> Result<StoredPlan> {
        // One read transaction, so the plan is read as of one moment.
        let mut tx = self.pool.begin().await?;
        let plan = read_plan(&mut tx, id).await?;
        tx.commit().await?;
        Ok(plan)
    }

    async fn update_action(
        &self,
        id: Uuid,
        expected_version: i64,
        fields: &ActionFields,
        actor: &Actor,
    ) -> Result<StoredAction> {
        self.save_action(id, expected_version, fields, None, actor)
            .await
    }

    async fn edit_action(
        &self,
        id: Uuid,
        expected_version: i64,
        fields: &ActionFields,
        leads: Vec<String>,
        actor: &Actor,
    ) -> Result<StoredAction> {
        // As `update_action`, no check on the wording: an imported continuation row has none.
        self.save_action(id, expected_version, fields, Some(clean_leads(leads)), actor)
            .await
    }

    async fn add_update(
        &self,
        action_id: Uuid,
        date: Option<NaiveDate>,
        text: &str,
        actor: &Actor,
    ) -> Result<StoredUpdate> {
        let text = text.trim();
        if text.is_empty() {
            return Err(StoreError::Invalid("an update needs some text".into()));
        }
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let ctx = action_ctx(&mut tx, action_id, actor).await?;
        let update = StoredUpdate {
            id: Uuid::now_v7(),
            date,
            text: text.to_string(),
            status: None,
            period: None,
            author_id: actor.user_id,
            created_at: now,
        };
        insert_update(&mut tx, action_id, &update).await?;
        let after = serde_json::json!({ "action_id": action_id, "date": date, "text": update.text });
        let event = Event {
            org_id: ctx.org_id,
            plan_id: Some(ctx.plan_id),
            subject_id: action_id,
            entity: "update",
            entity_id: update.id,
            change: "create",
            before: None,
            after: Some(after),
        };
        audit(&mut tx, now, actor, event).await?;
        tx.commit().await?;
        Ok(update)
    }

    async fn link_lead(
        &self,
        plan_id: Uuid,
        lead_text: &str,
        person_id: Uuid,
        actor: &Actor,
    ) -> Result<u64> {
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let plan_org = plan_org(&mut tx, plan_id, actor).await?;
        let person_org: Option<Uuid> = sqlx::query_scalar("SELECT org_id FROM users WHERE id = $1")
            .bind(person_id)
            .fetch_optional(&mut *tx)
            .await?;
        // A person of another council is as good as unknown.
        if person_org != Some(plan_org) {
            return Err(StoreError::not_found("person", person_id));
        }
        let linked = sqlx::query(
            "UPDATE action_leads SET person_id = $1
             WHERE text = $2 AND action_id IN (SELECT id FROM actions WHERE plan_id = $3)",
        )
        .bind(person_id)
        .bind(lead_text)
        .bind(plan_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        sqlx::query("UPDATE glossary_entries SET person_id = $1 WHERE plan_id = $2 AND abbreviation = $3")
            .bind(person_id)
            .bind(plan_id)
            .bind(lead_text)
            .execute(&mut *tx)
            .await?;
        let after = serde_json::json!({ "lead": lead_text, "person_id": person_id, "actions": linked });
        let event = Event {
            org_id: plan_org,
            plan_id: Some(plan_id),
            subject_id: plan_id,
            entity: "plan",
            entity_id: plan_id,
            change: "link_lead",
            before: None,
            after: Some(after),
        };
        audit(&mut tx, now, actor, event).await?;
        tx.commit().await?;
        Ok(linked)
    }

    async fn audit_events(&self, entity_id: Uuid) -> Result<Vec<AuditEvent>> {
        let rows = sqlx::query("SELECT * FROM audit_events WHERE entity_id = $1 ORDER BY at, id")
            .bind(entity_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(audit_from_row).collect()
    }

    // ------------------------------------------------------------------------------------
    // Sessions and sign-in throttling
    // ------------------------------------------------------------------------------------

    async fn create_session(&self, s: NewSession) -> Result<()> {
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let Some(org_id) = sqlx::query_scalar::<_, Uuid>("SELECT org_id FROM users WHERE id = $1")
            .bind(s.user_id)
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Err(StoreError::not_found("person", s.user_id));
        };
        let name: String = sqlx::query_scalar("SELECT name FROM users WHERE id = $1")
            .bind(s.user_id)
            .fetch_one(&mut *tx)
            .await?;
        let inserted = sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at, last_seen_at, user_agent)
             VALUES ($1, $2, $3, $4, $5, $4, $6)",
        )
        .bind(&s.id_hash)
        .bind(s.user_id)
        .bind(&s.csrf_token)
        .bind(now)
        .bind(s.expires_at.trunc_subsecs(6))
        .bind(&s.user_agent)
        .execute(&mut *tx)
        .await;
        match inserted {
            Err(e) if is_unique_violation(&e) => {
                return Err(StoreError::Duplicate("session".into()));
            }
            other => other?,
        };
        // Neither the hash nor the token goes into the trail.
        let actor = Actor {
            user_id: Some(s.user_id),
            label: name,
        };
        let event = Event {
            org_id,
            plan_id: None,
            subject_id: s.user_id,
            entity: "user",
            entity_id: s.user_id,
            change: "sign_in",
            before: None,
            after: Some(serde_json::json!({ "expires_at": s.expires_at, "user_agent": s.user_agent })),
        };
        audit(&mut tx, now, &actor, event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn session(&self, id_hash: &str) -> Result<Option<(Session, User)>> {
        let now = self.now();
        let Some(row) = sqlx::query("SELECT * FROM sessions WHERE id_hash = $1 AND expires_at > $2")
            .bind(id_hash)
            .bind(now)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let session = session_from_row(&row)?;
        let user = sqlx::query("SELECT * FROM users WHERE id = $1")
            .bind(session.user_id)
            .fetch_optional(&self.pool)
            .await?;
        match user {
            None => Ok(None),
            Some(u) => Ok(Some((session, user_from_row(&u)?))),
        }
    }

    async fn touch_session(&self, id_hash: &str, expires_at: DateTime<Utc>) -> Result<()> {
        // Housekeeping, not a change anyone made: not audited.
        let now = self.now();
        let changed = sqlx::query(
            "UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id_hash = $1 AND expires_at > $2",
        )
        .bind(id_hash)
        .bind(now)
        .bind(expires_at.trunc_subsecs(6))
        .execute(&self.pool)
        .await?;
        if changed.rows_affected() == 1 {
            Ok(())
        } else {
            Err(StoreError::not_found("session", "(hidden)"))
        }
    }

    async fn delete_session(&self, id_hash: &str) -> Result<()> {
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let Some(row) = sqlx::query(
            "SELECT s.user_id, u.org_id, u.name FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.id_hash = $1",
        )
        .bind(id_hash)
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Ok(());
        };
        let user_id: Uuid = row.try_get("user_id")?;
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&mut *tx)
            .await?;
        let actor = Actor {
            user_id: Some(user_id),
            label: row.try_get("name")?,
        };
        let event = Event {
            org_id: row.try_get("org_id")?,
            plan_id: None,
            subject_id: user_id,
            entity: "user",
            entity_id: user_id,
            change: "sign_out",
            before: None,
            after: None,
        };
        audit(&mut tx, now, &actor, event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn delete_user_sessions(&self, user_id: Uuid) -> Result<u64> {
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let Some(org_id) = sqlx::query_scalar::<_, Uuid>("SELECT org_id FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Err(StoreError::not_found("person", user_id));
        };
        let ended = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let event = Event {
            org_id,
            plan_id: None,
            subject_id: user_id,
            entity: "user",
            entity_id: user_id,
            change: "sign_out_everywhere",
            before: None,
            after: Some(serde_json::json!({ "sessions": ended })),
        };
        audit(&mut tx, now, &Actor::system("sessions"), event).await?;
        tx.commit().await?;
        Ok(ended)
    }

    async fn delete_expired_sessions(&self) -> Result<u64> {
        // Housekeeping: not audited.
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let gone = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query("DELETE FROM login_attempts WHERE at < $1")
            .bind(now - LOGIN_ATTEMPT_RETENTION)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(gone)
    }

    async fn record_login_attempt(&self, key: &str, success: bool) -> Result<()> {
        // Counted for throttling, not audited: a flood of guesses must not flood the trail.
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        if success {
            sqlx::query("DELETE FROM login_attempts WHERE attempt_key = $1")
                .bind(key)
                .execute(&mut *tx)
                .await?;
        } else {
            sqlx::query("INSERT INTO login_attempts (id, attempt_key, at, success) VALUES ($1, $2, $3, $4)")
                .bind(Uuid::now_v7())
                .bind(key)
                .bind(now)
                .bind(false)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn login_failures_since(&self, key: &str, since: DateTime<Utc>) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM login_attempts WHERE attempt_key = $1 AND at >= $2 AND success = $3",
        )
        .bind(key)
        .bind(since.trunc_subsecs(6))
        .bind(false)
        .fetch_one(&self.pool)
        .await?)
    }

    // ------------------------------------------------------------------------------------
    // People and plan membership
    // ------------------------------------------------------------------------------------

    async fn user(&self, id: Uuid) -> Result<User> {
        let row = sqlx::query("SELECT * FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            None => Err(StoreError::not_found("person", id)),
            Some(r) => user_from_row(&r),
        }
    }

    async fn set_password(&self, user_id: Uuid, hash: &str, actor: &Actor) -> Result<()> {
        if hash.is_empty() {
            return Err(StoreError::Invalid("an empty password hash".into()));
        }
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let Some(org_id) = sqlx::query_scalar::<_, Uuid>("SELECT org_id FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Err(StoreError::not_found("person", user_id));
        };
        check_actor(&mut tx, actor, org_id, "person", user_id).await?;
        sqlx::query("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1")
            .bind(user_id)
            .bind(hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        let event = Event {
            org_id,
            plan_id: None,
            subject_id: user_id,
            entity: "user",
            entity_id: user_id,
            change: "set_password",
            before: None,
            after: None,
        };
        audit(&mut tx, now, actor, event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn update_user(
        &self,
        id: Uuid,
        expected_version: i64,
        name: &str,
        role: OrgRole,
        actor: &Actor,
    ) -> Result<User> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid("a person needs a name".into()));
        }
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let Some(row) = sqlx::query("SELECT * FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Err(StoreError::not_found("person", id));
        };
        let before = user_from_row(&row)?;
        check_actor(&mut tx, actor, before.org_id, "person", id).await?;
        let changed = sqlx::query(
            "UPDATE users SET name = $3, role = $4, version = version + 1, updated_at = $5
             WHERE id = $1 AND version = $2",
        )
        .bind(id)
        .bind(expected_version)
        .bind(name)
        .bind(role.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() != 1 {
            return Err(StoreError::Conflict {
                entity: "person",
                id,
                current: current_version(&mut tx, "users", id).await?,
            });
        }
        if before.role == OrgRole::Admin && role != OrgRole::Admin {
            let admins: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM users WHERE org_id = $1 AND role = $2",
            )
            .bind(before.org_id)
            .bind(OrgRole::Admin.as_str())
            .fetch_one(&mut *tx)
            .await?;
            if admins == 0 {
                return Err(StoreError::Invalid(
                    "the organisation needs at least one admin: make someone else admin first".into(),
                ));
            }
        }
        let after = User {
            name: name.to_string(),
            role,
            version: before.version + 1,
            ..before.clone()
        };
        let event = Event {
            org_id: before.org_id,
            plan_id: None,
            subject_id: id,
            entity: "user",
            entity_id: id,
            change: "update",
            before: Some(to_json(&before)?),
            after: Some(to_json(&after)?),
        };
        audit(&mut tx, now, actor, event).await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn set_plan_role(
        &self,
        plan_id: Uuid,
        user_id: Uuid,
        role: PlanRole,
        actor: &Actor,
    ) -> Result<()> {
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let org_id = plan_org(&mut tx, plan_id, actor).await?;
        let person_org: Option<Uuid> = sqlx::query_scalar("SELECT org_id FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
        // A person of another council is as good as unknown.
        if person_org != Some(org_id) {
            return Err(StoreError::not_found("person", user_id));
        }
        let before: Option<String> =
            sqlx::query_scalar("SELECT role FROM plan_members WHERE plan_id = $1 AND user_id = $2")
                .bind(plan_id)
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO plan_members (plan_id, user_id, role, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $4)
             ON CONFLICT (plan_id, user_id) DO UPDATE SET role = excluded.role, updated_at = excluded.updated_at",
        )
        .bind(plan_id)
        .bind(user_id)
        .bind(role.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let event = Event {
            org_id,
            plan_id: Some(plan_id),
            subject_id: plan_id,
            entity: "plan_member",
            entity_id: user_id,
            change: "set_role",
            before: before.map(|r| serde_json::json!({ "user_id": user_id, "role": r })),
            after: Some(serde_json::json!({ "user_id": user_id, "role": role })),
        };
        audit(&mut tx, now, actor, event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn remove_plan_role(&self, plan_id: Uuid, user_id: Uuid, actor: &Actor) -> Result<()> {
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let org_id = plan_org(&mut tx, plan_id, actor).await?;
        let Some(role) = sqlx::query_scalar::<_, String>(
            "DELETE FROM plan_members WHERE plan_id = $1 AND user_id = $2 RETURNING role",
        )
        .bind(plan_id)
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Err(StoreError::not_found("plan member", user_id));
        };
        let event = Event {
            org_id,
            plan_id: Some(plan_id),
            subject_id: plan_id,
            entity: "plan_member",
            entity_id: user_id,
            change: "remove_role",
            before: Some(serde_json::json!({ "user_id": user_id, "role": role })),
            after: None,
        };
        audit(&mut tx, now, actor, event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn plan_role(&self, plan_id: Uuid, user_id: Uuid) -> Result<Option<PlanRole>> {
        let role: Option<String> =
            sqlx::query_scalar("SELECT role FROM plan_members WHERE plan_id = $1 AND user_id = $2")
                .bind(plan_id)
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
        role.as_deref().map(plan_role).transpose()
    }

    async fn plan_members(&self, plan_id: Uuid) -> Result<Vec<(User, PlanRole)>> {
        let rows = sqlx::query(
            "SELECT u.*, m.role AS plan_role FROM plan_members m JOIN users u ON u.id = m.user_id
             WHERE m.plan_id = $1 ORDER BY u.name, u.email",
        )
        .bind(plan_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((user_from_row(r)?, plan_role(&r.try_get::<String, _>("plan_role")?)?)))
            .collect()
    }

    async fn plans_for_user(&self, user: &User) -> Result<Vec<PlanSummary>> {
        let rows = match user.role {
            OrgRole::Admin => {
                sqlx::query(concat!(
                    plan_summary_select!(),
                    "WHERE p.org_id = $1 ORDER BY p.created_at DESC, p.id DESC"
                ))
                .bind(user.org_id)
                .fetch_all(&self.pool)
                .await?
            }
            OrgRole::Member => {
                sqlx::query(concat!(
                    plan_summary_select!(),
                    "WHERE p.org_id = $1 AND p.id IN (SELECT m.plan_id FROM plan_members m WHERE m.user_id = $2)
                     ORDER BY p.created_at DESC, p.id DESC"
                ))
                .bind(user.org_id)
                .bind(user.id)
                .fetch_all(&self.pool)
                .await?
            }
        };
        rows.iter().map(summary_from_row).collect()
    }

    // ------------------------------------------------------------------------------------
    // Editing plans, areas and actions
    // ------------------------------------------------------------------------------------

    async fn update_plan(
        &self,
        id: Uuid,
        expected_version: i64,
        fields: &PlanFields,
        actor: &Actor,
    ) -> Result<StoredPlan> {
        let title = fields.title.trim();
        if title.is_empty() {
            return Err(StoreError::Invalid("a plan needs a title".into()));
        }
        let fields = PlanFields {
            title: title.to_string(),
            organisation: clean(fields.organisation.as_deref()),
            narrative: clean_lines(&fields.narrative),
        };
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let org_id = plan_org(&mut tx, id, actor).await?;
        let before = read_plan(&mut tx, id).await?;
        bump_plan(&mut tx, id, expected_version, now).await?;
        sqlx::query("UPDATE plans SET title = $2, organisation = $3, narrative = $4 WHERE id = $1")
            .bind(id)
            .bind(&fields.title)
            .bind(&fields.organisation)
            .bind(Json(&fields.narrative))
            .execute(&mut *tx)
            .await?;
        let prior = PlanFields {
            title: before.title.clone(),
            organisation: before.organisation.clone(),
            narrative: before.narrative.clone(),
        };
        let event = Event {
            org_id,
            plan_id: Some(id),
            subject_id: id,
            entity: "plan",
            entity_id: id,
            change: "update",
            before: Some(to_json(&prior)?),
            after: Some(to_json(&fields)?),
        };
        audit(&mut tx, now, actor, event).await?;
        let plan = read_plan(&mut tx, id).await?;
        tx.commit().await?;
        Ok(plan)
    }

    async fn update_plan_settings(
        &self,
        id: Uuid,
        expected_version: i64,
        settings: PlanSettings,
        actor: &Actor,
    ) -> Result<StoredPlan> {
        let max = PlanSettings::MAX_IMPACT_INTERVAL_MONTHS;
        if !(1..=max).contains(&settings.impact_interval_months) {
            return Err(StoreError::Invalid(format!(
                "the impact re-check interval must be between 1 and {max} months"
            )));
        }
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let org_id = plan_org(&mut tx, id, actor).await?;
        let before = read_plan(&mut tx, id).await?.settings;
        bump_plan(&mut tx, id, expected_version, now).await?;
        sqlx::query(
            "UPDATE plans SET update_cadence = $2, review_cadence = $3, impact_interval_months = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(settings.update_cadence.as_str())
        .bind(settings.review_cadence.as_str())
        .bind(i64::from(settings.impact_interval_months))
        .execute(&mut *tx)
        .await?;
        let event = Event {
            org_id,
            plan_id: Some(id),
            subject_id: id,
            entity: "plan",
            entity_id: id,
            change: "update_settings",
            before: Some(to_json(&before)?),
            after: Some(to_json(&settings)?),
        };
        audit(&mut tx, now, actor, event).await?;
        let plan = read_plan(&mut tx, id).await?;
        tx.commit().await?;
        Ok(plan)
    }

    async fn set_status_scheme(
        &self,
        id: Uuid,
        expected_version: i64,
        scheme: Vec<StatusDef>,
        actor: &Actor,
    ) -> Result<StoredPlan> {
        let scheme: Vec<StatusDef> = scheme
            .into_iter()
            .map(|s| StatusDef {
                label: s.label.trim().to_string(),
                meaning: s.meaning,
                description: clean(s.description.as_deref()),
            })
            .collect();
        for (i, s) in scheme.iter().enumerate() {
            if s.label.is_empty() {
                return Err(StoreError::Invalid(format!("status {} has no label", i + 1)));
            }
            if scheme[..i].iter().any(|o| o.label == s.label) {
                return Err(StoreError::Invalid(format!("the status {:?} is listed twice", s.label)));
            }
        }
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let org_id = plan_org(&mut tx, id, actor).await?;
        let before = read_plan(&mut tx, id).await?.status_scheme;
        bump_plan(&mut tx, id, expected_version, now).await?;
        sqlx::query("DELETE FROM plan_statuses WHERE plan_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        insert_scheme(&mut tx, id, &scheme).await?;
        let event = Event {
            org_id,
            plan_id: Some(id),
            subject_id: id,
            entity: "plan",
            entity_id: id,
            change: "set_status_scheme",
            before: Some(to_json(&before)?),
            after: Some(to_json(&scheme)?),
        };
        audit(&mut tx, now, actor, event).await?;
        let plan = read_plan(&mut tx, id).await?;
        tx.commit().await?;
        Ok(plan)
    }

    async fn update_area(
        &self,
        id: Uuid,
        expected_version: i64,
        fields: &AreaFields,
        actor: &Actor,
    ) -> Result<StoredArea> {
        let fields = check_area_fields(fields)?;
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let Some(row) = sqlx::query(
            "SELECT a.*, p.org_id FROM areas a JOIN plans p ON p.id = a.plan_id WHERE a.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Err(StoreError::not_found("area", id));
        };
        let org_id: Uuid = row.try_get("org_id")?;
        let plan_id: Uuid = row.try_get("plan_id")?;
        check_actor(&mut tx, actor, org_id, "area", id).await?;
        let before = area_from_row(&row, Vec::new())?;
        let changed = sqlx::query(
            "UPDATE areas SET reference = $3, group_name = $4, title = $5, objectives = $6,
                outcomes = $7, measures = $8, narrative = $9, version = version + 1, updated_at = $10
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
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() != 1 {
            return Err(StoreError::Conflict {
                entity: "area",
                id,
                current: current_version(&mut tx, "areas", id).await?,
            });
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
        let event = Event {
            org_id,
            plan_id: Some(plan_id),
            subject_id: plan_id,
            entity: "area",
            entity_id: id,
            change: "update",
            before: Some(to_json(&prior)?),
            after: Some(to_json(&fields)?),
        };
        audit(&mut tx, now, actor, event).await?;
        let plan = read_plan(&mut tx, plan_id).await?;
        tx.commit().await?;
        plan.areas
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| StoreError::not_found("area", id))
    }

    async fn add_area(&self, plan_id: Uuid, fields: &AreaFields, actor: &Actor) -> Result<Uuid> {
        let fields = check_area_fields(fields)?;
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let org_id = plan_org(&mut tx, plan_id, actor).await?;
        let last: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(position), -1) FROM areas WHERE plan_id = $1")
            .bind(plan_id)
            .fetch_one(&mut *tx)
            .await?;
        let id = Uuid::now_v7();
        insert_area(&mut tx, plan_id, id, last + 1, &fields, now).await?;
        let event = Event {
            org_id,
            plan_id: Some(plan_id),
            subject_id: plan_id,
            entity: "area",
            entity_id: id,
            change: "create",
            before: None,
            after: Some(to_json(&fields)?),
        };
        audit(&mut tx, now, actor, event).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn add_action(
        &self,
        area_id: Uuid,
        parent_id: Option<Uuid>,
        fields: &ActionFields,
        leads: Vec<String>,
        actor: &Actor,
    ) -> Result<Uuid> {
        if fields.text.trim().is_empty() {
            return Err(StoreError::Invalid("an action needs its wording".into()));
        }
        let leads = clean_leads(leads);
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let Some(row) = sqlx::query(
            "SELECT a.plan_id, p.org_id FROM areas a JOIN plans p ON p.id = a.plan_id WHERE a.id = $1",
        )
        .bind(area_id)
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Err(StoreError::not_found("area", area_id));
        };
        let plan_id: Uuid = row.try_get("plan_id")?;
        let org_id: Uuid = row.try_get("org_id")?;
        check_actor(&mut tx, actor, org_id, "area", area_id).await?;
        let plan = read_plan(&mut tx, plan_id).await?;
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
                sqlx::query_scalar("SELECT COALESCE(MAX(position), -1) FROM actions WHERE parent_id = $1")
                    .bind(parent)
                    .fetch_one(&mut *tx)
                    .await?
            }
            None => {
                sqlx::query_scalar(
                    "SELECT COALESCE(MAX(position), -1) FROM actions WHERE area_id = $1 AND parent_id IS NULL",
                )
                .bind(area_id)
                .fetch_one(&mut *tx)
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
        let id = insert_action_tree(&mut tx, plan_id, area_id, &doc, parent_id, last + 1, now, actor.user_id).await?;
        let linked = insert_leads(&mut tx, plan_id, id, &leads, &HashMap::new()).await?;
        let (_, created) = read_action(&mut tx, plan_id, id).await?;
        let event = Event {
            org_id,
            plan_id: Some(plan_id),
            subject_id: id,
            entity: "action",
            entity_id: id,
            change: "create",
            before: None,
            after: Some(serde_json::json!({
                "parent_id": parent_id,
                "fields": to_json(&created.fields())?,
                "leads": to_json(&linked)?,
            })),
        };
        audit(&mut tx, now, actor, event).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn delete_action(&self, id: Uuid, expected_version: i64, actor: &Actor) -> Result<()> {
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let ctx = action_ctx(&mut tx, id, actor).await?;
        bump_action(&mut tx, id, expected_version, now).await?;
        let (_, before) = read_action(&mut tx, ctx.plan_id, id).await?;
        // Children first, deepest first: no reliance on cascades for the tree itself.
        let mut doomed: Vec<Uuid> = before.walk().iter().map(|a| a.id).collect();
        doomed.reverse();
        for x in doomed {
            sqlx::query("DELETE FROM actions WHERE id = $1")
                .bind(x)
                .execute(&mut *tx)
                .await?;
        }
        let event = Event {
            org_id: ctx.org_id,
            plan_id: Some(ctx.plan_id),
            subject_id: id,
            entity: "action",
            entity_id: id,
            change: "delete",
            before: Some(to_json(&before)?),
            after: None,
        };
        audit(&mut tx, now, actor, event).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_action_leads(
        &self,
        id: Uuid,
        expected_version: i64,
        leads: Vec<String>,
        actor: &Actor,
    ) -> Result<StoredAction> {
        let leads = clean_leads(leads);
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let ctx = action_ctx(&mut tx, id, actor).await?;
        bump_action(&mut tx, id, expected_version, now).await?;
        let (_, before) = read_action(&mut tx, ctx.plan_id, id).await?;
        let keep: HashMap<String, Option<Uuid>> = before
            .leads
            .iter()
            .map(|l| (l.text.clone(), l.person_id))
            .collect();
        sqlx::query("DELETE FROM action_leads WHERE action_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let after = insert_leads(&mut tx, ctx.plan_id, id, &leads, &keep).await?;
        let event = Event {
            org_id: ctx.org_id,
            plan_id: Some(ctx.plan_id),
            subject_id: id,
            entity: "action",
            entity_id: id,
            change: "set_leads",
            before: Some(to_json(&before.leads)?),
            after: Some(to_json(&after)?),
        };
        audit(&mut tx, now, actor, event).await?;
        let (_, saved) = read_action(&mut tx, ctx.plan_id, id).await?;
        tx.commit().await?;
        Ok(saved)
    }

    // ------------------------------------------------------------------------------------
    // Updates, evidence, sign-off
    // ------------------------------------------------------------------------------------

    async fn write_update(
        &self,
        action_id: Uuid,
        expected_version: i64,
        new: NewUpdate,
        actor: &Actor,
    ) -> Result<StoredAction> {
        let text = new.text.trim();
        if text.is_empty() {
            return Err(StoreError::Invalid("an update needs some text".into()));
        }
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let ctx = action_ctx(&mut tx, action_id, actor).await?;
        // The version moves first: of two writers who read the same version, exactly
        // one gets past this line.
        bump_action(&mut tx, action_id, expected_version, now).await?;
        let (plan, before) = read_action(&mut tx, ctx.plan_id, action_id).await?;
        let status_changes = new.status.is_some() && new.status != before.status;
        if status_changes {
            check_status(&plan.status_scheme, before.status.as_ref(), new.status.as_ref())?;
            set_action_status(&mut tx, action_id, new.status.as_ref()).await?;
            if signoff::status_change_reopens(&before, new.status.as_ref()) {
                delete_signoff(&mut tx, action_id).await?;
            }
        }
        let update = StoredUpdate {
            id: Uuid::now_v7(),
            date: Some(new.date),
            text: text.to_string(),
            status: new.status.clone(),
            // The period it reports on: as given, else the one its date falls in.
            period: clean(new.period.as_deref()).or_else(|| {
                Some(period_containing(new.date, plan.settings.update_cadence).label)
            }),
            author_id: actor.user_id,
            created_at: now,
        };
        insert_update(&mut tx, action_id, &update).await?;
        let (_, saved) = read_action(&mut tx, ctx.plan_id, action_id).await?;
        let event = Event {
            org_id: ctx.org_id,
            plan_id: Some(ctx.plan_id),
            subject_id: action_id,
            entity: "update",
            entity_id: update.id,
            change: "create",
            before: status_changes.then(|| action_state(&before)).transpose()?,
            after: Some(serde_json::json!({
                "action_id": action_id,
                "date": update.date,
                "text": update.text,
                "status": to_json(&update.status)?,
                "period": update.period,
                "status_changed": status_changes,
                "action": action_state(&saved)?,
            })),
        };
        audit(&mut tx, now, actor, event).await?;
        tx.commit().await?;
        Ok(saved)
    }

    async fn add_evidence(
        &self,
        action_id: Uuid,
        new: NewEvidence,
        actor: &Actor,
    ) -> Result<StoredEvidence> {
        let url = clean(new.url.as_deref());
        let file_key = clean(new.file_key.as_deref());
        let file_name = clean(new.file_name.as_deref());
        let mut title = new.title.trim().to_string();
        match new.kind {
            EvidenceKind::Link => {
                let Some(u) = url.as_deref() else {
                    return Err(StoreError::Invalid("a link needs its address".into()));
                };
                let lower = u.to_ascii_lowercase();
                if !(lower.starts_with("https://") || lower.starts_with("http://"))
                    || u.chars().any(char::is_whitespace)
                {
                    return Err(StoreError::Invalid(format!(
                        "{u:?} is not a web address (it should start https://)"
                    )));
                }
                if title.is_empty() {
                    title = u.to_string();
                }
            }
            EvidenceKind::File => {
                let (Some(_), Some(name)) = (file_key.as_deref(), file_name.as_deref()) else {
                    return Err(StoreError::Invalid("a file needs its stored key and name".into()));
                };
                if new.size.is_some_and(|s| s < 0) {
                    return Err(StoreError::Invalid("a file cannot be smaller than nothing".into()));
                }
                if title.is_empty() {
                    title = name.to_string();
                }
            }
        }
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let ctx = action_ctx(&mut tx, action_id, actor).await?;
        lock_action(&mut tx, action_id, now).await?;
        let evidence = StoredEvidence {
            id: Uuid::now_v7(),
            kind: new.kind,
            title,
            url: if new.kind == EvidenceKind::Link { url } else { None },
            file_key: if new.kind == EvidenceKind::File { file_key } else { None },
            file_name: if new.kind == EvidenceKind::File { file_name } else { None },
            content_type: if new.kind == EvidenceKind::File { clean(new.content_type.as_deref()) } else { None },
            size: if new.kind == EvidenceKind::File { new.size } else { None },
            added_by: actor.user_id,
            created_at: now,
        };
        let last: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(position), -1) FROM evidence WHERE action_id = $1")
            .bind(action_id)
            .fetch_one(&mut *tx)
            .await?;
        insert_evidence(&mut tx, action_id, last + 1, &evidence).await?;
        let event = Event {
            org_id: ctx.org_id,
            plan_id: Some(ctx.plan_id),
            subject_id: action_id,
            entity: "evidence",
            entity_id: evidence.id,
            change: "create",
            before: None,
            after: Some(to_json(&evidence)?),
        };
        audit(&mut tx, now, actor, event).await?;
        tx.commit().await?;
        Ok(evidence)
    }

    async fn evidence(&self, id: Uuid) -> Result<(StoredEvidence, Uuid, Uuid, Uuid)> {
        let Some(row) = sqlx::query(
            "SELECT e.*, x.plan_id, p.org_id FROM evidence e
             JOIN actions x ON x.id = e.action_id JOIN plans p ON p.id = x.plan_id
             WHERE e.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Err(StoreError::not_found("evidence", id));
        };
        Ok((
            evidence_from_row(&row)?,
            row.try_get("action_id")?,
            row.try_get("plan_id")?,
            row.try_get("org_id")?,
        ))
    }

    async fn remove_evidence(&self, id: Uuid, actor: &Actor) -> Result<StoredEvidence> {
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let Some(action_id) = sqlx::query_scalar::<_, Uuid>("SELECT action_id FROM evidence WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Err(StoreError::not_found("evidence", id));
        };
        let ctx = match action_ctx(&mut tx, action_id, actor).await {
            Err(StoreError::NotFound { .. }) => return Err(StoreError::not_found("evidence", id)),
            other => other?,
        };
        lock_action(&mut tx, action_id, now).await?;
        let (_, action) = read_action(&mut tx, ctx.plan_id, action_id).await?;
        signoff::can_remove_evidence(&action).map_err(refused)?;
        let Some(evidence) = action.evidence.iter().find(|e| e.id == id).cloned() else {
            return Err(StoreError::not_found("evidence", id));
        };
        sqlx::query("DELETE FROM evidence WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let event = Event {
            org_id: ctx.org_id,
            plan_id: Some(ctx.plan_id),
            subject_id: action_id,
            entity: "evidence",
            entity_id: id,
            change: "delete",
            before: Some(to_json(&evidence)?),
            after: None,
        };
        audit(&mut tx, now, actor, event).await?;
        tx.commit().await?;
        Ok(evidence)
    }

    async fn propose_complete(
        &self,
        action_id: Uuid,
        expected_version: i64,
        note: Option<&str>,
        actor: &Actor,
    ) -> Result<StoredAction> {
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let ctx = action_ctx(&mut tx, action_id, actor).await?;
        bump_action(&mut tx, action_id, expected_version, now).await?;
        let (_, before) = read_action(&mut tx, ctx.plan_id, action_id).await?;
        signoff::can_propose(&before).map_err(refused)?;
        sqlx::query(
            "INSERT INTO signoffs (action_id, proposed_by_id, proposed_by_label, proposed_at, proposal_note)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(action_id)
        .bind(actor.user_id)
        .bind(&actor.label)
        .bind(now)
        .bind(clean(note))
        .execute(&mut *tx)
        .await?;
        let (_, saved) = read_action(&mut tx, ctx.plan_id, action_id).await?;
        let event = Event {
            org_id: ctx.org_id,
            plan_id: Some(ctx.plan_id),
            subject_id: action_id,
            entity: "action",
            entity_id: action_id,
            change: "propose_complete",
            before: Some(action_state(&before)?),
            after: Some(action_state(&saved)?),
        };
        audit(&mut tx, now, actor, event).await?;
        tx.commit().await?;
        Ok(saved)
    }

    async fn sign_off(
        &self,
        action_id: Uuid,
        expected_version: i64,
        approver: &Actor,
    ) -> Result<StoredAction> {
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let ctx = action_ctx(&mut tx, action_id, approver).await?;
        bump_action(&mut tx, action_id, expected_version, now).await?;
        let (plan, before) = read_action(&mut tx, ctx.plan_id, action_id).await?;
        signoff::can_sign_off_action(&before, approver).map_err(refused)?;
        let due = signoff::impact_check_due(now, plan.settings.impact_interval_months);
        sqlx::query(
            "UPDATE signoffs SET signed_off_by_id = $2, signed_off_by_label = $3, signed_off_at = $4,
                impact_check_due = $5
             WHERE action_id = $1",
        )
        .bind(action_id)
        .bind(approver.user_id)
        .bind(&approver.label)
        .bind(now)
        .bind(due)
        .execute(&mut *tx)
        .await?;
        if let Some(complete) = plan.status_meaning(Meaning::Complete) {
            set_action_status(&mut tx, action_id, Some(&complete)).await?;
        }
        let (_, saved) = read_action(&mut tx, ctx.plan_id, action_id).await?;
        let event = Event {
            org_id: ctx.org_id,
            plan_id: Some(ctx.plan_id),
            subject_id: action_id,
            entity: "action",
            entity_id: action_id,
            change: "sign_off",
            before: Some(action_state(&before)?),
            after: Some(action_state(&saved)?),
        };
        audit(&mut tx, now, approver, event).await?;
        tx.commit().await?;
        Ok(saved)
    }

    async fn record_impact_check(
        &self,
        action_id: Uuid,
        expected_version: i64,
        confirmed: bool,
        note: Option<&str>,
        actor: &Actor,
    ) -> Result<StoredAction> {
        let now = self.now();
        let note = clean(note);
        let mut tx = begin_write(&self.pool).await?;
        let ctx = action_ctx(&mut tx, action_id, actor).await?;
        bump_action(&mut tx, action_id, expected_version, now).await?;
        let (plan, before) = read_action(&mut tx, ctx.plan_id, action_id).await?;
        signoff::can_record_impact_check(&before, confirmed, note.as_deref()).map_err(refused)?;
        sqlx::query(
            "INSERT INTO impact_checks (id, action_id, checked_by_id, checked_by_label, checked_at, confirmed, note)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(Uuid::now_v7())
        .bind(action_id)
        .bind(actor.user_id)
        .bind(&actor.label)
        .bind(now)
        .bind(confirmed)
        .bind(&note)
        .execute(&mut *tx)
        .await?;
        if confirmed {
            let due = signoff::impact_check_due(now, plan.settings.impact_interval_months);
            sqlx::query("UPDATE signoffs SET impact_check_due = $2 WHERE action_id = $1")
                .bind(action_id)
                .bind(due)
                .execute(&mut *tx)
                .await?;
        } else {
            // Reopened: no longer signed off, and no longer complete.
            delete_signoff(&mut tx, action_id).await?;
            let reopened = plan
                .status_meaning(Meaning::AtRisk)
                .or_else(|| plan.status_meaning(Meaning::OffTrack));
            set_action_status(&mut tx, action_id, reopened.as_ref()).await?;
        }
        let (_, saved) = read_action(&mut tx, ctx.plan_id, action_id).await?;
        let mut after = action_state(&saved)?;
        after["confirmed"] = serde_json::Value::Bool(confirmed);
        after["note"] = to_json(&note)?;
        let event = Event {
            org_id: ctx.org_id,
            plan_id: Some(ctx.plan_id),
            subject_id: action_id,
            entity: "action",
            entity_id: action_id,
            change: if confirmed { "impact_confirmed" } else { "reopen" },
            before: Some(action_state(&before)?),
            after: Some(after),
        };
        audit(&mut tx, now, actor, event).await?;
        tx.commit().await?;
        Ok(saved)
    }

    // ------------------------------------------------------------------------------------
    // The trail
    // ------------------------------------------------------------------------------------

    async fn audit_trail(&self, subject_id: Uuid) -> Result<Vec<AuditEvent>> {
        let rows = sqlx::query("SELECT * FROM audit_events WHERE subject_id = $1 ORDER BY at, id")
            .bind(subject_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(audit_from_row).collect()
    }

    async fn plan_trail(
        &self,
        plan_id: Uuid,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<AuditEvent>> {
        let rows = sqlx::query(
            "SELECT * FROM audit_events WHERE plan_id = $1 AND ($2 IS NULL OR at >= $2) ORDER BY at, id",
        )
        .bind(plan_id)
        .bind(since.map(|s| s.trunc_subsecs(6)))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(audit_from_row).collect()
    }
}
