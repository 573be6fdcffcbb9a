//! A plan's measures (KPIs): each with its latest value against its target, the status
//! the data gives in the plan's own key, and a sparkline; the measures the plan's own
//! words describe that it does not keep yet, offered to add; and what the pages of one
//! measure share (`measure.rs`, `measure_form.rs`, `measure_values.rs`).

use crate::Error;
use crate::components::Link;
use crate::routing::{Access, RouteDef};
use crate::views::chrome::Chrome;
use crate::views::page::PlanPage;
use askama::Template;
use askama_web::WebTemplate;
use assure_chart::measure::sparkline;
use assure_domain::Meaning;
use assure_domain::measures::{Measure, MeasureLink, MeasurePeriod, suggest};
use assure_domain::model::StoredPlan;
use assure_domain::roles::Permission;
use axum::extract::Query;
use chrono::NaiveDate;
use uuid::Uuid;

/// This page's entries of the route table, and the other measure pages'.
pub(crate) fn routes() -> Vec<RouteDef> {
    let mut out = vec![RouteDef::get(
        "/plans/{plan_id}/measures",
        Access::Plan(Permission::ViewPlan),
        get,
    )];
    out.extend(crate::views::measure_values::routes());
    out.extend(crate::views::measure_form::routes());
    out.extend(crate::views::measure::routes());
    out
}

/// A status in the plan's own word: its first label for the meaning, else the meaning
/// in words.
pub(crate) struct StatusWord {
    pub label: String,
    pub meaning: &'static str,
    pub describe: &'static str,
}

pub(crate) fn status_word(plan: &StoredPlan, meaning: Meaning) -> StatusWord {
    let label = plan
        .status_scheme
        .iter()
        .find(|d| d.meaning == meaning)
        .map_or_else(|| meaning.describe().to_string(), |d| d.label.clone());
    StatusWord {
        label,
        meaning: meaning.as_str(),
        describe: meaning.describe(),
    }
}

/// The period whose value is due by `today`: the one before the period `today` is in.
pub(crate) fn due_period(m: &Measure, today: NaiveDate) -> MeasurePeriod {
    MeasurePeriod::containing(today, m.fields.frequency).previous()
}

/// What the list and the overview say of a measure.
pub(crate) struct MeasureSummary {
    pub id: Uuid,
    pub name: String,
    pub href: String,
    /// "61% in September 2026", or "No values yet".
    pub latest: String,
    /// "80%", or "No target set".
    pub target: String,
    pub status: Option<StatusWord>,
    pub sparkline: String,
    /// "No value yet for October 2026", or "".
    pub missing: String,
    pub links: Vec<Link>,
}

/// The refs or titles of what a measure is linked to, each linking to its page.
pub(crate) fn link_views(plan: &StoredPlan, m: &Measure) -> Vec<Link> {
    m.fields
        .links
        .iter()
        .filter_map(|l| match *l {
            MeasureLink::Action(id) => {
                let a = plan.find_action(id)?;
                Some(Link::new(
                    crate::views::naming::action_name(a),
                    format!("/plans/{}/actions/{id}", plan.id),
                ))
            }
            MeasureLink::Area(id) => {
                let a = plan.areas.iter().find(|a| a.id == id)?;
                // "Area 3": an area's whole title is a sentence too long for a list.
                let name = match a.r#ref.as_deref().map(str::trim) {
                    Some(r) if !r.is_empty() => format!("Area {r}"),
                    _ => crate::views::naming::area_heading(plan, a),
                };
                Some(Link::new(name, format!("/plans/{}/areas/{id}", plan.id)))
            }
        })
        .collect()
}

pub(crate) fn summary(plan: &StoredPlan, m: &Measure, today: NaiveDate) -> MeasureSummary {
    let unit = m.fields.unit;
    let through = MeasurePeriod::containing(today, m.fields.frequency);
    let series = m.series(through);
    let latest = series.latest();
    let target = m.history().current(today).map(|t| t.describe(unit));
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
    let status = latest.and_then(|p| p.status).map(|s| status_word(plan, s));
    let due = due_period(m, today);
    let missing = if m.values.iter().any(|v| v.period == due) || m.values.is_empty() {
        String::new()
    } else {
        format!("No value yet for {}", due.label())
    };
    let label = format!(
        "{}: {}{}",
        m.fields.name,
        latest_text,
        target
            .as_ref()
            .map(|t| format!(", target {t}"))
            .unwrap_or_default()
    );
    MeasureSummary {
        id: m.id,
        name: m.fields.name.clone(),
        href: format!("/plans/{}/measures/{}", plan.id, m.id),
        latest: latest_text,
        target: target.unwrap_or_else(|| "No target set".into()),
        status,
        sparkline: sparkline(&label, &series, unit),
        missing,
        links: link_views(plan, m),
    }
}

/// A measure the plan's words describe, with the form that adds it prefilled.
pub(crate) struct SuggestionView {
    pub name: String,
    pub what: String,
    pub source: String,
    pub from: String,
    pub add_href: String,
}

fn folded(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Measures written in the plan's "how will we know" cells that it does not keep yet.
pub(crate) fn suggestions(plan: &StoredPlan) -> Vec<SuggestionView> {
    let kept: Vec<String> = plan
        .measures
        .iter()
        .map(|m| folded(&m.fields.name))
        .collect();
    let mut out: Vec<SuggestionView> = Vec::new();
    let mut offer = |text: &str, from: String, link: Option<String>| {
        for s in suggest(text) {
            if kept.contains(&folded(&s.name))
                || out.iter().any(|o| folded(&o.name) == folded(&s.name))
            {
                continue;
            }
            let mut q = form_urlencoded::Serializer::new(String::new());
            q.append_pair("name", &s.name)
                .append_pair("unit", s.unit.as_str())
                .append_pair("direction", s.direction.as_str())
                .append_pair("target", &s.unit.plain(s.target));
            if let Some(l) = &link {
                q.append_pair("links", l);
            }
            let by =
                s.by.as_ref()
                    .map(|b| format!(" by {b}"))
                    .unwrap_or_default();
            out.push(SuggestionView {
                what: format!(
                    "{}, target {}{by} ({})",
                    s.unit.describe(),
                    s.unit.format(s.target),
                    s.direction.describe().to_lowercase()
                ),
                add_href: format!("/plans/{}/measures/new?{}", plan.id, q.finish()),
                name: s.name,
                source: s.source,
                from: from.clone(),
            });
        }
    };
    for area in &plan.areas {
        let from = area
            .r#ref
            .as_ref()
            .map_or_else(|| format!("Area: {}", area.title), |r| format!("Area {r}"));
        for text in &area.measures {
            offer(text, from.clone(), area.r#ref.clone());
        }
    }
    for (_, _, a) in plan.actions() {
        let from = a
            .r#ref
            .as_ref()
            .map_or_else(|| "An action".to_string(), |r| format!("Action {r}"));
        for text in [&a.measure, &a.impact, &a.assurance].into_iter().flatten() {
            offer(text, from.clone(), a.r#ref.clone());
        }
    }
    out.truncate(50);
    out
}

#[derive(Template, WebTemplate)]
#[template(path = "measures.html")]
pub(crate) struct MeasuresPage {
    chrome: Chrome,
    breadcrumbs: Vec<Link>,
    plan_id: Uuid,
    plan_title: String,
    measures: Vec<MeasureSummary>,
    suggestions: Vec<SuggestionView>,
    can_edit: bool,
    banner: Option<String>,
    new_href: String,
    values_href: String,
    upload_href: String,
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct MeasuresQuery {
    done: Option<String>,
}

/// The banner a measure page's `?done=` asks for.
pub(crate) fn done_banner(done: Option<&str>) -> Option<String> {
    Some(
        match done? {
            "measure-added" => "Measure added",
            "measure-changed" => "Measure changed",
            "measure-removed" => "Measure removed",
            "target-set" => "Target saved",
            "values-saved" => "Values saved",
            _ => return None,
        }
        .to_string(),
    )
}

#[tracing::instrument(name = "web.views.measures.get", skip_all)]
pub(crate) async fn get(
    PlanPage { state, access, me }: PlanPage,
    Query(q): Query<MeasuresQuery>,
) -> Result<MeasuresPage, Error> {
    let plan = state.plan(access.plan_id).await?;
    let today = state.clock.today();
    let can_edit = access.allows(Permission::EditPlan, false);
    Ok(MeasuresPage {
        chrome: Chrome::for_user(&me, "plans"),
        breadcrumbs: vec![
            Link::new("Plans", "/plans"),
            Link::new(plan.title.clone(), format!("/plans/{}", plan.id)),
            Link::text("Measures"),
        ],
        plan_id: plan.id,
        plan_title: plan.title.clone(),
        measures: plan
            .measures
            .iter()
            .map(|m| summary(&plan, m, today))
            .collect(),
        suggestions: suggestions(&plan),
        can_edit,
        banner: done_banner(q.done.as_deref()),
        new_href: format!("/plans/{}/measures/new", plan.id),
        values_href: format!("/plans/{}/measures/values", plan.id),
        upload_href: format!("/plans/{}/measures/upload", plan.id),
    })
}
