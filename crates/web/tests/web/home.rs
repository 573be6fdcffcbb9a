//! Home: my actions and my plans.

use crate::support::{app, signed_in};
use assure_test_support as ts;
use axum::http::StatusCode;

#[tokio::test]
async fn home_shows_my_actions_and_my_plans() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let mut lead = signed_in(&state, &council.lead.email).await;
        let home = lead.get("/").await;
        assert_eq!(home.status, StatusCode::OK, "{}", db.backend);
        assert!(home.body.contains("My actions"));
        assert!(home.body.contains("Due an update this period"));
        assert!(home.body.contains("Impact checks due"));
        assert!(
            !home.body.contains("Awaiting my sign-off"),
            "a lead never signs off"
        );
        assert!(
            home.body
                .contains(&format!("href=\"/plans/{}\"", council.plan_id))
        );
        // The lead leads "HoS CP" actions, none updated this period in the seed.
        assert!(
            home.body
                .contains(&format!("/plans/{}/actions/", council.plan_id)),
            "{}: the lead sees their actions",
            db.backend
        );

        let mut outsider = signed_in(&state, &council.outsider.email).await;
        let theirs = outsider.get("/").await;
        assert_eq!(theirs.status, StatusCode::OK);
        assert!(!theirs.body.contains(&council.plan_id.to_string()));

        let mut owner = signed_in(&state, &council.owner.email).await;
        let o = owner.get("/").await;
        assert!(o.body.contains("Awaiting my sign-off"));
    }
}
