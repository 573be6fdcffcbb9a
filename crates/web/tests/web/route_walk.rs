//! Deny by default, proven: every route of the table, for every role, gets exactly the
//! answer the role model says — allowed, or refused (sign in, 403, or 404 for a plan that
//! is not theirs).

use crate::support::{Client, PASSWORD, app};
use assure_domain::roles::{Permission, allows};
use assure_test_support as ts;
use assure_web::route_table;
use assure_web::routing::Access;
use axum::http::{Method, StatusCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Allowed,
    SignIn,
    Refused,
}

#[tokio::test]
async fn every_route_answers_every_role_as_the_role_model_says() {
    let db = ts::sqlite_db();
    let (state, council) = app(&db).await;
    let plan = state.store.plan(council.plan_id).await.unwrap();
    // An action the `lead` person leads, for routes that name one.
    let led = plan
        .actions()
        .into_iter()
        .find(|(_, _, a)| a.is_led_by(council.lead.id))
        .expect("the lead leads an action")
        .2
        .id;

    // Its area, for routes that name one.
    let area = plan
        .actions()
        .into_iter()
        .find(|(_, _, a)| a.id == led)
        .expect("found above")
        .0
        .id;

    // A file of evidence on that action, for routes that name one.
    let key = assure_web::files::put(state.files.as_ref(), b"%PDF-1.7 walk".to_vec())
        .await
        .unwrap();
    let evidence = state
        .store
        .add_evidence(
            led,
            assure_store::NewEvidence::file("Walk", key, "walk.pdf", "application/pdf", 13),
            &assure_domain::model::Actor::system("test"),
        )
        .await
        .unwrap()
        .id;

    // An update written by the system, for the route that corrects one.
    let update = {
        let a = crate::support::action_by_ref(&state, council.plan_id, "2.3").await;
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        state
            .store
            .write_update(
                a.id,
                a.version,
                assure_store::NewUpdate::new(date, "Walk"),
                &assure_domain::model::Actor::system("test"),
            )
            .await
            .unwrap();
        crate::support::action_by_ref(&state, council.plan_id, "2.3")
            .await
            .updates
            .last()
            .unwrap()
            .id
    };

    // A live password link, for the route that opens one (a wrong one is "not found").
    let secret = assure_web::auth::token::random_token();
    state
        .store
        .create_password_reset(
            council.viewer.id,
            &assure_web::auth::token::hash_token(&secret),
            state.clock.now() + chrono::Duration::hours(24),
            &assure_domain::model::Actor::system("test"),
        )
        .await
        .unwrap();

    // A glossary entry of the plan, for the routes that change one.
    let entry = plan.glossary[0].id;

    // A meeting of the plan, for the meeting pages' routes. (The round page's remove
    // route keeps its placeholder: a meeting removed by the first owner would leave the
    // rest a page that is gone.) Closing it and sending empty decisions leave it in place.
    let meeting = state
        .store
        .create_meeting(
            council.plan_id,
            &assure_store::NewMeeting {
                date: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
                kind: "review".into(),
                attendees: String::new(),
                notes: String::new(),
            },
            &assure_domain::model::Actor::system("test"),
        )
        .await
        .unwrap()
        .id;

    // A measure of the plan, for the measure pages' routes. Removing it with the empty
    // form (no version) is a conflict, so it stays for the roles after.
    let measure = state
        .store
        .create_measure(
            council.plan_id,
            &assure_domain::measures::MeasureFields {
                name: "Audits graded good".into(),
                definition: None,
                unit: assure_domain::measures::Unit::Percentage,
                direction: assure_domain::measures::Direction::HigherIsBetter,
                frequency: assure_domain::measures::Frequency::Monthly,
                source: None,
                owner: None,
                tolerance: None,
                links: Vec::new(),
            },
            None,
            &assure_domain::model::Actor::system("test"),
        )
        .await
        .unwrap();

    // An import layout of the organisation, for the routes that delete one. Posting the
    // empty form (no confirm) deletes nothing, so it stays for the roles after.
    let layout = state
        .store
        .save_layout(
            council.org.id,
            &assure_store::NewLayout {
                name: "Walk".into(),
                signature: "ref|action".into(),
                corrections: serde_json::json!({}),
            },
            &assure_domain::model::Actor::system("test"),
        )
        .await
        .unwrap();

    let fill = |path: &str| {
        let path = if path.starts_with("/plans/{plan_id}/meetings/") {
            path.replace("{meeting_id}", &meeting.to_string())
        } else {
            path.to_string()
        };
        path.replace("{plan_id}", &council.plan_id.to_string())
            .replace("{action_id}", &led.to_string())
            .replace("{evidence_id}", &evidence.to_string())
            .replace("{area_id}", &area.to_string())
            .replace("{user_id}", &council.outsider.id.to_string())
            .replace("{token}", &secret)
            .replace("{update_id}", &update.to_string())
            .replace("{entry_id}", &entry.to_string())
            .replace("{measure_id}", &measure.to_string())
            .replace("{layout_id}", &layout.to_string())
            .replace("{*path}", "app.css")
    };

    let mut people: Vec<(String, Option<&assure_domain::model::User>)> =
        vec![("anonymous".into(), None)];
    for (user, _) in council.people() {
        people.push((user.email.clone(), Some(user)));
    }
    let mut checked = 0;
    for (who, user) in &people {
        // One sign-in per person (Argon2 is slow on purpose); again after signing out.
        let sign_in = async |user: Option<&assure_domain::model::User>| {
            let mut browser = Client::new(&state);
            if let Some(u) = user {
                let r = browser.sign_in(&u.email, PASSWORD).await;
                assert_eq!(r.status, StatusCode::SEE_OTHER, "{who} signs in");
                browser.get("/").await; // picks up the session's CSRF token
            } else {
                browser.get("/login").await; // the sign-in form's token
            }
            browser
        };
        let mut browser = sign_in(*user).await;
        for def in route_table() {
            let uri = fill(def.path);
            let page = if def.method == Method::GET {
                browser.get(&uri).await
            } else {
                browser.post(&uri, &[]).await
            };
            let got = match page.status {
                // The guard's redirect names where to come back to; logging out's does not.
                StatusCode::SEE_OTHER if page.location().starts_with("/login?next=") => {
                    Outcome::SignIn
                }
                StatusCode::UNAUTHORIZED if def.path != "/login" => Outcome::SignIn,
                StatusCode::FORBIDDEN | StatusCode::NOT_FOUND => Outcome::Refused,
                _ => Outcome::Allowed,
            };
            let expected = match (def.access, user) {
                (Access::Public, _) => Outcome::Allowed,
                (_, None) => Outcome::SignIn,
                (Access::SignedIn, Some(_)) => Outcome::Allowed,
                (Access::Org(p), Some(u)) => {
                    if allows(u.role, None, false, p) {
                        Outcome::Allowed
                    } else {
                        Outcome::Refused
                    }
                }
                (Access::Plan(p), Some(u)) => {
                    let role = state.store.plan_role(council.plan_id, u.id).await.unwrap();
                    let leads = u.id == council.lead.id;
                    // Removing evidence: its route lets in whoever sees the plan, and the
                    // handler only the person who added it (here the system, nobody) and
                    // those who may change the plan.
                    let p = if def.path.ends_with("/evidence/{evidence_id}/remove") {
                        Permission::EditPlan
                    } else {
                        p
                    };
                    // Correcting an update: only its author (here the system), so every
                    // person is refused.
                    let author_only = def.path.ends_with("/updates/{update_id}/correct");
                    if author_only {
                        Outcome::Refused
                    } else if allows(u.role, role, leads, p) {
                        Outcome::Allowed
                    } else {
                        Outcome::Refused
                    }
                }
            };
            assert_eq!(
                got, expected,
                "{who}: {} {} answered {}",
                def.method, def.path, page.status
            );
            checked += 1;
            if def.path == "/logout" || def.path == "/login" {
                browser = sign_in(*user).await;
            }
        }
    }
    assert!(checked >= 7 * 8, "walked only {checked} route × role pairs");
    println!("walked {checked} route × role pairs");
}
