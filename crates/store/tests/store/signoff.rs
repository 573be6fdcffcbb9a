//! Sign-off: proposing complete, signing off with evidence by another person, impact
//! re-checks that confirm or reopen, and statuses that leave "complete".

use crate::world::{
    World, date, invalid_message, is_conflict, is_not_found, lead_texts, status, update, worlds,
};
use assure_domain::Meaning;
use assure_domain::clock::Clock;
use assure_domain::input::MAX_NOTE_CHARS;
use assure_domain::model::{Actor, StoredAction};
use assure_store::NewEvidence;
use chrono::Duration;

/// Action 2.3 proposed complete by the lead (with a note), given evidence, and signed
/// off by the owner.
async fn signed_off(w: &World) -> StoredAction {
    let s = &w.store;
    let (lead, owner) = (w.actor(&w.lead), w.actor(&w.owner));
    let a = w.by_ref("2.3").await;
    let v = s
        .propose_complete(a.id, a.version, Some(" Tracker live since October "), &lead)
        .await
        .expect("propose");
    s.add_evidence(
        a.id,
        NewEvidence::link("Tracker", "https://intranet.example/t"),
        &lead,
    )
    .await
    .expect("evidence");
    s.sign_off(a.id, v.version, None, &owner)
        .await
        .expect("sign off")
}

#[tokio::test]
async fn an_action_is_proposed_complete_once_and_stays_uncomplete_until_signed_off() {
    for w in worlds().await {
        let s = &w.store;
        let (lead, owner) = (w.actor(&w.lead), w.actor(&w.owner));
        let a = w.by_ref("2.3").await;
        assert_eq!(a.status, Some(status("Green", Meaning::OnTrack)));

        assert!(is_conflict(
            &s.propose_complete(a.id, a.version - 1, None, &lead).await
        ));
        let long = "n".repeat(MAX_NOTE_CHARS + 1);
        assert!(
            invalid_message(
                s.propose_complete(a.id, a.version, Some(&long), &lead)
                    .await
            )
            .contains("characters or fewer")
        );
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
    }
}

#[tokio::test]
async fn sign_off_needs_evidence_and_another_person() {
    for w in worlds().await {
        let s = &w.store;
        let (lead, owner) = (w.actor(&w.lead), w.actor(&w.owner));
        let a = w.by_ref("2.3").await;
        let v = s
            .propose_complete(a.id, a.version, None, &lead)
            .await
            .expect("propose");

        // Not without evidence, not by the proposer, not on a stale version.
        assert!(
            invalid_message(s.sign_off(a.id, v.version, None, &owner).await).contains("evidence")
        );
        s.add_evidence(
            a.id,
            NewEvidence::link("Tracker", "https://intranet.example/t"),
            &lead,
        )
        .await
        .expect("evidence");
        assert!(
            invalid_message(s.sign_off(a.id, v.version, None, &lead).await)
                .contains("someone else")
        );
        assert!(
            invalid_message(
                s.sign_off(a.id, v.version, None, &Actor::system("cli"))
                    .await
            )
            .contains("signed-in person")
        );
        assert!(is_conflict(
            &s.sign_off(a.id, v.version - 1, None, &owner).await
        ));
        assert!(is_not_found(
            &s.sign_off(a.id, v.version, None, &w.actor(&w.other_admin))
                .await
        ));
        assert_eq!(
            w.action(a.id).await.version,
            v.version,
            "refusals write nothing"
        );

        let v = s
            .sign_off(a.id, v.version, None, &owner)
            .await
            .expect("sign off");
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
            invalid_message(s.sign_off(a.id, v.version, None, &owner).await)
                .contains("already been signed off")
        );
        // The last piece of evidence of a signed-off action stays.
        let only = v.evidence[0].id;
        assert!(invalid_message(s.remove_evidence(only, &lead).await).contains("at least one"));
    }
}

#[tokio::test]
async fn impact_checks_confirm_or_reopen_a_signed_off_action() {
    for w in worlds().await {
        let s = &w.store;
        let (lead, owner) = (w.actor(&w.lead), w.actor(&w.owner));
        let v = signed_off(&w).await;
        let a = v.id;

        // Refused before sign-off elsewhere; confirmed moves the date on.
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
            &s.record_impact_check(a, v.version - 1, true, None, &owner)
                .await
        ));
        let v = s
            .record_impact_check(a, v.version, true, Some("Timeliness held at 92%"), &owner)
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
                s.record_impact_check(a, v.version, false, Some(" "), &owner)
                    .await
            )
            .contains("reason")
        );
        let long = "r".repeat(MAX_NOTE_CHARS + 1);
        assert!(
            invalid_message(
                s.record_impact_check(a, v.version, false, Some(&long), &owner)
                    .await
            )
            .contains("characters or fewer")
        );
        let v = s
            .record_impact_check(a, v.version, false, Some("Timeliness fell to 61%"), &owner)
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
        s.propose_complete(a, v.version, None, &lead)
            .await
            .expect("again");

        let trail = s.audit_trail(a).await.expect("trail");
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
        let v = s
            .sign_off(a.id, v.version, None, &owner)
            .await
            .expect("sign off");
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
            .edit_action(b.id, b.version, &fields, lead_texts(&b), &owner)
            .await
            .expect("edit");
        assert_eq!(saved.signoff, None);
        fields.status = Some(status("Blue", Meaning::Complete));
        assert!(
            invalid_message(
                s.edit_action(b.id, saved.version, &fields, lead_texts(&b), &owner)
                    .await
            )
            .contains("propose it complete")
        );
    }
}

#[tokio::test]
async fn the_lead_of_an_action_does_not_sign_it_off_and_the_approver_may_comment() {
    for w in worlds().await {
        let s = &w.store;
        let (lead, owner, admin) = (w.actor(&w.lead), w.actor(&w.owner), w.actor(&w.admin));
        // 2.3's lead text, linked to the lead person: they lead it through the link.
        let a = w.by_ref("2.3").await;
        s.link_lead(w.plan, &a.leads[0].text, w.lead.id, &admin)
            .await
            .expect("link");
        let a = w.by_ref("2.3").await;
        assert!(a.leads.iter().any(|l| l.person_id == Some(w.lead.id)));
        s.add_evidence(
            a.id,
            NewEvidence::link("Audit", "https://intranet.example/a"),
            &owner,
        )
        .await
        .expect("evidence");
        let v = s
            .propose_complete(a.id, a.version, None, &owner)
            .await
            .expect("the owner proposes");
        assert!(
            invalid_message(s.sign_off(a.id, v.version, None, &lead).await)
                .contains("You lead this action"),
            "{}",
            w.backend
        );
        let long = "x".repeat(assure_domain::input::MAX_NOTE_CHARS + 1);
        assert!(
            invalid_message(s.sign_off(a.id, v.version, Some(&long), &admin).await)
                .contains("note")
        );
        let signed = s
            .sign_off(
                a.id,
                v.version,
                Some("  Audit seen at the March board  "),
                &admin,
            )
            .await
            .expect("the admin signs off");
        let so = signed.signoff.expect("signed");
        assert_eq!(
            so.signoff_note.as_deref(),
            Some("Audit seen at the March board")
        );
        let trail = s.plan_trail(w.plan, None).await.expect("trail");
        let last = trail
            .iter()
            .rev()
            .find(|e| e.change.as_str() == "sign_off")
            .expect("audited");
        assert!(
            serde_json::to_string(&last.after)
                .unwrap()
                .contains("Audit seen at the March board"),
            "{}",
            w.backend
        );
    }
}
