//! Home, plan import, people, plan settings and members: every page and form, allowed and
//! refused, on both backends.

mod support;

use assure_domain::PlanRole;
use assure_test_support as ts;
use axum::http::StatusCode;
use support::{Client, Page, app, signed_in};

const CSV: &str = "Priority,What?,Who?,How?,When?,RAG\n\
Priority 1: Children are seen promptly,Agree a duty rota for visits,HoS / TM,Weekly duty report to DLT,31/03/2023,Green\n\
,Audit 20 visits a month,QA Lead,Audit report to board,Monthly from April 2023,Amber\n\
Priority 2: Plans are SMART,Train all managers in SMART planning,PSW & L&D,Training records,June 2023,Red\n";

/// One part of a multipart body: (name, file name, bytes).
type Part<'a> = (&'a str, Option<&'a str>, &'a [u8]);

/// Posts a multipart form as the import forms do.
async fn post_multipart(client: &mut Client, path: &str, parts: &[Part<'_>]) -> Page {
    client.post_multipart(path, parts).await
}

/// The hidden document field of an import preview, unescaped.
fn hidden_document(page: &Page) -> String {
    let at = page
        .body
        .find("name=\"document\" value=\"")
        .expect("document field");
    let rest = &page.body[at + "name=\"document\" value=\"".len()..];
    let raw = &rest[..rest.find('"').unwrap()];
    support::unescape(raw)
}

#[tokio::test]
async fn home_shows_my_actions_and_my_plans() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let mut lead = signed_in(&state, &council.lead.email).await;
        let home = lead.get("/").await;
        assert_eq!(home.status, StatusCode::OK, "{}", db.backend);
        assert!(home.body.contains("My actions"));
        assert!(home.body.contains("Due an update this period"));
        assert!(home.body.contains("Impact checks due"));
        assert!(
            !home.body.contains("Awaiting my sign-off"),
            "a lead never signs off"
        );
        assert!(
            home.body
                .contains(&format!("href=\"/plans/{}\"", council.plan_id))
        );
        // The lead leads "HoS CP" actions, none updated this period in the seed.
        assert!(
            home.body
                .contains(&format!("/plans/{}/actions/", council.plan_id)),
            "{}: the lead sees their actions",
            db.backend
        );

        let mut outsider = signed_in(&state, &council.outsider.email).await;
        let theirs = outsider.get("/").await;
        assert_eq!(theirs.status, StatusCode::OK);
        assert!(!theirs.body.contains(&council.plan_id.to_string()));

        let mut owner = signed_in(&state, &council.owner.email).await;
        let o = owner.get("/").await;
        assert!(o.body.contains("Awaiting my sign-off"));
    }
}

#[tokio::test]
async fn an_admin_adds_people_and_a_member_may_not() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let mut member = signed_in(&state, &council.owner.email).await;
        assert_eq!(member.get("/people").await.status, StatusCode::FORBIDDEN);
        let refused = member
            .post(
                "/people",
                &[
                    ("name", "Sneaky"),
                    ("email", "sneaky@northbridge.example"),
                    ("role", "admin"),
                    ("password", "a long enough password"),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        let mut admin = signed_in(&state, &council.admin.email).await;
        let list = admin.get("/people").await;
        assert_eq!(list.status, StatusCode::OK, "{}", db.backend);
        assert!(list.body.contains(&council.lead.name));
        assert!(list.body.contains("Administrator"));

        let short = admin
            .post(
                "/people",
                &[
                    ("name", "Kemi Adeyemi"),
                    ("email", "kemi@northbridge.example"),
                    ("role", "member"),
                    ("password", "short"),
                ],
            )
            .await;
        assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(short.body.contains("govuk-error-summary"));
        assert!(short.body.contains("at least 12 characters"));
        assert!(
            short.body.contains("value=\"Kemi Adeyemi\""),
            "keeps what was typed"
        );
        for (weak, why) in [
            ("aaaaaaaaaaaaaaaa", "easy to guess"),
            ("kemi.adeyemi2026", "your own name or email"),
        ] {
            let refused = admin
                .post(
                    "/people",
                    &[
                        ("name", "Kemi Adeyemi"),
                        ("email", "kemi@northbridge.example"),
                        ("role", "member"),
                        ("password", weak),
                    ],
                )
                .await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{weak}");
            assert!(refused.body.contains(why), "{weak}: {}", refused.body);
        }

        let bad = admin
            .post(
                "/people",
                &[
                    ("name", "Kemi Adeyemi"),
                    ("email", "kemi"),
                    ("role", "member"),
                    ("password", "a long enough password"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("href=\"#email\""));

        let ok = admin
            .post(
                "/people",
                &[
                    ("name", "Kemi Adeyemi"),
                    ("email", "kemi@northbridge.example"),
                    ("role", "member"),
                    ("password", "a long enough password"),
                ],
            )
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        let people = state.store.users(council.org.id).await.unwrap();
        assert!(people.iter().any(|p| p.email == "kemi@northbridge.example"));
        let mut kemi = Client::new(&state);
        let signed = kemi
            .sign_in("kemi@northbridge.example", "a long enough password")
            .await;
        assert_eq!(
            signed.status,
            StatusCode::SEE_OTHER,
            "the new person can sign in"
        );

        let dup = admin
            .post(
                "/people",
                &[
                    ("name", "Kemi Again"),
                    ("email", &council.lead.email),
                    ("role", "member"),
                    ("password", "a long enough password"),
                ],
            )
            .await;
        assert_eq!(
            dup.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            db.backend
        );
        assert!(dup.body.contains("already has this email"));
    }
}

/// The settings form as the page draws it for `plan`, with quarterly updates, monthly
/// reviews and six-monthly impact checks chosen.
fn settings_form(plan: &assure_domain::model::StoredPlan) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = vec![
        ("version".into(), plan.version.to_string()),
        ("update_cadence".into(), "quarterly".into()),
        ("review_cadence".into(), "monthly".into()),
        ("impact_interval_months".into(), "6".into()),
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

        let saved = owner.post(&settings, &refs).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let after = state.store.plan(council.plan_id).await.unwrap();
        assert_eq!(
            after.settings.update_cadence,
            assure_domain::Cadence::Quarterly
        );
        assert_eq!(after.settings.impact_interval_months, 6);
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
                &[("op", "lead"), ("lead", "HoS CP"), ("person", &contributor)],
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
                &[("op", "lead"), ("lead", "Nobody"), ("person", &contributor)],
            )
            .await;
        assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}

async fn import_journey(db: &ts::TestDb, file_name: &str, bytes: &[u8]) {
    let (state, council) = app(db).await;
    let expected = assure_import::import_bytes(file_name, bytes, &Default::default())
        .expect("the file imports")
        .document;
    let expected_actions: usize = expected.areas.iter().map(|a| count(&a.actions)).sum();

    let mut owner = signed_in(&state, &council.owner.email).await;
    assert_eq!(
        owner.get("/plans/import").await.status,
        StatusCode::FORBIDDEN
    );
    let refused = post_multipart(
        &mut owner,
        "/plans/import",
        &[("file", Some(file_name), bytes)],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let mut admin = signed_in(&state, &council.admin.email).await;
    let form = admin.get("/plans/import").await;
    assert_eq!(form.status, StatusCode::OK, "{}", db.backend);
    assert!(form.body.contains("enctype=\"multipart/form-data\""));
    let before = state
        .store
        .plans_for_user(&council.admin)
        .await
        .unwrap()
        .len();

    let empty = post_multipart(&mut admin, "/plans/import", &[("text", None, b"")]).await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert!(empty.body.contains("govuk-error-summary"));

    let preview = post_multipart(
        &mut admin,
        "/plans/import",
        &[("file", Some(file_name), bytes)],
    )
    .await;
    assert_eq!(
        preview.status,
        StatusCode::OK,
        "{}: {}",
        db.backend,
        preview.body
    );
    assert!(preview.body.contains("Nothing has been saved yet"));
    // Each area shows its first five rows in order, sub-actions included, as counted.
    let areas = &preview.body[preview
        .body
        .find("<h2 class=\"govuk-heading-m\">Areas for improvement</h2>")
        .expect("areas")..];
    let shown = areas.matches("<tr class=\"govuk-table__row\"><td").count();
    let want: usize = expected
        .areas
        .iter()
        .map(|a| count(&a.actions).min(5))
        .sum();
    assert_eq!(shown, want, "{file_name}: preview rows");
    assert!(
        preview
            .body
            .contains(&format!("id=\"area-count\">{}<", expected.areas.len())),
        "{file_name}: area count"
    );
    assert!(
        preview
            .body
            .contains(&format!("id=\"action-count\">{expected_actions}<"))
    );
    let escaped_title = expected
        .title
        .replace('&', "&amp;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;");
    assert!(
        preview.body.contains(&expected.title) || preview.body.contains(&escaped_title),
        "{file_name}: title {}",
        expected.title
    );
    assert_eq!(
        state
            .store
            .plans_for_user(&council.admin)
            .await
            .unwrap()
            .len(),
        before,
        "nothing is saved before confirming"
    );

    let json = hidden_document(&preview);
    let tampered = json.replacen("\"areas\"", "\"areas_x\"", 1).replacen(
        &format!("\"format\":\"{}\"", expected.format),
        "\"format\":\"something-else\"",
        1,
    );
    let bad = post_multipart(
        &mut admin,
        "/plans/import/confirm",
        &[("document", None, tampered.as_bytes())],
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
    assert!(bad.body.contains("nothing was saved"));
    let garbage = post_multipart(
        &mut admin,
        "/plans/import/confirm",
        &[("document", None, b"{not json")],
    )
    .await;
    assert_eq!(garbage.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        state
            .store
            .plans_for_user(&council.admin)
            .await
            .unwrap()
            .len(),
        before
    );
    let by_owner = post_multipart(
        &mut owner,
        "/plans/import/confirm",
        &[("document", None, json.as_bytes())],
    )
    .await;
    assert_eq!(by_owner.status, StatusCode::FORBIDDEN);

    let created = post_multipart(
        &mut admin,
        "/plans/import/confirm",
        &[("document", None, json.as_bytes())],
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let id: uuid::Uuid = created
        .location()
        .strip_prefix("/plans/")
        .unwrap()
        .parse()
        .unwrap();
    let plan = state.store.plan(id).await.unwrap();
    assert_eq!(plan.title, expected.title);
    assert_eq!(plan.areas.len(), expected.areas.len());
    let actions: usize = plan
        .areas
        .iter()
        .flat_map(|a| a.actions.iter())
        .map(|a| a.walk().len())
        .sum();
    assert_eq!(actions, expected_actions);
    assert_eq!(
        state.store.plan_role(id, council.admin.id).await.unwrap(),
        Some(PlanRole::Owner)
    );
    // A plan written without a status key is given the usual one, and told so.
    if expected.status_scheme.is_empty() {
        assert!(preview.body.contains("The plan has no status key"));
        assert_eq!(plan.status_scheme, assure_domain::status::brag_scheme());
    } else {
        assert!(!preview.body.contains("The plan has no status key"));
        assert_eq!(plan.status_scheme, expected.status_scheme);
    }
}

fn count(actions: &[assure_domain::Action]) -> usize {
    actions.iter().map(|a| 1 + count(&a.children)).sum()
}

#[tokio::test]
async fn an_admin_imports_a_csv_previews_and_confirms() {
    for db in ts::databases().await {
        import_journey(&db, "plan.csv", CSV.as_bytes()).await;
    }
}

#[tokio::test]
async fn an_admin_imports_the_word_fixture() {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/plan-000.docx");
    let Ok(bytes) = std::fs::read(&path) else {
        println!("skipped: {} not found", path.display());
        return;
    };
    for db in ts::databases().await {
        import_journey(&db, "plan-000.docx", &bytes).await;
    }
}

#[tokio::test]
async fn pasted_text_imports_too() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let mut admin = signed_in(&state, &council.admin.email).await;
        admin.get("/plans/import").await;
        // Our own fictional plan, as it reads when pasted from Word.
        let text = std::fs::read_to_string(
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../import/tests/fixtures/nested-refs.txt"),
        )
        .expect("fixture");
        let preview = post_multipart(
            &mut admin,
            "/plans/import",
            &[("text", None, text.as_bytes())],
        )
        .await;
        assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
        assert!(preview.body.contains("Nothing has been saved yet"));
        assert!(preview.body.contains("Quality of Practice Action Plan"));
        assert!(preview.body.contains("Rewrite the supervision policy"));
        // Text with no plan in it is refused with a clear error, nothing saved.
        let before = state.store.plans(None).await.unwrap().len();
        let refused = post_multipart(
            &mut admin,
            "/plans/import",
            &[("text", None, b"Minutes of the meeting: apologies from Sam.")],
        )
        .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert!(refused.body.contains("govuk-error-summary"));
        assert!(refused.body.contains("could not be imported"));
        assert_eq!(state.store.plans(None).await.unwrap().len(), before);
    }
}
