//! A council's managed PostgreSQL usually insists on TLS: `sslmode=require` in the URL
//! must give an encrypted connection, not "built without TLS support".

use assure_store::PgStore;
use assure_test_support as support;

#[tokio::test]
async fn sslmode_require_gives_an_encrypted_connection() {
    let Some(db) = support::postgres_db().await else {
        return;
    };
    let plain = PgStore::connect(&db.url, support::clock())
        .await
        .expect("plain connection");
    let (ssl,): (String,) = sqlx::query_as("SHOW ssl")
        .fetch_one(plain.pool())
        .await
        .expect("show ssl");
    if ssl != "on" {
        println!("skipped: this PostgreSQL server has TLS switched off (ssl = {ssl})");
        return;
    }
    let store = PgStore::connect(&format!("{}&sslmode=require", db.url), support::clock())
        .await
        .expect("a TLS connection with sslmode=require");
    let (encrypted,): (bool,) =
        sqlx::query_as("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .fetch_one(store.pool())
            .await
            .expect("pg_stat_ssl");
    assert!(encrypted, "the connection is encrypted");
}
