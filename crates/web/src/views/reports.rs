//! A plan's board reports (`/plans/{id}/reports`): pick the period, who it is for and the
//! format, and download it (`/plans/{id}/reports/download?period=&audience=&format=`).
//! A GET form, so it needs no JavaScript and a report's address can be bookmarked.
//!
//! Whoever may read the plan may download any version: the board version names people
//! only as the plan itself does (its leads and glossary), which the plan's pages already
//! show them; the scrutiny and exceptions versions name no one, for sending on.

use crate::Error;
use crate::components::Choice;
use crate::routing::{Access, RouteDef};
use crate::views::chrome::Chrome;
use crate::views::form::FieldErrors;
use crate::views::page::PlanPage;
use crate::{AppState, auth::CurrentUser, routing::PlanAccess};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::model::StoredPlan;
use assure_domain::roles::Permission;
use assure_domain::status_history::StatusHistory;
use assure_report::model::{
    latest_closed_period, parse_period, period_key, period_name, recent_periods, report_cadence,
};
use assure_report::{Audience, Format, ReportRequest};
use axum::extract::Query;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::LazyLock;
use tokio::sync::Semaphore;
use uuid::Uuid;

/// How many periods back the form offers.
const PERIODS_OFFERED: usize = 13;

/// Reports rendered at once: a PDF of a large plan takes a core for a second or more, so
/// a burst of downloads queues rather than starving the pages.
static RENDERING: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(2));

pub(crate) fn routes() -> Vec<RouteDef> {
    vec![
        RouteDef::get(
            "/plans/{plan_id}/reports",
            Access::Plan(Permission::ViewPlan),
            get,
        ),
        RouteDef::get(
            "/plans/{plan_id}/reports/download",
            Access::Plan(Permission::ViewPlan),
            download,
        ),
    ]
}

/// What the form sends; every field as text, so a bad value is an error on the page.
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct ReportQuery {
    period: Option<String>,
    audience: Option<String>,
    format: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "reports.html")]
pub(crate) struct ReportsPage {
    chrome: Chrome,
    plan_id: Uuid,
    plan_title: String,
    periods: Vec<Choice>,
    audiences: Vec<Choice>,
    formats: Vec<Choice>,
    errors: FieldErrors,
}

#[tracing::instrument(name = "web.views.reports.get", skip_all)]
pub(crate) async fn get(
    PlanPage { state, access, me }: PlanPage,
    Query(q): Query<ReportQuery>,
) -> Result<ReportsPage, Error> {
    let plan = state.plan(access.plan_id).await?;
    Ok(page(&state, &plan, &me, &q, FieldErrors::default()))
}

fn page(
    state: &AppState,
    plan: &StoredPlan,
    me: &CurrentUser,
    q: &ReportQuery,
    errors: FieldErrors,
) -> ReportsPage {
    let today = state.clock.today();
    let cadence = report_cadence(plan);
    let default = period_key(&latest_closed_period(today, cadence));
    let chosen_period = q.period.clone().unwrap_or(default);
    let periods = recent_periods(today, cadence, PERIODS_OFFERED)
        .iter()
        .map(|p| {
            let key = period_key(p);
            let mut text = period_name(p);
            if p.end >= today {
                text.push_str(" (so far)");
            }
            Choice::new(key.clone(), text).checked(key == chosen_period)
        })
        .collect();
    let audience = q.audience.as_deref().unwrap_or("board");
    let audiences = Audience::ALL
        .iter()
        .map(|a| {
            let hint = match a {
                Audience::Board => "Everything, with leads as the plan writes them.",
                Audience::Scrutiny => {
                    "Everything, naming no one: leads are shown as the roles they hold."
                }
                Audience::Exceptions => "The summary and what needs attention only, naming no one.",
            };
            Choice::new(a.as_str(), a.describe())
                .hint(hint)
                .checked(a.as_str() == audience)
        })
        .collect();
    let format = q.format.as_deref().unwrap_or("");
    let formats = Format::ALL
        .iter()
        .map(|f| Choice::new(f.as_str(), f.describe()).checked(f.as_str() == format))
        .collect();
    ReportsPage {
        chrome: Chrome::for_user(me, "plans"),
        plan_id: plan.id,
        plan_title: plan.title.clone(),
        periods,
        audiences,
        formats,
        errors,
    }
}

#[tracing::instrument(name = "web.views.reports.download", skip_all)]
pub(crate) async fn download(
    PlanPage { state, access, me }: PlanPage,
    Query(q): Query<ReportQuery>,
) -> Result<Response, Error> {
    let plan = state.plan(access.plan_id).await?;
    let today = state.clock.today();
    let cadence = report_cadence(&plan);
    let mut errors = FieldErrors::default();
    let period = match q.period.as_deref().filter(|p| !p.is_empty()) {
        None => Some(latest_closed_period(today, cadence)),
        Some(p) => match parse_period(p, cadence, today) {
            Ok(p) => Some(p),
            Err(e) => {
                errors.add("period", capitalise(&e.to_string()));
                None
            }
        },
    };
    let audience = match q.audience.as_deref().filter(|a| !a.is_empty()) {
        None => Some(Audience::Board),
        Some(a) => Audience::parse(a).or_else(|| {
            errors.add("audience", "Choose who the report is for");
            None
        }),
    };
    let format = match q.format.as_deref().map(Format::parse) {
        Some(Ok(f)) => Some(f),
        _ => {
            errors.add("format", "Choose a format");
            None
        }
    };
    let (Some(period), Some(audience), Some(format)) = (period, audience, format) else {
        let page = page(&state, &plan, &me, &q, errors);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let bytes = render(&state, &access, plan, &period, audience, format).await?;
    Ok(attachment(bytes.0, &bytes.1, format))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

async fn render(
    state: &AppState,
    access: &PlanAccess,
    plan: std::sync::Arc<StoredPlan>,
    period: &assure_domain::periods::Period,
    audience: Audience,
    format: Format,
) -> Result<(Vec<u8>, String), Error> {
    let history = StatusHistory::new(state.store.status_changes(access.plan_id).await?);
    let people: Vec<String> = state
        .store
        .users(plan.org_id)
        .await?
        .into_iter()
        .map(|u| u.name)
        .collect();
    let today = state.clock.today();
    let period = period.clone();
    let _permit = RENDERING
        .acquire()
        .await
        .map_err(|e| Error::Internal(Box::new(e)))?;
    tokio::task::spawn_blocking(move || {
        let report = assure_report::build(&ReportRequest {
            plan: &plan,
            history: &history,
            period: &period,
            audience,
            today,
            people: &people,
        });
        let name = format.file_name(&report);
        assure_report::render(&report, format).map(|b| (b, name))
    })
    .await
    .map_err(|e| Error::Internal(Box::new(e)))?
    .map_err(|e| Error::Internal(Box::new(e)))
}

/// The file, to be saved: its media type, and a name of letters, digits and dashes (so no
/// header can be broken by a plan's title).
fn attachment(bytes: Vec<u8>, name: &str, format: Format) -> Response {
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    let safe: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '.')
        .collect();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
