//! Plans as a whole: saving and reading them exactly, their fields, settings and status
//! key, their revision, and linking their leads.

use crate::world::{
    demo_plan, invalid_message, is_conflict, is_not_found, new_org, update, worlds,
};
use assure_domain::model::{Actor, PlanFields, PlanSettings};
use assure_domain::periods::Cadence;
use assure_domain::{AuditChange, AuditEntity, Meaning, PlanDocument, StatusDef};
use assure_store::prelude::*;
use assure_store::{NewEvidence, StoreError};
use assure_test_support as support;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Arc;
use uuid::Uuid;

async fn round_trip(store: &Arc<dyn Store>, org_id: Uuid, raw: &str, name: &str) {
    let input: Value = serde_json::from_str(raw).expect("fixture JSON");
    let doc: PlanDocument =
        serde_json::from_value(input.clone()).expect("fixture is a plan document");
    let id = store
        .create_plan(org_id, &doc, &Actor::system("test"))
        .await
        .unwrap_or_else(|e| panic!("{name} on {}: {e}", store.backend()));
    let stored = store.plan(id).await.expect("read back");
    let output = serde_json::to_value(stored.to_document()).expect("export");
    support::assert_json_contains(&input, &output, name);
    assert_eq!(stored.to_document(), doc, "{name} on {}", store.backend());
}

#[tokio::test]
async fn every_real_plan_and_the_demo_round_trip_exactly() {
    let mut checked = 0;
    for db in support::databases().await {
        let mut here = 0;
        let store = support::open(&db, support::clock()).await;
        let org_id = new_org(&store, "Northbridge Borough Council").await;
        let demo = std::fs::read_to_string(support::demo_plan_path()).expect("demo plan");
        round_trip(&store, org_id, &demo, "demo").await;
        here += 1;
        if let Some(dir) = support::fixtures_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("truth"))
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
async fn creating_a_plan_is_audited_and_an_invalid_one_writes_nothing() {
    for db in support::databases().await {
        let clock = support::clock();
        let store = support::open(&db, clock.clone()).await;
        let org_id = new_org(&store, "Northbridge").await;
        let doc = demo_plan();
        let id = store
            .create_plan(org_id, &doc, &Actor::system("cli"))
            .await
            .expect("plan");
        let trail = store.audit_trail(id).await.expect("audit");
        assert_eq!(trail.len(), 1);
        assert_eq!(trail[0].entity, AuditEntity::Plan);
        assert_eq!(trail[0].change, AuditChange::Create);
        assert_eq!(
            trail[0].after.as_ref().unwrap()["title"],
            Value::String(doc.title.clone())
        );
        assert_eq!(
            trail[0].at,
            assure_domain::clock::Clock::now(clock.as_ref())
        );

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
            .create_plan(Uuid::now_v7(), &doc, &Actor::system("cli"))
            .await;
        assert!(matches!(unknown_org, Err(StoreError::NotFound { .. })));
        assert!(matches!(
            store.plan(Uuid::now_v7()).await,
            Err(StoreError::NotFound { entity: "plan", .. })
        ));
    }
}

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
            update_cadence: Cadence::Fortnightly.into(),
            review_cadence: Cadence::Monthly,
            impact_interval_months: 6,
            stalled_periods: 4,
            reminder_days: 3,
        };
        let saved = s
            .update_plan_settings(w.plan, 2, settings.clone(), &me)
            .await
            .expect("settings");
        assert_eq!((saved.version, &saved.settings), (3, &settings));
        assert!(is_conflict(
            &s.update_plan_settings(w.plan, 2, settings.clone(), &me)
                .await
        ));
        let silly = PlanSettings {
            impact_interval_months: 0,
            ..settings.clone()
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

        let changes: Vec<&str> = s
            .audit_trail(w.plan)
            .await
            .expect("trail")
            .into_iter()
            .map(|e| e.change.as_str())
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

/// A plan updated on its own dates keeps them, in order, and goes back to a regular
/// cadence with none left behind.
#[tokio::test]
async fn custom_update_dates_are_kept_and_dropped() {
    use assure_domain::Schedule;
    use assure_domain::schedule::CustomDates;
    let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).expect("date");
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.owner);
        let plan = w.plan().await;
        let dates = CustomDates::new(vec![d(2027, 3, 15), d(2027, 1, 15)]).expect("dates");
        let custom = PlanSettings {
            update_cadence: Schedule::Custom(dates),
            ..plan.settings.clone()
        };
        let saved = s
            .update_plan_settings(w.plan, plan.version, custom.clone(), &me)
            .await
            .expect("custom dates");
        let read = w.plan().await;
        assert_eq!(read.settings, custom, "{}", w.backend);
        assert_eq!(
            read.settings.update_cadence.custom_dates(),
            [d(2027, 1, 15), d(2027, 3, 15)]
        );
        let monthly = PlanSettings {
            update_cadence: Cadence::Monthly.into(),
            ..custom.clone()
        };
        s.update_plan_settings(w.plan, saved.version, monthly.clone(), &me)
            .await
            .expect("monthly again");
        assert_eq!(w.plan().await.settings, monthly, "{}", w.backend);
        // The audit keeps both schedules as they were written.
        let last = s
            .audit_trail(w.plan)
            .await
            .expect("trail")
            .into_iter()
            .last()
            .expect("an event");
        let before = last.before.expect("before");
        assert_eq!(
            before["update_cadence"],
            serde_json::json!(["2027-01-15", "2027-03-15"])
        );
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

#[tokio::test]
async fn status_labels_are_distinct_whatever_their_case() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.owner);
        let plan = w.plan().await;
        let mut scheme = plan.status_scheme.clone();
        scheme.push(StatusDef {
            label: format!(" {} ", scheme[0].label.to_uppercase()),
            meaning: Meaning::Ahead,
            description: None,
        });
        assert!(
            invalid_message(s.set_status_scheme(w.plan, plan.version, scheme, &me).await)
                .contains("twice"),
            "{}",
            w.backend
        );
        assert_eq!(w.plan().await.version, plan.version, "nothing written");
    }
}

#[tokio::test]
async fn a_lead_is_linked_only_where_the_plan_uses_it() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.admin);
        let rev = s.plan_revision(w.plan).await.expect("revision");
        let refused = s
            .link_lead(w.plan, "Nobody in this plan", w.lead.id, &me)
            .await;
        assert!(
            invalid_message(refused).contains("not a lead of this plan"),
            "{}",
            w.backend
        );
        assert_eq!(
            s.plan_revision(w.plan).await.expect("revision"),
            rev,
            "a refused link changes nothing"
        );
        // A glossary abbreviation counts even where no action is led by it yet.
        let plan = w.plan().await;
        let unused = plan.glossary.iter().find(|g| {
            !plan
                .actions()
                .iter()
                .any(|(_, _, a)| a.leads.iter().any(|l| l.text == g.abbreviation))
        });
        if let Some(g) = unused {
            let linked = s
                .link_lead(w.plan, &g.abbreviation, w.lead.id, &me)
                .await
                .expect("glossary link");
            assert_eq!(linked, 0);
        }
    }
}
