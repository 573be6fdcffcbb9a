//! The store contract of the web workspace — sessions, sign-in throttling, people and plan
//! membership, editing, updates, evidence, sign-off and the trail — on SQLite (always) and
//! PostgreSQL (when `TEST_DATABASE_URL` is set).

use assure_domain::clock::{Clock, FixedClock};
use assure_domain::model::{
    ActionFields, Actor, AreaFields, EvidenceKind, OrgRole, PlanFields, PlanSettings, StoredAction,
    StoredPlan, User,
};
use assure_domain::periods::Cadence;
use assure_domain::roles::PlanRole;
use assure_domain::{Meaning, PlanDocument, StatusDef, StatusValue};
use assure_store::{NewEvidence, NewSession, NewUpdate, NewUser, Store, StoreError};
use assure_test_support as support;
use chrono::{Duration, NaiveDate};
use std::path::PathBuf;
use std::sync::Arc;
use uuid::Uuid;

fn demo_plan() -> PlanDocument {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../assure/demo/plan.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("demo plan"))
        .expect("demo plan parses")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn status(label: &str, meaning: Meaning) -> StatusValue {
    StatusValue {
        label: label.into(),
        meaning,
    }
}

/// A council with the demo plan, an admin, an owner, a lead and a viewer; and a second
/// council with its own admin and plan.
struct World {
    backend: &'static str,
    store: Arc<dyn Store>,
    clock: Arc<FixedClock>,
    org: Uuid,
    plan: Uuid,
    admin: User,
    owner: User,
    lead: User,
    viewer: User,
    other_org: Uuid,
    other_admin: User,
    other_plan: Uuid,
    _db: support::TestDb,
}

impl World {
    fn actor(&self, u: &User) -> Actor {
        Actor::user(u)
    }

    async fn plan(&self) -> StoredPlan {
        self.store.plan(self.plan).await.expect("plan")
    }

    async fn action(&self, id: Uuid) -> StoredAction {
        self.plan().await.find_action(id).cloned().expect("action")
    }

    /// The demo plan's action with this reference.
    async fn by_ref(&self, r: &str) -> StoredAction {
        self.plan()
            .await
            .actions()
            .into_iter()
            .find(|(_, _, a)| a.r#ref.as_deref() == Some(r))
            .map(|(_, _, a)| a.clone())
            .expect("action by reference")
    }

    fn today(&self) -> NaiveDate {
        self.clock.now().date_naive()
    }
}

async fn person(store: &Arc<dyn Store>, org: Uuid, email: &str, name: &str, role: OrgRole) -> User {
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

async fn worlds() -> Vec<World> {
    let mut out = Vec::new();
    for db in support::databases().await {
        let clock = support::clock();
        let store = support::open(&db, clock.clone()).await;
        let sys = Actor::system("test");
        let org = store
            .create_organisation("Northbridge", &sys)
            .await
            .expect("org")
            .id;
        let other_org = store
            .create_organisation("Southmere", &sys)
            .await
            .expect("org")
            .id;
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

fn is_conflict<T: std::fmt::Debug>(r: &Result<T, StoreError>) -> bool {
    matches!(r, Err(StoreError::Conflict { .. }))
}

fn is_not_found<T: std::fmt::Debug>(r: &Result<T, StoreError>) -> bool {
    matches!(r, Err(StoreError::NotFound { .. }))
}

fn invalid_message<T: std::fmt::Debug>(r: Result<T, StoreError>) -> String {
    match r {
        Err(StoreError::Invalid(m)) => m,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

// ----------------------------------------------------------------------------------------
// Sessions and sign-in throttling
// ----------------------------------------------------------------------------------------

#[tokio::test]
async fn sessions_expire_by_the_clock_slide_when_touched_and_end_on_sign_out() {
    for w in worlds().await {
        let s = &w.store;
        let now = w.clock.now();
        let new = |hash: &str| NewSession {
            id_hash: hash.into(),
            user_id: w.lead.id,
            csrf_token: format!("csrf-{hash}"),
            expires_at: now + Duration::hours(1),
            user_agent: Some("Firefox".into()),
        };
        s.create_session(new("h1")).await.expect("session");
        let dup = s.create_session(new("h1")).await;
        assert!(matches!(dup, Err(StoreError::Duplicate(_))), "{dup:?}");
        let mut ghost = new("h-ghost");
        ghost.user_id = Uuid::now_v7();
        assert!(is_not_found(&s.create_session(ghost).await));

        let (session, user) = s.session("h1").await.expect("read").expect("live");
        assert_eq!(user.id, w.lead.id);
        assert_eq!(session.csrf_token, "csrf-h1");
        let logged = format!("{session:?} {:?}", new("h1"));
        assert!(
            !logged.contains("csrf-") && !logged.contains("h1"),
            "{logged}"
        );
        assert_eq!(session.created_at, now);
        assert_eq!(session.last_seen_at, now);
        assert_eq!(session.user_agent.as_deref(), Some("Firefox"));
        assert!(s.session("nope").await.expect("read").is_none());

        // Half an hour on, a request slides the expiry another hour.
        w.clock.advance(Duration::minutes(30));
        let later = w.clock.now();
        s.touch_session("h1", later + Duration::hours(1))
            .await
            .expect("touch");
        let (session, _) = s.session("h1").await.expect("read").expect("live");
        assert_eq!(session.last_seen_at, later);
        assert_eq!(session.expires_at, later + Duration::hours(1));

        // Sixty-one minutes of silence: expired, and cannot be revived.
        w.clock.advance(Duration::minutes(61));
        assert!(
            s.session("h1").await.expect("read").is_none(),
            "{}",
            w.backend
        );
        assert!(is_not_found(
            &s.touch_session("h1", w.clock.now() + Duration::hours(1))
                .await
        ));
        assert_eq!(s.delete_expired_sessions().await.expect("sweep"), 1);
        assert_eq!(s.delete_expired_sessions().await.expect("sweep"), 0);

        // Sign out one; sign out everywhere.
        let now = w.clock.now();
        for h in ["a", "b", "c"] {
            let mut n = new(h);
            n.expires_at = now + Duration::hours(8);
            s.create_session(n).await.expect("session");
        }
        s.delete_session("a").await.expect("sign out");
        s.delete_session("a").await.expect("already gone is fine");
        assert!(s.session("a").await.expect("read").is_none());
        assert_eq!(s.delete_user_sessions(w.lead.id).await.expect("all"), 2);
        assert!(s.session("b").await.expect("read").is_none());

        let trail = s.audit_trail(w.lead.id).await.expect("trail");
        let changes: Vec<&str> = trail.iter().map(|e| e.change.as_str()).collect();
        assert_eq!(
            changes,
            [
                "create",
                "sign_in",
                "sign_in",
                "sign_in",
                "sign_in",
                "sign_out",
                "sign_out_everywhere"
            ],
            "{}",
            w.backend
        );
        let text = serde_json::to_string(&trail).expect("json");
        assert!(!text.contains("csrf-"), "no token in the trail");
        assert!(!text.contains("\"h1\""), "no session hash in the trail");
    }
}

#[tokio::test]
async fn failed_sign_ins_are_counted_per_key_and_a_success_clears_them() {
    for w in worlds().await {
        let s = &w.store;
        let email = "email:lead@north.example";
        let ip = "ip:192.0.2.7";
        for _ in 0..3 {
            s.record_login_attempt(email, false).await.expect("record");
        }
        s.record_login_attempt(ip, false).await.expect("record");
        let window = |w: &World| w.clock.now() - Duration::minutes(15);
        assert_eq!(
            s.login_failures_since(email, window(&w))
                .await
                .expect("count"),
            3
        );
        assert_eq!(
            s.login_failures_since(ip, window(&w)).await.expect("count"),
            1
        );

        w.clock.advance(Duration::minutes(20));
        s.record_login_attempt(email, false).await.expect("record");
        assert_eq!(
            s.login_failures_since(email, window(&w))
                .await
                .expect("count"),
            1,
            "{}: older failures fall out of the window",
            w.backend
        );
        let start = w.clock.now() - Duration::hours(1);
        assert_eq!(
            s.login_failures_since(email, start).await.expect("count"),
            4
        );

        s.record_login_attempt(email, true).await.expect("success");
        assert_eq!(
            s.login_failures_since(email, start).await.expect("count"),
            0
        );
        assert_eq!(
            s.login_failures_since(ip, start).await.expect("count"),
            1,
            "other keys keep theirs"
        );

        // Attempts older than a day are swept with the expired sessions.
        w.clock.advance(Duration::days(2));
        s.delete_expired_sessions().await.expect("sweep");
        assert_eq!(
            s.login_failures_since(ip, start - Duration::days(1))
                .await
                .expect("count"),
            0
        );
    }
}

// ----------------------------------------------------------------------------------------
// People and plan membership
// ----------------------------------------------------------------------------------------

#[tokio::test]
async fn people_are_read_renamed_and_given_passwords_within_their_council() {
    for w in worlds().await {
        let s = &w.store;
        assert_eq!(s.user(w.lead.id).await.expect("user"), w.lead);
        assert!(is_not_found(&s.user(Uuid::now_v7()).await));

        s.set_password(w.lead.id, "$argon2id$v=19$secret", &w.actor(&w.admin))
            .await
            .expect("password");
        let (_, hash) = s
            .user_by_email("lead@north.example")
            .await
            .expect("lookup")
            .expect("found");
        assert_eq!(hash.as_deref(), Some("$argon2id$v=19$secret"));
        let across = s
            .set_password(w.lead.id, "$argon2id$x", &w.actor(&w.other_admin))
            .await;
        assert!(is_not_found(&across), "{across:?}");

        let renamed = s
            .update_user(
                w.lead.id,
                1,
                "Lee Lead-Smith",
                OrgRole::Admin,
                &w.actor(&w.admin),
            )
            .await
            .expect("update");
        assert_eq!((renamed.version, renamed.role), (2, OrgRole::Admin));
        assert_eq!(s.user(w.lead.id).await.expect("user"), renamed);
        let stale = s
            .update_user(w.lead.id, 1, "Someone", OrgRole::Member, &w.actor(&w.admin))
            .await;
        assert!(is_conflict(&stale), "{}: {stale:?}", w.backend);
        assert!(matches!(
            s.update_user(w.lead.id, 2, "  ", OrgRole::Member, &w.actor(&w.admin))
                .await,
            Err(StoreError::Invalid(_))
        ));
        assert!(is_not_found(
            &s.update_user(w.lead.id, 2, "X", OrgRole::Member, &w.actor(&w.other_admin))
                .await
        ));

        // Southmere has one admin: demoting them is refused, and nothing changes.
        let last = s
            .update_user(
                w.other_admin.id,
                1,
                "Sam",
                OrgRole::Member,
                &w.actor(&w.other_admin),
            )
            .await;
        assert!(invalid_message(last).contains("at least one admin"));
        assert_eq!(
            s.user(w.other_admin.id).await.expect("user").role,
            OrgRole::Admin
        );

        let trail = s.audit_trail(w.lead.id).await.expect("trail");
        let changes: Vec<&str> = trail.iter().map(|e| e.change.as_str()).collect();
        assert_eq!(changes, ["create", "set_password", "update"]);
        let text = serde_json::to_string(&trail).expect("json");
        assert!(!text.contains("argon2"), "no hash in the trail");
        assert_eq!(trail[2].before.as_ref().unwrap()["name"], "Lee Lead");
        assert_eq!(trail[2].after.as_ref().unwrap()["name"], "Lee Lead-Smith");
    }
}

#[tokio::test]
async fn plan_roles_stay_within_the_council_and_decide_which_plans_people_see() {
    for w in worlds().await {
        let s = &w.store;
        let admin = w.actor(&w.admin);
        assert_eq!(s.plan_role(w.plan, w.lead.id).await.expect("role"), None);
        s.set_plan_role(w.plan, w.lead.id, PlanRole::Lead, &admin)
            .await
            .expect("role");
        s.set_plan_role(w.plan, w.owner.id, PlanRole::Owner, &admin)
            .await
            .expect("role");
        s.set_plan_role(w.plan, w.viewer.id, PlanRole::Contributor, &admin)
            .await
            .expect("role");
        // Setting again changes the role (an upsert).
        s.set_plan_role(w.plan, w.viewer.id, PlanRole::Viewer, &admin)
            .await
            .expect("role");
        assert_eq!(
            s.plan_role(w.plan, w.viewer.id).await.expect("role"),
            Some(PlanRole::Viewer)
        );
        let members: Vec<(String, PlanRole)> = s
            .plan_members(w.plan)
            .await
            .expect("members")
            .into_iter()
            .map(|(u, r)| (u.name, r))
            .collect();
        assert_eq!(
            members,
            [
                ("Lee Lead".to_string(), PlanRole::Lead),
                ("Olu Owner".to_string(), PlanRole::Owner),
                ("Vi Viewer".to_string(), PlanRole::Viewer),
            ]
        );

        // Across councils: a person of Southmere on Northbridge's plan, Southmere's admin
        // giving roles on Northbridge's plan, an unknown plan.
        let across = s
            .set_plan_role(w.plan, w.other_admin.id, PlanRole::Viewer, &admin)
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
        let foreign = s
            .set_plan_role(w.plan, w.lead.id, PlanRole::Owner, &w.actor(&w.other_admin))
            .await;
        assert!(
            matches!(foreign, Err(StoreError::NotFound { entity: "plan", .. })),
            "{foreign:?}"
        );
        assert_eq!(
            s.plan_role(w.plan, w.lead.id).await.expect("role"),
            Some(PlanRole::Lead),
            "unchanged"
        );
        assert!(is_not_found(
            &s.set_plan_role(Uuid::now_v7(), w.lead.id, PlanRole::Lead, &admin)
                .await
        ));

        // Who sees which plans.
        let second = s
            .create_plan(w.org, &PlanDocument::new("Focused visit plan"), &admin)
            .await
            .expect("plan");
        let ids = |v: Vec<assure_domain::model::PlanSummary>| -> Vec<Uuid> {
            v.into_iter().map(|p| p.id).collect()
        };
        assert_eq!(
            ids(s.plans_for_user(&w.admin).await.expect("plans")),
            [second, w.plan],
            "an admin sees all their council's plans, newest first"
        );
        assert_eq!(
            ids(s.plans_for_user(&w.lead).await.expect("plans")),
            [w.plan]
        );
        assert_eq!(
            ids(s.plans_for_user(&w.other_admin).await.expect("plans")),
            [w.other_plan]
        );

        s.remove_plan_role(w.plan, w.lead.id, &admin)
            .await
            .expect("remove");
        assert_eq!(s.plan_role(w.plan, w.lead.id).await.expect("role"), None);
        assert!(s.plans_for_user(&w.lead).await.expect("plans").is_empty());
        assert!(is_not_found(
            &s.remove_plan_role(w.plan, w.lead.id, &admin).await
        ));

        let trail = s.audit_trail(w.plan).await.expect("trail");
        let changes: Vec<&str> = trail.iter().map(|e| e.change.as_str()).collect();
        assert_eq!(
            changes,
            [
                "create",
                "set_role",
                "set_role",
                "set_role",
                "set_role",
                "remove_role"
            ]
        );
        assert_eq!(trail[4].before.as_ref().unwrap()["role"], "contributor");
        assert_eq!(trail[4].after.as_ref().unwrap()["role"], "viewer");
    }
}

// ----------------------------------------------------------------------------------------
// Editing plans, areas and actions
// ----------------------------------------------------------------------------------------

#[tokio::test]
async fn plan_fields_settings_and_status_scheme_are_versioned() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.owner);
        let plan = w.plan().await;
        assert_eq!(plan.settings, PlanSettings::default());
        assert_eq!(plan.version, 1);

        let fields = PlanFields {
            title: "  Improvement plan 2026–27 ".into(),
            organisation: Some("Northbridge Borough Council".into()),
            narrative: vec!["Refreshed after the monitoring visit.".into(), "  ".into()],
        };
        let saved = s
            .update_plan(w.plan, 1, &fields, &me)
            .await
            .expect("update");
        assert_eq!(saved.version, 2);
        assert_eq!(saved.title, "Improvement plan 2026–27");
        assert_eq!(saved.narrative, ["Refreshed after the monitoring visit."]);
        assert!(is_conflict(&s.update_plan(w.plan, 1, &fields, &me).await));
        let mut empty = fields.clone();
        empty.title = " ".into();
        assert!(matches!(
            s.update_plan(w.plan, 2, &empty, &me).await,
            Err(StoreError::Invalid(_))
        ));

        let settings = PlanSettings {
            update_cadence: Cadence::Fortnightly,
            review_cadence: Cadence::Monthly,
            impact_interval_months: 6,
        };
        let saved = s
            .update_plan_settings(w.plan, 2, settings, &me)
            .await
            .expect("settings");
        assert_eq!((saved.version, saved.settings), (3, settings));
        assert!(is_conflict(
            &s.update_plan_settings(w.plan, 2, settings, &me).await
        ));
        let silly = PlanSettings {
            impact_interval_months: 0,
            ..settings
        };
        assert!(matches!(
            s.update_plan_settings(w.plan, 3, silly, &me).await,
            Err(StoreError::Invalid(_))
        ));

        let mut scheme = saved.status_scheme.clone();
        scheme.push(StatusDef {
            label: "Purple".into(),
            meaning: Meaning::Ahead,
            description: Some("Ahead of timescale".into()),
        });
        let saved = s
            .set_status_scheme(w.plan, 3, scheme.clone(), &me)
            .await
            .expect("scheme");
        assert_eq!(saved.version, 4);
        assert_eq!(saved.status_scheme, scheme);
        assert!(is_conflict(
            &s.set_status_scheme(w.plan, 3, scheme.clone(), &me).await
        ));
        let mut twice = scheme.clone();
        twice.push(scheme[0].clone());
        assert!(
            invalid_message(s.set_status_scheme(w.plan, 4, twice, &me).await).contains("twice")
        );
        assert!(is_not_found(
            &s.update_plan(w.plan, 4, &fields, &w.actor(&w.other_admin))
                .await
        ));

        let changes: Vec<String> = s
            .audit_trail(w.plan)
            .await
            .expect("trail")
            .into_iter()
            .map(|e| e.change)
            .collect();
        assert_eq!(
            changes,
            ["create", "update", "update_settings", "set_status_scheme"]
        );
        // Editing the plan's fields keeps its areas and actions exactly.
        let mut expected = demo_plan();
        expected.title = "Improvement plan 2026–27".into();
        expected.organisation = Some("Northbridge Borough Council".into());
        expected.narrative = vec!["Refreshed after the monitoring visit.".into()];
        expected.status_scheme = scheme;
        assert_eq!(w.plan().await.to_document(), expected, "{}", w.backend);
    }
}

fn new_action(text: &str) -> ActionFields {
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

#[tokio::test]
async fn areas_and_actions_are_added_edited_and_deleted() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.owner);
        let plan = w.plan().await;
        let area = &plan.areas[1];

        // Areas.
        let mut fields = AreaFields {
            r#ref: Some("2".into()),
            group: area.group.clone(),
            title: "Timeliness of decisions for children in pre-proceedings".into(),
            objectives: area.objectives.clone(),
            outcomes: area.outcomes.clone(),
            measures: area.measures.clone(),
            narrative: area.narrative.clone(),
        };
        let saved = s.update_area(area.id, 1, &fields, &me).await.expect("area");
        assert_eq!(
            (saved.version, saved.title.as_str()),
            (2, fields.title.as_str())
        );
        assert_eq!(saved.actions.len(), area.actions.len(), "actions kept");
        assert!(is_conflict(&s.update_area(area.id, 1, &fields, &me).await));
        fields.title = String::new();
        assert!(matches!(
            s.update_area(area.id, 2, &fields, &me).await,
            Err(StoreError::Invalid(_))
        ));
        assert!(is_not_found(
            &s.update_area(Uuid::now_v7(), 1, &saved_fields(&saved), &me)
                .await
        ));
        let new_area = s
            .add_area(
                w.plan,
                &AreaFields {
                    r#ref: Some("6".into()),
                    group: None,
                    title: "Workforce stability".into(),
                    objectives: vec![],
                    outcomes: vec![],
                    measures: vec![],
                    narrative: vec![],
                },
                &me,
            )
            .await
            .expect("area");
        let plan = w.plan().await;
        assert_eq!(plan.areas.last().map(|a| a.id), Some(new_area));
        assert!(is_not_found(
            &s.add_area(w.plan, &saved_fields(&saved), &w.actor(&w.other_admin))
                .await
        ));

        // Actions: appended last among their siblings; leads linked as elsewhere.
        s.link_lead(w.plan, "HoS CP", w.owner.id, &me)
            .await
            .expect("link");
        let mut fields = new_action("Audit every child's plan at the 12-week point");
        fields.r#ref = Some("2.7".into());
        fields.status = Some(status("Green", Meaning::OnTrack));
        let top = s
            .add_action(
                area.id,
                None,
                &fields,
                vec!["HoS CP".into(), " New lead ".into(), "".into()],
                &me,
            )
            .await
            .expect("action");
        let child = s
            .add_action(
                area.id,
                Some(top),
                &new_action("Pilot in the West team"),
                vec![],
                &me,
            )
            .await
            .expect("child");
        let second_child = s
            .add_action(area.id, Some(top), &new_action("Roll out"), vec![], &me)
            .await
            .expect("child");
        let plan = w.plan().await;
        let area = &plan.areas[1];
        let last = area.actions.last().expect("an action");
        assert_eq!(last.id, top);
        assert_eq!(last.r#ref.as_deref(), Some("2.7"));
        assert_eq!(
            last.leads
                .iter()
                .map(|l| (l.text.as_str(), l.person_id))
                .collect::<Vec<_>>(),
            [("HoS CP", Some(w.owner.id)), ("New lead", None)]
        );
        assert_eq!(
            last.children.iter().map(|c| c.id).collect::<Vec<_>>(),
            [child, second_child]
        );
        // A parent in another area; a "complete" status; a status not in the scheme.
        let elsewhere = plan.areas[0].actions[0].id;
        assert!(is_not_found(
            &s.add_action(area.id, Some(elsewhere), &new_action("x"), vec![], &me)
                .await
        ));
        let mut done = new_action("x");
        done.status = Some(status("Blue", Meaning::Complete));
        assert!(
            invalid_message(s.add_action(area.id, None, &done, vec![], &me).await)
                .contains("signed off")
        );
        done.status = Some(status("Mauve", Meaning::OnTrack));
        assert!(
            invalid_message(s.add_action(area.id, None, &done, vec![], &me).await)
                .contains("not a status")
        );
        assert!(is_not_found(
            &s.add_action(
                area.id,
                None,
                &new_action("x"),
                vec![],
                &w.actor(&w.other_admin)
            )
            .await
        ));

        // Leads: unchanged text keeps its person.
        let action = w.action(top).await;
        let saved = s
            .set_action_leads(
                top,
                action.version,
                vec!["Someone else".into(), "HoS CP".into()],
                &me,
            )
            .await
            .expect("leads");
        assert_eq!(saved.version, action.version + 1);
        assert_eq!(
            saved
                .leads
                .iter()
                .map(|l| (l.text.as_str(), l.person_id))
                .collect::<Vec<_>>(),
            [("Someone else", None), ("HoS CP", Some(w.owner.id))]
        );
        assert!(is_conflict(
            &s.set_action_leads(top, action.version, vec![], &me).await
        ));

        // Delete with children; the trail keeps the whole of it.
        let before = w.action(top).await;
        assert!(is_conflict(
            &s.delete_action(top, before.version - 1, &me).await
        ));
        s.delete_action(top, before.version, &me)
            .await
            .expect("delete");
        let plan = w.plan().await;
        assert!(plan.find_action(top).is_none());
        assert!(plan.find_action(child).is_none());
        assert!(is_not_found(
            &s.delete_action(top, before.version + 1, &me).await
        ));
        let trail = s.audit_trail(top).await.expect("trail");
        let changes: Vec<&str> = trail.iter().map(|e| e.change.as_str()).collect();
        assert_eq!(changes, ["create", "set_leads", "delete"]);
        let gone = trail[2].before.as_ref().expect("before");
        assert_eq!(gone["children"].as_array().map(Vec::len), Some(2));
        assert_eq!(
            gone["text"],
            "Audit every child's plan at the 12-week point"
        );

        // The imported actions are untouched by all of this.
        let mut expected = demo_plan();
        expected.areas[1].title = "Timeliness of decisions for children in pre-proceedings".into();
        expected.areas.push(assure_domain::Area {
            r#ref: Some("6".into()),
            group: None,
            title: "Workforce stability".into(),
            objectives: vec![],
            outcomes: vec![],
            measures: vec![],
            narrative: vec![],
            actions: vec![],
        });
        assert_eq!(plan.to_document(), expected, "{}", w.backend);
    }
}

#[tokio::test]
async fn an_edit_changes_fields_and_leads_as_one_change_or_not_at_all() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.owner);
        s.link_lead(w.plan, "HoS CP", w.lead.id, &me)
            .await
            .expect("link");
        let top = s
            .add_action(
                w.plan().await.areas[0].id,
                None,
                &new_action("Review every open child protection plan"),
                vec!["HoS CP".into()],
                &me,
            )
            .await
            .expect("action");
        let before = w.action(top).await;
        let mut fields = before.fields();
        fields.text = "Review every open child protection plan over 12 months".into();
        fields.sponsor = Some("DCS".into());
        let saved = s
            .edit_action(
                top,
                before.version,
                &fields,
                vec!["Practice lead".into(), " HoS CP ".into(), String::new()],
                &me,
            )
            .await
            .expect("edit");
        assert_eq!(
            saved.version,
            before.version + 1,
            "{}: one change",
            w.backend
        );
        assert_eq!(saved.text, fields.text);
        assert_eq!(saved.sponsor.as_deref(), Some("DCS"));
        assert_eq!(
            saved
                .leads
                .iter()
                .map(|l| (l.text.as_str(), l.person_id))
                .collect::<Vec<_>>(),
            [("Practice lead", None), ("HoS CP", Some(w.lead.id))],
            "{}: unchanged lead text keeps its person",
            w.backend
        );
        let trail = s.audit_trail(top).await.expect("trail");
        let last = trail.last().expect("an event");
        assert_eq!(last.change, "update");
        assert_eq!(
            last.after.as_ref().expect("after")["leads"][0]["text"],
            "Practice lead"
        );

        // A stale version writes neither the fields nor the leads.
        let mut stale = fields.clone();
        stale.text = "Someone else's wording".into();
        assert!(is_conflict(
            &s.edit_action(top, before.version, &stale, vec!["Nobody".into()], &me)
                .await
        ));
        let now = w.action(top).await;
        assert_eq!(now.text, fields.text);
        assert_eq!(now.leads.len(), 2);
        assert_eq!(now.version, saved.version);

        // Unchanged leads leave no lead change in the trail.
        let again = s
            .edit_action(
                top,
                now.version,
                &fields,
                vec!["Practice lead".into(), "HoS CP".into()],
                &me,
            )
            .await
            .expect("edit");
        assert_eq!(again.version, now.version + 1);
        let trail = s.audit_trail(top).await.expect("trail");
        assert!(trail.last().expect("event").after.as_ref().expect("after")["leads"].is_null());
        // Another council's admin cannot edit it.
        assert!(is_not_found(
            &s.edit_action(
                top,
                again.version,
                &fields,
                vec![],
                &w.actor(&w.other_admin)
            )
            .await
        ));
    }
}

#[tokio::test]
async fn a_plans_revision_moves_with_every_change_to_it_and_only_then() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.owner);
        let rev = || async { s.plan_revision(w.plan).await.expect("revision") };
        let other = s.plan_revision(w.other_plan).await.expect("other");
        let r0 = rev().await;
        w.plan().await;
        assert_eq!(rev().await, r0, "{}: reading changes nothing", w.backend);

        let a = w.plan().await.areas[0].actions[0].clone();
        let mut last = r0;
        let mut moved = |r: i64, what: &str| {
            assert!(r > last, "{}: {what} moves the revision", w.backend);
            last = r;
        };
        let saved = s
            .write_update(a.id, a.version, update("Progress", None), &me)
            .await
            .expect("update");
        moved(rev().await, "an update");
        s.add_evidence(a.id, NewEvidence::link("Minutes", "https://x.example"), &me)
            .await
            .expect("evidence");
        moved(rev().await, "evidence");
        let mut fields = saved.fields();
        fields.sponsor = Some("DCS".into());
        s.edit_action(a.id, saved.version, &fields, vec![], &me)
            .await
            .expect("edit");
        moved(rev().await, "an edit");
        let plan = w.plan().await;
        s.update_plan(
            w.plan,
            plan.version,
            &PlanFields {
                title: "Renamed".into(),
                organisation: plan.organisation.clone(),
                narrative: plan.narrative.clone(),
            },
            &me,
        )
        .await
        .expect("plan");
        moved(rev().await, "the plan's details");
        // A refused change moves nothing; another council's plan is untouched.
        assert!(is_conflict(
            &s.edit_action(a.id, saved.version, &fields, vec![], &me)
                .await
        ));
        assert_eq!(rev().await, last);
        assert_eq!(s.plan_revision(w.other_plan).await.expect("other"), other);
        assert!(is_not_found(&s.plan_revision(Uuid::now_v7()).await));
    }
}

fn saved_fields(a: &assure_domain::model::StoredArea) -> AreaFields {
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

// ----------------------------------------------------------------------------------------
// Updates
// ----------------------------------------------------------------------------------------

fn update(text: &str, s: Option<StatusValue>) -> NewUpdate {
    NewUpdate {
        date: date(2026, 11, 23),
        text: text.into(),
        status: s,
        period: Some("November 2026 update".into()),
    }
}

#[tokio::test]
async fn writing_an_update_sets_the_status_and_moves_the_version_in_one_go() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.lead);
        let a = w.by_ref("2.3").await;
        let before_updates = a.updates.len();

        let saved = s
            .write_update(
                a.id,
                a.version,
                update(
                    "Slipped: court dates moved",
                    Some(status("Amber", Meaning::AtRisk)),
                ),
                &me,
            )
            .await
            .expect("update");
        assert_eq!(saved.version, a.version + 1);
        assert_eq!(saved.status, Some(status("Amber", Meaning::AtRisk)));
        assert_eq!(saved.updates.len(), before_updates + 1);
        let u = saved.updates.last().expect("update");
        assert_eq!(u.text, "Slipped: court dates moved");
        assert_eq!(u.date, Some(date(2026, 11, 23)));
        assert_eq!(u.status, saved.status);
        assert_eq!(u.period.as_deref(), Some("November 2026 update"));
        assert_eq!(u.author_id, Some(w.lead.id));
        assert_eq!(
            w.action(a.id).await,
            saved,
            "{}: what was returned is what is stored",
            w.backend
        );

        // Without a status, the status stays; without a period, the date's period is used.
        let mut next = update("Recovery plan agreed", None);
        next.period = None;
        next.date = date(2026, 12, 1);
        let saved = s
            .write_update(a.id, saved.version, next, &me)
            .await
            .expect("update");
        assert_eq!(saved.status, Some(status("Amber", Meaning::AtRisk)));
        assert_eq!(
            saved.updates.last().and_then(|u| u.period.as_deref()),
            Some("December 2026 update")
        );

        // Stale, empty, unknown status, complete: refused, nothing written.
        let stale = s
            .write_update(a.id, a.version, update("Mine", None), &me)
            .await;
        assert!(
            matches!(stale, Err(StoreError::Conflict { current, .. }) if current == saved.version),
            "{stale:?}"
        );
        assert!(matches!(
            s.write_update(a.id, saved.version, update("  ", None), &me)
                .await,
            Err(StoreError::Invalid(_))
        ));
        assert!(
            invalid_message(
                s.write_update(
                    a.id,
                    saved.version,
                    update("x", Some(status("Mauve", Meaning::AtRisk))),
                    &me
                )
                .await
            )
            .contains("not a status")
        );
        assert!(
            invalid_message(
                s.write_update(
                    a.id,
                    saved.version,
                    update("Done", Some(status("Blue", Meaning::Complete))),
                    &me
                )
                .await
            )
            .contains("propose it complete")
        );
        assert!(is_not_found(
            &s.write_update(
                a.id,
                saved.version,
                update("x", None),
                &w.actor(&w.other_admin)
            )
            .await
        ));
        assert!(is_not_found(
            &s.write_update(Uuid::now_v7(), 1, update("x", None), &me)
                .await
        ));
        let now = w.action(a.id).await;
        assert_eq!(now.version, saved.version);
        assert_eq!(now.updates.len(), before_updates + 2);

        // The timeline: both updates, the first with its status change.
        let trail = s.audit_trail(a.id).await.expect("trail");
        assert_eq!(trail.len(), 2);
        assert!(
            trail
                .iter()
                .all(|e| e.entity == "update" && e.actor.user_id == Some(w.lead.id))
        );
        let first = &trail[0];
        assert_eq!(first.after.as_ref().unwrap()["status"]["label"], "Amber");
        assert_eq!(first.after.as_ref().unwrap()["status_changed"], true);
        assert_eq!(first.before.as_ref().unwrap()["status"]["label"], "Green");
        assert_eq!(trail[1].after.as_ref().unwrap()["status_changed"], false);
        assert_eq!(trail[0].plan_id, Some(w.plan));

        // The export writes the new updates as any other.
        let doc = w.plan().await.to_document();
        let exported = doc
            .actions()
            .into_iter()
            .find(|(_, x)| x.r#ref.as_deref() == Some("2.3"))
            .expect("2.3")
            .1
            .updates
            .clone();
        assert_eq!(
            exported.last().map(|u| u.text.as_str()),
            Some("Recovery plan agreed")
        );
    }
}

#[tokio::test]
async fn of_two_writers_with_the_same_version_exactly_one_wins() {
    for w in worlds().await {
        let a = w.by_ref("2.4").await;
        for round in 0..8 {
            let current = w.action(a.id).await;
            let mut tasks = Vec::new();
            for who in ["first", "second"] {
                let store = w.store.clone();
                let actor = w.actor(&w.lead);
                let version = current.version;
                tasks.push(tokio::spawn(async move {
                    store
                        .write_update(
                            a.id,
                            version,
                            update(
                                &format!("{who} in round {round}"),
                                Some(status("Red", Meaning::OffTrack)),
                            ),
                            &actor,
                        )
                        .await
                }));
            }
            let mut wins = 0;
            let mut conflicts = 0;
            for t in tasks {
                match t.await.expect("task") {
                    Ok(saved) => {
                        assert_eq!(saved.version, current.version + 1);
                        wins += 1;
                    }
                    Err(StoreError::Conflict { current: c, .. }) => {
                        assert_eq!(c, current.version + 1);
                        conflicts += 1;
                    }
                    Err(e) => panic!("{}: unexpected {e}", w.backend),
                }
            }
            assert_eq!((wins, conflicts), (1, 1), "{} round {round}", w.backend);
            let after = w.action(a.id).await;
            assert_eq!(
                after.updates.len(),
                current.updates.len() + 1,
                "the loser wrote nothing"
            );
        }
        assert_eq!(w.store.audit_trail(a.id).await.expect("trail").len(), 8);
    }
}

// ----------------------------------------------------------------------------------------
// Evidence
// ----------------------------------------------------------------------------------------

#[tokio::test]
async fn evidence_is_added_found_and_removed_within_its_council() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.lead);
        let a = w.by_ref("2.3").await;
        assert!(a.evidence.is_empty());

        let link = s
            .add_evidence(
                a.id,
                NewEvidence::link("DLT report", "https://intranet.example/dlt.pdf"),
                &me,
            )
            .await
            .expect("link");
        assert_eq!(link.kind, EvidenceKind::Link);
        assert_eq!(link.added_by, Some(w.lead.id));
        let bare = s
            .add_evidence(
                a.id,
                NewEvidence::link("", "https://intranet.example/tracker"),
                &me,
            )
            .await
            .expect("link");
        assert_eq!(bare.title, "https://intranet.example/tracker");
        let file = s
            .add_evidence(
                a.id,
                NewEvidence::file(
                    "",
                    "evidence/2026/abc",
                    "audit summary.pdf",
                    "application/pdf",
                    48_213,
                ),
                &me,
            )
            .await
            .expect("file");
        assert_eq!(file.title, "audit summary.pdf");
        assert_eq!(file.size, Some(48_213));
        assert_eq!(file.url, None);

        for bad in [
            NewEvidence::link("x", "javascript:alert(1)"),
            NewEvidence::link("x", "intranet/page"),
            NewEvidence::link("x", "https://a b"),
            NewEvidence {
                url: None,
                ..NewEvidence::link("x", "")
            },
            NewEvidence {
                file_key: None,
                ..NewEvidence::file("x", "", "a.pdf", "application/pdf", 1)
            },
        ] {
            assert!(
                matches!(
                    s.add_evidence(a.id, bad.clone(), &me).await,
                    Err(StoreError::Invalid(_))
                ),
                "{bad:?}"
            );
        }
        assert!(is_not_found(
            &s.add_evidence(
                a.id,
                NewEvidence::link("x", "https://x.example"),
                &w.actor(&w.other_admin)
            )
            .await
        ));
        assert!(is_not_found(
            &s.add_evidence(
                Uuid::now_v7(),
                NewEvidence::link("x", "https://x.example"),
                &me
            )
            .await
        ));

        let stored = w.action(a.id).await;
        assert_eq!(
            stored.version, a.version,
            "evidence does not move the version"
        );
        assert_eq!(
            stored.evidence.iter().map(|e| e.id).collect::<Vec<_>>(),
            [link.id, bare.id, file.id]
        );
        assert_eq!(stored.evidence[2], file);
        assert_eq!(
            stored.to_document().evidence,
            [
                "DLT report (https://intranet.example/dlt.pdf)",
                "https://intranet.example/tracker",
                "audit summary.pdf"
            ]
        );

        let (found, action_id, plan_id, org_id) = s.evidence(file.id).await.expect("evidence");
        assert_eq!(found, file);
        assert_eq!((action_id, plan_id, org_id), (a.id, w.plan, w.org));
        assert!(is_not_found(&s.evidence(Uuid::now_v7()).await));

        assert!(is_not_found(
            &s.remove_evidence(file.id, &w.actor(&w.other_admin)).await
        ));
        let removed = s.remove_evidence(file.id, &me).await.expect("remove");
        assert_eq!(removed, file);
        assert!(is_not_found(&s.evidence(file.id).await));
        assert!(is_not_found(&s.remove_evidence(file.id, &me).await));

        let trail = s.audit_trail(a.id).await.expect("trail");
        let kinds: Vec<(&str, &str)> = trail
            .iter()
            .map(|e| (e.entity.as_str(), e.change.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("evidence", "create"),
                ("evidence", "create"),
                ("evidence", "create"),
                ("evidence", "delete")
            ]
        );
        assert_eq!(
            trail[3].before.as_ref().unwrap()["file_name"],
            "audit summary.pdf"
        );
    }
}

// ----------------------------------------------------------------------------------------
// Sign-off and impact checks
// ----------------------------------------------------------------------------------------

#[tokio::test]
async fn sign_off_needs_evidence_and_another_person_and_comes_back_for_impact_checks() {
    for w in worlds().await {
        let s = &w.store;
        let lead = w.actor(&w.lead);
        let owner = w.actor(&w.owner);
        let a = w.by_ref("2.3").await;
        assert_eq!(a.status, Some(status("Green", Meaning::OnTrack)));

        // Propose: once; not on a stale version.
        assert!(is_conflict(
            &s.propose_complete(a.id, a.version - 1, None, &lead).await
        ));
        let v = s
            .propose_complete(a.id, a.version, Some(" Tracker live since October "), &lead)
            .await
            .expect("propose");
        let proposal = v.signoff.clone().expect("proposed");
        assert_eq!(proposal.proposed_by, lead);
        assert_eq!(
            proposal.proposal_note.as_deref(),
            Some("Tracker live since October")
        );
        assert_eq!(proposal.signed_off_at, None);
        assert_eq!(v.status, a.status, "not complete until signed off");
        assert!(
            invalid_message(s.propose_complete(a.id, v.version, None, &owner).await)
                .contains("already been proposed")
        );

        // Sign off: not without evidence, not by the proposer, not on a stale version.
        assert!(invalid_message(s.sign_off(a.id, v.version, &owner).await).contains("evidence"));
        s.add_evidence(
            a.id,
            NewEvidence::link("Tracker", "https://intranet.example/t"),
            &lead,
        )
        .await
        .expect("evidence");
        assert!(invalid_message(s.sign_off(a.id, v.version, &lead).await).contains("someone else"));
        assert!(
            invalid_message(s.sign_off(a.id, v.version, &Actor::system("cli")).await)
                .contains("signed-in person")
        );
        assert!(is_conflict(&s.sign_off(a.id, v.version - 1, &owner).await));
        assert!(is_not_found(
            &s.sign_off(a.id, v.version, &w.actor(&w.other_admin)).await
        ));
        assert_eq!(
            w.action(a.id).await.version,
            v.version,
            "refusals write nothing"
        );

        let v = s.sign_off(a.id, v.version, &owner).await.expect("sign off");
        let signed = v.signoff.clone().expect("signed");
        assert_eq!(signed.signed_off_by, Some(owner.clone()));
        assert_eq!(signed.signed_off_at, Some(w.clock.now()));
        assert_eq!(
            signed.impact_check_due,
            Some(date(2027, 2, 23)),
            "quarterly by default"
        );
        assert_eq!(v.status, Some(status("Blue", Meaning::Complete)));
        assert!(
            invalid_message(s.sign_off(a.id, v.version, &owner).await)
                .contains("already been signed off")
        );
        // The last piece of evidence of a signed-off action stays.
        let only = v.evidence[0].id;
        assert!(invalid_message(s.remove_evidence(only, &lead).await).contains("at least one"));

        // Impact check: refused before sign-off elsewhere; confirmed moves the date on.
        let other = w.by_ref("2.4").await;
        assert!(
            invalid_message(
                s.record_impact_check(other.id, other.version, true, None, &owner)
                    .await
            )
            .contains("not signed off")
        );
        w.clock.advance(Duration::days(92));
        assert!(is_conflict(
            &s.record_impact_check(a.id, v.version - 1, true, None, &owner)
                .await
        ));
        let v = s
            .record_impact_check(
                a.id,
                v.version,
                true,
                Some("Timeliness held at 92%"),
                &owner,
            )
            .await
            .expect("confirmed");
        assert_eq!(
            v.signoff.as_ref().and_then(|s| s.impact_check_due),
            Some(w.today() + chrono::Months::new(3))
        );
        assert_eq!(v.impact_checks.len(), 1);
        assert!(v.impact_checks[0].confirmed);

        // Not confirmed: a reason is required, then the action is reopened.
        assert!(
            invalid_message(
                s.record_impact_check(a.id, v.version, false, Some(" "), &owner)
                    .await
            )
            .contains("reason")
        );
        let v = s
            .record_impact_check(
                a.id,
                v.version,
                false,
                Some("Timeliness fell to 61%"),
                &owner,
            )
            .await
            .expect("reopened");
        assert_eq!(v.signoff, None);
        assert_eq!(v.status, Some(status("Amber", Meaning::AtRisk)));
        assert_eq!(v.impact_checks.len(), 2);
        assert_eq!(
            v.impact_checks[1].note.as_deref(),
            Some("Timeliness fell to 61%")
        );
        assert!(!v.impact_checks[1].confirmed);
        assert_eq!(v.impact_checks[1].checked_by, owner);
        // And it can go round again.
        s.propose_complete(a.id, v.version, None, &lead)
            .await
            .expect("again");

        let trail = s.audit_trail(a.id).await.expect("trail");
        let changes: Vec<&str> = trail.iter().map(|e| e.change.as_str()).collect();
        assert_eq!(
            changes,
            [
                "propose_complete",
                "create",
                "sign_off",
                "impact_confirmed",
                "reopen",
                "propose_complete"
            ],
            "{}",
            w.backend
        );
        assert_eq!(trail[2].actor, owner);
        assert_eq!(trail[2].after.as_ref().unwrap()["status"]["label"], "Blue");
        assert_eq!(
            trail[4].after.as_ref().unwrap()["note"],
            "Timeliness fell to 61%"
        );
    }
}

#[tokio::test]
async fn a_status_that_leaves_complete_undoes_the_sign_off() {
    for w in worlds().await {
        let s = &w.store;
        let lead = w.actor(&w.lead);
        let owner = w.actor(&w.owner);
        let a = w.by_ref("2.3").await;
        s.add_evidence(
            a.id,
            NewEvidence::link("Tracker", "https://intranet.example/t"),
            &lead,
        )
        .await
        .expect("evidence");
        let v = s
            .propose_complete(a.id, a.version, None, &lead)
            .await
            .expect("propose");
        let v = s.sign_off(a.id, v.version, &owner).await.expect("sign off");
        // Rewriting the same complete status keeps the sign-off.
        let v = s
            .write_update(
                a.id,
                v.version,
                update("Still embedded", Some(status("Blue", Meaning::Complete))),
                &lead,
            )
            .await
            .expect("update");
        assert!(v.signoff.is_some());
        let v = s
            .write_update(
                a.id,
                v.version,
                update("Drifted again", Some(status("Red", Meaning::OffTrack))),
                &lead,
            )
            .await
            .expect("update");
        assert_eq!(v.signoff, None);
        assert_eq!(v.status, Some(status("Red", Meaning::OffTrack)));

        // The same through the edit form, on an imported complete action with a proposal.
        let b = w.by_ref("2.2").await;
        let b = s
            .propose_complete(b.id, b.version, None, &lead)
            .await
            .expect("propose");
        let mut fields = b.fields();
        fields.status = Some(status("Amber", Meaning::AtRisk));
        let saved = s
            .update_action(b.id, b.version, &fields, &owner)
            .await
            .expect("edit");
        assert_eq!(saved.signoff, None);
        fields.status = Some(status("Blue", Meaning::Complete));
        assert!(
            invalid_message(s.update_action(b.id, saved.version, &fields, &owner).await)
                .contains("propose it complete")
        );
    }
}

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

#[tokio::test]
async fn a_seeded_council_gives_each_person_their_actions() {
    for db in support::databases().await {
        let clock = support::clock();
        let store = support::open(&db, clock.clone()).await;
        let c = support::seed_council(&store, "Northbridge", "north.example", None).await;
        let other = support::seed_council(&store, "Southmere", "south.example", None).await;
        assert_eq!(
            store.plan_members(c.plan_id).await.expect("members").len(),
            4
        );
        for (user, role) in c.people() {
            assert_eq!(
                store.plan_role(c.plan_id, user.id).await.expect("role"),
                role
            );
        }
        assert!(
            store
                .plans_for_user(&c.outsider)
                .await
                .expect("plans")
                .is_empty()
        );
        assert_eq!(
            store
                .plans_for_user(&other.admin)
                .await
                .expect("plans")
                .len(),
            1
        );

        let plan = store.plan(c.plan_id).await.expect("plan");
        let today = clock.now().date_naive();
        let all = assure_domain::attention::attention(&plan, today);
        let mine = all.for_person(c.lead.id);
        let refs = |v: &[assure_domain::attention::Flagged<'_>]| -> Vec<String> {
            v.iter()
                .map(|f| {
                    f.action
                        .r#ref
                        .clone()
                        .unwrap_or_else(|| f.action.text.clone())
                })
                .collect()
        };
        assert_eq!(refs(&mine.overdue), ["3.4"], "{}", db.backend);
        assert_eq!(refs(&mine.at_risk), ["2.4"]);
        assert_eq!(
            refs(&mine.no_update_this_period),
            [
                "Monthly tracker summary to the Heads of Service review",
                "3.4",
                "3.5"
            ]
        );
        let led: Vec<String> = plan
            .actions()
            .into_iter()
            .filter(|(_, _, a)| a.is_led_by(c.lead.id))
            .map(|(_, _, a)| a.r#ref.clone().unwrap_or_else(|| a.text.clone()))
            .collect();
        assert_eq!(led.len(), 6, "{led:?}");
    }
}
