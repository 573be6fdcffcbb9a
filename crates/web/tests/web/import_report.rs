//! The import's things to check stay with the plan: kept when the plan is created, shown
//! on their own page reached from the overview, each marked done (audited) by those who
//! may change the plan; a report tampered with between preview and confirm is refused.

use crate::support::{Page, app, post_multipart, signed_in, unescape};
use assure_domain::model::Actor;
use assure_domain::{AuditChange, AuditEntity, PlanRole};
use assure_test_support as ts;
use axum::http::StatusCode;

/// A fictional plan with two things to check: an action with no lead, and a timescale
/// still to be confirmed.
const CSV: &str = "Priority,What?,Who?,How?,When?,RAG\n\
Priority 1: Children are seen promptly,Agree a duty rota for visits,HoS / TM,Weekly duty report to DLT,31/03/2027,Green\n\
,Audit twenty visits a month,,Audit report to board,TBC,Amber\n";

fn hidden_field(page: &Page, name: &str) -> String {
    let key = format!("name=\"{name}\" value=\"");
    let at = page.body.find(&key).unwrap_or_else(|| panic!("{name}"));
    let rest = &page.body[at + key.len()..];
    unescape(&rest[..rest.find('"').unwrap()])
}

#[tokio::test]
async fn the_things_to_check_are_kept_with_the_plan_and_marked_done() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let mut admin = signed_in(&state, &council.admin.email).await;
        admin.get("/plans/import").await;
        let preview = post_multipart(
            &mut admin,
            "/plans/import",
            &[("file", Some("plan.csv"), CSV.as_bytes())],
        )
        .await;
        assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
        let document = hidden_field(&preview, "document");
        let report = hidden_field(&preview, "report");
        let listed: Vec<serde_json::Value> = serde_json::from_str(&report).expect("report");
        assert!(listed.len() >= 2, "{report}");
        assert!(unescape(&preview.body).contains("kept with the plan"));

        // Tampered with: an item that says nothing, or not a list at all. Nothing saved.
        let before = state.store.plans(None).await.unwrap().len();
        for bad in [
            r#"[{"concern":"  ","place":"x","text":"y"}]"#.to_string(),
            "{not json".to_string(),
        ] {
            let r = post_multipart(
                &mut admin,
                "/plans/import/confirm",
                &[
                    ("document", None, document.as_bytes()),
                    ("report", None, bad.as_bytes()),
                ],
            )
            .await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}: {}", r.body);
            assert!(r.body.contains("nothing was saved"));
        }
        assert_eq!(state.store.plans(None).await.unwrap().len(), before);

        let created = post_multipart(
            &mut admin,
            "/plans/import/confirm",
            &[
                ("document", None, document.as_bytes()),
                ("report", None, report.as_bytes()),
            ],
        )
        .await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
        let id: uuid::Uuid = created.location()["/plans/".len()..].parse().unwrap();
        let kept = state.store.import_report(id).await.unwrap();
        assert_eq!(kept.len(), listed.len(), "{}", db.backend);
        let no_lead = kept
            .iter()
            .find(|k| k.item.concern == "No lead")
            .expect("the action with no lead");
        assert!(no_lead.item.text.contains("Audit twenty visits a month"));
        assert!(
            kept.iter()
                .any(|k| k.item.concern == "Date to be confirmed")
        );

        // The overview leads to them, counting what is left.
        let overview = admin.get(created.location()).await;
        let link = format!("href=\"/plans/{id}/import-report\"");
        assert!(overview.body.contains(&link));
        assert!(
            overview
                .body
                .contains(&format!("{} of {} still to do", kept.len(), kept.len()))
        );
        let page = admin.get(&format!("/plans/{id}/import-report")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(unescape(&page.body).contains("Audit twenty visits a month"));
        assert!(page.body.contains(&format!("Still to do ({})", kept.len())));

        // A viewer sees them but cannot mark them.
        state
            .store
            .set_plan_role(
                id,
                council.viewer.id,
                PlanRole::Viewer,
                &Actor::system("test"),
            )
            .await
            .unwrap();
        let mut viewer = signed_in(&state, &council.viewer.email).await;
        let seen = viewer.get(&format!("/plans/{id}/import-report")).await;
        assert_eq!(seen.status, StatusCode::OK);
        assert!(!seen.body.contains("Mark done"));
        let item = no_lead.id.to_string();
        let refused = viewer
            .post(
                &format!("/plans/{id}/import-report"),
                &[("item", &item), ("done", "yes")],
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        // The admin (the plan's owner) marks one done: audited, counted, shown as done.
        admin.get(&format!("/plans/{id}/import-report")).await;
        let r = admin
            .post(
                &format!("/plans/{id}/import-report"),
                &[("item", &item), ("done", "yes")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let page = admin.get(r.location()).await;
        assert!(page.body.contains("Marked done."));
        assert!(page.body.contains("Done (1)"));
        assert!(
            page.body
                .contains("Marked done by Ada Admin on 23 November 2026 at 09:00")
        );
        let trail = state.store.audit_trail(id).await.unwrap();
        let last = trail.last().unwrap();
        assert_eq!(last.entity, AuditEntity::ImportReportItem);
        assert_eq!(last.change, AuditChange::MarkDone);
        assert_eq!(last.entity_id, no_lead.id);
        let overview = admin.get(&format!("/plans/{id}")).await;
        assert!(overview.body.contains(&format!(
            "{} of {} still to do",
            kept.len() - 1,
            kept.len()
        )));
        // And back to do.
        let r = admin
            .post(
                &format!("/plans/{id}/import-report"),
                &[("item", &item), ("done", "no")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(
            state
                .store
                .import_report(id)
                .await
                .unwrap()
                .iter()
                .all(|k| k.done.is_none())
        );

        // Every thing of one concern at once: one form, one audited change.
        let kinds = kept.iter().filter(|k| k.item.concern == "No lead").count();
        let r = admin
            .post(
                &format!("/plans/{id}/import-report"),
                &[("concern", "No lead"), ("done", "all")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let after = state.store.import_report(id).await.unwrap();
        assert_eq!(
            after
                .iter()
                .filter(|k| k.item.concern == "No lead" && k.done.is_some())
                .count(),
            kinds
        );
        assert!(
            after
                .iter()
                .filter(|k| k.item.concern != "No lead")
                .all(|k| k.done.is_none())
        );
        let refused = viewer
            .post(
                &format!("/plans/{id}/import-report"),
                &[("concern", "No lead"), ("done", "all")],
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        // Nonsense is a 422 naming the problem; another plan's item is not found.
        let r = admin
            .post(&format!("/plans/{id}/import-report"), &[("item", "x")])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("govuk-error-summary"));
        let r = admin
            .post(
                &format!("/plans/{}/import-report", council.plan_id),
                &[("item", &item), ("done", "yes")],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);

        // A plan not imported has nothing to check, and the overview does not offer it.
        let other = admin.get(&format!("/plans/{}", council.plan_id)).await;
        assert!(!other.body.contains("import-report"));
        let empty = admin
            .get(&format!("/plans/{}/import-report", council.plan_id))
            .await;
        assert!(empty.body.contains("Nothing is left to check."));
    }
}
