//! Where the database is, from the flags and environment.

use crate::cli::Global;
use crate::failure::Failure;
use assure_domain::clock::SystemClock;
use assure_store::Store;
use std::sync::Arc;

/// The database URL: the one given, else a SQLite file in the data directory.
pub fn database_url(global: &Global) -> String {
    match &global.database_url {
        Some(url) if !url.trim().is_empty() => url.trim().to_string(),
        _ => format!("sqlite:{}", global.data_dir.join("assure.db").display()),
    }
}

/// Opens (and migrates) the store.
pub async fn open_store(global: &Global) -> Result<Arc<dyn Store>, Failure> {
    let url = database_url(global);
    assure_store::connect(&url, Arc::new(SystemClock))
        .await
        .map_err(|e| Failure::other(e.to_string()))
}
