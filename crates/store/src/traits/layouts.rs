//! An organisation's import layouts: a person's corrections to how a plan file was read,
//! kept under a name and the header signature that recognises a later file of the same
//! layout, so next month's file is read right at once.

use crate::Result;
use assure_domain::model::Actor;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// The most characters a layout's name may have.
pub const MAX_LAYOUT_NAME_CHARS: usize = 200;
/// The most characters a header signature may have (a few hundred columns' words).
pub const MAX_SIGNATURE_CHARS: usize = 20_000;
/// The most bytes a layout's corrections may take as JSON.
pub const MAX_CORRECTIONS_BYTES: usize = 256 * 1024;

/// A layout to save.
#[derive(Debug, Clone, PartialEq)]
pub struct NewLayout {
    pub name: String,
    /// The header signature (the importer's folded header words).
    pub signature: String,
    /// The corrections (a JSON object, as the importer writes them).
    pub corrections: serde_json::Value,
}

/// A layout as kept.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedLayout {
    pub id: Uuid,
    pub org_id: Uuid,
    pub name: String,
    pub signature: String,
    pub corrections: serde_json::Value,
    pub saved_at: DateTime<Utc>,
    /// Who saved it last, as the audit trail names them.
    pub saved_by: String,
}

/// An organisation's import layouts. Every call names the organisation: a layout of
/// another is not found.
#[async_trait]
pub trait LayoutStore: Send + Sync {
    /// Saves a layout for `org_id`, audited. A layout of the organisation with the same
    /// signature is replaced (its id kept, the event an update); returns the id.
    ///
    /// # Errors
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) for an empty name or
    /// signature, text over the limits above, or corrections that are not a JSON object;
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) when the actor is not of the
    /// organisation. Nothing is written then.
    async fn save_layout(&self, org_id: Uuid, layout: &NewLayout, actor: &Actor) -> Result<Uuid>;

    /// The organisation's layouts, by name.
    async fn layouts(&self, org_id: Uuid) -> Result<Vec<SavedLayout>>;

    /// One layout of the organisation, if it has it.
    async fn layout(&self, org_id: Uuid, id: Uuid) -> Result<Option<SavedLayout>>;

    /// The organisation's layout for a header signature, if it has one.
    async fn layout_for_signature(
        &self,
        org_id: Uuid,
        signature: &str,
    ) -> Result<Option<SavedLayout>>;

    /// Deletes a layout of the organisation, audited (the event keeps what it was).
    ///
    /// # Errors
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for a layout the
    /// organisation does not have.
    async fn delete_layout(&self, org_id: Uuid, id: Uuid, actor: &Actor) -> Result<()>;
}
