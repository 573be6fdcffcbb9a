// The store's SQL, written once for both backends.
//
// This file is `include!`d into `sqlite.rs` and `postgres.rs`, each of which defines
// `Db` (the sqlx database), `StoreImpl` (its store type with `pool` and `clock` fields)
// and `begin_write` (how that backend opens a write transaction). The SQL is the portable
// subset both accept: `$n` placeholders, `RETURNING`, no backend functions.

use crate::error::is_unique_violation;
use crate::rows::{meaning, org_role, status_from_columns, when_columns, when_from_columns};
use crate::{NewUser, Result, Store, StoreError};
use assure_domain::document::MAX_DEPTH;
use assure_domain::model::{
    ActionFields, Actor, AuditEvent, Lead, Organisation, PlanSummary, StoredAction, StoredArea,
    StoredPlan, StoredUpdate, User,
};
use assure_domain::{Action, GlossaryEntry, Inspection, Milestone, PlanDocument, StatusDef};
use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use sqlx::types::Json;
use sqlx::{Row, Transaction};
use std::collections::HashMap;

type Tx = Transaction<'static, Db>;

impl StoreImpl {
    /// Now, to the microsecond: PostgreSQL keeps no finer, and both backends must agree.
    fn now(&self) -> DateTime<Utc> {
        self.clock.now().trunc_subsecs(6)
    }
}

/// Records one audit event inside the transaction that made the change.
#[allow(clippy::too_many_arguments)]
async fn audit(
    tx: &mut Tx,
    org_id: Uuid,
    at: DateTime<Utc>,
    actor: &Actor,
    entity: &str,
    entity_id: Uuid,
    change: &str,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_events (id, org_id, at, actor_user_id, actor_label, entity, entity_id, change, before, after)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(Uuid::now_v7())
    .bind(org_id)
    .bind(at)
    .bind(actor.user_id)
    .bind(&actor.label)
    .bind(entity)
    .bind(entity_id)
    .bind(change)
    .bind(before.map(Json))
    .bind(after.map(Json))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<serde_json::Value> {
    serde_json::to_value(v).map_err(|e| StoreError::Invalid(format!("cannot record change: {e}")))
}

fn user_from_row(row: &<Db as sqlx::Database>::Row) -> Result<User> {
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

/// Inserts one action and everything beneath it. Depth is bounded by validation.
#[allow(clippy::too_many_arguments)]
async fn insert_action_tree(
    tx: &mut Tx,
    plan_id: Uuid,
    area_id: Uuid,
    top: &Action,
    top_position: i64,
    now: DateTime<Utc>,
    author: Option<Uuid>,
) -> Result<()> {
    // An explicit stack rather than recursion: async recursion needs boxing, and this
    // keeps the insert order (parents before children) obvious.
    let mut stack: Vec<(&Action, Option<Uuid>, i64)> = vec![(top, None, top_position)];
    while let Some((action, parent_id, position)) = stack.pop() {
        let id = Uuid::now_v7();
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
            sqlx::query(
                "INSERT INTO evidence (id, action_id, position, reference, added_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(Uuid::now_v7())
            .bind(id)
            .bind(i as i64)
            .bind(e)
            .bind(author)
            .bind(now)
            .execute(&mut **tx)
            .await?;
        }
        // Pushed in reverse so they pop, and are inserted, in document order.
        for (i, child) in action.children.iter().enumerate().rev() {
            stack.push((child, Some(id), i as i64));
        }
    }
    Ok(())
}

/// An action row before its children are attached.
struct ActionRow {
    action: StoredAction,
    position: i64,
}

fn action_from_row(row: &<Db as sqlx::Database>::Row) -> Result<ActionRow> {
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
            children: Vec::new(),
        },
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
        audit(&mut tx, org.id, org.created_at, actor, "organisation", org.id, "create", None, Some(to_json(&org)?)).await?;
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
        audit(&mut tx, user.org_id, now, actor, "user", user.id, "create", None, Some(to_json(&user)?)).await?;
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
        sqlx::query(
            "INSERT INTO plans (id, org_id, title, organisation, inspection, narrative, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7)",
        )
        .bind(plan_id)
        .bind(org_id)
        .bind(&doc.title)
        .bind(&doc.organisation)
        .bind(doc.inspection.as_ref().map(Json))
        .bind(Json(&doc.narrative))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        for (i, s) in doc.status_scheme.iter().enumerate() {
            sqlx::query(
                "INSERT INTO plan_statuses (plan_id, position, label, meaning, description) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(plan_id)
            .bind(i as i64)
            .bind(&s.label)
            .bind(s.meaning.as_str())
            .bind(&s.description)
            .execute(&mut *tx)
            .await?;
        }
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
            sqlx::query(
                "INSERT INTO areas (id, plan_id, position, reference, group_name, title, objectives, outcomes, measures, narrative, version, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $11)",
            )
            .bind(area_id)
            .bind(plan_id)
            .bind(i as i64)
            .bind(&area.r#ref)
            .bind(&area.group)
            .bind(&area.title)
            .bind(Json(&area.objectives))
            .bind(Json(&area.outcomes))
            .bind(Json(&area.measures))
            .bind(Json(&area.narrative))
            .bind(now)
            .execute(&mut *tx)
            .await?;
            for (j, action) in area.actions.iter().enumerate() {
                insert_action_tree(&mut tx, plan_id, area_id, action, j as i64, now, actor.user_id).await?;
            }
        }
        audit(&mut tx, org_id, now, actor, "plan", plan_id, "create", None, Some(to_json(doc)?)).await?;
        tx.commit().await?;
        Ok(plan_id)
    }

    async fn plans(&self, org_id: Option<Uuid>) -> Result<Vec<PlanSummary>> {
        let rows = sqlx::query(
            "SELECT p.id, p.org_id, p.title, p.organisation, p.version, p.created_at, p.updated_at,
                (SELECT COUNT(*) FROM areas a WHERE a.plan_id = p.id) AS area_count,
                (SELECT COUNT(*) FROM actions x WHERE x.plan_id = p.id) AS action_count
             FROM plans p
             WHERE ($1 IS NULL OR p.org_id = $1)
             ORDER BY p.created_at DESC, p.id DESC",
        )
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
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
            })
            .collect()
    }

    async fn plan(&self, id: Uuid) -> Result<StoredPlan> {
        // One read transaction, so the plan is read as of one moment.
        let mut tx = self.pool.begin().await?;
        let Some(p) = sqlx::query("SELECT * FROM plans WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Err(StoreError::not_found("plan", id));
        };
        let inspection: Option<Json<Inspection>> = p.try_get("inspection")?;
        let narrative: Json<Vec<String>> = p.try_get("narrative")?;

        let status_scheme = sqlx::query("SELECT * FROM plan_statuses WHERE plan_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(&mut *tx)
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
            .fetch_all(&mut *tx)
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
        .fetch_all(&mut *tx)
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
        .fetch_all(&mut *tx)
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
        .fetch_all(&mut *tx)
        .await?
        {
            updates.entry(r.try_get("action_id")?).or_default().push(StoredUpdate {
                id: r.try_get("id")?,
                date: r.try_get::<Option<NaiveDate>, _>("update_date")?,
                text: r.try_get("text")?,
                author_id: r.try_get("author_id")?,
                created_at: r.try_get("created_at")?,
            });
        }
        let mut evidence: HashMap<Uuid, Vec<String>> = HashMap::new();
        for r in sqlx::query(
            "SELECT e.action_id, e.reference FROM evidence e JOIN actions a ON a.id = e.action_id
             WHERE a.plan_id = $1 ORDER BY e.action_id, e.position",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?
        {
            evidence.entry(r.try_get("action_id")?).or_default().push(r.try_get("reference")?);
        }

        let mut top: HashMap<Uuid, Vec<ActionRow>> = HashMap::new();
        let mut by_parent: HashMap<Uuid, Vec<ActionRow>> = HashMap::new();
        for r in sqlx::query("SELECT * FROM actions WHERE plan_id = $1")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?
        {
            let mut row = action_from_row(&r)?;
            let a = &mut row.action;
            a.leads = leads.remove(&a.id).unwrap_or_default();
            a.milestones = milestones.remove(&a.id).unwrap_or_default();
            a.updates = updates.remove(&a.id).unwrap_or_default();
            a.evidence = evidence.remove(&a.id).unwrap_or_default();
            match a.parent_id {
                None => top.entry(a.area_id).or_default().push(row),
                Some(parent) => by_parent.entry(parent).or_default().push(row),
            }
        }

        let mut areas = Vec::new();
        for r in sqlx::query("SELECT * FROM areas WHERE plan_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?
        {
            let area_id: Uuid = r.try_get("id")?;
            let mut rows = top.remove(&area_id).unwrap_or_default();
            rows.sort_by_key(|r| r.position);
            let actions = rows
                .into_iter()
                .map(|row| attach_children(row.action, &mut by_parent, 1))
                .collect::<Result<Vec<_>>>()?;
            areas.push(StoredArea {
                id: area_id,
                version: r.try_get("version")?,
                r#ref: r.try_get("reference")?,
                group: r.try_get("group_name")?,
                title: r.try_get("title")?,
                objectives: r.try_get::<Json<Vec<String>>, _>("objectives")?.0,
                outcomes: r.try_get::<Json<Vec<String>>, _>("outcomes")?.0,
                measures: r.try_get::<Json<Vec<String>>, _>("measures")?.0,
                narrative: r.try_get::<Json<Vec<String>>, _>("narrative")?.0,
                actions,
            });
        }
        tx.commit().await?;

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
            areas,
        })
    }

    async fn update_action(
        &self,
        id: Uuid,
        expected_version: i64,
        fields: &ActionFields,
        actor: &Actor,
    ) -> Result<StoredAction> {
        let now = self.now();
        let mut tx = begin_write(&self.pool).await?;
        let Some(row) = sqlx::query(
            "SELECT x.*, p.org_id FROM actions x JOIN plans p ON p.id = x.plan_id WHERE x.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Err(StoreError::not_found("action", id));
        };
        let org_id: Uuid = row.try_get("org_id")?;
        let plan_id: Uuid = row.try_get("plan_id")?;
        let before = action_from_row(&row)?.action;
        if before.version != expected_version {
            return Err(StoreError::Conflict {
                entity: "action",
                id,
                current: before.version,
            });
        }
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
                current: expected_version + 1,
            });
        }
        audit(
            &mut tx,
            org_id,
            now,
            actor,
            "action",
            id,
            "update",
            Some(to_json(&before.fields())?),
            Some(to_json(fields)?),
        )
        .await?;
        tx.commit().await?;
        let plan = self.plan(plan_id).await?;
        plan.find_action(id)
            .cloned()
            .ok_or_else(|| StoreError::not_found("action", id))
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
        let Some(row) = sqlx::query(
            "SELECT p.org_id, (SELECT COALESCE(MAX(u.position), -1) FROM updates u WHERE u.action_id = x.id) AS last
             FROM actions x JOIN plans p ON p.id = x.plan_id WHERE x.id = $1",
        )
        .bind(action_id)
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Err(StoreError::not_found("action", action_id));
        };
        let org_id: Uuid = row.try_get("org_id")?;
        let last: i64 = row.try_get("last")?;
        let update = StoredUpdate {
            id: Uuid::now_v7(),
            date,
            text: text.to_string(),
            author_id: actor.user_id,
            created_at: now,
        };
        sqlx::query(
            "INSERT INTO updates (id, action_id, position, update_date, text, author_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(update.id)
        .bind(action_id)
        .bind(last + 1)
        .bind(update.date)
        .bind(&update.text)
        .bind(update.author_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let after = serde_json::json!({ "action_id": action_id, "date": date, "text": update.text });
        audit(&mut tx, org_id, now, actor, "update", update.id, "create", None, Some(after)).await?;
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
        let Some(plan_org) = sqlx::query_scalar::<_, Uuid>("SELECT org_id FROM plans WHERE id = $1")
            .bind(plan_id)
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Err(StoreError::not_found("plan", plan_id));
        };
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
        audit(&mut tx, plan_org, now, actor, "plan", plan_id, "link_lead", None, Some(after)).await?;
        tx.commit().await?;
        Ok(linked)
    }

    async fn audit_events(&self, entity_id: Uuid) -> Result<Vec<AuditEvent>> {
        let rows = sqlx::query("SELECT * FROM audit_events WHERE entity_id = $1 ORDER BY at, id")
            .bind(entity_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
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
                    change: r.try_get("change")?,
                    before: r.try_get::<Option<Json<serde_json::Value>>, _>("before")?.map(|j| j.0),
                    after: r.try_get::<Option<Json<serde_json::Value>>, _>("after")?.map(|j| j.0),
                })
            })
            .collect()
    }
}
