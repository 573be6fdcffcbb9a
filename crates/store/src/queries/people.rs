//! [`PeopleStore`]: organisations, people and plan membership.

use super::plans::plan_summary_select;
use super::write::{Event, Versioned, Write};
use super::{StoreImpl, to_json};
use crate::error::is_unique_violation;
use crate::rows::{MemberRow, OrganisationRow, SummaryRow, UserRow, UserWithHashRow, all, term};
use crate::{NewUser, PeopleStore, Result, StoreError};
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::input::is_plausible_email;
use assure_domain::model::{Actor, OrgRole, Organisation, PlanSummary, User};
use assure_domain::roles::PlanRole;
use async_trait::async_trait;
use uuid::Uuid;

/// What the store says when a change would leave a plan without its owner.
const NEEDS_AN_OWNER: &str = "A plan needs an owner: give someone else the Owner role first";

/// Refuses a change that takes the Owner role from `user_id` when they are the plan's only
/// owner: someone must be able to sign its actions off. A plan that has no owner (one
/// imported from the command line) may still be given roles.
async fn keep_an_owner(w: &mut Write, plan_id: Uuid, user_id: Uuid) -> Result<()> {
    let owners: Vec<Uuid> =
        sqlx::query_scalar("SELECT user_id FROM plan_members WHERE plan_id = $1 AND role = $2")
            .bind(plan_id)
            .bind(PlanRole::Owner.as_str())
            .fetch_all(&mut *w.tx)
            .await?;
    if owners == [user_id] {
        return Err(StoreError::Invalid(NEEDS_AN_OWNER.into()));
    }
    Ok(())
}

#[async_trait]
impl PeopleStore for StoreImpl {
    async fn create_organisation(&self, name: &str, actor: &Actor) -> Result<Organisation> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid("an organisation needs a name".into()));
        }
        let mut w = self.write(actor).await?;
        let org = Organisation {
            id: Uuid::now_v7(),
            name: name.to_string(),
            created_at: w.now,
        };
        let inserted =
            sqlx::query("INSERT INTO organisations (id, name, created_at) VALUES ($1, $2, $3)")
                .bind(org.id)
                .bind(&org.name)
                .bind(org.created_at)
                .execute(&mut *w.tx)
                .await;
        match inserted {
            Err(e) if is_unique_violation(&e) => {
                return Err(StoreError::Duplicate(format!("organisation name {name:?}")));
            }
            other => other?,
        };
        let event = Event::new(
            org.id,
            AuditEntity::Organisation,
            org.id,
            AuditChange::Create,
        )
        .after(to_json(&org)?);
        w.commit(event).await?;
        Ok(org)
    }

    async fn organisations(&self) -> Result<Vec<Organisation>> {
        let rows = sqlx::query_as::<_, OrganisationRow>(
            "SELECT id, name, created_at FROM organisations ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await?;
        all(rows)
    }

    async fn create_user(&self, new: NewUser, actor: &Actor) -> Result<User> {
        let email = new.email.trim().to_lowercase();
        if !is_plausible_email(&email) {
            return Err(StoreError::Invalid(format!(
                "{:?} is not an email address",
                new.email
            )));
        }
        let name = new.name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid("a person needs a name".into()));
        }
        let mut w = self.write(actor).await?;
        let org: Option<Uuid> = sqlx::query_scalar("SELECT id FROM organisations WHERE id = $1")
            .bind(new.org_id)
            .fetch_optional(&mut *w.tx)
            .await?;
        if org.is_none() {
            return Err(StoreError::not_found("organisation", new.org_id));
        }
        w.check_actor(new.org_id, "organisation", new.org_id)
            .await?;
        let user = User {
            id: Uuid::now_v7(),
            org_id: new.org_id,
            email,
            name: name.to_string(),
            role: new.role,
            version: 1,
            created_at: w.now,
            disabled: false,
        };
        let inserted = sqlx::query(
            "INSERT INTO users (id, org_id, email, name, role, password_hash, version, created_at,
                updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7)",
        )
        .bind(user.id)
        .bind(user.org_id)
        .bind(&user.email)
        .bind(&user.name)
        .bind(user.role.as_str())
        .bind(&new.password_hash)
        .bind(w.now)
        .execute(&mut *w.tx)
        .await;
        match inserted {
            Err(e) if is_unique_violation(&e) => {
                return Err(StoreError::Duplicate(format!("email {}", user.email)));
            }
            other => other?,
        };
        // The hash never goes into the trail.
        let event = Event::new(user.org_id, AuditEntity::User, user.id, AuditChange::Create)
            .after(to_json(&user)?);
        w.commit(event).await?;
        Ok(user)
    }

    async fn users_by_email(&self, email: &str) -> Result<Vec<(User, Option<String>)>> {
        let rows = sqlx::query_as::<_, UserWithHashRow>(
            "SELECT * FROM users WHERE email = $1 ORDER BY created_at, id",
        )
        .bind(email.trim().to_lowercase())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.user.into(), r.password_hash))
            .collect())
    }

    async fn password_hash(&self, user_id: Uuid) -> Result<Option<String>> {
        sqlx::query_scalar::<_, Option<String>>("SELECT password_hash FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("person", user_id))
    }

    async fn users(&self, org_id: Uuid) -> Result<Vec<User>> {
        let rows = sqlx::query_as::<_, UserRow>(
            "SELECT * FROM users WHERE org_id = $1 ORDER BY name, email",
        )
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        all(rows)
    }

    async fn user(&self, id: Uuid) -> Result<User> {
        sqlx::query_as::<_, UserRow>("SELECT * FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .map(User::from)
            .ok_or_else(|| StoreError::not_found("person", id))
    }

    async fn set_disabled(&self, user_id: Uuid, disabled: bool, actor: &Actor) -> Result<User> {
        if actor.user_id == Some(user_id) && disabled {
            return Err(StoreError::Invalid(
                "you cannot disable your own account: ask another administrator".into(),
            ));
        }
        let mut w = self.write(actor).await?;
        let before = w.person(user_id).await?;
        if before.disabled == disabled {
            // Already so (a second click, two admins at once): nothing to record.
            return Ok(before);
        }
        if disabled && before.role == OrgRole::Admin {
            // Two admins disabling each other at once must not both pass the count.
            w.claim_org(before.org_id).await?;
            let others: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM users
                 WHERE org_id = $1 AND role = $2 AND id <> $3 AND disabled_at IS NULL",
            )
            .bind(before.org_id)
            .bind(OrgRole::Admin.as_str())
            .bind(user_id)
            .fetch_one(&mut *w.tx)
            .await?;
            if others == 0 {
                return Err(StoreError::Invalid(
                    "the organisation needs an administrator who can sign in: make someone else administrator first"
                        .into(),
                ));
            }
        }
        sqlx::query("UPDATE users SET disabled_at = $2, updated_at = $3 WHERE id = $1")
            .bind(user_id)
            .bind(disabled.then_some(w.now))
            .bind(w.now)
            .execute(&mut *w.tx)
            .await?;
        let mut ended = 0;
        if disabled {
            ended = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *w.tx)
                .await?
                .rows_affected();
        }
        let change = if disabled {
            AuditChange::Disable
        } else {
            AuditChange::Enable
        };
        let event = Event::new(before.org_id, AuditEntity::User, user_id, change)
            .after(serde_json::json!({ "sessions_ended": ended }));
        w.commit(event).await?;
        Ok(User { disabled, ..before })
    }

    async fn set_password(&self, user_id: Uuid, hash: &str, actor: &Actor) -> Result<()> {
        if hash.is_empty() {
            return Err(StoreError::Invalid("an empty password hash".into()));
        }
        let mut w = self.write(actor).await?;
        let Some(org_id) = sqlx::query_scalar::<_, Uuid>("SELECT org_id FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *w.tx)
            .await?
        else {
            return Err(StoreError::not_found("person", user_id));
        };
        w.check_actor(org_id, "person", user_id).await?;
        sqlx::query("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1")
            .bind(user_id)
            .bind(hash)
            .bind(w.now)
            .execute(&mut *w.tx)
            .await?;
        let event = Event::new(org_id, AuditEntity::User, user_id, AuditChange::SetPassword);
        w.commit(event).await
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
        let mut w = self.write(actor).await?;
        let before = w.person(id).await?;
        let demotes_an_admin = before.role == OrgRole::Admin && role != OrgRole::Admin;
        if demotes_an_admin {
            // Two admins demoting each other at once must not both pass the count below.
            w.claim_org(before.org_id).await?;
        }
        w.bump(Versioned::Person, id, expected_version).await?;
        sqlx::query("UPDATE users SET name = $2, role = $3 WHERE id = $1")
            .bind(id)
            .bind(name)
            .bind(role.as_str())
            .execute(&mut *w.tx)
            .await?;
        if demotes_an_admin {
            let admins: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE org_id = $1 AND role = $2")
                    .bind(before.org_id)
                    .bind(OrgRole::Admin.as_str())
                    .fetch_one(&mut *w.tx)
                    .await?;
            if admins == 0 {
                return Err(StoreError::Invalid(
                    "the organisation needs at least one admin: make someone else admin first"
                        .into(),
                ));
            }
        }
        let after = User {
            name: name.to_string(),
            role,
            version: before.version + 1,
            ..before.clone()
        };
        let event = Event::new(before.org_id, AuditEntity::User, id, AuditChange::Update)
            .before(to_json(&before)?)
            .after(to_json(&after)?);
        w.commit(event).await?;
        Ok(after)
    }

    async fn set_plan_role(
        &self,
        plan_id: Uuid,
        user_id: Uuid,
        role: PlanRole,
        actor: &Actor,
    ) -> Result<()> {
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(plan_id).await?;
        let person_org: Option<Uuid> = sqlx::query_scalar("SELECT org_id FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *w.tx)
            .await?;
        // A person of another council is as good as unknown.
        if person_org != Some(org_id) {
            return Err(StoreError::not_found("person", user_id));
        }
        let before: Option<String> =
            sqlx::query_scalar("SELECT role FROM plan_members WHERE plan_id = $1 AND user_id = $2")
                .bind(plan_id)
                .bind(user_id)
                .fetch_optional(&mut *w.tx)
                .await?;
        if role != PlanRole::Owner {
            keep_an_owner(&mut w, plan_id, user_id).await?;
        }
        sqlx::query(
            "INSERT INTO plan_members (plan_id, user_id, role, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $4)
             ON CONFLICT (plan_id, user_id)
             DO UPDATE SET role = excluded.role, updated_at = excluded.updated_at",
        )
        .bind(plan_id)
        .bind(user_id)
        .bind(role.as_str())
        .bind(w.now)
        .execute(&mut *w.tx)
        .await?;
        let event = Event::new(
            org_id,
            AuditEntity::PlanMember,
            user_id,
            AuditChange::SetRole,
        )
        .in_plan(plan_id)
        .subject(plan_id)
        .before(before.map(|r| serde_json::json!({ "user_id": user_id, "role": r })))
        .after(serde_json::json!({ "user_id": user_id, "role": role }));
        w.commit(event).await
    }

    async fn remove_plan_role(&self, plan_id: Uuid, user_id: Uuid, actor: &Actor) -> Result<()> {
        let mut w = self.write(actor).await?;
        let org_id = w.claim_plan(plan_id).await?;
        keep_an_owner(&mut w, plan_id, user_id).await?;
        let Some(role) = sqlx::query_scalar::<_, String>(
            "DELETE FROM plan_members WHERE plan_id = $1 AND user_id = $2 RETURNING role",
        )
        .bind(plan_id)
        .bind(user_id)
        .fetch_optional(&mut *w.tx)
        .await?
        else {
            return Err(StoreError::not_found("plan member", user_id));
        };
        let event = Event::new(
            org_id,
            AuditEntity::PlanMember,
            user_id,
            AuditChange::RemoveRole,
        )
        .in_plan(plan_id)
        .subject(plan_id)
        .before(serde_json::json!({ "user_id": user_id, "role": role }));
        w.commit(event).await
    }

    async fn plan_role(&self, plan_id: Uuid, user_id: Uuid) -> Result<Option<PlanRole>> {
        let role: Option<String> =
            sqlx::query_scalar("SELECT role FROM plan_members WHERE plan_id = $1 AND user_id = $2")
                .bind(plan_id)
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
        role.as_deref().map(term).transpose()
    }

    async fn plan_access(
        &self,
        plan_id: Uuid,
        user: &User,
    ) -> Result<Option<(Uuid, Option<PlanRole>)>> {
        // Both lookups are by primary key: the plan's id, and (plan, person) in members.
        let row: Option<(Uuid, Option<String>)> = sqlx::query_as(
            "SELECT p.org_id, m.role FROM plans p
             LEFT JOIN plan_members m ON m.plan_id = p.id AND m.user_id = $2
             WHERE p.id = $1 AND p.org_id = $3",
        )
        .bind(plan_id)
        .bind(user.id)
        .bind(user.org_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some((org_id, role)) = row else {
            return Ok(None);
        };
        let role: Option<PlanRole> = role.as_deref().map(term).transpose()?;
        // An admin sees every plan of their organisation; anyone else needs a role on it.
        Ok((user.role == OrgRole::Admin || role.is_some()).then_some((org_id, role)))
    }

    async fn plan_members(&self, plan_id: Uuid) -> Result<Vec<(User, PlanRole)>> {
        let rows = sqlx::query_as::<_, MemberRow>(
            "SELECT u.*, m.role AS plan_role FROM plan_members m JOIN users u ON u.id = m.user_id
             WHERE m.plan_id = $1 ORDER BY u.name, u.email",
        )
        .bind(plan_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.user.into(), r.plan_role.0))
            .collect())
    }

    async fn plans_for_user(&self, user: &User) -> Result<Vec<PlanSummary>> {
        let rows = match user.role {
            OrgRole::Admin => {
                sqlx::query_as::<_, SummaryRow>(concat!(
                    plan_summary_select!(),
                    "WHERE p.org_id = $1 ORDER BY p.created_at DESC, p.id DESC"
                ))
                .bind(user.org_id)
                .fetch_all(&self.pool)
                .await?
            }
            OrgRole::Member => {
                sqlx::query_as::<_, SummaryRow>(concat!(
                    plan_summary_select!(),
                    "WHERE p.org_id = $1
                        AND p.id IN (SELECT m.plan_id FROM plan_members m WHERE m.user_id = $2)
                     ORDER BY p.created_at DESC, p.id DESC"
                ))
                .bind(user.org_id)
                .bind(user.id)
                .fetch_all(&self.pool)
                .await?
            }
        };
        all(rows)
    }
}
