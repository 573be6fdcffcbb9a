//! What the tests of every crate share: a fresh store on each backend, the real council
//! plans under `../shared/fixtures` when they are there, the demo plan, and a seeded
//! council with a person in every role.

pub mod smtp_sink;

use assure_domain::PlanDocument;
use assure_domain::clock::{Clock, FixedClock};
use assure_domain::model::{Actor, OrgRole, Organisation, User};
use assure_domain::roles::PlanRole;
use assure_store::NewUser;
use assure_store::prelude::*;
use chrono::{TimeZone, Utc};
use std::path::PathBuf;
use std::sync::Arc;
use uuid::Uuid;

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

/// The demo council's plan file (`crates/assure/demo/plan.json`).
pub fn demo_plan_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../assure/demo/plan.json")
}

/// The demo council's plan (fictional: Northbridge).
pub fn demo_plan() -> PlanDocument {
    let raw = std::fs::read_to_string(demo_plan_path()).expect("demo plan readable");
    serde_json::from_str(&raw).expect("demo plan is a plan document")
}

/// A council with the demo plan and a person in every role:
///
/// | person | organisation role | plan role |
/// |---|---|---|
/// | `admin` | admin | none (sees everything) |
/// | `owner` | member | owner |
/// | `lead` | member | lead, linked to the lead text [`Council::LEAD_TEXT`] |
/// | `contributor` | member | contributor |
/// | `viewer` | member | viewer |
/// | `outsider` | member | none |
pub struct Council {
    pub org: Organisation,
    pub plan_id: Uuid,
    pub admin: User,
    pub owner: User,
    pub lead: User,
    pub contributor: User,
    pub viewer: User,
    pub outsider: User,
}

impl Council {
    /// The demo plan's lead text the `lead` person is linked to: "HoS CP" leads 1.5, 2.3,
    /// 2.4, 3.4, 3.5 and the second child of 2.1.
    pub const LEAD_TEXT: &'static str = "HoS CP";

    /// Everyone, with the plan role they have.
    pub fn people(&self) -> Vec<(&User, Option<PlanRole>)> {
        vec![
            (&self.admin, None),
            (&self.owner, Some(PlanRole::Owner)),
            (&self.lead, Some(PlanRole::Lead)),
            (&self.contributor, Some(PlanRole::Contributor)),
            (&self.viewer, Some(PlanRole::Viewer)),
            (&self.outsider, None),
        ]
    }
}

/// Creates the council `name` (emails `ROLE@DOMAIN`, e.g. `owner@northbridge.example`),
/// its people with `password_hash` (if given), the demo plan and their roles on it.
pub async fn seed_council(
    store: &Arc<dyn Store>,
    name: &str,
    domain: &str,
    password_hash: Option<&str>,
) -> Council {
    let sys = Actor::system("test");
    let org = store
        .create_organisation(name, &sys)
        .await
        .expect("create organisation");
    let mut people = Vec::new();
    for (who, full, role) in [
        ("admin", "Ada Admin", OrgRole::Admin),
        ("owner", "Olu Owner", OrgRole::Member),
        ("lead", "Lee Lead", OrgRole::Member),
        ("contributor", "Cat Contributor", OrgRole::Member),
        ("viewer", "Vic Viewer", OrgRole::Member),
        ("outsider", "Oz Outsider", OrgRole::Member),
    ] {
        let user = store
            .create_user(
                NewUser {
                    org_id: org.id,
                    email: format!("{who}@{domain}"),
                    name: full.to_string(),
                    role,
                    password_hash: password_hash.map(str::to_string),
                },
                &sys,
            )
            .await
            .expect("create person");
        people.push(user);
    }
    let plan_id = store
        .create_plan(org.id, &demo_plan(), &sys)
        .await
        .expect("create plan");
    let [admin, owner, lead, contributor, viewer, outsider]: [User; 6] =
        people.try_into().expect("six people");
    for (user, role) in [
        (&owner, PlanRole::Owner),
        (&lead, PlanRole::Lead),
        (&contributor, PlanRole::Contributor),
        (&viewer, PlanRole::Viewer),
    ] {
        store
            .set_plan_role(plan_id, user.id, role, &sys)
            .await
            .expect("plan role");
    }
    store
        .link_lead(plan_id, Council::LEAD_TEXT, lead.id, &sys)
        .await
        .expect("link lead");
    Council {
        org,
        plan_id,
        admin,
        owner,
        lead,
        contributor,
        viewer,
        outsider,
    }
}

/// Every key and value of `input` is in `output`, extra keys allowed: what a plan
/// document read back or exported must keep of the one put in. `path` names where a
/// difference is, from the root given.
pub fn assert_json_contains(input: &serde_json::Value, output: &serde_json::Value, path: &str) {
    use serde_json::Value;
    match (input, output) {
        (Value::Object(i), Value::Object(o)) => {
            for (k, v) in i {
                let Some(ov) = o.get(k) else {
                    panic!("{path}.{k} is missing from the export");
                };
                assert_json_contains(v, ov, &format!("{path}.{k}"));
            }
        }
        (Value::Array(i), Value::Array(o)) => {
            assert_eq!(i.len(), o.len(), "{path}: list length differs");
            for (n, (a, b)) in i.iter().zip(o).enumerate() {
                assert_json_contains(a, b, &format!("{path}[{n}]"));
            }
        }
        (a, b) => assert_eq!(a, b, "{path} differs"),
    }
}
