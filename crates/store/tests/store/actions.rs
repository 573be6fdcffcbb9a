//! A plan's areas and actions: adding, editing, replacing leads, deleting; and what a
//! stale edit does.

use crate::world::{
    World, demo_plan, invalid_message, is_conflict, is_not_found, lead_texts, new_action, new_org,
    saved_fields, status, worlds,
};
use assure_domain::model::{Actor, AreaFields};
use assure_domain::{AuditChange, Meaning, StatusValue};
use assure_store::StoreError;
use assure_test_support as support;
use serde_json::Value;
use uuid::Uuid;

#[tokio::test]
async fn a_stale_edit_is_a_conflict_and_changes_nothing() {
    for db in support::databases().await {
        let store = support::open(&db, support::clock()).await;
        let org_id = new_org(&store, "Northbridge").await;
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
            meaning: Meaning::OffTrack,
        });
        let leads = lead_texts(action);

        let saved = store
            .edit_action(
                action.id,
                action.version,
                &mine,
                leads.clone(),
                &Actor::system("first"),
            )
            .await
            .expect("first save");
        assert_eq!(saved.version, action.version + 1);
        assert_eq!(saved.text, mine.text);

        let second = store
            .edit_action(
                action.id,
                action.version,
                &theirs,
                leads,
                &Actor::system("second"),
            )
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

        let trail = store.audit_trail(action.id).await.expect("audit");
        assert_eq!(
            trail.len(),
            1,
            "{}: one audit event for one save",
            db.backend
        );
        assert_eq!(trail[0].change, AuditChange::Update);
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
async fn areas_are_edited_and_added_within_their_council() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.owner);
        let plan = w.plan().await;
        let area = &plan.areas[1];

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

/// Adds action 2.7 (with the leads "HoS CP", linked to the owner, and "New lead") at the
/// end of the second area, and two children beneath it.
async fn add_tree(w: &World) -> (Uuid, Uuid, Uuid) {
    let s = &w.store;
    let me = w.actor(&w.owner);
    let area = w.plan().await.areas[1].id;
    s.link_lead(w.plan, "HoS CP", w.owner.id, &me)
        .await
        .expect("link");
    let mut fields = new_action("Audit every child's plan at the 12-week point");
    fields.r#ref = Some("2.7".into());
    fields.status = Some(status("Green", Meaning::OnTrack));
    let top = s
        .add_action(
            area,
            None,
            &fields,
            vec!["HoS CP".into(), " New lead ".into(), "".into()],
            &me,
        )
        .await
        .expect("action");
    let child = s
        .add_action(
            area,
            Some(top),
            &new_action("Pilot in the West team"),
            vec![],
            &me,
        )
        .await
        .expect("child");
    let second_child = s
        .add_action(area, Some(top), &new_action("Roll out"), vec![], &me)
        .await
        .expect("child");
    (top, child, second_child)
}

#[tokio::test]
async fn actions_are_added_after_their_siblings_with_leads_linked_as_elsewhere() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.owner);
        let (top, child, second_child) = add_tree(&w).await;
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
    }
}

#[tokio::test]
async fn replacing_leads_keeps_the_person_of_an_unchanged_one() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.owner);
        let (top, _, _) = add_tree(&w).await;
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
    }
}

#[tokio::test]
async fn deleting_an_action_takes_its_children_and_the_trail_keeps_the_whole() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.owner);
        let (top, child, _) = add_tree(&w).await;
        let action = w.action(top).await;
        s.set_action_leads(top, action.version, vec!["HoS CP".into()], &me)
            .await
            .expect("leads");

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
        assert_eq!(plan.to_document(), demo_plan(), "{}", w.backend);
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
        assert_eq!(last.change, AuditChange::Update);
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
