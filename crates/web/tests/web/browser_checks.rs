//! The plan checks in a real browser, with axe-core on every page: the owner follows the
//! overview's count to the Checks page, dismisses a finding (first without a reason, which
//! is refused, then with one), sees it listed as dismissed, and finds the marker on the
//! plan table's rows, which leads to the action's findings.
//!
//! A child of `browser` (it uses that module's driver, app and browser helpers), in a
//! file of its own so that neither grows past 800 lines.

use super::{App, Driver, ONE_BROWSER, sign_in_to_home, xpath_literal};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Chromium and chromedriver (scripts/install-test-deps); scripts/test runs it when they are installed"]
async fn checks_dismissing_and_the_table_marker() {
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = App::start().await;
    let mut b = driver.session(true).await;
    let plan = app.council.plan_id;
    let owner = app.council.owner.clone();

    // 1. The overview counts the findings and links to the Checks page.
    sign_in_to_home(&mut b, &app, &owner.email, "checks-owner").await;
    b.goto(&app, &format!("/plans/{plan}"), "checks-overview")
        .await;
    // Seven from the plan's words and dates, one from its data (5.3 against its measure).
    b.click_link("8 findings from the plan checks").await;
    b.wait_for_heading("Checks").await;
    assert_eq!(b.path().await, format!("/plans/{plan}/checks"));
    b.page("checks-page").await;
    assert!(
        b.text("#checks-summary").await.contains("8 findings"),
        "the summary counts them"
    );

    // 2. Dismissing 4.6's "No lead": a reason is needed.
    b.click_link("Dismiss the finding “No lead” on Action 4.6")
        .await;
    b.wait_for_heading("Dismiss a finding").await;
    b.page("checks-dismiss").await;
    b.click_button("Dismiss the finding").await;
    b.wait_for("//*[contains(@class,'govuk-error-summary')]")
        .await;
    assert!(b.client.title().await.unwrap().starts_with("Error: "));
    b.page("checks-dismiss-no-reason").await;
    let reason = "The lead is named in the area's introduction: the Head of Service for Quality";
    b.fill("reason", reason).await;
    b.click_button("Dismiss the finding").await;
    b.wait_for_heading("Checks").await;
    assert_eq!(
        b.banner().await.as_deref(),
        Some("The finding has been dismissed.")
    );
    let dismissed = b.text("#dismissed-table").await;
    assert!(dismissed.contains(reason), "{dismissed}");
    assert!(dismissed.contains("Olu Owner"), "{dismissed}");
    assert!(
        b.text("#checks-summary")
            .await
            .contains("7 findings, and 1 dismissed")
    );
    b.page("checks-dismissed").await;

    // 3. The plan table marks the rows with findings, in words; 4.6's is gone.
    b.goto(&app, &format!("/plans/{plan}/actions"), "checks-table")
        .await;
    let marker = |r: &str| {
        format!(
            "//main//a[contains(@class,'app-finding-marker') and contains(normalize-space(), {})]",
            xpath_literal(&format!("on Action {r}"))
        )
    };
    assert!(
        b.all(&marker("4.6")).await.is_empty(),
        "dismissed: no marker"
    );
    let m = b.wait_for(&marker("3.4")).await;
    assert!(m.text().await.unwrap().trim().starts_with("1 finding"));
    m.click().await.expect("follow the marker");
    b.wait_for("//h2[@id='findings']").await;
    assert!(
        b.text("#findings ~ .govuk-summary-card")
            .await
            .contains("Due by 31 October 2026")
    );
    b.page("checks-action").await;
    b.sign_out().await;
    b.finish().await;
}
