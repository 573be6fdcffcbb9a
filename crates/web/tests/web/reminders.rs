//! The reminders in the app: each person's home page shows what the mailer would send
//! them (their updates due in the round, the escalation to owners after its deadline),
//! and the account page keeps how often they want it by email — CSRF'd, checked, kept.

use crate::support::{app_with_clock, signed_in, unescape};
use assure_domain::reminders::Frequency;
use assure_test_support as ts;
use axum::http::StatusCode;

#[tokio::test]
async fn the_home_page_shows_each_person_what_is_waiting_for_them() {
    for db in ts::databases().await {
        let (state, council, clock) = app_with_clock(&db).await;
        // Monday 23 November: the lead's round is open, due Monday 30th.
        let mut lead = signed_in(&state, &council.lead.email).await;
        let home = unescape(&lead.get("/").await.body);
        assert!(
            home.contains("Waiting for you (1)"),
            "{}: {home}",
            db.backend
        );
        assert!(
            home.contains("need an update for the November 2026 update by Monday 30 November 2026"),
            "{home}"
        );
        assert!(home.contains("href=\"/my-updates\""));
        assert!(home.contains("Assure emails you each time something new is waiting for you."));
        // The owner leads nothing: nothing waits yet.
        let mut owner = signed_in(&state, &council.owner.email).await;
        let home = unescape(&owner.get("/").await.body);
        assert!(home.contains("Waiting for you (0)"), "{home}");
        // A fortnight on, November's deadline has passed: the owner sees the escalation
        // with a link to the round that names who did not update.
        clock.advance(chrono::Duration::days(8));
        // (A new sign-in: a week idle ends a session.)
        let mut owner = signed_in(&state, &council.owner.email).await;
        let home = unescape(&owner.get("/").await.body);
        assert!(
            home.contains(
                "had no update by the November 2026 update deadline (Monday 30 November 2026)"
            ),
            "{home}"
        );
        assert!(home.contains(&format!(
            "href=\"/plans/{}/round?period=2026-11-01\"",
            council.plan_id
        )));
        // The viewer neither leads nor owns: nothing.
        let mut viewer = signed_in(&state, &council.viewer.email).await;
        assert!(unescape(&viewer.get("/").await.body).contains("Waiting for you (0)"));
    }
}

#[tokio::test]
async fn each_person_chooses_how_often_they_are_emailed() {
    for db in ts::databases().await {
        let (state, council, _) = app_with_clock(&db).await;
        let mut lead = signed_in(&state, &council.lead.email).await;
        let page = lead.get("/account/email").await;
        assert_eq!(page.status, StatusCode::OK);
        // Every choice, the current one ticked.
        for f in Frequency::ALL {
            assert!(page.body.contains(&format!("value=\"{}\"", f.as_str())));
        }
        assert!(
            page.body.contains("value=\"each\" checked"),
            "{}",
            page.body
        );
        // Nothing chosen, or nonsense: the error, nothing saved.
        for bad in ["", "hourly"] {
            let r = lead.post("/account/email", &[("frequency", bad)]).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
            assert!(r.body.contains("Choose how often Assure emails you"));
        }
        // Without the form's token: refused.
        let forged = lead
            .post(
                "/account/email",
                &[("csrf_token", "forged"), ("frequency", "off")],
            )
            .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        assert_eq!(
            state.store.email_frequency(council.lead.id).await.unwrap(),
            Frequency::Each
        );
        let saved = lead
            .post("/account/email", &[("frequency", "weekly")])
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        assert_eq!(saved.location(), "/account/email?saved=1");
        let page = lead.get("/account/email?saved=1").await;
        assert!(page.body.contains("value=\"weekly\" checked"));
        assert!(page.body.contains("has been saved"));
        assert_eq!(
            state.store.email_frequency(council.lead.id).await.unwrap(),
            Frequency::Weekly
        );
        lead.post("/account/email", &[("frequency", "off")]).await;
        let home = unescape(&lead.get("/").await.body);
        assert!(
            home.contains("You have turned reminder emails off"),
            "{home}"
        );
        // Still shown in the app.
        assert!(home.contains("Waiting for you (1)"));
        // Someone else's choice is untouched.
        assert_eq!(
            state.store.email_frequency(council.owner.id).await.unwrap(),
            Frequency::Each
        );
    }
}
