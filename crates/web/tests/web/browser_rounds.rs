//! The update round in a real browser, with axe-core on every page: the owner follows the
//! overview's link to the round page, chases the lead who has not updated everything,
//! sends the review meeting form with an impossible date (the error page is checked too),
//! then adds the meeting and sees the deadline move; the table with its period columns,
//! and the action page's status by period.
//!
//! A child of `browser` (it uses that module's driver, app and browser helpers), in a
//! file of its own so that neither grows past 800 lines.

use super::{App, Driver, ONE_BROWSER, sign_in_to_home};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Chromium and chromedriver (scripts/install-test-deps); scripts/test runs it when they are installed"]
async fn the_owner_runs_the_round() {
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = App::start().await;
    let mut b = driver.session(true).await;
    let plan = app.council.plan_id;
    let owner = app.council.owner.clone();

    // 1. From the overview to the round page.
    sign_in_to_home(&mut b, &app, &owner.email, "round-owner").await;
    b.goto(&app, &format!("/plans/{plan}"), "round-overview")
        .await;
    b.click_link("Update round: who has updated this period, and chasing those who have not")
        .await;
    b.wait_for_heading("Update round: November 2026 update")
        .await;
    b.page("round-page").await;
    assert!(
        b.text("#deadline")
            .await
            .contains("Monday 30 November 2026")
    );

    // 2. Chase the lead.
    b.click_button("Chase Lee Lead (HoS CP)").await;
    // The page before it has the same heading: wait for the banner the chase brings.
    b.wait_for("//*[contains(@class,'govuk-notification-banner')]")
        .await;
    assert_eq!(
        b.banner().await.as_deref(),
        Some("Lee Lead has been asked to update. They will see it on their home page.")
    );
    b.page("round-chased").await;

    // 3. The review meeting: an impossible date is refused, then a real one moves the
    // deadline to five working days before it.
    b.fill("meeting-day", "31").await;
    b.fill("meeting-month", "2").await;
    b.fill("meeting-year", "2026").await;
    b.click_button("Add the review meeting").await;
    b.wait_for("//*[contains(@class,'govuk-error-summary')]")
        .await;
    assert!(b.client.title().await.unwrap().starts_with("Error: "));
    b.page("round-meeting-error").await;
    b.fill("meeting-day", "24").await;
    b.fill("meeting-month", "11").await;
    b.fill("meeting-year", "2026").await;
    b.click_button("Add the review meeting").await;
    // The error page before it has the same heading: wait for the new deadline itself.
    b.wait_for("//p[@id='deadline'][contains(., 'Tuesday 17 November 2026')]")
        .await;
    assert!(!b.client.title().await.unwrap().starts_with("Error: "));
    assert!(
        b.text("#deadline")
            .await
            .contains("Tuesday 17 November 2026")
    );
    b.page("round-meeting").await;

    // 4. The plan table with three past periods as columns, and an action's history.
    b.goto(
        &app,
        &format!("/plans/{plan}/actions?periods=3"),
        "round-table-columns",
    )
    .await;
    assert!(b.text("main").await.contains("October 2026"));
    let a = crate::support::action_by_ref(&app.state, plan, "2.4").await;
    b.goto(
        &app,
        &format!("/plans/{plan}/actions/{}", a.id),
        "round-action-history",
    )
    .await;
    assert!(b.text("#status-history + div").await.contains("(so far)"));
    b.sign_out().await;
    b.finish().await;
}
