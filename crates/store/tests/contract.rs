//! The store contract: the same tests on SQLite (always) and PostgreSQL (when
//! `TEST_DATABASE_URL` is set).

use assure_domain::model::{Actor, OrgRole};
use assure_domain::{PlanDocument, StatusValue};
use assure_store::{NewUser, Store, StoreError};
use assure_test_support as support;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Arc;

fn demo_plan() -> PlanDocument {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../assure/demo/plan.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("demo plan"))
        .expect("demo plan parses")
}

/// Every key and value of `input` is in `output` (extra keys allowed).
fn assert_contains(input: &Value, output: &Value, path: &str) {
    match (input, output) {
        (Value::Object(i), Value::Object(o)) => {
            for (k, v) in i {
                let Some(ov) = o.get(k) else {
                    panic!("{path}.{k} is missing from the export");
                };
                assert_contains(v, ov, &format!("{path}.{k}"));
            }
        }
        (Value::Array(i), Value::Array(o)) => {
            assert_eq!(i.len(), o.len(), "{path}: list length differs");
            for (n, (a, b)) in i.iter().zip(o).enumerate() {
                assert_contains(a, b, &format!("{path}[{n}]"));
            }
        }
        (a, b) => assert_eq!(a, b, "{path} differs"),
    }
}

async fn org(store: &Arc<dyn Store>, name: &str) -> uuid::Uuid {
    store
        .create_organisation(name, &Actor::system("test"))
        .await
        .expect("create organisation")
        .id
}

async fn round_trip(store: &Arc<dyn Store>, org_id: uuid::Uuid, raw: &str, name: &str) {
    let input: Value = serde_json::from_str(raw).expect("fixture JSON");
    let doc: PlanDocument =
        serde_json::from_value(input.clone()).expect("fixture is a plan document");
    let id = store
        .create_plan(org_id, &doc, &Actor::system("test"))
        .await
        .unwrap_or_else(|e| panic!("{name} on {}: {e}", store.backend()));
    let stored = store.plan(id).await.expect("read back");
    let output = serde_json::to_value(stored.to_document()).expect("export");
    assert_contains(&input, &output, name);
    assert_eq!(stored.to_document(), doc, "{name} on {}", store.backend());
}

#[tokio::test]
async fn every_real_plan_and_the_demo_round_trip_exactly() {
    let mut checked = 0;
    for db in support::databases().await {
        let mut here = 0;
        let store = support::open(&db, support::clock()).await;
        let org_id = org(&store, "Northbridge Borough Council").await;
        let demo = std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../assure/demo/plan.json"),
        )
        .expect("demo plan");
        round_trip(&store, org_id, &demo, "demo").await;
        here += 1;
        if let Some(dir) = support::fixtures_dir() {
            let mut files: Vec<_> = std::fs::read_dir(dir.join("truth"))
                .expect("truth dir")
                .map(|e| e.expect("entry").path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect();
            files.sort();
            assert!(files.len() >= 5, "expected the five truth plans");
            for f in files {
                let raw = std::fs::read_to_string(&f).expect("truth file");
                round_trip(&store, org_id, &raw, &f.display().to_string()).await;
                here += 1;
            }
        }
        assert_eq!(store.plans(Some(org_id)).await.expect("list").len(), here);
        checked += here;
    }
    println!("round-tripped {checked} plans");
}

#[tokio::test]
async fn a_stale_edit_is_a_conflict_and_changes_nothing() {
    for db in support::databases().await {
        let store = support::open(&db, support::clock()).await;
        let org_id = org(&store, "Northbridge").await;
        let plan_id = store
            .create_plan(org_id, &demo_plan(), &Actor::system("test"))
            .await
            .expect("plan");
        let plan = store.plan(plan_id).await.expect("plan");
        let action = &plan.areas[0].actions[0];
        let mut mine = action.fields();
        mine.text = "Mine: tracker live in the case system".into();
        let mut theirs = action.fields();
        theirs.text = "Theirs: tracker reviewed weekly".into();
        theirs.status = Some(StatusValue {
            label: "Red".into(),
            meaning: assure_domain::Meaning::OffTrack,
        });

        let saved = store
            .update_action(action.id, action.version, &mine, &Actor::system("first"))
            .await
            .expect("first save");
        assert_eq!(saved.version, action.version + 1);
        assert_eq!(saved.text, mine.text);

        let second = store
            .update_action(action.id, action.version, &theirs, &Actor::system("second"))
            .await;
        match second {
            Err(StoreError::Conflict { current, .. }) => assert_eq!(current, action.version + 1),
            other => panic!("{}: expected a conflict, got {other:?}", db.backend),
        }
        let now = store.plan(plan_id).await.expect("plan");
        let kept = now.find_action(action.id).expect("action");
        assert_eq!(
            kept.text, mine.text,
            "{}: the first save is kept",
            db.backend
        );

        let trail = store.audit_events(action.id).await.expect("audit");
        assert_eq!(
            trail.len(),
            1,
            "{}: one audit event for one save",
            db.backend
        );
        assert_eq!(trail[0].change, "update");
        assert_eq!(trail[0].actor.label, "first");
        assert_eq!(
            trail[0].before.as_ref().unwrap()["text"],
            Value::String(action.text.clone())
        );
        assert_eq!(
            trail[0].after.as_ref().unwrap()["text"],
            Value::String(mine.text.clone())
        );
    }
}

#[tokio::test]
async fn creating_a_plan_is_audited_and_an_invalid_one_writes_nothing() {
    for db in support::databases().await {
        let store = support::open(&db, support::clock()).await;
        let org_id = org(&store, "Northbridge").await;
        let doc = demo_plan();
        let id = store
            .create_plan(org_id, &doc, &Actor::system("cli"))
            .await
            .expect("plan");
        let trail = store.audit_events(id).await.expect("audit");
        assert_eq!(trail.len(), 1);
        assert_eq!(trail[0].entity, "plan");
        assert_eq!(trail[0].change, "create");
        assert_eq!(
            trail[0].after.as_ref().unwrap()["title"],
            Value::String(doc.title.clone())
        );
        assert_eq!(trail[0].at, support::clock().now_fixed());

        let mut bad = demo_plan();
        bad.areas[2].title = "   ".into();
        let err = store
            .create_plan(org_id, &bad, &Actor::system("cli"))
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Invalid(ref m) if m.contains("area 3")),
            "{err}"
        );
        assert_eq!(
            store.plans(None).await.expect("list").len(),
            1,
            "{}",
            db.backend
        );

        let unknown_org = store
            .create_plan(uuid::Uuid::now_v7(), &doc, &Actor::system("cli"))
            .await;
        assert!(matches!(unknown_org, Err(StoreError::NotFound { .. })));
        assert!(matches!(
            store.plan(uuid::Uuid::now_v7()).await,
            Err(StoreError::NotFound { entity: "plan", .. })
        ));
    }
}

trait NowFixed {
    fn now_fixed(&self) -> chrono::DateTime<chrono::Utc>;
}
impl NowFixed for Arc<assure_domain::clock::FixedClock> {
    fn now_fixed(&self) -> chrono::DateTime<chrono::Utc> {
        assure_domain::clock::Clock::now(self.as_ref())
    }
}

#[tokio::test]
async fn people_are_unique_by_email_and_leads_link_only_within_a_council() {
    for db in support::databases().await {
        let store = support::open(&db, support::clock()).await;
        let north = org(&store, "Northbridge").await;
        let south = org(&store, "Southmere").await;
        let new = |org_id, email: &str| NewUser {
            org_id,
            email: email.into(),
            name: "Kate Morris".into(),
            role: OrgRole::Member,
            password_hash: None,
        };
        let kate = store
            .create_user(
                new(north, "Kate.Morris@northbridge.example"),
                &Actor::system("t"),
            )
            .await
            .expect("user");
        assert_eq!(kate.email, "kate.morris@northbridge.example");
        let dup = store
            .create_user(
                new(north, "KATE.MORRIS@northbridge.example "),
                &Actor::system("t"),
            )
            .await;
        assert!(matches!(dup, Err(StoreError::Duplicate(_))), "{dup:?}");
        assert!(matches!(
            store
                .create_user(new(north, "not-an-email"), &Actor::system("t"))
                .await,
            Err(StoreError::Invalid(_))
        ));
        let (found, hash) = store
            .user_by_email(" kate.morris@NORTHBRIDGE.example")
            .await
            .expect("lookup")
            .expect("found");
        assert_eq!(found.id, kate.id);
        assert_eq!(hash, None);
        let other = store
            .create_user(new(south, "sam@southmere.example"), &Actor::system("t"))
            .await
            .expect("user");

        let plan_id = store
            .create_plan(north, &demo_plan(), &Actor::system("t"))
            .await
            .expect("plan");
        let plan = store.plan(plan_id).await.expect("plan");
        let lead = plan.areas[0].actions[0].leads[0].text.clone();
        let expected = plan
            .areas
            .iter()
            .flat_map(|a| a.actions.iter())
            .flat_map(|a| a.walk())
            .flat_map(|a| a.leads.iter())
            .filter(|l| l.text == lead)
            .count() as u64;
        let linked = store
            .link_lead(plan_id, &lead, kate.id, &Actor::system("t"))
            .await
            .expect("link");
        assert_eq!(linked, expected);
        let plan = store.plan(plan_id).await.expect("plan");
        assert_eq!(plan.areas[0].actions[0].leads[0].person_id, Some(kate.id));

        let across = store
            .link_lead(plan_id, &lead, other.id, &Actor::system("t"))
            .await;
        assert!(
            matches!(
                across,
                Err(StoreError::NotFound {
                    entity: "person",
                    ..
                })
            ),
            "{across:?}"
        );
        assert_eq!(store.users(north).await.expect("users").len(), 1);
    }
}

#[tokio::test]
async fn updates_append_in_order_and_concurrent_writers_all_land() {
    for db in support::databases().await {
        let store = support::open(&db, support::clock()).await;
        let org_id = org(&store, "Northbridge").await;
        let plan_id = store
            .create_plan(org_id, &demo_plan(), &Actor::system("t"))
            .await
            .expect("plan");
        let action = store.plan(plan_id).await.expect("plan").areas[1].actions[0].clone();
        let before = action.updates.len();

        let mut tasks = Vec::new();
        for n in 0..20 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                store
                    .add_update(action.id, None, &format!("update {n}"), &Actor::system("t"))
                    .await
            }));
        }
        for t in tasks {
            t.await
                .expect("task")
                .expect("every concurrent update lands");
        }
        let after = store.plan(plan_id).await.expect("plan");
        let updates = &after.find_action(action.id).expect("action").updates;
        assert_eq!(updates.len(), before + 20, "{}", db.backend);
        assert!(matches!(
            store
                .add_update(action.id, None, "  ", &Actor::system("t"))
                .await,
            Err(StoreError::Invalid(_))
        ));
    }
}
