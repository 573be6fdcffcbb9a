//! The plan's members: who has which role on the plan, and which person each lead of
//! the plan is (a lead written "HoS CP" in the plan linked to the person who is it).

use crate::auth::CurrentUser;
use crate::components::Choice;
use crate::routing::{Access, RouteDef};
use crate::views::chrome::Chrome;
use crate::views::form::{FieldErrors, invalid};
use crate::views::page::PlanPage;
use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::model::Actor;
use assure_domain::roles::Permission;
use assure_store::StoreError;
use axum::Form;
use axum::response::{IntoResponse, Redirect, Response};

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    vec![
        RouteDef::get(
            "/plans/{plan_id}/members",
            Access::Plan(Permission::ManageMembers),
            members_get,
        ),
        RouteDef::post(
            "/plans/{plan_id}/members",
            Access::Plan(Permission::ManageMembers),
            members_post,
        ),
    ]
}

/// One distinct lead text of the plan, with its glossary entry and whom it is linked to.
pub(crate) struct LeadRow {
    pub text: String,
    pub glossary: String,
    pub person: String,
    pub person_id: String,
    pub actions: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "settings_members.html")]
pub(crate) struct MembersPage {
    chrome: Chrome,
    plan_id: uuid::Uuid,
    plan_title: String,
    members: Vec<(assure_domain::model::User, &'static str)>,
    people: Vec<assure_domain::model::User>,
    leads: Vec<LeadRow>,
    errors: FieldErrors,
    notice: String,
    csrf: String,
}

impl MembersPage {
    fn people_choices(&self, current: &str) -> Vec<Choice> {
        let mut v = vec![Choice::new("", "Choose a person").checked_if(current)];
        v.extend(self.people.iter().map(|p| {
            Choice::new(p.id.to_string(), format!("{} ({})", p.name, p.email)).checked_if(current)
        }));
        v
    }

    fn role_choices(&self) -> Vec<Choice> {
        let mut v = vec![Choice::new("", "Choose a role")];
        v.extend(
            assure_domain::PlanRole::ALL
                .into_iter()
                .map(|r| Choice::new(r.as_str(), role_name(r))),
        );
        v
    }
}

pub(crate) fn role_name(r: assure_domain::PlanRole) -> &'static str {
    match r {
        assure_domain::PlanRole::Owner => "Owner",
        assure_domain::PlanRole::Lead => "Lead",
        assure_domain::PlanRole::Contributor => "Contributor",
        assure_domain::PlanRole::Viewer => "Viewer",
    }
}

fn lead_rows(
    plan: &assure_domain::model::StoredPlan,
    people: &[assure_domain::model::User],
) -> Vec<LeadRow> {
    let mut rows: Vec<LeadRow> = Vec::new();
    for area in &plan.areas {
        for top in &area.actions {
            for a in top.walk() {
                for l in &a.leads {
                    let at = match rows.iter().position(|r| r.text == l.text) {
                        Some(i) => i,
                        None => {
                            let g = plan.glossary.iter().find(|g| g.abbreviation == l.text);
                            let glossary = g
                                .map(|g| {
                                    [g.title.as_deref(), g.name.as_deref()]
                                        .into_iter()
                                        .flatten()
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                })
                                .unwrap_or_default();
                            rows.push(LeadRow {
                                text: l.text.clone(),
                                glossary,
                                person: String::new(),
                                person_id: String::new(),
                                actions: 0,
                            });
                            rows.len() - 1
                        }
                    };
                    rows[at].actions += 1;
                    if let Some(pid) = l.person_id {
                        rows[at].person_id = pid.to_string();
                        rows[at].person = people
                            .iter()
                            .find(|p| p.id == pid)
                            .map(|p| p.name.clone())
                            .unwrap_or_default();
                    }
                }
            }
        }
    }
    rows
}

async fn members_page(
    state: &AppState,
    me: &CurrentUser,
    plan_id: uuid::Uuid,
    errors: FieldErrors,
    notice: String,
) -> Result<MembersPage, Error> {
    let plan = state.plan(plan_id).await?;
    let members = state
        .store
        .plan_members(plan_id)
        .await?
        .into_iter()
        .map(|(u, r)| (u, role_name(r)))
        .collect();
    // A disabled person is not offered for a role or a lead.
    let mut people = state.store.users(plan.org_id).await?;
    people.retain(|p| !p.disabled);
    let leads = lead_rows(&plan, &people);
    Ok(MembersPage {
        chrome: Chrome::for_user(me, "plans"),
        plan_id,
        plan_title: plan.title.clone(),
        members,
        people,
        leads,
        errors,
        notice,
        csrf: me.csrf_token.clone(),
    })
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct Notice {
    done: Option<String>,
}

#[tracing::instrument(name = "web.views.settings.members_get", skip_all)]
pub(crate) async fn members_get(
    PlanPage { state, access, me }: PlanPage,
    axum::extract::Query(q): axum::extract::Query<Notice>,
) -> Result<MembersPage, Error> {
    let notice = match q.done.as_deref() {
        Some("role") => "The role was given.",
        Some("removed") => "The role was removed.",
        Some("lead") => "The lead was linked to the person.",
        _ => "",
    };
    members_page(
        &state,
        &me,
        access.plan_id,
        FieldErrors::default(),
        notice.into(),
    )
    .await
}

/// What the member forms send: `op` is "role", "remove" or "lead".
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct MemberForm {
    #[serde(default)]
    op: String,
    #[serde(default)]
    person: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    lead: String,
}

#[tracing::instrument(name = "web.views.settings.members_post", skip_all)]
pub(crate) async fn members_post(
    PlanPage { state, access, me }: PlanPage,
    Form(form): Form<MemberForm>,
) -> Result<Response, Error> {
    let plan_id = access.plan_id;
    let actor = Actor::user(&me.user);
    let people = state.store.users(me.user.org_id).await?;
    let person = form
        .person
        .parse::<uuid::Uuid>()
        .ok()
        .and_then(|id| people.iter().find(|p| p.id == id && !p.disabled));
    let mut errors = FieldErrors::default();
    let field = if form.op == "lead" {
        "#person-lead"
    } else {
        "#person"
    };
    let Some(person) = person else {
        errors.add_at("person", field, "Choose a person");
        let page = members_page(&state, &me, plan_id, errors, String::new()).await?;
        return Ok(invalid(page));
    };
    let done = match form.op.as_str() {
        "role" => {
            let role = assure_domain::PlanRole::ALL
                .into_iter()
                .find(|r| r.as_str() == form.role);
            let Some(role) = role else {
                errors.add("role", "Choose a role");
                let page = members_page(&state, &me, plan_id, errors, String::new()).await?;
                return Ok(invalid(page));
            };
            let given = state
                .store
                .set_plan_role(plan_id, person.id, role, &actor)
                .await;
            if let Some(refusal) = refused(&state, &me, plan_id, given).await? {
                return Ok(refusal);
            }
            "role"
        }
        "remove" => {
            let removed = state
                .store
                .remove_plan_role(plan_id, person.id, &actor)
                .await;
            if let Some(refusal) = refused(&state, &me, plan_id, removed).await? {
                return Ok(refusal);
            }
            "removed"
        }
        "lead" => {
            let plan = state.plan(plan_id).await?;
            if !lead_rows(&plan, &people)
                .iter()
                .any(|r| r.text == form.lead)
            {
                errors.add("lead", "Choose a lead of this plan");
                let page = members_page(&state, &me, plan_id, errors, String::new()).await?;
                return Ok(invalid(page));
            }
            state
                .store
                .link_lead(plan_id, &form.lead, person.id, &actor)
                .await?;
            "lead"
        }
        _ => {
            return Err(Error::BadRequest(
                "That is not something this page does.".into(),
            ));
        }
    };
    Ok(Redirect::to(&format!("/plans/{plan_id}/members?done={done}")).into_response())
}

/// The members page again (422) with the store's reason when it refused a change of
/// roles (a plan keeps its owner: the rule lives with the write, so the CLI and any API
/// meet it too); `None` when the change was made.
async fn refused(
    state: &AppState,
    me: &CurrentUser,
    plan_id: uuid::Uuid,
    result: Result<(), StoreError>,
) -> Result<Option<Response>, Error> {
    match result {
        Ok(()) => Ok(None),
        Err(StoreError::Invalid(reason)) => {
            let mut errors = FieldErrors::default();
            errors.add("person", reason);
            let page = members_page(state, me, plan_id, errors, String::new()).await?;
            Ok(Some(invalid(page)))
        }
        Err(e) => Err(e.into()),
    }
}
