//! The import preview's reading corrected in a real browser (see `browser`'s module
//! documentation): a plan read wrongly by default, two columns and a row corrected with
//! the preview's selects, read again and created with the corrections saved as a layout;
//! next month's version read with that layout at once, with no corrections; the layout
//! listed and deleted. axe-core on every page.

use super::*;

/// "Target" holds each measure's target, not a date, and "Owner" is read right; row 3
/// is a note. Read as it is, the plan has a timescale column it does not have and an
/// action that is not one.
const KPI: &str = "Ref,Action,Owner,Target,Comments\r\n\
1,Cut re-referrals,HoS,18% by March,Green\r\n\
2,Note: figures are provisional until the year end,,,\r\n\
3,Raise visits on time,TM,95% by June,Amber\r\n";

/// Next month's version of the same tracker: the same header, statuses moved on.
const KPI_NEXT: &str = "Ref,Action,Owner,Target,Comments\r\n\
1,Cut re-referrals,HoS,17% by March,Amber\r\n\
2,Note: figures are provisional until the year end,,,\r\n\
3,Raise visits on time,TM,95% by June,Green\r\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Chromium and chromedriver (scripts/install-test-deps); scripts/test runs it when they are installed"]
async fn a_misread_plan_is_corrected_in_the_preview() {
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = App::start().await;
    let mut b = driver.session(true).await;
    let dir = tempfile::tempdir().expect("a folder for the plan");
    let csv = dir.path().join("kpi-tracker.csv");
    std::fs::write(&csv, KPI).expect("write the plan");
    let admin = app.council.admin.clone();
    sign_in_to_home(&mut b, &app, &admin.email, "admin").await;
    b.client
        .goto(&app.url("/plans/import"))
        .await
        .expect("navigate");
    b.wait_for_heading("Import a plan").await;
    b.client
        .find(Locator::Css("input[type=file]#file"))
        .await
        .expect("the file input")
        .send_keys(&csv.display().to_string())
        .await
        .expect("choose the .csv");
    b.click_button("Read the plan").await;
    b.wait_for_heading("Check the plan before you create it")
        .await;
    b.page("reading-before").await;
    assert_eq!(b.text("#action-count").await, "3");

    // Column 4 is the measure, column 5 the status; row 3 is guidance.
    for (id, value) in [
        ("col-1-4", "measure"),
        ("col-1-5", "status"),
        ("row-1-3", "guidance"),
    ] {
        b.client
            .find(Locator::Id(id))
            .await
            .unwrap_or_else(|_| panic!("the {id} select"))
            .select_by_value(value)
            .await
            .unwrap_or_else(|_| panic!("choose {value} for {id}"));
    }
    b.click_button("Read the plan again").await;
    b.wait_for_heading("Check the plan before you create it")
        .await;
    b.page("reading-corrected").await;
    assert_eq!(b.text("#action-count").await, "2", "the note is no action");
    b.wait_for("//main//td[normalize-space()='Cut re-referrals']")
        .await;
    b.wait_for("//main//td[normalize-space()='Green']").await;
    b.wait_for("//select[@id='col-1-4']/option[@value='measure' and @selected]")
        .await;
    // Keep the corrections as a layout (offered ticked, named after the file).
    assert_eq!(
        b.client
            .find(Locator::Id("layout_name"))
            .await
            .expect("the layout's name")
            .prop("value")
            .await
            .expect("its value")
            .as_deref(),
        Some("kpi-tracker")
    );
    b.fill("layout_name", "KPI tracker").await;
    b.click_button("Create plan").await;
    b.wait_for_heading("kpi-tracker").await;
    b.page("reading-created").await;

    // Next month's version: read with the saved layout at once, no corrections.
    let next = dir.path().join("kpi-tracker-november.csv");
    std::fs::write(&next, KPI_NEXT).expect("write next month's plan");
    b.goto(&app, "/plans/import", "layout-import-next").await;
    b.client
        .find(Locator::Css("input[type=file]#file"))
        .await
        .expect("the file input")
        .send_keys(&next.display().to_string())
        .await
        .expect("choose next month's .csv");
    b.click_button("Read the plan").await;
    b.wait_for_heading("Check the plan before you create it")
        .await;
    b.page("layout-applied").await;
    b.wait_for("//*[@id='layout-notice']//p[normalize-space()='Read with your saved layout “KPI tracker”.']")
        .await;
    assert_eq!(b.text("#action-count").await, "2", "the note is no action");
    b.wait_for("//main//td[normalize-space()='Amber']").await;
    b.wait_for("//select[@id='col-1-5']/option[@value='status' and @selected]")
        .await;
    assert!(
        b.client.find(Locator::Id("save_layout")).await.is_err(),
        "nothing to save: the layout was used as it is"
    );
    b.click_button("Create plan").await;
    b.wait_for_heading("kpi-tracker-november").await;
    b.page("layout-next-created").await;

    // The layout is listed, and deleted after a confirm.
    b.goto(&app, "/plans/import/layouts", "layouts").await;
    b.wait_for("//table[@id='layouts']//th[normalize-space()='KPI tracker']")
        .await;
    b.click_link("Delete KPI tracker").await;
    b.wait_for_heading("Delete the layout “KPI tracker”?").await;
    b.page("layout-delete").await;
    b.click_button("Yes, delete it").await;
    b.wait_for("//*[@id='no-layouts']").await;
    b.page("layouts-after-delete").await;
    b.finish().await;
}
