//! Measures in a real browser, with axe-core on every page and screenshots at 1280 and
//! 375 pixels: an owner adds a measure (first leaving its name empty), enters three
//! months of values in the grid, raises its target, and sees the chart, the table and the
//! linked action's two statuses — the one people report and the one the data gives.
//!
//! A child of `browser` (it uses that module's driver, app and browser helpers).

use super::{App, Driver, ONE_BROWSER, sign_in_to_home};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Chromium and chromedriver (scripts/install-test-deps); scripts/test runs it when they are installed"]
async fn a_measure_is_added_filled_and_its_target_raised_in_the_browser() {
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = App::start().await;
    let council = &app.council;
    let plan = council.plan_id;
    let mut b = driver.session(true).await;
    sign_in_to_home(&mut b, &app, &council.owner.email, "measures-owner").await;

    // 1. From the overview to the measures, whose list shows the demo's eight.
    b.goto(&app, &format!("/plans/{plan}"), "measures-overview")
        .await;
    b.click_link("All measures").await;
    b.wait_for("//h1[normalize-space()='Measures']").await;
    assert_eq!(b.all("//*[@id='measure-list']/li").await.len(), 8);
    b.page("measures-list").await;

    // 2. Adding one: an empty name is refused, then it is added linked to action 1.5.
    b.click_link("Add a measure").await;
    b.wait_for_heading("Add a measure").await;
    b.page("measure-add").await;
    b.fill("target", "85").await;
    b.click_button("Add the measure").await;
    b.wait_for("//*[contains(@class,'govuk-error-summary')]//a[@href='#name']")
        .await;
    b.page("measure-add-error").await;
    b.fill("name", "Visits within timescale").await;
    b.fill("target", "85").await;
    b.fill("target_from", "September 2026").await;
    b.fill("links", "1.5").await;
    b.click_button("Add the measure").await;
    b.wait_for("//h1[normalize-space()='Visits within timescale']")
        .await;
    assert_eq!(b.banner().await.as_deref(), Some("Measure added"));

    // 3. Three months in the grid (October read as typed with its % sign).
    b.click_link("Enter values").await;
    b.wait_for_heading("Enter values").await;
    b.page("measure-values").await;
    let visits = b
        .all("//th[.//a[normalize-space()='Visits within timescale']]/following-sibling::td//input[@type='text' and starts-with(@name,'v.')]")
        .await;
    assert_eq!(visits.len(), 6, "six months in the grid");
    for (input, value) in visits[3..].iter().zip(["80", "83.5%", "86"]) {
        input.send_keys(value).await.expect("typed");
    }
    b.click_button("Save values").await;
    b.wait_for("//*[contains(@class,'govuk-notification-banner')]")
        .await;
    assert_eq!(b.banner().await.as_deref(), Some("Values saved"));

    // 4. Its page: the chart and table, then a raised target from November.
    b.goto(
        &app,
        &format!("/plans/{plan}/measures"),
        "measures-list-after",
    )
    .await;
    b.click_link("Visits within timescale").await;
    b.wait_for("//h1[normalize-space()='Visits within timescale']")
        .await;
    assert_eq!(
        b.all("//*[name()='svg' and contains(@class,'app-measure-chart')]")
            .await
            .len(),
        1
    );
    b.fill("target", "90").await;
    b.fill("target_from", "November 2026").await;
    b.fill("reason", "Agreed at DLT").await;
    b.click_button("Save the target").await;
    b.wait_for("//*[@id='target-changes']").await;
    assert_eq!(b.banner().await.as_deref(), Some("Target saved"));
    assert_eq!(
        b.all("//*[@id='target-changes']/li[contains(normalize-space(),'Target raised from 85% to 90% from 1 November 2026: Agreed at DLT')]")
            .await
            .len(),
        1
    );
    b.page("measure-page").await;

    // 5. The action it is meant to move shows both statuses.
    b.click_link("Action 1.5").await;
    b.wait_for("//*[@id='action-measures']").await;
    assert_eq!(
        b.all("//*[@id='action-measures']//a[normalize-space()='Visits within timescale']")
            .await
            .len(),
        1
    );
    b.page("measure-on-action").await;
    b.finish().await;
}
