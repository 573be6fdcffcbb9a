//! A month of the review cycle in a real browser, with axe-core on every page: the round
//! opens and the lead's invitation comes through SMTP to a sink on loopback; its link,
//! followed, asks the lead to sign in and lands on the update form; the lead updates one
//! action and not the others; after the deadline the owner's escalation names what is
//! still missing and not what was updated; the review meeting's agenda shows the new
//! update and the actions with no update; the chair records a decision against the
//! updated action and one that is a new action (both on their action's timeline), edits
//! the notes and closes the meeting.
//!
//! A child of `browser` (it uses that module's driver, app and browser helpers), in a
//! file of its own so that neither grows past 800 lines.

use super::{App, Driver, ONE_BROWSER, sign_in_to_home};
use assure_mail::{Mailer, RunOptions, remind};
use assure_test_support::smtp_sink::{SinkMode, SmtpSink};
use chrono::NaiveDate;
use fantoccini::Locator;

fn options(app: &App, day: NaiveDate) -> RunOptions {
    RunOptions {
        plan: None,
        today: day,
        dry_run: false,
        public_url: app.url(""),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Chromium and chromedriver (scripts/install-test-deps); scripts/test runs it when they are installed"]
async fn a_month_from_the_invitation_to_the_meeting() {
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = App::start().await;
    let plan = app.council.plan_id;
    let store = app.state.store.clone();
    let sink = SmtpSink::start(SinkMode::Accept).await;
    let mailer = Mailer::new(&sink.url(), "assure@northbridge.example").expect("mailer");

    // 1. The round opens (Monday 23 November): the lead's invitation.
    let nov23 = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    remind(store.as_ref(), Some(&mailer), &options(&app, nov23))
        .await
        .expect("run");
    let mail = sink.wait_for(1, 10).await;
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].to, vec![format!("<{}>", app.council.lead.email)]);
    let body = mail[0].decoded();
    let links: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with(&app.url("/plans/")) && l.ends_with("/update"))
        .collect();
    assert!(links.len() >= 2, "{body}");

    // 2. The lead follows the first link: sign in, then the update form it named.
    let mut b = driver.session(true).await;
    b.client.goto(links[0]).await.expect("follow the link");
    b.wait_for("//input[@id='password']").await;
    b.page("month-sign-in-from-email").await;
    b.client
        .find(Locator::Id("email"))
        .await
        .expect("email")
        .send_keys(&app.council.lead.email)
        .await
        .expect("type email");
    b.client
        .find(Locator::Id("password"))
        .await
        .expect("password")
        .send_keys(crate::support::PASSWORD)
        .await
        .expect("type password");
    b.click_button("Sign in").await;
    b.wait_for_heading("Write an update").await;
    let form = links[0].trim_start_matches(&app.url(""));
    assert_eq!(b.path().await, form);
    b.page("month-update-form").await;
    let update = "Protocol agreed with early help; first joint handover meetings booked.";
    b.fill("text", update).await;
    b.click_button("Save update").await;
    b.wait_for("//*[contains(@class,'govuk-notification-banner')]")
        .await;
    assert_eq!(
        b.banner().await.as_deref(),
        Some("Your update has been saved.")
    );
    b.page("month-updated").await;
    b.sign_out().await;

    // 3. After the deadline (Tuesday 1 December): the owner's escalation names the
    // actions still without an update, not the one just updated.
    let dec1 = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    remind(store.as_ref(), Some(&mailer), &options(&app, dec1))
        .await
        .expect("run");
    let mail = sink.wait_for(3, 10).await;
    let escalation = mail
        .iter()
        .find(|m| m.to == vec![format!("<{}>", app.council.owner.email)])
        .expect("the owner's escalation")
        .decoded();
    let updated = links[0].trim_end_matches("/update");
    let missing = links[1].trim_end_matches("/update");
    // Named neither in the plain text (a line of its own) nor in the HTML (a link).
    assert!(
        !escalation.contains(&format!("{updated}\r\n")),
        "{escalation}"
    );
    assert!(
        !escalation.contains(&format!("{updated}\"")),
        "{escalation}"
    );
    assert!(escalation.contains(&format!("{missing}\"")), "{escalation}");
    assert!(escalation.contains(missing), "{escalation}");
    assert!(escalation.contains("Lee Lead"));

    // 4. The review meeting's agenda: the new update, and the actions with no update.
    let meeting = store
        .create_meeting(
            plan,
            &assure_store::NewMeeting {
                date: nov23.succ_opt().unwrap(),
                kind: "review".into(),
                attendees: "Olu Owner, Lee Lead".into(),
                notes: String::new(),
            },
            &assure_domain::model::Actor::user(&app.council.owner),
        )
        .await
        .expect("meeting")
        .id;
    sign_in_to_home(&mut b, &app, &app.council.owner.email, "month-owner").await;
    b.goto(
        &app,
        &format!("/plans/{plan}/meetings/{meeting}"),
        "month-meeting",
    )
    .await;
    let agenda = b.text("main").await;
    assert!(agenda.contains("No update this period"), "{agenda}");
    assert!(
        agenda.contains(update),
        "the lead's update is on the agenda"
    );
    let action_id = updated.rsplit('/').next().unwrap();
    let line = b
        .all(&format!("//main//a[contains(@href, '{action_id}')]"))
        .await;
    assert!(!line.is_empty(), "the updated action is on the agenda");

    // 5. The chair records a decision against the updated action, then one that is a new
    // action; both are on the meeting's record and on their action's timeline.
    b.client
        .find(Locator::Id("action"))
        .await
        .expect("the action select")
        .select_by_value(action_id)
        .await
        .expect("choose the updated action");
    let kept = "Keep the joint handovers going; report back at DLT.";
    b.fill("decision", kept).await;
    b.click_button("Record the decision").await;
    b.wait_for("//*[contains(@class,'govuk-notification-banner')]")
        .await;
    assert_eq!(
        b.banner().await.as_deref(),
        Some("The decision has been recorded. It is on the action’s timeline.")
    );
    b.page("month-decision-recorded").await;
    b.choose("action", "A new action (give it below)").await;
    let area = store.plan(plan).await.expect("plan").areas[0].id;
    b.client
        .find(Locator::Id("area"))
        .await
        .expect("the area select")
        .select_by_value(&area.to_string())
        .await
        .expect("choose the area");
    let new_action = "Audit the threshold decisions made at the front door.";
    b.fill("new_text", new_action).await;
    b.fill("new_leads", "HoS CP").await;
    b.fill("new_due", "March 2027").await;
    let commissioned = "Commission a threshold audit from the QA team.";
    b.fill("decision", commissioned).await;
    b.click_button("Record the decision").await;
    // The page already had a banner: wait for the new decision itself.
    b.wait_for("//ul[@id='decision-list']/li[contains(., 'Commission a threshold audit')]")
        .await;
    b.page("month-decision-new-action").await;
    let record = b.text("#decision-list").await;
    assert!(
        record.contains(kept) && record.contains(commissioned),
        "{record}"
    );

    // The decision on the updated action's timeline.
    b.goto(
        &app,
        &format!("/plans/{plan}/actions/{action_id}"),
        "month-action-timeline",
    )
    .await;
    let timeline = b.text("main").await;
    assert!(
        timeline.contains("Decision at the fortnightly review meeting on 24 November 2026")
            && timeline.contains(kept),
        "{timeline}"
    );
    // The new action: in the plan, with its lead, and the decision on its timeline.
    let made = store
        .plan(plan)
        .await
        .expect("plan")
        .actions()
        .into_iter()
        .map(|(_, _, a)| a.clone())
        .find(|a| a.text == new_action)
        .expect("the new action is in the plan");
    assert_eq!(made.leads[0].text, "HoS CP");
    b.goto(
        &app,
        &format!("/plans/{plan}/meetings/{meeting}"),
        "month-meeting-again",
    )
    .await;
    b.wait_for(&format!(
        "//ul[@id='decision-list']//a[contains(@href, '{}')]",
        made.id
    ))
    .await
    .click()
    .await
    .expect("follow the new action's link from the record");
    b.wait_for_action_page(new_action).await;
    assert_eq!(b.path().await, format!("/plans/{plan}/actions/{}", made.id));
    b.page("month-new-action").await;
    let timeline = b.text("main").await;
    assert!(timeline.contains(commissioned), "{timeline}");

    // The attendees and notes are corrected while the meeting is open; then it closes.
    b.goto(
        &app,
        &format!("/plans/{plan}/meetings/{meeting}/edit"),
        "month-meeting-edit",
    )
    .await;
    b.fill("notes", "Lee to bring the handover figures to DLT.")
        .await;
    b.click_button("Save the attendees and notes").await;
    b.wait_for("//*[contains(@class,'govuk-notification-banner')]")
        .await;
    b.page("month-meeting-edited").await;
    assert!(
        b.text("main")
            .await
            .contains("Lee to bring the handover figures to DLT.")
    );
    b.click_button("Close the meeting").await;
    b.wait_for("//p[@id='closed']").await;
    b.page("month-meeting-closed").await;
    assert!(b.all("//a[@id='edit-details']").await.is_empty());
    b.sign_out().await;
    b.finish().await;
}
