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
