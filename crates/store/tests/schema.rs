//! Both migration trees must give the same tables and columns.

use assure_store::{PgStore, SqliteStore};
use assure_test_support as support;
use std::collections::BTreeSet;

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
}
