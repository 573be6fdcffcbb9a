//! Layouts kept per organisation (issue 13): corrections made in the import preview are
//! saved with the plan, a later file with the same header is read with them at once
//! (and can be read without), they are listed and deleted, and another organisation
//! never sees them.

use crate::support::{self, PASSWORD, Page, app, post_multipart, signed_in};
use assure_domain::{AuditChange, AuditEntity};
use assure_test_support as ts;
use axum::http::StatusCode;

/// Read as it is: "Target" is taken for the timescale, "Comments" for an update, and
/// row 3 (a note) for an action.
const OCTOBER: &str = "Ref,Action,Owner,Target,Comments\r\n\
1,Cut re-referrals,HoS,18% by March,Green\r\n\
2,Note: figures are provisional until the year end,,,\r\n\
3,Raise visits on time,TM,95% by June,Amber\r\n";

/// Next month's version: the same layout, the statuses moved on.
const NOVEMBER: &str = "Ref,Action,Owner,Target,Comments\r\n\
1,Cut re-referrals,HoS,17% by March,Amber\r\n\
2,Note: figures are provisional until the year end,,,\r\n\
3,Raise visits on time,TM,95% by June,Green\r\n";

fn hidden(page: &Page, name: &str) -> String {
    let key = format!("name=\"{name}\" value=\"");
    let at = page
        .body
        .find(&key)
        .unwrap_or_else(|| panic!("{name} field in {}", page.body));
    let rest = &page.body[at + key.len()..];
    support::unescape(&rest[..rest.find('"').unwrap()])
}

fn document(page: &Page) -> assure_domain::PlanDocument {
    serde_json::from_str(&hidden(page, "document")).expect("the preview's document")
}

/// The October file read, its two columns and a row corrected.
async fn corrected_preview(c: &mut support::Client) -> Page {
    c.get("/plans/import").await;
    let first = post_multipart(
        c,
        "/plans/import",
        &[("file", Some("kpi-tracker.csv"), OCTOBER.as_bytes())],
    )
    .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert!(first.body.contains("id=\"action-count\">3<"));
    assert!(
        !first.body.contains("id=\"save_layout\""),
        "nothing corrected, nothing to save"
    );
    let source = hidden(&first, "source");
    let corrections = hidden(&first, "corrections");
    let second = post_multipart(
        c,
        "/plans/import",
        &[
            ("source_name", None, b"kpi-tracker.csv"),
            ("source", None, source.as_bytes()),
            ("corrections", None, corrections.as_bytes()),
            ("was-col-1-4", None, b"timescale"),
            ("col-1-4", None, b"measure"),
            ("was-col-1-5", None, b"update"),
            ("col-1-5", None, b"status"),
            ("was-row-1-3", None, b"action"),
            ("row-1-3", None, b"guidance"),
        ],
    )
    .await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
    assert!(second.body.contains("id=\"action-count\">2<"));
    second
}

/// Creates the plan of a preview, saving its layout under `name` when given.
async fn confirm(c: &mut support::Client, preview: &Page, name: Option<&str>) -> Page {
    let document = hidden(preview, "document");
    let report = hidden(preview, "report");
    let mut parts: Vec<support::Part<'_>> = vec![
        ("document", None, document.as_bytes()),
        ("report", None, report.as_bytes()),
    ];
    let (sig, corr);
    if let Some(n) = name {
        sig = hidden(preview, "layout_signature");
        corr = hidden(preview, "layout_corrections");
        parts.push(("save_layout", None, b"yes"));
        parts.push(("layout_name", None, n.as_bytes()));
        parts.push(("layout_signature", None, sig.as_bytes()));
        parts.push(("layout_corrections", None, corr.as_bytes()));
    }
    post_multipart(c, "/plans/import/confirm", &parts).await
}

#[tokio::test]
async fn corrections_saved_with_the_plan_read_next_months_file_at_once() {
    for db in ts::databases().await {
        let b = db.backend;
        let (state, council) = app(&db).await;
        let mut admin = signed_in(&state, &council.admin.email).await;
        let corrected = corrected_preview(&mut admin).await;
        // The save is offered, named after the file, ticked.
        assert!(
            corrected.body.contains(
                "id=\"save_layout\" name=\"save_layout\" type=\"checkbox\" value=\"yes\" checked"
            ),
            "{b}"
        );
        assert_eq!(hidden(&corrected, "layout_name"), "kpi-tracker");
        assert_eq!(
            hidden(&corrected, "layout_signature"),
            "ref|action|owner|target|comments"
        );
        let created = confirm(&mut admin, &corrected, Some("KPI tracker")).await;
        assert_eq!(
            created.status,
            StatusCode::SEE_OTHER,
            "{b}: {}",
            created.body
        );
        let layouts = state.store.layouts(council.org.id).await.unwrap();
        assert_eq!(layouts.len(), 1, "{b}");
        assert_eq!(layouts[0].name, "KPI tracker");
        assert_eq!(layouts[0].saved_by, council.admin.name);
        let trail = state.store.audit_trail(council.org.id).await.unwrap();
        assert!(trail.iter().any(|e| e.entity == AuditEntity::ImportLayout
            && e.change == AuditChange::Create
            && e.actor.user_id == Some(council.admin.id)));

        // Next month's file is read with the layout at once: no corrections.
        admin.get("/plans/import").await;
        let next = post_multipart(
            &mut admin,
            "/plans/import",
            &[(
                "file",
                Some("kpi-tracker-november.csv"),
                NOVEMBER.as_bytes(),
            )],
        )
        .await;
        assert_eq!(next.status, StatusCode::OK, "{b}: {}", next.body);
        assert!(
            next.body
                .contains("Read with your saved layout “KPI tracker”."),
            "{b}"
        );
        assert!(next.body.contains("id=\"action-count\">2<"), "{b}");
        let doc = document(&next);
        let a = &doc.areas[0].actions;
        assert_eq!(a[0].measure.as_deref(), Some("17% by March"));
        assert_eq!(
            a[0].status.as_ref().map(|s| s.label.as_str()),
            Some("Amber")
        );
        assert_eq!(
            a[1].status.as_ref().map(|s| s.label.as_str()),
            Some("Green")
        );
        assert!(a[0].due.is_none());
        assert!(
            next.body.contains("<option value=\"measure\" selected>"),
            "the selects show the layout's meanings"
        );
        assert!(
            !next.body.contains("id=\"save_layout\""),
            "{b}: the layout as it is needs no saving again"
        );

        // Read without it: the file as it is, with the layout offered again.
        let without = post_multipart(
            &mut admin,
            "/plans/import",
            &[
                ("source_name", None, b"kpi-tracker-november.csv"),
                ("source", None, hidden(&next, "source").as_bytes()),
                ("corrections", None, hidden(&next, "corrections").as_bytes()),
                ("layout_id", None, hidden(&next, "layout_id").as_bytes()),
                ("layout_choice", None, b"without"),
            ],
        )
        .await;
        assert_eq!(without.status, StatusCode::OK, "{b}: {}", without.body);
        assert!(without.body.contains("id=\"action-count\">3<"), "{b}");
        assert!(without.body.contains("this reading does not use it"));
        assert!(without.body.contains("id=\"read-with-layout\""));
        // Reading again keeps reading without it (and keeps the person's corrections)
        // until they ask for it back.
        assert_eq!(hidden(&without, "without_layout"), "1");
        let again = post_multipart(
            &mut admin,
            "/plans/import",
            &[
                ("source_name", None, b"kpi-tracker-november.csv"),
                ("source", None, hidden(&without, "source").as_bytes()),
                (
                    "corrections",
                    None,
                    hidden(&without, "corrections").as_bytes(),
                ),
                ("without_layout", None, b"1"),
                ("was-col-1-4", None, b"timescale"),
                ("col-1-4", None, b"measure"),
            ],
        )
        .await;
        assert!(again.body.contains("id=\"action-count\">3<"), "{b}");
        assert!(again.body.contains("this reading does not use it"), "{b}");
        assert_eq!(
            document(&again).areas[0].actions[0].measure.as_deref(),
            Some("17% by March"),
            "{b}: the correction made without the layout is kept"
        );
        assert!(
            again
                .body
                .contains("This replaces your saved layout “KPI tracker”.")
        );
        let back = post_multipart(
            &mut admin,
            "/plans/import",
            &[
                ("source_name", None, b"kpi-tracker-november.csv"),
                ("source", None, hidden(&without, "source").as_bytes()),
                ("without_layout", None, b"1"),
                ("layout_choice", None, b"with"),
            ],
        )
        .await;
        assert!(back.body.contains("id=\"action-count\">2<"), "{b}");
        assert!(back.body.contains("Read with your saved layout"));

        // Corrected further, the preview says so and offers to replace the layout.
        let further = post_multipart(
            &mut admin,
            "/plans/import",
            &[
                ("source_name", None, b"kpi-tracker-november.csv"),
                ("source", None, hidden(&next, "source").as_bytes()),
                ("corrections", None, hidden(&next, "corrections").as_bytes()),
                ("layout_id", None, hidden(&next, "layout_id").as_bytes()),
                ("was-col-1-3", None, b"lead"),
                ("col-1-3", None, b"ignore"),
            ],
        )
        .await;
        assert!(
            further
                .body
                .contains("and the corrections you have made since")
        );
        assert!(
            further
                .body
                .contains("This replaces your saved layout “KPI tracker”.")
        );
        assert_eq!(hidden(&further, "layout_name"), "KPI tracker");
        // Creating the plan without saving leaves the layout as it was.
        let created = confirm(&mut admin, &next, None).await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{b}");
        let kept = state.store.layouts(council.org.id).await.unwrap();
        assert_eq!(kept, layouts, "{b}");
    }
}

#[tokio::test]
async fn another_organisation_reads_the_same_file_as_it_is() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let other = ts::seed_council(
            &state.store,
            "Southmere Council",
            "southmere.example",
            Some(&assure_web::password::hash(PASSWORD).unwrap()),
        )
        .await;
        let mut admin = signed_in(&state, &council.admin.email).await;
        let corrected = corrected_preview(&mut admin).await;
        let created = confirm(&mut admin, &corrected, Some("KPI tracker")).await;
        assert_eq!(created.status, StatusCode::SEE_OTHER);
        let id = state.store.layouts(council.org.id).await.unwrap()[0].id;

        let mut theirs = signed_in(&state, &other.admin.email).await;
        theirs.get("/plans/import").await;
        let read = post_multipart(
            &mut theirs,
            "/plans/import",
            &[("file", Some("kpi-tracker.csv"), NOVEMBER.as_bytes())],
        )
        .await;
        assert_eq!(read.status, StatusCode::OK);
        assert!(
            read.body.contains("id=\"action-count\">3<"),
            "{}",
            db.backend
        );
        assert!(!read.body.contains("KPI tracker"));
        assert!(!read.body.contains("layout-notice"));
        let list = theirs.get("/plans/import/layouts").await;
        assert!(list.body.contains("id=\"no-layouts\""));
        assert_eq!(
            theirs
                .get(&format!("/plans/import/layouts/{id}/delete"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let refused = theirs
            .post(
                &format!("/plans/import/layouts/{id}/delete"),
                &[("confirm", "yes")],
            )
            .await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND);
        // Nor can a tampered confirm save into their organisation someone else's: the
        // layout goes to the person's own organisation, whatever the form says.
        assert_eq!(state.store.layouts(council.org.id).await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn layouts_are_listed_and_deleted_with_a_confirm_by_those_who_import() {
    for db in ts::databases().await {
        let b = db.backend;
        let (state, council) = app(&db).await;
        let mut admin = signed_in(&state, &council.admin.email).await;
        let none = admin.get("/plans/import/layouts").await;
        assert_eq!(none.status, StatusCode::OK);
        assert!(none.body.contains("id=\"no-layouts\""));
        assert!(
            admin
                .get("/plans/import")
                .await
                .body
                .contains("href=\"/plans/import/layouts\"")
        );
        let corrected = corrected_preview(&mut admin).await;
        confirm(&mut admin, &corrected, Some("KPI <tracker>")).await;
        let id = state.store.layouts(council.org.id).await.unwrap()[0].id;
        let list = admin.get("/plans/import/layouts").await;
        assert!(list.body.contains("KPI &#60;tracker&#62;"), "{b}: escaped");
        assert!(
            list.body
                .contains("ref · action · owner · target · comments")
        );
        assert!(list.body.contains("2 columns, 1 row"));
        assert!(
            list.body
                .contains(&format!("/plans/import/layouts/{id}/delete"))
        );

        // Someone who may not import sees neither the list nor the delete page.
        let mut owner = signed_in(&state, &council.owner.email).await;
        assert_eq!(
            owner.get("/plans/import/layouts").await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            owner
                .post(
                    &format!("/plans/import/layouts/{id}/delete"),
                    &[("confirm", "yes")]
                )
                .await
                .status,
            StatusCode::FORBIDDEN
        );

        let ask = admin
            .get(&format!("/plans/import/layouts/{id}/delete"))
            .await;
        assert_eq!(ask.status, StatusCode::OK);
        assert!(
            ask.body
                .contains("Delete the layout “KPI &#60;tracker&#62;”?")
        );
        // A POST without the confirm page's answer deletes nothing; nor without CSRF.
        let bare = admin
            .post(&format!("/plans/import/layouts/{id}/delete"), &[])
            .await;
        assert_eq!(bare.status, StatusCode::BAD_REQUEST, "{b}");
        let mut forged = signed_in(&state, &council.admin.email).await;
        forged.csrf = None;
        let no_token = forged
            .post(
                &format!("/plans/import/layouts/{id}/delete"),
                &[("confirm", "yes")],
            )
            .await;
        assert_eq!(no_token.status, StatusCode::FORBIDDEN, "{b}");
        assert_eq!(state.store.layouts(council.org.id).await.unwrap().len(), 1);
        let done = admin
            .post(
                &format!("/plans/import/layouts/{id}/delete"),
                &[("confirm", "yes")],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{b}: {}", done.body);
        assert_eq!(done.location(), "/plans/import/layouts?deleted=1");
        assert!(
            state
                .store
                .layouts(council.org.id)
                .await
                .unwrap()
                .is_empty()
        );
        let trail = state.store.audit_trail(council.org.id).await.unwrap();
        assert!(trail.iter().any(|e| e.entity == AuditEntity::ImportLayout
            && e.entity_id == id
            && e.change == AuditChange::Delete));
        let after = admin.get("/plans/import/layouts?deleted=1").await;
        assert!(after.body.contains("The layout has been deleted"));
        // Next month's file is read as it is again.
        admin.get("/plans/import").await;
        let next = post_multipart(
            &mut admin,
            "/plans/import",
            &[("file", Some("kpi-tracker.csv"), NOVEMBER.as_bytes())],
        )
        .await;
        assert!(next.body.contains("id=\"action-count\">3<"), "{b}");
    }
}

#[tokio::test]
async fn a_bad_layout_on_confirm_saves_nothing() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let mut admin = signed_in(&state, &council.admin.email).await;
        let corrected = corrected_preview(&mut admin).await;
        let plans_before = state.store.plans(None).await.unwrap().len();
        let document = hidden(&corrected, "document");
        let sig = hidden(&corrected, "layout_signature");
        for (corrections, name) in [
            ("{not json", "KPI"),
            (r#"{"column":[{"column":4,"meaning":"colour"}]}"#, "KPI"),
        ] {
            let refused = post_multipart(
                &mut admin,
                "/plans/import/confirm",
                &[
                    ("document", None, document.as_bytes()),
                    ("save_layout", None, b"yes"),
                    ("layout_name", None, name.as_bytes()),
                    ("layout_signature", None, sig.as_bytes()),
                    ("layout_corrections", None, corrections.as_bytes()),
                ],
            )
            .await;
            assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", db.backend);
            assert!(refused.body.contains("The layout could not be kept"));
        }
        assert_eq!(state.store.plans(None).await.unwrap().len(), plans_before);
        assert!(
            state
                .store
                .layouts(council.org.id)
                .await
                .unwrap()
                .is_empty()
        );
    }
}
