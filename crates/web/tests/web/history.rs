//! Issue 8, item 10: a plan's history for owners and administrators: who did what and
//! when, before and after, filtered by person, action and date, and as CSV.

use crate::support::{action_by_ref, app, signed_in};
use assure_domain::model::Actor;
use assure_test_support as ts;
use axum::http::StatusCode;

#[tokio::test]
async fn owners_read_who_changed_what_filter_it_and_download_it() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let plan_id = council.plan_id;
        let a = action_by_ref(&state, plan_id, "2.3").await;
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        state
            .store
            .write_update(
                a.id,
                a.version,
                assure_store::NewUpdate::new(
                    date,
                    "=HYPERLINK(\"http://evil.example\") audit booked",
                ),
                &Actor::user(&council.lead),
            )
            .await
            .unwrap();

        let mut owner = signed_in(&state, &council.owner.email).await;
        let overview = owner.get(&format!("/plans/{plan_id}")).await;
        assert!(overview.body.contains(&format!("/plans/{plan_id}/history")));
        let page = owner.get(&format!("/plans/{plan_id}/history")).await;
        assert_eq!(page.status, StatusCode::OK, "{}", db.backend);
        assert!(page.body.contains(&council.lead.name), "who");
        assert!(page.body.contains("audit booked"), "what they wrote");
        assert!(
            page.body
                .contains(&format!("/plans/{plan_id}/actions/{}", a.id)),
            "links the action"
        );

        // By person: the import (the system) is left out when the lead is chosen.
        let url = format!(
            "/plans/{plan_id}/history?person={}",
            council.lead.name.replace(' ', "+")
        );
        let by_lead = owner.get(&url).await;
        assert!(by_lead.body.contains("1 change."), "{}", by_lead.body);
        // By action, and by dates (a day with nothing, and a bad date said plainly).
        let by_action = owner
            .get(&format!("/plans/{plan_id}/history?action=2.3"))
            .await;
        assert!(by_action.body.contains("audit booked"));
        let none = owner
            .get(&format!("/plans/{plan_id}/history?to=2000-01-01"))
            .await;
        assert!(none.body.contains("No changes match."));
        let bad = owner
            .get(&format!("/plans/{plan_id}/history?from=soon"))
            .await;
        assert_eq!(bad.status, StatusCode::OK);
        assert!(bad.body.contains("Enter the ‘from’ date as year-month-day"));

        // The CSV: the same rows, attachment, and no formula left for Excel to run.
        let csv = owner
            .get(&format!(
                "/plans/{plan_id}/history.csv?person={}",
                council.lead.name.replace(' ', "+")
            ))
            .await;
        assert_eq!(csv.status, StatusCode::OK);
        assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
        assert!(
            csv.headers["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment;")
        );
        let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 1, "{}", csv.body);
        assert_eq!(&rows[0][1], council.lead.name.as_str());
        assert!(rows[0][5].contains("audit booked"));
        assert!(
            !rows
                .iter()
                .flat_map(|r| r.iter())
                .any(|c| c.starts_with('='))
        );

        // Leads, contributors and viewers do not read the whole history.
        for who in [&council.lead, &council.contributor, &council.viewer] {
            let mut c = signed_in(&state, &who.email).await;
            let r = c.get(&format!("/plans/{plan_id}/history")).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", who.email);
            let r = c.get(&format!("/plans/{plan_id}/history.csv")).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", who.email);
        }
    }
}
