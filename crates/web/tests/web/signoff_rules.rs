//! Sign-off's rules in the web: who may not sign off, the approver's comment, and a
//! parent with open sub-actions.

use crate::support::{action_by_ref, app, signed_in};
use assure_test_support as ts;
use axum::http::StatusCode;

/// Issue 8, item 9: signing off a parent whose sub-actions are open asks for a
/// confirmation that names them; the approver's comment is on the action's history; whoever
/// leads an action (through a linked lead text too) does not sign it off.
#[tokio::test]
async fn signing_off_a_parent_with_open_sub_actions_asks_first_and_keeps_the_comment() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let plan_id = council.plan_id;
        let parent = action_by_ref(&state, plan_id, "2.1").await;
        assert!(!parent.children.is_empty(), "2.1 has sub-actions");
        let url = format!("/plans/{plan_id}/actions/{}", parent.id);
        let owner_actor = assure_domain::model::Actor::user(&council.owner);
        state
            .store
            .add_evidence(
                parent.id,
                assure_store::NewEvidence::link("Audit", "https://intranet.example/a"),
                &owner_actor,
            )
            .await
            .unwrap();
        let v = action_by_ref(&state, plan_id, "2.1").await.version;
        state
            .store
            .propose_complete(parent.id, v, None, &owner_actor)
            .await
            .unwrap();
        let v = action_by_ref(&state, plan_id, "2.1")
            .await
            .version
            .to_string();

        let mut admin = signed_in(&state, &council.admin.email).await;
        let page = admin.get(&format!("{url}/sign-off")).await;
        assert_eq!(page.status, StatusCode::OK, "{}", db.backend);
        assert!(page.body.contains("Sub-actions still open"));
        for c in &parent.children {
            assert!(
                page.body.contains(&format!("/actions/{}", c.id)),
                "names each"
            );
        }
        let unconfirmed = admin
            .post(
                &format!("{url}/sign-off"),
                &[("version", &v), ("note", "Seen")],
            )
            .await;
        assert_eq!(
            unconfirmed.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            db.backend
        );
        assert!(
            unconfirmed.body.contains("although"),
            "{}",
            unconfirmed.body
        );
        assert!(
            unconfirmed.body.contains(">Seen</textarea>"),
            "the comment is kept"
        );
        assert!(
            !action_by_ref(&state, plan_id, "2.1")
                .await
                .signoff
                .unwrap()
                .is_signed_off()
        );

        let signed = admin
            .post(
                &format!("{url}/sign-off"),
                &[
                    ("version", &v),
                    ("confirm_open", "yes"),
                    ("note", "Audit seen at the March board"),
                ],
            )
            .await;
        assert_eq!(
            signed.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            db.backend,
            signed.body
        );
        let history = admin.get(&url).await;
        assert!(
            history.body.contains("Audit seen at the March board"),
            "on the timeline"
        );

        // 2.3 is led by the lead person through the linked lead text: not theirs to sign.
        let led = action_by_ref(&state, plan_id, "2.3").await;
        state
            .store
            .add_evidence(
                led.id,
                assure_store::NewEvidence::link("Plan", "https://intranet.example/p"),
                &owner_actor,
            )
            .await
            .unwrap();
        let v = action_by_ref(&state, plan_id, "2.3").await.version;
        state
            .store
            .propose_complete(led.id, v, None, &owner_actor)
            .await
            .unwrap();
        let refused = state
            .store
            .sign_off(
                led.id,
                v + 1,
                None,
                &assure_domain::model::Actor::user(&council.lead),
            )
            .await;
        assert!(
            matches!(&refused, Err(assure_store::StoreError::Invalid(m)) if m.contains("You lead this action")),
            "{refused:?}"
        );
    }
}
