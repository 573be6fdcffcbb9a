//! Editing a plan, its areas and actions in the browser's way, on both backends: the
//! forms, what an untouched field keeps, adding and deleting actions, and two people
//! editing the same thing (the second sees both versions; nothing is overwritten).

use crate::support::{Client, PASSWORD, Page, action_by_ref, app, signed_in, unescape};
use assure_test_support as ts;
use axum::http::StatusCode;

/// The value of the form field `name` (an input's value, or a textarea's text), as the
/// page shows it (HTML-escaped).
pub(crate) fn field(page: &Page, name: &str) -> String {
    let input = format!("name=\"{name}\" type=\"text\"");
    if let Some(at) = page.body.find(&input) {
        let rest = &page.body[at..];
        let end = rest.find('>').unwrap();
        let tag = &rest[..end];
        return match tag.find("value=\"") {
            Some(v) => tag[v + 7..].split('"').next().unwrap().to_string(),
            None => String::new(),
        };
    }
    let key = format!("name=\"{name}\"");
    let at = page
        .body
        .match_indices(&key)
        .map(|(i, _)| i)
        .find(|i| {
            page.body[..*i]
                .rfind('<')
                .is_some_and(|lt| page.body[lt..].starts_with("<textarea"))
        })
        .unwrap_or_else(|| panic!("field {name}"));
    let rest = &page.body[at..];
    let open = rest.find('>').unwrap() + 1;
    let close = rest.find("</textarea>").unwrap();
    rest[open..close].to_string()
}

pub(crate) fn hidden(page: &Page, name: &str) -> String {
    let key = format!("name=\"{name}\" value=\"");
    let at = page
        .body
        .find(&key)
        .unwrap_or_else(|| panic!("hidden {name}"));
    page.body[at + key.len()..]
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

/// Every field of an action's edit form, as drawn, for posting back.
fn action_form(page: &Page) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = [
        "ref",
        "text",
        "leads",
        "sponsor",
        "start",
        "due",
        "assurance",
        "impact",
        "measure",
        "resources",
    ]
    .iter()
    .map(|n| (n.to_string(), unescape(&field(page, n))))
    .collect();
    out.push(("version".into(), hidden(page, "version")));
    out.push(("fingerprint".into(), hidden(page, "fingerprint")));
    out
}

pub(crate) fn with(form: &[(String, String)], changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out = form.to_vec();
    for (k, v) in changes {
        match out.iter_mut().find(|(n, _)| n == k) {
            Some(slot) => slot.1 = (*v).to_string(),
            None => out.push(((*k).to_string(), (*v).to_string())),
        }
    }
    out
}

pub(crate) async fn post(c: &mut Client, uri: &str, form: &[(String, String)]) -> Page {
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    c.post(uri, &fields).await
}

#[tokio::test]
async fn an_owner_edits_an_action_and_untouched_fields_keep_what_was_stored() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let plan_id = council.plan_id;
        let before = action_by_ref(&state, plan_id, "2.3").await;
        let url = format!("/plans/{plan_id}/actions/{}", before.id);
        let mut owner = signed_in(&state, &council.owner.email).await;

        let page = owner.get(&url).await;
        assert!(page.body.contains(&format!("{url}/edit")), "edit link");
        assert!(page.body.contains("Add a sub-action"));
        let form = owner.get(&format!("{url}/edit")).await;
        assert_eq!(form.status, StatusCode::OK, "{}", db.backend);
        assert!(form.body.contains("Edit action 2.3"));
        assert_eq!(
            field(&form, "due"),
            before
                .due
                .as_ref()
                .map(|w| w.text.clone())
                .unwrap_or_default()
        );
        assert_eq!(field(&form, "leads"), "HoS CP");

        // Change the wording, a lead and the timescale; leave the rest.
        let sent = with(
            &action_form(&form),
            &[
                ("text", "Audit every child in need plan at 12 weeks"),
                ("leads", "HoS CP\r\nPractice Lead (West)\r\n"),
                ("due", "March 2027"),
            ],
        );
        let saved = post(&mut owner, &format!("{url}/edit"), &sent).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        assert_eq!(saved.location(), format!("{url}?done=edited"));
        let after = action_by_ref(&state, plan_id, "2.3").await;
        assert_eq!(after.text, "Audit every child in need plan at 12 weeks");
        assert_eq!(after.version, before.version + 1, "one change");
        let due = after.due.clone().expect("due");
        assert_eq!(
            (due.text.as_str(), due.date.map(|d| d.to_string())),
            ("March 2027", Some("2027-03-31".into()))
        );
        assert_eq!(
            after
                .leads
                .iter()
                .map(|l| (l.text.as_str(), l.person_id))
                .collect::<Vec<_>>(),
            [
                ("HoS CP", Some(council.lead.id)),
                ("Practice Lead (West)", None)
            ],
            "the linked lead keeps its person"
        );
        assert_eq!(after.start, before.start, "untouched start kept exactly");
        assert_eq!(after.assurance, before.assurance);
        assert_eq!(after.status, before.status, "status is not the edit form's");
        assert_eq!(after.updates.len(), before.updates.len());
        let shown = owner.get(&format!("{url}?done=edited")).await;
        assert!(shown.body.contains("Your changes have been saved."));
        assert!(shown.body.contains("Details edited"), "in the timeline");

        // Clearing the wording is refused, with the person's other changes kept.
        let form = owner.get(&format!("{url}/edit")).await;
        let sent = with(
            &action_form(&form),
            &[
                ("text", "   "),
                ("sponsor", "Director of Children's Services"),
            ],
        );
        let refused = post(&mut owner, &format!("{url}/edit"), &sent).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("Enter what the action is"));
        assert!(refused.body.contains("href=\"#text\""));
        assert!(refused.body.contains("Director of Children&#39;s Services"));
        // Too long is refused, not cut.
        let long = "x".repeat(600);
        let sent = with(&action_form(&form), &[("ref", long.as_str())]);
        let refused = post(&mut owner, &format!("{url}/edit"), &sent).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            refused
                .body
                .contains("Reference must be 500 characters or fewer")
        );
        assert_eq!(
            action_by_ref(&state, plan_id, "2.3").await.version,
            after.version,
            "nothing saved"
        );
    }
}

#[tokio::test]
async fn the_second_of_two_editors_sees_both_versions_and_nothing_is_overwritten() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let plan_id = council.plan_id;
        let a = action_by_ref(&state, plan_id, "2.5").await;
        let edit = format!("/plans/{plan_id}/actions/{}/edit", a.id);
        let mut owner = signed_in(&state, &council.owner.email).await;
        let mut contributor = signed_in(&state, &council.contributor.email).await;

        // Both open the form.
        let owner_form = action_form(&owner.get(&edit).await);
        let contributor_form = action_form(&contributor.get(&edit).await);

        // The contributor saves first.
        let theirs = "Weekly legal gateway panel, chaired by the Head of Service";
        let r = post(
            &mut contributor,
            &edit,
            &with(&contributor_form, &[("text", theirs)]),
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", db.backend);

        // The owner's save of the same field: a conflict page with both texts.
        let mine = "Fortnightly legal gateway panel with a written record of every decision";
        let conflict = post(&mut owner, &edit, &with(&owner_form, &[("text", mine)])).await;
        assert_eq!(conflict.status, StatusCode::CONFLICT, "{}", db.backend);
        assert!(conflict.body.contains("Someone else saved a change first"));
        assert!(conflict.body.contains(&council.contributor.name), "who");
        assert!(conflict.body.contains(theirs), "their version shown");
        assert!(conflict.body.contains(mine), "my version kept");
        assert!(conflict.body.contains("What differs"));
        let stored = action_by_ref(&state, plan_id, "2.5").await;
        assert_eq!(stored.text, theirs, "nothing overwritten");

        // Saving again from the conflict page is a deliberate choice, and it lands.
        let again = post(
            &mut owner,
            &edit,
            &with(&action_form(&conflict), &[("text", mine)]),
        )
        .await;
        assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
        assert_eq!(action_by_ref(&state, plan_id, "2.5").await.text, mine);

        // A change that did not touch the form's fields (an update) is no conflict.
        let form = action_form(&owner.get(&edit).await);
        let stored = action_by_ref(&state, plan_id, "2.5").await;
        state
            .store
            .write_update(
                stored.id,
                stored.version,
                assure_store::NewUpdate {
                    date: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
                    text: "Panel met twice".into(),
                    status: None,
                    period: None,
                },
                &assure_domain::model::Actor::user(&council.contributor),
            )
            .await
            .unwrap();
        let r = post(
            &mut owner,
            &edit,
            &with(&form, &[("sponsor", "Assistant Director")]),
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let stored = action_by_ref(&state, plan_id, "2.5").await;
        assert_eq!(stored.sponsor.as_deref(), Some("Assistant Director"));
        assert_eq!(stored.text, mine);
        assert!(stored.updates.iter().any(|u| u.text == "Panel met twice"));
    }
}

#[tokio::test]
async fn actions_and_sub_actions_are_added_and_deleted_after_confirmation() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let plan_id = council.plan_id;
        let plan = state.store.plan(plan_id).await.unwrap();
        let area = &plan.areas[2];
        let mut c = signed_in(&state, &council.contributor.email).await;

        // The table offers "Add an action" to a contributor, not "Edit area".
        let table = c.get(&format!("/plans/{plan_id}/actions")).await;
        assert!(
            table
                .body
                .contains(&format!("/areas/{}/actions/new", area.id))
        );
        assert!(!table.body.contains(&format!("/areas/{}/edit", area.id)));

        let new_url = format!("/plans/{plan_id}/areas/{}/actions/new", area.id);
        let form = c.get(&new_url).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("Add an action"));
        let empty = c.post(&new_url, &[("text", ""), ("version", "0")]).await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(empty.body.contains("Enter what the action is"));
        let added = c
            .post(
                &new_url,
                &[
                    ("ref", "3.9"),
                    ("text", "Launch a kinship carers' support group"),
                    ("leads", "HoS CP"),
                    ("due", "June 2027"),
                ],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
        let top = action_by_ref(&state, plan_id, "3.9").await;
        assert!(
            added
                .location()
                .ends_with(&format!("/actions/{}?done=added", top.id))
        );
        assert_eq!(top.leads[0].person_id, Some(council.lead.id), "lead linked");
        assert_eq!(
            state.store.plan(plan_id).await.unwrap().areas[2]
                .actions
                .last()
                .map(|a| a.id),
            Some(top.id),
            "last in its area"
        );

        // A sub-action beneath it.
        let sub_form = c.get(&format!("{new_url}?parent={}", top.id)).await;
        assert!(sub_form.body.contains("Add a sub-action"));
        assert!(sub_form.body.contains(&format!("value=\"{}\"", top.id)));
        let parent = top.id.to_string();
        let added = c
            .post(
                &new_url,
                &[
                    ("parent", parent.as_str()),
                    ("text", "Recruit two peer mentors"),
                ],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER);
        let top = action_by_ref(&state, plan_id, "3.9").await;
        assert_eq!(top.children.len(), 1);
        // A parent from another area, or not an id, is not found.
        let elsewhere = plan.areas[0].actions[0].id.to_string();
        for bad in [elsewhere.as_str(), "not-an-id"] {
            let r = c
                .post(&new_url, &[("parent", bad), ("text", "Stray")])
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "parent {bad}");
        }

        // Delete is the owner's: a contributor is refused and not offered the link.
        let del = format!("/plans/{plan_id}/actions/{}/delete", top.id);
        assert_eq!(c.get(&del).await.status, StatusCode::FORBIDDEN);
        let action_page = c.get(&format!("/plans/{plan_id}/actions/{}", top.id)).await;
        assert!(action_page.body.contains("Add a sub-action"));
        assert!(!action_page.body.contains(&del));
        let mut c = signed_in(&state, &council.owner.email).await;
        assert!(
            c.get(&format!("/plans/{plan_id}/actions/{}", top.id))
                .await
                .body
                .contains(&del)
        );

        // The confirmation says what else goes; a stale version deletes nothing.
        let confirm = c.get(&del).await;
        assert_eq!(confirm.status, StatusCode::OK);
        assert!(
            confirm
                .body
                .contains("Are you sure you want to delete action 3.9?")
        );
        assert!(confirm.body.contains("This also deletes its 1 sub-action."));
        let stale = (top.version - 1).to_string();
        let r = c.post(&del, &[("version", stale.as_str())]).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.body.contains("nothing has been deleted"));
        assert!(
            state
                .store
                .plan(plan_id)
                .await
                .unwrap()
                .find_action(top.id)
                .is_some()
        );
        let version = hidden(&r, "version");
        let r = c.post(&del, &[("version", version.as_str())]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(
            r.location(),
            format!("/plans/{plan_id}/actions?done=deleted")
        );
        assert!(
            state
                .store
                .plan(plan_id)
                .await
                .unwrap()
                .find_action(top.id)
                .is_none()
        );
        let table = c.get(r.location()).await;
        assert!(table.body.contains("The action has been deleted."));
        let trail = state.store.audit_trail(top.id).await.unwrap();
        assert_eq!(trail.last().map(|e| e.change.as_str()), Some("delete"));
    }
}

#[tokio::test]
async fn owners_edit_the_plan_and_its_areas_and_add_areas() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let plan_id = council.plan_id;
        let plan = state.store.plan(plan_id).await.unwrap();
        let mut owner = signed_in(&state, &council.owner.email).await;

        // The plan's details; the narrative's paragraphs survive untouched.
        let edit = format!("/plans/{plan_id}/edit");
        let form = owner.get(&edit).await;
        assert_eq!(form.status, StatusCode::OK, "{}", db.backend);
        let fields = [
            ("title", "Northbridge improvement plan 2026 to 2028"),
            ("organisation", ""),
            ("narrative", ""),
        ];
        let mut sent: Vec<(String, String)> = fields
            .iter()
            .map(|(k, _)| (k.to_string(), unescape(&field(&form, k))))
            .collect();
        sent.push(("version".into(), hidden(&form, "version")));
        sent.push(("fingerprint".into(), hidden(&form, "fingerprint")));
        let sent = with(&sent, &[("title", fields[0].1)]);
        let r = post(&mut owner, &edit, &sent).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(r.location(), format!("/plans/{plan_id}?done=edited"));
        let after = state.store.plan(plan_id).await.unwrap();
        assert_eq!(after.title, fields[0].1);
        assert_eq!(after.narrative, plan.narrative, "untouched narrative kept");
        assert_eq!(after.organisation, plan.organisation);
        let overview = owner.get(r.location()).await;
        assert!(
            overview
                .body
                .contains("The plan’s details have been saved.")
        );
        let blank = post(&mut owner, &edit, &with(&sent, &[("title", " ")])).await;
        assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(blank.body.contains("Enter the plan"));

        // An area.
        let area = &plan.areas[1];
        let area_edit = format!("/plans/{plan_id}/areas/{}/edit", area.id);
        let form = owner.get(&area_edit).await;
        assert_eq!(form.status, StatusCode::OK);
        let r = owner
            .post(
                &area_edit,
                &[
                    ("version", hidden(&form, "version").as_str()),
                    ("fingerprint", hidden(&form, "fingerprint").as_str()),
                    ("ref", "2"),
                    ("title", "Timely decisions in pre-proceedings"),
                    (
                        "objectives",
                        "Fewer drifting cases\r\n\r\nEvery case reviewed at 12 weeks",
                    ),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let after = state.store.plan(plan_id).await.unwrap();
        let saved = &after.areas[1];
        assert_eq!(saved.title, "Timely decisions in pre-proceedings");
        assert_eq!(
            saved.objectives,
            ["Fewer drifting cases", "Every case reviewed at 12 weeks"]
        );
        assert_eq!(saved.actions.len(), area.actions.len(), "actions kept");
        // A stale area form whose fields were changed since: a conflict.
        let r = owner
            .post(
                &area_edit,
                &[
                    ("version", hidden(&form, "version").as_str()),
                    ("fingerprint", hidden(&form, "fingerprint").as_str()),
                    ("title", "Something else"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.body.contains("Timely decisions in pre-proceedings"));
        assert!(r.body.contains("Something else"));

        // A new area, last.
        let r = owner
            .post(
                &format!("/plans/{plan_id}/areas/new"),
                &[("ref", "6"), ("title", "Workforce stability")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let after = state.store.plan(plan_id).await.unwrap();
        assert_eq!(
            after.areas.last().map(|a| a.title.as_str()),
            Some("Workforce stability")
        );

        // A lead and a contributor may not edit the plan or its areas.
        for email in [&council.lead.email, &council.contributor.email] {
            let mut c = signed_in(&state, email).await;
            assert_eq!(c.get(&edit).await.status, StatusCode::FORBIDDEN, "{email}");
            assert_eq!(c.get(&area_edit).await.status, StatusCode::FORBIDDEN);
        }
    }
}

#[tokio::test]
async fn people_change_their_own_password_and_are_signed_out_everywhere() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let email = council.viewer.email.clone();
        let mut here = signed_in(&state, &email).await;
        let mut elsewhere = signed_in(&state, &email).await;
        let form = here.get("/account/password").await;
        assert_eq!(form.status, StatusCode::OK, "{}", db.backend);
        assert!(form.body.contains("Change your password"));
        assert!(
            here.get("/")
                .await
                .body
                .contains("href=\"/account/password\"")
        );

        // Refusals: a wrong current password, a short one, a mismatch.
        let new = "a new and much longer passphrase";
        let cases: [(&str, &str, &str, &str); 5] = [
            (
                "not my password",
                new,
                new,
                "Enter your current password correctly",
            ),
            (PASSWORD, "short", "short", "at least 12 characters"),
            (
                PASSWORD,
                new,
                "something else entirely",
                "The passwords do not match",
            ),
            (
                PASSWORD,
                "aaaaaaaaaaaaaaaa",
                "aaaaaaaaaaaaaaaa",
                "This password would be easy to guess",
            ),
            (
                PASSWORD,
                "Password1234",
                "Password1234",
                "one of the most common",
            ),
        ];
        for (current, n, confirm, message) in cases {
            let r = here
                .post(
                    "/account/password",
                    &[("current", current), ("new", n), ("confirm", confirm)],
                )
                .await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
            assert!(r.body.contains(message), "{message}");
            for shown in [current, n, confirm] {
                let value = format!("value=\"{shown}\"");
                assert!(!r.body.contains(&value), "passwords are not shown back");
            }
        }

        let r = here
            .post(
                "/account/password",
                &[("current", PASSWORD), ("new", new), ("confirm", new)],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(r.body.contains("Your password has been changed."));
        // Both sessions have ended; the old password no longer works; the new one does.
        for c in [&mut here, &mut elsewhere] {
            let r = c.get("/").await;
            assert_eq!(r.status, StatusCode::SEE_OTHER);
            assert!(r.location().starts_with("/login"));
        }
        let mut again = Client::new(&state);
        assert_eq!(
            again.sign_in(&email, PASSWORD).await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            again.sign_in(&email, new).await.status,
            StatusCode::SEE_OTHER
        );
    }
}
