//! The plan checks in the web: the Checks page (findings by area and by check, with
//! counts, each linking to the field that answers it), the count on the overview, the
//! marker on the plan table's rows, the findings on the action page, dismissing a
//! finding (who may, the reason it needs, the trail, and its coming back when the cells
//! change), and the findings in the import preview.
//!
//! The demo plan, read on the test clock's day (23 November 2026), gives seven findings:
//! 3.4, 4.2 and 5.5 overdue, 3.6's timescale to be confirmed, 4.6 with no lead, and two
//! statuses against their updates (4.5 and a sub-row of 4.3). The `lead` person leads
//! 3.4 and not 4.6.

use crate::support::{Client, Page, action_by_ref, app, post_multipart, signed_in, unescape};
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::model::Actor;
use assure_store::NewUpdate;
use assure_test_support as ts;
use axum::http::StatusCode;
use chrono::NaiveDate;

/// The page's text between `start` and the next `end`, for looking inside one part.
fn part<'a>(body: &'a str, start: &str, end: &str) -> &'a str {
    let at = body
        .find(start)
        .unwrap_or_else(|| panic!("{start} in the page"));
    let rest = &body[at..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// The "Findings by check" row of a check: its count.
fn count_of(page: &Page, title: &str) -> usize {
    let table = part(&page.body, "id=\"by-check\"", "</table>");
    let row = part(table, &format!("{title}<"), "</tr>");
    let cell = part(row, "govuk-table__cell--numeric\">", "</td>");
    cell["govuk-table__cell--numeric\">".len()..]
        .trim()
        .parse()
        .unwrap_or_else(|e| panic!("{title}'s count in {row}: {e}"))
}

/// The dismiss page of a finding, and its form's hidden fingerprint.
async fn dismiss_form(
    c: &mut Client,
    plan: uuid::Uuid,
    action: uuid::Uuid,
    code: &str,
) -> (Page, String) {
    let page = c
        .get(&format!(
            "/plans/{plan}/actions/{action}/dismiss?code={code}"
        ))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let fp = part(&page.body, "name=\"fingerprint\" value=\"", "\">")
        ["name=\"fingerprint\" value=\"".len()..]
        .to_string();
    assert_eq!(fp.len(), 64, "a SHA-256 in hex");
    (page, fp)
}

#[tokio::test]
async fn the_checks_page_groups_findings_by_area_and_check_and_links_to_the_field() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let plan = council.plan_id;
        let a34 = action_by_ref(&state, plan, "3.4").await;
        let a46 = action_by_ref(&state, plan, "4.6").await;
        let url = format!("/plans/{plan}/checks");

        let mut viewer = signed_in(&state, &council.viewer.email).await;
        let page = viewer.get(&url).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let text = unescape(&page.body);
        // Seven from the plan itself, and one from its data: action 5.3 is reported Green while
        // its measure has been off target for three months.
        assert!(text.contains("Checked as of 23 November 2026 (today): 8 findings."));
        assert_eq!(count_of(&page, "Overdue"), 4);
        assert_eq!(count_of(&page, "Stalled"), 1);
        assert_eq!(count_of(&page, "No lead"), 1);
        assert_eq!(count_of(&page, "Timescale to be confirmed"), 1);
        // 4.5's "17 of 23 completed" is part done and 4.3's "delayed assessments" a
        // kind of case: neither contradicts its status.
        assert_eq!(count_of(&page, "Status and update disagree"), 0);
        assert_eq!(count_of(&page, "Vague action"), 0);
        assert!(text.contains("does not say when the report was published"));
        // By area, then by check within it, with counts.
        let area4 = part(&text, "4. ", "</section>");
        assert!(area4.contains("3 findings"), "{area4}");
        assert!(
            area4.contains("No lead (1)") && area4.contains("Overdue (2)"),
            "{area4}"
        );
        // Each finding in sentences, linking to its action.
        assert!(text.contains("Due by 31 October 2026 and not reported complete."));
        assert!(text.contains("timescale '31st October 2026'; status 'Green'"));
        assert!(
            page.body
                .contains(&format!("href=\"/plans/{plan}/actions/{}\"", a46.id))
        );
        // A viewer may change nothing and dismiss nothing.
        assert!(!page.body.contains("/edit#"), "no edit links for a viewer");
        assert!(
            !page.body.contains("/dismiss?"),
            "no dismiss links for a viewer"
        );
        assert!(text.contains("Dismissed findings (0)"));

        // The owner is taken to the field concerned, and may dismiss.
        let mut owner = signed_in(&state, &council.owner.email).await;
        let page = owner.get(&url).await;
        let due = format!("/plans/{plan}/actions/{}/edit#due", a34.id);
        let leads = format!("/plans/{plan}/actions/{}/edit#leads", a46.id);
        assert!(
            page.body.contains(&format!("href=\"{due}\"")),
            "{}",
            page.body
        );
        assert!(page.body.contains(&format!("href=\"{leads}\"")));
        let dismiss = format!(
            "/plans/{plan}/actions/{}/dismiss?code=overdue_not_complete",
            a34.id
        );
        // askama writes the ampersand as a character reference.
        assert!(page.body.contains(&format!("{dismiss}&#38;from=checks")));
        // The anchors are the edit form's fields.
        let edit = owner.get(due.split('#').next().unwrap()).await;
        assert!(edit.body.contains("id=\"due\"") && edit.body.contains("id=\"leads\""));

        // One check alone.
        let only = owner.get(&format!("{url}?code=no_lead")).await;
        let only_text = unescape(&only.body);
        assert!(only_text.contains("Showing only: No lead."));
        assert!(only_text.contains("No lead is named."));
        assert!(!only_text.contains("Due by 31 October 2026"));
        // Anything else in the query is ignored, not an error.
        let odd = owner.get(&format!("{url}?code=%3Cscript%3E&x=1")).await;
        assert_eq!(odd.status, StatusCode::OK);
        assert!(!odd.body.contains("<script>"));

        // Someone with no role on the plan is told it does not exist.
        let mut outsider = signed_in(&state, &council.outsider.email).await;
        assert_eq!(outsider.get(&url).await.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn the_overview_counts_the_table_marks_and_the_action_page_lists_findings() {
    let db = ts::sqlite_db();
    let (state, council) = app(&db).await;
    let plan = council.plan_id;
    let a34 = action_by_ref(&state, plan, "3.4").await;
    let a15 = action_by_ref(&state, plan, "1.5").await;
    let mut viewer = signed_in(&state, &council.viewer.email).await;

    let overview = viewer.get(&format!("/plans/{plan}")).await;
    let count = part(&overview.body, "id=\"checks-count\"", "</p>");
    assert!(
        count.contains(&format!("href=\"/plans/{plan}/checks\"")),
        "{count}"
    );
    assert!(count.contains("8 findings from the plan checks"), "{count}");

    let table = viewer.get(&format!("/plans/{plan}/actions")).await;
    let row = part(&table.body, &format!("data-action=\"{}\"", a34.id), "</tr>");
    assert!(
        row.contains(&format!(
            "href=\"/plans/{plan}/actions/{}#findings\"",
            a34.id
        )),
        "{row}"
    );
    // Words, not colour: the count, and for a screen reader which action.
    assert!(row.contains(">1 finding<span class=\"govuk-visually-hidden\"> of the plan checks on Action 3.4</span>"), "{row}");
    let clean = part(&table.body, &format!("data-action=\"{}\"", a15.id), "</tr>");
    assert!(!clean.contains("finding"), "1.5 has none: {clean}");
    let markers = table.body.matches("app-finding-marker").count();
    // Seven actions with findings of their own words and dates, and 5.3 from its measure.
    assert_eq!(markers, 8, "one marker per action with findings");

    let action = viewer
        .get(&format!("/plans/{plan}/actions/{}", a34.id))
        .await;
    let findings = unescape(part(&action.body, "id=\"findings\"", "<h2"));
    assert!(findings.contains("Overdue"), "{findings}");
    assert!(findings.contains("Due by 31 October 2026 and not reported complete."));
    assert!(findings.contains("Record completion with evidence, or agree a new date and say why."));
    let nothing = viewer
        .get(&format!("/plans/{plan}/actions/{}", a15.id))
        .await;
    assert!(
        part(&nothing.body, "id=\"findings\"", "<h2")
            .contains("The plan checks found nothing to say about this action.")
    );
}

#[tokio::test]
async fn only_the_owner_an_admin_or_the_actions_lead_may_dismiss() {
    let db = ts::sqlite_db();
    let (state, council) = app(&db).await;
    let plan = council.plan_id;
    let a34 = action_by_ref(&state, plan, "3.4").await;
    let a46 = action_by_ref(&state, plan, "4.6").await;
    let on = |a: &assure_domain::model::StoredAction, code: &str| {
        format!("/plans/{plan}/actions/{}/dismiss?code={code}", a.id)
    };
    let post_to =
        |a: &assure_domain::model::StoredAction| format!("/plans/{plan}/actions/{}/dismiss", a.id);
    for who in [&council.contributor, &council.viewer] {
        let mut c = signed_in(&state, &who.email).await;
        assert_eq!(
            c.get(&on(&a34, "overdue_not_complete")).await.status,
            StatusCode::FORBIDDEN
        );
        let p = c
            .post(
                &post_to(&a34),
                &[("code", "overdue_not_complete"), ("reason", "No")],
            )
            .await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{}", who.email);
    }
    // The lead, on an action they do not lead.
    let mut lead = signed_in(&state, &council.lead.email).await;
    assert_eq!(
        lead.get(&on(&a46, "no_lead")).await.status,
        StatusCode::FORBIDDEN
    );
    let p = lead
        .post(
            &post_to(&a46),
            &[("code", "no_lead"), ("reason", "Mine now")],
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    // On their own, and the owner and the admin anywhere.
    assert_eq!(
        lead.get(&on(&a34, "overdue_not_complete")).await.status,
        StatusCode::OK
    );
    for who in [&council.owner, &council.admin] {
        let mut c = signed_in(&state, &who.email).await;
        assert_eq!(
            c.get(&on(&a46, "no_lead")).await.status,
            StatusCode::OK,
            "{}",
            who.email
        );
    }
    // The lead sees the Dismiss link only where they may use it.
    let page = lead.get(&format!("/plans/{plan}/checks")).await;
    assert!(page.body.contains(&on(&a34, "overdue_not_complete")));
    assert!(
        !page
            .body
            .contains(&format!("/plans/{plan}/actions/{}/dismiss", a46.id))
    );
    assert!(state.store.dismissals(plan).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_dismissal_needs_a_reason_is_in_the_trail_and_ends_when_the_cells_change() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let plan = council.plan_id;
        let a34 = action_by_ref(&state, plan, "3.4").await;
        let post_url = format!("/plans/{plan}/actions/{}/dismiss", a34.id);
        let mut lead = signed_in(&state, &council.lead.email).await;
        let (form, fp) = dismiss_form(&mut lead, plan, a34.id, "overdue_not_complete").await;
        assert!(unescape(&form.body).contains("Due by 31 October 2026 and not reported complete."));
        assert!(form.body.contains("id=\"reason\""));

        // No reason: 422, the error summary links to the field, nothing kept.
        let empty = lead
            .post(
                &post_url,
                &[
                    ("code", "overdue_not_complete"),
                    ("fingerprint", &fp),
                    ("reason", "  "),
                ],
            )
            .await;
        assert_eq!(
            empty.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            empty.body
        );
        assert!(empty.body.contains("govuk-error-summary"));
        assert!(empty.body.contains("href=\"#reason\""));
        assert!(empty.body.contains("Enter why this finding does not apply"));
        let long = "x".repeat(assure_domain::input::MAX_NOTE_CHARS + 1);
        let too_long = lead
            .post(
                &post_url,
                &[
                    ("code", "overdue_not_complete"),
                    ("fingerprint", &fp),
                    ("reason", &long),
                ],
            )
            .await;
        assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
        // A finding the action does not have: nothing to dismiss.
        let none = lead
            .post(
                &post_url,
                &[("code", "no_lead"), ("fingerprint", &fp), ("reason", "x")],
            )
            .await;
        assert_eq!(none.status, StatusCode::SEE_OTHER);
        // A fingerprint that is not what the page showed: 409, the page again.
        let forged = lead
            .post(
                &post_url,
                &[
                    ("code", "overdue_not_complete"),
                    ("fingerprint", &"0".repeat(64)),
                    ("reason", "x"),
                ],
            )
            .await;
        assert_eq!(forged.status, StatusCode::CONFLICT, "{}", forged.body);
        assert!(
            forged
                .body
                .contains("The action changed while you were writing")
        );
        assert!(state.store.dismissals(plan).await.unwrap().is_empty());

        // With a reason it is dismissed, and the page says so.
        let reason =
            "The pilot was agreed by the board to run to January; new date in the next update";
        let done = lead
            .post(
                &post_url,
                &[
                    ("code", "overdue_not_complete"),
                    ("fingerprint", &fp),
                    ("reason", reason),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        assert_eq!(
            done.location(),
            format!("/plans/{plan}/checks?done=dismissed")
        );
        let page = lead.get(done.location()).await;
        let text = unescape(&page.body);
        assert!(text.contains("The finding has been dismissed."));
        assert!(text.contains("7 findings, and 1 dismissed."), "{text}");
        assert_eq!(count_of(&page, "Overdue"), 3);
        let dismissed = part(&text, "id=\"dismissed\"", "</table>");
        assert!(dismissed.contains(reason), "{dismissed}");
        assert!(dismissed.contains("Lee Lead"));
        assert!(dismissed.contains("23 November 2026 at 09:00"));
        assert!(dismissed.contains("Action 3.4"));
        // Everywhere else too.
        let overview = lead.get(&format!("/plans/{plan}")).await;
        assert!(
            part(&overview.body, "id=\"checks-count\"", "</p>")
                .contains("7 findings from the plan checks</a> (1 dismissed)")
        );
        let table = lead.get(&format!("/plans/{plan}/actions")).await;
        assert!(
            !part(&table.body, &format!("data-action=\"{}\"", a34.id), "</tr>").contains("finding")
        );

        // In the trail, and on the action's timeline.
        let trail = state.store.audit_trail(a34.id).await.unwrap();
        let e = trail.last().unwrap();
        assert_eq!(
            (e.entity, e.change),
            (AuditEntity::CheckFinding, AuditChange::Dismiss)
        );
        assert_eq!(e.actor.user_id, Some(council.lead.id));
        assert_eq!(e.after.as_ref().unwrap()["reason"], reason);
        let action = lead.get(&format!("/plans/{plan}/actions/{}", a34.id)).await;
        let action_text = unescape(&action.body);
        assert!(action_text.contains("Check finding dismissed: Overdue"));
        assert!(action_text.contains("1 finding on this action has been dismissed"));

        // A cell the check does not read changes: still dismissed.
        let now = action_by_ref(&state, plan, "3.4").await;
        let mut fields = now.fields();
        fields.resources = Some("Two practitioners from each service".into());
        let leads: Vec<String> = now.leads.iter().map(|l| l.text.clone()).collect();
        let sys = Actor::system("test");
        state
            .store
            .edit_action(now.id, now.version, &fields, leads, &sys)
            .await
            .unwrap();
        let page = lead.get(&format!("/plans/{plan}/checks")).await;
        assert_eq!(
            count_of(&page, "Overdue"),
            3,
            "resources are not what it is about"
        );

        // A new update changes what it is about: the finding is back.
        let now = action_by_ref(&state, plan, "3.4").await;
        state
            .store
            .write_update(
                now.id,
                now.version,
                NewUpdate {
                    date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                    text: "Pilot running in Area West; evaluation in January.".into(),
                    status: None,
                    period: None,
                },
                &sys,
            )
            .await
            .unwrap();
        let page = lead.get(&format!("/plans/{plan}/checks")).await;
        let text = unescape(&page.body);
        assert_eq!(count_of(&page, "Overdue"), 4, "back after the update");
        assert!(text.contains("Dismissed findings (0)"));
        // Seven from the plan itself, and one from its data: action 5.3 is reported Green while
        // its measure has been off target for three months.
        assert!(text.contains("Checked as of 23 November 2026 (today): 8 findings."));
        // And it can be dismissed again, against the cells as they are now.
        let (_, fresh) = dismiss_form(&mut lead, plan, a34.id, "overdue_not_complete").await;
        assert_ne!(fresh, fp);
    }
}

#[tokio::test]
async fn the_import_preview_shows_the_findings_before_anything_is_saved() {
    let db = ts::sqlite_db();
    let (state, council) = app(&db).await;
    let mut admin = signed_in(&state, &council.admin.email).await;
    admin.get("/plans/import").await;
    let csv = "Priority,What?,Who?,How?,When?,RAG\n\
Priority 1: Children are seen promptly,Agree a duty rota for visits,TBC,Weekly duty report to DLT,31/03/2027,Green\n\
Priority 2: Plans are SMART,Train all managers in SMART planning,PSW & L&D,Training records,June 2023,Red\n";
    let before = state.store.plans(None).await.unwrap().len();
    let preview = post_multipart(
        &mut admin,
        "/plans/import",
        &[("file", Some("plan.csv"), csv.as_bytes())],
    )
    .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let text = unescape(&preview.body);
    let checks = part(&text, "id=\"plan-checks\"", "Areas for improvement</h2>");
    assert!(
        checks.contains("checked as of 23 November 2026, today"),
        "{checks}"
    );
    assert!(
        checks.contains("The lead is 'TBC': nobody is named."),
        "{checks}"
    );
    assert!(
        checks.contains("Due by 30 June 2023 and not reported complete."),
        "{checks}"
    );
    assert!(checks.contains("Train all managers"));
    let counts = part(checks, "id=\"finding-counts\"", "</table>");
    assert!(
        counts.contains("No lead") && counts.contains("Overdue"),
        "{counts}"
    );
    assert_eq!(
        state.store.plans(None).await.unwrap().len(),
        before,
        "nothing saved"
    );
}

#[tokio::test]
async fn areas_no_action_covers_and_the_plan_deadline_from_the_inspection_record() {
    let db = ts::sqlite_db();
    let (state, council) = app(&db).await;
    let sys = Actor::system("test");
    // A plan whose inspection record says when the report was published.
    let mut doc = ts::demo_plan();
    let published = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    doc.inspection
        .get_or_insert_with(Default::default)
        .report_published = Some(published);
    let plan = state
        .store
        .create_plan(council.org.id, &doc, &sys)
        .await
        .unwrap();
    let area = state
        .store
        .add_area(
            plan,
            &assure_domain::model::AreaFields {
                r#ref: Some("6".into()),
                group: None,
                title: "Sufficiency of placements".into(),
                objectives: vec![],
                outcomes: vec![],
                measures: vec![],
                narrative: vec![],
            },
            &sys,
        )
        .await
        .unwrap();
    let mut admin = signed_in(&state, &council.admin.email).await;
    let page = admin.get(&format!("/plans/{plan}/checks")).await;
    let text = unescape(&page.body);
    assert_eq!(count_of(&page, "Plan deadline"), 1);
    let deadline = assure_domain::calendar::add_working_days(published, 70);
    assert!(
        text.contains(&format!(
            "The plan must be in place by {}",
            deadline.format("%-d %B %Y")
        )),
        "{text}"
    );
    assert!(text.contains("report published 2 November 2026"));
    assert!(!text.contains("does not say when the report was published"));
    // The new area has no actions: an area finding, with the way to answer it.
    assert_eq!(count_of(&page, "Area not covered"), 1);
    assert!(text.contains(
        "This area for improvement is not covered by a checkable action. It has no actions."
    ));
    assert!(
        page.body
            .contains(&format!("href=\"/plans/{plan}/areas/{area}/actions/new\""))
    );
    // Neither can be dismissed: they are not about an action's cells.
    for section in [format!("id=\"area-{area}\""), "id=\"plan\"".to_string()] {
        let s = part(&page.body, &section, "</section>");
        assert!(s.contains("govuk-summary-card"), "{s}");
        assert!(!s.contains("/dismiss?"), "{s}");
    }
}

#[tokio::test]
async fn dismissing_from_the_action_page_goes_back_to_it() {
    let db = ts::sqlite_db();
    let (state, council) = app(&db).await;
    let plan = council.plan_id;
    let a46 = action_by_ref(&state, plan, "4.6").await;
    let action_url = format!("/plans/{plan}/actions/{}", a46.id);
    let mut owner = signed_in(&state, &council.owner.email).await;
    let page = owner.get(&action_url).await;
    let link = format!("{action_url}/dismiss?code=no_lead&#38;from=action");
    assert!(page.body.contains(&link), "the action page offers it");
    // A finding the action does not have: back where the person came from.
    let nothing = owner
        .get(&format!("{action_url}/dismiss?code=due_vague&from=action"))
        .await;
    assert_eq!(nothing.status, StatusCode::SEE_OTHER);
    assert_eq!(nothing.location(), format!("{action_url}#findings"));
    let form = owner
        .get(&format!("{action_url}/dismiss?code=no_lead&from=action"))
        .await;
    assert!(form.body.contains("name=\"from\" value=\"action\""));
    assert!(
        !form.body.contains("/dismiss?"),
        "the card does not link to itself"
    );
    let fp = part(&form.body, "name=\"fingerprint\" value=\"", "\">")
        ["name=\"fingerprint\" value=\"".len()..]
        .to_string();
    let done = owner
        .post(
            &format!("{action_url}/dismiss"),
            &[
                ("code", "no_lead"),
                ("fingerprint", &fp),
                ("reason", "Named in the area's introduction"),
                ("from", "action"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(
        done.location(),
        format!("{action_url}?done=dismissed#findings")
    );
    let back = owner.get(&format!("{action_url}?done=dismissed")).await;
    let text = unescape(&back.body);
    assert!(text.contains("The finding has been dismissed."));
    assert!(text.contains("The plan checks found nothing to say about this action."));
    assert!(text.contains("1 finding on this action has been dismissed"));
}
