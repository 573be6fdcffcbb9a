//! People: an admin adds people; a member may not.

use crate::support::{Client, app, signed_in};
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
