//! Removing evidence: who may, with a reason kept in the history.

use crate::support::{action_by_ref, app, signed_in};
use assure_domain::model::Actor;
use assure_test_support as ts;
use axum::http::StatusCode;

/// Issue 8, item 8: evidence is removed by whoever added it, or an owner, with a reason
/// that the action's history keeps; nobody else, and never the last piece of a signed-off
/// action.
#[tokio::test]
async fn evidence_is_removed_by_who_added_it_or_an_owner_with_a_reason() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let plan_id = council.plan_id;
        let a = action_by_ref(&state, plan_id, "2.3").await;
        let url = format!("/plans/{plan_id}/actions/{}", a.id);
        let add = |title: &'static str, who: &assure_domain::model::User| {
            let state = state.clone();
            let who = who.clone();
            async move {
                state
                    .store
                    .add_evidence(
                        a.id,
                        assure_store::NewEvidence::link(title, "https://intranet.example/e"),
                        &Actor::user(&who),
                    )
                    .await
                    .unwrap()
                    .id
            }
        };
        let leads = add("Lead's audit", &council.lead).await;
        let owners = add("Owner's minutes", &council.owner).await;

        let mut lead = signed_in(&state, &council.lead.email).await;
        let page = lead.get(&url).await;
        let mine = format!("{url}/evidence/{leads}/remove");
        let theirs = format!("{url}/evidence/{owners}/remove");
        assert!(page.body.contains(&mine), "{}", db.backend);
        assert!(!page.body.contains(&theirs), "only what they added");
        assert_eq!(lead.get(&theirs).await.status, StatusCode::FORBIDDEN);
        assert_eq!(
            lead.post(&theirs, &[("reason", "Not mine")]).await.status,
            StatusCode::FORBIDDEN
        );
        let form = lead.get(&mine).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("Lead's audit") || form.body.contains("Lead&#39;s audit"));
        let empty = lead.post(&mine, &[("reason", "  ")]).await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(empty.body.contains("Say why the evidence is being removed"));
        let done = lead
            .post(
                &mine,
                &[("reason", "The wrong file: replaced by the March audit")],
            )
            .await;
        assert_eq!(
            done.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            db.backend,
            done.body
        );
        let history = lead.get(&url).await;
        assert!(history.body.contains("Evidence removed"));
        assert!(
            history
                .body
                .contains("The wrong file: replaced by the March audit")
        );
        assert_eq!(lead.get(&mine).await.status, StatusCode::NOT_FOUND, "gone");

        // An owner removes anyone's; a viewer no one's.
        let mut viewer = signed_in(&state, &council.viewer.email).await;
        assert_eq!(viewer.get(&theirs).await.status, StatusCode::FORBIDDEN);
        let mut owner = signed_in(&state, &council.owner.email).await;
        let minutes = add("Panel minutes", &council.contributor).await;
        let panel = format!("{url}/evidence/{minutes}/remove");
        assert!(owner.get(&url).await.body.contains(&panel));
        let r = owner
            .post(&panel, &[("reason", "Duplicate of the owner's minutes")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", db.backend);

        // The last piece of a signed-off action stays.
        let v = action_by_ref(&state, plan_id, "2.3").await.version;
        state
            .store
            .propose_complete(a.id, v, None, &Actor::user(&council.lead))
            .await
            .unwrap();
        state
            .store
            .sign_off(a.id, v + 1, None, &Actor::user(&council.admin))
            .await
            .unwrap();
        let last = owner.post(&theirs, &[("reason", "Tidying")]).await;
        assert_eq!(
            last.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            db.backend
        );
        assert!(last.body.contains("at least one"), "{}", last.body);
    }
}
