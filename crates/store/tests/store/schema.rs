//! Both migration trees must give the same tables, columns and indexes, and upgrade a
//! database made by an earlier migration without losing a word of it.

use assure_domain::model::Actor;
use assure_store::{PgStore, SqliteStore};
use assure_test_support as support;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{PgPool, SqlitePool};
use std::collections::BTreeSet;
use std::str::FromStr;
use uuid::Uuid;

#[tokio::test]
async fn sqlite_and_postgres_have_the_same_tables_and_columns() {
    let lite = support::sqlite_db();
    let sqlite = SqliteStore::connect(&lite.url, support::clock())
        .await
        .expect("sqlite");
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE '\\_sqlx%' ESCAPE '\\' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )
    .fetch_all(sqlite.pool())
    .await
    .expect("sqlite schema");
    let sqlite_cols: BTreeSet<_> = rows.into_iter().collect();
    assert!(sqlite_cols.contains(&("actions".into(), "due_date".into())));
    assert!(sqlite_cols.len() > 60, "only {} columns", sqlite_cols.len());

    let Some(pg) = support::postgres_db().await else {
        return;
    };
    let postgres = PgStore::connect(&pg.url, support::clock())
        .await
        .expect("postgres");
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx%'",
    )
    .fetch_all(postgres.pool())
    .await
    .expect("postgres schema");
    let pg_cols: BTreeSet<_> = rows.into_iter().collect();
    let only_sqlite: Vec<_> = sqlite_cols.difference(&pg_cols).collect();
    let only_pg: Vec<_> = pg_cols.difference(&sqlite_cols).collect();
    assert!(
        only_sqlite.is_empty() && only_pg.is_empty(),
        "only in SQLite: {only_sqlite:?}; only in PostgreSQL: {only_pg:?}"
    );

    // The indexes we name (not those each database makes for keys and UNIQUE): a query
    // that is indexed on one backend must be on the other.
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT tbl_name, name FROM sqlite_master
         WHERE type = 'index' AND name NOT LIKE 'sqlite\\_autoindex%' ESCAPE '\\'",
    )
    .fetch_all(sqlite.pool())
    .await
    .expect("sqlite indexes");
    let sqlite_indexes: BTreeSet<_> = rows.into_iter().collect();
    assert!(sqlite_indexes.contains(&("users".into(), "users_org".into())));
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT i.tablename::text, i.indexname::text FROM pg_indexes i
         WHERE i.schemaname = current_schema()
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname
                           AND c.connamespace = (SELECT oid FROM pg_namespace
                                                 WHERE nspname = current_schema()))",
    )
    .fetch_all(postgres.pool())
    .await
    .expect("postgres indexes");
    let pg_indexes: BTreeSet<_> = rows.into_iter().collect();
    assert_eq!(sqlite_indexes, pg_indexes);
}

/// A database made by the first migration, holding a plan: what the second one does to it.
macro_rules! seed_first_schema {
    ($pool:expr, $ids:expr) => {{
        let (org, plan, area, action, update) = $ids;
        let at = chrono::Utc::now();
        let q = |sql: &'static str| sqlx::query(sql);
        q("INSERT INTO organisations (id, name, created_at) VALUES ($1, 'Northbridge', $2)")
            .bind(org)
            .bind(at)
            .execute($pool)
            .await
            .expect("org");
        q("INSERT INTO plans (id, org_id, title, narrative, version, created_at, updated_at)
           VALUES ($1, $2, 'Plan', $3, 1, $4, $4)")
            .bind(plan)
            .bind(org)
            .bind(sqlx::types::Json(Vec::<String>::new()))
            .bind(at)
            .execute($pool)
            .await
            .expect("plan");
        q("INSERT INTO glossary_entries (plan_id, position, abbreviation, title)
           VALUES ($1, 0, 'DCS', 'Director of Children''s Services')")
            .bind(plan)
            .execute($pool)
            .await
            .expect("glossary entry");
        q("INSERT INTO areas (id, plan_id, position, title, objectives, outcomes, measures, narrative, version, created_at, updated_at)
           VALUES ($1, $2, 0, 'Area', $3, $3, $3, $3, 1, $4, $4)")
            .bind(area)
            .bind(plan)
            .bind(sqlx::types::Json(Vec::<String>::new()))
            .bind(at)
            .execute($pool)
            .await
            .expect("area");
        q("INSERT INTO actions (id, plan_id, area_id, position, text, status_label, status_meaning, version, created_at, updated_at)
           VALUES ($1, $2, $3, 0, 'Action', 'Green', 'on_track', 1, $4, $4)")
            .bind(action)
            .bind(plan)
            .bind(area)
            .bind(at)
            .execute($pool)
            .await
            .expect("action");
        for (i, r) in EVIDENCE.iter().enumerate() {
            q("INSERT INTO evidence (id, action_id, position, reference, created_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(uuid::Uuid::now_v7())
                .bind(action)
                .bind(i as i64)
                .bind(*r)
                .bind(at)
                .execute($pool)
                .await
                .expect("evidence");
        }
        q("INSERT INTO updates (id, action_id, position, text, created_at) VALUES ($1, $2, 0, 'Imported', $3)")
            .bind(update)
            .bind(action)
            .bind(at)
            .execute($pool)
            .await
            .expect("update");
        for (entity, id) in [("plan", plan), ("update", update)] {
            q("INSERT INTO audit_events (id, org_id, at, actor_label, entity, entity_id, change)
               VALUES ($1, $2, $3, 'cli', $4, $5, 'create')")
                .bind(uuid::Uuid::now_v7())
                .bind(org)
                .bind(at)
                .bind(entity)
                .bind(id)
                .execute($pool)
                .await
                .expect("audit");
        }
    }};
}

const EVIDENCE: [&str; 4] = [
    "https://intranet.example/a.pdf",
    "Audit report (https://intranet.example/b)",
    "Minutes of DLT, 4 October",
    "HTTPS://INTRANET.EXAMPLE/C",
];

async fn check_upgraded(store: &dyn assure_store::Store, ids: (Uuid, Uuid, Uuid, Uuid, Uuid)) {
    let (_, plan_id, _, action_id, _) = ids;
    let plan = store.plan(plan_id).await.expect("upgraded plan");
    assert_eq!(plan.settings, assure_domain::model::PlanSettings::default());
    let action = plan.find_action(action_id).expect("action");
    assert_eq!(
        action.to_document().evidence,
        EVIDENCE,
        "{}",
        store.backend()
    );
    assert_eq!(action.evidence[0].url.as_deref(), Some(EVIDENCE[0]));
    assert_eq!(action.evidence[2].url, None);
    assert!(action.signoff.is_none() && action.updates[0].status.is_none());
    // The status history starts with the status the action holds, since it was made
    // (never changed: version 1).
    let changes = store
        .action_status_changes(action_id)
        .await
        .expect("status history");
    assert_eq!(changes.len(), 1, "{}", store.backend());
    assert_eq!(
        changes[0].status.as_ref().map(|s| s.label.as_str()),
        Some("Green")
    );
    // The glossary entry was given an id and a version, and can be edited by them.
    assert_eq!(plan.glossary.len(), 1, "{}", store.backend());
    let dcs = &plan.glossary[0];
    assert_eq!((dcs.abbreviation.as_str(), dcs.version), ("DCS", 1));
    let mut fields = dcs.fields();
    fields.name = Some("Helen Marsh".into());
    store
        .edit_glossary_entry(plan_id, dcs.id, 1, &fields, &Actor::system("test"))
        .await
        .expect("an upgraded entry is edited");
    let trail = store.audit_trail(plan_id).await.expect("trail");
    assert_eq!(trail.len(), 2, "the plan's creation and the glossary edit");
    assert_eq!(trail[0].plan_id, Some(plan_id));
    let trail = store.audit_trail(action_id).await.expect("trail");
    assert_eq!(
        trail.len(),
        1,
        "{}: the update's event joins its action's trail",
        store.backend()
    );
    assert_eq!(trail[0].plan_id, Some(plan_id));
}

fn ids() -> (Uuid, Uuid, Uuid, Uuid, Uuid) {
    (
        Uuid::now_v7(),
        Uuid::now_v7(),
        Uuid::now_v7(),
        Uuid::now_v7(),
        Uuid::now_v7(),
    )
}

const FIRST: i64 = 20261123000001;

#[tokio::test]
async fn a_database_of_the_first_schema_upgrades_with_its_plans_intact() {
    let lite = support::sqlite_db();
    let opts = SqliteConnectOptions::from_str(&lite.url)
        .expect("url")
        .create_if_missing(true);
    let pool = SqlitePool::connect_with(opts).await.expect("sqlite");
    sqlx::migrate!("./migrations/sqlite")
        .run_to(FIRST, &pool)
        .await
        .expect("first migration");
    let lite_ids = ids();
    seed_first_schema!(&pool, lite_ids);
    pool.close().await;
    let store = SqliteStore::connect(&lite.url, support::clock())
        .await
        .expect("upgrade");
    check_upgraded(&store, lite_ids).await;

    let Some(pg) = support::postgres_db().await else {
        return;
    };
    let pool = PgPool::connect(&pg.url).await.expect("postgres");
    sqlx::migrate!("./migrations/postgres")
        .run_to(FIRST, &pool)
        .await
        .expect("first migration");
    let pg_ids = ids();
    seed_first_schema!(&pool, pg_ids);
    pool.close().await;
    let store = PgStore::connect(&pg.url, support::clock())
        .await
        .expect("upgrade");
    check_upgraded(&store, pg_ids).await;
}

#[tokio::test]
async fn sqlite_commits_reach_the_disk_before_they_are_reported() {
    // synchronous=FULL (2): a power cut loses nothing the store said was saved.
    let lite = support::sqlite_db();
    let sqlite = SqliteStore::connect(&lite.url, support::clock())
        .await
        .expect("sqlite");
    let (mode,): (i64,) = sqlx::query_as("PRAGMA synchronous")
        .fetch_one(sqlite.pool())
        .await
        .expect("pragma");
    assert_eq!(mode, 2, "synchronous is FULL");
    let (journal,): (String,) = sqlx::query_as("PRAGMA journal_mode")
        .fetch_one(sqlite.pool())
        .await
        .expect("pragma");
    assert_eq!(journal, "wal");
}
