//! The one shape every write takes.
//!
//! [`StoreImpl::write`] opens a write transaction (the backend's way) and fixes the
//! moment and the actor; the write finds its record (and organisation) or fails with
//! `NotFound`; checks that a signed-in actor belongs to that organisation (otherwise the
//! record is as good as unknown to them); moves the record to its next version with
//! `UPDATE … WHERE version = $expected` (no row: `Conflict`); applies the rules to the
//! state read inside the transaction; writes; and ends with [`Write::commit`], which
//! records the audit event, moves the revision of the plan the change belongs to and
//! commits — so no write can forget the trail or leave a held plan looking current.
//! Moving the version (or claiming the plan) first takes the row lock on PostgreSQL
//! (SQLite's `BEGIN IMMEDIATE` already serialises writers), so rules are checked against
//! state no concurrent writer can change before the commit.

use super::{StoreImpl, Tx, begin_write};
use crate::{Result, StoreError};
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::model::Actor;
use chrono::{DateTime, Utc};
use sqlx::types::Json;
use uuid::Uuid;

/// One audit event: what changed, and whose trail shows it.
pub(super) struct Event {
    org_id: Uuid,
    /// The plan it belongs to, if any: its revision moves with the change.
    plan_id: Option<Uuid>,
    /// The action, plan, person or organisation whose trail shows it.
    subject_id: Uuid,
    entity: AuditEntity,
    entity_id: Uuid,
    change: AuditChange,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
}

impl Event {
    /// A change to `entity_id`, a record of organisation `org_id`, shown in its own trail.
    pub(super) fn new(
        org_id: Uuid,
        entity: AuditEntity,
        entity_id: Uuid,
        change: AuditChange,
    ) -> Self {
        Self {
            org_id,
            plan_id: None,
            subject_id: entity_id,
            entity,
            entity_id,
            change,
            before: None,
            after: None,
        }
    }

    /// The change belongs to this plan.
    pub(super) fn in_plan(mut self, plan_id: Uuid) -> Self {
        self.plan_id = Some(plan_id);
        self
    }

    /// The change shows in this record's trail (an update's action, an area's plan).
    pub(super) fn subject(mut self, subject_id: Uuid) -> Self {
        self.subject_id = subject_id;
        self
    }

    /// What the record was.
    pub(super) fn before(mut self, v: impl Into<Option<serde_json::Value>>) -> Self {
        self.before = v.into();
        self
    }

    /// What the record became.
    pub(super) fn after(mut self, v: impl Into<Option<serde_json::Value>>) -> Self {
        self.after = v.into();
        self
    }
}

/// A write in progress: its transaction, its moment and who makes it.
pub(super) struct Write {
    pub(super) tx: Tx,
    pub(super) now: DateTime<Utc>,
    /// Who the trail names (a sign-in names the person signing in).
    pub(super) actor: Actor,
    /// The plan whose revision [`Write::claim_plan`] has already moved.
    claimed: Option<Uuid>,
    /// The store's count of committed writes, moved once this one has committed.
    changes: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl StoreImpl {
    /// Opens a write by `actor`.
    pub(super) async fn write(&self, actor: &Actor) -> Result<Write> {
        Ok(Write {
            tx: begin_write(&self.pool).await?,
            now: self.now(),
            actor: actor.clone(),
            claimed: None,
            changes: std::sync::Arc::clone(&self.changes),
        })
    }
}

/// Where an action sits: its plan and organisation.
pub(super) struct ActionCtx {
    pub(super) action_id: Uuid,
    pub(super) plan_id: Uuid,
    pub(super) org_id: Uuid,
}

impl ActionCtx {
    /// An event of this action's plan, shown in the action's trail.
    pub(super) fn event(&self, entity: AuditEntity, entity_id: Uuid, change: AuditChange) -> Event {
        Event::new(self.org_id, entity, entity_id, change)
            .in_plan(self.plan_id)
            .subject(self.action_id)
    }
}

impl Write {
    /// Records the change, moves its plan's revision, and commits.
    pub(super) async fn commit(mut self, event: Event) -> Result<()> {
        self.record(event).await?;
        self.commit_unaudited().await
    }

    /// Records several changes made in one transaction, each its own event, and commits.
    pub(super) async fn commit_all(mut self, events: Vec<Event>) -> Result<()> {
        for e in events {
            self.record(e).await?;
        }
        self.commit_unaudited().await
    }

    /// Commits bookkeeping that is nobody's change and belongs to no plan (session
    /// expiry, sign-in counts): a flood of those must not flood the trail.
    ///
    /// Every commit ends here, and moves the store's count of writes only once the
    /// change is visible: a value read before then is thereby known to be out of date.
    pub(super) async fn commit_unaudited(self) -> Result<()> {
        self.tx.commit().await?;
        self.changes
            .fetch_add(1, std::sync::atomic::Ordering::Release);
        Ok(())
    }

    /// Records one audit event inside the transaction that made the change.
    async fn record(&mut self, e: Event) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_events (id, org_id, at, actor_user_id, actor_label, entity,
                entity_id, subject_id, plan_id, change, before, after)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(Uuid::now_v7())
        .bind(e.org_id)
        .bind(self.now)
        .bind(self.actor.user_id)
        .bind(&self.actor.label)
        .bind(e.entity.as_str())
        .bind(e.entity_id)
        .bind(e.subject_id)
        .bind(e.plan_id)
        .bind(e.change.as_str())
        .bind(e.before.map(Json))
        .bind(e.after.map(Json))
        .execute(&mut *self.tx)
        .await?;
        // Every change that belongs to a plan moves its revision on, in the same
        // transaction: what `PlanStore::plan_revision` reads to tell a held copy is
        // still current.
        if let Some(plan_id) = e.plan_id.filter(|p| self.claimed != Some(*p)) {
            sqlx::query("UPDATE plans SET revision = revision + 1 WHERE id = $1")
                .bind(plan_id)
                .execute(&mut *self.tx)
                .await?;
        }
        Ok(())
    }

    /// A person the actor may change (one of their own organisation), read inside the
    /// write; another organisation's is not found.
    pub(super) async fn person(&mut self, user_id: Uuid) -> Result<assure_domain::model::User> {
        let Some(person) =
            sqlx::query_as::<_, crate::rows::UserRow>("SELECT * FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&mut *self.tx)
                .await?
                .map(assure_domain::model::User::from)
        else {
            return Err(StoreError::not_found("person", user_id));
        };
        self.check_actor(person.org_id, "person", user_id).await?;
        Ok(person)
    }

    /// A signed-in actor must belong to the organisation a write concerns. Anyone else is
    /// told the record does not exist, exactly as if they had guessed an id.
    pub(super) async fn check_actor(
        &mut self,
        org_id: Uuid,
        entity: &'static str,
        id: Uuid,
    ) -> Result<()> {
        let Some(user_id) = self.actor.user_id else {
            // The system itself (the CLI, the demo loader): trusted by the caller.
            return Ok(());
        };
        let org: Option<Uuid> = sqlx::query_scalar("SELECT org_id FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *self.tx)
            .await?;
        if org == Some(org_id) {
            Ok(())
        } else {
            Err(StoreError::not_found(entity, id))
        }
    }

    /// Finds an action for a write, and checks the actor may touch its organisation.
    pub(super) async fn action_ctx(&mut self, id: Uuid) -> Result<ActionCtx> {
        let Some((plan_id, org_id)) = sqlx::query_as::<_, (Uuid, Uuid)>(
            "SELECT x.plan_id, p.org_id FROM actions x JOIN plans p ON p.id = x.plan_id
             WHERE x.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *self.tx)
        .await?
        else {
            return Err(StoreError::not_found("action", id));
        };
        self.check_actor(org_id, "action", id).await?;
        Ok(ActionCtx {
            action_id: id,
            plan_id,
            org_id,
        })
    }

    /// Finds a plan for a write (returning its organisation), checks the actor, and
    /// claims the plan: moves its revision now (the write's event will not move it
    /// again), which takes its row lock, so writes to the plan as a whole queue and a
    /// rule about the whole plan (it keeps an owner) holds against concurrent writers.
    pub(super) async fn claim_plan(&mut self, plan_id: Uuid) -> Result<Uuid> {
        let Some(org_id) = sqlx::query_scalar::<_, Uuid>(
            "UPDATE plans SET revision = revision + 1 WHERE id = $1 RETURNING org_id",
        )
        .bind(plan_id)
        .fetch_optional(&mut *self.tx)
        .await?
        else {
            return Err(StoreError::not_found("plan", plan_id));
        };
        self.check_actor(org_id, "plan", plan_id).await?;
        self.claimed = Some(plan_id);
        Ok(org_id)
    }

    /// Takes an organisation's row lock (a no-op update: the portable `FOR UPDATE`), so
    /// that writes checking a rule about the whole organisation (it keeps an admin)
    /// queue rather than each passing against the other's uncommitted state.
    pub(super) async fn claim_org(&mut self, org_id: Uuid) -> Result<()> {
        sqlx::query("UPDATE organisations SET name = name WHERE id = $1")
            .bind(org_id)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// Moves a record to its next version if it is still at `expected` (and takes its
    /// row lock); a stale version is a conflict.
    pub(super) async fn bump(&mut self, table: Versioned, id: Uuid, expected: i64) -> Result<()> {
        let changed = sqlx::query(table.bump_sql())
            .bind(id)
            .bind(expected)
            .bind(self.now)
            .execute(&mut *self.tx)
            .await?;
        if changed.rows_affected() != 1 {
            return Err(self.conflict(table, id).await);
        }
        Ok(())
    }

    /// The conflict a stale write reports, with the version the record is at now.
    pub(super) async fn conflict(&mut self, table: Versioned, id: Uuid) -> StoreError {
        let current = sqlx::query_scalar::<_, i64>(table.version_sql())
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await;
        match current {
            Ok(current) => StoreError::Conflict {
                entity: table.entity(),
                id,
                current: current.unwrap_or(0),
            },
            Err(e) => e.into(),
        }
    }

    /// Takes an action's row lock without moving its version, for writes that change what
    /// hangs off it (evidence) and must not interleave with a sign-off.
    pub(super) async fn lock_action(&mut self, id: Uuid) -> Result<()> {
        sqlx::query("UPDATE actions SET updated_at = $2 WHERE id = $1")
            .bind(id)
            .bind(self.now)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
}

/// The tables whose records carry a version.
#[derive(Debug, Clone, Copy)]
pub(super) enum Versioned {
    Plan,
    Area,
    Action,
    Person,
}

impl Versioned {
    fn entity(self) -> &'static str {
        match self {
            Versioned::Plan => "plan",
            Versioned::Area => "area",
            Versioned::Action => "action",
            Versioned::Person => "person",
        }
    }

    fn bump_sql(self) -> &'static str {
        match self {
            Versioned::Plan => {
                "UPDATE plans SET version = version + 1, updated_at = $3 WHERE id = $1 AND version = $2"
            }
            Versioned::Area => {
                "UPDATE areas SET version = version + 1, updated_at = $3 WHERE id = $1 AND version = $2"
            }
            Versioned::Action => {
                "UPDATE actions SET version = version + 1, updated_at = $3 WHERE id = $1 AND version = $2"
            }
            Versioned::Person => {
                "UPDATE users SET version = version + 1, updated_at = $3 WHERE id = $1 AND version = $2"
            }
        }
    }

    fn version_sql(self) -> &'static str {
        match self {
            Versioned::Plan => "SELECT version FROM plans WHERE id = $1",
            Versioned::Area => "SELECT version FROM areas WHERE id = $1",
            Versioned::Action => "SELECT version FROM actions WHERE id = $1",
            Versioned::Person => "SELECT version FROM users WHERE id = $1",
        }
    }
}
