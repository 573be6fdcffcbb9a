//! Update rounds in the store: every status change kept in the transaction that makes it
//! (the status history), review meetings that set a round's deadline, and chases that
//! record what is due from whom — worked out by the store, refused when nothing is due,
//! for a round not begun, or across councils; all in the plan's trail.

use crate::world::{date, invalid_message, is_not_found, lead_texts, status, update, worlds};
use assure_domain::Meaning;
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::clock::Clock;
use assure_domain::model::{Actor, PlanSettings};
use assure_domain::periods::{Cadence, period_containing};
use assure_domain::status_history::{StatusAt, StatusHistory};
use assure_store::NewEvidence;

fn label(s: &StatusAt) -> Option<String> {
    match s {
        StatusAt::NotRecorded => None,
        StatusAt::Status(v) => Some(v.as_ref().map_or("none".into(), |v| v.label.clone())),
    }
}

#[tokio::test]
async fn every_status_change_is_kept_and_each_period_keeps_its_last() {
    for w in worlds().await {
        let s = &w.store;
        let (owner, lead) = (w.actor(&w.owner), w.actor(&w.lead));
        let a = w.by_ref("2.4").await;
        // From the import: Amber, the day the plan was made.
        let first = s.action_status_changes(a.id).await.expect("history");
        assert_eq!(first.len(), 1, "{}", w.backend);
        assert_eq!(first[0].at, w.clock.now());
        // An update that sets a status; one that does not.
        let a = s
            .write_update(
                a.id,
                a.version,
                update("Slipped", Some(status("Red", Meaning::OffTrack))),
                &lead,
            )
            .await
            .expect("update");
        let a = s
            .write_update(a.id, a.version, update("Still red", None), &lead)
            .await
            .expect("update");
        // December: an edit of the status.
        w.clock.advance(chrono::Duration::days(9));
        let mut fields = a.fields();
        fields.status = Some(status("Green", Meaning::OnTrack));
        let a = s
            .edit_action(a.id, a.version, &fields, lead_texts(&a), &owner)
            .await
            .expect("edit");
        // An edit that leaves the status alone adds nothing.
        let mut fields = a.fields();
        fields.impact = Some("Fewer drift cases".into());
        s.edit_action(a.id, a.version, &fields, lead_texts(&a), &owner)
            .await
            .expect("edit");

        let changes = s.action_status_changes(a.id).await.expect("history");
        let labels: Vec<_> = changes
            .iter()
            .map(|c| c.status.as_ref().map(|v| v.label.as_str()))
            .collect();
        assert_eq!(labels, [Some("Amber"), Some("Red"), Some("Green")]);
        let h = StatusHistory::new(s.status_changes(w.plan).await.expect("plan's"));
        let periods: Vec<_> = [date(2026, 10, 5), date(2026, 11, 5), date(2026, 12, 5)]
            .iter()
            .map(|d| period_containing(*d, Cadence::Monthly))
            .collect();
        let row: Vec<_> = h.row(a.id, &periods).iter().map(label).collect();
        assert_eq!(
            row,
            [None, Some("Red".into()), Some("Green".into())],
            "{}: before the plan was in Assure nothing is recorded",
            w.backend
        );

        // Sign-off makes it complete: another change, at that moment.
        let b = w.by_ref("2.3").await;
        let b = s
            .propose_complete(b.id, b.version, None, &lead)
            .await
            .expect("propose");
        s.add_evidence(
            b.id,
            NewEvidence::link("Audit", "https://intranet.example/a"),
            &lead,
        )
        .await
        .expect("evidence");
        s.sign_off(b.id, b.version, None, &owner)
            .await
            .expect("sign off");
        let last = s
            .action_status_changes(b.id)
            .await
            .expect("history")
            .pop()
            .expect("a change");
        assert_eq!(last.status.map(|v| v.meaning), Some(Meaning::Complete));
        assert_eq!(last.at, w.clock.now());
        // Another council's plan has its own.
        let other = s.status_changes(w.other_plan).await.expect("other");
        assert!(
            other
                .iter()
                .all(|c| c.action_id != a.id && c.action_id != b.id)
        );
    }
}

#[tokio::test]
async fn a_review_meeting_sets_the_deadline_and_a_chase_records_what_is_due_from_whom() {
    for w in worlds().await {
        let s = &w.store;
        let sys = Actor::system("test");
        let owner = w.actor(&w.owner);
        s.link_lead(w.plan, "HoS CP", w.lead.id, &sys)
            .await
            .expect("link");
        // A review on Tuesday 24 November: updates due five working days before.
        let m = s
            .add_meeting(w.plan, date(2026, 11, 24), &owner)
            .await
            .expect("meeting");
        assert!(
            invalid_message(s.add_meeting(w.plan, date(2026, 11, 24), &owner).await)
                .contains("already has a review meeting on 24 November 2026")
        );
        s.add_meeting(w.plan, date(2026, 12, 15), &owner)
            .await
            .expect("December's");
        let listed = s.meetings(w.plan).await.expect("meetings");
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[0], m);
        assert!(s.meetings(w.other_plan).await.expect("other").is_empty());

        let revision = s.plan_revision(w.plan).await.expect("revision");
        let c = s
            .chase(w.plan, w.lead.id, date(2026, 11, 2), &owner)
            .await
            .expect("chase");
        assert_eq!(c.period.label, "November 2026 update");
        assert_eq!(c.deadline, date(2026, 11, 17), "{}", w.backend);
        assert_eq!(c.chased_by, owner);
        assert_eq!(c.emailed_at, None, "for a mailer to send");
        // HoS CP: 2.1's second sub-action, 3.4 and 3.5 have no November update.
        let plan = w.plan().await;
        let refs: Vec<_> = c
            .action_ids
            .iter()
            .map(|id| plan.find_action(*id).expect("action").r#ref.clone())
            .collect();
        assert_eq!(refs, [None, Some("3.4".into()), Some("3.5".into())]);
        assert!(s.plan_revision(w.plan).await.expect("revision") > revision);
        assert_eq!(
            s.chases(w.plan, date(2026, 11, 1)).await.expect("chases"),
            vec![c.clone()]
        );
        assert_eq!(
            s.chases_for(w.lead.id, w.today()).await.expect("mine"),
            vec![c.clone()]
        );
        assert!(
            s.chases_for(w.lead.id, date(2026, 12, 1))
                .await
                .expect("later")
                .is_empty(),
            "November's chase is not December's"
        );
        let trail = s.plan_trail(w.plan, None).await.expect("trail");
        let e = trail.last().expect("event");
        assert_eq!(
            (e.entity, e.change, e.entity_id, e.subject_id),
            (AuditEntity::Chase, AuditChange::Create, c.id, Some(w.plan))
        );
        assert_eq!(e.after.as_ref().expect("after")["person"], "Lee Lead");

        // Someone who leads nothing due, a round not begun, and another council.
        assert!(
            invalid_message(s.chase(w.plan, w.viewer.id, w.today(), &owner).await)
                .contains("Vi Viewer has nothing left to update")
        );
        assert!(
            invalid_message(s.chase(w.plan, w.lead.id, date(2026, 12, 1), &owner).await)
                .contains("has not begun")
        );
        let outsider = w.actor(&w.other_admin);
        assert!(is_not_found(
            &s.chase(w.plan, w.lead.id, w.today(), &outsider).await
        ));
        assert!(is_not_found(
            &s.chase(w.plan, w.other_admin.id, w.today(), &owner).await
        ));

        // Once every one of them is updated there is nothing to chase.
        for id in &c.action_ids {
            let a = w.action(*id).await;
            s.write_update(
                a.id,
                a.version,
                update("Done this month", None),
                &w.actor(&w.lead),
            )
            .await
            .expect("update");
        }
        assert!(
            invalid_message(s.chase(w.plan, w.lead.id, w.today(), &owner).await).contains(
                "Lee Lead has nothing left to update in the round for November 2026 update"
            )
        );

        // Meetings are removed by the plan they belong to, in its trail.
        assert!(is_not_found(
            &s.remove_meeting(w.other_plan, m.id, &sys).await
        ));
        s.remove_meeting(w.plan, m.id, &owner)
            .await
            .expect("remove");
        assert_eq!(s.meetings(w.plan).await.expect("meetings").len(), 1);
        let e = s
            .plan_trail(w.plan, None)
            .await
            .expect("trail")
            .pop()
            .expect("event");
        assert_eq!(
            (e.entity, e.change),
            (AuditEntity::Meeting, AuditChange::Delete)
        );
    }
}

#[tokio::test]
async fn how_many_periods_make_an_action_stalled_is_a_plan_setting() {
    for w in worlds().await {
        let s = &w.store;
        let owner = w.actor(&w.owner);
        let plan = w.plan().await;
        assert_eq!(plan.settings.stalled_periods, 3);
        for bad in [0, PlanSettings::MAX_STALLED_PERIODS + 1] {
            let silly = PlanSettings {
                stalled_periods: bad,
                ..plan.settings.clone()
            };
            assert!(
                invalid_message(
                    s.update_plan_settings(w.plan, plan.version, silly, &owner)
                        .await
                )
                .contains("stalled")
            );
        }
        let two = PlanSettings {
            stalled_periods: 2,
            ..plan.settings
        };
        let saved = s
            .update_plan_settings(w.plan, plan.version, two.clone(), &owner)
            .await
            .expect("settings");
        assert_eq!(saved.settings.stalled_periods, 2, "{}", w.backend);
        assert_eq!(w.plan().await.settings, two);
    }
}
