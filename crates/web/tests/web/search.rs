//! Issue 8, item 11: one box finds actions, updates and references across the plans a
//! person can see, with the matched words marked; never another council's or a plan the
//! person has no role on.

use crate::support::{PASSWORD, action_by_ref, app, signed_in};
use assure_domain::model::Actor;
use assure_test_support as ts;
use axum::http::StatusCode;

#[tokio::test]
async fn search_finds_actions_and_updates_in_the_plans_a_person_can_see() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let a = action_by_ref(&state, council.plan_id, "2.3").await;
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        state
            .store
            .write_update(
                a.id,
                a.version,
                assure_store::NewUpdate::new(
                    date,
                    "Zebra crossing audit <b>booked</b> with the IRO team",
                ),
                &Actor::user(&council.lead),
            )
            .await
            .unwrap();
        let other = ts::seed_council(
            &state.store,
            "Southmere Council",
            "southmere.example",
            Some(&assure_web::password::hash(PASSWORD).unwrap()),
        )
        .await;

        let mut owner = signed_in(&state, &council.owner.email).await;
        assert!(owner.get("/").await.body.contains("href=\"/search\""));
        let empty = owner.get("/search").await;
        assert_eq!(empty.status, StatusCode::OK);
        assert!(!empty.body.contains("id=\"found\""));

        // By an update's words, in any order and case, marked and escaped.
        let page = owner.get("/search?q=IRO+zebra").await;
        assert_eq!(page.status, StatusCode::OK, "{}", db.backend);
        assert!(page.body.contains("1 action matches."), "{}", page.body);
        assert!(
            page.body
                .contains(&format!("/plans/{}/actions/{}", council.plan_id, a.id))
        );
        assert!(page.body.contains("<mark>Zebra</mark>"), "{}", page.body);
        assert!(page.body.contains("<mark>IRO</mark>"));
        assert!(page.body.contains("&#60;b&#62;booked"), "escaped, not bold");
        assert!(page.body.contains("Update of 2 November 2026"));

        // By reference and by the action's own words.
        let by_ref = owner.get("/search?q=2.3").await;
        assert!(by_ref.body.contains("<mark>2.3</mark>"), "{}", by_ref.body);
        let nothing = owner.get("/search?q=zebra+giraffe").await;
        assert!(nothing.body.contains("Nothing matches"));

        // Another council's admin, and someone with no role on the plan, find nothing.
        let mut theirs = signed_in(&state, &other.admin.email).await;
        assert!(
            theirs
                .get("/search?q=zebra")
                .await
                .body
                .contains("Nothing matches")
        );
        let mut outsider = signed_in(&state, &council.outsider.email).await;
        assert!(
            outsider
                .get("/search?q=zebra")
                .await
                .body
                .contains("Nothing matches")
        );
        // A hostile query is only text.
        let odd = owner.get("/search?q=%3Cscript%3E%27%22").await;
        assert_eq!(odd.status, StatusCode::OK);
        assert!(!odd.body.contains("<script>'"));
    }
}
