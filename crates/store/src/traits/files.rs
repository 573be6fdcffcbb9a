//! [`FileStore`]: the record of files kept as evidence, so that a file nothing points to
//! any more is found and removed (after a grace period, in the council's trail) instead
//! of being kept for ever.

use crate::Result;
use async_trait::async_trait;
use chrono::Duration;
use uuid::Uuid;

/// A file that nothing has pointed to for the grace period, and the council keeping it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreferencedFile {
    pub key: String,
    pub org_id: Uuid,
}

/// The evidence files' record.
#[async_trait]
pub trait FileStore {
    /// Records that council `org_id` keeps the file `key` (before its bytes are stored),
    /// so that a file is never kept without a record. Recording it again is harmless and
    /// marks it as wanted again.
    async fn record_file(&self, key: &str, org_id: Uuid) -> Result<()>;

    /// The housekeeping's pass: marks files no evidence points to (and unmarks those
    /// pointed to again), and returns those unmarked for at least `grace`.
    async fn unreferenced_files(&self, grace: Duration) -> Result<Vec<UnreferencedFile>>;

    /// Forgets council `org_id`'s record of `key`, in its trail, if nothing points to the
    /// file still. Returns whether the bytes may go: `false` when evidence points to it
    /// again, or another council keeps it too.
    async fn forget_file(&self, file: &UnreferencedFile) -> Result<bool>;
}
