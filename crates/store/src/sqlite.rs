//! The embedded default: one SQLite file, WAL, `BEGIN IMMEDIATE` for every write.

use crate::{Result, StoreError};
use assure_domain::clock::Clock;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

type Db = sqlx::Sqlite;
type StoreImpl = SqliteStore;
const BACKEND: &str = "sqlite";

/// The schema, embedded in the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

/// When a SQLite commit is reported: `Full` (the default) after it reaches the disk;
/// `Normal` (WAL) survives a crash of the process but can lose the last commits on power
/// loss. Only the write benchmark opens a store with `Normal`, to measure what `Full` costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    Full,
    Normal,
}

/// Plans in a SQLite database.
pub struct SqliteStore {
    pool: SqlitePool,
    clock: Arc<dyn Clock>,
    /// Writes committed through this store (see [`crate::Store::changes`]).
    changes: Arc<std::sync::atomic::AtomicU64>,
}

impl SqliteStore {
    /// Opens (creating if need be) the database at `url` (`sqlite:PATH` or
    /// `sqlite::memory:`) and migrates it.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the file cannot be opened or migrated.
    pub async fn connect(url: &str, clock: Arc<dyn Clock>) -> Result<Self> {
        Self::connect_with(url, clock, Durability::Full).await
    }

    /// As [`connect`](Self::connect), with the durability given.
    ///
    /// # Errors
    /// As [`connect`](Self::connect).
    pub async fn connect_with(
        url: &str,
        clock: Arc<dyn Clock>,
        durability: Durability,
    ) -> Result<Self> {
        let opts = SqliteConnectOptions::from_str(url)
            .map_err(|e| StoreError::Unavailable(format!("{url}: {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // A system of record: every commit reaches the disk before it is reported, so
            // a power cut loses nothing said to be saved (NORMAL in WAL mode survives a
            // crash of the process but can lose the last commits on power loss). The cost
            // is measured in docs/benchmarks.md.
            .synchronous(match durability {
                Durability::Full => SqliteSynchronous::Full,
                Durability::Normal => SqliteSynchronous::Normal,
            })
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true)
            // Each connection keeps its own page cache (2 MiB by default); the operating
            // system's file cache holds the database anyway, so a small one per
            // connection keeps the server's memory low under load (docs/benchmarks.md).
            .pragma("cache_size", "-512");
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let parent = std::path::Path::new(opts.get_filename()).parent();
        if let Some(parent) = parent.filter(|p| !in_memory && !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| {
                StoreError::Unavailable(format!("cannot create {}: {e}", parent.display()))
            })?;
        }
        let pool = SqlitePoolOptions::new()
            // An in-memory database lives in one connection; more would each see their own.
            // Four: SQLite writes one at a time anyway, and reads are quick (each
            // connection is a thread and a page cache).
            .max_connections(if in_memory { 1 } else { 4 })
            .connect_with(opts)
            .await
            .map_err(|e| StoreError::Unavailable(format!("{url}: {e}")))?;
        MIGRATOR.run(&pool).await?;
        Ok(Self {
            pool,
            clock,
            changes: Arc::default(),
        })
    }

    /// The pool, for tests that inspect the schema.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

/// A write transaction that takes the write lock at once, so that SQLite's busy handler
/// waits for it instead of failing when a read transaction later tries to write.
async fn begin_write(pool: &SqlitePool) -> Result<sqlx::Transaction<'static, Db>> {
    Ok(pool.begin_with("BEGIN IMMEDIATE").await?)
}

// The SQL both backends share, compiled here against this backend's `Db`: mounted in
// each backend on purpose, so there is one source of SQL and two sets of types.
#[allow(clippy::duplicate_mod)]
#[path = "queries/mod.rs"]
mod queries;
