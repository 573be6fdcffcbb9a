//! The journey in a real browser (see `browser`'s module documentation).
//!
//! A child of `browser` (it uses that module's driver, app and browser helpers), in a
//! file of its own so that neither grows past 800 lines.

use super::*;

/// The journey, as people would do it, in headless Chromium with axe-core on every
/// page: the admin imports the Word plan, sets its statuses and gives the lead their
/// action; the lead writes an update with a status, adds a link and a file as evidence
/// and proposes the action complete; the admin (not the proposer) signs it off; the
/// overview counts one more action complete.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Chromium and chromedriver (scripts/install-test-deps); scripts/test runs it when they are installed"]
async fn journey() {
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = Driver::start() else {
        return;
    };
    let started = Instant::now();
    let app = App::start().await;
    let mut b = driver.session(true).await;
    let docx = workspace()
        .join("crates/import/tests/fixtures/what-who-how-when.docx")
        .canonicalize()
        .expect("the .docx fixture");
    let uploads = tempfile::tempdir().expect("a folder for the evidence file");
    let pdf = uploads.path().join("plan-template-audit.pdf");
    std::fs::write(
        &pdf,
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
    )
    .expect("write the evidence file");
    let admin = app.council.admin.clone();
    let lead = app.council.lead.clone();

    // 1. The admin signs in, opens Plans and imports the Word plan.
    sign_in_to_home(&mut b, &app, &admin.email, "admin").await;
    b.click_nav("Plans").await;
    b.wait_for_heading("Improvement plans").await;
    b.page("plans").await;
    let import_button = b
        .all("//main//*[(self::a or self::button) and normalize-space()='Import a plan']")
        .await;
    match import_button.first() {
        Some(button) => button.click().await.expect("click Import a plan"),
        None => {
            println!("no \"Import a plan\" button on /plans yet: typing the address");
            b.client
                .goto(&app.url("/plans/import"))
                .await
                .expect("navigate");
        }
    }
    b.wait_for_heading("Import a plan").await;
    b.page("import").await;
    b.client
        .find(Locator::Css("input[type=file]#file"))
        .await
        .expect("the file input")
        .send_keys(&docx.display().to_string())
        .await
        .expect("choose the .docx");
    b.click_button("Read the plan").await;
    b.wait_for_heading("Check the plan before you create it")
        .await;
    b.page("import-preview").await;
    assert_eq!(b.text("#plan-title").await, IMPORTED_TITLE);
    assert_eq!(b.text("#area-count").await, "2");
    assert_eq!(b.text("#action-count").await, "5");
    let checks = b.text("main h2").await;
    assert!(
        checks.starts_with("Things to check ("),
        "the import report's heading: {checks:?}"
    );
    println!("import report: {checks}");
    b.wait_for("//main//td[contains(normalize-space(), 'The plan has no status key')]")
        .await;
    b.wait_for(&format!(
        "//main//table//td[normalize-space()={}]",
        xpath_literal(ACTION)
    ))
    .await;
    b.click_button("Create plan").await;
    b.wait_for_heading(IMPORTED_TITLE).await;
    let plan = b.path().await;
    assert!(
        plan.starts_with("/plans/") && plan != format!("/plans/{}", app.council.plan_id),
        "landed on the new plan, not {plan}"
    );
    b.page("imported-plan").await;

    // 2a. The plan was written without a status key: the preview said it would get the
    // usual BRAG key, and the plan settings show it, ready to change.
    b.click_link("Plan settings").await;
    b.wait_for_heading("Plan settings").await;
    b.page("settings").await;
    for (i, label) in ["Blue", "Red", "Amber", "Green"].into_iter().enumerate() {
        b.wait_for(&format!("//input[@id='label-{i}' and @value='{label}']"))
            .await;
    }

    // 2b. On the plan's people page the admin gives the lead the Lead role and links the
    // action's lead, as the plan writes it, to them.
    b.click_link("People and leads").await;
    b.wait_for_heading("People and leads").await;
    b.page("members").await;
    let lead_option = format!("{} ({})", lead.name, lead.email);
    b.choose("person", &lead_option).await;
    b.choose("role", "Lead").await;
    b.click_button("Give role").await;
    b.wait_for("//p[normalize-space()='The role was given.']")
        .await;
    b.page("members-role-given").await;
    b.wait_for(&format!(
        "//table//tr[td[normalize-space()={}] and td[normalize-space()='Lead']]",
        xpath_literal(&lead.email)
    ))
    .await;
    // Every lead is on one form: the action's lead's row is given the lead.
    b.wait_for(&format!(
        "//div[dt/label[normalize-space()={}]]//select",
        xpath_literal(ACTION_LEAD)
    ))
    .await
    .select_by(fantoccini::Locator::XPath(&format!(
        ".//option[normalize-space()={}]",
        xpath_literal(&lead_option)
    )))
    .await
    .expect("choose the lead's person");
    b.click_button("Save links").await;
    b.wait_for("//p[normalize-space()='The leads were linked to the people chosen.']")
        .await;
    b.page("members-lead-linked").await;
    b.wait_for(&format!(
        "//div[dt/label[normalize-space()={}]]//option[@selected and normalize-space()={}]",
        xpath_literal(ACTION_LEAD),
        xpath_literal(&lead_option)
    ))
    .await;

    // The overview before: how many actions are complete.
    b.click_link("Back to the plan").await;
    b.wait_for_heading(IMPORTED_TITLE).await;
    b.page("plan-before").await;
    let complete_before = b.status_count("complete").await;
    b.sign_out().await;
    b.page("admin-signed-out").await;

    // 3. The lead signs in, finds the action among their actions, and writes an update
    // with a status.
    sign_in_to_home(&mut b, &app, &lead.email, "lead").await;
    b.click_link(ACTION).await;
    b.wait_for_action_page(ACTION).await;
    let action = b.path().await;
    assert!(action.starts_with(&format!("{plan}/actions/")), "{action}");
    b.page("action").await;
    b.click_link("Write an update").await;
    b.wait_for_heading("Write an update").await;
    b.page("update").await;
    let update = "The new plan template went to the practice forum on 18 November; \
                  team managers start using it next week.";
    b.fill("text", update).await;
    b.client
        .find(Locator::Css(
            "input[type=radio][name=status][value='Green']",
        ))
        .await
        .expect("the Green status")
        .click()
        .await
        .expect("choose Green");
    b.click_button("Save update").await;
    b.wait_for(&format!(
        "//ol[contains(@class,'app-timeline')]//p[normalize-space()={}]",
        xpath_literal(update)
    ))
    .await;
    assert_eq!(b.path().await, action);
    assert_eq!(
        b.banner().await.as_deref(),
        Some("Your update has been saved.")
    );
    b.wait_for(
        "//ol[contains(@class,'app-timeline')]//li[.//h3[contains(., 'status changed')] \
         and .//strong[contains(normalize-space(), 'Green')]]",
    )
    .await;
    b.page("action-updated").await;

    // 4. Evidence: a link, then a file.
    b.click_link("Add evidence").await;
    b.wait_for_heading("Add evidence").await;
    b.page("evidence").await;
    let link_title = "Practice forum minutes, November 2026";
    b.fill("title", link_title).await;
    b.fill("url", "https://intranet.fernhill.example/forum/2026-11")
        .await;
    b.click_button("Add link").await;
    b.wait_for(&format!(
        "//main//ul[contains(@class,'app-evidence-list')]//a[contains(normalize-space(), {})]",
        xpath_literal(link_title)
    ))
    .await;
    assert_eq!(
        b.banner().await.as_deref(),
        Some("The evidence has been added.")
    );
    b.page("action-link-added").await;
    b.click_link("Add evidence").await;
    b.wait_for_heading("Add evidence").await;
    b.page("evidence-again").await;
    let file_title = "Audit of ten plans using the template";
    b.fill("file_title", file_title).await;
    b.client
        .find(Locator::Css("input[type=file]#file"))
        .await
        .expect("the file input")
        .send_keys(&pdf.display().to_string())
        .await
        .expect("choose the PDF");
    b.click_button("Upload file").await;
    let file_link = b
        .wait_for(&format!(
            "//main//ul[contains(@class,'app-evidence-list')]//a[normalize-space()={}]",
            xpath_literal(file_title)
        ))
        .await;
    assert!(
        file_link
            .attr("href")
            .await
            .unwrap()
            .is_some_and(|h| h.starts_with(&format!("{plan}/evidence/"))),
        "the file links to its download"
    );
    b.page("action-file-added").await;

    // 5. The lead proposes the action complete.
    b.fill(
        "note",
        "Template in use; the audit and the forum minutes are attached.",
    )
    .await;
    b.click_button("Propose complete").await;
    b.wait_for("//p[contains(@class,'govuk-inset-text') and contains(., 'awaiting sign-off')]")
        .await;
    assert_eq!(
        b.banner().await.as_deref(),
        Some("The action has been proposed complete. It now awaits sign-off.")
    );
    b.page("action-proposed").await;
    b.sign_out().await;
    b.page("lead-signed-out").await;

    // 6. The admin, who did not propose it, signs it off from their home page.
    sign_in_to_home(&mut b, &app, &admin.email, "approver").await;
    b.wait_for(&format!(
        "//h2[@id='sign-off']/following-sibling::table[1]//a[normalize-space()={}]",
        xpath_literal(ACTION)
    ))
    .await
    .click()
    .await
    .expect("open the action awaiting sign-off");
    b.wait_for_action_page(ACTION).await;
    assert_eq!(b.path().await, action);
    b.page("action-awaiting-sign-off").await;
    b.click_link("Sign off").await;
    b.wait_for_heading("Sign off").await;
    b.page("sign-off").await;
    b.wait_for(&format!(
        "//main//a[normalize-space()={}]",
        xpath_literal(file_title)
    ))
    .await;
    b.click_button("Sign off").await;
    b.wait_for(&format!(
        "//dd[contains(., 'Signed off by {}')]",
        admin.name
    ))
    .await;
    assert_eq!(
        b.banner().await.as_deref(),
        Some("The action has been signed off.")
    );
    b.page("action-signed-off").await;

    // 8a. The action's Edit page, when it is there.
    if b.all("//main//a[normalize-space()='Edit this action']")
        .await
        .is_empty()
    {
        println!("skipped: the action page has no Edit link");
    } else {
        b.click_link("Edit this action").await;
        b.wait_for("//h1").await;
        let heading = b.text("h1").await;
        b.page("action-edit").await;
        if heading == "Page not found" {
            println!("skipped: the action's Edit page answers 404");
        }
        b.client.back().await.expect("back to the action");
        b.wait_for_action_page(ACTION).await;
    }

    // 7. The overview counts one more action complete than before.
    b.wait_for(&format!(
        "//nav[contains(@class,'govuk-breadcrumbs')]//a[normalize-space()={}]",
        xpath_literal(IMPORTED_TITLE)
    ))
    .await
    .click()
    .await
    .expect("follow the breadcrumb to the plan");
    b.wait_for_heading(IMPORTED_TITLE).await;
    assert_eq!(b.path().await, plan);
    b.page("plan-after").await;
    let complete_after = b.status_count("complete").await;
    assert_eq!(
        complete_after,
        complete_before + 1,
        "complete actions: {complete_before} before, {complete_after} after sign-off"
    );

    // 8b. The plan table, filtered to the lead's complete actions.
    b.click_link("The plan table: every action").await;
    b.wait_for_heading("Actions").await;
    b.page("plan-table").await;
    b.choose("lead", ACTION_LEAD).await;
    b.client
        .find(Locator::Id("status"))
        .await
        .expect("the status filter")
        .select_by_value("complete")
        .await
        .expect("choose complete");
    b.click_button("Apply filters").await;
    b.wait_for("//p[@id='shown' and contains(., 'match')]")
        .await;
    b.page("plan-table-filtered").await;
    let shown = b.text("#shown").await;
    assert!(
        shown.starts_with("1 "),
        "the filter shows one action: {shown}"
    );
    b.wait_for(&format!(
        "//main//table//a[normalize-space()={}]",
        xpath_literal(ACTION)
    ))
    .await;

    b.sign_out().await;
    b.page("signed-out").await;
    b.finish().await;
    println!("journey took {:.1?}", started.elapsed());
}
