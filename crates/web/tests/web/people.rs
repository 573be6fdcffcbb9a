//! People: an admin adds people; a member may not.

use crate::support::{Client, PASSWORD, app, signed_in};
use assure_test_support as ts;
use axum::http::StatusCode;

#[tokio::test]
async fn an_admin_adds_people_and_a_member_may_not() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let mut member = signed_in(&state, &council.owner.email).await;
        assert_eq!(member.get("/people").await.status, StatusCode::FORBIDDEN);
        let refused = member
            .post(
                "/people",
                &[
                    ("name", "Sneaky"),
                    ("email", "sneaky@northbridge.example"),
                    ("role", "admin"),
                    ("password", "a long enough password"),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        let mut admin = signed_in(&state, &council.admin.email).await;
        let list = admin.get("/people").await;
        assert_eq!(list.status, StatusCode::OK, "{}", db.backend);
        assert!(list.body.contains(&council.lead.name));
        assert!(list.body.contains("Administrator"));

        let short = admin
            .post(
                "/people",
                &[
                    ("name", "Kemi Adeyemi"),
                    ("email", "kemi@northbridge.example"),
                    ("role", "member"),
                    ("password", "short"),
                ],
            )
            .await;
        assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(short.body.contains("govuk-error-summary"));
        assert!(short.body.contains("at least 12 characters"));
        assert!(
            short.body.contains("value=\"Kemi Adeyemi\""),
            "keeps what was typed"
        );
        for (weak, why) in [
            ("aaaaaaaaaaaaaaaa", "easy to guess"),
            ("kemi.adeyemi2026", "your own name or email"),
        ] {
            let refused = admin
                .post(
                    "/people",
                    &[
                        ("name", "Kemi Adeyemi"),
                        ("email", "kemi@northbridge.example"),
                        ("role", "member"),
                        ("password", weak),
                    ],
                )
                .await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{weak}");
            assert!(refused.body.contains(why), "{weak}: {}", refused.body);
        }

        let bad = admin
            .post(
                "/people",
                &[
                    ("name", "Kemi Adeyemi"),
                    ("email", "kemi"),
                    ("role", "member"),
                    ("password", "a long enough password"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("href=\"#email\""));

        let ok = admin
            .post(
                "/people",
                &[
                    ("name", "Kemi Adeyemi"),
                    ("email", "kemi@northbridge.example"),
                    ("role", "member"),
                    ("password", "a long enough password"),
                ],
            )
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        let people = state.store.users(council.org.id).await.unwrap();
        assert!(people.iter().any(|p| p.email == "kemi@northbridge.example"));
        let mut kemi = Client::new(&state);
        let signed = kemi
            .sign_in("kemi@northbridge.example", "a long enough password")
            .await;
        assert_eq!(
            signed.status,
            StatusCode::SEE_OTHER,
            "the new person can sign in"
        );

        let dup = admin
            .post(
                "/people",
                &[
                    ("name", "Kemi Again"),
                    ("email", &council.lead.email),
                    ("role", "member"),
                    ("password", "a long enough password"),
                ],
            )
            .await;
        assert_eq!(
            dup.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            db.backend
        );
        assert!(dup.body.contains("already has this email"));
    }
}

/// Issue 10, item 4: an administrator adding a person learns nothing about other
/// councils' people. The address of someone in another council is simply another account,
/// and each signs in to their own council with their own password.
#[tokio::test]
async fn adding_a_person_reveals_nothing_about_other_councils() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let other = ts::seed_council(
            &state.store,
            "Southmere Council",
            "southmere.example",
            Some(&assure_web::password::hash(PASSWORD).unwrap()),
        )
        .await;
        let mut admin = signed_in(&state, &other.admin.email).await;
        let shared = council.lead.email.clone();
        let added = admin
            .post(
                "/people",
                &[
                    ("name", "Lee Consultant"),
                    ("email", &shared),
                    ("role", "member"),
                    ("password", "interim cover for the winter"),
                ],
            )
            .await;
        assert_eq!(
            added.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            db.backend,
            added.body
        );
        let page = admin.get("/people").await;
        assert!(page.body.contains("Lee Consultant"));
        assert!(!page.body.contains("Northbridge"), "{}", db.backend);

        // Each password opens its own council's account.
        let mut north = Client::new(&state);
        assert_eq!(
            north.sign_in(&shared, PASSWORD).await.status,
            StatusCode::SEE_OTHER
        );
        let home = north.get("/").await;
        assert!(home.body.contains(&council.lead.name), "{}", db.backend);
        let mut south = Client::new(&state);
        let r = south.sign_in(&shared, "interim cover for the winter").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", db.backend);
        let home = south.get("/").await;
        assert!(home.body.contains("Lee Consultant"), "{}", db.backend);
        assert!(!home.body.contains(&council.plan_id.to_string()));
        // A wrong password opens neither.
        let mut guess = Client::new(&state);
        let r = guess.sign_in(&shared, "neither of the two passwords").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);

        // Within one council an address is still one person's.
        let dup = admin
            .post(
                "/people",
                &[
                    ("name", "Lee Again"),
                    ("email", &shared),
                    ("role", "member"),
                    ("password", "interim cover for the spring"),
                ],
            )
            .await;
        assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            dup.body
                .contains("Someone in your organisation already has this email")
        );
    }
}

/// Issue 8, item 12: a person corrects their own name; their role stays as it was.
#[tokio::test]
async fn a_person_corrects_their_own_name() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let mut lead = signed_in(&state, &council.lead.email).await;
        let form = lead.get("/account/name").await;
        assert_eq!(form.status, StatusCode::OK, "{}", db.backend);
        assert!(
            form.body
                .contains(&format!("value=\"{}\"", council.lead.name))
        );
        assert!(form.body.contains("name=\"version\" value=\"1\""));

        for (bad, why) in [
            ("   ", "Enter your name"),
            (&"x".repeat(201)[..], "200 characters or fewer"),
        ] {
            let r = lead
                .post("/account/name", &[("name", bad), ("version", "1")])
                .await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
            assert!(r.body.contains(why), "{why}");
        }
        let ok = lead
            .post(
                "/account/name",
                &[("name", " Leigh Lead "), ("version", "1")],
            )
            .await;
        assert_eq!(
            ok.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            db.backend,
            ok.body
        );
        let home = lead.get("/").await;
        assert!(
            home.body.contains("Leigh Lead"),
            "the header says the new name"
        );
        let me = state.store.user(council.lead.id).await.unwrap();
        assert_eq!(
            (me.name.as_str(), me.role),
            ("Leigh Lead", council.lead.role)
        );

        // A form opened before that save is stale.
        let stale = lead
            .post(
                "/account/name",
                &[("name", "Someone Else"), ("version", "1")],
            )
            .await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{}", db.backend);
        assert_eq!(
            state.store.user(council.lead.id).await.unwrap().name,
            "Leigh Lead"
        );
    }
}

/// The href of the one-time link on the page an administrator is shown.
fn shown_link(body: &str) -> String {
    let code = body.split("<code>").nth(1).expect("the link is shown");
    let link = code.split("</code>").next().unwrap();
    let path = link.split("/password/").nth(1).expect("a password link");
    format!("/password/{path}")
}

/// Issue 8, item 12: a forgotten password. An administrator makes a one-time link; the
/// person sets a new password through it (the password rules hold), every session of
/// theirs ends, and the link works once, for a day, and only for their council's admin.
#[tokio::test]
async fn a_one_time_link_sets_a_forgotten_password() {
    for db in ts::databases().await {
        let (state, council, clock) = crate::support::app_with_clock(&db).await;
        let mut old_laptop = signed_in(&state, &council.viewer.email).await;
        let mut admin = signed_in(&state, &council.admin.email).await;
        let made = admin
            .post(&format!("/people/{}/password-link", council.viewer.id), &[])
            .await;
        assert_eq!(made.status, StatusCode::OK, "{}: {}", db.backend, made.body);
        let link = shown_link(&made.body);
        assert!(made.body.contains("works once, for 24 hours"));

        let mut person = Client::new(&state);
        let form = person.get(&link).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains(&council.viewer.email));
        let weak = person
            .post(
                &link,
                &[("new", "aaaaaaaaaaaaaaaa"), ("confirm", "aaaaaaaaaaaaaaaa")],
            )
            .await;
        assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
        let new = "kettle harbour violin seventeen";
        let set = person.post(&link, &[("new", new), ("confirm", new)]).await;
        assert_eq!(
            set.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            db.backend,
            set.body
        );
        assert_eq!(set.location(), "/login?password=set");
        assert!(
            person
                .get(set.location())
                .await
                .body
                .contains("Your new password is set")
        );
        assert_eq!(
            old_laptop.get("/").await.status,
            StatusCode::SEE_OTHER,
            "signed out"
        );
        let mut fresh = Client::new(&state);
        assert_eq!(
            fresh.sign_in(&council.viewer.email, new).await.status,
            StatusCode::SEE_OTHER
        );
        let mut stale = Client::new(&state);
        assert_eq!(
            stale.sign_in(&council.viewer.email, PASSWORD).await.status,
            StatusCode::UNAUTHORIZED
        );

        // Once only.
        let mut again = Client::new(&state);
        assert_eq!(again.get(&link).await.status, StatusCode::NOT_FOUND);
        // The person's own browser, with a form token, sending the form again.
        let reuse = person
            .post(
                &link,
                &[
                    ("new", "another long phrase here"),
                    ("confirm", "another long phrase here"),
                ],
            )
            .await;
        assert_eq!(reuse.status, StatusCode::NOT_FOUND);
        // A day only; a newer link stops the older.
        let day = admin
            .post(&format!("/people/{}/password-link", council.lead.id), &[])
            .await;
        let day = shown_link(&day.body);
        let newer = admin
            .post(&format!("/people/{}/password-link", council.lead.id), &[])
            .await;
        let newer = shown_link(&newer.body);
        assert_eq!(
            again.get(&day).await.status,
            StatusCode::NOT_FOUND,
            "stopped"
        );
        clock.advance(chrono::Duration::hours(24) + chrono::Duration::seconds(1));
        assert_eq!(
            again.get(&newer).await.status,
            StatusCode::NOT_FOUND,
            "expired"
        );
        assert_eq!(
            again.get("/password/made-up").await.status,
            StatusCode::NOT_FOUND
        );

        // Not for another council's person, nor from someone who is not an admin (signed
        // in again: a day has passed).
        let mut admin = signed_in(&state, &council.admin.email).await;
        let other =
            ts::seed_council(&state.store, "Southmere Council", "southmere.example", None).await;
        let r = admin
            .post(&format!("/people/{}/password-link", other.lead.id), &[])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let mut owner = signed_in(&state, &council.owner.email).await;
        let r = owner
            .post(&format!("/people/{}/password-link", council.lead.id), &[])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);

        let trail = state.store.audit_trail(council.viewer.id).await.unwrap();
        let changes: Vec<&str> = trail.iter().map(|e| e.change.as_str()).collect();
        assert!(changes.contains(&"issue_password_reset"), "{changes:?}");
        let set = trail
            .iter()
            .rev()
            .find(|e| e.change.as_str() == "set_password")
            .unwrap();
        assert_eq!(set.actor.user_id, Some(council.viewer.id));
        let text = serde_json::to_string(&trail).unwrap();
        assert!(
            !text.contains(link.trim_start_matches("/password/")),
            "no secret in the trail"
        );
    }
}
