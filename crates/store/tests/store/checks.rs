//! Dismissed findings of the plan checks: kept with who, why and when and a fingerprint
//! of the cells the check read, in the action's trail; refused without a reason, for a
//! check that is not about an action, when the cells changed since they were seen, or
//! from another council; replaced when dismissed again; gone with the action.

use crate::world::{invalid_message, is_conflict, is_not_found, lead_texts, worlds};
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::checks::dismissal::fingerprint;
use assure_domain::clock::Clock;
use assure_domain::input::MAX_NOTE_CHARS;
use assure_domain::model::StoredAction;
use assure_store::NewDismissal;

fn seen(code: &str, a: &StoredAction) -> String {
    fingerprint(code, &a.to_document()).expect("a check about an action")
}

#[tokio::test]
async fn a_dismissal_is_kept_with_who_why_and_when_and_is_in_the_actions_trail() {
    for w in worlds().await {
        let s = &w.store;
        let owner = w.actor(&w.owner);
        let a = w.by_ref("2.3").await;
        let revision = s.plan_revision(w.plan).await.expect("revision");
        let fp = seen("no_measure", &a);
        let d = s
            .dismiss_finding(
                NewDismissal {
                    action_id: a.id,
                    code: "no_measure",
                    seen_fingerprint: &fp,
                    reason: "  Measured by the quarterly audit, in the area's outcomes  ",
                },
                &owner,
            )
            .await
            .expect("dismiss");
        assert_eq!(
            d.reason,
            "Measured by the quarterly audit, in the area's outcomes"
        );
        assert_eq!(d.fingerprint, fp);
        assert_eq!(d.dismissed_by, owner);
        assert_eq!(d.dismissed_at, w.clock.now());

        let listed = s.dismissals(w.plan).await.expect("dismissals");
        assert_eq!(listed, vec![d.clone()], "{}", w.backend);
        assert!(
            s.dismissals(w.other_plan).await.expect("other").is_empty(),
            "another plan's dismissals are its own"
        );

        let trail = s.audit_trail(a.id).await.expect("trail");
        let e = trail.last().expect("an event");
        assert_eq!(
            (e.entity, e.change, e.entity_id),
            (AuditEntity::CheckFinding, AuditChange::Dismiss, d.id)
        );
        assert_eq!(e.actor, owner);
        let after = e.after.as_ref().expect("after");
        assert_eq!(after["code"], "no_measure");
        assert_eq!(after["reason"], d.reason.as_str());
        assert!(e.before.is_none(), "nothing was dismissed before");
        assert!(s.plan_revision(w.plan).await.expect("revision") > revision);
    }
}

#[tokio::test]
async fn a_dismissal_needs_a_reason_a_known_check_and_the_cells_as_seen() {
    for w in worlds().await {
        let s = &w.store;
        let lead = w.actor(&w.lead);
        let a = w.by_ref("2.3").await;
        let fp = seen("no_lead", &a);
        let with = |code: &'static str, fp: &str, reason: &str| {
            let (code, fp, reason) = (code, fp.to_string(), reason.to_string());
            let s = s.clone();
            let lead = lead.clone();
            let id = a.id;
            async move {
                s.dismiss_finding(
                    NewDismissal {
                        action_id: id,
                        code,
                        seen_fingerprint: &fp,
                        reason: &reason,
                    },
                    &lead,
                )
                .await
            }
        };
        assert!(invalid_message(with("no_lead", &fp, "   ").await).contains("say why"));
        let long = "r".repeat(MAX_NOTE_CHARS + 1);
        assert!(invalid_message(with("no_lead", &fp, &long).await).contains("characters or fewer"));
        assert!(
            invalid_message(with("plan_deadline", &fp, "Agreed").await)
                .contains("not a check that can be dismissed")
        );
        assert!(
            invalid_message(with("'; DROP TABLE actions; --", &fp, "x").await)
                .contains("not a check")
        );
        assert!(is_conflict(
            &with("no_lead", &"0".repeat(64), "Agreed").await
        ));
        assert!(
            is_conflict(&with("due_tbc", &fp, "Agreed").await),
            "another check's fingerprint is not this one's"
        );
        assert!(
            s.dismissals(w.plan).await.expect("list").is_empty(),
            "nothing written"
        );

        // Someone from another council is told the action is not there.
        let outsider = w.actor(&w.other_admin);
        let r = s
            .dismiss_finding(
                NewDismissal {
                    action_id: a.id,
                    code: "no_lead",
                    seen_fingerprint: &fp,
                    reason: "Agreed",
                },
                &outsider,
            )
            .await;
        assert!(is_not_found(&r), "{}: {r:?}", w.backend);
        assert!(is_not_found(
            &s.dismiss_finding(
                NewDismissal {
                    action_id: uuid::Uuid::now_v7(),
                    code: "no_lead",
                    seen_fingerprint: &fp,
                    reason: "Agreed",
                },
                &lead,
            )
            .await
        ));
        assert!(s.dismissals(w.plan).await.expect("list").is_empty());
    }
}

#[tokio::test]
async fn dismissing_again_replaces_it_and_a_changed_cell_no_longer_matches() {
    for w in worlds().await {
        let s = &w.store;
        let owner = w.actor(&w.owner);
        let a = w.by_ref("2.4").await;
        let fp = seen("no_lead", &a);
        let dismiss = |reason: &'static str, fp: String| {
            let s = s.clone();
            let owner = owner.clone();
            let id = a.id;
            async move {
                s.dismiss_finding(
                    NewDismissal {
                        action_id: id,
                        code: "no_lead",
                        seen_fingerprint: &fp,
                        reason,
                    },
                    &owner,
                )
                .await
                .expect("dismiss")
            }
        };
        let first = dismiss("First reason", fp.clone()).await;
        let second = dismiss("Second reason", fp.clone()).await;
        let listed = s.dismissals(w.plan).await.expect("list");
        assert_eq!(listed, vec![second.clone()], "one per action and check");
        let trail = s.audit_trail(a.id).await.expect("trail");
        let last = trail.last().expect("event");
        assert_eq!(
            last.before.as_ref().expect("the one replaced")["reason"],
            first.reason.as_str()
        );

        // The lead changes: what was dismissed no longer holds.
        let mut leads = lead_texts(&a);
        leads.push("Service Manager".into());
        let edited = s
            .edit_action(a.id, a.version, &a.fields(), leads, &owner)
            .await
            .expect("edit");
        assert!(!second.holds_for(&seen("no_lead", &edited)));
        // A cell the check does not read leaves it holding.
        let mut fields = edited.fields();
        fields.text.push_str(" (reworded)");
        let reworded = s
            .edit_action(a.id, edited.version, &fields, lead_texts(&edited), &owner)
            .await
            .expect("edit");
        assert_eq!(seen("no_lead", &reworded), seen("no_lead", &edited));
        // And the stale fingerprint cannot be dismissed against the new cells.
        let r = s
            .dismiss_finding(
                NewDismissal {
                    action_id: a.id,
                    code: "no_lead",
                    seen_fingerprint: &fp,
                    reason: "Still agreed",
                },
                &owner,
            )
            .await;
        assert!(is_conflict(&r), "{}: {r:?}", w.backend);
    }
}

#[tokio::test]
async fn a_dismissal_goes_with_its_action() {
    for w in worlds().await {
        let s = &w.store;
        let owner = w.actor(&w.owner);
        let a = w.by_ref("3.4").await;
        s.dismiss_finding(
            NewDismissal {
                action_id: a.id,
                code: "due_vague",
                seen_fingerprint: &seen("due_vague", &a),
                reason: "The date is in the milestones",
            },
            &owner,
        )
        .await
        .expect("dismiss");
        let a = w.action(a.id).await;
        s.delete_action(a.id, a.version, &owner)
            .await
            .expect("delete");
        assert!(s.dismissals(w.plan).await.expect("list").is_empty());
    }
}
