//! Meetings in the store: made with a kind, attendees and notes; decisions recorded
//! against the plan's actions and shown in the action's trail; closing makes the record
//! read-only (no decision, no removal, no second closing), whoever asks.

use crate::world::{date, invalid_message, is_not_found, worlds};
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::model::Actor;
use assure_store::NewMeeting;

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
