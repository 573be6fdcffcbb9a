//! PostgreSQL, for hosted deployments of many councils.

use crate::{Result, StoreError};
use assure_domain::clock::Clock;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use std::sync::Arc;
use std::time::Duration;

type Db = sqlx::Postgres;
type StoreImpl = PgStore;
const BACKEND: &str = "postgres";

/// The schema, embedded in the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// Plans in a PostgreSQL database.
pub struct PgStore {
    pool: PgPool,
    clock: Arc<dyn Clock>,
    /// Writes committed through this store (see [`crate::Store::changes`]).
    changes: Arc<std::sync::atomic::AtomicU64>,
}

impl PgStore {
    /// Connects to `url` and migrates the database.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the server cannot be reached or migrated.
    pub async fn connect(url: &str, clock: Arc<dyn Clock>) -> Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .map_err(|e| StoreError::Unavailable(format!("{}: {e}", crate::redact_url(url))))?;
        MIGRATOR.run(&pool).await?;
        Ok(Self {
            pool,
            clock,
            changes: Arc::default(),
        })
    }

    /// The pool, for tests that inspect the schema.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// PostgreSQL's default isolation with row versions is enough: a conflicting update
/// matches no row and is reported, never lost.
async fn begin_write(pool: &PgPool) -> Result<sqlx::Transaction<'static, Db>> {
    Ok(pool.begin().await?)
}

// The SQL both backends share, compiled here against this backend's `Db`: mounted in
// each backend on purpose, so there is one source of SQL and two sets of types.
#[allow(clippy::duplicate_mod)]
#[path = "queries/mod.rs"]
mod queries;
