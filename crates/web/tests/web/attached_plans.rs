//! A monitoring visit's plan attached to the improvement plan: set and cleared on the
//! settings page by an owner of both plans; the parent's overview lists it with its
//! actions by status, linking to it, to those who can see it; its own overview says
//! which plan it belongs to.

use crate::support::{app, signed_in, unescape};
use assure_domain::PlanRole;
use assure_domain::model::Actor;
use assure_test_support as ts;
use axum::http::StatusCode;

#[tokio::test]
async fn an_owner_of_both_attaches_a_visit_plan_and_the_parent_lists_it() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let sys = Actor::system("test");
        let parent = council.plan_id;
        let mut doc = ts::demo_plan();
        doc.title = "Monitoring visit plan, March 2027".into();
        let child = state
            .store
            .create_plan(council.org.id, &doc, &sys)
            .await
            .unwrap();
        // The contributor owns the visit plan but not the improvement plan; the owner owns
        // both; the viewer can see the improvement plan only.
        for (who, role) in [
            (&council.contributor, PlanRole::Owner),
            (&council.owner, PlanRole::Owner),
        ] {
            state
                .store
                .set_plan_role(child, who.id, role, &sys)
                .await
                .unwrap();
        }

        // Not an owner of the parent: the improvement plan is not offered, and a form
        // naming it is refused.
        let mut contributor = signed_in(&state, &council.contributor.email).await;
        let settings = contributor.get(&format!("/plans/{child}/settings")).await;
        assert_eq!(settings.status, StatusCode::OK);
        assert!(
            !settings.body.contains(&format!("value=\"{parent}\"")),
            "{}",
            db.backend
        );
        let version = state.store.plan(child).await.unwrap().version.to_string();
        let refused = contributor
            .post(
                &format!("/plans/{child}/parent"),
                &[("parent", &parent.to_string()), ("version", &version)],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("Choose a plan you own"));
        assert_eq!(state.store.plan(child).await.unwrap().parent_id, None);

        // The owner of both attaches it.
        let mut owner = signed_in(&state, &council.owner.email).await;
        let settings = owner.get(&format!("/plans/{child}/settings")).await;
        assert!(settings.body.contains(&format!("value=\"{parent}\"")));
        let saved = owner
            .post(
                &format!("/plans/{child}/parent"),
                &[("parent", &parent.to_string()), ("version", &version)],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        assert_eq!(
            state.store.plan(child).await.unwrap().parent_id,
            Some(parent)
        );
        let page = owner.get(saved.location().split('#').next().unwrap()).await;
        assert!(
            page.body
                .contains("Which plan this one is part of was saved.")
        );

        // The parent's overview lists it with its actions by status; its own names the parent.
        let overview = owner.get(&format!("/plans/{parent}")).await;
        let body = unescape(&overview.body);
        let table = &body[body
            .find("id=\"attached-plans\"")
            .expect("the attached plans")..];
        let table = &table[..table.find("</ul>").unwrap()];
        assert!(table.contains(&format!(
            "href=\"/plans/{child}\">Monitoring visit plan, March 2027</a>"
        )));
        let stored = state.store.plan(child).await.unwrap();
        let total = assure_domain::attention::attention(&stored, state.clock.today())
            .by_status
            .total();
        assert!(table.contains(&format!("{total} actions: ")), "{table}");
        let visit = owner.get(&format!("/plans/{child}")).await;
        let body = unescape(&visit.body);
        assert!(body.contains(&format!(
            "This plan is part of <a class=\"govuk-link\" href=\"/plans/{parent}\">"
        )));

        // The viewer of the improvement plan has no role on the visit plan: not listed.
        let mut viewer = signed_in(&state, &council.viewer.email).await;
        let overview = viewer.get(&format!("/plans/{parent}")).await;
        assert!(!overview.body.contains("id=\"attached-plans\""));
        assert!(!overview.body.contains("Monitoring visit plan"));
        // Someone who sees the visit plan but not the parent: it is not named to them.
        state
            .store
            .set_plan_role(child, council.outsider.id, PlanRole::Viewer, &sys)
            .await
            .unwrap();
        let mut outsider = signed_in(&state, &council.outsider.email).await;
        let visit = outsider.get(&format!("/plans/{child}")).await;
        assert!(
            visit
                .body
                .contains("part of another plan of the council, which you do not have a role on")
        );

        // The improvement plan now has a plan attached, so it cannot be attached itself.
        let settings = owner.get(&format!("/plans/{parent}/settings")).await;
        assert!(
            settings
                .body
                .contains("Another plan is attached to this plan")
        );

        // Cleared again by its owner; the trail has both.
        let version = state.store.plan(child).await.unwrap().version.to_string();
        let cleared = owner
            .post(
                &format!("/plans/{child}/parent"),
                &[("parent", ""), ("version", &version)],
            )
            .await;
        assert_eq!(cleared.status, StatusCode::SEE_OTHER);
        assert_eq!(state.store.plan(child).await.unwrap().parent_id, None);
        let overview = owner.get(&format!("/plans/{parent}")).await;
        assert!(!overview.body.contains("id=\"attached-plans\""));
        let events = state
            .store
            .audit_trail(child)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.change == assure_domain::AuditChange::SetParentPlan)
            .count();
        assert_eq!(events, 2, "{}", db.backend);
    }
}
