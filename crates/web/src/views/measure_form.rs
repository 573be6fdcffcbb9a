//! Adding, changing and removing a measure, for those who may change the plan. The add
//! form can be opened prefilled from a measure the plan's words describe. Links to the
//! plan's rows are written as their refs ("1.2, 3"), as the plan's own table shows them.

use crate::Error;
use crate::components::{Choice, Link};
use crate::routing::{Access, RouteDef, form_routes};
use crate::views::chrome::Chrome;
use crate::views::form::{FieldErrors, conflicted, invalid};
use crate::views::page::PlanPage;
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::measures::{
    Direction, Frequency, MAX_NAME_CHARS, MAX_TEXT_CHARS, Measure, MeasureFields, MeasureLink,
    MeasurePeriod, Target, Tolerance, Unit, parse_period, parse_value,
};
use assure_domain::model::{Actor, StoredPlan};
use assure_domain::roles::Permission;
use assure_store::StoreError;
use axum::Form;
use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

pub(crate) fn routes() -> Vec<RouteDef> {
    let access = Access::Plan(Permission::EditPlan);
    let mut out = Vec::new();
    out.extend(form_routes(
        "/plans/{plan_id}/measures/new",
        access,
        add_get,
        add_post,
    ));
    out.extend(form_routes(
        "/plans/{plan_id}/measures/{measure_id}/edit",
        access,
        edit_get,
        edit_post,
    ));
    out.extend(form_routes(
        "/plans/{plan_id}/measures/{measure_id}/remove",
        access,
        remove_get,
        remove_post,
    ));
    out
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct MeasurePath {
    #[allow(dead_code)]
    plan_id: Uuid,
    pub measure_id: Uuid,
}

/// The form as sent (and as drawn again with its problems); the add link prefills it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub(crate) struct MeasureForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    definition: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    direction: String,
    #[serde(default)]
    frequency: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    tolerance_kind: String,
    #[serde(default)]
    tolerance: String,
    #[serde(default)]
    links: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    target_upper: String,
    #[serde(default)]
    target_from: String,
    #[serde(default)]
    version: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "measure_form.html")]
pub(crate) struct MeasureFormPage {
    chrome: Chrome,
    csrf_token: String,
    breadcrumbs: Vec<Link>,
    heading: String,
    action: String,
    button: &'static str,
    /// Adding: the first target is part of the form.
    adding: bool,
    form: MeasureForm,
    units: Vec<Choice>,
    directions: Vec<Choice>,
    frequencies: Vec<Choice>,
    tolerances: Vec<Choice>,
    back: String,
    errors: FieldErrors,
}

fn draw(
    page: &PlanPage,
    plan: &StoredPlan,
    measure: Option<&Measure>,
    form: MeasureForm,
    errors: FieldErrors,
) -> MeasureFormPage {
    let (heading, action, button, back) = match measure {
        Some(m) => (
            format!("Change \u{201c}{}\u{201d}", m.fields.name),
            format!("/plans/{}/measures/{}/edit", plan.id, m.id),
            "Save changes",
            format!("/plans/{}/measures/{}", plan.id, m.id),
        ),
        None => (
            "Add a measure".to_string(),
            format!("/plans/{}/measures/new", plan.id),
            "Add the measure",
            format!("/plans/{}/measures", plan.id),
        ),
    };
    let unit = if form.unit.is_empty() {
        "percentage"
    } else {
        form.unit.as_str()
    };
    let direction = if form.direction.is_empty() {
        "higher_is_better"
    } else {
        form.direction.as_str()
    };
    let frequency = if form.frequency.is_empty() {
        "monthly"
    } else {
        form.frequency.as_str()
    };
    MeasureFormPage {
        chrome: Chrome::for_user(&page.me, "plans"),
        csrf_token: page.me.csrf_token.clone(),
        breadcrumbs: vec![
            Link::new("Plans", "/plans"),
            Link::new(plan.title.clone(), format!("/plans/{}", plan.id)),
            Link::new("Measures", format!("/plans/{}/measures", plan.id)),
            Link::text(heading.clone()),
        ],
        heading,
        action,
        button,
        adding: measure.is_none(),
        units: Unit::ALL
            .iter()
            .map(|u| Choice::new(u.as_str(), u.describe()).checked_if(unit))
            .collect(),
        directions: Direction::ALL
            .iter()
            .map(|d| Choice::new(d.as_str(), d.describe()).checked_if(direction))
            .collect(),
        frequencies: Frequency::ALL
            .iter()
            .map(|f| Choice::new(f.as_str(), f.describe()).checked_if(frequency))
            .collect(),
        tolerances: [
            (
                "",
                "The usual: 5 points for a percentage, else 5% of the target",
            ),
            ("percent", "A share of the target (%)"),
            ("absolute", "An amount in the measure’s unit"),
        ]
        .into_iter()
        .map(|(v, t)| Choice::new(v, t).checked_if(&form.tolerance_kind))
        .collect(),
        form,
        back,
        errors,
    }
}

fn measure_of(plan: &StoredPlan, id: Uuid) -> Result<&Measure, Error> {
    plan.measures
        .iter()
        .find(|m| m.id == id)
        .ok_or(Error::NotFound)
}

/// The refs of what a measure is linked to, as the form writes them.
fn refs_text(plan: &StoredPlan, m: &Measure) -> String {
    m.fields
        .links
        .iter()
        .filter_map(|l| plan.ref_of(*l))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads "1.2, 3; 4.1" into links: an action's ref first, else an area's.
fn links_of(plan: &StoredPlan, text: &str) -> Result<Vec<MeasureLink>, String> {
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    for r in text
        .split([',', ';', '\n'])
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        let action = plan
            .actions()
            .into_iter()
            .find(|(_, _, a)| a.r#ref.as_deref().map(str::trim) == Some(r))
            .map(|(_, _, a)| MeasureLink::Action(a.id));
        let area = || {
            plan.areas
                .iter()
                .find(|a| a.r#ref.as_deref().map(str::trim) == Some(r))
                .map(|a| MeasureLink::Area(a.id))
        };
        match action.or_else(area) {
            Some(l) => out.push(l),
            None => unknown.push(r.chars().take(20).collect::<String>()),
        }
    }
    if unknown.is_empty() {
        Ok(out)
    } else {
        Err(format!(
            "The plan has no action or area with the ref {}",
            unknown.join(", ")
        ))
    }
}

/// The form's fields (and first target, when adding), or its problems.
fn read(
    plan: &StoredPlan,
    form: &MeasureForm,
    adding: bool,
    today: chrono::NaiveDate,
) -> Result<(MeasureFields, Option<Target>), FieldErrors> {
    let mut errors = FieldErrors::default();
    let name = form.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        errors.add("name", "Enter the measure’s name");
    } else if name.chars().count() > MAX_NAME_CHARS {
        errors.add(
            "name",
            format!("The name must be {MAX_NAME_CHARS} characters or fewer"),
        );
    }
    for (field, what, text) in [
        ("definition", "The definition", &form.definition),
        ("source", "The source", &form.source),
        ("owner", "Who answers for it", &form.owner),
    ] {
        if text.trim().chars().count() > MAX_TEXT_CHARS {
            errors.add(
                field,
                format!("{what} must be {MAX_TEXT_CHARS} characters or fewer"),
            );
        }
    }
    let unit = Unit::parse(&form.unit);
    if unit.is_none() {
        errors.add("unit", "Choose what the measure counts");
    }
    let direction = Direction::parse(&form.direction);
    if direction.is_none() {
        errors.add_at("direction", "#direction", "Choose which way is better");
    }
    let frequency = Frequency::parse(&form.frequency);
    if frequency.is_none() {
        errors.add_at(
            "frequency",
            "#frequency",
            "Choose how often the measure has a value",
        );
    }
    let tolerance = match form.tolerance_kind.as_str() {
        "" => None,
        kind => match parse_value(&form.tolerance) {
            Ok(Some(v)) => {
                let t = if kind == "percent" {
                    Tolerance::Percent(v)
                } else {
                    Tolerance::Absolute(v)
                };
                if let Err(e) = t.check() {
                    errors.add("tolerance", format!("{}{}", e[..1].to_uppercase(), &e[1..]));
                }
                Some(t)
            }
            Ok(None) => {
                errors.add(
                    "tolerance",
                    "Enter how far from the target is still near it",
                );
                None
            }
            Err(e) => {
                errors.add("tolerance", format!("The tolerance: {e}"));
                None
            }
        },
    };
    let links = links_of(plan, &form.links).unwrap_or_else(|e| {
        errors.add("links", e);
        Vec::new()
    });
    let mut target = None;
    if adding && let (Some(unit), Some(direction)) = (unit, direction) {
        target = read_target(
            form,
            unit,
            direction,
            frequency.unwrap_or(Frequency::Monthly),
            today,
            &mut errors,
            false,
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let (Some(unit), Some(direction), Some(frequency)) = (unit, direction, frequency) else {
        return Err(errors);
    };
    Ok((
        MeasureFields {
            name,
            definition: Some(form.definition.trim().to_string()).filter(|s| !s.is_empty()),
            unit,
            direction,
            frequency,
            source: Some(form.source.trim().to_string()).filter(|s| !s.is_empty()),
            owner: Some(form.owner.trim().to_string()).filter(|s| !s.is_empty()),
            tolerance,
            links,
        },
        target,
    ))
}

/// A target from the form's `target`, `target_upper` and `target_from` (a month: "April
/// 2026", "2026-04"; empty for the month it is now). Optional unless `required`.
pub(crate) fn read_target(
    form_target: &impl TargetInput,
    unit: Unit,
    direction: Direction,
    frequency: Frequency,
    today: chrono::NaiveDate,
    errors: &mut FieldErrors,
    required: bool,
) -> Option<Target> {
    let (value, upper, from, reason) = form_target.target_fields();
    let value = match parse_value(value) {
        Ok(Some(v)) => v,
        Ok(None) if !required => return None,
        Ok(None) => {
            errors.add("target", "Enter the target");
            return None;
        }
        Err(e) => {
            errors.add("target", format!("The target: {e}"));
            return None;
        }
    };
    let upper = match (direction, parse_value(upper)) {
        (Direction::WithinRange, Ok(Some(u))) => Some(u),
        (Direction::WithinRange, Ok(None)) => {
            errors.add("target_upper", "Enter the top of the range");
            return None;
        }
        (_, Err(e)) => {
            errors.add("target_upper", format!("The top of the range: {e}"));
            return None;
        }
        _ => None,
    };
    let from = if from.trim().is_empty() {
        MeasurePeriod::containing(today, Frequency::Monthly).start()
    } else {
        match parse_period(from, Frequency::Monthly) {
            Ok(p) => p.start(),
            Err(e) => {
                errors.add("target_from", e);
                return None;
            }
        }
    };
    let _ = frequency;
    let t = Target {
        from,
        value,
        upper,
        reason: Some(reason.trim().to_string()).filter(|r| !r.is_empty()),
    };
    if let Err(e) = assure_domain::measures::TargetHistory::new(vec![t.clone()], unit, direction) {
        errors.add("target", format!("{}{}", e[..1].to_uppercase(), &e[1..]));
        return None;
    }
    Some(t)
}

/// A form with target fields: value, upper end, from month, reason.
pub(crate) trait TargetInput {
    fn target_fields(&self) -> (&str, &str, &str, &str);
}

impl TargetInput for MeasureForm {
    fn target_fields(&self) -> (&str, &str, &str, &str) {
        (&self.target, &self.target_upper, &self.target_from, "")
    }
}

#[tracing::instrument(name = "web.views.measure_form.add_get", skip_all)]
pub(crate) async fn add_get(
    page: PlanPage,
    Query(prefill): Query<MeasureForm>,
) -> Result<MeasureFormPage, Error> {
    let plan = page.state.plan(page.access.plan_id).await?;
    let clip = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    let form = MeasureForm {
        name: clip(&prefill.name, MAX_NAME_CHARS),
        unit: clip(&prefill.unit, 20),
        direction: clip(&prefill.direction, 20),
        target: clip(&prefill.target, 30),
        links: clip(&prefill.links, 200),
        ..MeasureForm::default()
    };
    Ok(draw(&page, &plan, None, form, FieldErrors::default()))
}

#[tracing::instrument(name = "web.views.measure_form.edit_get", skip_all)]
pub(crate) async fn edit_get(
    page: PlanPage,
    Path(p): Path<MeasurePath>,
) -> Result<MeasureFormPage, Error> {
    let plan = page.state.plan(page.access.plan_id).await?;
    let m = measure_of(&plan, p.measure_id)?;
    let f = &m.fields;
    let (tolerance_kind, tolerance) = match f.tolerance {
        Some(Tolerance::Percent(v)) => ("percent", Unit::Number.plain(v)),
        Some(Tolerance::Absolute(v)) => ("absolute", Unit::Number.plain(v)),
        None => ("", String::new()),
    };
    let form = MeasureForm {
        name: f.name.clone(),
        definition: f.definition.clone().unwrap_or_default(),
        unit: f.unit.as_str().into(),
        direction: f.direction.as_str().into(),
        frequency: f.frequency.as_str().into(),
        source: f.source.clone().unwrap_or_default(),
        owner: f.owner.clone().unwrap_or_default(),
        tolerance_kind: tolerance_kind.into(),
        tolerance,
        links: refs_text(&plan, m),
        version: m.version,
        ..MeasureForm::default()
    };
    Ok(draw(&page, &plan, Some(m), form, FieldErrors::default()))
}

async fn save(
    page: PlanPage,
    plan: &StoredPlan,
    measure: Option<&Measure>,
    mut form: MeasureForm,
) -> Result<Response, Error> {
    let today = page.state.clock.today();
    let (fields, target) = match read(plan, &form, measure.is_none(), today) {
        Ok(f) => f,
        Err(errors) => return Ok(invalid(draw(&page, plan, measure, form, errors))),
    };
    let actor = Actor::user(&page.me.user);
    let store = &page.state.store;
    let saved = match measure {
        None => {
            store
                .create_measure(plan.id, &fields, target.as_ref(), &actor)
                .await
        }
        Some(m) => store
            .edit_measure(plan.id, m.id, form.version, &fields, &actor)
            .await
            .map(|()| m.id),
    };
    let mut errors = FieldErrors::default();
    match saved {
        Ok(id) => {
            let flag = if measure.is_some() {
                "measure-changed"
            } else {
                "measure-added"
            };
            return Ok(
                Redirect::to(&format!("/plans/{}/measures/{id}?done={flag}", plan.id))
                    .into_response(),
            );
        }
        Err(StoreError::Duplicate(_)) => errors.add(
            "name",
            format!(
                "The plan already has a measure called \u{201c}{}\u{201d}",
                fields.name
            ),
        ),
        Err(StoreError::Invalid(m)) => errors.general(m),
        Err(StoreError::Conflict { current, .. }) => {
            errors.general("Someone else changed this measure while you were editing it. Your changes are below but were not saved: check them, then save again.");
            form.version = current;
            return Ok(conflicted(draw(&page, plan, measure, form, errors)));
        }
        Err(e) => return Err(e.into()),
    }
    Ok(invalid(draw(&page, plan, measure, form, errors)))
}

#[tracing::instrument(name = "web.views.measure_form.add_post", skip_all)]
pub(crate) async fn add_post(
    page: PlanPage,
    Form(form): Form<MeasureForm>,
) -> Result<Response, Error> {
    let plan = page.state.plan(page.access.plan_id).await?;
    save(page, &plan, None, form).await
}

#[tracing::instrument(name = "web.views.measure_form.edit_post", skip_all)]
pub(crate) async fn edit_post(
    page: PlanPage,
    Path(p): Path<MeasurePath>,
    Form(form): Form<MeasureForm>,
) -> Result<Response, Error> {
    let plan = page.state.plan(page.access.plan_id).await?;
    let m = measure_of(&plan, p.measure_id)?.clone();
    save(page, &plan, Some(&m), form).await
}

#[derive(Template, WebTemplate)]
#[template(path = "measure_remove.html")]
pub(crate) struct RemovePage {
    chrome: Chrome,
    csrf_token: String,
    breadcrumbs: Vec<Link>,
    plan_id: Uuid,
    measure_id: Uuid,
    name: String,
    values: usize,
    version: i64,
    errors: FieldErrors,
}

fn remove_page(page: &PlanPage, plan: &StoredPlan, m: &Measure, errors: FieldErrors) -> RemovePage {
    RemovePage {
        chrome: Chrome::for_user(&page.me, "plans"),
        csrf_token: page.me.csrf_token.clone(),
        breadcrumbs: vec![
            Link::new("Plans", "/plans"),
            Link::new(plan.title.clone(), format!("/plans/{}", plan.id)),
            Link::new("Measures", format!("/plans/{}/measures", plan.id)),
            Link::text(format!("Remove \u{201c}{}\u{201d}", m.fields.name)),
        ],
        plan_id: plan.id,
        measure_id: m.id,
        name: m.fields.name.clone(),
        values: m.values.len(),
        version: m.version,
        errors,
    }
}

#[tracing::instrument(name = "web.views.measure_form.remove_get", skip_all)]
pub(crate) async fn remove_get(
    page: PlanPage,
    Path(p): Path<MeasurePath>,
) -> Result<RemovePage, Error> {
    let plan = page.state.plan(page.access.plan_id).await?;
    let m = measure_of(&plan, p.measure_id)?;
    Ok(remove_page(&page, &plan, m, FieldErrors::default()))
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct RemoveForm {
    #[serde(default)]
    version: i64,
}

#[tracing::instrument(name = "web.views.measure_form.remove_post", skip_all)]
pub(crate) async fn remove_post(
    page: PlanPage,
    Path(p): Path<MeasurePath>,
    Form(form): Form<RemoveForm>,
) -> Result<Response, Error> {
    let plan = page.state.plan(page.access.plan_id).await?;
    let m = measure_of(&plan, p.measure_id)?.clone();
    match page
        .state
        .store
        .remove_measure(plan.id, m.id, form.version, &Actor::user(&page.me.user))
        .await
    {
        Ok(()) => Ok(
            Redirect::to(&format!("/plans/{}/measures?done=measure-removed", plan.id))
                .into_response(),
        ),
        Err(StoreError::Conflict { .. }) => Ok(conflicted(remove_page(
            &page,
            &plan,
            &m,
            FieldErrors::only(
                "Someone else changed this measure since you opened this page. Check it below, then remove it again if you still mean to.",
            ),
        ))),
        Err(e) => Err(e.into()),
    }
}
