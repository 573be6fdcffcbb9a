//! The second pass's pages in a real browser, with axe-core on each, at 1280 and 375
//! pixels wide: where you are signed in, your name, how often you are emailed, the people page with its account
//! buttons and a password link, a plan's history, removing evidence, and signing off a
//! parent whose sub-actions are open, and a lead's updates on one form.
//!
//! A child of `browser` (it uses that module's driver, app and browser helpers), in a
//! file of its own so that neither grows past 800 lines.

use super::{App, Driver, ONE_BROWSER, sign_in_to_home};
use assure_domain::model::Actor;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Chromium and chromedriver (scripts/install-test-deps); scripts/test runs it when they are installed"]
async fn accounts_history_evidence_removal_and_sign_off_pages() {
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = App::start().await;
    let plan = app.council.plan_id;
    let state = &app.state;
    // 2.1 has sub-actions; the owner proposes it with a piece of evidence the admin added.
    let parent = crate::support::action_by_ref(state, plan, "2.1").await;
    let admin_actor = Actor::user(&app.council.admin);
    let evidence = state
        .store
        .add_evidence(
            parent.id,
            assure_store::NewEvidence::link("Audit summary", "https://intranet.example/a"),
            &admin_actor,
        )
        .await
        .unwrap();
    state
        .store
        .add_evidence(
            parent.id,
            assure_store::NewEvidence::link("Panel minutes", "https://intranet.example/m"),
            &Actor::user(&app.council.owner),
        )
        .await
        .unwrap();
    let v = crate::support::action_by_ref(state, plan, "2.1")
        .await
        .version;
    state
        .store
        .propose_complete(parent.id, v, None, &Actor::user(&app.council.owner))
        .await
        .unwrap();

    // The phone first: the wide pass signs the action off.
    for (width, height, tag) in [(375, 812, "phone"), (1280, 900, "wide")] {
        let mut b = driver.session(true).await;
        b.client
            .set_window_size(width, height)
            .await
            .expect("window size");
        let admin = app.council.admin.clone();
        sign_in_to_home(&mut b, &app, &admin.email, &format!("account-{tag}-home")).await;

        b.goto(
            &app,
            "/account/sessions",
            &format!("account-{tag}-sessions"),
        )
        .await;
        assert!(b.text("main").await.contains("This one"));
        b.goto(&app, "/account/name", &format!("account-{tag}-name"))
            .await;
        // How often Assure emails: a radio, saved without JavaScript's help.
        b.goto(&app, "/account/email", &format!("account-{tag}-email"))
            .await;
        b.client
            .find(fantoccini::Locator::Id("frequency-2"))
            .await
            .expect("the daily choice")
            .click()
            .await
            .expect("choose daily");
        b.click_button("Save").await;
        b.wait_for("//*[contains(@class,'govuk-notification-banner')]")
            .await;
        assert_eq!(
            app.state.store.email_frequency(admin.id).await.unwrap(),
            assure_domain::reminders::Frequency::Daily
        );
        b.page(&format!("account-{tag}-email-saved")).await;
        b.goto(&app, "/people", &format!("account-{tag}-people"))
            .await;
        let viewer = app.council.viewer.name.clone();
        b.click_button(&format!("Password link for {viewer}")).await;
        b.wait_for_heading(&format!("A password link for {viewer}"))
            .await;
        b.page(&format!("account-{tag}-password-link")).await;

        b.goto(
            &app,
            &format!("/plans/{plan}/history"),
            &format!("account-{tag}-history"),
        )
        .await;
        b.goto(
            &app,
            &format!(
                "/plans/{plan}/actions/{}/evidence/{}/remove",
                parent.id, evidence.id
            ),
            &format!("account-{tag}-remove-evidence"),
        )
        .await;
        b.goto(
            &app,
            &format!("/plans/{plan}/actions/{}/sign-off", parent.id),
            &format!("account-{tag}-sign-off"),
        )
        .await;
        assert!(b.text("main").await.contains("Sub-actions still open"));
        // Signing off without confirming is refused with the reason, then with it done.
        if tag == "wide" {
            b.click_button("Sign off").await;
            b.wait_for("//*[contains(@class,'govuk-error-summary')]")
                .await;
            b.page("account-wide-sign-off-unconfirmed").await;
            b.client
                .find(fantoccini::Locator::Id("confirm_open"))
                .await
                .expect("the confirmation")
                .click()
                .await
                .expect("tick it");
            b.fill("note", "Audit summary seen at the March board")
                .await;
            b.click_button("Sign off").await;
            b.wait_for("//*[contains(@class,'govuk-notification-banner__heading')]")
                .await;
            assert_eq!(
                b.banner().await.as_deref(),
                Some("The action has been signed off.")
            );
            assert!(
                b.text("main")
                    .await
                    .contains("Audit summary seen at the March board")
            );
            b.page("account-wide-signed-off").await;
        }
        b.finish().await;
    }

    // A lead's month on one form.
    let mut b = driver.session(true).await;
    let lead = app.council.lead.clone();
    sign_in_to_home(&mut b, &app, &lead.email, "account-lead-home").await;
    b.click_link("Update all my actions on one page").await;
    b.wait_for_heading("Update my actions").await;
    b.page("account-lead-my-updates").await;
    let a = crate::support::action_by_ref(state, plan, "2.3").await;
    b.fill(
        &format!("text-{}", a.id),
        "Audit of strategy meetings booked for December",
    )
    .await;
    b.click_button("Save my updates").await;
    b.wait_for("//*[contains(@class,'govuk-notification-banner__heading')]")
        .await;
    assert_eq!(b.banner().await.as_deref(), Some("1 update saved."));
    b.page("account-lead-my-updates-saved").await;
    b.goto(&app, "/search?q=strategy+audit", "account-lead-search")
        .await;
    assert!(b.text("#found").await.contains("match"));
    b.finish().await;
}
