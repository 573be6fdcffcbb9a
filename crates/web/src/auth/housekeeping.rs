//! Clearing what is left behind: expired sessions, sign-in attempts too old to count for
//! throttling, and evidence files nothing points to any more. [`crate::serve`] runs
//! [`clean_up`] and [`sweep_files`] once at start and then every hour until the server
//! stops.

use assure_store::{Store, StoreError};
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// How long a file nothing points to is kept before it is removed: long enough to undo
/// a mistaken removal by adding the evidence again (the same file is the same key).
pub const FILE_GRACE: chrono::Duration = chrono::Duration::days(30);

/// How often [`run`] clears.
pub const INTERVAL: Duration = Duration::from_secs(60 * 60);

/// Removes expired sessions and old sign-in attempts (the store's
/// `delete_expired_sessions` does both, by the store's clock); returns how many sessions.
///
/// # Errors
/// When the store fails.
pub async fn clean_up(store: &dyn Store) -> Result<u64, StoreError> {
    store.delete_expired_sessions().await
}

/// Removes evidence files that nothing has pointed to for `grace` (each removal is in
/// the council's trail; a file another council still keeps stays); returns how many
/// files' bytes went.
///
/// # Errors
/// When the store fails; a file whose bytes cannot be removed is logged and left.
pub async fn sweep_files(
    store: &dyn Store,
    files: &dyn ObjectStore,
    grace: chrono::Duration,
) -> Result<u64, StoreError> {
    let mut removed = 0;
    for file in store.unreferenced_files(grace).await? {
        if !store.forget_file(&file).await? {
            continue;
        }
        match files.delete(&Path::from(file.key.as_str())).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => removed += 1,
            Err(e) => {
                tracing::warn!(key = %file.key, error = %e, "could not remove an evidence file")
            }
        }
    }
    Ok(removed)
}

/// Calls [`clean_up`] and [`sweep_files`] now and every `every` after, until `stop`
/// changes or its sender is dropped. A failure is logged and tried again next time.
pub async fn run(
    store: Arc<dyn Store>,
    files: Arc<dyn ObjectStore>,
    every: Duration,
    mut stop: watch::Receiver<()>,
) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            biased;
            _ = stop.changed() => break,
            _ = ticks.tick() => {
                match clean_up(store.as_ref()).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(sessions = n, "cleared expired sessions"),
                    Err(e) => tracing::warn!(error = %e, "could not clear expired sessions"),
                }
                match sweep_files(store.as_ref(), files.as_ref(), FILE_GRACE).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(files = n, "removed evidence files nothing points to"),
                    Err(e) => tracing::warn!(error = %e, "could not sweep evidence files"),
                }
            }
        }
    }
    tracing::debug!("housekeeping stopped");
}
