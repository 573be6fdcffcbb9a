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
use assure_store::{LeadLink, StoreError};
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
    /// The person the glossary suggests, when the lead is linked to nobody yet: chosen
    /// already on the form.
    pub suggestion: String,
    /// The form that adds the lead to the glossary, for a lead in initials it lacks.
    pub add_href: String,
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
    /// A lead's choices: nobody, then the person the glossary suggests, then everyone.
    fn lead_choices(&self, row: &LeadRow) -> Vec<Choice> {
        let current = row.person_id.as_str();
        let mut v = vec![Choice::new("", "Nobody yet").checked_if(current)];
        let suggested = self
            .people
            .iter()
            .find(|p| !row.suggestion.is_empty() && p.id.to_string() == current);
        if let Some(p) = suggested {
            v.push(
                Choice::new(
                    p.id.to_string(),
                    format!("{} (named in the glossary)", p.name),
                )
                .checked_if(current),
            );
        }
        v.extend(
            self.people
                .iter()
                .filter(|p| Some(p.id) != suggested.map(|s| s.id))
                .map(|p| {
                    Choice::new(p.id.to_string(), format!("{} ({})", p.name, p.email))
                        .checked_if(current)
                }),
        );
        v
    }

    /// Whether any lead has a person the glossary suggests, chosen already.
    fn has_suggestions(&self) -> bool {
        self.leads.iter().any(|l| !l.suggestion.is_empty())
    }

    /// What each lead row sends back as `was`.
    fn was(&self, row: &LeadRow) -> String {
        if row.suggestion.is_empty() {
            row.person_id.clone()
        } else {
            String::new()
        }
    }

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
                                suggestion: String::new(),
                                add_href: String::new(),
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
    let back = format!("/plans/{}/members#leads", plan.id);
    for r in &mut rows {
        if r.person_id.is_empty()
            && let Some(p) = crate::views::glossary::suggested(&plan.glossary, &r.text, people)
        {
            r.suggestion = p.name.clone();
            r.person_id = p.id.to_string();
        }
        if r.glossary.is_empty()
            && assure_domain::checks::glossary::is_abbreviated(&r.text)
            && !plan
                .glossary
                .iter()
                .any(|g| g.abbreviation.trim() == r.text)
        {
            r.add_href = crate::views::glossary::add_href(plan.id, &r.text, &back);
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
        Some("leads") => "The leads were linked to the people chosen.",
        Some("no-links") => "No link was changed.",
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

/// What the member forms send: `op` is "role", "remove" or "leads". The leads form
/// sends one `lead`, `was` and `person` per row, in the page's order (a browser sends a
/// form's fields in document order, and every row has all three).
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct MemberForm {
    #[serde(default)]
    op: String,
    #[serde(default)]
    person: Vec<String>,
    #[serde(default)]
    role: String,
    #[serde(default)]
    lead: Vec<String>,
    #[serde(default)]
    was: Vec<String>,
}

/// The most lead rows one form may send: far beyond a real plan's distinct leads.
const MAX_LEAD_ROWS: usize = 2_000;

#[tracing::instrument(name = "web.views.settings.members_post", skip_all)]
pub(crate) async fn members_post(
    PlanPage { state, access, me }: PlanPage,
    axum_extra::extract::Form(form): axum_extra::extract::Form<MemberForm>,
) -> Result<Response, Error> {
    let plan_id = access.plan_id;
    let actor = Actor::user(&me.user);
    let people = state.store.users(me.user.org_id).await?;
    if form.op == "leads" {
        return link_leads(&state, &me, plan_id, &form, &people).await;
    }
    let person = form
        .person
        .first()
        .and_then(|p| p.parse::<uuid::Uuid>().ok())
        .and_then(|id| people.iter().find(|p| p.id == id && !p.disabled));
    let mut errors = FieldErrors::default();
    let Some(person) = person else {
        errors.add("person", "Choose a person");
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
        _ => {
            return Err(Error::BadRequest(
                "That is not something this page does.".into(),
            ));
        }
    };
    Ok(Redirect::to(&format!("/plans/{plan_id}/members?done={done}")).into_response())
}

/// Saves the leads form: the rows whose person was changed, each its own audited link,
/// in one transaction. A row someone else linked meanwhile is left as they set it, and
/// the page says which.
async fn link_leads(
    state: &AppState,
    me: &CurrentUser,
    plan_id: uuid::Uuid,
    form: &MemberForm,
    people: &[assure_domain::model::User],
) -> Result<Response, Error> {
    let plan = state.plan(plan_id).await?;
    let rows = lead_rows(&plan, people);
    let mut errors = FieldErrors::default();
    let mut links = Vec::new();
    let person_of = |s: &str| -> Result<Option<uuid::Uuid>, ()> {
        match s.trim() {
            "" => Ok(None),
            p => p
                .parse::<uuid::Uuid>()
                .ok()
                .filter(|id| people.iter().any(|u| u.id == *id && !u.disabled))
                .map(Some)
                .ok_or(()),
        }
    };
    for (i, text) in form.lead.iter().enumerate().take(MAX_LEAD_ROWS) {
        let (was, chosen) = (
            form.was.get(i).map_or("", String::as_str),
            form.person.get(i).map_or("", String::as_str),
        );
        if was.trim() == chosen.trim() {
            continue;
        }
        if !rows.iter().any(|r| &r.text == text) {
            errors.add_at(
                "lead",
                &format!("#link-{i}"),
                format!("\u{201c}{text}\u{201d} is not a lead of this plan"),
            );
            continue;
        }
        // A person who was linked but is now disabled reads as nobody.
        let was = person_of(was).ok().flatten();
        match person_of(chosen) {
            Ok(person) => links.push(LeadLink {
                text: text.clone(),
                was,
                person,
            }),
            Err(()) => errors.add_at(
                "person",
                &format!("#link-{i}"),
                format!("Choose a person of the council, or nobody, for \u{201c}{text}\u{201d}"),
            ),
        }
    }
    if !errors.is_empty() {
        let page = members_page(state, me, plan_id, errors, String::new()).await?;
        return Ok(invalid(page));
    }
    if links.is_empty() {
        return Ok(
            Redirect::to(&format!("/plans/{plan_id}/members?done=no-links#leads")).into_response(),
        );
    }
    let outcome = state
        .store
        .link_leads(plan_id, &links, &Actor::user(&me.user))
        .await?;
    if outcome.conflicted.is_empty() {
        return Ok(
            Redirect::to(&format!("/plans/{plan_id}/members?done=leads#leads")).into_response(),
        );
    }
    for text in &outcome.conflicted {
        let i = form.lead.iter().position(|l| l == text).unwrap_or(0);
        errors.add_at(
            "person",
            &format!("#link-{i}"),
            format!(
                "Someone else linked \u{201c}{text}\u{201d} while you were choosing: it shows their choice now. Choose again if you still mean to change it"
            ),
        );
    }
    let notice = match outcome.linked.len() {
        0 => String::new(),
        1 => "1 lead was linked.".to_string(),
        n => format!("{n} leads were linked."),
    };
    let page = members_page(state, me, plan_id, errors, notice).await?;
    Ok(crate::views::form::conflicted(page))
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
