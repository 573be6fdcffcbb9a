//! What an import leaves to check, kept with its plan and marked done one by one; and the
//! council and inspection record, edited after import.

use crate::world::{demo_plan, invalid_message, is_conflict, is_not_found, worlds};
use assure_domain::clock::Clock;
use assure_domain::import_report::{MAX_ITEMS, ReportItem};
use assure_domain::model::InspectionRecord;
use assure_domain::{AuditChange, AuditEntity, Inspection, Judgement};
use chrono::NaiveDate;

fn item(concern: &str, place: &str, text: &str) -> ReportItem {
    ReportItem {
        concern: concern.into(),
        place: place.into(),
        text: text.into(),
        advice: "Name who leads the action.".into(),
    }
}

#[tokio::test]
async fn an_imported_plan_keeps_its_things_to_check_and_each_is_marked_done_audited() {
    for w in worlds().await {
        let s = &w.store;
        let report = vec![
            item(
                "No lead",
                "Area 1, action 1.2",
                "Audit twenty visits a month",
            ),
            item("Date to be confirmed", "Area 2, action 2.1", "TBC"),
        ];
        let id = s
            .create_imported_plan(w.org, &demo_plan(), &report, &w.actor(&w.admin))
            .await
            .expect("imported plan");
        let kept = s.import_report(id).await.expect("report");
        assert_eq!(kept.len(), 2, "{}", w.backend);
        assert_eq!(kept[0].item, report[0]);
        assert_eq!(kept[1].item, report[1]);
        assert!(kept.iter().all(|k| k.done.is_none() && k.plan_id == id));
        // One creation, one event: the report is part of it.
        let trail = s.audit_trail(id).await.expect("trail");
        assert_eq!(trail.len(), 1);
        assert_eq!(trail[0].change, AuditChange::Create);
        // A plan created otherwise has nothing to check.
        assert!(s.import_report(w.plan).await.expect("none").is_empty());

        let revision = s.plan_revision(id).await.expect("revision");
        let done = s
            .mark_report_item(id, kept[0].id, true, &w.actor(&w.owner))
            .await
            .expect("marked done");
        let (by, at) = done.done.clone().expect("done");
        assert_eq!(by.user_id, Some(w.owner.id));
        assert_eq!(at, w.clock.now());
        assert!(s.plan_revision(id).await.expect("revision") > revision);
        let trail = s.audit_trail(id).await.expect("trail");
        let last = trail.last().expect("event");
        assert_eq!(last.entity, AuditEntity::ImportReportItem);
        assert_eq!(last.entity_id, kept[0].id);
        assert_eq!(last.change, AuditChange::MarkDone);
        assert_eq!(last.plan_id, Some(id));
        assert_eq!(
            last.before.as_ref().unwrap()["done"],
            serde_json::Value::Null
        );
        // Marking it done again changes and records nothing.
        let again = s
            .mark_report_item(id, kept[0].id, true, &w.actor(&w.admin))
            .await
            .expect("again");
        assert_eq!(again.done, done.done);
        assert_eq!(s.audit_trail(id).await.expect("trail").len(), trail.len());
        // And back to do.
        let undone = s
            .mark_report_item(id, kept[0].id, false, &w.actor(&w.owner))
            .await
            .expect("not done");
        assert!(undone.done.is_none());
        assert_eq!(
            s.audit_trail(id)
                .await
                .expect("trail")
                .last()
                .unwrap()
                .change,
            AuditChange::MarkNotDone
        );

        // Another plan's item, an unknown one, or another council's person: not found.
        assert!(is_not_found(
            &s.mark_report_item(w.plan, kept[1].id, true, &w.actor(&w.admin))
                .await
        ));
        assert!(is_not_found(
            &s.mark_report_item(id, uuid::Uuid::now_v7(), true, &w.actor(&w.admin))
                .await
        ));
        assert!(is_not_found(
            &s.mark_report_item(id, kept[1].id, true, &w.actor(&w.other_admin))
                .await
        ));
        assert!(s.import_report(id).await.unwrap()[1].done.is_none());
    }
}

#[tokio::test]
async fn every_thing_to_check_of_one_concern_is_marked_done_at_once() {
    for w in worlds().await {
        let s = &w.store;
        let report = vec![
            item("No lead", "Area 1, action 1.1", "One"),
            item("Date to be confirmed", "Area 1, action 1.1", "TBC"),
            item("No lead", "Area 1, action 1.2", "Two"),
            item("No lead", "Area 2, action 2.1", "Three"),
        ];
        let id = s
            .create_imported_plan(w.org, &demo_plan(), &report, &w.actor(&w.admin))
            .await
            .expect("plan");
        let first = s.import_report(id).await.unwrap()[0].id;
        s.mark_report_item(id, first, true, &w.actor(&w.admin))
            .await
            .expect("one done");
        let before = s.audit_trail(id).await.unwrap().len();
        let marked = s
            .mark_concern_done(id, "No lead", &w.actor(&w.owner))
            .await
            .expect("marked");
        assert_eq!(
            marked, 2,
            "{}: the one already done is left as it was",
            w.backend
        );
        let kept = s.import_report(id).await.unwrap();
        assert_eq!(kept[0].done.as_ref().unwrap().0.user_id, Some(w.admin.id));
        assert_eq!(kept[2].done.as_ref().unwrap().0.user_id, Some(w.owner.id));
        assert!(kept[3].done.is_some() && kept[1].done.is_none());
        let trail = s.audit_trail(id).await.unwrap();
        assert_eq!(trail.len(), before + 1, "one event for the lot");
        let last = trail.last().unwrap();
        assert_eq!(last.change, AuditChange::MarkDone);
        assert_eq!(
            last.after.as_ref().unwrap()["items"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
        // Nothing left of it: nothing marked, nothing recorded.
        assert_eq!(
            s.mark_concern_done(id, "No lead", &w.actor(&w.owner))
                .await
                .unwrap(),
            0
        );
        assert_eq!(s.audit_trail(id).await.unwrap().len(), before + 1);
        assert!(is_not_found(
            &s.mark_concern_done(id, "No lead", &w.actor(&w.other_admin))
                .await
        ));
    }
}

#[tokio::test]
async fn a_report_out_of_bounds_writes_nothing() {
    for w in worlds().await {
        let s = &w.store;
        let before = s.plans(None).await.expect("plans").len();
        let too_many = vec![item("No lead", "", ""); MAX_ITEMS + 1];
        let r = s
            .create_imported_plan(w.org, &demo_plan(), &too_many, &w.actor(&w.admin))
            .await;
        assert!(invalid_message(r).contains("at most"), "{}", w.backend);
        let nameless = vec![item("  ", "Area 1", "text")];
        let r = s
            .create_imported_plan(w.org, &demo_plan(), &nameless, &w.actor(&w.admin))
            .await;
        assert!(invalid_message(r).contains("no concern"));
        assert_eq!(s.plans(None).await.expect("plans").len(), before);
    }
}

#[tokio::test]
async fn the_council_and_inspection_record_is_versioned_checked_and_audited() {
    for w in worlds().await {
        let s = &w.store;
        let plan = w.plan().await;
        let record = InspectionRecord {
            organisation: Some("  Northbridge Borough Council ".into()),
            inspection: Some(Inspection {
                framework: Some("ILACS".into()),
                kind: Some("Inspection of local authority children's services".into()),
                dates: Some("2 to 13 March 2026".into()),
                report_published: NaiveDate::from_ymd_opt(2026, 4, 20),
                judgements: vec![Judgement {
                    area: "Overall effectiveness ".into(),
                    grade: "Requires improvement to be good".into(),
                }],
            }),
        };
        let saved = s
            .update_inspection(plan.id, plan.version, &record, &w.actor(&w.owner))
            .await
            .expect("saved");
        assert_eq!(
            saved.organisation.as_deref(),
            Some("Northbridge Borough Council")
        );
        let i = saved.inspection.clone().expect("inspection");
        assert_eq!(i.report_published, NaiveDate::from_ymd_opt(2026, 4, 20));
        assert_eq!(i.judgements[0].area, "Overall effectiveness");
        assert_eq!(saved.version, plan.version + 1);
        // Read back exactly, and exported in the plan document.
        let read = s.plan(plan.id).await.expect("read");
        assert_eq!(read.inspection, saved.inspection, "{}", w.backend);
        assert_eq!(read.to_document().inspection, saved.inspection);
        let last = s.audit_trail(plan.id).await.expect("trail");
        let last = last.last().expect("event");
        assert_eq!(last.change, AuditChange::SetInspection);
        assert_eq!(
            last.after.as_ref().unwrap()["inspection"]["report_published"],
            "2026-04-20"
        );

        // Stale: a conflict, nothing written.
        assert!(is_conflict(
            &s.update_inspection(plan.id, plan.version, &record, &w.actor(&w.owner))
                .await
        ));
        // A judgement without a grade is refused.
        let mut bad = record.clone();
        bad.inspection.as_mut().unwrap().judgements[0].grade = " ".into();
        let r = s
            .update_inspection(plan.id, saved.version, &bad, &w.actor(&w.owner))
            .await;
        assert!(invalid_message(r).contains("area and a grade"));
        // Clearing everything leaves no inspection at all.
        let blank = InspectionRecord {
            organisation: Some(" ".into()),
            inspection: Some(Inspection::default()),
        };
        let cleared = s
            .update_inspection(plan.id, saved.version, &blank, &w.actor(&w.owner))
            .await
            .expect("cleared");
        assert_eq!(cleared.organisation, None);
        assert_eq!(cleared.inspection, None);
        // Another council's admin cannot see the plan.
        assert!(is_not_found(
            &s.update_inspection(plan.id, cleared.version, &record, &w.actor(&w.other_admin))
                .await
        ));
    }
}
