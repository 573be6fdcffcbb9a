//! Issue 11, update rounds: the owner's round page (who is due, who has updated, status
//! last period and now, stalled), chasing a lead (kept, audited, on their home page), the
//! review meeting that sets the deadline, the status by period on the action page and
//! as the plan table's columns. The clock stands at 09:00 on Monday 23 November 2026.

use crate::support::{action_by_ref, app, app_with_clock, signed_in, unescape};
use assure_domain::model::Actor;
use assure_domain::{Meaning, StatusValue};
use assure_store::NewUpdate;
use assure_test_support as ts;
use axum::http::StatusCode;

fn red() -> StatusValue {
    StatusValue {
        label: "Red".into(),
        meaning: Meaning::OffTrack,
    }
}

/// The page's text with tags removed and entities decoded, white space folded.
fn text(body: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[tokio::test]
async fn owners_run_the_round_and_nobody_else_sees_it() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let plan_id = council.plan_id;
        let round = format!("/plans/{plan_id}/round");

        let mut owner = signed_in(&state, &council.owner.email).await;
        let overview = owner.get(&format!("/plans/{plan_id}")).await;
        assert!(overview.body.contains(&format!("href=\"{round}\"")));
        let page = owner.get(&round).await;
        assert_eq!(page.status, StatusCode::OK, "{}", db.backend);
        let t = text(&page.body);
        assert!(t.contains("Update round: November 2026 update"), "{t}");
        assert!(
            t.contains(
                "Updates are due by Monday 30 November 2026 : the last working day of the period."
            ),
            "{t}"
        );
        // Lee Lead is linked to "HoS CP": 1.5, 2.3 and 2.4 have November updates; 2.1's
        // second sub-action, 3.4 and 3.5 do not.
        assert!(
            t.contains("Lee Lead (HoS CP) 3 of 6 updated Chase Lee Lead (HoS CP)"),
            "{t}"
        );
        // Unlinked leads are counted, but there is nobody to chase.
        assert!(
            t.contains("RT 0 of 2 updated Not linked to a person"),
            "{t}"
        );
        // Each due action: its lead, whether updated, the status it ended October with
        // (before the plan was in Assure: not recorded) and now.
        assert!(
            t.contains("2.3 ")
                && t.contains("HoS CP Yes, 6 November 2026 Not recorded Green (On track)"),
            "{t}"
        );
        assert!(
            t.contains("HoS CP Not updated Not recorded Green (On track)"),
            "{t}"
        );
        // Stalled, with the sentence why: 3.3 has been Amber since its June update.
        assert!(
            t.contains("Stalled: No update for 3 months while the status stays 'Amber'."),
            "{t}"
        );
        // Not due: the complete ones, what starts later, quarterly work done this quarter.
        assert!(t.contains("Not due this period (14)"), "{t}");
        assert!(
            t.contains("5.7 ") && t.contains(": starts 1 January 2027"),
            "{t}"
        );
        assert!(
            t.contains(
                "updated 9 October 2026 for its recurring timescale (October to December 2026)"
            ),
            "{t}"
        );
        // Another period by any date in it: October's round, its deadline passed.
        let october = owner.get(&format!("{round}?period=2026-10-15")).await;
        let t = text(&october.body);
        assert!(t.contains("Update round: October 2026 update"), "{t}");
        assert!(t.contains("The deadline has passed."), "{t}");
        let bad = owner.get(&format!("{round}?period=soon")).await;
        assert_eq!(bad.status, StatusCode::OK);
        assert!(text(&bad.body).contains("Enter the period as a date in it"));

        // Leads, contributors and viewers see neither the page nor its forms; another
        // council's people do not know the plan exists.
        for who in [&council.lead, &council.contributor, &council.viewer] {
            let mut c = signed_in(&state, &who.email).await;
            assert_eq!(
                c.get(&round).await.status,
                StatusCode::FORBIDDEN,
                "{}",
                who.email
            );
            let overview = c.get(&format!("/plans/{plan_id}")).await;
            assert!(!overview.body.contains(&format!("href=\"{round}\"")));
            let chase = c
                .post(
                    &format!("{round}/chase"),
                    &[
                        ("person", &council.lead.id.to_string()),
                        ("period", "2026-11-01"),
                    ],
                )
                .await;
            assert_eq!(chase.status, StatusCode::FORBIDDEN);
        }
        let mut outsider = signed_in(&state, &council.outsider.email).await;
        assert_eq!(outsider.get(&round).await.status, StatusCode::NOT_FOUND);
        assert!(
            state
                .store
                .chases(
                    plan_id,
                    chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
                )
                .await
                .unwrap()
                .is_empty(),
            "no chase got through"
        );
    }
}

#[tokio::test]
async fn a_chase_is_kept_audited_and_shown_to_the_person_until_they_update() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let plan_id = council.plan_id;
        let round = format!("/plans/{plan_id}/round");
        let mut owner = signed_in(&state, &council.owner.email).await;
        owner.get(&round).await;
        let lead_id = council.lead.id.to_string();
        let sent = owner
            .post(
                &format!("{round}/chase"),
                &[("person", &lead_id), ("period", "2026-11-01")],
            )
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        assert_eq!(
            sent.location(),
            format!("{round}?period=2026-11-01&done=chased&who={lead_id}")
        );
        let back = owner.get(sent.location()).await;
        let t = text(&back.body);
        assert!(t.contains("Lee Lead has been asked to update."), "{t}");
        assert!(
            t.contains("Chased 23 November 2026 at 09:00 by Olu Owner"),
            "{t}"
        );

        // Kept for a mailer: who, which round, by when, which actions.
        let kept = state
            .store
            .chases(
                plan_id,
                chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(kept.len(), 1, "{}", db.backend);
        assert_eq!(kept[0].person_id, council.lead.id);
        assert_eq!(kept[0].action_ids.len(), 3);
        assert_eq!(kept[0].emailed_at, None);
        let history = owner.get(&format!("/plans/{plan_id}/history")).await;
        assert!(
            text(&history.body).contains("chase"),
            "in the plan's history"
        );

        // The lead sees it on their home page.
        let mut lead = signed_in(&state, &council.lead.email).await;
        let home = text(&lead.get("/").await.body);
        assert!(
            home.contains(
                "Olu Owner asked you on 23 November 2026 to update 3 actions for the November 2026 update of"
            ) && home.contains("by Monday 30 November 2026."),
            "{home}"
        );

        // Someone with nothing due, no one at all, and a person id that is not one.
        let nothing = owner
            .post(
                &format!("{round}/chase"),
                &[
                    ("person", &council.viewer.id.to_string()),
                    ("period", "2026-11-01"),
                ],
            )
            .await;
        assert_eq!(nothing.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&nothing.body).contains("Vic Viewer has nothing left to update"));
        let nobody = owner
            .post(&format!("{round}/chase"), &[("period", "2026-11-01")])
            .await;
        assert_eq!(nobody.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&nobody.body).contains("Choose who to chase"));
        let garbage = owner
            .post(
                &format!("{round}/chase"),
                &[("person", "<script>"), ("period", "x")],
            )
            .await;
        assert_eq!(garbage.status, StatusCode::NOT_FOUND);

        // Once they have updated all three, the notice goes and there is nothing to chase.
        for id in &kept[0].action_ids {
            let plan = state.store.plan(plan_id).await.unwrap();
            let a = plan.find_action(*id).unwrap().clone();
            state
                .store
                .write_update(
                    a.id,
                    a.version,
                    NewUpdate::new(
                        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                        "Done",
                    ),
                    &Actor::user(&council.lead),
                )
                .await
                .unwrap();
        }
        assert!(!text(&lead.get("/").await.body).contains("asked you"));
        let t = text(&owner.get(&round).await.body);
        assert!(
            t.contains("Lee Lead (HoS CP) 6 of 6 updated All updated"),
            "{t}"
        );
        assert!(!t.contains("Chase Lee Lead"), "{t}");
    }
}

#[tokio::test]
async fn the_review_meeting_sets_the_deadline() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let round = format!("/plans/{}/round", council.plan_id);
        let mut owner = signed_in(&state, &council.owner.email).await;
        owner.get(&round).await;
        let add = |d: &'static str, m: &'static str, y: &'static str| {
            vec![
                ("period", "2026-11-01"),
                ("meeting-day", d),
                ("meeting-month", m),
                ("meeting-year", y),
            ]
        };
        let wrong = owner
            .post(&format!("{round}/meetings"), &add("31", "2", "2026"))
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(wrong.body.contains("href=\"#meeting-day\""));
        assert!(text(&wrong.body).contains("must be a real date"));
        let outside = owner
            .post(&format!("{round}/meetings"), &add("2", "12", "2026"))
            .await;
        assert_eq!(outside.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&outside.body).contains(
            "The review meeting must be in the period: from 1 November 2026 to 30 November 2026"
        ));

        let added = owner
            .post(&format!("{round}/meetings"), &add("24", "11", "2026"))
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
        let t = text(&owner.get(added.location()).await.body);
        assert!(t.contains("The review meeting has been added."), "{t}");
        assert!(
            t.contains("Updates are due by Tuesday 17 November 2026 : 5 working days before the review meeting on 24 November 2026. The deadline has passed."),
            "{t}"
        );
        let twice = owner
            .post(&format!("{round}/meetings"), &add("24", "11", "2026"))
            .await;
        // The page offers no second form, but a form sent twice is refused, not doubled.
        assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);

        let m = state.store.meetings(council.plan_id).await.unwrap();
        assert_eq!(m.len(), 1, "{}", db.backend);
        let removed = owner
            .post(
                &format!("{round}/meetings/{}/remove", m[0].id),
                &[("period", "2026-11-01")],
            )
            .await;
        assert_eq!(removed.status, StatusCode::SEE_OTHER);
        let t = text(&owner.get(removed.location()).await.body);
        assert!(t.contains("Monday 30 November 2026"), "{t}");
        let again = owner
            .post(
                &format!("{round}/meetings/{}/remove", m[0].id),
                &[("period", "2026-11-01")],
            )
            .await;
        assert_eq!(again.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn each_period_keeps_its_status_on_the_action_page_and_as_table_columns() {
    for db in ts::databases().await {
        let (state, council, clock) = app_with_clock(&db).await;
        let plan_id = council.plan_id;
        let a = action_by_ref(&state, plan_id, "2.4").await;
        let mut update = NewUpdate::new(
            chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            "Slipped: the tracker is late",
        );
        update.status = Some(red());
        state
            .store
            .write_update(a.id, a.version, update, &Actor::user(&council.lead))
            .await
            .unwrap();
        // December: November is over, and ended Red.
        clock.advance(chrono::Duration::days(10));

        let mut viewer = signed_in(&state, &council.viewer.email).await;
        let page = viewer
            .get(&format!("/plans/{plan_id}/actions/{}", a.id))
            .await;
        let t = text(&page.body);
        assert!(t.contains("Status by period"), "{t}");
        assert!(
            t.contains("July 2026 August 2026 September 2026 October 2026 November 2026 December 2026 (so far) Not recorded Not recorded Not recorded Not recorded Red (Off track) Red (Off track)"),
            "{}: {t}",
            db.backend
        );

        // The table: no period columns unless asked; the last three finished periods
        // when asked, in the filter form's choice (a GET form: no JavaScript).
        let table = format!("/plans/{plan_id}/actions");
        let plain = viewer.get(&table).await;
        assert!(!plain.body.contains("app-period-column"));
        assert!(plain.body.contains("name=\"periods\""));
        let cols = viewer.get(&format!("{table}?periods=3")).await;
        assert_eq!(cols.status, StatusCode::OK);
        let t = text(&cols.body);
        assert!(
            t.contains("September 2026 October 2026 November 2026 BRAG status"),
            "{t}"
        );
        assert!(
            cols.body.contains("<option value=\"3\" selected>"),
            "the choice kept"
        );
        let row = cols
            .body
            .split(&format!("data-action=\"{}\"", a.id))
            .nth(1)
            .and_then(|r| r.split("</tr>").next())
            .expect("2.4's row");
        assert_eq!(
            text(row).matches("Not recorded").count(),
            2,
            "{}",
            text(row)
        );
        assert!(text(row).contains("Not recorded Not recorded Red (Off track) Red (Off track)"));
        // Paging keeps the choice; anything else asked for shows no columns.
        assert!(
            cols.body.contains("href=\"?periods=3&#38;sort=due\""),
            "sort links keep the columns"
        );
        let odd = viewer.get(&format!("{table}?periods=5")).await;
        assert!(!odd.body.contains("app-period-column"));

        // The owner's round for December: 2.4 ended November Red.
        let mut owner = signed_in(&state, &council.owner.email).await;
        let t = text(&owner.get(&format!("/plans/{plan_id}/round")).await.body);
        assert!(
            t.contains("Status at the end of November 2026 update"),
            "{t}"
        );
        assert!(
            t.contains("Not updated Red (Off track) Red (Off track)"),
            "{t}"
        );
    }
}
