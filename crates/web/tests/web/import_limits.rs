//! Imports within bounds (issue 10): at most `max_concurrent_imports` are read at once
//! and the rest are asked to try again (503); a file over a limit, or a plan over the
//! maximum size, is refused on the import page with the importer's message, and
//! nothing is saved.

use std::time::Duration;

use crate::support::{Page, app, post_multipart, signed_in};
use assure_test_support as ts;
use assure_web::{AppState, WebConfig};
use axum::http::{StatusCode, header};

/// A plan of `n` actions, as CSV.
fn csv(n: usize) -> Vec<u8> {
    let mut out = String::from("Ref,Action,Lead,Timescale,Status\n");
    for i in 0..n {
        out.push_str(&format!(
            "{}.{},Audit case files and report to DLT ({i}),KA,July 2025,Green\n",
            i / 100 + 1,
            i % 100 + 1
        ));
    }
    out.into_bytes()
}

/// The state over the test council's store, with imports waiting `wait` for a turn.
async fn state(db: &ts::TestDb, wait: Duration) -> (AppState, ts::Council) {
    let (state, council) = app(db).await;
    let config = WebConfig {
        max_concurrent_imports: 2,
        import_wait: wait,
        ..WebConfig::default()
    };
    (
        AppState::with_config(state.store.clone(), state.clock.clone(), config),
        council,
    )
}

fn assert_busy(page: &Page) {
    assert_eq!(
        page.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Assure is reading other plans; try again in a minute."),
        "{}",
        page.body
    );
    assert!(page.body.contains("govuk-heading-l"));
    assert_eq!(
        page.headers.get(header::RETRY_AFTER).map(|v| v.as_bytes()),
        Some(&b"60"[..])
    );
}

#[tokio::test]
async fn imports_beyond_the_cap_are_asked_to_try_again() {
    let db = ts::databases().await.remove(0);
    let (state, council) = state(&db, Duration::from_millis(50)).await;
    let mut admin = signed_in(&state, &council.admin.email).await;
    admin.get("/plans/import").await;
    let plan = csv(3);

    // Two imports are being read: a third waits, then is turned away.
    let both = state
        .imports
        .clone()
        .try_acquire_many_owned(2)
        .expect("two turns");
    let busy = post_multipart(
        &mut admin,
        "/plans/import",
        &[("file", Some("plan.csv"), &plan)],
    )
    .await;
    assert_busy(&busy);
    let confirm = post_multipart(
        &mut admin,
        "/plans/import/confirm",
        &[("document", None, b"{}")],
    )
    .await;
    assert_busy(&confirm);

    // One finishes: the next import is read.
    drop(both);
    let one = state.imports.clone().try_acquire_owned().expect("a turn");
    let preview = post_multipart(
        &mut admin,
        "/plans/import",
        &[("file", Some("plan.csv"), &plan)],
    )
    .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(preview.body.contains("Check the plan before you create it"));
    drop(one);
    assert_eq!(state.imports.available_permits(), 2, "turns are given back");
}

#[tokio::test]
async fn an_import_waits_for_its_turn_within_the_wait() {
    let db = ts::databases().await.remove(0);
    let (state, council) = state(&db, Duration::from_secs(20)).await;
    let mut admin = signed_in(&state, &council.admin.email).await;
    admin.get("/plans/import").await;
    let both = state
        .imports
        .clone()
        .try_acquire_many_owned(2)
        .expect("two turns");
    let freed = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        drop(both);
    });
    let plan = csv(3);
    let preview = post_multipart(
        &mut admin,
        "/plans/import",
        &[("file", Some("plan.csv"), &plan)],
    )
    .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    freed.await.expect("freed");
}

#[tokio::test]
async fn files_over_a_limit_are_refused_on_the_import_page_and_nothing_is_saved() {
    let db = ts::databases().await.remove(0);
    let (state, council) = state(&db, Duration::from_secs(5)).await;
    let mut admin = signed_in(&state, &council.admin.email).await;
    admin.get("/plans/import").await;
    let plans = state
        .store
        .plans_for_user(&council.admin)
        .await
        .unwrap()
        .len();

    let rows = csv(40_000);
    let page = post_multipart(
        &mut admin,
        "/plans/import",
        &[("file", Some("rows.csv"), &rows)],
    )
    .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST, "{}", page.body);
    assert!(page.body.contains("govuk-error-summary"));
    assert!(
        page.body.contains(
            "The plan could not be imported. rows.csv: the file has 40,001 rows; Assure reads plans of up to 40,000 rows and 20,000 actions"
        ),
        "{}",
        page.body
    );

    let big = csv(20_001);
    let page = post_multipart(
        &mut admin,
        "/plans/import",
        &[("file", Some("big.csv"), &big)],
    )
    .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(
        page.body.contains(
            "big.csv: the plan has 20,001 actions; Assure imports plans of up to 20,000 actions"
        ),
        "{}",
        page.body
    );

    // A document sent to the confirm step directly is held to the same maximum, and
    // weighed before it is parsed.
    let mut doc = assure_domain::PlanDocument::new("Too big");
    doc.areas.push(assure_domain::Area {
        title: "Area".into(),
        actions: vec![assure_domain::Action::default(); 20_001],
        ..Default::default()
    });
    let json = serde_json::to_vec(&doc).unwrap();
    let page = post_multipart(
        &mut admin,
        "/plans/import/confirm",
        &[("document", None, &json)],
    )
    .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST, "{}", page.body);
    assert!(
        page.body.contains("the plan has 20,001 actions"),
        "{}",
        page.body
    );

    let mut hostile =
        String::from(r#"{"format":"assure.plan/1","title":"T","areas":[{"title":"A","actions":["#);
    hostile.push_str(&"{},".repeat(400_000));
    hostile.push_str("{}]}]}");
    let page = post_multipart(
        &mut admin,
        "/plans/import/confirm",
        &[("document", None, hostile.as_bytes())],
    )
    .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST, "{}", page.body);
    assert!(
        page.body.contains("would take more than 64 MB once read"),
        "{}",
        page.body
    );

    assert_eq!(
        state
            .store
            .plans_for_user(&council.admin)
            .await
            .unwrap()
            .len(),
        plans,
        "nothing was saved"
    );
    assert_eq!(state.imports.available_permits(), 2, "turns are given back");
}
