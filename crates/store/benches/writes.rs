//! What a commit costs on the embedded SQLite store: a progress update (the commonest
//! write: the update, the action's new version and the audit entry, in one transaction)
//! with `synchronous=FULL`, the default, against `NORMAL`. Each write is its own
//! transaction on a file in the target directory's disk, as in production.
//!
//! `cargo bench -p assure-store --bench writes`; figures in `docs/benchmarks.md`.

use assure_domain::model::Actor;
use assure_store::{Durability, NewUpdate, SqliteStore, Store};
use criterion::{Criterion, criterion_group, criterion_main};
use std::sync::Arc;

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let mut group = c.benchmark_group("sqlite_write_update");
    for (name, durability) in [("full", Durability::Full), ("normal", Durability::Normal)] {
        let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
        let url = format!("sqlite:{}", dir.path().join("bench.db").display());
        let (store, action, mut version, actor) = rt.block_on(async {
            let clock = assure_test_support::clock();
            let store: Arc<dyn Store> = Arc::new(
                SqliteStore::connect_with(&url, clock, durability)
                    .await
                    .expect("store"),
            );
            let council = assure_test_support::seed_council(
                &store,
                "Benchford Council",
                "benchford.example",
                None,
            )
            .await;
            let plan = store.plan(council.plan_id).await.expect("plan");
            let action = &plan.areas[0].actions[0];
            (
                store,
                action.id,
                action.version,
                Actor::user(&council.owner),
            )
        });
        let mut n = 0u64;
        group.bench_function(name, |b| {
            b.iter(|| {
                n += 1;
                let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
                let written = rt.block_on(store.write_update(
                    action,
                    version,
                    NewUpdate::new(date, format!("Progress note {n}")),
                    &actor,
                ));
                version = written.expect("update").version;
            });
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench
}
criterion_main!(benches);
