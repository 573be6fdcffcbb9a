//! Issue 12, board reports: the Reports page (a GET form: period, audience, format) and the
//! download it leads to, in every format, with a safe file name; bad choices come back as
//! errors on the page; the scrutiny version names no one. The clock stands at 09:00 on
//! Monday 23 November 2026, so the default period is October 2026.

use crate::support::{app, signed_in};
use assure_test_support as ts;
use axum::http::{StatusCode, header};

fn header_of(page: &crate::support::Page, name: header::HeaderName) -> &str {
    page.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[tokio::test]
async fn the_reports_page_offers_periods_audiences_and_formats_without_javascript() {
    let db = ts::sqlite_db();
    let (state, council) = app(&db).await;
    let mut viewer = signed_in(&state, &council.viewer.email).await;
    let page = viewer
        .get(&format!("/plans/{}/reports", council.plan_id))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let b = &page.body;
    assert!(b.contains(&format!(
        "<form method=\"get\" action=\"/plans/{}/reports/download\"",
        council.plan_id
    )));
    // The latest closed period is chosen; the current one is offered as "so far".
    assert!(
        b.contains("<option value=\"2026-10\" selected>October 2026</option>"),
        "{b}"
    );
    assert!(b.contains("<option value=\"2026-11\">November 2026 (so far)</option>"));
    for v in [
        "board",
        "scrutiny",
        "exceptions",
        "pdf",
        "docx",
        "xlsx",
        "csv",
    ] {
        assert!(b.contains(&format!("value=\"{v}\"")), "{v}");
    }
    // The overview links to it.
    let overview = viewer.get(&format!("/plans/{}", council.plan_id)).await;
    assert!(
        overview
            .body
            .contains(&format!("href=\"/plans/{}/reports\"", council.plan_id))
    );
}

#[tokio::test]
async fn every_format_downloads_with_its_type_and_a_safe_name() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let mut viewer = signed_in(&state, &council.viewer.email).await;
        for (format, magic, media) in [
            ("pdf", &b"%PDF-"[..], "application/pdf"),
            (
                "docx",
                &b"PK\x03\x04"[..],
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            (
                "xlsx",
                &b"PK\x03\x04"[..],
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            ("csv", &b"\xEF\xBB\xBF"[..], "text/csv; charset=utf-8"),
        ] {
            let page = viewer
                .get(&format!(
                    "/plans/{}/reports/download?period=2026-10&audience=board&format={format}",
                    council.plan_id
                ))
                .await;
            assert_eq!(
                page.status,
                StatusCode::OK,
                "{format}: {}",
                page.body.chars().take(300).collect::<String>()
            );
            assert!(page.bytes.starts_with(magic), "{format}");
            assert_eq!(header_of(&page, header::CONTENT_TYPE), media);
            assert_eq!(
                header_of(&page, header::CONTENT_DISPOSITION),
                format!(
                    "attachment; filename=\"northbridge-children-s-services-improvement-action-plan-2026-27-2026-10-board.{format}\""
                ),
                "{} {format}",
                db.backend
            );
            assert_eq!(header_of(&page, header::CACHE_CONTROL), "no-store");
        }
    }
}

#[tokio::test]
async fn the_scrutiny_csv_names_no_one_and_the_board_csv_does() {
    let db = ts::sqlite_db();
    let (state, council) = app(&db).await;
    let mut owner = signed_in(&state, &council.owner.email).await;
    let get = async |c: &mut crate::support::Client, audience: &str| {
        c.get(&format!(
            "/plans/{}/reports/download?audience={audience}&format=csv",
            council.plan_id
        ))
        .await
    };
    let board = get(&mut owner, "board").await;
    assert_eq!(board.status, StatusCode::OK);
    assert!(
        board.body.contains("HoS CP"),
        "the board version keeps the plan's leads"
    );
    let scrutiny = get(&mut owner, "scrutiny").await;
    assert_eq!(scrutiny.status, StatusCode::OK);
    assert!(!scrutiny.body.contains("HoS CP"));
    assert!(
        scrutiny
            .body
            .contains("Head of Service, Child Protection and Court")
    );
    for person in [&council.owner, &council.lead, &council.viewer] {
        assert!(!scrutiny.body.contains(&person.name), "{}", person.name);
    }
}

#[tokio::test]
async fn bad_choices_come_back_as_errors_and_others_plans_are_not_found() {
    let db = ts::sqlite_db();
    let (state, council) = app(&db).await;
    let mut viewer = signed_in(&state, &council.viewer.email).await;
    let base = format!("/plans/{}/reports/download", council.plan_id);
    for (query, field, message) in [
        ("format=exe", "format", "Choose a format"),
        ("", "format", "Choose a format"),
        (
            "format=pdf&audience=everyone",
            "audience",
            "Choose who the report is for",
        ),
        (
            "format=pdf&period=2026-13",
            "period",
            "The period must be written as YYYY-MM",
        ),
        ("format=pdf&period=2027-01", "period", "has not begun yet"),
        (
            "format=pdf&period=%3Cscript%3E",
            "period",
            "The period must be written as YYYY-MM",
        ),
    ] {
        let page = viewer.get(&format!("{base}?{query}")).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert!(page.body.contains(message), "{query}: {message}");
        assert!(
            page.body.contains(&format!("href=\"#{field}\"")),
            "{query}: summary links {field}"
        );
        assert!(!page.body.contains("<script>"), "{query}");
        assert!(header_of(&page, header::CONTENT_DISPOSITION).is_empty());
    }
    let mut outsider = signed_in(&state, &council.outsider.email).await;
    let page = outsider.get(&format!("{base}?format=csv")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_whole_plan_downloads_as_word_excel_and_json_and_imports_back() {
    let db = ts::sqlite_db();
    let (state, council) = app(&db).await;
    let plan = state
        .store
        .plan(council.plan_id)
        .await
        .expect("the plan")
        .to_document();
    let mut viewer = signed_in(&state, &council.viewer.email).await;
    let page = viewer
        .get(&format!("/plans/{}/reports", council.plan_id))
        .await;
    for format in ["xlsx", "docx", "json"] {
        let href = format!("href=\"/plans/{}/export?format={format}\"", council.plan_id);
        assert!(
            page.body.contains(&href),
            "the Reports page offers {format}"
        );
        let got = viewer
            .get(&format!(
                "/plans/{}/export?format={format}",
                council.plan_id
            ))
            .await;
        assert_eq!(got.status, StatusCode::OK, "{format}");
        let stem = "northbridge-children-s-services-improvement-action-plan-2026-27";
        let name = if format == "json" {
            format!("{stem}-plan.json")
        } else {
            format!("{stem}-whole-plan.{format}")
        };
        assert_eq!(
            header_of(&got, header::CONTENT_DISPOSITION),
            format!("attachment; filename=\"{name}\"")
        );
        let back = if format == "json" {
            serde_json::from_slice(&got.bytes).expect("a plan document")
        } else {
            assure_import::import_bytes(&name, &got.bytes, &assure_import::ImportOptions::default())
                .expect("the export imports")
                .document
        };
        assert!(back == plan, "{format} comes back as the same plan");
    }
    let bad = viewer
        .get(&format!("/plans/{}/export?format=pdf", council.plan_id))
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    // The workbook goes through the web's import preview like any other file.
    let xlsx = viewer
        .get(&format!("/plans/{}/export?format=xlsx", council.plan_id))
        .await;
    let mut admin = signed_in(&state, &council.admin.email).await;
    admin.get("/plans/import").await;
    let preview = crate::support::post_multipart(
        &mut admin,
        "/plans/import",
        &[("file", Some("whole-plan.xlsx"), &xlsx.bytes)],
    )
    .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(preview.body.contains("Nothing has been saved yet"));
    let word = plan.areas[0]
        .title
        .split_whitespace()
        .next()
        .expect("a title");
    assert!(
        preview.body.contains(word),
        "the preview shows the first area"
    );
}
