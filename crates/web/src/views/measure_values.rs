//! Entering measures' values: a grid of the plan's measures by period for the
//! performance officer (a text box per cell, tabbing along a row; no JavaScript), and an
//! upload of the month's performance report (long or wide, CSV or Excel). Both save all
//! or nothing: one value that cannot be read sends the page back saying which and why.

use crate::Error;
use crate::components::Link;
use crate::routing::{Access, RouteDef, form_routes, only};
use crate::views::chrome::Chrome;
use crate::views::form::{FieldErrors, conflicted, invalid};
use crate::views::import::{content_length, read_field, turn};
use crate::views::measures::done_banner;
use crate::views::page::PlanPage;
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::measures::{Frequency, Measure, MeasurePeriod, parse_period, parse_value};
use assure_domain::model::{Actor, StoredPlan};
use assure_domain::roles::Permission;
use assure_import::ImportOptions;
use assure_store::{StoreError, ValueEntry};
use axum::Form;
use axum::extract::{DefaultBodyLimit, Multipart, Query};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use uuid::Uuid;

/// Periods the grid shows: six months, four quarters.
const MONTHS_SHOWN: usize = 6;
const QUARTERS_SHOWN: usize = 4;
/// The most fields a grid's form may send (500 measures by six periods, with notes, and
/// room over): more is not a form this page drew.
const MAX_FIELDS: usize = 10_000;

pub(crate) fn routes() -> Vec<RouteDef> {
    let access = Access::Plan(Permission::EditPlan);
    let mut out = Vec::new();
    out.extend(form_routes(
        "/plans/{plan_id}/measures/values",
        access,
        grid_get,
        grid_post,
    ));
    out.push(RouteDef::get(
        "/plans/{plan_id}/measures/upload",
        access,
        upload_get,
    ));
    out.push(RouteDef {
        method: Method::POST,
        path: "/plans/{plan_id}/measures/upload",
        access,
        handler: only(Method::POST, upload_post).layer(DefaultBodyLimit::max(64 * 1024 * 1024)),
    });
    out
}

/// One cell of the grid.
pub(crate) struct GridCell {
    pub name: String,
    pub was_name: String,
    pub label: String,
    pub value: String,
    pub was: String,
    pub error: String,
}

/// One measure's row.
pub(crate) struct GridRow {
    pub name: String,
    pub href: String,
    pub unit: String,
    pub cells: Vec<GridCell>,
    pub note_name: String,
    pub note_label: String,
    pub note: String,
}

/// The grid of measures of one frequency.
pub(crate) struct Grid {
    pub caption: String,
    pub periods: Vec<String>,
    pub rows: Vec<GridRow>,
}

#[derive(Template, WebTemplate)]
#[template(path = "measure_values.html")]
pub(crate) struct GridPage {
    chrome: Chrome,
    csrf_token: String,
    breadcrumbs: Vec<Link>,
    plan_id: Uuid,
    plan_title: String,
    to: String,
    grids: Vec<Grid>,
    earlier: String,
    later: String,
    errors: FieldErrors,
    banner: Option<String>,
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct GridQuery {
    to: Option<String>,
    done: Option<String>,
}

fn cell_name(m: &Measure, p: MeasurePeriod) -> String {
    format!("v.{}.{}", m.id, p.key())
}

/// The periods a measure's row shows, oldest first, ending with the one containing `to`.
fn periods(frequency: Frequency, to: MeasurePeriod) -> Vec<MeasurePeriod> {
    let last = MeasurePeriod::containing(to.start(), frequency);
    let n = if frequency == Frequency::Monthly {
        MONTHS_SHOWN
    } else {
        QUARTERS_SHOWN
    };
    let mut out = vec![last];
    while out.len() < n {
        let prev = out[out.len() - 1].previous();
        out.push(prev);
    }
    out.reverse();
    out
}

/// The grid as drawn: `typed` holds what the person typed (when sent back with errors).
fn grid_page(
    page: &PlanPage,
    plan: &StoredPlan,
    to: MeasurePeriod,
    typed: &HashMap<String, String>,
    errors: FieldErrors,
    banner: Option<String>,
) -> GridPage {
    let unit_of = |m: &Measure| m.fields.unit;
    let mut grids = Vec::new();
    for (frequency, caption) in [
        (Frequency::Monthly, "Monthly measures"),
        (Frequency::Quarterly, "Quarterly measures"),
    ] {
        let measures: Vec<&Measure> = plan
            .measures
            .iter()
            .filter(|m| m.fields.frequency == frequency)
            .collect();
        if measures.is_empty() {
            continue;
        }
        let ps = periods(frequency, to);
        let last = ps[ps.len() - 1];
        let rows = measures
            .iter()
            .map(|m| {
                let cells = ps
                    .iter()
                    .map(|&p| {
                        let name = cell_name(m, p);
                        let stored = m
                            .values
                            .iter()
                            .find(|v| v.period == p)
                            .map(|v| unit_of(m).plain(v.value))
                            .unwrap_or_default();
                        GridCell {
                            label: format!("{}, {}", m.fields.name, p.label()),
                            value: typed.get(&name).cloned().unwrap_or_else(|| stored.clone()),
                            was: typed
                                .get(&format!("was.{}.{}", m.id, p.key()))
                                .cloned()
                                .unwrap_or(stored),
                            error: errors.get(&name).to_string(),
                            was_name: format!("was.{}.{}", m.id, p.key()),
                            name,
                        }
                    })
                    .collect();
                let note_name = format!("n.{}.{}", m.id, last.key());
                let stored_note = m
                    .values
                    .iter()
                    .find(|v| v.period == last)
                    .and_then(|v| v.note.clone())
                    .unwrap_or_default();
                GridRow {
                    name: m.fields.name.clone(),
                    href: format!("/plans/{}/measures/{}", plan.id, m.id),
                    unit: m.fields.unit.describe().to_string(),
                    cells,
                    note_label: format!("Note on {}, {}", m.fields.name, last.label()),
                    note: typed.get(&note_name).cloned().unwrap_or(stored_note),
                    note_name,
                }
            })
            .collect();
        grids.push(Grid {
            caption: format!("{caption}: {} to {}", ps[0].label(), last.label()),
            periods: ps.iter().map(|p| p.label()).collect(),
            rows,
        });
    }
    let step = |months: u32, forward: bool| {
        let d = if forward {
            to.start().checked_add_months(chrono::Months::new(months))
        } else {
            to.start().checked_sub_months(chrono::Months::new(months))
        };
        d.map(|d| {
            format!(
                "/plans/{}/measures/values?to={}",
                plan.id,
                MeasurePeriod::containing(d, Frequency::Monthly).key()
            )
        })
        .unwrap_or_default()
    };
    GridPage {
        chrome: Chrome::for_user(&page.me, "plans"),
        csrf_token: page.me.csrf_token.clone(),
        breadcrumbs: vec![
            Link::new("Plans", "/plans"),
            Link::new(plan.title.clone(), format!("/plans/{}", plan.id)),
            Link::new("Measures", format!("/plans/{}/measures", plan.id)),
            Link::text("Enter values"),
        ],
        plan_id: plan.id,
        plan_title: plan.title.clone(),
        to: to.key(),
        grids,
        earlier: step(MONTHS_SHOWN as u32, false),
        later: step(MONTHS_SHOWN as u32, true),
        errors,
        banner,
    }
}

/// The month the grid ends at: asked for, else the one whose values are due (last month).
fn to_of(text: Option<&str>, today: chrono::NaiveDate) -> MeasurePeriod {
    text.and_then(|t| parse_period(t, Frequency::Monthly).ok())
        .unwrap_or_else(|| MeasurePeriod::containing(today, Frequency::Monthly).previous())
}

#[tracing::instrument(name = "web.views.measure_values.grid_get", skip_all)]
pub(crate) async fn grid_get(
    page: PlanPage,
    Query(q): Query<GridQuery>,
) -> Result<GridPage, Error> {
    let plan = page.state.plan(page.access.plan_id).await?;
    let to = to_of(q.to.as_deref(), page.state.clock.today());
    Ok(grid_page(
        &page,
        &plan,
        to,
        &HashMap::new(),
        FieldErrors::default(),
        done_banner(q.done.as_deref()),
    ))
}

#[tracing::instrument(name = "web.views.measure_values.grid_post", skip_all)]
pub(crate) async fn grid_post(
    page: PlanPage,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Error> {
    if fields.len() > MAX_FIELDS {
        return Err(Error::BadRequest(
            "The form sent more values than the grid has.".into(),
        ));
    }
    let plan = page.state.plan(page.access.plan_id).await?;
    let typed: HashMap<String, String> = fields.into_iter().collect();
    let to = to_of(
        typed.get("to").map(String::as_str),
        page.state.clock.today(),
    );
    let mut errors = FieldErrors::default();
    let mut entries = Vec::new();
    for m in &plan.measures {
        for p in periods(m.fields.frequency, to) {
            let name = cell_name(m, p);
            let Some(text) = typed.get(&name) else {
                continue;
            };
            let was_text = typed
                .get(&format!("was.{}.{}", m.id, p.key()))
                .map(String::as_str)
                .unwrap_or("");
            let was = parse_value(was_text).ok().flatten();
            let note_name = format!("n.{}.{}", m.id, p.key());
            let note = typed.get(&note_name).map(|n| n.trim().to_string());
            match parse_value(text) {
                Err(e) => errors.add(&name, format!("{}, {}: {e}", m.fields.name, p.label())),
                Ok(value) => {
                    if let Some(v) = value
                        && let Err(e) = m.fields.unit.check(v)
                    {
                        errors.add(
                            &name,
                            format!("{}, {}: the value {e}", m.fields.name, p.label()),
                        );
                        continue;
                    }
                    let stored_note = m
                        .values
                        .iter()
                        .find(|v| v.period == p)
                        .and_then(|v| v.note.clone())
                        .unwrap_or_default();
                    let note_changed = note.as_deref().is_some_and(|n| n != stored_note);
                    if value == was && !note_changed {
                        continue;
                    }
                    entries.push(ValueEntry {
                        measure_id: m.id,
                        period: p,
                        value,
                        note: note.or(Some(stored_note)).filter(|n| !n.is_empty()),
                        was,
                        replace: false,
                    });
                }
            }
        }
    }
    if !errors.is_empty() {
        return Ok(invalid(grid_page(&page, &plan, to, &typed, errors, None)));
    }
    let out = match page
        .state
        .store
        .record_values(plan.id, &entries, &Actor::user(&page.me.user))
        .await
    {
        Ok(out) => out,
        Err(StoreError::Invalid(msg)) => {
            return Ok(invalid(grid_page(
                &page,
                &plan,
                to,
                &typed,
                FieldErrors::only(msg),
                None,
            )));
        }
        Err(e) => return Err(e.into()),
    };
    if !out.conflicted.is_empty() {
        let fresh = page.state.plan(plan.id).await?;
        let msg = format!(
            "Someone else changed {} while you were entering values, so {} kept: {}. The grid shows the values now; enter yours again where you still mean them. Your other values were saved.",
            if out.conflicted.len() == 1 {
                "a value"
            } else {
                "some values"
            },
            if out.conflicted.len() == 1 {
                "theirs is"
            } else {
                "theirs are"
            },
            out.conflicted.join("; ")
        );
        return Ok(conflicted(grid_page(
            &page,
            &fresh,
            to,
            &HashMap::new(),
            FieldErrors::only(msg),
            None,
        )));
    }
    Ok(Redirect::to(&format!(
        "/plans/{}/measures/values?to={}&done=values-saved",
        plan.id,
        to.key()
    ))
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "measure_upload.html")]
pub(crate) struct UploadPage {
    chrome: Chrome,
    csrf_token: String,
    breadcrumbs: Vec<Link>,
    plan_id: Uuid,
    plan_title: String,
    measure_names: Vec<String>,
    problems: Vec<String>,
    file_error: String,
    done: String,
    summary: Vec<Link>,
}

fn upload_page(
    page: &PlanPage,
    plan: &StoredPlan,
    problems: Vec<String>,
    file_error: String,
    done: String,
) -> UploadPage {
    let mut summary = Vec::new();
    if !file_error.is_empty() {
        summary.push(Link::new(file_error.clone(), "#file"));
    }
    if !problems.is_empty() {
        summary.push(Link::new(
            format!(
                "The file has {} problem{}: nothing was saved",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            ),
            "#problems",
        ));
    }
    UploadPage {
        chrome: Chrome::for_user(&page.me, "plans"),
        csrf_token: page.me.csrf_token.clone(),
        breadcrumbs: vec![
            Link::new("Plans", "/plans"),
            Link::new(plan.title.clone(), format!("/plans/{}", plan.id)),
            Link::new("Measures", format!("/plans/{}/measures", plan.id)),
            Link::text("Upload values"),
        ],
        plan_id: plan.id,
        plan_title: plan.title.clone(),
        measure_names: plan
            .measures
            .iter()
            .map(|m| m.fields.name.clone())
            .collect(),
        problems,
        file_error,
        done,
        summary,
    }
}

#[tracing::instrument(name = "web.views.measure_values.upload_get", skip_all)]
pub(crate) async fn upload_get(page: PlanPage) -> Result<UploadPage, Error> {
    let plan = page.state.plan(page.access.plan_id).await?;
    Ok(upload_page(
        &page,
        &plan,
        Vec::new(),
        String::new(),
        String::new(),
    ))
}

#[tracing::instrument(name = "web.views.measure_values.upload_post", skip_all)]
pub(crate) async fn upload_post(
    page: PlanPage,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Response, Error> {
    let plan = page.state.plan(page.access.plan_id).await?;
    let limit = page.state.config.max_upload_bytes;
    let expected = content_length(&headers);
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| Error::BadRequest(format!("The form could not be read: {e}")))?
    {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("").to_string();
            let bytes = read_field(&mut field, limit, expected).await?;
            if !name.is_empty() && !bytes.is_empty() {
                file = Some((name, bytes));
            }
        }
    }
    let Some((name, bytes)) = file else {
        let p = upload_page(
            &page,
            &plan,
            Vec::new(),
            "Choose the file of values to upload".into(),
            String::new(),
        );
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response());
    };
    let opts = ImportOptions {
        max_bytes: limit as u64,
        ..ImportOptions::default()
    };
    let turn = turn(&page.state).await?;
    let rows = match tokio::task::spawn_blocking(move || {
        assure_import::measures::read_values(&name, &bytes, &opts)
    })
    .await
    {
        Ok(Ok(rows)) => rows,
        Ok(Err(e)) => {
            let p = upload_page(&page, &plan, Vec::new(), e.to_string(), String::new());
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response());
        }
        Err(e) => return Err(Error::Internal(Box::new(e))),
    };
    drop(turn);
    match page
        .state
        .store
        .record_upload(plan.id, &rows, &Actor::user(&page.me.user))
        .await
    {
        Ok((read, out)) => {
            let done = format!(
                "{read} value{} read: {} added, {} changed, {} already as the file has {}.",
                if read == 1 { "" } else { "s" },
                out.added,
                out.changed,
                read - out.saved(),
                if read - out.saved() == 1 {
                    "it"
                } else {
                    "them"
                }
            );
            let fresh = page.state.plan(plan.id).await?;
            Ok(upload_page(&page, &fresh, Vec::new(), String::new(), done).into_response())
        }
        Err(StoreError::Invalid(problems)) => {
            let problems: Vec<String> = problems.lines().map(str::to_string).collect();
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                upload_page(&page, &plan, problems, String::new(), String::new()),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}
