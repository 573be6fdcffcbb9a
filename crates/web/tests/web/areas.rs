//! Everything an area holds is shown: its objectives, outcomes and measures on its own
//! page and on the overview, the plan's introduction and governance on the overview;
//! areas that share a title (a plan in phases) are named with their phase on every page;
//! an area with no actions says so.

use crate::support::{app, signed_in, unescape};
use assure_domain::model::Actor;
use assure_domain::{Action, Area, PlanDocument, PlanRole};
use assure_test_support as ts;
use axum::http::StatusCode;

/// A fictional plan in phases, in the shape councils write them: an introduction and a
/// governance section, a strategic area with no actions of its own, and one area carried
/// through two phases under the same title.
pub(crate) fn phased_plan() -> PlanDocument {
    let mut doc = PlanDocument::new("Northbridge Improvement Plan 2026 to 2027");
    doc.organisation = Some("Northbridge Borough Council".into());
    doc.narrative = vec![
        "Introduction".into(),
        "In March 2026 Ofsted inspected our services for children in need of help and protection."
            .into(),
        "Governance and Accountability".into(),
        "The Improvement Board meets monthly and reports to the Cabinet.\nThe Scrutiny Panel reviews progress each quarter."
            .into(),
    ];
    let action = |r: &str, text: &str| Action {
        r#ref: Some(r.into()),
        text: text.into(),
        leads: vec!["HoS CP".into()],
        ..Action::default()
    };
    doc.areas = vec![
        Area {
            title: "Strategic planning to support improvement".into(),
            objectives: vec!["A single improvement plan owned by the partnership".into()],
            ..Area::default()
        },
        Area {
            group: Some("PHASE 1 April-June 2026".into()),
            title: "Quality of assessments and plans".into(),
            objectives: vec![
                "Every child has an assessment that tells their story".into(),
                "Plans are specific and time-bound".into(),
            ],
            outcomes: vec!["Children's plans improve month on month".into()],
            measures: vec!["Audit grades of good or better rise to 60%".into()],
            narrative: vec!["Audits in February found plans too broad.".into()],
            actions: vec![action("1.1", "Introduce a practice standard for plans")],
            ..Area::default()
        },
        Area {
            group: Some("PHASE 2 July 2026-March 2027".into()),
            title: "Quality of assessments and plans".into(),
            actions: vec![action(
                "2.1",
                "Audit twenty plans a month against the standard",
            )],
            ..Area::default()
        },
    ];
    doc
}

/// Creates `doc` in the council's organisation with the council's people on it.
pub(crate) async fn create_with_people(
    state: &assure_web::AppState,
    council: &ts::Council,
    doc: &PlanDocument,
) -> uuid::Uuid {
    let sys = Actor::system("test");
    let id = state
        .store
        .create_plan(council.org.id, doc, &sys)
        .await
        .expect("plan");
    for (user, role) in [
        (&council.owner, PlanRole::Owner),
        (&council.viewer, PlanRole::Viewer),
    ] {
        state
            .store
            .set_plan_role(id, user.id, role, &sys)
            .await
            .expect("role");
    }
    id
}

#[tokio::test]
async fn an_area_page_shows_its_aims_and_the_overview_the_plans_own_words() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let id = create_with_people(&state, &council, &phased_plan()).await;
        let plan = state.store.plan(id).await.unwrap();
        let mut viewer = signed_in(&state, &council.viewer.email).await;

        let overview = viewer.get(&format!("/plans/{id}")).await;
        assert_eq!(overview.status, StatusCode::OK, "{}", db.backend);
        let body = unescape(&overview.body);
        // The introduction and governance, a paragraph's own line breaks kept.
        for words in [
            "Governance and Accountability",
            "In March 2026 Ofsted inspected our services",
            "The Improvement Board meets monthly and reports to the Cabinet.<br>The Scrutiny Panel",
        ] {
            assert!(body.contains(words), "overview lacks {words:?}");
        }
        // Every area, linked to its page, with its aims and how many actions it has.
        for area in &plan.areas {
            assert!(body.contains(&format!("href=\"/plans/{id}/areas/{}\"", area.id)));
        }
        assert!(body.contains("Every child has an assessment that tells their story"));
        assert!(body.contains("Audit grades of good or better rise to 60%"));
        assert!(body.contains("No actions in this area"));
        // The phase is part of the name where two areas share a title: the chart, its
        // table and the lists.
        let svg = &body[body.find("<svg").unwrap()..body.find("</svg>").unwrap()];
        assert!(svg.contains("PHASE 1 April-June 2026: Quality of assessments and plans"));
        assert!(svg.contains("PHASE 2 July 2026-March 2027: Quality of assessments and plans"));
        assert!(
            !svg.contains(">Quality of assessments and plans ("),
            "a bare shared title"
        );

        // The area page: name with its phase, objectives, outcomes, measures, its text and
        // its actions.
        let phase1 = &plan.areas[1];
        let page = viewer
            .get(&format!("/plans/{id}/areas/{}", phase1.id))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        let body = unescape(&page.body);
        assert!(body.contains(
            "<h1 class=\"govuk-heading-l\">PHASE 1 April-June 2026: Quality of assessments and plans</h1>"
        ));
        for words in [
            ">Objectives<",
            "Plans are specific and time-bound",
            ">Outcomes<",
            "Children's plans improve month on month",
            ">Measured by<",
            "Audits in February found plans too broad.",
            "Introduce a practice standard for plans",
        ] {
            assert!(body.contains(words), "area page lacks {words:?}");
        }
        assert!(
            !body.contains("Audit twenty plans"),
            "another phase's action"
        );
        // A viewer is not offered the edit links.
        assert!(!body.contains("/edit\""));

        // An area with no actions says so plainly, on its page and in the plan table.
        let empty = viewer
            .get(&format!("/plans/{id}/areas/{}", plan.areas[0].id))
            .await;
        assert!(empty.body.contains("No actions in this area."));
        assert!(!empty.body.contains("<table"));
        let table = viewer.get(&format!("/plans/{id}/actions")).await;
        let body = unescape(&table.body);
        assert!(body.contains("No actions in this area."));
        assert!(!body.contains("No actions yet"));
        // The table's headings and its area filter name the phase too.
        assert!(
            body.contains(">PHASE 2 July 2026-March 2027: Quality of assessments and plans</h2>")
        );
        assert!(body.contains(&format!(
            "<option value=\"{}\">PHASE 1 April-June 2026: Quality of assessments and plans</option>",
            phase1.id
        )));

        // The owner is offered the area's edit links; the action's breadcrumbs lead to it.
        let mut owner = signed_in(&state, &council.owner.email).await;
        let page = owner.get(&format!("/plans/{id}/areas/{}", phase1.id)).await;
        assert!(
            page.body
                .contains(&format!("/plans/{id}/areas/{}/edit", phase1.id))
        );
        let action = &phase1.actions[0];
        let action_page = owner
            .get(&format!("/plans/{id}/actions/{}", action.id))
            .await;
        assert!(
            action_page
                .body
                .contains(&format!("href=\"/plans/{id}/areas/{}\"", phase1.id))
        );

        // Another plan's area, an unknown one, and another council's person: not found.
        let other = state.store.plan(council.plan_id).await.unwrap();
        let elsewhere = viewer
            .get(&format!("/plans/{id}/areas/{}", other.areas[0].id))
            .await;
        assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
        let unknown = viewer
            .get(&format!("/plans/{id}/areas/{}", uuid::Uuid::now_v7()))
            .await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        let mut outsider = signed_in(&state, &council.outsider.email).await;
        let hidden = outsider
            .get(&format!("/plans/{id}/areas/{}", phase1.id))
            .await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    }
}
