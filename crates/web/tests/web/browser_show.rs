//! Real-browser checks of the pages that show what a plan holds: the overview with the
//! council and inspection record and the plan's own words, an area page, the council and
//! inspection form (and its errors), and the import's things to check, one marked done.
//! axe-core on each, at 1280 and at 375 pixels wide; see `browser.rs` for the machinery.

use crate::areas::phased_plan;
use crate::browser::{App, Driver, ONE_BROWSER};
use crate::support;
use assure_domain::import_report::ReportItem;
use assure_domain::model::Actor;

/// A phone's width, in CSS pixels.
const PHONE: (u32, u32) = (375, 812);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Chromium and chromedriver (scripts/install-test-deps); scripts/test runs it when they are installed"]
async fn the_pages_that_show_a_plan_pass_axe() {
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = App::start().await;
    let council = &app.council;
    // Our fictional plan in phases, created as an import would, with things to check.
    let report = vec![
        ReportItem {
            concern: "No lead".into(),
            place: "PHASE 2 July 2026-March 2027, action 2.1".into(),
            text: "Audit twenty plans a month against the standard".into(),
            advice: "Name who leads the action.".into(),
        },
        ReportItem {
            concern: "Date to be confirmed".into(),
            place: "PHASE 1 April-June 2026, action 1.1".into(),
            text: "TBC".into(),
            advice: "Set a date when it is known.".into(),
        },
    ];
    let id = app
        .state
        .store
        .create_imported_plan(
            council.org.id,
            &phased_plan(),
            &report,
            &Actor::system("test"),
        )
        .await
        .expect("plan");
    app.state
        .store
        .set_plan_role(
            id,
            council.owner.id,
            assure_domain::PlanRole::Owner,
            &Actor::system("test"),
        )
        .await
        .expect("owner");
    let plan = app.state.store.plan(id).await.expect("plan");

    let mut b = driver.session(true).await;
    b.sign_in(
        &app,
        &council.owner.email,
        support::PASSWORD,
        "show-sign-in",
    )
    .await;
    b.wait_for("//button[normalize-space()='Sign out']").await;

    // The council and inspection form: an impossible date is refused, then saved.
    b.goto(&app, &format!("/plans/{id}"), "show-overview-before")
        .await;
    b.click_link("Change the council and inspection record")
        .await;
    b.wait_for_heading("Council and inspection").await;
    b.page("show-inspection-form").await;
    b.fill("kind", "Inspection of local authority children’s services")
        .await;
    b.fill("framework", "ILACS").await;
    b.fill("dates", "2 to 13 March 2026").await;
    b.fill("published", "31 February 2026").await;
    b.fill(
        "judgements",
        "Overall effectiveness: Requires improvement to be good",
    )
    .await;
    b.click_button("Save changes").await;
    b.wait_for("//*[contains(@class,'govuk-error-summary')]//a[@href='#published']")
        .await;
    b.page("show-inspection-error").await;
    b.fill("published", "20 April 2026").await;
    b.click_button("Save changes").await;
    b.wait_for_heading(&plan.title).await;
    assert_eq!(
        b.banner().await.as_deref(),
        Some("The council and inspection record has been saved.")
    );
    b.wait_for("//dd[normalize-space()='20 April 2026']").await;
    b.page("show-overview").await;

    // An area page, reached from the overview by its name with its phase.
    let name = "PHASE 1 April-June 2026: Quality of assessments and plans";
    b.click_link(name).await;
    b.wait_for_heading(name).await;
    b.wait_for("//h3[normalize-space()='Measured by']").await;
    b.page("show-area").await;
    // The area with no actions says so.
    b.goto(
        &app,
        &format!("/plans/{id}/areas/{}", plan.areas[0].id),
        "show-area-empty",
    )
    .await;
    b.wait_for("//p[normalize-space()='No actions in this area.']")
        .await;

    // The things to check, from the overview; one marked done.
    b.goto(&app, &format!("/plans/{id}"), "show-overview-again")
        .await;
    b.click_link("Things to check from the import: 2 of 2 still to do")
        .await;
    b.wait_for_heading("Things to check").await;
    b.page("show-checks").await;
    b.click_button("Mark done: No lead, PHASE 2 July 2026-March 2027, action 2.1")
        .await;
    b.wait_for("//h2[normalize-space()='Done (1)']").await;
    b.page("show-checks-one-done").await;
    let kept = app.state.store.import_report(id).await.expect("report");
    assert!(kept[0].done.is_some() && kept[1].done.is_none());

    // The same pages on a phone.
    b.client
        .set_window_size(PHONE.0, PHONE.1)
        .await
        .expect("phone width");
    for (path, shot) in [
        (format!("/plans/{id}"), "show-phone-overview"),
        (
            format!("/plans/{id}/areas/{}", plan.areas[1].id),
            "show-phone-area",
        ),
        (format!("/plans/{id}/inspection"), "show-phone-inspection"),
        (format!("/plans/{id}/import-report"), "show-phone-checks"),
    ] {
        b.goto(&app, &path, shot).await;
    }
    b.finish().await;
}

/// The five real plans of `../shared/fixtures`, imported as the import page does (their
/// things to check kept): the overview, every area page, the council and inspection form
/// and the things to check of each, with axe on every page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Chromium and chromedriver, and ../shared/fixtures; scripts/test runs it when they are there"]
async fn the_five_real_plans_pages_pass_axe() {
    let Some(dir) = assure_test_support::fixtures_dir() else {
        return;
    };
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = App::start().await;
    let council = &app.council;
    let mut b = driver.session(true).await;
    b.sign_in(
        &app,
        &council.admin.email,
        support::PASSWORD,
        "real-sign-in",
    )
    .await;
    b.wait_for("//button[normalize-space()='Sign out']").await;
    for name in [
        "plan-000.docx",
        "plan-001.docx",
        "plan-002.docx",
        "plan-003.docx",
        "plan-004.xlsx",
    ] {
        let bytes = std::fs::read(dir.join(name)).expect("fixture");
        let outcome =
            assure_import::import_bytes(name, &bytes, &Default::default()).expect("imports");
        let report = assure_domain::import_report::bounded(outcome.report.to_keep());
        let id = app
            .state
            .store
            .create_imported_plan(
                council.org.id,
                &outcome.document,
                &report,
                &Actor::user(&council.admin),
            )
            .await
            .expect("plan");
        let plan = app.state.store.plan(id).await.expect("plan");
        let stem = name.split('.').next().unwrap_or(name);
        b.goto(
            &app,
            &format!("/plans/{id}"),
            &format!("real-{stem}-overview"),
        )
        .await;
        for (i, area) in plan.areas.iter().enumerate() {
            b.goto(
                &app,
                &format!("/plans/{id}/areas/{}", area.id),
                &format!("real-{stem}-area-{}", i + 1),
            )
            .await;
        }
        b.goto(
            &app,
            &format!("/plans/{id}/inspection"),
            &format!("real-{stem}-inspection"),
        )
        .await;
        b.goto(
            &app,
            &format!("/plans/{id}/import-report"),
            &format!("real-{stem}-checks"),
        )
        .await;
    }
    b.finish().await;
}
