//! Plan settings and plan members: cadences, the status key, roles and leads.

use crate::support::{app, signed_in};
use assure_domain::PlanRole;
use assure_test_support as ts;
use axum::http::StatusCode;

/// The settings form as the page draws it for `plan`, with quarterly updates, monthly
/// reviews, six-monthly impact checks and stalled after four quarters chosen.
fn settings_form(plan: &assure_domain::model::StoredPlan) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = vec![
        ("version".into(), plan.version.to_string()),
        ("update_cadence".into(), "quarterly".into()),
        ("review_cadence".into(), "monthly".into()),
        ("impact_interval_months".into(), "6".into()),
        ("stalled_periods".into(), "4".into()),
        ("reminder_days".into(), "3".into()),
    ];
    // Each row's three fields, repeated in the page's order.
    for s in &plan.status_scheme {
        fields.push(("label".into(), s.label.clone()));
        fields.push(("meaning".into(), s.meaning.as_str().into()));
        fields.push((
            "description".into(),
            s.description.clone().unwrap_or_default(),
        ));
    }
    fields
}

#[tokio::test]
async fn an_owner_changes_settings_and_a_stale_form_is_a_conflict() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let settings = format!("/plans/{}/settings", council.plan_id);
        for email in [
            &council.viewer.email,
            &council.lead.email,
            &council.contributor.email,
        ] {
            let mut c = signed_in(&state, email).await;
            assert_eq!(c.get(&settings).await.status, StatusCode::FORBIDDEN);
        }
        let mut owner = signed_in(&state, &council.owner.email).await;
        let page = owner.get(&settings).await;
        assert_eq!(page.status, StatusCode::OK, "{}", db.backend);
        assert!(page.body.contains("Status scheme"));
        let plan = state.store.plan(council.plan_id).await.unwrap();
        let mut fields = settings_form(&plan);
        fields.push(("label_new".into(), "Paused".into()));
        fields.push(("meaning_new".into(), "at_risk".into()));
        fields.push(("description_new".into(), "Waiting on partners".into()));
        let as_refs = |f: &Vec<(String, String)>| -> Vec<(String, String)> { f.clone() };
        let f = as_refs(&fields);
        let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();

        let bad: Vec<(&str, &str)> = refs
            .iter()
            .map(|(k, v)| {
                if *k == "impact_interval_months" {
                    (*k, "often")
                } else {
                    (*k, *v)
                }
            })
            .collect();
        let invalid = owner.post(&settings, &bad).await;
        assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(invalid.body.contains("href=\"#impact_interval_months\""));
        assert!(invalid.body.contains("value=\"often\""));
        // Stalled after no period at all would call every action stalled.
        let never: Vec<(&str, &str)> = refs
            .iter()
            .map(|(k, v)| {
                if *k == "stalled_periods" {
                    (*k, "0")
                } else {
                    (*k, *v)
                }
            })
            .collect();
        let invalid = owner.post(&settings, &never).await;
        assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(invalid.body.contains("href=\"#stalled_periods\""));
        assert!(invalid.body.contains("a whole number from 1 to 24"));
        // A reminder a month before the deadline is no reminder.
        let early: Vec<(&str, &str)> = refs
            .iter()
            .map(|(k, v)| {
                if *k == "reminder_days" {
                    (*k, "21")
                } else {
                    (*k, *v)
                }
            })
            .collect();
        let invalid = owner.post(&settings, &early).await;
        assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(invalid.body.contains("href=\"#reminder_days\""));
        assert!(invalid.body.contains("a whole number from 0 to 20"));

        let saved = owner.post(&settings, &refs).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let after = state.store.plan(council.plan_id).await.unwrap();
        assert_eq!(
            after.settings.update_cadence,
            assure_domain::Schedule::Regular(assure_domain::Cadence::Quarterly)
        );
        assert_eq!(after.settings.impact_interval_months, 6);
        assert_eq!(after.settings.stalled_periods, 4);
        assert_eq!(after.settings.reminder_days, 3);
        assert_eq!(after.status_scheme.len(), plan.status_scheme.len() + 1);
        assert!(after.status_scheme.iter().any(|s| s.label == "Paused"));

        // The same form again, at the version read before: a conflict keeps the typing.
        let stale: Vec<(&str, &str)> = refs
            .iter()
            .map(|(k, v)| match *k {
                "impact_interval_months" => (*k, "9"),
                "label_new" => (*k, "Held"),
                _ => (*k, *v),
            })
            .collect();
        let conflict = owner.post(&settings, &stale).await;
        assert_eq!(conflict.status, StatusCode::CONFLICT, "{}", db.backend);
        assert!(
            conflict
                .body
                .contains("Someone else changed these settings")
        );
        assert!(conflict.body.contains("value=\"9\""));
        let unchanged = state.store.plan(council.plan_id).await.unwrap();
        assert_eq!(unchanged.settings.impact_interval_months, 6);

        // "Remove this status" takes a row out of the key; the others stay as they were.
        let page = owner.get(&settings).await;
        assert!(page.body.contains("Remove this status"));
        let mut fields = settings_form(&unchanged);
        let paused = unchanged
            .status_scheme
            .iter()
            .position(|s| s.label == "Paused")
            .expect("Paused is in the key");
        fields.push(("remove".into(), paused.to_string()));
        let refs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let removed = owner.post(&settings, &refs).await;
        assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
        let after = state.store.plan(council.plan_id).await.unwrap();
        let mut expected = unchanged.status_scheme.clone();
        expected.retain(|s| s.label != "Paused");
        assert_eq!(after.status_scheme, expected);
    }
}

#[tokio::test]
async fn an_owner_manages_members_and_links_a_lead() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let members = format!("/plans/{}/members", council.plan_id);
        for email in [
            &council.viewer.email,
            &council.lead.email,
            &council.contributor.email,
        ] {
            let mut c = signed_in(&state, email).await;
            assert_eq!(c.get(&members).await.status, StatusCode::FORBIDDEN);
        }
        let mut owner = signed_in(&state, &council.owner.email).await;
        let page = owner.get(&members).await;
        assert_eq!(page.status, StatusCode::OK, "{}", db.backend);
        assert!(page.body.contains(&council.viewer.name));
        assert!(page.body.contains("HoS CP"));

        let viewer = council.viewer.id.to_string();
        let give = owner
            .post(
                &members,
                &[("op", "role"), ("person", &viewer), ("role", "contributor")],
            )
            .await;
        assert_eq!(give.status, StatusCode::SEE_OTHER, "{}", give.body);
        assert_eq!(
            state
                .store
                .plan_role(council.plan_id, council.viewer.id)
                .await
                .unwrap(),
            Some(PlanRole::Contributor)
        );
        let no_role = owner
            .post(
                &members,
                &[("op", "role"), ("person", &viewer), ("role", "")],
            )
            .await;
        assert_eq!(no_role.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(no_role.body.contains("Choose a role"));

        // The only owner can be neither removed nor demoted; with a second, they can.
        let me = council.owner.id.to_string();
        for fields in [
            [("op", "remove"), ("person", me.as_str()), ("role", "")],
            [("op", "role"), ("person", me.as_str()), ("role", "viewer")],
        ] {
            let refused = owner.post(&members, &fields).await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(refused.body.contains("A plan needs an owner"));
        }
        assert_eq!(
            state
                .store
                .plan_role(council.plan_id, council.owner.id)
                .await
                .unwrap(),
            Some(PlanRole::Owner)
        );

        let remove = owner
            .post(&members, &[("op", "remove"), ("person", &viewer)])
            .await;
        assert_eq!(remove.status, StatusCode::SEE_OTHER);
        assert_eq!(
            state
                .store
                .plan_role(council.plan_id, council.viewer.id)
                .await
                .unwrap(),
            None
        );

        // Someone not of this council cannot be given a role.
        let outsider = uuid::Uuid::max().to_string();
        let foreign = owner
            .post(
                &members,
                &[("op", "role"), ("person", &outsider), ("role", "viewer")],
            )
            .await;
        assert_eq!(foreign.status, StatusCode::UNPROCESSABLE_ENTITY);

        let contributor = council.contributor.id.to_string();
        let link = owner
            .post(
                &members,
                &[
                    ("op", "leads"),
                    ("lead", "HoS CP"),
                    ("was", &council.lead.id.to_string()),
                    ("person", &contributor),
                ],
            )
            .await;
        assert_eq!(link.status, StatusCode::SEE_OTHER, "{}", link.body);
        let plan = state.store.plan(council.plan_id).await.unwrap();
        let linked = plan
            .areas
            .iter()
            .flat_map(|a| a.actions.iter())
            .flat_map(|a| a.walk())
            .flat_map(|a| a.leads.iter())
            .filter(|l| l.text == "HoS CP")
            .all(|l| l.person_id == Some(council.contributor.id));
        assert!(linked);
        let unknown = owner
            .post(
                &members,
                &[
                    ("op", "leads"),
                    ("lead", "Nobody"),
                    ("was", ""),
                    ("person", &contributor),
                ],
            )
            .await;
        assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}

/// A council whose board sets its own dates: the owner types them, a mistyped line is
/// named, and the round page then runs from one date to the next.
#[tokio::test]
async fn an_owner_sets_custom_update_dates_and_the_round_follows_them() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let settings = format!("/plans/{}/settings", council.plan_id);
        let mut owner = signed_in(&state, &council.owner.email).await;
        let plan = state.store.plan(council.plan_id).await.unwrap();
        let with = |cadence: &str, dates: &str| -> Vec<(String, String)> {
            settings_form(&plan)
                .into_iter()
                .map(|(k, v)| match k.as_str() {
                    "update_cadence" => (k, cadence.to_string()),
                    _ => (k, v),
                })
                .chain([("period_ends".to_string(), dates.to_string())])
                .collect()
        };

        let typo = with("custom", "15 January 2027\n31 Febuary 2027\n");
        let refs = pairs(&typo);
        let invalid = owner.post(&settings, &refs).await;
        assert_eq!(
            invalid.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            db.backend
        );
        assert!(
            invalid.body.contains("href=\"#period_ends\""),
            "{}",
            invalid.body
        );
        assert!(
            invalid
                .body
                .contains("Line 2, “31 Febuary 2027”, is not a date")
        );
        assert!(
            invalid.body.contains("31 Febuary 2027</textarea>"),
            "the typing is kept"
        );

        let none = with("custom", "  \n");
        let refs = pairs(&none);
        let invalid = owner.post(&settings, &refs).await;
        assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            invalid
                .body
                .contains("Enter at least one date a period ends on")
        );

        let good = with("custom", "12 March 2027\r\n15/01/2027\r\n2027-05-14");
        let refs = pairs(&good);
        let saved = owner.post(&settings, &refs).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let after = state.store.plan(council.plan_id).await.unwrap();
        assert_eq!(after.settings.update_cadence.as_str(), "custom");
        assert_eq!(after.settings.update_cadence.custom_dates().len(), 3);
        let page = owner.get(&settings).await;
        assert!(
            page.body
                .contains("15 January 2027\n12 March 2027\n14 May 2027</textarea>"),
            "the dates come back in order"
        );
        assert!(page.body.contains("<option value=\"custom\" selected"));

        let round = owner
            .get(&format!(
                "/plans/{}/round?period=2027-02-01",
                council.plan_id
            ))
            .await;
        assert_eq!(round.status, StatusCode::OK);
        assert!(
            round.body.contains("Period ending 12 March 2027"),
            "{}",
            db.backend
        );
        // The period before runs back from 15 January as far as the gap to 12 March.
        assert!(round.body.contains("Period ending 15 January 2027"));
        assert!(
            round.body.contains("period=2026-11-21"),
            "the previous period's link"
        );
    }
}

/// A form's fields as the test client posts them.
fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}
