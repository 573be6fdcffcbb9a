//! The action page, writing updates, evidence and sign-off, on both backends: the whole
//! flow as a lead and an owner do it, and every refusal on the way.

use crate::support::{Client, action_by_ref, app, signed_in};
use assure_domain::model::Actor;
use assure_test_support as ts;
use assure_web::{AppState, WebConfig, router};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Posts a multipart upload as the evidence form does.
async fn upload(
    c: &mut Client,
    uri: &str,
    title: &str,
    file_name: &str,
    bytes: &[u8],
) -> (StatusCode, String) {
    let page = c
        .post_multipart(
            uri,
            &[
                ("file_title", None, title.as_bytes()),
                ("file", Some(file_name), bytes),
            ],
        )
        .await;
    (page.status, page.body)
}

async fn get_bytes(c: &Client, uri: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let cookies = c.cookie_header();
    let req = Request::get(uri)
        .header(header::COOKIE, cookies)
        .body(Body::empty())
        .unwrap();
    let res = router(c.state.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, bytes)
}

#[tokio::test]
async fn a_lead_updates_evidences_and_proposes_and_an_owner_signs_off() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let plan_id = council.plan_id;
        let led = action_by_ref(&state, plan_id, "2.3").await;
        let not_led = action_by_ref(&state, plan_id, "2.5").await;
        assert!(led.is_led_by(council.lead.id) && !not_led.is_led_by(council.lead.id));
        let url = format!("/plans/{plan_id}/actions/{}", led.id);
        let other_url = format!("/plans/{plan_id}/actions/{}", not_led.id);

        // The action page: every field, the buttons a lead may use, no sign-off button.
        let mut lead = signed_in(&state, &council.lead.email).await;
        let page = lead.get(&url).await;
        assert_eq!(page.status, StatusCode::OK, "{}", db.backend);
        assert!(page.body.contains(&led.text));
        assert!(page.body.contains("HoS CP"));
        assert!(page.body.contains(&council.lead.name), "lead's linked name");
        assert!(page.body.contains("Write an update"));
        assert!(page.body.contains("Add evidence"));
        assert!(page.body.contains("Propose complete"));
        assert!(!page.body.contains("/sign-off\""));
        assert!(page.body.contains("Imported from the plan"));

        // Write an update with a status.
        let form = lead.get(&format!("{url}/update")).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(
            form.body.contains("November 2026 update") || form.body.contains(" update</strong>")
        );
        assert!(form.body.contains("Amber") && !form.body.contains("value=\"Blue\""));
        let version = led.version.to_string();
        let empty = lead
            .post(
                &format!("{url}/update"),
                &[("text", ""), ("version", &version)],
            )
            .await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            empty.body.contains("govuk-error-summary") && empty.body.contains("Enter the update")
        );
        let today = state.clock.now().date_naive();
        let (d, m, y) = (
            today.format("%-d").to_string(),
            today.format("%-m").to_string(),
            today.format("%Y").to_string(),
        );
        let fields = [
            ("text", "Audit completed; two themes to follow up."),
            ("status", "Amber"),
            ("date-day", d.as_str()),
            ("date-month", m.as_str()),
            ("date-year", y.as_str()),
            ("version", version.as_str()),
        ];
        let saved = lead.post(&format!("{url}/update"), &fields).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        assert_eq!(saved.location(), format!("{url}?done=update"));
        let after = action_by_ref(&state, plan_id, "2.3").await;
        assert_eq!(after.status.as_ref().unwrap().label, "Amber");
        let page = lead.get(saved.location()).await;
        assert!(page.body.contains("Your update has been saved"));
        assert!(
            page.body
                .contains("Audit completed; two themes to follow up.")
        );
        assert!(page.body.contains("status changed"));
        assert!(page.body.contains(&council.lead.name));

        // The same form sent again, from the old version: a conflict, the words kept.
        let stale = lead.post(&format!("{url}/update"), &fields).await;
        assert_eq!(stale.status, StatusCode::CONFLICT);
        assert!(stale.body.contains("Someone else changed this action"));
        // What the other change was, beside the words kept.
        assert!(stale.body.contains("What changed: November 2026 update"));
        assert!(
            stale
                .body
                .contains(&format!("{}, 23 November 2026", council.lead.name))
        );
        assert!(
            stale
                .body
                .contains("Audit completed; two themes to follow up.")
        );

        // Not their action: refused, for the form and the post.
        assert_eq!(
            lead.get(&format!("{other_url}/update")).await.status,
            StatusCode::FORBIDDEN
        );
        let v = not_led.version.to_string();
        let refused = lead
            .post(
                &format!("{other_url}/update"),
                &[("text", "x"), ("version", &v)],
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert_eq!(
            lead.post(
                &format!("{other_url}/evidence"),
                &[("title", "x"), ("url", "https://x.example")]
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );

        // Evidence: a link (http/https only) and a file.
        let bad = lead
            .post(
                &format!("{url}/evidence"),
                &[("title", "Board paper"), ("url", "javascript:alert(1)")],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("https://"));
        let ok = lead
            .post(
                &format!("{url}/evidence"),
                &[
                    ("title", "Board paper"),
                    ("url", "https://intranet.example/board"),
                ],
            )
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER);
        let pdf = b"%PDF-1.7\n% audit report\n".to_vec();
        let (status, _) = upload(
            &mut lead,
            &format!("{url}/evidence"),
            "Audit report",
            "Audit ✓ report.pdf",
            &pdf,
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, body) = upload(
            &mut lead,
            &format!("{url}/evidence"),
            "",
            "setup.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00",
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("govuk-error-summary"));
        let after = action_by_ref(&state, plan_id, "2.3").await;
        assert_eq!(after.evidence.len(), 2);
        let file = after
            .evidence
            .iter()
            .find(|e| e.file_key.is_some())
            .unwrap();
        let page = lead.get(&url).await;
        assert!(page.body.contains("rel=\"noopener noreferrer\""));
        let download = format!("/plans/{plan_id}/evidence/{}", file.id);
        assert!(page.body.contains(&download));
        let (status, headers, bytes) = get_bytes(&lead, &download).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(bytes, pdf);
        let disposition = headers[header::CONTENT_DISPOSITION].to_str().unwrap();
        assert!(disposition.starts_with("attachment;"), "{disposition}");
        assert!(
            disposition.contains("filename*=UTF-8''Audit%20_%20report.pdf"),
            "{disposition}"
        );
        assert_eq!(headers[header::CONTENT_TYPE], "application/pdf");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(headers[header::CACHE_CONTROL], "private, no-store");

        // Proposed complete by the lead, who cannot sign it off.
        let v = after.version.to_string();
        let proposed = lead
            .post(
                &format!("{url}/propose"),
                &[("note", "All done, see the audit"), ("version", &v)],
            )
            .await;
        assert_eq!(proposed.status, StatusCode::SEE_OTHER);
        assert_eq!(
            lead.get(&format!("{url}/sign-off")).await.status,
            StatusCode::FORBIDDEN
        );
        let after = action_by_ref(&state, plan_id, "2.3").await;
        let v = after.version.to_string();
        assert_eq!(
            lead.post(&format!("{url}/sign-off"), &[("version", &v)])
                .await
                .status,
            StatusCode::FORBIDDEN
        );

        // The owner signs off, seeing the evidence and the proposal.
        let mut owner = signed_in(&state, &council.owner.email).await;
        let confirm = owner.get(&format!("{url}/sign-off")).await;
        assert_eq!(confirm.status, StatusCode::OK);
        assert!(confirm.body.contains("All done, see the audit"));
        assert!(confirm.body.contains("Board paper"));
        let signed = owner
            .post(&format!("{url}/sign-off"), &[("version", &v)])
            .await;
        assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
        let after = action_by_ref(&state, plan_id, "2.3").await;
        assert!(after.signoff.as_ref().unwrap().is_signed_off());
        assert_eq!(after.status.as_ref().unwrap().label, "Blue");
        let page = owner.get(&url).await;
        assert!(page.body.contains("Signed off"));
        assert!(page.body.contains("Record impact check"));

        // An update to a signed-off action adds words but cannot change its status (that
        // would undo the sign-off); reopening is the impact check's.
        let form = lead.get(&format!("{url}/update")).await;
        assert!(form.body.contains("does not change its status"));
        assert!(!form.body.contains("name=\"status\""));
        let v = after.version.to_string();
        let refused = lead
            .post(
                &format!("{url}/update"),
                &[
                    ("text", "Still going well"),
                    ("status", "Green"),
                    ("date-day", "20"),
                    ("date-month", "11"),
                    ("date-year", "2026"),
                    ("version", &v),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("record an impact check"));
        let kept = lead
            .post(
                &format!("{url}/update"),
                &[
                    ("text", "Still going well"),
                    ("date-day", "20"),
                    ("date-month", "11"),
                    ("date-year", "2026"),
                    ("version", &v),
                ],
            )
            .await;
        assert_eq!(kept.status, StatusCode::SEE_OTHER, "{}", kept.body);
        let after = action_by_ref(&state, plan_id, "2.3").await;
        assert!(
            after.signoff.as_ref().unwrap().is_signed_off(),
            "still signed off"
        );

        // Impact check: reopening needs a reason.
        let v = after.version.to_string();
        let no_reason = owner
            .post(
                &format!("{url}/impact-check"),
                &[("outcome", "reopen"), ("reason", ""), ("version", &v)],
            )
            .await;
        assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            no_reason
                .body
                .contains("Give a reason for reopening this action.")
        );
        let reopened = owner
            .post(
                &format!("{url}/impact-check"),
                &[
                    ("outcome", "reopen"),
                    ("reason", "Audit scores fell back"),
                    ("version", &v),
                ],
            )
            .await;
        assert_eq!(reopened.status, StatusCode::SEE_OTHER);
        let after = action_by_ref(&state, plan_id, "2.3").await;
        assert!(after.signoff.is_none());
        let page = owner.get(&url).await;
        assert!(page.body.contains("Impact check: reopened"));
        assert!(page.body.contains("Audit scores fell back"));

        // Sign-off without evidence is refused with the domain's words; so is one's own.
        let bare = action_by_ref(&state, plan_id, "3.5").await;
        assert!(bare.evidence.is_empty() && bare.is_led_by(council.lead.id));
        let bare_url = format!("/plans/{plan_id}/actions/{}", bare.id);
        let v = bare.version.to_string();
        lead.get(&bare_url).await;
        let r = lead
            .post(&format!("{bare_url}/propose"), &[("version", &v)])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let bare = action_by_ref(&state, plan_id, "3.5").await;
        let v = bare.version.to_string();
        let refused = owner
            .post(&format!("{bare_url}/sign-off"), &[("version", &v)])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("govuk-error-summary"));
        assert!(
            refused
                .body
                .contains("Add evidence before this action can be signed off")
        );
        // The owner's own proposal.
        let own = action_by_ref(&state, plan_id, "2.5").await;
        let own_url = format!("/plans/{plan_id}/actions/{}", own.id);
        state
            .store
            .add_evidence(
                own.id,
                assure_store::NewEvidence::link("Paper", "https://x.example"),
                &Actor::system("test"),
            )
            .await
            .unwrap();
        let v = own.version.to_string();
        assert_eq!(
            owner
                .post(&format!("{own_url}/propose"), &[("version", &v)])
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        let own = action_by_ref(&state, plan_id, "2.5").await;
        let v = own.version.to_string();
        let refused = owner
            .post(&format!("{own_url}/sign-off"), &[("version", &v)])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("someone else must sign it off"));

        // Nor is it on their home page as awaiting their sign-off; it is on the admin's.
        let section = |body: &str| {
            let from = body.find("id=\"sign-off\"").expect("the sign-off list");
            let to = body[from..]
                .find("id=\"impact\"")
                .map_or(body.len(), |i| from + i);
            body[from..to].to_string()
        };
        let home = owner.get("/").await;
        assert!(
            !section(&home.body).contains(&own_url),
            "own proposal listed"
        );
        let mut admin = signed_in(&state, &council.admin.email).await;
        let home = admin.get("/").await;
        assert!(section(&home.body).contains(&own_url), "admin's list");
    }
}

#[tokio::test]
async fn a_viewer_reads_but_cannot_act_and_other_plans_files_are_not_found() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let plan_id = council.plan_id;
        let led = action_by_ref(&state, plan_id, "2.3").await;
        let url = format!("/plans/{plan_id}/actions/{}", led.id);
        let mut viewer = signed_in(&state, &council.viewer.email).await;
        let page = viewer.get(&url).await;
        assert_eq!(page.status, StatusCode::OK, "{}", db.backend);
        for button in [
            "Write an update",
            "Add evidence",
            "Propose complete",
            "Record impact check",
            "/edit\"",
        ] {
            assert!(!page.body.contains(button), "viewer sees {button}");
        }
        let v = led.version.to_string();
        for path in ["update", "evidence", "propose", "sign-off", "impact-check"] {
            let r = viewer
                .post(&format!("{url}/{path}"), &[("version", &v)])
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "viewer posts {path}");
        }

        // Another plan's evidence, through this plan's address: not found.
        let doc = ts::demo_plan();
        let other_plan = state
            .store
            .create_plan(council.org.id, &doc, &Actor::system("test"))
            .await
            .unwrap();
        let other = state.store.plan(other_plan).await.unwrap();
        let (_, _, a) = other.actions().into_iter().next().unwrap();
        let key = assure_web::files::put(state.files.as_ref(), b"%PDF-1.7 other".to_vec())
            .await
            .unwrap();
        let ev = state
            .store
            .add_evidence(
                a.id,
                assure_store::NewEvidence::file("Other", key, "other.pdf", "application/pdf", 14),
                &Actor::system("test"),
            )
            .await
            .unwrap();
        let mut owner = signed_in(&state, &council.admin.email).await;
        let (status, _, _) =
            get_bytes(&owner, &format!("/plans/{plan_id}/evidence/{}", ev.id)).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _, bytes) =
            get_bytes(&owner, &format!("/plans/{other_plan}/evidence/{}", ev.id)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(bytes, b"%PDF-1.7 other");
        let _ = owner.get("/").await;
    }
}

#[tokio::test]
async fn an_over_limit_file_is_refused_and_nothing_is_stored() {
    for db in ts::databases().await {
        let (base, council) = app(&db).await;
        let config = WebConfig {
            max_upload_bytes: 1024,
            ..WebConfig::default()
        };
        let state = AppState::with_config(base.store.clone(), base.clock.clone(), config)
            .with_files(base.files.clone());
        let led = action_by_ref(&state, council.plan_id, "2.3").await;
        let url = format!("/plans/{}/actions/{}/evidence", council.plan_id, led.id);
        let mut lead = signed_in(&state, &council.lead.email).await;
        let mut big = b"%PDF-1.7\n".to_vec();
        big.resize(200 * 1024, b'x');
        let (status, _) = upload(&mut lead, &url, "Big", "big.pdf", &big).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{}", db.backend);
        let mut just_over = b"%PDF-1.7\n".to_vec();
        just_over.resize(1025, b'x');
        let (status, _) = upload(&mut lead, &url, "Just over", "over.pdf", &just_over).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        let after = action_by_ref(&state, council.plan_id, "2.3").await;
        assert!(after.evidence.is_empty());
        for bytes in [&big, &just_over] {
            let key = assure_web::files::key_for(bytes);
            assert!(
                assure_web::files::get(state.files.as_ref(), &key)
                    .await
                    .is_err(),
                "nothing kept"
            );
        }
    }
}

#[tokio::test]
async fn an_action_without_a_status_can_be_updated_without_one() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let plan = state.store.plan(council.plan_id).await.unwrap();
        let bare = plan
            .actions()
            .into_iter()
            .map(|(_, _, a)| a.clone())
            .find(|a| a.status.is_none() && a.signoff.is_none())
            .expect("the demo has an action with no status");
        let url = format!("/plans/{}/actions/{}/update", council.plan_id, bare.id);
        let mut c = signed_in(&state, &council.contributor.email).await;
        let form = c.get(&url).await;
        assert_eq!(form.status, StatusCode::OK, "{}", db.backend);
        assert!(form.body.contains("No status yet"));
        assert!(
            form.body.contains("value=\"assure:none\" checked"),
            "chosen until another is"
        );
        let v = bare.version.to_string();
        let saved = c
            .post(
                &url,
                &[
                    ("text", "Scoping started"),
                    ("status", "assure:none"),
                    ("date-day", "23"),
                    ("date-month", "11"),
                    ("date-year", "2026"),
                    ("version", &v),
                ],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let after = state.store.plan(council.plan_id).await.unwrap();
        let after = after.find_action(bare.id).unwrap();
        assert!(after.status.is_none());
        assert_eq!(
            after.updates.last().map(|u| u.text.as_str()),
            Some("Scoping started")
        );
    }
}

/// Issue 8, item 8: the update form shows the status now and the last update, to write on
/// from.
#[tokio::test]
async fn the_update_form_shows_the_last_update_and_the_status_now() {
    let db = ts::sqlite_db();
    let (state, council) = app(&db).await;
    let a = action_by_ref(&state, council.plan_id, "2.3").await;
    let url = format!("/plans/{}/actions/{}/update", council.plan_id, a.id);
    let mut lead = signed_in(&state, &council.lead.email).await;
    let before = lead.get(&url).await;
    assert_eq!(before.status, StatusCode::OK);
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    state
        .store
        .write_update(
            a.id,
            a.version,
            assure_store::NewUpdate::new(date, "Audit of strategy meetings booked for December"),
            &Actor::user(&council.lead),
        )
        .await
        .unwrap();
    let form = lead.get(&url).await;
    assert!(form.body.contains("The last update: "), "{}", form.body);
    assert!(
        form.body
            .contains("Audit of strategy meetings booked for December")
    );
    if let Some(s) = &a.status {
        assert!(form.body.contains("Status now:"));
        assert!(form.body.contains(&s.label));
    }
    // The box is not a field: the new update starts empty.
    assert!(form.body.contains("name=\"text\" rows=\"8\""));
    assert!(
        !form
            .body
            .contains(">Audit of strategy meetings booked for December</textarea>")
    );
}
