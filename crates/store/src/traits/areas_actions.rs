//! Areas and actions: adding, editing and deleting them inside a plan.

use crate::Result;
use assure_domain::model::{ActionFields, Actor, AreaFields, StoredAction, StoredArea};
use async_trait::async_trait;
use uuid::Uuid;

/// A plan's areas and actions.
#[async_trait]
pub trait ActionStore: Send + Sync {
    /// Adds an area after the plan's last.
    async fn add_area(&self, plan_id: Uuid, fields: &AreaFields, actor: &Actor) -> Result<Uuid>;

    /// Changes an area's own fields.
    async fn update_area(
        &self,
        id: Uuid,
        expected_version: i64,
        fields: &AreaFields,
        actor: &Actor,
    ) -> Result<StoredArea>;

    /// Adds an action to an area, or beneath `parent_id` (in the same area), after its
    /// siblings. A lead whose text is already linked to a person in this plan (or its
    /// glossary) is linked to them.
    ///
    /// # Errors
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for an unknown area or a
    /// parent in another area; [`StoreError::Invalid`](crate::StoreError::Invalid) for a
    /// "complete" status (complete comes by sign-off) or one not in the plan's scheme.
    async fn add_action(
        &self,
        area_id: Uuid,
        parent_id: Option<Uuid>,
        fields: &ActionFields,
        leads: Vec<String>,
        actor: &Actor,
    ) -> Result<Uuid>;

    /// Changes an action's own fields and its leads as one change (one version step, one
    /// audit event), if it is still at `expected_version`. A lead whose text is unchanged
    /// keeps its person; a new one is linked as [`ActionStore::add_action`] links. Leads
    /// the same as before leave no lead change in the trail.
    ///
    /// # Errors
    /// [`StoreError::Conflict`](crate::StoreError::Conflict) when someone else saved it
    /// first (nothing is written); [`StoreError::NotFound`](crate::StoreError::NotFound)
    /// for an unknown action.
    async fn edit_action(
        &self,
        id: Uuid,
        expected_version: i64,
        fields: &ActionFields,
        leads: Vec<String>,
        actor: &Actor,
    ) -> Result<StoredAction>;

    /// Replaces an action's leads alone (recorded as a change of leads). A lead whose text
    /// is unchanged keeps its person; a new one is linked as
    /// [`ActionStore::add_action`] links.
    async fn set_action_leads(
        &self,
        id: Uuid,
        expected_version: i64,
        leads: Vec<String>,
        actor: &Actor,
    ) -> Result<StoredAction>;

    /// Deletes an action and everything beneath it; the audit event keeps the whole of
    /// it as it was.
    async fn delete_action(&self, id: Uuid, expected_version: i64, actor: &Actor) -> Result<()>;
}
