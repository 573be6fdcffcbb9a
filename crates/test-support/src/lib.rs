//! What the tests of every crate share: a fresh store on each backend, and the real
//! council plans under `../shared/fixtures` when they are there.

use assure_domain::clock::{Clock, FixedClock};
use assure_store::Store;
use chrono::{TimeZone, Utc};
use std::path::PathBuf;
use std::sync::Arc;

/// A clock stopped at 09:00 on Monday 23 November 2026.
pub fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
            .single()
            .expect("valid date"),
    ))
}

/// The shared fixtures directory (`<workspace>/../shared/fixtures`), or `None` with a
/// printed reason when it is absent, so that callers skip rather than fail.
pub fn fixtures_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures");
    if dir.join("truth").is_dir() {
        Some(dir)
    } else {
        println!("skipped: ../shared/fixtures not found");
        None
    }
}

/// A database a test may use alone, and what it takes to keep it alive.
pub struct TestDb {
    pub url: String,
    pub backend: &'static str,
    _dir: Option<tempfile::TempDir>,
}

/// A new SQLite database in a temporary folder.
pub fn sqlite_db() -> TestDb {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite:{}", dir.path().join("assure.db").display());
    TestDb {
        url,
        backend: "sqlite",
        _dir: Some(dir),
    }
}

/// A new, empty PostgreSQL schema on `TEST_DATABASE_URL`, or `None` with a printed
/// reason when the variable is unset.
pub async fn postgres_db() -> Option<TestDb> {
    let Ok(base) = std::env::var("TEST_DATABASE_URL") else {
        println!("skipped: TEST_DATABASE_URL not set (PostgreSQL half of this test)");
        return None;
    };
    let schema = format!("t_{}", uuid::Uuid::now_v7().simple());
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&base)
        .await
        .unwrap_or_else(|e| panic!("TEST_DATABASE_URL is set but unreachable: {e}"));
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&mut conn)
        .await
        .expect("create schema");
    let sep = if base.contains('?') { '&' } else { '?' };
    Some(TestDb {
        url: format!("{base}{sep}options=-c%20search_path%3D{schema}"),
        backend: "postgres",
        _dir: None,
    })
}

/// A fresh database on every backend this run can reach: SQLite always, PostgreSQL when
/// `TEST_DATABASE_URL` is set.
pub async fn databases() -> Vec<TestDb> {
    let mut out = vec![sqlite_db()];
    out.extend(postgres_db().await);
    out
}

/// Opens a store on `db` with the test clock.
pub async fn open(db: &TestDb, clock: Arc<dyn Clock>) -> Arc<dyn Store> {
    assure_store::connect(&db.url, clock)
        .await
        .unwrap_or_else(|e| panic!("open {} store: {e}", db.backend))
}
