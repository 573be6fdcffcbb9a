//! Plan settings: the update and review cadences, the impact re-check interval, and the
//! plan's status scheme (its legend). Who works on the plan is `members.rs`.

use crate::auth::CurrentUser;
use crate::components::{Choice, Link};
use crate::routing::{Access, PlanAccess, RouteDef, only};
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
