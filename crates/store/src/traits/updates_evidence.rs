//! What leads write against an action: progress updates (with a status) and evidence.

use crate::Result;
use assure_domain::StatusValue;
use assure_domain::model::{Actor, EvidenceKind, StoredAction, StoredEvidence, StoredUpdate};
use async_trait::async_trait;
use chrono::NaiveDate;
use uuid::Uuid;

/// A progress update to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUpdate {
    /// The date the update is written for (the plan's "04.10.2021 - ...").
    pub date: NaiveDate,
    /// What has happened, in the lead's words.
    pub text: String,
    /// The status to set with it, from the plan's scheme; `None` leaves the status alone.
    pub status: Option<StatusValue>,
    /// The reporting period it is written for ("November 2026 update"); `None`: the
    /// period of the plan's update cadence that `date` falls in.
    pub period: Option<String>,
}

impl NewUpdate {
    /// An update of `text` dated `date`, setting no status, for the period its date
    /// falls in.
    pub fn new(date: NaiveDate, text: impl Into<String>) -> Self {
        Self {
            date,
            text: text.into(),
            status: None,
            period: None,
        }
    }
}

/// A piece of evidence to add: a link, or a file already put in the object store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvidence {
    /// A link or a file.
    pub kind: EvidenceKind,
    /// What people see; the address or file name stands in when it is empty.
    pub title: String,
    /// A link's address.
    pub url: Option<String>,
    /// A file's key in the object store.
    pub file_key: Option<String>,
    /// A file's name as uploaded (made safe).
    pub file_name: Option<String>,
    /// A file's media type.
    pub content_type: Option<String>,
    /// A file's size in bytes.
    pub size: Option<i64>,
}

impl NewEvidence {
    /// A link with a title (the address stands for the title when it is empty).
    pub fn link(title: impl Into<String>, url: impl Into<String>) -> Self {
        Self {
            kind: EvidenceKind::Link,
            title: title.into(),
            url: Some(url.into()),
            file_key: None,
            file_name: None,
            content_type: None,
            size: None,
        }
    }

    /// A file stored under `file_key` (the file name stands for the title when it is empty).
    pub fn file(
        title: impl Into<String>,
        file_key: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        size: i64,
    ) -> Self {
        Self {
            kind: EvidenceKind::File,
            title: title.into(),
            url: None,
            file_key: Some(file_key.into()),
            file_name: Some(file_name.into()),
            content_type: Some(content_type.into()),
            size: Some(size),
        }
    }
}

/// Progress updates and evidence.
#[async_trait]
pub trait ProgressStore: Send + Sync {
    /// Writes a progress update, and sets the action's status when one is given, in one
    /// transaction that moves the action to its next version.
    ///
    /// # Errors
    /// [`StoreError::Conflict`](crate::StoreError::Conflict) when the action is no longer
    /// at `expected_version` (nothing is written);
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) for empty or over-long text
    /// ([`MAX_UPDATE_CHARS`](assure_domain::input::MAX_UPDATE_CHARS)), a status not in
    /// the plan's scheme, or a newly "complete" status (complete comes by sign-off). A
    /// status that leaves "complete" undoes any sign-off.
    async fn write_update(
        &self,
        action_id: Uuid,
        expected_version: i64,
        update: NewUpdate,
        actor: &Actor,
    ) -> Result<StoredAction>;

    /// Corrects the words of an update its author wrote within the last 24 hours
    /// ([`CORRECTION_WINDOW`](assure_domain::model::CORRECTION_WINDOW)); the date, period
    /// and status stay. The trail keeps the words before and after.
    ///
    /// # Errors
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) for an unknown update or one
    /// of another organisation; [`StoreError::Invalid`](crate::StoreError::Invalid) when
    /// the actor did not write it, the window has passed, or the text is empty or too long.
    async fn correct_update(
        &self,
        update_id: Uuid,
        text: &str,
        actor: &Actor,
    ) -> Result<StoredUpdate>;

    /// Adds a piece of evidence to an action (the action's version is unchanged).
    ///
    /// # Errors
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) for a link that is not a web
    /// address ([`is_web_address`](assure_domain::input::is_web_address)), a title or
    /// address over its limit, or a file without its key and name.
    async fn add_evidence(
        &self,
        action_id: Uuid,
        evidence: NewEvidence,
        actor: &Actor,
    ) -> Result<StoredEvidence>;

    /// A piece of evidence with its action, plan and organisation, so that a caller can
    /// check access before serving a file.
    async fn evidence(&self, id: Uuid) -> Result<(StoredEvidence, Uuid, Uuid, Uuid)>;

    /// Removes a piece of evidence, with the reason in the trail, and returns it (its
    /// file goes by the housekeeping once nothing points to it).
    ///
    /// # Errors
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) when it is the last evidence
    /// of a signed-off action, or for an empty reason or one over
    /// [`MAX_NOTE_CHARS`](assure_domain::input::MAX_NOTE_CHARS).
    async fn remove_evidence(
        &self,
        id: Uuid,
        reason: &str,
        actor: &Actor,
    ) -> Result<StoredEvidence>;
}
