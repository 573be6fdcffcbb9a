//! One measure: its values as a chart against its target with the numbers as a table,
//! the status the data gives beside the status people report on the actions it is meant
//! to move, its targets over time, and — for those who may change the plan — the form
//! that sets a new target from a month.

use crate::Error;
use crate::components::Link;
use crate::routing::{Access, RouteDef, form_routes};
use crate::views::chrome::Chrome;
use crate::views::form::{FieldErrors, conflicted, invalid};
use crate::views::measure_form::{MeasurePath, TargetInput, read_target};
use crate::views::measures::{StatusWord, done_banner, due_period, status_word};
use crate::views::page::PlanPage;
use askama::Template;
use askama_web::WebTemplate;
use assure_chart::measure::line_chart;
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::measures::{Direction, Measure, MeasureLink, MeasurePeriod};
use assure_domain::model::{Actor, StoredPlan};
use assure_domain::roles::Permission;
use assure_store::StoreError;
use axum::Form;
use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

pub(crate) fn routes() -> Vec<RouteDef> {
    let mut out = vec![RouteDef::get(
        "/plans/{plan_id}/measures/{measure_id}",
        Access::Plan(Permission::ViewPlan),
        get,
    )];
    out.extend(form_routes(
        "/plans/{plan_id}/measures/{measure_id}/target",
        Access::Plan(Permission::EditPlan),
        target_get,
        target_post,
    ));
    out
}

/// One period's row of the data table.
pub(crate) struct PointRow {
    pub period: String,
    pub value: String,
    pub target: String,
    pub status: Option<StatusWord>,
    pub note: String,
}

/// An action or area the measure is meant to move, with what people report of it.
pub(crate) struct LinkedRow {
    pub link: Link,
    pub reported: Option<StatusWord>,
}

#[derive(Template, WebTemplate)]
#[template(path = "measure.html")]
pub(crate) struct MeasurePage {
    chrome: Chrome,
    csrf_token: String,
    breadcrumbs: Vec<Link>,
    plan_id: Uuid,
    plan_title: String,
    id: Uuid,
    name: String,
    definition: String,
    unit: String,
    direction: String,
    frequency: String,
    tolerance: String,
    source: String,
    owner: String,
    latest: String,
    target_now: String,
    status: Option<StatusWord>,
    missing: String,
    chart_svg: String,
    points: Vec<PointRow>,
    changes: Vec<String>,
    linked: Vec<LinkedRow>,
    history: Vec<String>,
    can_edit: bool,
    range: bool,
    target_form: TargetForm,
    errors: FieldErrors,
    banner: Option<String>,
}

/// The new-target form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub(crate) struct TargetForm {
    #[serde(default)]
    target: String,
    #[serde(default)]
    target_upper: String,
    #[serde(default)]
    target_from: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    version: i64,
}

impl TargetInput for TargetForm {
    fn target_fields(&self) -> (&str, &str, &str, &str) {
        (
            &self.target,
            &self.target_upper,
            &self.target_from,
            &self.reason,
        )
    }
}

/// What the trail says of a measure, newest first, in words.
fn history_lines(
    plan: &StoredPlan,
    m: &Measure,
    events: &[assure_domain::model::AuditEvent],
) -> Vec<String> {
    let unit = m.fields.unit;
    let value_of = |v: &Option<serde_json::Value>| -> Option<(String, String)> {
        let v = v.as_ref()?;
        let period = v.get("period")?.as_str()?;
        let period = assure_domain::measures::parse_period(period, m.fields.frequency).ok()?;
        Some((period.label(), unit.format(v.get("value")?.as_f64()?)))
    };
    let mut out: Vec<String> = events
        .iter()
        .rev()
        .filter_map(|e| {
            let who = &e.actor.label;
            let when = assure_domain::clock::uk_date(e.at).format("%-d %B %Y");
            let what = match (e.entity, e.change) {
                (AuditEntity::MeasureValue, AuditChange::Create) => {
                    let (p, v) = value_of(&e.after)?;
                    format!("{p}: {v} entered")
                }
                (AuditEntity::MeasureValue, AuditChange::Update) => {
                    let (p, old) = value_of(&e.before)?;
                    let (_, new) = value_of(&e.after)?;
                    if old == new {
                        format!("{p}: note changed")
                    } else {
                        format!("{p}: corrected from {old} to {new}")
                    }
                }
                (AuditEntity::MeasureValue, AuditChange::Delete) => {
                    let (p, old) = value_of(&e.before)?;
                    format!("{p}: {old} cleared")
                }
                (AuditEntity::Measure, AuditChange::SetTarget) => {
                    let after = e.after.as_ref()?;
                    let value = after.get("value")?.as_f64()?;
                    let from = after.get("from")?.as_str()?;
                    let from = chrono::NaiveDate::parse_from_str(from, "%Y-%m-%d").ok()?;
                    format!(
                        "Target of {} set from {}",
                        unit.format(value),
                        from.format("%-d %B %Y")
                    )
                }
                (AuditEntity::Measure, AuditChange::Create) => "Measure added".to_string(),
                (AuditEntity::Measure, AuditChange::Update) => "Measure changed".to_string(),
                _ => return None,
            };
            Some(format!("{what} by {who}, {when}"))
        })
        .collect();
    let _ = plan;
    out.truncate(30);
    out
}

async fn draw(
    page: &PlanPage,
    plan: &StoredPlan,
    m: &Measure,
    target_form: TargetForm,
    errors: FieldErrors,
    banner: Option<String>,
) -> Result<MeasurePage, Error> {
    let today = page.state.clock.today();
    let f = &m.fields;
    let unit = f.unit;
    let through = MeasurePeriod::containing(today, f.frequency);
    let series = m.series(through);
    let latest = series.latest();
    let latest_text = latest.map_or_else(
        || "No values yet".to_string(),
        |p| {
            format!(
                "{} in {}",
                unit.format(p.value.unwrap_or_default()),
                p.period.label()
            )
        },
    );
    let status = latest.and_then(|p| p.status);
    let target_now = m.history().current(today).map(|t| t.describe(unit));
    let due = due_period(m, today);
    let missing: Vec<String> = series.missing(due).iter().map(|p| p.label()).collect();
    let (from, to) = series.span_labels();
    let desc = format!(
        "{} values from {} to {}. Latest: {}{}{}. The dashed line is the target{}.",
        m.values.len(),
        from,
        to,
        latest_text,
        target_now
            .as_ref()
            .map(|t| format!(" against a target of {t}"))
            .unwrap_or_default(),
        status
            .map(|s| format!(" ({})", s.describe().to_lowercase()))
            .unwrap_or_default(),
        if m.targets.len() > 1 {
            ", stepping where it changed"
        } else {
            ""
        }
    );
    let values_note = |p: MeasurePeriod| {
        m.values
            .iter()
            .find(|v| v.period == p)
            .and_then(|v| v.note.clone())
            .unwrap_or_default()
    };
    let points = series
        .points
        .iter()
        .rev()
        .map(|p| PointRow {
            period: p.period.label(),
            value: p
                .value
                .map_or_else(|| "No value".to_string(), |v| unit.format(v)),
            target: p
                .target
                .as_ref()
                .map_or_else(|| "None set".to_string(), |t| t.describe(unit)),
            status: p.status.map(|s| status_word(plan, s)),
            note: values_note(p.period),
        })
        .collect();
    let linked = f
        .links
        .iter()
        .zip(crate::views::measures::link_views(plan, m))
        .map(|(l, link)| LinkedRow {
            reported: match *l {
                MeasureLink::Action(id) => plan
                    .find_action(id)
                    .and_then(|a| a.status.as_ref())
                    .map(|s| StatusWord {
                        label: s.label.clone(),
                        meaning: s.meaning.as_str(),
                        describe: s.meaning.describe(),
                    }),
                MeasureLink::Area(_) => None,
            },
            link,
        })
        .collect();
    let events = page.state.store.audit_trail(m.id).await?;
    let name = f.name.clone();
    Ok(MeasurePage {
        chrome: Chrome::for_user(&page.me, "plans"),
        csrf_token: page.me.csrf_token.clone(),
        breadcrumbs: vec![
            Link::new("Plans", "/plans"),
            Link::new(plan.title.clone(), format!("/plans/{}", plan.id)),
            Link::new("Measures", format!("/plans/{}/measures", plan.id)),
            Link::text(name.clone()),
        ],
        plan_id: plan.id,
        plan_title: plan.title.clone(),
        id: m.id,
        chart_svg: line_chart(
            &format!("chart-{}", m.id),
            &format!("{name}: values against the target"),
            &desc,
            &series,
            unit,
        ),
        name,
        definition: f.definition.clone().unwrap_or_default(),
        unit: unit.describe().to_string(),
        direction: f.direction.describe().to_string(),
        frequency: f.frequency.describe().to_string(),
        tolerance: m.tolerance().describe(unit),
        source: f.source.clone().unwrap_or_default(),
        owner: f.owner.clone().unwrap_or_default(),
        latest: latest_text,
        target_now: target_now.unwrap_or_else(|| "No target set".into()),
        status: status.map(|s| status_word(plan, s)),
        missing: if missing.is_empty() || m.values.is_empty() {
            String::new()
        } else {
            format!("No value yet for {}", missing.join(", "))
        },
        points,
        changes: m.history().changes(unit),
        linked,
        history: history_lines(plan, m, &events),
        can_edit: page.access.allows(Permission::EditPlan, false),
        range: f.direction == Direction::WithinRange,
        target_form: TargetForm {
            version: m.version,
            ..target_form
        },
        errors,
        banner,
    })
}

fn measure_of(plan: &StoredPlan, id: Uuid) -> Result<&Measure, Error> {
    plan.measures
        .iter()
        .find(|m| m.id == id)
        .ok_or(Error::NotFound)
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct MeasureQuery {
    done: Option<String>,
}

#[tracing::instrument(name = "web.views.measure.get", skip_all)]
pub(crate) async fn get(
    page: PlanPage,
    Path(p): Path<MeasurePath>,
    Query(q): Query<MeasureQuery>,
) -> Result<MeasurePage, Error> {
    let plan = page.state.plan(page.access.plan_id).await?;
    let m = measure_of(&plan, p.measure_id)?;
    draw(
        &page,
        &plan,
        m,
        TargetForm::default(),
        FieldErrors::default(),
        done_banner(q.done.as_deref()),
    )
    .await
}

/// The target form's own address answers a GET with the measure page (whose form it is).
#[tracing::instrument(name = "web.views.measure.target_get", skip_all)]
pub(crate) async fn target_get(
    page: PlanPage,
    Path(p): Path<MeasurePath>,
) -> Result<Response, Error> {
    Ok(Redirect::to(&format!(
        "/plans/{}/measures/{}#new-target",
        page.access.plan_id, p.measure_id
    ))
    .into_response())
}

#[tracing::instrument(name = "web.views.measure.target_post", skip_all)]
pub(crate) async fn target_post(
    page: PlanPage,
    Path(p): Path<MeasurePath>,
    Form(form): Form<TargetForm>,
) -> Result<Response, Error> {
    let plan = page.state.plan(page.access.plan_id).await?;
    let m = measure_of(&plan, p.measure_id)?.clone();
    let today = page.state.clock.today();
    let mut errors = FieldErrors::default();
    if form.reason.trim().chars().count() > assure_domain::measures::MAX_TEXT_CHARS {
        errors.add(
            "reason",
            format!(
                "The reason must be {} characters or fewer",
                assure_domain::measures::MAX_TEXT_CHARS
            ),
        );
    }
    let target = read_target(
        &form,
        m.fields.unit,
        m.fields.direction,
        m.fields.frequency,
        today,
        &mut errors,
        true,
    );
    let Some(target) = target.filter(|_| errors.is_empty()) else {
        return Ok(invalid(draw(&page, &plan, &m, form, errors, None).await?));
    };
    match page
        .state
        .store
        .set_target(
            plan.id,
            m.id,
            form.version,
            &target,
            &Actor::user(&page.me.user),
        )
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!(
            "/plans/{}/measures/{}?done=target-set",
            plan.id, m.id
        ))
        .into_response()),
        Err(StoreError::Invalid(msg)) => {
            errors.general(msg);
            Ok(invalid(draw(&page, &plan, &m, form, errors, None).await?))
        }
        Err(StoreError::Conflict { .. }) => {
            errors.general("Someone else changed this measure while you were setting its target. Check the targets below, then save again.");
            Ok(conflicted(
                draw(&page, &plan, &m, form, errors, None).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}
