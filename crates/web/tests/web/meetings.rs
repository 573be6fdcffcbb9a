//! Issue 11, the review meeting: a plan's meetings and the form that adds one (owners and
//! admins), the meeting page as the chair's agenda (what changed since the previous
//! meeting of its kind, then what needs attention, each line a linked action in words),
//! decisions that appear on the action's timeline, and closing that makes the record
//! read-only. The clock stands at 09:00 on Monday 23 November 2026.

use crate::support::{action_by_ref, app, app_with_clock, signed_in, unescape};
use assure_domain::model::Actor;
use assure_domain::{Meaning, StatusValue};
use assure_store::{NewMeeting, NewUpdate};
use assure_test_support as ts;
use axum::http::StatusCode;
use chrono::NaiveDate;

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

/// The part of `t` from `start` up to `end`.
fn between<'a>(t: &'a str, start: &str, end: &str) -> &'a str {
    let from = t.find(start).unwrap_or_else(|| panic!("{start} in {t}"));
    let rest = &t[from..];
    let to = rest.find(end).unwrap_or(rest.len());
    &rest[..to]
}

#[tokio::test]
async fn the_agenda_shows_what_changed_and_what_needs_attention_and_keeps_decisions() {
    for db in ts::databases().await {
        let (state, council, clock) = app_with_clock(&db).await;
        let plan_id = council.plan_id;
        // An hour after the plan was imported.
        clock.advance(chrono::Duration::hours(1));
        let owner_actor = Actor::user(&council.owner);
        // The previous fortnightly review, on 9 November; a DLT meeting in between does
        // not count as the previous review.
        for (d, kind) in [(9, "review"), (16, "dlt")] {
            state
                .store
                .create_meeting(
                    plan_id,
                    &NewMeeting {
                        date: NaiveDate::from_ymd_opt(2026, 11, d).unwrap(),
                        kind: kind.into(),
                        attendees: String::new(),
                        notes: String::new(),
                    },
                    &owner_actor,
                )
                .await
                .unwrap();
        }
        // Since then, 2.4 (Amber) slipped to Red with an update.
        let a = action_by_ref(&state, plan_id, "2.4").await;
        let mut update = NewUpdate::new(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), "Slipped");
        update.status = Some(StatusValue {
            label: "Red".into(),
            meaning: Meaning::OffTrack,
        });
        state
            .store
            .write_update(a.id, a.version, update, &Actor::user(&council.lead))
            .await
            .unwrap();

        let mut owner = signed_in(&state, &council.owner.email).await;
        let list = format!("/plans/{plan_id}/meetings");
        let overview = owner.get(&format!("/plans/{plan_id}")).await;
        assert!(overview.body.contains(&format!("href=\"{list}\"")));
        // The form refuses what is not a meeting, and says which field.
        let bad = owner
            .post(
                &list,
                &[
                    ("date-day", "31"),
                    ("date-month", "11"),
                    ("date-year", "2026"),
                ],
            )
            .await;
        assert_eq!(
            bad.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            db.backend
        );
        let t = text(&bad.body);
        assert!(
            t.contains("The date of the meeting must be a real date"),
            "{t}"
        );
        assert!(t.contains("Choose what kind of meeting it is"), "{t}");
        let made = owner
            .post(
                &list,
                &[
                    ("date-day", "24"),
                    ("date-month", "11"),
                    ("date-year", "2026"),
                    ("kind", "review"),
                    ("attendees", "Chair, HoS CP, PO"),
                    ("notes", "Papers out on the 17th"),
                ],
            )
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
        let page_uri = made.location().split('?').next().unwrap().to_string();
        assert!(page_uri.starts_with(&format!("{list}/")));

        let page = owner.get(made.location()).await;
        assert_eq!(page.status, StatusCode::OK);
        let t = text(&page.body);
        assert!(t.contains("Fortnightly review: 24 November 2026"), "{t}");
        assert!(t.contains("The meeting has been added."), "{t}");
        assert!(t.contains("Attendees Chair, HoS CP, PO"), "{t}");
        assert!(
            t.contains("Since the previous fortnightly review meeting on 9 November 2026: from 10 November 2026 to 23 November 2026."),
            "{t}"
        );
        // The status change in words (not colour alone), linked to the action; the
        // plan's import is no change of status.
        let changes = between(&t, "Status changes", "New updates");
        assert!(
            changes.contains("2.4 ")
                && changes
                    .contains("Worse: from Amber (at risk) to Red (off track), 23 November 2026"),
            "{changes}"
        );
        assert!(changes.starts_with("Status changes: 1 "), "{changes}");
        assert!(
            page.body
                .contains(&format!("href=\"/plans/{plan_id}/actions/{}\"", a.id))
        );
        let updates = between(&t, "New updates", "Evidence added");
        assert!(updates.contains("23 November 2026: “Slipped”"), "{updates}");
        // Then what needs attention: 2.4 off track now; 3.3 stalled, with why.
        let off = between(&t, "Off track", "At risk");
        assert!(
            off.contains("2.4 ") && off.contains("Status: Red (off track)"),
            "{off}"
        );
        let stalled = between(&t, "Stalled", "Awaiting sign-off");
        assert!(
            stalled.contains("3.3 ") && stalled.contains("No update for 3 months"),
            "{stalled}"
        );
        assert!(
            t.contains("No update this period (November 2026 update)"),
            "{t}"
        );
        assert!(t.contains("Overdue"), "{t}");
        assert!(t.contains("Impact checks due"), "{t}");

        // A decision against 2.4: on the page, and on the action's timeline.
        let decisions = format!("{page_uri}/decisions");
        let empty = owner
            .post(
                &decisions,
                &[("action", &a.id.to_string()), ("decision", " ")],
            )
            .await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&empty.body).contains("Enter the decision"));
        let none = owner
            .post(&decisions, &[("action", ""), ("decision", "Something")])
            .await;
        assert!(text(&none.body).contains("Choose the action the decision is about"));
        let decided = owner
            .post(
                &decisions,
                &[
                    ("action", &a.id.to_string()),
                    ("decision", "Escalate to DLT in December"),
                ],
            )
            .await;
        assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);
        let t = text(&owner.get(decided.location()).await.body);
        assert!(t.contains("The decision has been recorded."), "{t}");
        assert!(
            t.contains(": Escalate to DLT in December (Olu Owner,"),
            "{t}"
        );
        let action_page = owner
            .get(&format!("/plans/{plan_id}/actions/{}", a.id))
            .await;
        let t = text(&action_page.body);
        assert!(
            t.contains("Decision at the fortnightly review meeting on 24 November 2026"),
            "{t}"
        );
        assert!(t.contains("Escalate to DLT in December"), "{t}");

        // Closed: read-only. No forms; a decision sent anyway is refused by the store.
        let closed = owner.post(&format!("{page_uri}/close"), &[]).await;
        assert_eq!(closed.status, StatusCode::SEE_OTHER);
        let page = owner.get(closed.location()).await;
        let t = text(&page.body);
        assert!(
            t.contains("This meeting was closed 23 November 2026 at 10:00 by Olu Owner"),
            "{t}"
        );
        assert!(!page.body.contains(&format!("action=\"{decisions}\"")));
        assert!(!page.body.contains("/close\""));
        let late = owner
            .post(
                &decisions,
                &[("action", &a.id.to_string()), ("decision", "Too late")],
            )
            .await;
        assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&late.body).contains("The meeting is closed"));
        let again = owner.post(&format!("{page_uri}/close"), &[]).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&again.body).contains("The meeting is already closed"));
        let meeting_id = page_uri.rsplit('/').next().unwrap().parse().unwrap();
        assert_eq!(state.store.decisions(meeting_id).await.unwrap().len(), 1);
        let t = text(&owner.get(&list).await.body);
        assert!(
            t.contains(
                "24 November 2026 , Fortnightly review Fortnightly review Chair, HoS CP, PO Closed"
            ),
            "{t}"
        );
    }
}

#[tokio::test]
async fn everyone_on_the_plan_reads_meetings_and_only_owners_and_admins_change_them() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let plan_id = council.plan_id;
        let m = state
            .store
            .create_meeting(
                plan_id,
                &NewMeeting {
                    date: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
                    kind: "board".into(),
                    attendees: "Board".into(),
                    notes: String::new(),
                },
                &Actor::user(&council.owner),
            )
            .await
            .unwrap();
        let list = format!("/plans/{plan_id}/meetings");
        let page = format!("{list}/{}", m.id);
        let a = action_by_ref(&state, plan_id, "2.4").await;
        for who in [&council.lead, &council.contributor, &council.viewer] {
            let mut c = signed_in(&state, &who.email).await;
            let l = c.get(&list).await;
            assert_eq!(l.status, StatusCode::OK, "{} {}", who.email, db.backend);
            assert!(!l.body.contains("Add the meeting"), "{}", who.email);
            let p = c.get(&page).await;
            assert_eq!(p.status, StatusCode::OK);
            assert!(text(&p.body).contains("Improvement board: 24 November 2026"));
            assert!(!p.body.contains("Record the decision"));
            assert!(!p.body.contains("Close the meeting"));
            let post = c
                .post(
                    &format!("{page}/decisions"),
                    &[("action", &a.id.to_string()), ("decision", "Mine")],
                )
                .await;
            assert_eq!(post.status, StatusCode::FORBIDDEN);
            assert_eq!(
                c.post(&format!("{page}/close"), &[]).await.status,
                StatusCode::FORBIDDEN
            );
            let made = c
                .post(
                    &list,
                    &[
                        ("date-day", "1"),
                        ("date-month", "12"),
                        ("date-year", "2026"),
                        ("kind", "dlt"),
                    ],
                )
                .await;
            assert_eq!(made.status, StatusCode::FORBIDDEN);
        }
        let mut outsider = signed_in(&state, &council.outsider.email).await;
        assert_eq!(outsider.get(&page).await.status, StatusCode::NOT_FOUND);
        assert_eq!(outsider.get(&list).await.status, StatusCode::NOT_FOUND);
        // The admin may record a decision.
        let mut admin = signed_in(&state, &council.admin.email).await;
        let p = admin.get(&page).await;
        assert!(p.body.contains("Record the decision"));
        let ok = admin
            .post(
                &format!("{page}/decisions"),
                &[("action", &a.id.to_string()), ("decision", "Board noted")],
            )
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER);
        assert_eq!(
            state.store.decisions(m.id).await.unwrap().len(),
            1,
            "only the admin's"
        );
        assert_eq!(
            state.store.meetings(plan_id).await.unwrap().len(),
            1,
            "nobody else added one"
        );
    }
}

/// A meeting of the plan, made by its owner through the store, and its page's address.
async fn meeting(
    state: &assure_web::AppState,
    council: &ts::Council,
    kind: &str,
) -> (uuid::Uuid, String) {
    let m = state
        .store
        .create_meeting(
            council.plan_id,
            &NewMeeting {
                date: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
                kind: kind.into(),
                attendees: "Chair".into(),
                notes: String::new(),
            },
            &Actor::user(&council.owner),
        )
        .await
        .unwrap();
    (
        m.id,
        format!("/plans/{}/meetings/{}", council.plan_id, m.id),
    )
}

#[tokio::test]
async fn a_decision_can_add_a_new_action_to_the_plan_with_the_decision_on_its_timeline() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let plan_id = council.plan_id;
        let (meeting_id, page) = meeting(&state, &council, "review").await;
        let plan = state.store.plan(plan_id).await.unwrap();
        let area = plan.areas[1].id.to_string();
        let before = plan.actions().len();
        let mut owner = signed_in(&state, &council.owner.email).await;
        let p = owner.get(&page).await;
        assert!(
            p.body
                .contains("<option value=\"new\">A new action (give it below)</option>")
        );
        let decisions = format!("{page}/decisions");
        // A new action needs its area and its wording: said, field by field, nothing made.
        let bad = owner
            .post(
                &decisions,
                &[
                    ("action", "new"),
                    ("decision", "Commission an audit"),
                    ("area", ""),
                    ("new_text", " "),
                ],
            )
            .await;
        assert_eq!(
            bad.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            db.backend
        );
        let t = text(&bad.body);
        assert!(t.contains("Choose the area the new action goes in"), "{t}");
        assert!(t.contains("Enter what the new action is"), "{t}");
        assert!(bad.body.contains("Commission an audit"), "kept as typed");
        assert_eq!(
            state.store.plan(plan_id).await.unwrap().actions().len(),
            before
        );

        let made = owner
            .post(
                &decisions,
                &[
                    ("action", "new"),
                    ("decision", "Commission an audit of thresholds"),
                    ("area", &area),
                    ("new_text", "Audit the front door's thresholds"),
                    ("new_leads", "HoS CP\r\n"),
                    ("new_due", "March 2027"),
                ],
            )
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
        let plan = state.store.plan(plan_id).await.unwrap();
        assert_eq!(plan.actions().len(), before + 1);
        let ds = state.store.decisions(meeting_id).await.unwrap();
        assert_eq!(ds.len(), 1);
        let new = plan.find_action(ds[0].action_id).expect("the new action");
        assert_eq!(new.text, "Audit the front door's thresholds");
        assert_eq!(new.leads[0].text, "HoS CP");
        assert_eq!(
            new.due.as_ref().and_then(|d| d.date),
            NaiveDate::from_ymd_opt(2027, 3, 31),
            "{}",
            db.backend
        );
        // On the meeting's record, linked; and on the new action's timeline.
        let href = format!("/plans/{plan_id}/actions/{}", new.id);
        let p = owner.get(made.location()).await;
        assert!(p.body.contains(&format!("href=\"{href}\"")));
        assert!(
            text(&p.body).contains("Commission an audit of thresholds (Olu Owner,"),
            "{}",
            text(&p.body)
        );
        let t = text(&owner.get(&href).await.body);
        assert!(
            t.contains("Decision at the fortnightly review meeting on 24 November 2026"),
            "{t}"
        );
        assert!(t.contains("Commission an audit of thresholds"), "{t}");

        // Closed: no new action through it either.
        owner.post(&format!("{page}/close"), &[]).await;
        let late = owner
            .post(
                &decisions,
                &[
                    ("action", "new"),
                    ("decision", "Too late"),
                    ("area", &area),
                    ("new_text", "Another"),
                ],
            )
            .await;
        assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&late.body).contains("The meeting is closed"));
        assert_eq!(
            state.store.plan(plan_id).await.unwrap().actions().len(),
            before + 1
        );
    }
}

#[tokio::test]
async fn an_open_meetings_attendees_and_notes_are_edited_and_a_stale_form_loses_nothing() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let (meeting_id, page) = meeting(&state, &council, "dlt").await;
        let edit = format!("{page}/edit");
        let mut owner = signed_in(&state, &council.owner.email).await;
        assert!(
            owner
                .get(&page)
                .await
                .body
                .contains(&format!("href=\"{edit}\""))
        );
        let form = owner.get(&edit).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("name=\"version\" value=\"1\""));
        let saved = owner
            .post(
                &edit,
                &[
                    ("version", "1"),
                    ("attendees", "Chair, DCS, HoS CP"),
                    ("notes", "Minutes to follow"),
                ],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let t = text(&owner.get(saved.location()).await.body);
        assert!(
            t.contains("The meeting’s attendees and notes have been saved."),
            "{t}"
        );
        assert!(t.contains("Attendees Chair, DCS, HoS CP"), "{t}");
        assert!(t.contains("Notes Minutes to follow"), "{t}");
        // A form drawn at version 1, sent after that save: a conflict that keeps what
        // was typed and says what is stored.
        let stale = owner
            .post(
                &edit,
                &[
                    ("version", "1"),
                    ("attendees", "Mine"),
                    ("notes", "My notes"),
                ],
            )
            .await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{}", db.backend);
        let t = text(&stale.body);
        assert!(
            t.contains("Someone else changed the attendees and notes"),
            "{t}"
        );
        assert!(t.contains("attendees “Chair, DCS, HoS CP”"), "{t}");
        assert!(stale.body.contains("My notes"));
        assert!(stale.body.contains("name=\"version\" value=\"2\""));
        let m = state
            .store
            .meeting(council.plan_id, meeting_id)
            .await
            .unwrap();
        assert_eq!(m.notes, "Minutes to follow");
        // Others on the plan may not edit.
        let mut lead = signed_in(&state, &council.lead.email).await;
        assert!(
            !lead
                .get(&page)
                .await
                .body
                .contains(&format!("href=\"{edit}\""))
        );
        assert_eq!(
            lead.post(&edit, &[("version", "2"), ("attendees", "X")])
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        // Closed: read-only; the edit page leads back to the record.
        owner.post(&format!("{page}/close"), &[]).await;
        assert!(
            !owner
                .get(&page)
                .await
                .body
                .contains(&format!("href=\"{edit}\""))
        );
        assert_eq!(owner.get(&edit).await.status, StatusCode::SEE_OTHER);
        let late = owner
            .post(
                &edit,
                &[("version", "2"), ("attendees", "Late"), ("notes", "")],
            )
            .await;
        assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&late.body).contains("The meeting is closed"));
        let m = state
            .store
            .meeting(council.plan_id, meeting_id)
            .await
            .unwrap();
        assert_eq!(m.attendees, "Chair, DCS, HoS CP");
    }
}
