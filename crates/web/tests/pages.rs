//! The pages, in-process through the router, on both backends.

use assure_domain::PlanDocument;
use assure_domain::model::Actor;
use assure_test_support as support;
use assure_web::{AppState, router};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use std::path::PathBuf;
use tower::ServiceExt;

fn demo_plan() -> PlanDocument {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../assure/demo/plan.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

async fn get(state: &AppState, uri: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let res = router(state.clone())
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8(body.to_vec()).unwrap())
}

#[tokio::test]
async fn the_plan_list_and_plan_page_show_the_plan_as_written() {
    for db in support::databases().await {
        let clock = support::clock();
        let store = support::open(&db, clock.clone()).await;
        let org = store
            .create_organisation("Northbridge", &Actor::system("t"))
            .await
            .unwrap();
        let mut doc = demo_plan();
        doc.title = "Plan <script>alert(1)</script> & more".into();
        let id = store
            .create_plan(org.id, &doc, &Actor::system("t"))
            .await
            .unwrap();
        let state = AppState { store, clock };

        let (status, headers, body) = get(&state, "/").await;
        assert_eq!(status, StatusCode::OK, "{}", db.backend);
        assert!(body.contains(&format!("href=\"/plans/{id}\"")));
        assert!(
            body.contains("Plan &#60;script&#62;alert(1)&#60;/script&#62; &#38; more"),
            "{body}"
        );
        assert!(!body.contains("<script>"), "user text must be escaped");
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"));
        assert_eq!(headers["x-content-type-options"], "nosniff");

        let (status, _, body) = get(&state, &format!("/plans/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        for area in &doc.areas {
            assert!(
                body.contains(&askama_escape(&area.title)),
                "area {:?} missing",
                area.title
            );
        }
        let first = &doc.areas[0].actions[0];
        assert!(
            body.contains(&askama_escape(&first.text)),
            "first action missing"
        );
        if let Some(status) = &first.status {
            assert!(body.contains(&status.label));
        }
    }
}

#[tokio::test]
async fn unknown_and_malformed_ids_are_404_pages() {
    let db = support::sqlite_db();
    let clock = support::clock();
    let state = AppState {
        store: support::open(&db, clock.clone()).await,
        clock,
    };
    for uri in [
        "/plans/0191f0f0-0000-7000-8000-000000000000",
        "/plans/not-an-id",
        "/nowhere",
        "/plans/%00",
    ] {
        let (status, headers, body) = get(&state, uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert!(body.contains("Page not found"), "{uri}");
        assert!(headers.contains_key("content-security-policy"), "{uri}");
    }
    let (status, headers, body) = get(&state, "/assets/app.css").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert!(body.contains(".tag--off-track"));
}

/// The escaping askama applies to text, for finding user text in a page.
fn askama_escape(s: &str) -> String {
    s.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}
