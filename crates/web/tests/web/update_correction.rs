//! Issue 8, item 8: a person corrects their own update for 24 hours; the first words stay
//! in the history; nobody else corrects it, and not after the window.

use crate::support::{action_by_ref, app_with_clock, signed_in};
use assure_test_support as ts;
use axum::http::StatusCode;

#[tokio::test]
async fn a_person_corrects_their_own_update_for_a_day_and_the_first_words_stay() {
    for db in ts::databases().await {
        let (state, council, clock) = app_with_clock(&db).await;
        let plan_id = council.plan_id;
        let a = action_by_ref(&state, plan_id, "2.3").await;
        let url = format!("/plans/{plan_id}/actions/{}", a.id);
        let mut lead = signed_in(&state, &council.lead.email).await;
        let v = a.version.to_string();
        let today = assure_domain::clock::uk_date(state.clock.now());
        let written = lead
            .post(
                &format!("{url}/update"),
                &[
                    ("text", "Audit booked for 12 Decmber"),
                    ("version", &v),
                    ("date-day", &today.format("%d").to_string()),
                    ("date-month", &today.format("%m").to_string()),
                    ("date-year", &today.format("%Y").to_string()),
                ],
            )
            .await;
        assert_eq!(
            written.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            db.backend,
            written.body
        );
        let page = lead.get(&url).await;
        assert!(page.body.contains("correct your update"), "{}", db.backend);
        let update = action_by_ref(&state, plan_id, "2.3")
            .await
            .updates
            .last()
            .unwrap()
            .clone();
        let correct = format!("{url}/updates/{}/correct", update.id);
        assert!(page.body.contains(&correct));

        // Someone else may not, and sees no link.
        let mut owner = signed_in(&state, &council.owner.email).await;
        assert!(!owner.get(&url).await.body.contains(&correct));
        assert_eq!(owner.get(&correct).await.status, StatusCode::NOT_FOUND);
        assert_eq!(
            owner.post(&correct, &[("text", "Not theirs")]).await.status,
            StatusCode::NOT_FOUND
        );

        let form = lead.get(&correct).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(
            form.body
                .contains(">Audit booked for 12 Decmber</textarea>")
        );
        let empty = lead.post(&correct, &[("text", " ")]).await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        let done = lead
            .post(&correct, &[("text", "Audit booked for 12 December")])
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        let after = action_by_ref(&state, plan_id, "2.3").await;
        let u = after.updates.iter().find(|u| u.id == update.id).unwrap();
        assert_eq!(u.text, "Audit booked for 12 December");
        assert_eq!(
            (u.date, &u.status),
            (update.date, &update.status),
            "only the words"
        );
        let history = lead.get(&url).await;
        assert!(history.body.contains("Update corrected by its author"));
        assert!(
            history.body.contains("Audit booked for 12 Decmber"),
            "the first words stay"
        );
        let trail = state.store.audit_trail(a.id).await.unwrap();
        let corrected = trail
            .iter()
            .find(|e| e.change.as_str() == "update" && e.entity.as_str() == "update")
            .expect("audited");
        assert!(
            corrected
                .before
                .as_ref()
                .unwrap()
                .to_string()
                .contains("Decmber")
        );

        // A day on, the window has closed.
        clock.advance(chrono::Duration::hours(24));
        let mut lead = signed_in(&state, &council.lead.email).await;
        assert!(!lead.get(&url).await.body.contains(&correct));
        assert_eq!(lead.get(&correct).await.status, StatusCode::NOT_FOUND);
        let late = state
            .store
            .correct_update(
                update.id,
                "Too late",
                &assure_domain::model::Actor::user(&council.lead),
            )
            .await;
        assert!(
            matches!(&late, Err(assure_store::StoreError::Invalid(m)) if m.contains("24 hours")),
            "{late:?}"
        );
    }
}
