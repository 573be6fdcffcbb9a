//! Sessions to ASVS level 2 (issue 10, item 5): an absolute lifetime beside the idle
//! timeout, a person sees where they are signed in and signs out of the others, and an
//! administrator ends a person's sessions, never another council's.

use crate::support::{self, PASSWORD, app, signed_in};
use assure_domain::clock::Clock;
use assure_test_support as ts;
use axum::http::StatusCode;
use chrono::Duration;

/// The `Max-Age` of the session cookie a response sends, if it sends one.
fn session_max_age(page: &support::Page) -> Option<i64> {
    page.headers
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap().to_string())
        .find(|c| c.starts_with("assure_session="))?
        .split(';')
        .find_map(|p| p.trim().strip_prefix("Max-Age=").map(str::to_string))?
        .parse()
        .ok()
}

#[tokio::test]
async fn a_session_ends_a_week_after_sign_in_however_much_it_is_used() {
    let db = ts::sqlite_db();
    let (state, council, clock) = support::app_with_clock(&db).await;
    let mut browser = signed_in(&state, &council.owner.email).await;
    // Six hours on, a request slides the expiry: the idle timeout (8 hours) from now.
    clock.advance(Duration::hours(6));
    let first = browser.get("/").await;
    assert_eq!(session_max_age(&first), Some(8 * 3600));
    // Used every four hours until two hours before the week is up: still signed in, and
    // the cookie then lasts only those two hours.
    let mut last = first;
    for _ in 0..40 {
        clock.advance(Duration::hours(4));
        last = browser.get("/").await;
        assert_eq!(last.status, StatusCode::OK, "at {}", clock.now());
    }
    assert_eq!(session_max_age(&last), Some(2 * 3600));
    // Past seven days since sign-in, however recently used: signed out.
    clock.advance(Duration::hours(2) + Duration::seconds(1));
    let home = browser.get("/").await;
    assert_eq!(home.status, StatusCode::SEE_OTHER);
    assert!(home.location().starts_with("/login"), "{}", home.location());
    assert!(
        state
            .store
            .user_sessions(council.owner.id)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_person_sees_where_they_are_signed_in_and_signs_out_of_the_others() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let mut laptop = signed_in(&state, &council.lead.email).await;
        let mut phone = signed_in(&state, &council.lead.email).await;
        let page = laptop.get("/account/sessions").await;
        assert_eq!(page.status, StatusCode::OK, "{}", db.backend);
        assert!(page.body.contains("Where you are signed in"));
        assert_eq!(
            page.body.matches("<tr class=\"govuk-table__row\">").count(),
            3
        );
        assert_eq!(page.body.matches("This one").count(), 1);
        assert!(!page.body.contains(&laptop.cookies["assure_session"]));

        let done = laptop.post("/account/sessions", &[]).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        assert_eq!(done.location(), "/account/sessions?ended=1");
        let after = laptop.get(done.location()).await;
        assert!(after.body.contains("signed out of 1 other session"));
        assert!(after.body.contains("You are signed in only here"));
        assert_eq!(phone.get("/").await.status, StatusCode::SEE_OTHER);
        assert_eq!(laptop.get("/").await.status, StatusCode::OK);

        // Without the form's token nothing is ended.
        let mut tablet = signed_in(&state, &council.lead.email).await;
        let forged = laptop
            .post_raw(
                "/account/sessions",
                String::new(),
                &[("content-type", "application/x-www-form-urlencoded")],
            )
            .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        assert_eq!(tablet.get("/").await.status, StatusCode::OK);

        let trail = state
            .store
            .audit_trail(council.lead.id)
            .await
            .expect("trail");
        let ended = trail
            .iter()
            .find(|e| e.change.as_str() == "sign_out_everywhere")
            .expect("audited");
        assert_eq!(ended.actor.user_id, Some(council.lead.id));
    }
}

#[tokio::test]
async fn an_administrator_ends_a_persons_sessions_but_not_another_councils() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let other = ts::seed_council(
            &state.store,
            "Southmere Council",
            "southmere.example",
            Some(&assure_web::password::hash(PASSWORD).unwrap()),
        )
        .await;
        let mut lost_laptop = signed_in(&state, &council.contributor.email).await;
        let mut theirs = signed_in(&state, &other.contributor.email).await;
        let mut admin = signed_in(&state, &council.admin.email).await;

        let people = admin.get("/people").await;
        assert!(
            people
                .body
                .contains(&format!("/people/{}/sign-out", council.contributor.id))
        );
        let done = admin
            .post(&format!("/people/{}/sign-out", council.contributor.id), &[])
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", db.backend);
        let shown = admin.get(done.location()).await;
        assert!(
            shown.body.contains(&format!(
                "{} has been signed out everywhere",
                council.contributor.name
            )),
            "{}",
            shown.body
        );
        assert_eq!(lost_laptop.get("/").await.status, StatusCode::SEE_OTHER);

        // Another council's person: not found, and still signed in.
        let r = admin
            .post(&format!("/people/{}/sign-out", other.contributor.id), &[])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", db.backend);
        assert_eq!(theirs.get("/").await.status, StatusCode::OK);
        for bad in ["not-an-id", "0191f0f0-0000-7000-8000-000000000000"] {
            let r = admin.post(&format!("/people/{bad}/sign-out"), &[]).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{bad}");
        }
        // Only administrators.
        let mut owner = signed_in(&state, &council.owner.email).await;
        let r = owner
            .post(&format!("/people/{}/sign-out", council.admin.id), &[])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", db.backend);
        assert_eq!(admin.get("/people").await.status, StatusCode::OK);

        let trail = state
            .store
            .audit_trail(council.contributor.id)
            .await
            .expect("trail");
        let ended = trail
            .iter()
            .find(|e| e.change.as_str() == "sign_out_everywhere")
            .expect("audited");
        assert_eq!(ended.actor.user_id, Some(council.admin.id));
    }
}

/// Issue 8, item 12: an administrator disables a person: their sessions end at once, they
/// cannot sign in (and are told why once their password is right), they are not offered
/// as a lead; enabled again, they sign in. Nobody disables themself.
#[tokio::test]
async fn a_disabled_person_is_signed_out_cannot_sign_in_and_is_not_offered() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let mut theirs = signed_in(&state, &council.contributor.email).await;
        let mut admin = signed_in(&state, &council.admin.email).await;
        let done = admin
            .post(&format!("/people/{}/disable", council.contributor.id), &[])
            .await;
        assert_eq!(
            done.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            db.backend,
            done.body
        );
        let page = admin.get(done.location()).await;
        assert!(
            page.body.contains("account has been disabled"),
            "{}",
            page.body
        );
        assert!(page.body.contains("Disabled</strong>"));
        assert_eq!(theirs.get("/").await.status, StatusCode::SEE_OTHER);

        let mut again = crate::support::Client::new(&state);
        let refused = again.sign_in(&council.contributor.email, PASSWORD).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", db.backend);
        assert!(refused.body.contains("Your account has been disabled"));
        let wrong = again
            .sign_in(&council.contributor.email, "not it at all")
            .await;
        assert_eq!(
            wrong.status,
            StatusCode::UNAUTHORIZED,
            "a wrong password learns nothing"
        );

        let offered = format!("<option value=\"{}\"", council.viewer.id);
        let members = admin
            .get(&format!("/plans/{}/members", council.plan_id))
            .await;
        assert_eq!(members.status, StatusCode::OK);
        assert!(
            members.body.contains(&offered),
            "an enabled person is offered"
        );
        assert!(
            !members
                .body
                .contains(&format!("<option value=\"{}\"", council.contributor.id)),
            "{}: a disabled person is not offered",
            db.backend
        );
        let forced = admin
            .post(
                &format!("/plans/{}/members", council.plan_id),
                &[
                    ("op", "role"),
                    ("person", &council.contributor.id.to_string()),
                    ("role", "owner"),
                ],
            )
            .await;
        assert_eq!(
            forced.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            db.backend
        );

        // Nobody disables themself; another council's person is not found.
        let me = admin
            .post(&format!("/people/{}/disable", council.admin.id), &[])
            .await;
        assert_eq!(me.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(me.body.contains("cannot disable your own account"));
        let other =
            ts::seed_council(&state.store, "Southmere Council", "southmere.example", None).await;
        let r = admin
            .post(&format!("/people/{}/disable", other.lead.id), &[])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);

        let back = admin
            .post(&format!("/people/{}/enable", council.contributor.id), &[])
            .await;
        assert_eq!(back.status, StatusCode::SEE_OTHER);
        let mut fresh = crate::support::Client::new(&state);
        assert_eq!(
            fresh
                .sign_in(&council.contributor.email, PASSWORD)
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        let trail = state
            .store
            .audit_trail(council.contributor.id)
            .await
            .expect("trail");
        let changes: Vec<&str> = trail.iter().map(|e| e.change.as_str()).collect();
        assert!(
            changes.contains(&"disable") && changes.contains(&"enable"),
            "{changes:?}"
        );
    }
}
