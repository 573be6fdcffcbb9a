//! The trail: a plan's changes since a time, and the audit vocabulary as stored.

use crate::world::{update, worlds};
use assure_domain::clock::Clock;
use assure_domain::model::Actor;
use assure_domain::roles::PlanRole;
use assure_domain::{AuditChange, AuditEntity};
use assure_store::prelude::*;
use assure_store::{NewEvidence, PgStore, SqliteStore, StoreError};
use assure_test_support as support;
use chrono::Duration;
use uuid::Uuid;

#[tokio::test]
async fn the_plan_trail_gathers_every_change_of_a_plan_since_a_time() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.lead);
        let a = w.by_ref("2.3").await;
        w.clock.advance(Duration::days(1));
        let since = w.clock.now();
        s.write_update(a.id, a.version, update("One", None), &me)
            .await
            .expect("update");
        s.add_evidence(a.id, NewEvidence::link("E", "https://e.example"), &me)
            .await
            .expect("evidence");
        s.set_plan_role(w.plan, w.viewer.id, PlanRole::Viewer, &w.actor(&w.admin))
            .await
            .expect("role");
        // Another plan's change is not in this one's trail.
        let other = s.plan(w.other_plan).await.expect("plan");
        let x = &other.areas[0].actions[0];
        s.write_update(
            x.id,
            x.version,
            update("Elsewhere", None),
            &w.actor(&w.other_admin),
        )
        .await
        .expect("update");

        let all = s.plan_trail(w.plan, None).await.expect("trail");
        assert_eq!(all.first().map(|e| e.change.as_str()), Some("create"));
        let recent = s.plan_trail(w.plan, Some(since)).await.expect("trail");
        let kinds: Vec<(&str, &str)> = recent
            .iter()
            .map(|e| (e.entity.as_str(), e.change.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("update", "create"),
                ("evidence", "create"),
                ("plan_member", "set_role")
            ]
        );
        assert!(
            recent
                .iter()
                .all(|e| e.org_id == w.org && e.plan_id == Some(w.plan))
        );
        assert_eq!(
            s.plan_trail(w.other_plan, Some(since))
                .await
                .expect("trail")
                .len(),
            1
        );
        assert_eq!(
            w.other_org,
            s.plan(w.other_plan).await.expect("plan").org_id
        );
    }
}

/// Writes, straight into `audit_events`, one event of `plan` for every word of the
/// vocabulary as a database written before it was a type holds them, then one word the
/// vocabulary does not know.
macro_rules! write_words {
    ($pool:expr, $org:expr, $plan:expr, $unknown:expr) => {{
        let words = AuditEntity::ALL
            .iter()
            .map(|e| (e.as_str(), "create"))
            .chain(AuditChange::ALL.iter().map(|c| ("plan", c.as_str())));
        for (entity, change) in words.chain($unknown) {
            sqlx::query(
                "INSERT INTO audit_events (id, org_id, at, actor_label, entity, entity_id,
                    subject_id, plan_id, change)
                 VALUES ($1, $2, $3, 'old', $4, $5, $5, $5, $6)",
            )
            .bind(Uuid::now_v7())
            .bind($org)
            .bind(chrono::Utc::now())
            .bind(entity)
            .bind($plan)
            .bind(change)
            .execute($pool)
            .await
            .expect("old event");
        }
    }};
}

/// Every stored word reads back as its enum; then a word outside the vocabulary is
/// reported as corrupt data, not guessed at.
async fn check_words(store: &dyn Store, plan: Uuid) {
    let trail = store.plan_trail(plan, None).await.expect("trail");
    let read: Vec<(&str, &str)> = trail
        .iter()
        .filter(|e| e.actor.label == "old")
        .map(|e| (e.entity.as_str(), e.change.as_str()))
        .collect();
    let expected: Vec<(&str, &str)> = AuditEntity::ALL
        .iter()
        .map(|e| (e.as_str(), "create"))
        .chain(AuditChange::ALL.iter().map(|c| ("plan", c.as_str())))
        .collect();
    assert_eq!(read, expected, "{}", store.backend());
}

#[tokio::test]
async fn the_trail_reads_the_words_existing_databases_hold() {
    let lite = support::sqlite_db();
    let store = SqliteStore::connect(&lite.url, support::clock())
        .await
        .expect("sqlite");
    let org = store
        .create_organisation("Northbridge", &Actor::system("t"))
        .await
        .expect("org")
        .id;
    let plan = Uuid::now_v7();
    write_words!(store.pool(), org, plan, []);
    check_words(&store, plan).await;
    write_words!(store.pool(), org, plan, [("plan", "teleport")]);
    let err = store.plan_trail(plan, None).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Corrupt(ref m) if m.contains("teleport")),
        "{err}"
    );

    let Some(pg) = support::postgres_db().await else {
        return;
    };
    let store = PgStore::connect(&pg.url, support::clock())
        .await
        .expect("postgres");
    let org = store
        .create_organisation("Northbridge", &Actor::system("t"))
        .await
        .expect("org")
        .id;
    write_words!(store.pool(), org, plan, []);
    check_words(&store, plan).await;
    write_words!(store.pool(), org, plan, [("gadget", "create")]);
    let err = store.plan_trail(plan, None).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Corrupt(ref m) if m.contains("gadget")),
        "{err}"
    );
}
