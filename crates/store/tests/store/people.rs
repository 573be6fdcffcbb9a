//! People: organisations and their people, plan roles, who may see which plan, and the
//! rules that keep a plan its owner and an organisation its admin.

use crate::world::{demo_plan, invalid_message, is_conflict, is_not_found, new_org, worlds};
use assure_domain::clock::Clock;
use assure_domain::model::{Actor, OrgRole};
use assure_domain::roles::PlanRole;
use assure_domain::{AuditChange, PlanDocument};
use assure_store::{NewUser, StoreError};
use assure_test_support as support;
use std::sync::Arc;
use uuid::Uuid;

#[tokio::test]
async fn people_are_unique_by_email_and_leads_link_only_within_a_council() {
    for db in support::databases().await {
        let store = support::open(&db, support::clock()).await;
        let north = new_org(&store, "Northbridge").await;
        let south = new_org(&store, "Southmere").await;
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
        // The web form's rule for an address holds for every caller.
        for bad in [
            "not-an-email",
            "kate@localhost",
            "@northbridge.example",
            "k m@x.example",
        ] {
            assert!(
                matches!(
                    store
                        .create_user(new(north, bad), &Actor::system("t"))
                        .await,
                    Err(StoreError::Invalid(_))
                ),
                "{bad}"
            );
        }
        let found = store
            .users_by_email(" kate.morris@NORTHBRIDGE.example")
            .await
            .expect("lookup");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0.id, kate.id);
        assert_eq!(found[0].1, None);
        let other = store
            .create_user(new(south, "sam@southmere.example"), &Actor::system("t"))
            .await
            .expect("user");
        // The same address in another council is another account, not a duplicate.
        let kate_south = store
            .create_user(
                new(south, "kate.morris@northbridge.example"),
                &Actor::system("t"),
            )
            .await
            .expect("the same email in another council");
        let both: Vec<_> = store
            .users_by_email("kate.morris@northbridge.example")
            .await
            .expect("lookup")
            .into_iter()
            .map(|(u, _)| (u.id, u.org_id))
            .collect();
        assert_eq!(both, [(kate.id, north), (kate_south.id, south)]);

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
async fn people_are_read_renamed_and_given_passwords_within_their_council() {
    for w in worlds().await {
        let s = &w.store;
        assert_eq!(s.user(w.lead.id).await.expect("user"), w.lead);
        assert!(is_not_found(&s.user(Uuid::now_v7()).await));

        s.set_password(w.lead.id, "$argon2id$v=19$secret", &w.actor(&w.admin))
            .await
            .expect("password");
        let hash = s.password_hash(w.lead.id).await.expect("lookup");
        assert_eq!(hash.as_deref(), Some("$argon2id$v=19$secret"));
        assert!(is_not_found(&s.password_hash(Uuid::now_v7()).await));
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

#[tokio::test]
async fn a_plan_keeps_its_only_owner_whoever_asks() {
    for w in worlds().await {
        let s = &w.store;
        // The CLI (the system) is held to the rule as the web is.
        for actor in [w.actor(&w.admin), Actor::system("cli")] {
            s.set_plan_role(w.plan, w.owner.id, PlanRole::Owner, &actor)
                .await
                .expect("owner");
            let rev = s.plan_revision(w.plan).await.expect("revision");
            assert!(
                invalid_message(s.remove_plan_role(w.plan, w.owner.id, &actor).await)
                    .contains("A plan needs an owner"),
                "{}",
                w.backend
            );
            for lesser in [PlanRole::Contributor, PlanRole::Lead, PlanRole::Viewer] {
                assert!(
                    invalid_message(s.set_plan_role(w.plan, w.owner.id, lesser, &actor).await)
                        .contains("give someone else the Owner role first")
                );
            }
            assert_eq!(
                s.plan_role(w.plan, w.owner.id).await.expect("role"),
                Some(PlanRole::Owner),
                "{}: nothing changed",
                w.backend
            );
            assert_eq!(s.plan_revision(w.plan).await.expect("revision"), rev);
        }
        let trail = s.audit_trail(w.plan).await.expect("trail");
        assert!(
            !trail.iter().any(|e| e.change == AuditChange::RemoveRole),
            "refusals leave no trail"
        );
    }
}

#[tokio::test]
async fn an_owner_may_step_down_once_there_is_another() {
    for w in worlds().await {
        let s = &w.store;
        let admin = w.actor(&w.admin);
        // A plan with no owner (imported from the command line) still takes roles.
        s.set_plan_role(w.plan, w.viewer.id, PlanRole::Viewer, &admin)
            .await
            .expect("a role on an ownerless plan");
        s.remove_plan_role(w.plan, w.viewer.id, &admin)
            .await
            .expect("and loses it");

        s.set_plan_role(w.plan, w.owner.id, PlanRole::Owner, &admin)
            .await
            .expect("owner");
        s.set_plan_role(w.plan, w.lead.id, PlanRole::Owner, &admin)
            .await
            .expect("second owner");
        s.set_plan_role(w.plan, w.owner.id, PlanRole::Contributor, &admin)
            .await
            .expect("the first steps down");
        assert!(
            invalid_message(s.remove_plan_role(w.plan, w.lead.id, &admin).await)
                .contains("needs an owner")
        );
        s.remove_plan_role(w.plan, w.owner.id, &admin)
            .await
            .expect("a non-owner goes");
        assert_eq!(
            s.plan_members(w.plan)
                .await
                .expect("members")
                .into_iter()
                .map(|(u, r)| (u.id, r))
                .collect::<Vec<_>>(),
            [(w.lead.id, PlanRole::Owner)],
            "{}",
            w.backend
        );
    }
}

/// How many times the races below are run: each round is a fresh chance for both
/// writers to pass a check the other has not yet committed.
const ROUNDS: usize = 10;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_two_owners_removed_at_once_one_stays() {
    for w in worlds().await {
        let admin = w.actor(&w.admin);
        for round in 0..ROUNDS {
            for u in [&w.owner, &w.lead] {
                w.store
                    .set_plan_role(w.plan, u.id, PlanRole::Owner, &admin)
                    .await
                    .expect("owner");
            }
            let start = Arc::new(tokio::sync::Barrier::new(2));
            let tasks: Vec<_> = [w.owner.id, w.lead.id]
                .into_iter()
                .map(|id| {
                    let (store, admin, plan) = (w.store.clone(), admin.clone(), w.plan);
                    let start = start.clone();
                    tokio::spawn(async move {
                        start.wait().await;
                        store.remove_plan_role(plan, id, &admin).await
                    })
                })
                .collect();
            let mut removed = 0;
            for t in tasks {
                match t.await.expect("task") {
                    Ok(()) => removed += 1,
                    Err(StoreError::Invalid(m)) => assert!(m.contains("needs an owner")),
                    Err(e) => panic!("{}: unexpected {e}", w.backend),
                }
            }
            assert_eq!(removed, 1, "{} round {round}", w.backend);
            let owners = w
                .store
                .plan_members(w.plan)
                .await
                .expect("members")
                .into_iter()
                .filter(|(_, r)| *r == PlanRole::Owner)
                .count();
            assert_eq!(owners, 1, "{} round {round}", w.backend);
        }
    }
}

#[tokio::test]
async fn an_organisation_keeps_its_last_admin() {
    for w in worlds().await {
        let s = &w.store;
        let admin = w.actor(&w.admin);
        for actor in [admin.clone(), Actor::system("cli")] {
            let me = s.user(w.admin.id).await.expect("admin");
            assert!(
                invalid_message(
                    s.update_user(me.id, me.version, &me.name, OrgRole::Member, &actor)
                        .await
                )
                .contains("at least one admin"),
                "{}",
                w.backend
            );
            assert_eq!(s.user(w.admin.id).await.expect("user"), me, "unchanged");
        }
        // With a second admin, one may step down; then the other is the last.
        let lead = s
            .update_user(w.lead.id, 1, "Lee Lead", OrgRole::Admin, &admin)
            .await
            .expect("promote");
        s.update_user(w.admin.id, 1, "Ada Admin", OrgRole::Member, &admin)
            .await
            .expect("step down");
        assert!(
            invalid_message(
                s.update_user(lead.id, lead.version, "Lee", OrgRole::Member, &admin)
                    .await
            )
            .contains("at least one admin")
        );
        // Renaming the last admin is no demotion.
        s.update_user(
            lead.id,
            lead.version,
            "Lee Lead-Smith",
            OrgRole::Admin,
            &admin,
        )
        .await
        .expect("rename");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_two_admins_demoting_each_other_at_once_one_stays() {
    for w in worlds().await {
        let sys = Actor::system("test");
        for round in 0..ROUNDS {
            // Both admins again, at their current versions.
            let mut admins = Vec::new();
            for id in [w.admin.id, w.lead.id] {
                let u = w.store.user(id).await.expect("person");
                let u = if u.role == OrgRole::Admin {
                    u
                } else {
                    w.store
                        .update_user(id, u.version, &u.name, OrgRole::Admin, &sys)
                        .await
                        .expect("admin again")
                };
                admins.push(u);
            }
            let start = Arc::new(tokio::sync::Barrier::new(2));
            let tasks: Vec<_> = admins
                .into_iter()
                .map(|u| {
                    let (store, sys, start) = (w.store.clone(), sys.clone(), start.clone());
                    tokio::spawn(async move {
                        start.wait().await;
                        store
                            .update_user(u.id, u.version, &u.name, OrgRole::Member, &sys)
                            .await
                    })
                })
                .collect();
            let mut demoted = 0;
            for t in tasks {
                match t.await.expect("task") {
                    Ok(_) => demoted += 1,
                    Err(StoreError::Invalid(m)) => assert!(m.contains("at least one admin")),
                    Err(e) => panic!("{}: unexpected {e}", w.backend),
                }
            }
            assert_eq!(demoted, 1, "{} round {round}", w.backend);
            let admins = w
                .store
                .users(w.org)
                .await
                .expect("people")
                .into_iter()
                .filter(|u| u.role == OrgRole::Admin)
                .count();
            assert_eq!(admins, 1, "{} round {round}", w.backend);
        }
    }
}

#[tokio::test]
async fn plan_access_answers_who_sees_a_plan_and_as_what() {
    for w in worlds().await {
        let s = &w.store;
        let admin = w.actor(&w.admin);
        s.set_plan_role(w.plan, w.lead.id, PlanRole::Lead, &admin)
            .await
            .expect("role");
        assert_eq!(
            s.plan_access(w.plan, &w.admin).await.expect("access"),
            Some((w.org, None)),
            "{}: an admin sees every plan of the council without a role",
            w.backend
        );
        assert_eq!(
            s.plan_access(w.plan, &w.lead).await.expect("access"),
            Some((w.org, Some(PlanRole::Lead)))
        );
        assert_eq!(
            s.plan_access(w.plan, &w.viewer).await.expect("access"),
            None,
            "no role, no plan"
        );
        assert_eq!(
            s.plan_access(w.plan, &w.other_admin).await.expect("access"),
            None,
            "another council's plan does not exist"
        );
        assert_eq!(
            s.plan_access(Uuid::now_v7(), &w.admin)
                .await
                .expect("access"),
            None
        );
        // The same answer as the plan list and the role, read in one query.
        for u in [&w.admin, &w.lead, &w.viewer, &w.other_admin] {
            let listed = s
                .plans_for_user(u)
                .await
                .expect("plans")
                .iter()
                .any(|p| p.id == w.plan);
            let access = s.plan_access(w.plan, u).await.expect("access");
            assert_eq!(access.is_some(), listed, "{}", u.name);
            if let Some((_, role)) = access {
                assert_eq!(role, s.plan_role(w.plan, u.id).await.expect("role"));
            }
        }
    }
}

#[tokio::test]
async fn a_disabled_person_has_no_session_and_an_organisation_keeps_an_admin_who_can_sign_in() {
    for w in worlds().await {
        let s = &w.store;
        let admin = w.actor(&w.admin);
        let now = w.clock.now();
        s.create_session(assure_store::NewSession {
            id_hash: "lead-session".into(),
            user_id: w.lead.id,
            csrf_token: "t".into(),
            expires_at: now + chrono::Duration::hours(1),
            user_agent: None,
        })
        .await
        .expect("session");
        let off = s
            .set_disabled(w.lead.id, true, &admin)
            .await
            .expect("disable");
        assert!(off.disabled, "{}", w.backend);
        assert!(s.user(w.lead.id).await.expect("user").disabled);
        assert!(s.session("lead-session").await.expect("read").is_none());
        // Twice is once: nothing more in the trail.
        s.set_disabled(w.lead.id, true, &admin)
            .await
            .expect("again");
        let on = s
            .set_disabled(w.lead.id, false, &admin)
            .await
            .expect("enable");
        assert!(!on.disabled);
        let trail = s.audit_trail(w.lead.id).await.expect("trail");
        let changes: Vec<&str> = trail
            .iter()
            .map(|e| e.change.as_str())
            .filter(|c| *c == "disable" || *c == "enable")
            .collect();
        assert_eq!(changes, ["disable", "enable"], "{}", w.backend);

        // Not oneself, not the last admin who can sign in, not another council's person.
        assert!(
            invalid_message(s.set_disabled(w.admin.id, true, &admin).await).contains("your own")
        );
        assert!(
            invalid_message(
                s.set_disabled(w.admin.id, true, &Actor::system("cli"))
                    .await
            )
            .contains("administrator who can sign in"),
            "{}",
            w.backend
        );
        assert!(is_not_found(
            &s.set_disabled(w.lead.id, true, &w.actor(&w.other_admin))
                .await
        ));
        assert!(!s.user(w.lead.id).await.expect("user").disabled);
    }
}
