//! Issue 10, item 9: a big plan's table comes a page at a time, with filters and sorting
//! kept across pages, and an action is never split from its sub-actions.

use crate::support::{app, signed_in};
use assure_domain::document::{Action, Area, PlanDocument};
use assure_domain::model::Actor;
use assure_test_support as ts;
use axum::http::StatusCode;

/// A fictional plan of 3 areas × 190 top-level actions, every fifth with two sub-actions
/// (3 × (190 + 76) = 798 rows); lead "Team A" or "Team B" by turn.
fn big_plan() -> PlanDocument {
    let mut doc = ts::demo_plan();
    // The demo's measures are linked to its own refs, which the big plan does not have.
    doc.measures.clear();
    doc.areas = (1..=3)
        .map(|n| Area {
            r#ref: Some(n.to_string()),
            title: format!("Area {n} of the big plan"),
            actions: (1..=190)
                .map(|i| Action {
                    r#ref: Some(format!("{n}.{i}")),
                    text: format!("Action {n}.{i} of the big plan"),
                    leads: vec![if i % 2 == 0 { "Team A" } else { "Team B" }.into()],
                    children: if i % 5 == 0 {
                        (1..=2)
                            .map(|c| Action {
                                text: format!("Step {c} of action {n}.{i}"),
                                ..Action::default()
                            })
                            .collect()
                    } else {
                        Vec::new()
                    },
                    ..Action::default()
                })
                .collect(),
            ..Area::default()
        })
        .collect();
    doc
}

/// The `data-action` rows of a page, in order, by their text.
fn row_texts(body: &str) -> Vec<String> {
    body.split("data-action=\"")
        .skip(1)
        .filter_map(|r| {
            let link = r.split("<a class=\"govuk-link\" href=\"").nth(1)?;
            let text = link.split_once("\">")?.1;
            Some(text.split("</a>").next()?.to_string())
        })
        .collect()
}

#[tokio::test]
async fn a_big_plans_table_comes_a_page_at_a_time_with_filters_kept() {
    let db = ts::sqlite_db();
    let (state, council) = app(&db).await;
    let plan = state
        .store
        .create_plan(council.org.id, &big_plan(), &Actor::system("t"))
        .await
        .expect("plan");
    let mut admin = signed_in(&state, &council.admin.email).await;
    let base = format!("/plans/{plan}/actions");

    let mut seen = Vec::new();
    let mut page_no = 1;
    loop {
        let page = admin.get(&format!("{base}?page={page_no}")).await;
        assert_eq!(page.status, StatusCode::OK);
        let rows = row_texts(&page.body);
        assert!(
            !rows.is_empty() && rows.len() <= 200,
            "page {page_no}: {} rows",
            rows.len()
        );
        // A page never starts with a sub-action: an action keeps its steps.
        assert!(
            rows[0].starts_with("Action "),
            "page {page_no} starts with {}",
            rows[0]
        );
        assert!(
            page.body.contains("798 actions."),
            "the count is the whole plan's"
        );
        seen.extend(rows);
        if !page.body.contains("rel=\"next\"") {
            assert!(page.body.contains(&format!("Page {page_no} of {page_no}.")));
            break;
        }
        page_no += 1;
        assert!(page_no < 10, "too many pages");
    }
    assert_eq!(page_no, 4, "798 rows at 200 or fewer a page");
    assert_eq!(seen.len(), 798, "every row once");
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 798, "no row on two pages");
    // An area that runs on is said to continue.
    let second = admin.get(&format!("{base}?page=2")).await;
    assert!(second.body.contains("(continued)"));

    // Filters and sort travel with the page links; a filter goes back to page 1.
    let filtered = admin
        .get(&format!("{base}?lead=Team+A&sort=due&page=1"))
        .await;
    assert!(filtered.body.contains("Page 1 of 2."), "285 Team A rows");
    assert!(
        filtered
            .body
            .contains("href=\"?lead=Team+A&#38;sort=due&#38;page=2\""),
        "{}",
        filtered.body
    );
    let two = admin
        .get(&format!("{base}?lead=Team+A&sort=due&page=2"))
        .await;
    let rows = row_texts(&two.body);
    assert!(
        rows.iter()
            .all(|r| r.starts_with("Action ") || r.starts_with("Step "))
    );
    // A sort link starts again at the first page.
    assert!(two.body.contains("href=\"?lead=Team+A&#38;sort=status\""));

    // Pages beyond the last show the last; nonsense shows the first.
    let far = admin.get(&format!("{base}?page=999")).await;
    assert!(far.body.contains("Page 4 of 4."));
    for bad in ["0", "-1", "two", "99999999999999999999999"] {
        let p = admin.get(&format!("{base}?page={bad}")).await;
        assert_eq!(p.status, StatusCode::OK, "{bad}");
        assert!(p.body.contains("Page 1 of 4."), "{bad}");
    }
    // A small plan has no pages to speak of.
    let small = admin
        .get(&format!("/plans/{}/actions", council.plan_id))
        .await;
    assert!(!small.body.contains("govuk-pagination"));
}

/// The page's text with every CSRF token blanked: masked afresh in each response, they
/// are all that differs between two views of a page.
fn without_tokens(page: &str) -> String {
    let mark = "name=\"csrf_token\" value=\"";
    let mut out = String::new();
    let mut rest = page;
    while let Some(at) = rest.find(mark) {
        out.push_str(&rest[..at + mark.len()]);
        rest = &rest[at + mark.len()..];
        rest = &rest[rest.find('"').unwrap_or(rest.len())..];
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn the_table_is_sent_as_one_gzip_of_the_page_to_a_browser_that_takes_it() {
    use axum::http::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_SECURITY_POLICY, VARY};
    use std::io::Read;
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let mut owner = signed_in(&state, &council.owner.email).await;
        let url = format!("/plans/{}/actions?status=&sort=lead", council.plan_id);
        let plain = owner.get(&url).await;
        assert_eq!(plain.status, StatusCode::OK);
        assert!(plain.headers.get(CONTENT_ENCODING).is_none());
        // Sent in pieces, the rows shared, with the whole page's length.
        assert_eq!(
            plain.headers[axum::http::header::CONTENT_LENGTH],
            plain.bytes.len().to_string().as_str()
        );
        assert!(plain.body.contains("<table") && plain.body.trim_end().ends_with("</html>"));
        assert!(!plain.body.contains('\u{1}'), "no mark left in the page");
        // Twice: the first deflates the rows and keeps them, the second uses what was kept.
        let mut tokens = Vec::new();
        for _ in 0..2 {
            let gz = owner
                .get_with(&url, &[(ACCEPT_ENCODING, "gzip, deflate, br")])
                .await;
            assert_eq!(gz.status, StatusCode::OK, "{}", db.backend);
            assert_eq!(gz.headers[CONTENT_ENCODING], "gzip");
            assert_eq!(gz.headers[VARY], "accept-encoding");
            assert!(
                gz.headers.contains_key(CONTENT_SECURITY_POLICY),
                "security headers kept"
            );
            // One gzip member, as browsers read it, with a CRC and length that check.
            let mut text = String::new();
            flate2::read::GzDecoder::new(&gz.bytes[..])
                .read_to_string(&mut text)
                .expect("valid gzip");
            assert_eq!(
                without_tokens(&text),
                without_tokens(&plain.body),
                "{}",
                db.backend
            );
            assert!(text.contains("</html>"));
            let at = text.find("name=\"csrf_token\" value=\"").expect("a form");
            tokens.push(text[at..at + 80].to_string());
        }
        assert_ne!(
            tokens[0], tokens[1],
            "the token is masked afresh in every response"
        );
        // Brotli alone: compressed whole, by the compression layer.
        let br = owner.get_with(&url, &[(ACCEPT_ENCODING, "br")]).await;
        assert_eq!(br.headers[CONTENT_ENCODING], "br");
        // gzip refused: plain.
        let none = owner.get_with(&url, &[(ACCEPT_ENCODING, "gzip;q=0")]).await;
        assert!(none.headers.get(CONTENT_ENCODING).is_none());
        assert_eq!(without_tokens(&none.body), without_tokens(&plain.body));
    }
}
