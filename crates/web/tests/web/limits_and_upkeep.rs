//! Limits and upkeep: writes, uploads and imports over their rate get a 429 page and
//! save nothing; the access log names route templates and people, never tokens or form
//! values; evidence files nothing points to go after the grace period.

use crate::security::with_config;
use crate::support;
use crate::support::PASSWORD;
use assure_test_support as ts;
use assure_web::WebConfig;
use assure_web::auth::{SESSION_COOKIE, housekeeping};
use axum::http::{StatusCode, header};
use chrono::Duration;
use std::sync::Arc;

#[tokio::test]
async fn writes_over_the_limit_get_a_429_page_in_plain_english_and_save_nothing() {
    use assure_web::auth::limits::{Rate, RateSettings};
    for db in ts::databases().await {
        let (state, council) = support::app(&db).await;
        let mut config = WebConfig::default();
        let slow = |burst| Rate {
            burst,
            every: std::time::Duration::from_secs(3600),
        };
        config.rates = RateSettings {
            writes_per_session: slow(4),
            writes_per_address: slow(1000),
            uploads_per_session: slow(1),
        };
        let state = with_config(&state, config);
        // Signing in is one write (of the anonymous visitor); then the person's own.
        let mut lead = support::signed_in(&state, &council.lead.email).await;
        let plan = state.store.plan(council.plan_id).await.unwrap();
        let action = support::action_by_ref(&state, plan.id, "2.3").await;
        let url = format!("/plans/{}/actions/{}/update", plan.id, action.id);
        let mut statuses = Vec::new();
        for i in 0..6 {
            let form = lead.get(&url).await;
            let version = form
                .body
                .split("name=\"version\" value=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap_or("0")
                .to_string();
            let text = format!("Update number {i}");
            let r = lead
                .post(
                    &url,
                    &[
                        ("text", text.as_str()),
                        ("version", version.as_str()),
                        ("date-day", "20"),
                        ("date-month", "11"),
                        ("date-year", "2026"),
                    ],
                )
                .await;
            statuses.push(r.status);
            if r.status == StatusCode::TOO_MANY_REQUESTS {
                assert!(r.body.contains("too quickly"), "{}", r.body);
                assert_eq!(
                    r.headers
                        .get(header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok()),
                    Some("60")
                );
            }
        }
        assert_eq!(
            statuses,
            [
                StatusCode::SEE_OTHER,
                StatusCode::SEE_OTHER,
                StatusCode::SEE_OTHER,
                StatusCode::SEE_OTHER,
                StatusCode::TOO_MANY_REQUESTS,
                StatusCode::TOO_MANY_REQUESTS
            ],
            "{}",
            db.backend
        );
        let after = support::action_by_ref(&state, plan.id, "2.3").await;
        let written = after
            .updates
            .iter()
            .filter(|u| u.text.starts_with("Update number"))
            .count();
        assert_eq!(written, 4, "the refused ones saved nothing");
        // Another person is not held back by this one.
        let mut owner = support::signed_in(&state, &council.owner.email).await;
        let r = owner.post("/logout", &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
}

// The access log
// ------------------------------------------------------------------------------------

/// A writer that keeps what the log writes.
#[derive(Clone, Default)]
struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_access_log_names_route_templates_and_people_never_tokens_or_values() {
    let db = ts::databases().await.remove(0);
    let (state, council) = support::app(&db).await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let mut owner = support::signed_in(&state, &council.owner.email).await;
    let token = owner.csrf.clone().unwrap();
    let action = support::action_by_ref(&state, council.plan_id, "2.3").await;
    let secret_words = "Confidential words of an update";
    owner
        .post(
            &format!("/plans/{}/actions/{}/update", council.plan_id, action.id),
            &[("text", secret_words), ("version", "1")],
        )
        .await;
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let access: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("assure::access"))
        .collect();
    assert!(
        access.iter().any(
            |l| l.contains("path=\"/plans/{plan_id}/actions/{action_id}/update\"")
                && l.contains("method=POST")
                && l.contains(&council.owner.id.to_string())
        ),
        "{log}"
    );
    assert!(
        access
            .iter()
            .any(|l| l.contains("path=\"/login\"") && l.contains("status=303"))
    );
    for secret in [
        token.as_str(),
        secret_words,
        &council.plan_id.to_string(),
        PASSWORD,
    ] {
        assert!(!log.contains(secret), "the log holds {secret:?}: {log}");
    }
    let session = owner.cookies.get(SESSION_COOKIE).unwrap();
    assert!(!log.contains(session.as_str()));
}

// Evidence files nothing points to
// ------------------------------------------------------------------------------------

#[tokio::test]
async fn evidence_files_nothing_points_to_are_removed_after_the_grace_period() {
    use object_store::ObjectStoreExt;
    for db in ts::databases().await {
        let (state, council, clock) = support::app_with_clock(&db).await;
        let mut lead = support::signed_in(&state, &council.lead.email).await;
        let action = support::action_by_ref(&state, council.plan_id, "2.3").await;
        let url = format!("/plans/{}/actions/{}/evidence", council.plan_id, action.id);
        for (title, bytes) in [
            ("Kept", b"%PDF-1.7\n% kept report\n".as_slice()),
            ("Removed", b"%PDF-1.7\n% removed report\n".as_slice()),
        ] {
            let page = lead
                .post_multipart(
                    &url,
                    &[
                        ("file_title", None, title.as_bytes()),
                        ("file", Some("report.pdf"), bytes),
                    ],
                )
                .await;
            assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        }
        let after = support::action_by_ref(&state, council.plan_id, "2.3").await;
        let key_of = |t: &str| {
            after
                .evidence
                .iter()
                .find(|e| e.title == t)
                .and_then(|e| e.file_key.clone())
                .expect("a file")
        };
        let (kept, removed) = (key_of("Kept"), key_of("Removed"));
        let gone = after
            .evidence
            .iter()
            .find(|e| e.title == "Removed")
            .unwrap();
        state
            .store
            .remove_evidence(
                gone.id,
                "No longer relevant",
                &assure_domain::model::Actor::user(&council.owner),
            )
            .await
            .unwrap();
        let exists = |key: String| {
            let files = state.files.clone();
            async move {
                files
                    .head(&object_store::path::Path::from(key.as_str()))
                    .await
                    .is_ok()
            }
        };
        // Within the grace period nothing goes.
        let grace = housekeeping::FILE_GRACE;
        housekeeping::sweep_files(state.store.as_ref(), state.files.as_ref(), grace)
            .await
            .unwrap();
        assert!(exists(removed.clone()).await, "{}", db.backend);
        clock.advance(grace + Duration::days(1));
        let n = housekeeping::sweep_files(state.store.as_ref(), state.files.as_ref(), grace)
            .await
            .unwrap();
        assert_eq!(n, 1, "{}", db.backend);
        assert!(!exists(removed).await, "the unreferenced file is gone");
        assert!(exists(kept).await, "the file evidence points to stays");
        let trail = state.store.audit_trail(council.org.id).await.unwrap();
        assert!(
            trail
                .iter()
                .any(|e| e.entity == assure_domain::audit::AuditEntity::EvidenceFile),
            "the removal is in the council's trail"
        );
    }
}
