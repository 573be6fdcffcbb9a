//! A plan's measures: made, edited and removed with their links, targets kept as a
//! history, values recorded from a grid or an upload with corrections in the trail, and
//! measures carried in and out of plan documents.

use crate::world::{date, demo_plan, invalid_message, is_conflict, worlds};
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::measures::{
    Direction, Frequency, MeasureDoc, MeasureFields, MeasureLink, MeasurePeriod, Target, Unit,
};
use assure_domain::status::Meaning;
use assure_store::{StoreError, ValueEntry};

fn fields(name: &str) -> MeasureFields {
    MeasureFields {
        name: name.into(),
        definition: Some("  Audits graded good or better, of all audits completed  ".into()),
        unit: Unit::Percentage,
        direction: Direction::HigherIsBetter,
        frequency: Frequency::Monthly,
        source: Some("Audit tool".into()),
        owner: None,
        tolerance: None,
        links: Vec::new(),
    }
}

fn target(y: i32, m: u32, value: f64) -> Target {
    Target {
        from: date(y, m, 1),
        value,
        upper: None,
        reason: None,
    }
}

fn month(y: i32, m: u32) -> MeasurePeriod {
    MeasurePeriod::containing(date(y, m, 1), Frequency::Monthly)
}

fn cell(measure: uuid::Uuid, p: MeasurePeriod, value: Option<f64>, was: Option<f64>) -> ValueEntry {
    ValueEntry {
        measure_id: measure,
        period: p,
        value,
        note: None,
        was,
        replace: false,
    }
}

#[tokio::test]
async fn a_measure_is_made_linked_edited_and_removed_each_audited() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.admin);
        let action = w.by_ref("1.1").await;
        let mut f = fields("  Audits   graded good ");
        f.links = vec![MeasureLink::Action(action.id)];
        let id = s
            .create_measure(w.plan, &f, Some(&target(2026, 4, 85.0)), &me)
            .await
            .expect("made");
        let m = s.measure(w.plan, id).await.expect("read");
        assert_eq!(m.fields.name, "Audits graded good", "{}", w.backend);
        assert_eq!(
            m.fields.definition.as_deref(),
            Some("Audits graded good or better, of all audits completed")
        );
        assert_eq!(m.fields.links, [MeasureLink::Action(action.id)]);
        assert_eq!(m.targets, [target(2026, 4, 85.0)]);
        // The plan as read carries it, and names its link by ref in its document.
        let plan = w.plan().await;
        let doc = plan.to_document();
        let mine = doc
            .measures
            .iter()
            .find(|m| m.name == "Audits graded good")
            .expect("in the document");
        assert_eq!(mine.links, ["1.1"]);

        // A name the plan has (ignoring case) is refused.
        let dup = s
            .create_measure(w.plan, &fields("AUDITS GRADED GOOD"), None, &me)
            .await;
        assert!(
            matches!(dup, Err(StoreError::Duplicate(_))),
            "{}: {dup:?}",
            w.backend
        );
        // A link to another plan's action is refused, and nothing is made.
        let theirs = s.plan(w.other_plan).await.expect("other plan");
        let (_, _, other_action) = theirs.actions()[0];
        let mut bad = fields("Re-referrals");
        bad.links = vec![MeasureLink::Action(other_action.id)];
        let msg = invalid_message(s.create_measure(w.plan, &bad, None, &me).await);
        assert!(msg.contains("this plan's areas and actions"), "{msg}");
        let before = plan.measures.len();
        assert_eq!(s.measures(w.plan).await.expect("list").len(), before);

        // Edited; a stale version is a conflict.
        let mut f2 = f.clone();
        f2.owner = Some("Head of Quality Assurance".into());
        s.edit_measure(w.plan, id, m.version, &f2, &me)
            .await
            .expect("edited");
        let stale = s.edit_measure(w.plan, id, m.version, &f2, &me).await;
        assert!(is_conflict(&stale), "{}: {stale:?}", w.backend);
        // A direction its targets no longer fit is refused: a range needs an upper end.
        let mut ranged = f2.clone();
        ranged.direction = Direction::WithinRange;
        let now = s.measure(w.plan, id).await.expect("read").version;
        let msg = invalid_message(s.edit_measure(w.plan, id, now, &ranged, &me).await);
        assert!(msg.contains("upper end"), "{msg}");

        s.remove_measure(w.plan, id, now, &me)
            .await
            .expect("removed");
        assert_eq!(s.measures(w.plan).await.expect("list").len(), before - 1);
        assert!(s.measure(w.plan, id).await.is_err());
        let trail = s.plan_trail(w.plan, None).await.expect("trail");
        let changes: Vec<_> = trail
            .iter()
            .filter(|e| e.entity == AuditEntity::Measure)
            .map(|e| e.change)
            .collect();
        for c in [
            AuditChange::Create,
            AuditChange::Update,
            AuditChange::Delete,
        ] {
            assert!(changes.contains(&c), "{}: {changes:?}", w.backend);
        }
    }
}

#[tokio::test]
async fn a_changed_target_keeps_the_old_one_for_its_periods() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.owner);
        let admin = w.actor(&w.admin);
        let id = s
            .create_measure(
                w.plan,
                &fields("Audits graded good"),
                Some(&target(2025, 4, 85.0)),
                &admin,
            )
            .await
            .expect("made");
        let v = s.measure(w.plan, id).await.expect("read").version;
        let mut raised = target(2026, 4, 90.0);
        raised.reason = Some("Agreed with the improvement board".into());
        s.set_target(w.plan, id, v, &raised, &me)
            .await
            .expect("raised");
        let m = s.measure(w.plan, id).await.expect("read");
        assert_eq!(m.targets.len(), 2, "{}", w.backend);
        assert_eq!(
            m.history().changes(Unit::Percentage),
            ["Target raised from 85% to 90% from 1 April 2026: Agreed with the improvement board"]
        );
        assert_eq!(
            m.history().for_period(month(2026, 3)).map(|t| t.value),
            Some(85.0)
        );
        // A target that does not fit the unit is refused and nothing changes.
        let msg = invalid_message(
            s.set_target(w.plan, id, m.version, &target(2026, 9, 140.0), &me)
                .await,
        );
        assert!(msg.contains("outside 0 to 100"), "{msg}");
        assert_eq!(s.measure(w.plan, id).await.expect("read").targets.len(), 2);
        let trail = s.audit_trail(id).await.expect("trail");
        assert!(
            trail.iter().any(|e| e.change == AuditChange::SetTarget),
            "{}",
            w.backend
        );
    }
}

#[tokio::test]
async fn values_are_recorded_corrected_and_cleared_with_the_old_value_in_the_trail() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.owner);
        let id = s
            .create_measure(
                w.plan,
                &fields("Audits graded good"),
                Some(&target(2026, 1, 85.0)),
                &w.actor(&w.admin),
            )
            .await
            .expect("made");
        let out = s
            .record_values(
                w.plan,
                &[
                    cell(id, month(2026, 1), Some(81.0), None),
                    cell(id, month(2026, 2), Some(86.5), None),
                    cell(id, month(2026, 3), Some(70.0), None),
                ],
                &me,
            )
            .await
            .expect("recorded");
        assert_eq!(
            (out.added, out.changed, out.cleared),
            (3, 0, 0),
            "{}",
            w.backend
        );

        // A correction, a clearing, and a cell someone else changed meanwhile.
        let out = s
            .record_values(
                w.plan,
                &[
                    cell(id, month(2026, 1), Some(82.0), Some(81.0)),
                    cell(id, month(2026, 2), None, Some(86.5)),
                    cell(id, month(2026, 3), Some(75.0), Some(71.0)),
                    // Unchanged: nothing to do.
                    cell(id, month(2026, 4), None, None),
                ],
                &me,
            )
            .await
            .expect("recorded");
        assert_eq!(
            (out.added, out.changed, out.cleared),
            (0, 1, 1),
            "{}",
            w.backend
        );
        assert_eq!(out.conflicted, ["Audits graded good, March 2026"]);
        let m = s.measure(w.plan, id).await.expect("read");
        let values: Vec<_> = m.values.iter().map(|v| (v.period.key(), v.value)).collect();
        assert_eq!(
            values,
            [("2026-01".to_string(), 82.0), ("2026-03".to_string(), 70.0)]
        );
        assert_eq!(m.values[0].entered_by, "Olu Owner");
        assert_eq!(m.latest_status(), Some(Meaning::OffTrack));
        // The correction keeps the old value in the measure's trail.
        let trail = s.audit_trail(id).await.expect("trail");
        let corrected = trail
            .iter()
            .find(|e| e.entity == AuditEntity::MeasureValue && e.change == AuditChange::Update)
            .expect("the correction");
        assert_eq!(corrected.before.as_ref().expect("before")["value"], 81.0);
        assert_eq!(corrected.after.as_ref().expect("after")["value"], 82.0);

        // One bad value refuses the whole save: nothing is written.
        let msg = invalid_message(
            s.record_values(
                w.plan,
                &[
                    cell(id, month(2026, 5), Some(90.0), None),
                    cell(id, month(2026, 6), Some(190.0), None),
                ],
                &me,
            )
            .await,
        );
        assert!(
            msg.starts_with("Audits graded good, June 2026: the value is a percentage outside"),
            "{msg}"
        );
        assert_eq!(
            s.measure(w.plan, id).await.expect("read").values.len(),
            2,
            "{}",
            w.backend
        );
        // A measure of another plan is not found.
        let other = s
            .record_values(
                w.other_plan,
                &[cell(id, month(2026, 5), Some(1.0), None)],
                &me,
            )
            .await;
        assert!(
            matches!(other, Err(StoreError::NotFound { .. })),
            "{}: {other:?}",
            w.backend
        );
    }
}

fn doc_measure(links: &[&str]) -> MeasureDoc {
    serde_json::from_value(serde_json::json!({
        "name": "Weeks in pre-proceedings",
        "definition": "Average weeks from the legal planning meeting to a decision",
        "unit": "weeks",
        "direction": "lower_is_better",
        "frequency": "monthly",
        "source": "Legal tracker",
        "owner": "HoS CP",
        "targets": [
            {"from": "2025-04-01", "value": 20, "reason": null},
            {"from": "2026-04-01", "value": 16, "reason": "Public Law Outline"}
        ],
        "tolerance": {"percent": 10.0},
        "values": [
            {"period": "2026-03", "value": 19.5, "note": null},
            {"period": "2026-04", "value": 18.0, "note": "Two complex cases"}
        ],
        "links": links
    }))
    .expect("a measure")
}

#[tokio::test]
async fn measures_travel_in_plan_documents_and_imports() {
    for w in worlds().await {
        let s = &w.store;
        let admin = w.actor(&w.admin);
        // A plan document with a measure makes the plan with it, linked by ref.
        let mut doc = demo_plan();
        doc.measures = vec![doc_measure(&["1.1", "1"])];
        doc.title = "A plan with one measure".into();
        let plan_id = s.create_plan(w.org, &doc, &admin).await.expect("created");
        let plan = s.plan(plan_id).await.expect("plan");
        let out = plan.to_document();
        let m = &out.measures[0];
        assert_eq!(m.targets, doc.measures[0].targets, "{}", w.backend);
        assert_eq!(m.values, doc.measures[0].values);
        let mut links = m.links.clone();
        links.sort();
        assert_eq!(links, ["1", "1.1"]);
        // 18 weeks against 16, 10% tolerance (1.6 weeks): off track.
        assert_eq!(m.status, Some(Meaning::OffTrack));
        assert_eq!(m.target, Some(16.0));
        // The document goes out and comes back as it went.
        let back: assure_domain::PlanDocument =
            serde_json::from_str(&serde_json::to_string(&out).unwrap()).unwrap();
        assert_eq!(back.measures, out.measures);

        // Importing into the plan again updates by name, not twice.
        let mut again = doc_measure(&["1.2"]);
        again.values.truncate(1);
        assert_eq!(
            s.import_measures(plan_id, &[again], &admin)
                .await
                .expect("imported"),
            1
        );
        let plan = s.plan(plan_id).await.expect("plan");
        assert_eq!(plan.measures.len(), 1, "{}", w.backend);
        assert_eq!(plan.measures[0].values.len(), 1);
        // A link to a ref the plan does not have refuses the import: nothing changes.
        let msg = invalid_message(
            s.import_measures(plan_id, &[doc_measure(&["9.9"])], &admin)
                .await,
        );
        assert!(msg.contains("\"9.9\", which is not a ref"), "{msg}");
        assert_eq!(
            s.plan(plan_id).await.expect("plan").measures[0]
                .values
                .len(),
            1
        );
        // A document with a bad measure makes no plan at all.
        let mut bad = demo_plan();
        let mut twice = doc_measure(&[]);
        twice.values.push(twice.values[0].clone());
        bad.measures = vec![twice];
        let before = s.plans(Some(w.org)).await.expect("plans").len();
        let msg = invalid_message(s.create_plan(w.org, &bad, &admin).await);
        assert!(msg.contains("two values for March 2026"), "{msg}");
        assert_eq!(s.plans(Some(w.org)).await.expect("plans").len(), before);
    }
}
