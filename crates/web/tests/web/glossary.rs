//! The plan's glossary in the web: read by everyone on the plan, changed by those who may
//! change the plan; a lead in initials the glossary lacks resolved in place from the
//! checks and the import's things to check; the glossary's names suggesting people; and
//! every lead linked on one form.

use crate::support::{action_by_ref, app, signed_in, unescape};
use assure_domain::model::{Actor, OrgRole};
use assure_domain::{AuditChange, AuditEntity};
use assure_test_support as ts;
use axum::http::StatusCode;

/// The `href` of the first link whose words start with `words`.
fn href_of(body: &str, words: &str) -> String {
    let body = unescape(body);
    let at = body
        .find(words)
        .unwrap_or_else(|| panic!("{words} in the page"));
    let open = body[..at].rfind("<a ").expect("a link");
    let start = open + body[open..].find("href=\"").expect("href") + 6;
    body[start..start + body[start..].find('"').unwrap()].to_string()
}

#[tokio::test]
async fn an_owner_adds_changes_and_removes_an_abbreviation_and_others_only_read() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let plan_id = council.plan_id;
        let glossary = format!("/plans/{plan_id}/glossary");
        // Everyone on the plan reads it; only owners and admins see the forms.
        for email in [
            &council.viewer.email,
            &council.lead.email,
            &council.contributor.email,
        ] {
            let mut c = signed_in(&state, email).await;
            let page = c.get(&glossary).await;
            assert_eq!(page.status, StatusCode::OK, "{email}");
            assert!(
                page.body
                    .contains("Head of Service, Child Protection and Court")
            );
            assert!(!page.body.contains("Add an abbreviation"), "{email}");
            let add = c.get(&format!("{glossary}/new")).await;
            assert_eq!(add.status, StatusCode::FORBIDDEN, "{email}");
            let post = c
                .post(&format!("{glossary}/new"), &[("abbreviation", "X")])
                .await;
            assert_eq!(post.status, StatusCode::FORBIDDEN, "{email}");
        }
        let mut outsider = signed_in(&state, &council.outsider.email).await;
        assert_eq!(outsider.get(&glossary).await.status, StatusCode::NOT_FOUND);

        let mut owner = signed_in(&state, &council.owner.email).await;
        let page = owner.get(&glossary).await;
        assert!(page.body.contains("Add an abbreviation"));
        // Refused: nothing, and an abbreviation already there in another case.
        owner.get(&format!("{glossary}/new")).await;
        let empty = owner
            .post(
                &format!("{glossary}/new"),
                &[("abbreviation", "  "), ("back", "")],
            )
            .await;
        assert_eq!(
            empty.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            db.backend
        );
        assert!(
            empty
                .body
                .contains("Enter the abbreviation as the plan writes it")
        );
        let twice = owner
            .post(&format!("{glossary}/new"), &[("abbreviation", "hos cp")])
            .await;
        assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(unescape(&twice.body).contains("“hos cp” is already in the glossary"));
        // Added, linked to a person, back to the glossary with a banner.
        let added = owner
            .post(
                &format!("{glossary}/new"),
                &[
                    ("abbreviation", " SM "),
                    ("title", "Service Manager, Safeguarding"),
                    ("name", "Sam Moss"),
                    ("person", &council.contributor.id.to_string()),
                    ("back", "https://elsewhere.example/"),
                ],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
        assert_eq!(added.location(), format!("{glossary}?done=glossary-added"));
        let page = owner.get(added.location()).await;
        assert!(
            page.body
                .contains("The abbreviation has been added to the glossary.")
        );
        assert!(page.body.contains("Service Manager, Safeguarding"));
        let plan = state.store.plan(plan_id).await.unwrap();
        let sm = plan
            .glossary
            .iter()
            .find(|g| g.abbreviation == "SM")
            .expect("SM");
        assert_eq!(sm.person_id, Some(council.contributor.id));

        // Changed; then a stale form is a conflict that keeps what was typed.
        let edit = format!("{glossary}/{}/edit", sm.id);
        assert_eq!(owner.get(&edit).await.status, StatusCode::OK);
        let changed = owner
            .post(
                &edit,
                &[
                    ("abbreviation", "SM"),
                    ("title", "Service Manager"),
                    ("name", ""),
                    ("person", ""),
                    ("version", &sm.version.to_string()),
                ],
            )
            .await;
        assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
        let stale = owner
            .post(
                &edit,
                &[
                    ("abbreviation", "SM"),
                    ("title", "Something else"),
                    ("version", &sm.version.to_string()),
                ],
            )
            .await;
        assert_eq!(stale.status, StatusCode::CONFLICT);
        assert!(stale.body.contains("Something else"));

        // Removed after the confirmation page.
        let plan = state.store.plan(plan_id).await.unwrap();
        let sm = plan
            .glossary
            .iter()
            .find(|g| g.abbreviation == "SM")
            .unwrap();
        assert_eq!(sm.title.as_deref(), Some("Service Manager"));
        let remove = format!("{glossary}/{}/remove", sm.id);
        assert!(owner.get(&remove).await.body.contains("from the glossary?"));
        let gone = owner
            .post(&remove, &[("version", &sm.version.to_string())])
            .await;
        assert_eq!(gone.status, StatusCode::SEE_OTHER);
        let plan = state.store.plan(plan_id).await.unwrap();
        assert!(plan.glossary.iter().all(|g| g.abbreviation != "SM"));
        let changes: Vec<AuditChange> = state
            .store
            .audit_trail(plan_id)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.entity == AuditEntity::GlossaryEntry)
            .map(|e| e.change)
            .collect();
        assert_eq!(
            changes,
            [
                AuditChange::Create,
                AuditChange::Update,
                AuditChange::Delete
            ],
            "{}",
            db.backend
        );
    }
}

#[tokio::test]
async fn a_lead_not_in_the_glossary_is_added_from_its_finding_and_the_finding_goes() {
    let db = ts::sqlite_db();
    let (state, council) = app(&db).await;
    let plan_id = council.plan_id;
    // Action 2.3 is given a lead in initials the demo's glossary does not list.
    let a = action_by_ref(&state, plan_id, "2.3").await;
    state
        .store
        .edit_action(
            a.id,
            a.version,
            &a.fields(),
            vec!["JB".into()],
            &Actor::system("test"),
        )
        .await
        .unwrap();
    let mut owner = signed_in(&state, &council.owner.email).await;
    let checks = owner.get(&format!("/plans/{plan_id}/checks")).await;
    let body = unescape(&checks.body);
    assert!(
        body.contains("The lead “JB” is not in the plan’s glossary."),
        "{body}"
    );
    let add = href_of(&checks.body, "Add “JB” to the glossary");
    assert!(
        add.starts_with(&format!("/plans/{plan_id}/glossary/new?")),
        "{add}"
    );
    // The form is prefilled, and returns to the checks.
    let form = owner.get(&add).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("value=\"JB\""));
    let back = format!("/plans/{plan_id}/checks");
    let saved = owner
        .post(
            &format!("/plans/{plan_id}/glossary/new"),
            &[
                ("abbreviation", "JB"),
                ("title", "Head of Quality"),
                ("back", &back),
            ],
        )
        .await;
    assert_eq!(saved.location(), format!("{back}?done=glossary-added"));
    let checks = owner.get(saved.location()).await;
    let body = unescape(&checks.body);
    assert!(body.contains("The abbreviation has been added to the glossary."));
    assert!(
        !body.contains("“JB” is not in the plan’s glossary"),
        "resolved in place"
    );
    // A viewer sees the finding but no form to add it.
    let b = action_by_ref(&state, plan_id, "2.4").await;
    state
        .store
        .edit_action(
            b.id,
            b.version,
            &b.fields(),
            vec!["ZQ".into()],
            &Actor::system("test"),
        )
        .await
        .unwrap();
    let mut viewer = signed_in(&state, &council.viewer.email).await;
    let checks = viewer.get(&format!("/plans/{plan_id}/checks")).await;
    let body = unescape(&checks.body);
    assert!(body.contains("The lead “ZQ” is not in the plan’s glossary."));
    assert!(!body.contains("Add “ZQ” to the glossary"));
}

#[tokio::test]
async fn the_import_report_offers_the_glossary_for_a_lead_it_lacks() {
    let db = ts::sqlite_db();
    let (state, council) = app(&db).await;
    let report = vec![assure_domain::import_report::ReportItem {
        concern: "Lead not in the glossary".into(),
        place: "Area 1, action 1.2".into(),
        text: "DM CIN".into(),
        advice: "The plan's glossary does not list this lead; add it or correct the spelling."
            .into(),
    }];
    let id = state
        .store
        .create_imported_plan(
            council.org.id,
            &ts::demo_plan(),
            &report,
            &Actor::user(&council.admin),
        )
        .await
        .unwrap();
    let mut admin = signed_in(&state, &council.admin.email).await;
    let page = admin.get(&format!("/plans/{id}/import-report")).await;
    let add = href_of(&page.body, "Add “DM CIN” to the glossary");
    assert!(add.contains("back=%2Fplans%2F"), "{add}");
    let item = state.store.import_report(id).await.unwrap()[0].id;
    let back = format!("/plans/{id}/import-report#item-{item}");
    let saved = admin
        .post(
            &format!("/plans/{id}/glossary/new"),
            &[("abbreviation", "DM CIN"), ("back", &back)],
        )
        .await;
    assert_eq!(
        saved.location(),
        format!("/plans/{id}/import-report?done=glossary-added#item-{item}")
    );
    let page = admin.get(saved.location().split('#').next().unwrap()).await;
    let body = unescape(&page.body);
    assert!(body.contains("The abbreviation has been added to the glossary."));
    assert!(
        body.contains("“DM CIN” is in the plan’s glossary now."),
        "{body}"
    );
    assert!(!body.contains("Add “DM CIN” to the glossary"));
}

#[tokio::test]
async fn the_glossary_suggests_people_and_every_lead_is_linked_on_one_form() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let plan_id = council.plan_id;
        // A person of the council whom the demo's glossary names for "KM".
        let kerry = state
            .store
            .create_user(
                assure_store::NewUser {
                    org_id: council.org.id,
                    email: "kerry@northbridge.example".into(),
                    name: "Kerry Moss".into(),
                    role: OrgRole::Member,
                    password_hash: None,
                },
                &Actor::system("test"),
            )
            .await
            .unwrap();
        let members = format!("/plans/{plan_id}/members");
        let mut owner = signed_in(&state, &council.owner.email).await;
        let page = owner.get(&members).await;
        let body = unescape(&page.body);
        assert!(
            body.contains("Suggested: the glossary names Kerry Moss"),
            "{}",
            db.backend
        );
        assert!(
            body.contains(&format!(
                "<option value=\"{}\" selected>Kerry Moss (named in the glossary)",
                kerry.id
            )),
            "preselected"
        );
        // One form: HoS CP stays with the lead (unchanged row), KM goes to Kerry, RT to the
        // viewer. Only the two changed rows are saved, each its own event.
        let lead = council.lead.id.to_string();
        let viewer = council.viewer.id.to_string();
        let kerry_id = kerry.id.to_string();
        let saved = owner
            .post(
                &members,
                &[
                    ("op", "leads"),
                    ("lead", "HoS CP"),
                    ("was", &lead),
                    ("person", &lead),
                    ("lead", "KM"),
                    ("was", ""),
                    ("person", &kerry_id),
                    ("lead", "RT"),
                    ("was", ""),
                    ("person", &viewer),
                ],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let plan = state.store.plan(plan_id).await.unwrap();
        let person_of = |text: &str| {
            plan.actions()
                .into_iter()
                .flat_map(|(_, _, a)| a.leads.clone())
                .find(|l| l.text == text)
                .and_then(|l| l.person_id)
        };
        assert_eq!(person_of("KM"), Some(kerry.id));
        assert_eq!(person_of("RT"), Some(council.viewer.id));
        assert_eq!(person_of("HoS CP"), Some(council.lead.id));
        let links = state
            .store
            .audit_trail(plan_id)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.change == AuditChange::LinkLead)
            .count();
        assert_eq!(links, 1 + 2, "the seed's link, then one per changed row");
        // A row drawn before someone else linked it keeps their choice; the page says so.
        let stale = owner
            .post(
                &members,
                &[
                    ("op", "leads"),
                    ("lead", "KM"),
                    ("was", ""),
                    ("person", &lead),
                ],
            )
            .await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{}", db.backend);
        assert!(unescape(&stale.body).contains("Someone else linked “KM” while you were choosing"));
        let plan = state.store.plan(plan_id).await.unwrap();
        assert!(
            plan.actions()
                .into_iter()
                .flat_map(|(_, _, a)| a.leads.clone())
                .filter(|l| l.text == "KM")
                .all(|l| l.person_id == Some(kerry.id))
        );
        // A person of another council is refused, and nothing is saved.
        let refused = owner
            .post(
                &members,
                &[
                    ("op", "leads"),
                    ("lead", "RT"),
                    ("was", &viewer),
                    ("person", &uuid::Uuid::max().to_string()),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}
