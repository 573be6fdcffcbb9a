//! The glossary and attached plans in a real browser, with axe-core and a screenshot of
//! each page at 1280 and at 375 pixels wide: an owner follows a "Lead not in the
//! glossary" finding to the glossary's form (first leaving it empty), adds the lead and
//! is back on the Checks page with the finding gone; changes an entry and opens the
//! removal; sees the person the glossary suggests on the leads form and saves it; and
//! attaches a monitoring visit's plan to the improvement plan, whose overview then lists it.
//!
//! A child of `browser` (it uses that module's driver, app and browser helpers).

use super::{App, Driver, ONE_BROWSER, sign_in_to_home, xpath_literal};
use assure_domain::PlanRole;
use assure_domain::model::{Actor, OrgRole};

/// A phone's width, in CSS pixels.
const PHONE: (u32, u32) = (375, 812);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Chromium and chromedriver (scripts/install-test-deps); scripts/test runs it when they are installed"]
async fn the_glossary_and_attached_plans_in_the_browser() {
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = App::start().await;
    let council = &app.council;
    let sys = Actor::system("test");
    let plan = council.plan_id;
    // Action 2.3 led in initials the demo's glossary lacks; Kerry Moss, whom the glossary
    // names for "KM", has an account; a monitoring visit's plan the owner also owns.
    let a = crate::support::action_by_ref(&app.state, plan, "2.3").await;
    app.state
        .store
        .edit_action(a.id, a.version, &a.fields(), vec!["JB".into()], &sys)
        .await
        .expect("lead JB");
    app.state
        .store
        .create_user(
            assure_store::NewUser {
                org_id: council.org.id,
                email: "kerry@northbridge.example".into(),
                name: "Kerry Moss".into(),
                role: OrgRole::Member,
                password_hash: None,
            },
            &sys,
        )
        .await
        .expect("Kerry");
    let mut visit = assure_test_support::demo_plan();
    visit.title = "Monitoring visit plan, March 2027".into();
    let child = app
        .state
        .store
        .create_plan(council.org.id, &visit, &sys)
        .await
        .expect("visit plan");
    app.state
        .store
        .set_plan_role(child, council.owner.id, PlanRole::Owner, &sys)
        .await
        .expect("owner");

    let mut b = driver.session(true).await;
    sign_in_to_home(&mut b, &app, &council.owner.email, "glossary-owner").await;

    // 1. The finding, its link to the glossary's form, an empty abbreviation refused.
    b.goto(
        &app,
        &format!("/plans/{plan}/checks?code=lead_not_in_glossary"),
        "glossary-finding",
    )
    .await;
    b.click_link_starting("Add “JB” to the glossary").await;
    b.wait_for_heading("Add an abbreviation").await;
    b.page("glossary-add").await;
    b.fill("abbreviation", "").await;
    b.click_button("Add to the glossary").await;
    b.wait_for("//*[contains(@class,'govuk-error-summary')]//a[@href='#abbreviation']")
        .await;
    b.page("glossary-add-error").await;
    b.fill("abbreviation", "JB").await;
    b.fill("title", "Head of Quality and Practice").await;
    b.fill("name", "Jo Bell").await;
    b.click_button("Add to the glossary").await;
    b.wait_for_heading("Checks").await;
    assert_eq!(
        b.banner().await.as_deref(),
        Some("The abbreviation has been added to the glossary.")
    );
    assert!(
        b.all("//main//*[contains(normalize-space(), 'The lead “JB” is not in')]")
            .await
            .is_empty(),
        "the finding is resolved in place"
    );
    b.page("glossary-finding-resolved").await;

    // 2. The glossary from the overview; an entry changed, and its removal opened.
    b.goto(&app, &format!("/plans/{plan}"), "glossary-overview")
        .await;
    b.click_link_starting("Glossary:").await;
    b.wait_for_heading("Glossary").await;
    b.page("glossary-page").await;
    b.click_link("Change JB").await;
    b.wait_for_heading("Change “JB”").await;
    b.page("glossary-change").await;
    b.fill("title", "Head of Quality").await;
    b.click_button("Save changes").await;
    b.wait_for_heading("Glossary").await;
    assert_eq!(
        b.banner().await.as_deref(),
        Some("The glossary entry has been saved.")
    );
    b.click_link("Remove JB").await;
    b.wait_for_heading("Remove “JB” from the glossary?").await;
    b.page("glossary-remove").await;
    b.click_link("Cancel").await;
    b.wait_for_heading("Glossary").await;

    // 3. Every lead on one form; the glossary's suggestion chosen already.
    b.goto(&app, &format!("/plans/{plan}/members"), "glossary-members")
        .await;
    b.wait_for(&format!(
        "//div[dt/label[normalize-space()='KM']]//option[@selected and normalize-space()={}]",
        xpath_literal("Kerry Moss (named in the glossary)")
    ))
    .await;
    b.click_button("Save links").await;
    b.wait_for("//p[normalize-space()='The leads were linked to the people chosen.']")
        .await;
    b.page("glossary-members-saved").await;

    // 4. The visit plan attached to the improvement plan from its settings.
    b.goto(&app, &format!("/plans/{child}/settings"), "attach-settings")
        .await;
    b.choose("parent", &app.state.store.plan(plan).await.unwrap().title)
        .await;
    b.client
        .find(fantoccini::Locator::XPath(
            "//form[@action and contains(@action,'/parent')]//button",
        ))
        .await
        .expect("the attach form's button")
        .click()
        .await
        .expect("save");
    b.wait_for("//p[normalize-space()='Which plan this one is part of was saved.']")
        .await;
    b.page("attach-saved").await;
    b.goto(&app, &format!("/plans/{plan}"), "attach-parent-overview")
        .await;
    b.wait_for(
        "//ul[@id='attached-plans']//a[normalize-space()='Monitoring visit plan, March 2027']",
    )
    .await;
    b.goto(&app, &format!("/plans/{child}"), "attach-child-overview")
        .await;
    b.wait_for("//div[@id='part-of']//a").await;

    // 5. The same pages on a phone.
    b.client
        .set_window_size(PHONE.0, PHONE.1)
        .await
        .expect("phone width");
    for (path, shot) in [
        (format!("/plans/{plan}/glossary"), "phone-glossary"),
        (
            format!("/plans/{plan}/glossary/new?abbreviation=QA"),
            "phone-glossary-add",
        ),
        (format!("/plans/{plan}/members"), "phone-members"),
        (format!("/plans/{plan}"), "phone-parent-overview"),
        (format!("/plans/{child}"), "phone-child-overview"),
        (format!("/plans/{child}/settings"), "phone-attach-settings"),
    ] {
        b.goto(&app, &path, shot).await;
    }
    b.finish().await;
}
