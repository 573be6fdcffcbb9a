//! Plan settings: the update and review cadences, the impact re-check interval, and the
//! plan's status scheme (its legend).

use crate::assets::components::{Choice, Link};
use crate::auth::CurrentUser;
use crate::routes::{Access, PlanAccess, RouteDef, only};
use crate::views::chrome::Chrome;
use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::model::{Actor, PlanSettings};
use assure_domain::roles::Permission;
use assure_domain::{Cadence, Meaning, StatusDef};
use assure_store::StoreError;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    vec![
        RouteDef {
            method: Method::GET,
            path: "/plans/{plan_id}/settings",
            access: Access::Plan(Permission::EditPlan),
            handler: only(Method::GET, get),
        },
        RouteDef {
            method: Method::POST,
            path: "/plans/{plan_id}/settings",
            access: Access::Plan(Permission::EditPlan),
            handler: only(Method::POST, post),
        },
    ]
    .into_iter()
    .chain(member_routes())
    .collect()
}

/// One row of the status scheme as typed.
#[derive(Debug, Clone, Default)]
pub(crate) struct SchemeRow {
    pub label: String,
    pub meaning: String,
    pub description: String,
    pub error: String,
    /// Ticked "Remove this status".
    pub remove: bool,
}

/// The form's values, as typed.
#[derive(Debug, Clone, Default)]
pub(crate) struct SettingsForm {
    pub version: i64,
    pub update_cadence: String,
    pub review_cadence: String,
    pub impact: String,
    pub rows: Vec<SchemeRow>,
    pub new_row: SchemeRow,
}

#[derive(Template, WebTemplate)]
#[template(path = "settings.html")]
pub(crate) struct SettingsPage {
    chrome: Chrome,
    plan_id: uuid::Uuid,
    plan_title: String,
    form: SettingsForm,
    impact_error: String,
    summary: Vec<Link>,
    saved: bool,
    csrf: String,
}

impl SettingsPage {
    fn cadences(&self, current: &str) -> Vec<Choice> {
        Cadence::ALL
            .into_iter()
            .map(|c| Choice::new(c.as_str(), c.describe()).checked_if(current))
            .collect()
    }

    fn meanings(&self, current: &str) -> Vec<Choice> {
        let mut v = vec![Choice::new("", "Choose a meaning").checked_if(current)];
        v.extend(
            Meaning::ALL
                .into_iter()
                .map(|m| Choice::new(m.as_str(), m.describe()).checked_if(current)),
        );
        v
    }
}

fn form_of(plan: &assure_domain::model::StoredPlan) -> SettingsForm {
    SettingsForm {
        version: plan.version,
        update_cadence: plan.settings.update_cadence.as_str().into(),
        review_cadence: plan.settings.review_cadence.as_str().into(),
        impact: plan.settings.impact_interval_months.to_string(),
        rows: plan
            .status_scheme
            .iter()
            .map(|s| SchemeRow {
                label: s.label.clone(),
                meaning: s.meaning.as_str().into(),
                description: s.description.clone().unwrap_or_default(),
                error: String::new(),
                remove: false,
            })
            .collect(),
        new_row: SchemeRow::default(),
    }
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct Saved {
    saved: Option<String>,
}

#[tracing::instrument(name = "web.views.settings.get", skip_all)]
pub(crate) async fn get(
    State(state): State<AppState>,
    Extension(access): Extension<PlanAccess>,
    Extension(me): Extension<CurrentUser>,
    axum::extract::Query(q): axum::extract::Query<Saved>,
) -> Result<SettingsPage, Error> {
    let plan = state.plan(access.plan_id).await?;
    Ok(SettingsPage {
        chrome: Chrome::for_user(&me, "plans"),
        plan_id: plan.id,
        plan_title: plan.title.clone(),
        form: form_of(&plan),
        impact_error: String::new(),
        summary: Vec::new(),
        saved: q.saved.is_some(),
        csrf: me.csrf_token.clone(),
    })
}

fn parse(fields: &[(String, String)]) -> SettingsForm {
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let mut rows = Vec::new();
    for i in 0..200 {
        if !fields.iter().any(|(n, _)| *n == format!("label-{i}")) {
            break;
        }
        rows.push(SchemeRow {
            label: get(&format!("label-{i}")),
            meaning: get(&format!("meaning-{i}")),
            description: get(&format!("description-{i}")),
            error: String::new(),
            remove: get(&format!("remove-{i}")) == "yes",
        });
    }
    SettingsForm {
        version: get("version").parse().unwrap_or(-1),
        update_cadence: get("update_cadence"),
        review_cadence: get("review_cadence"),
        impact: get("impact_interval_months"),
        rows,
        new_row: SchemeRow {
            label: get("label-new"),
            meaning: get("meaning-new"),
            description: get("description-new"),
            error: String::new(),
            remove: false,
        },
    }
}

fn scheme_row(row: &mut SchemeRow, id: &str, summary: &mut Vec<Link>) -> Option<StatusDef> {
    if row.label.is_empty() {
        row.error = "Enter the status label".into();
        summary.push(Link::new(row.error.clone(), format!("#label-{id}")));
        return None;
    }
    let Some(meaning) = Meaning::parse(&row.meaning) else {
        row.error = format!("Choose what the status \u{201c}{}\u{201d} means", row.label);
        summary.push(Link::new(row.error.clone(), format!("#meaning-{id}")));
        return None;
    };
    Some(StatusDef {
        label: row.label.clone(),
        meaning,
        description: (!row.description.is_empty()).then(|| row.description.clone()),
    })
}

#[tracing::instrument(name = "web.views.settings.post", skip_all)]
pub(crate) async fn post(
    State(state): State<AppState>,
    Extension(access): Extension<PlanAccess>,
    Extension(me): Extension<CurrentUser>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Error> {
    let plan = state.plan(access.plan_id).await?;
    let mut form = parse(&fields);
    let mut summary = Vec::new();
    let mut impact_error = String::new();
    let update_cadence = Cadence::parse(&form.update_cadence);
    let review_cadence = Cadence::parse(&form.review_cadence);
    if update_cadence.is_none() {
        summary.push(Link::new(
            "Choose how often actions are updated",
            "#update_cadence",
        ));
    }
    if review_cadence.is_none() {
        summary.push(Link::new(
            "Choose how often the plan is reviewed",
            "#review_cadence",
        ));
    }
    let impact = form
        .impact
        .parse::<u32>()
        .ok()
        .filter(|m| (1..=PlanSettings::MAX_IMPACT_INTERVAL_MONTHS).contains(m));
    if impact.is_none() {
        impact_error = format!(
            "Enter the impact re-check interval as a whole number of months from 1 to {}",
            PlanSettings::MAX_IMPACT_INTERVAL_MONTHS
        );
        summary.push(Link::new(impact_error.clone(), "#impact_interval_months"));
    }
    let mut scheme = Vec::new();
    for (i, row) in form.rows.iter_mut().enumerate() {
        if row.remove {
            continue;
        }
        if let Some(s) = scheme_row(row, &i.to_string(), &mut summary) {
            scheme.push(s);
        }
    }
    let adding = !form.new_row.label.is_empty() || !form.new_row.meaning.is_empty();
    if adding && let Some(s) = scheme_row(&mut form.new_row, "new", &mut summary) {
        scheme.push(s);
    }
    let mut labels: Vec<String> = scheme.iter().map(|s| s.label.to_lowercase()).collect();
    labels.sort();
    if labels.windows(2).any(|w| w[0] == w[1]) {
        summary.push(Link::new("Give each status a different label", "#label-0"));
    }
    let mut conflict = false;
    if summary.is_empty()
        && let (Some(u), Some(r), Some(m)) = (update_cadence, review_cadence, impact)
    {
        let actor = Actor::user(&me.user);
        let settings = PlanSettings {
            update_cadence: u,
            review_cadence: r,
            impact_interval_months: m,
        };
        let result = async {
            let mut version = form.version;
            if settings != plan.settings {
                version = state
                    .store
                    .update_plan_settings(plan.id, version, settings, &actor)
                    .await?
                    .version;
            }
            if scheme != plan.status_scheme {
                state
                    .store
                    .set_status_scheme(plan.id, version, scheme, &actor)
                    .await?;
            }
            Ok::<(), StoreError>(())
        }
        .await;
        match result {
            Ok(()) => {
                return Ok(
                    Redirect::to(&format!("/plans/{}/settings?saved=1", plan.id)).into_response(),
                );
            }
            Err(StoreError::Conflict { .. }) => {
                conflict = true;
                summary.push(Link::text(
                    "Someone else changed these settings while you were editing them. Your changes are below but were not saved: check the current settings, then save again.",
                ));
                form.version = state.plan(plan.id).await?.version;
            }
            Err(StoreError::Invalid(m)) => summary.push(Link::text(m)),
            Err(e) => return Err(e.into()),
        }
    }
    let status = if conflict {
        StatusCode::CONFLICT
    } else {
        StatusCode::BAD_REQUEST
    };
    let page = SettingsPage {
        chrome: Chrome::for_user(&me, "plans"),
        plan_id: plan.id,
        plan_title: plan.title.clone(),
        form,
        impact_error,
        summary,
        saved: false,
        csrf: me.csrf_token.clone(),
    };
    Ok((status, page).into_response())
}

// ------------------------------------------------------------------------------------
// Plan members and lead mapping
// ------------------------------------------------------------------------------------

/// The member routes (on the settings page's module: they are the plan's settings too).
pub(crate) fn member_routes() -> Vec<RouteDef> {
    vec![
        RouteDef {
            method: Method::GET,
            path: "/plans/{plan_id}/members",
            access: Access::Plan(Permission::ManageMembers),
            handler: only(Method::GET, members_get),
        },
        RouteDef {
            method: Method::POST,
            path: "/plans/{plan_id}/members",
            access: Access::Plan(Permission::ManageMembers),
            handler: only(Method::POST, members_post),
        },
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
    summary: Vec<Link>,
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
    summary: Vec<Link>,
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
    let people = state.store.users(plan.org_id).await?;
    let leads = lead_rows(&plan, &people);
    Ok(MembersPage {
        chrome: Chrome::for_user(me, "plans"),
        plan_id,
        plan_title: plan.title.clone(),
        members,
        people,
        leads,
        summary,
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
    State(state): State<AppState>,
    Extension(access): Extension<PlanAccess>,
    Extension(me): Extension<CurrentUser>,
    axum::extract::Query(q): axum::extract::Query<Notice>,
) -> Result<MembersPage, Error> {
    let notice = match q.done.as_deref() {
        Some("role") => "The role was given.",
        Some("removed") => "The role was removed.",
        Some("lead") => "The lead was linked to the person.",
        _ => "",
    };
    members_page(&state, &me, access.plan_id, Vec::new(), notice.into()).await
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
    State(state): State<AppState>,
    Extension(access): Extension<PlanAccess>,
    Extension(me): Extension<CurrentUser>,
    Form(form): Form<MemberForm>,
) -> Result<Response, Error> {
    let plan_id = access.plan_id;
    let actor = Actor::user(&me.user);
    let people = state.store.users(me.user.org_id).await?;
    let person = form
        .person
        .parse::<uuid::Uuid>()
        .ok()
        .and_then(|id| people.iter().find(|p| p.id == id));
    let mut summary = Vec::new();
    let field = if form.op == "lead" {
        "#person-lead"
    } else {
        "#person"
    };
    let Some(person) = person else {
        summary.push(Link::new("Choose a person", field));
        let page = members_page(&state, &me, plan_id, summary, String::new()).await?;
        return Ok((StatusCode::BAD_REQUEST, page).into_response());
    };
    let done = match form.op.as_str() {
        "role" => {
            let role = assure_domain::PlanRole::ALL
                .into_iter()
                .find(|r| r.as_str() == form.role);
            let Some(role) = role else {
                summary.push(Link::new("Choose a role", "#role"));
                let page = members_page(&state, &me, plan_id, summary, String::new()).await?;
                return Ok((StatusCode::BAD_REQUEST, page).into_response());
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
                summary.push(Link::new("Choose a lead of this plan", "#lead"));
                let page = members_page(&state, &me, plan_id, summary, String::new()).await?;
                return Ok((StatusCode::BAD_REQUEST, page).into_response());
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
            let summary = vec![Link::new(reason, "#person")];
            let page = members_page(state, me, plan_id, summary, String::new()).await?;
            Ok(Some(
                (StatusCode::UNPROCESSABLE_ENTITY, page).into_response(),
            ))
        }
        Err(e) => Err(e.into()),
    }
}
