//! People: organisations, the people in them, and their roles on plans.

use crate::Result;
use assure_domain::model::{Actor, OrgRole, Organisation, PlanSummary, User};
use assure_domain::roles::PlanRole;
use async_trait::async_trait;
use uuid::Uuid;

/// A person to add. (`Debug` leaves out the password hash.)
#[derive(Clone)]
pub struct NewUser {
    /// The organisation they belong to.
    pub org_id: Uuid,
    /// Their email address (stored lower-cased; unique).
    pub email: String,
    /// Their name as people see it.
    pub name: String,
    /// What they may do across the organisation.
    pub role: OrgRole,
    /// An Argon2id PHC string; `None` for someone who signs in another way.
    pub password_hash: Option<String>,
}

impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("org_id", &self.org_id)
            .field("email", &self.email)
            .field("name", &self.name)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

/// Organisations, people and plan membership.
#[async_trait]
pub trait PeopleStore: Send + Sync {
    /// Creates an organisation (a council).
    ///
    /// # Errors
    /// [`StoreError::Duplicate`](crate::StoreError::Duplicate) when one of that name
    /// exists.
    async fn create_organisation(&self, name: &str, actor: &Actor) -> Result<Organisation>;

    /// Every organisation, by name.
    async fn organisations(&self) -> Result<Vec<Organisation>>;

    /// Adds a person to an organisation.
    ///
    /// # Errors
    /// [`StoreError::Duplicate`](crate::StoreError::Duplicate) when someone of the same
    /// organisation has the email (another council's people may have it too);
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) for an empty name or an email
    /// that is not [plausible](assure_domain::input::is_plausible_email);
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for an unknown organisation.
    async fn create_user(&self, user: NewUser, actor: &Actor) -> Result<User>;

    /// The accounts with this email (case-insensitive), one per council at most, with
    /// their password hashes, the oldest first.
    async fn users_by_email(&self, email: &str) -> Result<Vec<(User, Option<String>)>>;

    /// A person's password hash, if they have one.
    ///
    /// # Errors
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for an unknown id.
    async fn password_hash(&self, user_id: Uuid) -> Result<Option<String>>;

    /// The people of an organisation, by name.
    async fn users(&self, org_id: Uuid) -> Result<Vec<User>>;

    /// One person.
    ///
    /// # Errors
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for an unknown id.
    async fn user(&self, id: Uuid) -> Result<User>;

    /// Disables a person's account (ending their sessions in the same change) or enables
    /// it again. Nobody disables themself, and an organisation keeps an enabled admin.
    ///
    /// # Errors
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for an unknown person or one
    /// of another organisation than the actor's;
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) for the actor themself or the
    /// last enabled admin.
    async fn set_disabled(&self, user_id: Uuid, disabled: bool, actor: &Actor) -> Result<User>;

    /// Sets a person's password hash (an Argon2id PHC string). The hash is never audited.
    async fn set_password(&self, user_id: Uuid, hash: &str, actor: &Actor) -> Result<()>;

    /// Changes a person's name and organisation role, if still at `expected_version`.
    /// An organisation always keeps an admin: concurrent demotions are serialised on the
    /// organisation, so two admins cannot each demote the other.
    ///
    /// # Errors
    /// [`StoreError::Conflict`](crate::StoreError::Conflict) on a stale version;
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) for an empty name or for
    /// removing the organisation's last admin.
    async fn update_user(
        &self,
        id: Uuid,
        expected_version: i64,
        name: &str,
        role: OrgRole,
        actor: &Actor,
    ) -> Result<User>;

    /// Gives a person a role on a plan, or changes it. A plan that has an owner keeps
    /// one: its only owner cannot be given a lesser role.
    ///
    /// # Errors
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for an unknown plan, or a
    /// person not in the plan's organisation (as good as unknown there);
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) for demoting the only owner.
    async fn set_plan_role(
        &self,
        plan_id: Uuid,
        user_id: Uuid,
        role: PlanRole,
        actor: &Actor,
    ) -> Result<()>;

    /// Takes a person's role on a plan away. The only owner's cannot be taken.
    ///
    /// # Errors
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) when they have none;
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) for the only owner.
    async fn remove_plan_role(&self, plan_id: Uuid, user_id: Uuid, actor: &Actor) -> Result<()>;

    /// A person's role on a plan, if any (an organisation admin needs none).
    async fn plan_role(&self, plan_id: Uuid, user_id: Uuid) -> Result<Option<PlanRole>>;

    /// Whether `user` may see a plan, and their role on it, in one indexed read: the
    /// plan's organisation and the person's role, or `None` when the plan is unknown, in
    /// another organisation, or (for anyone but an admin) one they have no role on.
    async fn plan_access(
        &self,
        plan_id: Uuid,
        user: &User,
    ) -> Result<Option<(Uuid, Option<PlanRole>)>>;

    /// The people with a role on a plan, by name.
    async fn plan_members(&self, plan_id: Uuid) -> Result<Vec<(User, PlanRole)>>;

    /// The plans a person may open, newest first: all of their organisation's for an
    /// admin, those they have a role on for anyone else.
    async fn plans_for_user(&self, user: &User) -> Result<Vec<PlanSummary>>;
}
