//! The five real plans of `../shared/fixtures`, imported through the web: every word the
//! importer kept outside the action tables (introductions, governance, objectives,
//! outcomes, measures) is on a page, areas are told apart by name, and the import's
//! things to check are kept.

use crate::support::{Page, app, post_multipart, signed_in, unescape};
use assure_test_support as ts;
use axum::http::StatusCode;
use std::collections::HashSet;

fn hidden_field(page: &Page, name: &str) -> String {
    let key = format!("name=\"{name}\" value=\"");
    let at = page.body.find(&key).unwrap_or_else(|| panic!("{name}"));
    let rest = &page.body[at + key.len()..];
    unescape(&rest[..rest.find('"').unwrap()])
}

/// The page's main heading.
fn h1(page: &Page) -> String {
    let at = page.body.find("<h1").expect("a heading");
    let rest = &page.body[at..];
    let open = rest.find('>').unwrap() + 1;
    unescape(&rest[open..rest.find("</h1>").unwrap()])
}

#[tokio::test]
#[ignore = "needs ../shared/fixtures"]
async fn every_word_of_the_five_real_plans_is_shown() {
    let Some(dir) = ts::fixtures_dir() else {
        return;
    };
    let db = ts::sqlite_db();
    let (state, council) = app(&db).await;
    let mut admin = signed_in(&state, &council.admin.email).await;
    for name in [
        "plan-000.docx",
        "plan-001.docx",
        "plan-002.docx",
        "plan-003.docx",
        "plan-004.xlsx",
    ] {
        let bytes = std::fs::read(dir.join(name)).expect("fixture");
        let doc = assure_import::import_bytes(name, &bytes, &Default::default())
            .expect("imports")
            .document;
        admin.get("/plans/import").await;
        let preview =
            post_multipart(&mut admin, "/plans/import", &[("file", Some(name), &bytes)]).await;
        assert_eq!(preview.status, StatusCode::OK, "{name}");
        // The preview names every area apart (a phased plan repeats its titles).
        let areas = &preview.body[preview.body.find(">Areas for improvement</h2>").unwrap()..];
        let headings: Vec<String> = areas
            .split("<h3 class=\"govuk-heading-s\">")
            .skip(1)
            .map(|h| unescape(&h[..h.rfind(" (").unwrap_or(0)]))
            .map(|h| h[..h.find("</h3>").unwrap_or(h.len())].to_string())
            .collect();
        assert_eq!(headings.len(), doc.areas.len(), "{name}");
        let distinct: HashSet<&String> = headings.iter().collect();
        assert_eq!(distinct.len(), headings.len(), "{name}: {headings:?}");
        let report: Vec<serde_json::Value> =
            serde_json::from_str(&hidden_field(&preview, "report")).expect("report");
        let created = post_multipart(
            &mut admin,
            "/plans/import/confirm",
            &[
                (
                    "document",
                    None,
                    hidden_field(&preview, "document").as_bytes(),
                ),
                ("report", None, hidden_field(&preview, "report").as_bytes()),
            ],
        )
        .await;
        assert_eq!(
            created.status,
            StatusCode::SEE_OTHER,
            "{name}: {}",
            created.body
        );
        let id: uuid::Uuid = created.location()["/plans/".len()..].parse().unwrap();
        let plan = state.store.plan(id).await.unwrap();

        let overview = admin.get(&format!("/plans/{id}")).await;
        assert_eq!(overview.status, StatusCode::OK, "{name}");
        let body = unescape(&overview.body);
        for line in doc.narrative.iter().flat_map(|p| p.lines()) {
            let line = line.trim();
            assert!(
                line.is_empty() || body.contains(line),
                "{name}: overview lacks {line:?}"
            );
        }

        let mut names = HashSet::new();
        for (area, stored) in doc.areas.iter().zip(&plan.areas) {
            let page = admin.get(&format!("/plans/{id}/areas/{}", stored.id)).await;
            assert_eq!(page.status, StatusCode::OK, "{name}");
            let body = unescape(&page.body);
            for words in area
                .objectives
                .iter()
                .chain(&area.outcomes)
                .chain(&area.measures)
            {
                assert!(
                    body.contains(words.trim()),
                    "{name}: area page lacks {words:?}"
                );
                assert!(
                    unescape(&overview.body).contains(words.trim()),
                    "{name}: overview lacks {words:?}"
                );
            }
            if area.actions.is_empty() {
                assert!(body.contains("No actions in this area."), "{name}");
            }
            assert!(
                names.insert(h1(&page)),
                "{name}: two areas named {:?}",
                h1(&page)
            );
        }

        let checks = admin.get(&format!("/plans/{id}/import-report")).await;
        assert_eq!(checks.status, StatusCode::OK);
        assert_eq!(
            state.store.import_report(id).await.unwrap().len(),
            report.len()
        );
        if !report.is_empty() {
            assert!(
                overview
                    .body
                    .contains(&format!("/plans/{id}/import-report"))
            );
        }
        println!(
            "{name}: {} areas, {} paragraphs of narrative, {} things to check",
            plan.areas.len(),
            plan.narrative.len(),
            report.len()
        );
    }
}
