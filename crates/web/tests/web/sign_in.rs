//! The pages, in-process through the router, on both backends.

use crate::support;

use crate::support::{Client, PASSWORD, app};
use assure_test_support as ts;
use axum::http::StatusCode;

#[tokio::test]
async fn a_person_signs_in_sees_their_plans_and_signs_out() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let mut browser = Client::new(&state);

        let first = browser.get("/").await;
        assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", db.backend);
        assert_eq!(first.location(), "/login?next=%2F");

        let wrong = browser
            .sign_in(&council.owner.email, "not the password")
            .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert!(
            wrong
                .body
                .contains("Enter a correct email address and password")
        );
        assert!(!browser.cookies.contains_key("assure_session"));

        let ok = browser.sign_in(&council.owner.email, PASSWORD).await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        assert_eq!(ok.location(), "/");
        let cookie = ok
            .headers
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            ok.headers.get_all("set-cookie").iter().any(|c| {
                let c = c.to_str().unwrap();
                c.starts_with("assure_session=")
                    && c.contains("HttpOnly")
                    && c.contains("SameSite=Lax")
            }),
            "{cookie}"
        );

        let home = browser.get("/").await;
        assert_eq!(home.status, StatusCode::OK);
        assert!(
            home.body
                .contains(&format!("href=\"/plans/{}\"", council.plan_id))
        );
        assert!(
            home.body.contains("Olu Owner"),
            "the header names who is signed in"
        );

        let plan = browser.get(&format!("/plans/{}", council.plan_id)).await;
        assert_eq!(plan.status, StatusCode::OK);
        assert!(
            plan.body
                .contains("Northbridge Children&#39;s Services Improvement Action Plan")
        );

        let out = browser.post("/logout", &[]).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        assert_eq!(
            browser.get("/").await.status,
            StatusCode::SEE_OTHER,
            "signed out"
        );
    }
}

#[tokio::test]
async fn forms_without_the_right_token_or_from_another_site_are_refused() {
    let db = ts::sqlite_db();
    let (state, council) = app(&db).await;
    let mut browser = Client::new(&state);
    browser.get("/login").await;
    let body = format!(
        "email={}&password={}",
        council.owner.email,
        PASSWORD.replace(' ', "+")
    );
    let no_token = browser.post_raw("/login", body.clone(), &[]).await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    assert!(no_token.body.contains("This form has expired"));

    let token = browser.csrf.clone().unwrap();
    let cross = browser
        .post_raw(
            "/login",
            format!("{body}&csrf_token={token}"),
            &[("sec-fetch-site", "cross-site")],
        )
        .await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
    let foreign = browser
        .post_raw(
            "/login",
            format!("{body}&csrf_token={token}"),
            &[
                ("origin", "https://evil.example"),
                ("host", "assure.example"),
            ],
        )
        .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);

    assert_eq!(
        browser.sign_in(&council.owner.email, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    browser.get("/").await;
    let stale = browser
        .post("/logout", &[("csrf_token", "not-the-token")])
        .await;
    assert_eq!(stale.status, StatusCode::FORBIDDEN);
    assert_eq!(
        browser.get("/").await.status,
        StatusCode::OK,
        "still signed in"
    );
}

#[tokio::test]
async fn guessing_is_throttled_per_account() {
    let db = ts::sqlite_db();
    let (state, council, clock) = support::app_with_clock(&db).await;
    let mut browser = Client::new(&state);
    for _ in 0..state.config.max_failures_per_account {
        let r = browser.sign_in(&council.viewer.email, "guess").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let locked = browser.sign_in(&council.viewer.email, PASSWORD).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(locked.body.contains("Too many attempts"));
    // Another account is not affected.
    assert_eq!(
        browser.sign_in(&council.owner.email, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    // Fifteen minutes later the account may try again.
    clock.advance(chrono::Duration::minutes(16));
    let mut again = Client::new(&state);
    assert_eq!(
        again.sign_in(&council.viewer.email, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn another_councils_plan_does_not_exist_for_you() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let other = ts::seed_council(
            &state.store,
            "Southmere Council",
            "southmere.example",
            Some(&assure_web::password::hash(PASSWORD).unwrap()),
        )
        .await;
        let mut browser = Client::new(&state);
        browser.sign_in(&other.admin.email, PASSWORD).await;
        let page = browser.get(&format!("/plans/{}", council.plan_id)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{}", db.backend);
        let list = browser.get("/plans").await;
        assert!(!list.body.contains(&council.plan_id.to_string()));
        assert!(list.body.contains(&other.plan_id.to_string()));
    }
}

#[tokio::test]
async fn user_text_is_escaped_and_headers_are_safe() {
    let db = ts::sqlite_db();
    let (state, council) = app(&db).await;
    let mut doc = ts::demo_plan();
    doc.title = "Plan <script>alert(1)</script> & more".into();
    state
        .store
        .create_plan(
            council.org.id,
            &doc,
            &assure_domain::model::Actor::system("t"),
        )
        .await
        .unwrap();
    let mut browser = Client::new(&state);
    browser.sign_in(&council.admin.email, PASSWORD).await;
    let page = browser.get("/plans").await;
    assert!(
        page.body
            .contains("Plan &#60;script&#62;alert(1)&#60;/script&#62; &#38; more"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("<script>alert"));
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"));
    assert_eq!(page.headers["x-content-type-options"], "nosniff");
    for uri in [
        "/plans/0191f0f0-0000-7000-8000-000000000000",
        "/plans/not-an-id",
        "/nowhere",
    ] {
        let p = browser.get(uri).await;
        assert_eq!(p.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(p.body.contains("Page not found"), "{uri}");
    }
}
