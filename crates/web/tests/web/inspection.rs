//! The council and inspection record: shown on the overview, edited by the plan's owner
//! (and admins) on its own form — a bad date is a 422 naming the field, a save after
//! someone else's a 409 with both versions, every save audited.

use crate::editing::{field, hidden, post, with};
use crate::support::{app, signed_in, unescape};
use assure_domain::AuditChange;
use assure_domain::model::{Actor, InspectionRecord};
use assure_test_support as ts;
use axum::http::StatusCode;
use chrono::NaiveDate;

const FIELDS: [&str; 6] = [
    "organisation",
    "kind",
    "framework",
    "dates",
    "published",
    "judgements",
];

fn drawn(page: &crate::support::Page) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = FIELDS
        .iter()
        .map(|n| (n.to_string(), unescape(&field(page, n))))
        .collect();
    out.push(("version".into(), hidden(page, "version")));
    out.push(("fingerprint".into(), hidden(page, "fingerprint")));
    out
}

#[tokio::test]
async fn owners_record_the_council_and_inspection_and_bad_dates_are_refused() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let id = council.plan_id;
        let url = format!("/plans/{id}/inspection");

        // Viewers see the record but may not change it.
        let mut viewer = signed_in(&state, &council.viewer.email).await;
        assert_eq!(viewer.get(&url).await.status, StatusCode::FORBIDDEN);
        let overview = viewer.get(&format!("/plans/{id}")).await;
        assert!(overview.body.contains("Council and inspection"));
        assert!(!overview.body.contains(&url));

        let mut owner = signed_in(&state, &council.owner.email).await;
        assert!(owner.get(&format!("/plans/{id}")).await.body.contains(&url));
        let form = owner.get(&url).await;
        assert_eq!(form.status, StatusCode::OK, "{}", db.backend);
        let sent = drawn(&form);
        let good = with(
            &sent,
            &[
                ("organisation", "Northbridge Borough Council"),
                ("kind", "Inspection of local authority children's services"),
                ("framework", "ILACS"),
                ("dates", "2 to 13 March 2026"),
                ("published", "20th April 2026"),
                (
                    "judgements",
                    "Overall effectiveness: Requires improvement to be good\r\nThe impact of leaders: Good",
                ),
            ],
        );

        // Each bad field is named, and nothing is saved.
        let before = state.store.plan(id).await.unwrap();
        for (name, value, says) in [
            ("published", "31 February 2026", "as a real date"),
            ("published", "1 December 2026", "today or in the past"),
            ("published", "4 May 1066", "from 1992 onwards"),
            ("dates", "early spring", "with their year"),
            ("judgements", "Overall effectiveness", "line 1 has no grade"),
        ] {
            let r = post(&mut owner, &url, &with(&good, &[(name, value)])).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}={value}");
            assert!(r.body.contains("govuk-error-summary"));
            assert!(r.body.contains(&format!("href=\"#{name}\"")), "{name}");
            assert!(unescape(&r.body).contains(says), "{name}: {says}");
            // What the person typed is kept.
            assert!(unescape(&r.body).contains(value));
        }
        assert_eq!(state.store.plan(id).await.unwrap(), before, "nothing saved");

        let r = post(&mut owner, &url, &good).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(r.location(), format!("/plans/{id}?done=inspection"));
        let plan = state.store.plan(id).await.unwrap();
        assert_eq!(
            plan.organisation.as_deref(),
            Some("Northbridge Borough Council")
        );
        let i = plan.inspection.clone().expect("inspection");
        assert_eq!(i.framework.as_deref(), Some("ILACS"));
        assert_eq!(i.report_published, NaiveDate::from_ymd_opt(2026, 4, 20));
        assert_eq!(i.judgements.len(), 2);
        assert_eq!(i.judgements[1].area, "The impact of leaders");
        let trail = state.store.audit_trail(id).await.unwrap();
        let last = trail.last().unwrap();
        assert_eq!(last.change, AuditChange::SetInspection);
        assert_eq!(last.actor.user_id, Some(council.owner.id));

        // The overview shows it all.
        let overview = owner.get(r.location()).await;
        let body = unescape(&overview.body);
        for words in [
            "The council and inspection record has been saved.",
            "Northbridge Borough Council",
            "Inspection of local authority children's services",
            ">ILACS<",
            "2 to 13 March 2026",
            "20 April 2026",
            "The impact of leaders",
            "Requires improvement to be good",
        ] {
            assert!(body.contains(words), "overview lacks {words:?}");
        }

        // Someone else saves first, changing these fields: a 409 with both versions, and
        // theirs kept.
        let form = owner.get(&url).await;
        let mine = with(&drawn(&form), &[("framework", "SIF")]);
        let theirs = InspectionRecord {
            organisation: plan.organisation.clone(),
            inspection: Some(assure_domain::Inspection {
                framework: Some("JTAI".into()),
                ..i.clone()
            }),
        };
        state
            .store
            .update_inspection(id, plan.version, &theirs, &Actor::user(&council.admin))
            .await
            .unwrap();
        let r = post(&mut owner, &url, &mine).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert!(r.body.contains("Someone else saved a change first"));
        assert!(r.body.contains("JTAI") && r.body.contains("SIF"));
        assert_eq!(
            state
                .store
                .plan(id)
                .await
                .unwrap()
                .inspection
                .unwrap()
                .framework
                .as_deref(),
            Some("JTAI")
        );
        // Saving again from the conflict page is a deliberate choice, and goes through.
        let again = with(
            &mine,
            &[
                ("version", &hidden(&r, "version")),
                ("fingerprint", &hidden(&r, "fingerprint")),
            ],
        );
        let r = post(&mut owner, &url, &again).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(
            state
                .store
                .plan(id)
                .await
                .unwrap()
                .inspection
                .unwrap()
                .framework
                .as_deref(),
            Some("SIF")
        );

        // Viewers' posts are refused before anything is read.
        let refused = post(&mut viewer, &url, &good).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
}
