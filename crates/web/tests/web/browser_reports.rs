//! Issue 12 in a real browser: the Reports page passes axe, and its form, sent as the
//! browser builds it (the chosen period, audience and format), downloads each format.

use crate::browser::{App, Driver, ONE_BROWSER};
use crate::support;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Chromium and chromedriver (scripts/install-test-deps); scripts/test runs it when they are installed"]
async fn the_reports_page_passes_axe_and_downloads_every_format() {
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = App::start().await;
    let council = &app.council;
    let id = council.plan_id;
    let mut b = driver.session(true).await;
    b.sign_in(
        &app,
        &council.viewer.email,
        support::PASSWORD,
        "reports-sign-in",
    )
    .await;
    b.wait_for("//button[normalize-space()='Sign out']").await;
    b.goto(&app, &format!("/plans/{id}"), "reports-overview")
        .await;
    b.click_link("Board reports: PDF, Word, Excel and CSV")
        .await;
    b.wait_for_heading("Board reports").await;
    b.page("reports-page").await;
    // An error: no format chosen.
    b.click_button("Download the report").await;
    b.wait_for("//h2[normalize-space()='There is a problem']")
        .await;
    b.page("reports-error").await;
    for format in ["pdf", "docx", "xlsx", "csv"] {
        b.goto(&app, &format!("/plans/{id}/reports"), "reports-page-again")
            .await;
        b.choose("period", "October 2026").await;
        b.client
            .find(fantoccini::Locator::XPath(&format!(
                "//input[@name='format' and @value='{format}']"
            )))
            .await
            .expect("the format's radio")
            .click()
            .await
            .expect("choose the format");
        // The form as the browser would send it, fetched so the test can read the answer.
        let got = b
            .client
            .execute_async(
                "const done = arguments[0];
                 const form = document.querySelector('form[action$=\"/reports/download\"]');
                 const q = new URLSearchParams(new FormData(form)).toString();
                 fetch(form.action + '?' + q).then(async r => {
                   const bytes = new Uint8Array(await r.arrayBuffer());
                   done([r.status, r.headers.get('content-disposition') || '', Array.from(bytes.slice(0, 4)), q]);
                 });",
                vec![],
            )
            .await
            .expect("fetch the report");
        let got = got.as_array().expect("an array").clone();
        assert_eq!(got[0], 200, "{format}: {got:?}");
        let disposition = got[1].as_str().unwrap_or("");
        assert!(
            disposition.ends_with(&format!("-2026-10-board.{format}\"")),
            "{format}: {disposition}"
        );
        let magic: Vec<u64> = got[2]
            .as_array()
            .expect("bytes")
            .iter()
            .filter_map(serde_json::Value::as_u64)
            .collect();
        let expected: &[u64] = match format {
            "pdf" => &[0x25, 0x50, 0x44, 0x46],
            "csv" => &[0xEF, 0xBB, 0xBF, u64::from(b'A')],
            _ => &[0x50, 0x4B, 0x03, 0x04],
        };
        assert_eq!(magic, expected, "{format}");
        assert!(got[3].as_str().unwrap_or("").contains("audience=board"));
    }
    b.finish().await;
}
