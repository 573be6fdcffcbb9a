//! Clearing what sign-in leaves behind: expired sessions, and sign-in attempts too old to
//! count for throttling. [`crate::serve`] runs [`clean_up`] once at start and then every
//! hour until the server stops.

use assure_store::{Store, StoreError};
use std::time::Duration;
use tokio::sync::watch;

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

/// Calls [`clean_up`] now and every `every` after, until `stop` changes or its sender is
/// dropped. A failure is logged and tried again next time.
pub async fn run(store: std::sync::Arc<dyn Store>, every: Duration, mut stop: watch::Receiver<()>) {
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
            }
        }
    }
    tracing::debug!("housekeeping stopped");
}
