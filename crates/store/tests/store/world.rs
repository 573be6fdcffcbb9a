//! What the tests share: a world of two councils on each backend, and small helpers.

use assure_domain::clock::{Clock, FixedClock};
use assure_domain::model::{ActionFields, Actor, AreaFields, OrgRole, StoredAction, StoredArea};
use assure_domain::model::{StoredPlan, User};
use assure_domain::{Meaning, PlanDocument, StatusValue};
use assure_store::prelude::*;
use assure_store::{NewUpdate, NewUser, StoreError};
use assure_test_support as support;
use chrono::NaiveDate;
use std::sync::Arc;
use uuid::Uuid;

pub fn demo_plan() -> PlanDocument {
    support::demo_plan()
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

pub fn status(label: &str, meaning: Meaning) -> StatusValue {
    StatusValue {
        label: label.into(),
        meaning,
    }
}

/// An update dated the test clock's day, for November's period.
pub fn update(text: &str, s: Option<StatusValue>) -> NewUpdate {
    NewUpdate {
        date: date(2026, 11, 23),
        text: text.into(),
        status: s,
        period: Some("November 2026 update".into()),
    }
}

/// An action with only its wording.
pub fn new_action(text: &str) -> ActionFields {
    ActionFields {
        r#ref: None,
        text: text.into(),
        sponsor: None,
        start: None,
        due: None,
        assurance: None,
        impact: None,
        measure: None,
        resources: None,
        status: None,
    }
}

/// An area's fields as stored.
pub fn saved_fields(a: &StoredArea) -> AreaFields {
    AreaFields {
        r#ref: a.r#ref.clone(),
        group: a.group.clone(),
        title: a.title.clone(),
        objectives: a.objectives.clone(),
        outcomes: a.outcomes.clone(),
        measures: a.measures.clone(),
        narrative: a.narrative.clone(),
    }
}

/// An action's leads as the edit page sends them back unchanged.
pub fn lead_texts(a: &StoredAction) -> Vec<String> {
    a.leads.iter().map(|l| l.text.clone()).collect()
}

pub fn is_conflict<T: std::fmt::Debug>(r: &Result<T, StoreError>) -> bool {
    matches!(r, Err(StoreError::Conflict { .. }))
}

pub fn is_not_found<T: std::fmt::Debug>(r: &Result<T, StoreError>) -> bool {
    matches!(r, Err(StoreError::NotFound { .. }))
}

pub fn invalid_message<T: std::fmt::Debug>(r: Result<T, StoreError>) -> String {
    match r {
        Err(StoreError::Invalid(m)) => m,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Creates an organisation as the system.
pub async fn new_org(store: &Arc<dyn Store>, name: &str) -> Uuid {
    store
        .create_organisation(name, &Actor::system("test"))
        .await
        .expect("create organisation")
        .id
}

/// Adds a person as the system.
pub async fn person(
    store: &Arc<dyn Store>,
    org: Uuid,
    email: &str,
    name: &str,
    role: OrgRole,
) -> User {
    store
        .create_user(
            NewUser {
                org_id: org,
                email: email.into(),
                name: name.into(),
                role,
                password_hash: None,
            },
            &Actor::system("test"),
        )
        .await
        .expect("person")
}

/// A council with the demo plan, an admin, an owner, a lead and a viewer (people with
/// no plan roles yet); and a second council with its own admin and plan.
pub struct World {
    pub backend: &'static str,
    pub store: Arc<dyn Store>,
    pub clock: Arc<FixedClock>,
    pub org: Uuid,
    pub plan: Uuid,
    pub admin: User,
    pub owner: User,
    pub lead: User,
    pub viewer: User,
    pub other_org: Uuid,
    pub other_admin: User,
    pub other_plan: Uuid,
    _db: support::TestDb,
}

impl World {
    pub fn actor(&self, u: &User) -> Actor {
        Actor::user(u)
    }

    pub async fn plan(&self) -> StoredPlan {
        self.store.plan(self.plan).await.expect("plan")
    }

    pub async fn action(&self, id: Uuid) -> StoredAction {
        self.plan().await.find_action(id).cloned().expect("action")
    }

    /// The demo plan's action with this reference.
    pub async fn by_ref(&self, r: &str) -> StoredAction {
        self.plan()
            .await
            .actions()
            .into_iter()
            .find(|(_, _, a)| a.r#ref.as_deref() == Some(r))
            .map(|(_, _, a)| a.clone())
            .expect("action by reference")
    }

    pub fn today(&self) -> NaiveDate {
        self.clock.now().date_naive()
    }
}

/// A world on every backend this run can reach.
pub async fn worlds() -> Vec<World> {
    let mut out = Vec::new();
    for db in support::databases().await {
        let clock = support::clock();
        let store = support::open(&db, clock.clone()).await;
        let sys = Actor::system("test");
        let org = new_org(&store, "Northbridge").await;
        let other_org = new_org(&store, "Southmere").await;
        let admin = person(
            &store,
            org,
            "admin@north.example",
            "Ada Admin",
            OrgRole::Admin,
        )
        .await;
        let owner = person(
            &store,
            org,
            "owner@north.example",
            "Olu Owner",
            OrgRole::Member,
        )
        .await;
        let lead = person(
            &store,
            org,
            "lead@north.example",
            "Lee Lead",
            OrgRole::Member,
        )
        .await;
        let viewer = person(
            &store,
            org,
            "viewer@north.example",
            "Vi Viewer",
            OrgRole::Member,
        )
        .await;
        let other_admin = person(
            &store,
            other_org,
            "admin@south.example",
            "Sam South",
            OrgRole::Admin,
        )
        .await;
        let plan = store
            .create_plan(org, &demo_plan(), &sys)
            .await
            .expect("plan");
        let other_plan = store
            .create_plan(other_org, &demo_plan(), &sys)
            .await
            .expect("plan");
        out.push(World {
            backend: db.backend,
            store,
            clock,
            org,
            plan,
            admin,
            owner,
            lead,
            viewer,
            other_org,
            other_admin,
            other_plan,
            _db: db,
        });
    }
    out
}
