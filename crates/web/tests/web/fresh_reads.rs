//! Reads kept for a moment (`fresh.rs`): a change made through this server shows on the
//! very next request; one made by another process (the CLI beside a SQLite server,
//! another instance on PostgreSQL) shows once the trust window has passed, and at once on
//! PostgreSQL, whose window is zero.

use crate::support::{self, Client};
use assure_domain::model::{Actor, PlanFields};
use assure_test_support as ts;
use assure_web::{AppState, WebConfig};
use axum::http::StatusCode;
use std::time::Duration;

const WINDOW: Duration = Duration::from_millis(300);

async fn app(db: &ts::TestDb) -> (AppState, ts::Council) {
    let (state, council) = support::app(db).await;
    let config = WebConfig {
        read_trust: WINDOW,
        ..WebConfig::default()
    };
    let state = AppState::with_config(state.store.clone(), state.clock.clone(), config);
    (state, council)
}

fn signed_out(page: &support::Page) -> bool {
    page.status == StatusCode::SEE_OTHER && page.location().starts_with("/login")
}

#[tokio::test]
async fn sessions_ended_here_end_at_once_and_elsewhere_within_the_window() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let admin = Actor::system("test");
        // Ended through this server's store: the very next request is signed out.
        let mut owner = support::signed_in(&state, &council.owner.email).await;
        assert_eq!(owner.get("/").await.status, StatusCode::OK);
        state
            .store
            .delete_user_sessions(council.owner.id, None, &admin)
            .await
            .unwrap();
        assert!(signed_out(&owner.get("/").await), "{}", db.backend);

        // Ended by another process on the same database.
        let mut owner = support::signed_in(&state, &council.owner.email).await;
        assert_eq!(owner.get("/").await.status, StatusCode::OK);
        let elsewhere = ts::open(&db, state.clock.clone()).await;
        elsewhere
            .delete_user_sessions(council.owner.id, None, &admin)
            .await
            .unwrap();
        if db.backend == "postgres" {
            // Other instances may write PostgreSQL at any moment: nothing is trusted.
            assert!(signed_out(&owner.get("/").await), "at once on PostgreSQL");
        }
        tokio::time::sleep(WINDOW + Duration::from_millis(50)).await;
        assert!(signed_out(&owner.get("/").await), "{}", db.backend);
    }
}

#[tokio::test]
async fn a_plan_changed_elsewhere_shows_once_the_window_has_passed() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let mut owner: Client = support::signed_in(&state, &council.owner.email).await;
        let url = format!("/plans/{}", council.plan_id);
        let before = owner.get(&url).await;
        assert_eq!(before.status, StatusCode::OK);
        let plan = state.store.plan(council.plan_id).await.unwrap();
        let fields = PlanFields {
            title: "Renamed by the command line".into(),
            organisation: None,
            narrative: Vec::new(),
        };
        let elsewhere = ts::open(&db, state.clock.clone()).await;
        elsewhere
            .update_plan(plan.id, plan.version, &fields, &Actor::system("cli"))
            .await
            .unwrap();
        if db.backend == "postgres" {
            assert!(
                owner
                    .get(&url)
                    .await
                    .body
                    .contains("Renamed by the command line")
            );
        }
        tokio::time::sleep(WINDOW + Duration::from_millis(50)).await;
        let after = owner.get(&url).await;
        assert!(
            after.body.contains("Renamed by the command line"),
            "{}: the plan is read again",
            db.backend
        );

        // A change made here shows at once, whatever the window.
        let plan = state.store.plan(council.plan_id).await.unwrap();
        let fields = PlanFields {
            title: "Renamed through this server".into(),
            ..fields
        };
        state
            .store
            .update_plan(plan.id, plan.version, &fields, &Actor::system("test"))
            .await
            .unwrap();
        assert!(
            owner
                .get(&url)
                .await
                .body
                .contains("Renamed through this server"),
            "{}",
            db.backend
        );
    }
}
