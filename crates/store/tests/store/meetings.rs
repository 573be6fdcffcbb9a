//! Meetings in the store: made with a kind, attendees and notes; decisions recorded
//! against the plan's actions and shown in the action's trail; closing makes the record
//! read-only (no decision, no edit, no removal, no second closing), whoever asks. A
//! decision can make a new action with it, in one transaction.

use crate::world::{
    date, invalid_message, is_conflict, is_not_found, lead_texts, new_action, worlds,
};
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::meetings::MAX_ATTENDEES_CHARS;
use assure_domain::model::Actor;
use assure_store::{DecidedAction, NewMeeting};

fn new(kind: &str) -> NewMeeting {
    NewMeeting {
        date: date(2026, 11, 24),
        kind: kind.into(),
        attendees: "  Chair, HoS CP  ".into(),
        notes: "Papers out on the 17th".into(),
    }
}

#[tokio::test]
async fn a_meeting_is_made_decided_in_and_closed_read_only() {
    for w in worlds().await {
        let s = &w.store;
        let owner = w.actor(&w.owner);
        let m = s
            .create_meeting(w.plan, &new("dlt"), &owner)
            .await
            .expect("meeting");
        assert_eq!(m.attendees, "Chair, HoS CP", "trimmed");
        assert_eq!(s.meeting(w.plan, m.id).await.expect("read"), m);
        assert!(is_not_found(&s.meeting(w.other_plan, m.id).await));
        // One of each kind a day; an unknown kind is refused.
        assert!(
            invalid_message(s.create_meeting(w.plan, &new("dlt"), &owner).await)
                .contains("already has a dlt (leadership team) meeting on 24 November 2026")
        );
        s.create_meeting(w.plan, &new("review"), &owner)
            .await
            .expect("a review the same day");
        assert!(
            invalid_message(s.create_meeting(w.plan, &new("party"), &owner).await)
                .contains("not a kind of meeting")
        );

        // A decision against an action: kept, and in the action's trail.
        let a = w.by_ref("2.4").await;
        let d = s
            .record_decision(w.plan, m.id, a.id, " Escalate to DLT ", &owner)
            .await
            .expect("decision");
        assert_eq!(d.text, "Escalate to DLT");
        assert_eq!(s.decisions(m.id).await.expect("decisions"), vec![d.clone()]);
        let trail = s.audit_trail(a.id).await.expect("trail");
        let e = trail.last().expect("an event");
        assert_eq!(
            (e.entity, e.change),
            (AuditEntity::Decision, AuditChange::Create)
        );
        assert_eq!(e.after.as_ref().unwrap()["text"], "Escalate to DLT");
        // Empty text, another plan's action: refused.
        assert!(
            invalid_message(s.record_decision(w.plan, m.id, a.id, "  ", &owner).await)
                .contains("empty")
        );
        let theirs = w.store.plan(w.other_plan).await.expect("plan");
        let (_, _, other) = theirs.actions()[0];
        assert!(is_not_found(
            &s.record_decision(w.plan, m.id, other.id, "No", &owner)
                .await
        ));

        // With a decision, an open meeting cannot be removed either: the decision would go
        // with it.
        assert!(
            invalid_message(s.remove_meeting(w.plan, m.id, &owner).await)
                .contains("has a decision recorded against actions"),
            "{}",
            w.backend
        );
        assert_eq!(s.decisions(m.id).await.expect("decisions").len(), 1);

        // Closed: read-only, whoever asks.
        s.close_meeting(w.plan, m.id, &owner).await.expect("close");
        let closed = s.meeting(w.plan, m.id).await.expect("read");
        let (by, _) = closed.closed.expect("closed");
        assert_eq!(by, owner);
        let sys = Actor::system("test");
        for who in [&owner, &sys] {
            assert!(
                invalid_message(s.record_decision(w.plan, m.id, a.id, "Late", who).await)
                    .contains("closed"),
                "{}",
                w.backend
            );
            assert!(invalid_message(s.remove_meeting(w.plan, m.id, who).await).contains("closed"));
        }
        assert!(
            invalid_message(s.close_meeting(w.plan, m.id, &owner).await).contains("already closed")
        );
        assert_eq!(s.decisions(m.id).await.expect("decisions").len(), 1);
        let plan_trail = s.audit_trail(w.plan).await.expect("trail");
        assert!(
            plan_trail
                .iter()
                .any(|e| e.entity == AuditEntity::Meeting && e.change == AuditChange::Close)
        );
    }
}

#[tokio::test]
async fn only_review_meetings_set_a_rounds_deadline() {
    for w in worlds().await {
        let s = &w.store;
        let owner = w.actor(&w.owner);
        s.link_lead(w.plan, "HoS CP", w.lead.id, &Actor::system("test"))
            .await
            .expect("link");
        // A board meeting in the period: the deadline stays the last working day.
        s.create_meeting(w.plan, &new("board"), &owner)
            .await
            .expect("board");
        let c = s
            .chase(w.plan, w.lead.id, date(2026, 11, 2), &owner)
            .await
            .expect("chase");
        assert_eq!(c.deadline, date(2026, 11, 30), "{}", w.backend);
    }
}

#[tokio::test]
async fn a_decision_can_be_a_new_action_made_with_it_in_one_transaction() {
    for w in worlds().await {
        let s = &w.store;
        let owner = w.actor(&w.owner);
        let m = s
            .create_meeting(w.plan, &new("review"), &owner)
            .await
            .expect("meeting");
        let plan = w.plan().await;
        let area = plan.areas[1].id;
        let before_count = plan.actions().len();
        let revision = s.plan_revision(w.plan).await.expect("revision");
        let decided = DecidedAction {
            area_id: area,
            fields: new_action("Audit the front door's thresholds"),
            leads: vec!["  HoS CP ".into(), String::new()],
        };
        let d = s
            .record_decision_with_new_action(
                w.plan,
                m.id,
                &decided,
                " Commission an audit ",
                &owner,
            )
            .await
            .expect("decision");
        assert_eq!(d.text, "Commission an audit");
        // The action is made, in its area, with its lead, and the decision names it.
        let made = w.action(d.action_id).await;
        assert_eq!(made.text, "Audit the front door's thresholds");
        assert_eq!(lead_texts(&made), vec!["HoS CP".to_string()]);
        let plan = w.plan().await;
        assert_eq!(plan.actions().len(), before_count + 1);
        assert!(
            plan.actions()
                .iter()
                .any(|(a, _, x)| a.id == area && x.id == d.action_id),
            "{}: in the chosen area",
            w.backend
        );
        assert_eq!(s.decisions(m.id).await.expect("decisions"), vec![d.clone()]);
        // One change of the plan, moving its revision; both in the new action's trail.
        assert!(s.plan_revision(w.plan).await.expect("revision") > revision);
        let trail = s.audit_trail(d.action_id).await.expect("trail");
        let kinds: Vec<_> = trail.iter().map(|e| (e.entity, e.change)).collect();
        assert_eq!(
            kinds,
            vec![
                (AuditEntity::Action, AuditChange::Create),
                (AuditEntity::Decision, AuditChange::Create)
            ],
            "{}",
            w.backend
        );

        // Refused, with nothing written: no wording, empty decision, another plan's area.
        let count = w.plan().await.actions().len();
        let mut blank = decided.clone();
        blank.fields.text = "  ".into();
        assert!(
            invalid_message(
                s.record_decision_with_new_action(w.plan, m.id, &blank, "Do it", &owner)
                    .await
            )
            .contains("wording")
        );
        assert!(
            invalid_message(
                s.record_decision_with_new_action(w.plan, m.id, &decided, " ", &owner)
                    .await
            )
            .contains("empty")
        );
        let theirs = s.plan(w.other_plan).await.expect("plan");
        let elsewhere = DecidedAction {
            area_id: theirs.areas[0].id,
            ..decided.clone()
        };
        assert!(is_not_found(
            &s.record_decision_with_new_action(w.plan, m.id, &elsewhere, "Do it", &owner)
                .await
        ));
        assert_eq!(w.plan().await.actions().len(), count, "{}", w.backend);
        assert_eq!(
            s.plan(w.other_plan).await.expect("plan").actions().len(),
            theirs.actions().len(),
            "{}: nothing half-written in the other plan",
            w.backend
        );
        assert_eq!(s.decisions(m.id).await.expect("decisions").len(), 1);

        // A closed meeting makes no action either.
        s.close_meeting(w.plan, m.id, &owner).await.expect("close");
        assert!(
            invalid_message(
                s.record_decision_with_new_action(w.plan, m.id, &decided, "Late", &owner)
                    .await
            )
            .contains("closed")
        );
        assert_eq!(w.plan().await.actions().len(), count);
    }
}

#[tokio::test]
async fn an_open_meetings_attendees_and_notes_are_edited_version_checked() {
    for w in worlds().await {
        let s = &w.store;
        let owner = w.actor(&w.owner);
        let m = s
            .create_meeting(w.plan, &new("board"), &owner)
            .await
            .expect("meeting");
        assert_eq!(m.version, 1);
        let edited = s
            .edit_meeting(w.plan, m.id, 1, " Chair, DCS ", "Minutes to follow", &owner)
            .await
            .expect("edit");
        assert_eq!(
            (
                edited.attendees.as_str(),
                edited.notes.as_str(),
                edited.version
            ),
            ("Chair, DCS", "Minutes to follow", 2)
        );
        assert_eq!(s.meeting(w.plan, m.id).await.expect("read"), edited);
        // Someone saved first: a conflict, nothing written.
        assert!(is_conflict(
            &s.edit_meeting(w.plan, m.id, 1, "Stale", "Stale", &owner)
                .await
        ));
        assert_eq!(s.meeting(w.plan, m.id).await.expect("read"), edited);
        // Too long; another plan's meeting.
        let long = "x".repeat(MAX_ATTENDEES_CHARS + 1);
        assert!(
            invalid_message(s.edit_meeting(w.plan, m.id, 2, &long, "", &owner).await)
                .contains("attendees must be")
        );
        assert!(is_not_found(
            &s.edit_meeting(w.other_plan, m.id, 2, "A", "B", &owner)
                .await
        ));
        // In the plan's trail, before and after.
        let trail = s.audit_trail(w.plan).await.expect("trail");
        let e = trail
            .iter()
            .rfind(|e| e.entity == AuditEntity::Meeting && e.change == AuditChange::Update)
            .expect("an update event");
        assert_eq!(e.before.as_ref().unwrap()["attendees"], "Chair, HoS CP");
        assert_eq!(e.after.as_ref().unwrap()["notes"], "Minutes to follow");
        // Closed: read-only.
        s.close_meeting(w.plan, m.id, &owner).await.expect("close");
        assert!(
            invalid_message(s.edit_meeting(w.plan, m.id, 2, "Late", "", &owner).await)
                .contains("closed"),
            "{}",
            w.backend
        );
        assert_eq!(
            s.meeting(w.plan, m.id).await.expect("read").notes,
            "Minutes to follow"
        );
    }
}
