//! Issue 8, item 8: a lead writes the month's updates for all their actions on one form;
//! only the rows given words are saved, each as its own audited update.

use crate::support::{action_by_ref, app, signed_in};
use assure_domain::model::Actor;
use assure_test_support as ts;
use axum::http::StatusCode;

#[tokio::test]
async fn a_lead_updates_all_their_actions_in_one_sitting() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let plan_id = council.plan_id;
        let a23 = action_by_ref(&state, plan_id, "2.3").await;
        let a34 = action_by_ref(&state, plan_id, "3.4").await;
        let a35 = action_by_ref(&state, plan_id, "3.5").await;
        let mut lead = signed_in(&state, &council.lead.email).await;
        assert!(lead.get("/").await.body.contains("href=\"/my-updates\""));
        let form = lead.get("/my-updates").await;
        assert_eq!(form.status, StatusCode::OK, "{}", db.backend);
        for a in [&a23, &a34, &a35] {
            assert!(
                form.body.contains(&format!("name=\"text-{}\"", a.id)),
                "{}",
                db.backend
            );
        }
        let amber = state
            .store
            .plan(plan_id)
            .await
            .unwrap()
            .status_scheme
            .iter()
            .find(|s| s.meaning == assure_domain::Meaning::AtRisk)
            .unwrap()
            .label
            .clone();
        let field = |f: &str, a: &assure_domain::model::StoredAction| format!("{f}-{}", a.id);
        let v = |a: &assure_domain::model::StoredAction| a.version.to_string();

        // A status change with no words: nothing is saved, and the row says why.
        let refused = lead
            .post(
                "/my-updates",
                &[
                    (&field("text", &a23), "Audit booked"),
                    (&field("version", &a23), &v(&a23)),
                    (&field("status", &a34), &amber),
                    (&field("version", &a34), &v(&a34)),
                ],
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            db.backend
        );
        assert!(refused.body.contains("to change its status"));
        assert!(
            refused.body.contains(">Audit booked</textarea>"),
            "words kept"
        );
        assert_eq!(
            action_by_ref(&state, plan_id, "2.3").await.updates.len(),
            a23.updates.len()
        );

        // Two rows with words (one with a new status), one left empty.
        let saved = lead
            .post(
                "/my-updates",
                &[
                    (
                        &field("text", &a23),
                        "Audit of strategy meetings booked for December",
                    ),
                    (&field("version", &a23), &v(&a23)),
                    (
                        &field("text", &a34),
                        "Pilot slipped a month: West starts in January",
                    ),
                    (&field("status", &a34), &amber),
                    (&field("version", &a34), &v(&a34)),
                    (&field("text", &a35), "  "),
                    (&field("version", &a35), &v(&a35)),
                ],
            )
            .await;
        assert_eq!(
            saved.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            db.backend,
            saved.body
        );
        assert_eq!(saved.location(), "/my-updates?saved=2");
        assert!(
            lead.get(saved.location())
                .await
                .body
                .contains("2 updates saved.")
        );
        let after23 = action_by_ref(&state, plan_id, "2.3").await;
        let after34 = action_by_ref(&state, plan_id, "3.4").await;
        let after35 = action_by_ref(&state, plan_id, "3.5").await;
        assert_eq!(after23.updates.len(), a23.updates.len() + 1);
        assert_eq!(after34.status.as_ref().unwrap().label, amber);
        assert_eq!(after35.version, a35.version, "an empty row is not touched");
        let trail = state.store.audit_trail(a34.id).await.unwrap();
        assert!(
            trail
                .iter()
                .any(|e| e.entity.as_str() == "update" && e.actor.user_id == Some(council.lead.id))
        );

        // Someone else saved 2.3 meanwhile: that row is kept back with its words, 3.5 saved.
        state
            .store
            .write_update(
                after23.id,
                after23.version,
                assure_store::NewUpdate::new(
                    chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
                    "Owner's note",
                ),
                &Actor::user(&council.owner),
            )
            .await
            .unwrap();
        let raced = lead
            .post(
                "/my-updates",
                &[
                    (&field("text", &a23), "Audit moved to January"),
                    (&field("version", &a23), &after23.version.to_string()),
                    (&field("text", &a35), "Step-down audit done for November"),
                    (&field("version", &a35), &v(&after35)),
                ],
            )
            .await;
        assert_eq!(raced.status, StatusCode::CONFLICT, "{}", db.backend);
        assert!(raced.body.contains("1 update saved."));
        assert!(raced.body.contains(">Audit moved to January</textarea>"));
        assert_eq!(
            action_by_ref(&state, plan_id, "3.5").await.updates.len(),
            a35.updates.len() + 1
        );

        // Someone who leads nothing has nothing to write; another's action is not theirs.
        let mut viewer = signed_in(&state, &council.viewer.email).await;
        let none = viewer.get("/my-updates").await;
        assert!(none.body.contains("You do not lead any action"));
        let sneaky = viewer
            .post(
                "/my-updates",
                &[
                    (&field("text", &a23), "Not mine"),
                    (&field("version", &a23), "99"),
                ],
            )
            .await;
        assert_eq!(sneaky.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            !action_by_ref(&state, plan_id, "2.3")
                .await
                .updates
                .iter()
                .any(|u| u.text == "Not mine")
        );
    }
}
