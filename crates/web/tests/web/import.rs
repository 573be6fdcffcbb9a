//! Importing a plan in the browser: upload or paste, preview, confirm.

use crate::support::{self, Page, app, post_multipart, signed_in};
use assure_domain::PlanRole;
use assure_test_support as ts;
use axum::http::StatusCode;

const CSV: &str = "Priority,What?,Who?,How?,When?,RAG\n\
Priority 1: Children are seen promptly,Agree a duty rota for visits,HoS / TM,Weekly duty report to DLT,31/03/2023,Green\n\
,Audit 20 visits a month,QA Lead,Audit report to board,Monthly from April 2023,Amber\n\
Priority 2: Plans are SMART,Train all managers in SMART planning,PSW & L&D,Training records,June 2023,Red\n";

/// The hidden document field of an import preview, unescaped.
fn hidden_document(page: &Page) -> String {
    let at = page
        .body
        .find("name=\"document\" value=\"")
        .expect("document field");
    let rest = &page.body[at + "name=\"document\" value=\"".len()..];
    let raw = &rest[..rest.find('"').unwrap()];
    support::unescape(raw)
}

async fn import_journey(db: &ts::TestDb, file_name: &str, bytes: &[u8]) {
    let (state, council) = app(db).await;
    let expected = assure_import::import_bytes(file_name, bytes, &Default::default())
        .expect("the file imports")
        .document;
    let expected_actions: usize = expected.areas.iter().map(|a| count(&a.actions)).sum();

    let mut owner = signed_in(&state, &council.owner.email).await;
    assert_eq!(
        owner.get("/plans/import").await.status,
        StatusCode::FORBIDDEN
    );
    let refused = post_multipart(
        &mut owner,
        "/plans/import",
        &[("file", Some(file_name), bytes)],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let mut admin = signed_in(&state, &council.admin.email).await;
    let form = admin.get("/plans/import").await;
    assert_eq!(form.status, StatusCode::OK, "{}", db.backend);
    assert!(form.body.contains("enctype=\"multipart/form-data\""));
    let before = state
        .store
        .plans_for_user(&council.admin)
        .await
        .unwrap()
        .len();

    let empty = post_multipart(&mut admin, "/plans/import", &[("text", None, b"")]).await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert!(empty.body.contains("govuk-error-summary"));

    let preview = post_multipart(
        &mut admin,
        "/plans/import",
        &[("file", Some(file_name), bytes)],
    )
    .await;
    assert_eq!(
        preview.status,
        StatusCode::OK,
        "{}: {}",
        db.backend,
        preview.body
    );
    assert!(preview.body.contains("Nothing has been saved yet"));
    // Each area shows its first five rows in order, sub-actions included, as counted.
    let areas = &preview.body[preview
        .body
        .find("<h2 class=\"govuk-heading-m\">Areas for improvement</h2>")
        .expect("areas")..];
    let shown = areas.matches("<tr class=\"govuk-table__row\"><td").count();
    let want: usize = expected
        .areas
        .iter()
        .map(|a| count(&a.actions).min(5))
        .sum();
    assert_eq!(shown, want, "{file_name}: preview rows");
    assert!(
        preview
            .body
            .contains(&format!("id=\"area-count\">{}<", expected.areas.len())),
        "{file_name}: area count"
    );
    assert!(
        preview
            .body
            .contains(&format!("id=\"action-count\">{expected_actions}<"))
    );
    let escaped_title = expected
        .title
        .replace('&', "&amp;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;");
    assert!(
        preview.body.contains(&expected.title) || preview.body.contains(&escaped_title),
        "{file_name}: title {}",
        expected.title
    );
    assert_eq!(
        state
            .store
            .plans_for_user(&council.admin)
            .await
            .unwrap()
            .len(),
        before,
        "nothing is saved before confirming"
    );

    let json = hidden_document(&preview);
    let tampered = json.replacen("\"areas\"", "\"areas_x\"", 1).replacen(
        &format!("\"format\":\"{}\"", expected.format),
        "\"format\":\"something-else\"",
        1,
    );
    let bad = post_multipart(
        &mut admin,
        "/plans/import/confirm",
        &[("document", None, tampered.as_bytes())],
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
    assert!(bad.body.contains("nothing was saved"));
    let garbage = post_multipart(
        &mut admin,
        "/plans/import/confirm",
        &[("document", None, b"{not json")],
    )
    .await;
    assert_eq!(garbage.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        state
            .store
            .plans_for_user(&council.admin)
            .await
            .unwrap()
            .len(),
        before
    );
    let by_owner = post_multipart(
        &mut owner,
        "/plans/import/confirm",
        &[("document", None, json.as_bytes())],
    )
    .await;
    assert_eq!(by_owner.status, StatusCode::FORBIDDEN);

    let created = post_multipart(
        &mut admin,
        "/plans/import/confirm",
        &[("document", None, json.as_bytes())],
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let id: uuid::Uuid = created
        .location()
        .strip_prefix("/plans/")
        .unwrap()
        .parse()
        .unwrap();
    let plan = state.store.plan(id).await.unwrap();
    assert_eq!(plan.title, expected.title);
    assert_eq!(plan.areas.len(), expected.areas.len());
    let actions: usize = plan
        .areas
        .iter()
        .flat_map(|a| a.actions.iter())
        .map(|a| a.walk().len())
        .sum();
    assert_eq!(actions, expected_actions);
    assert_eq!(
        state.store.plan_role(id, council.admin.id).await.unwrap(),
        Some(PlanRole::Owner)
    );
    // A plan written without a status key is given the usual one, and told so.
    if expected.status_scheme.is_empty() {
        assert!(preview.body.contains("The plan has no status key"));
        assert_eq!(plan.status_scheme, assure_domain::status::brag_scheme());
    } else {
        assert!(!preview.body.contains("The plan has no status key"));
        assert_eq!(plan.status_scheme, expected.status_scheme);
    }
}

fn count(actions: &[assure_domain::Action]) -> usize {
    actions.iter().map(|a| 1 + count(&a.children)).sum()
}

#[tokio::test]
async fn an_admin_imports_a_csv_previews_and_confirms() {
    for db in ts::databases().await {
        import_journey(&db, "plan.csv", CSV.as_bytes()).await;
    }
}

#[tokio::test]
async fn an_admin_imports_the_word_fixture() {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/plan-000.docx");
    let Ok(bytes) = std::fs::read(&path) else {
        println!("skipped: {} not found", path.display());
        return;
    };
    for db in ts::databases().await {
        import_journey(&db, "plan-000.docx", &bytes).await;
    }
}

#[tokio::test]
async fn pasted_text_imports_too() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let mut admin = signed_in(&state, &council.admin.email).await;
        admin.get("/plans/import").await;
        // Our own fictional plan, as it reads when pasted from Word.
        let text = std::fs::read_to_string(
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../import/tests/fixtures/nested-refs.txt"),
        )
        .expect("fixture");
        let preview = post_multipart(
            &mut admin,
            "/plans/import",
            &[("text", None, text.as_bytes())],
        )
        .await;
        assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
        assert!(preview.body.contains("Nothing has been saved yet"));
        assert!(preview.body.contains("Quality of Practice Action Plan"));
        assert!(preview.body.contains("Rewrite the supervision policy"));
        // Text with no plan in it is refused with a clear error, nothing saved.
        let before = state.store.plans(None).await.unwrap().len();
        let refused = post_multipart(
            &mut admin,
            "/plans/import",
            &[("text", None, b"Minutes of the meeting: apologies from Sam.")],
        )
        .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert!(refused.body.contains("govuk-error-summary"));
        assert!(refused.body.contains("could not be imported"));
        assert_eq!(state.store.plans(None).await.unwrap().len(), before);
    }
}

#[tokio::test]
async fn the_preview_says_how_the_plan_was_read() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let mut admin = signed_in(&state, &council.admin.email).await;
        admin.get("/plans/import").await;
        // A layout fixture whose date and number columns have no header.
        let text = std::fs::read(
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../import/tests/layouts/l09-unlabelled-headers.txt"),
        )
        .expect("fixture");
        let preview = post_multipart(
            &mut admin,
            "/plans/import",
            &[("file", Some("l09.txt"), &text)],
        )
        .await;
        assert_eq!(
            preview.status,
            StatusCode::OK,
            "{}: {}",
            db.backend,
            preview.body
        );
        let reading = &preview.body[preview
            .body
            .find("id=\"reading-columns\"")
            .expect("columns")..];
        let reading = &reading[..reading.find("</table>").expect("end")];
        assert!(reading.contains("(no header)"), "{reading}");
        assert!(
            reading.contains("has no header; read as timescale because 4 of 4 cells are dates"),
            "{reading}"
        );
        assert!(
            reading.contains(">status<") && reading.contains("headed “Progress”"),
            "{reading}"
        );
        assert!(
            preview.body.contains("Rows read: header 1, action 4."),
            "{}",
            preview.body
        );
    }
}

/// A hidden field of a page, unescaped.
fn hidden(page: &Page, name: &str) -> String {
    let key = format!("name=\"{name}\" value=\"");
    let at = page
        .body
        .find(&key)
        .unwrap_or_else(|| panic!("{name} field"));
    let rest = &page.body[at + key.len()..];
    support::unescape(&rest[..rest.find('"').unwrap()])
}

#[tokio::test]
async fn a_misread_column_and_row_are_corrected_in_the_preview() {
    // "Target" holds the measure's target, not a date: read as the timescale by its
    // header. Row 3 is a note, not an action.
    let csv = "Ref,Action,Owner,Target,RAG\r\n\
        1,Cut re-referrals,HoS,18% by March,Green\r\n\
        2,Note: figures are provisional until the year end,,,\r\n\
        3,Raise visits on time,TM,95% by June,Amber\r\n";
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let mut admin = signed_in(&state, &council.admin.email).await;
        admin.get("/plans/import").await;
        let plans_before = state.store.plans(None).await.unwrap().len();
        let first = post_multipart(
            &mut admin,
            "/plans/import",
            &[("file", Some("kpi.csv"), csv.as_bytes())],
        )
        .await;
        assert_eq!(
            first.status,
            StatusCode::OK,
            "{}: {}",
            db.backend,
            first.body
        );
        assert!(first.body.contains("id=\"col-1-4\""), "a select per column");
        assert!(first.body.contains("<option value=\"timescale\" selected>"));
        assert!(first.body.contains("id=\"action-count\">3<"));
        // Correct column 4 to "measure" and row 3 to "guidance"; read again.
        let source = hidden(&first, "source");
        let corrections = hidden(&first, "corrections");
        let second = post_multipart(
            &mut admin,
            "/plans/import",
            &[
                ("source_name", None, b"kpi.csv"),
                ("source", None, source.as_bytes()),
                ("corrections", None, corrections.as_bytes()),
                ("was-col-1-4", None, b"timescale"),
                ("col-1-4", None, b"measure"),
                ("was-col-1-2", None, b"action"),
                ("col-1-2", None, b"action"),
                ("was-row-1-3", None, b"action"),
                ("row-1-3", None, b"guidance"),
            ],
        )
        .await;
        assert_eq!(
            second.status,
            StatusCode::OK,
            "{}: {}",
            db.backend,
            second.body
        );
        assert!(
            second.body.contains("id=\"action-count\">2<"),
            "the note is no action"
        );
        let doc: assure_domain::PlanDocument =
            serde_json::from_str(&hidden_document(&second)).expect("document");
        let a = &doc.areas[0].actions;
        assert_eq!(a[0].measure.as_deref(), Some("18% by March"));
        assert!(a[0].due.is_none());
        // The corrections ride along for the next re-read, and say so in the reading.
        let kept = hidden(&second, "corrections");
        assert!(
            kept.contains("measure") && kept.contains("guidance"),
            "{kept}"
        );
        assert!(second.body.contains("<option value=\"measure\" selected>"));
        assert!(second.body.contains("as you corrected it"));
        // Nothing was saved by reading twice.
        assert_eq!(state.store.plans(None).await.unwrap().len(), plans_before);
        // A tampered source is refused plainly.
        let bad = post_multipart(
            &mut admin,
            "/plans/import",
            &[("source", None, b"%%%not base64%%%")],
        )
        .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(bad.body.contains("nothing was saved"), "{}", bad.body);
        let odd = post_multipart(
            &mut admin,
            "/plans/import",
            &[
                ("source", None, source.as_bytes()),
                ("was-col-1-4", None, b"timescale"),
                ("col-1-4", None, b"colour"),
            ],
        )
        .await;
        assert_eq!(odd.status, StatusCode::BAD_REQUEST);
        assert!(odd.body.contains("could not be used"), "{}", odd.body);
    }
}
