//! The things to check that the plan's import reported, kept with the plan: each shown
//! with where it is and what it says, and marked done (or back to do) by the people who
//! may change the plan, each mark audited.

use crate::Error;
use crate::components::Link;
use crate::routing::{Access, RouteDef};
use crate::views::banner::Done;
use crate::views::chrome::Chrome;
use crate::views::form::{FieldErrors, invalid};
use crate::views::format::moment;
use crate::views::glossary::add_href;
use crate::views::page::PlanPage;
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::import_report::StoredReportItem;
use assure_domain::model::{Actor, StoredPlan};
use assure_domain::roles::Permission;
use axum::Form;
use axum::extract::Query;
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    let path = "/plans/{plan_id}/import-report";
    vec![
        RouteDef::get(path, Access::Plan(Permission::ViewPlan), get),
        RouteDef::post(path, Access::Plan(Permission::EditPlan), post),
    ]
}

/// A thing to check as the page lists it.
pub(crate) struct ItemView {
    pub id: Uuid,
    pub concern: String,
    pub place: String,
    pub text: String,
    pub advice: String,
    /// "Sam Patel on 3 March 2026 at 10:15", once done.
    pub done_by: String,
    /// For a lead not in the glossary: the form that adds it (for those who may), or
    /// `None` once the glossary lists it.
    pub glossary: Option<GlossaryFix>,
}

/// What a "Lead not in the glossary" item offers.
pub(crate) enum GlossaryFix {
    /// The form that adds the lead to the glossary, prefilled, returning here.
    Add(String),
    /// The glossary lists the lead now.
    Listed,
}

/// The concern the importer reports for a lead its glossary does not list.
const LEAD_NOT_IN_GLOSSARY: &str = "Lead not in the glossary";

/// The things still to do under one concern, with what to do about them.
pub(crate) struct Group {
    pub concern: String,
    pub advice: String,
    pub items: Vec<ItemView>,
}

/// Items still to do, grouped by concern in the order each concern first appears (the
/// report lists what blocks tracking first).
fn groups(items: Vec<ItemView>) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for item in items {
        match out.iter_mut().find(|g| g.concern == item.concern) {
            Some(g) => g.items.push(item),
            None => out.push(Group {
                concern: item.concern.clone(),
                advice: item.advice.clone(),
                items: vec![item],
            }),
        }
    }
    out
}

#[derive(Template, WebTemplate)]
#[template(path = "import_report.html")]
pub(crate) struct ReportPage {
    chrome: Chrome,
    csrf_token: String,
    breadcrumbs: Vec<Link>,
    plan_id: Uuid,
    plan_title: String,
    to_do: Vec<Group>,
    to_do_count: usize,
    done: Vec<ItemView>,
    can_mark: bool,
    banner: Option<&'static str>,
    errors: FieldErrors,
}

fn view(plan: &StoredPlan, i: &StoredReportItem) -> ItemView {
    let lead = i.item.text.trim();
    let glossary = (i.item.concern == LEAD_NOT_IN_GLOSSARY && !lead.is_empty()).then(|| {
        if plan.glossary.iter().any(|g| g.abbreviation.trim() == lead) {
            GlossaryFix::Listed
        } else {
            let back = format!("/plans/{}/import-report#item-{}", plan.id, i.id);
            GlossaryFix::Add(add_href(plan.id, lead, &back))
        }
    });
    ItemView {
        glossary,
        id: i.id,
        concern: i.item.concern.clone(),
        place: i.item.place.clone(),
        text: i.item.text.clone(),
        advice: i.item.advice.clone(),
        done_by: i
            .done
            .as_ref()
            .map(|(by, at)| format!("{} on {}", by.label, moment(*at)))
            .unwrap_or_default(),
    }
}

async fn page(
    PlanPage { state, access, me }: &PlanPage,
    banner: Option<&'static str>,
    errors: FieldErrors,
) -> Result<ReportPage, Error> {
    let plan = state.plan(access.plan_id).await?;
    let items = state.store.import_report(plan.id).await?;
    let (done, to_do): (Vec<_>, Vec<_>) = items.iter().partition(|i| i.done.is_some());
    Ok(ReportPage {
        chrome: Chrome::for_user(me, "plans"),
        csrf_token: me.csrf_token.clone(),
        breadcrumbs: vec![
            Link::new("Plans", "/plans"),
            Link::new(plan.title.clone(), format!("/plans/{}", plan.id)),
            Link::text("Things to check"),
        ],
        plan_id: plan.id,
        plan_title: plan.title.clone(),
        to_do_count: to_do.len(),
        to_do: groups(to_do.into_iter().map(|i| view(&plan, i)).collect()),
        done: done.into_iter().map(|i| view(&plan, i)).collect(),
        can_mark: access.allows(Permission::EditPlan, false),
        banner,
        errors,
    })
}

#[tracing::instrument(name = "web.views.import_report.get", skip_all)]
pub(crate) async fn get(plan_page: PlanPage, Query(q): Query<Done>) -> Result<ReportPage, Error> {
    let banner = match q.done.as_deref() {
        Some("done") => Some("Marked done."),
        Some("not-done") => Some("Marked as still to do."),
        Some("all-done") => Some("Every one of that kind is marked done."),
        Some(d) if d.starts_with("glossary-") => crate::views::banner::done_text(Some(d)),
        _ => None,
    };
    page(&plan_page, banner, FieldErrors::default()).await
}

/// A mark as sent: which thing (or every thing of one concern), and whether it is now
/// done.
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct MarkSent {
    #[serde(default)]
    item: String,
    #[serde(default)]
    concern: String,
    #[serde(default)]
    done: String,
}

#[tracing::instrument(name = "web.views.import_report.post", skip_all)]
pub(crate) async fn post(
    plan_page: PlanPage,
    Form(sent): Form<MarkSent>,
) -> Result<Response, Error> {
    if sent.done == "all" && !sent.concern.trim().is_empty() {
        let PlanPage { state, access, me } = &plan_page;
        state
            .store
            .mark_concern_done(access.plan_id, sent.concern.trim(), &Actor::user(&me.user))
            .await?;
        return Ok(Redirect::to(&format!(
            "/plans/{}/import-report?done=all-done#to-do",
            access.plan_id
        ))
        .into_response());
    }
    let done = match sent.done.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    let (Ok(item), Some(done)) = (Uuid::parse_str(sent.item.trim()), done) else {
        let errors = FieldErrors::only("Choose a thing to check to mark done or still to do");
        return Ok(invalid(page(&plan_page, None, errors).await?));
    };
    let PlanPage { state, access, me } = &plan_page;
    state
        .store
        .mark_report_item(access.plan_id, item, done, &Actor::user(&me.user))
        .await?;
    let flag = if done { "done" } else { "not-done" };
    Ok(Redirect::to(&format!(
        "/plans/{}/import-report?done={flag}#to-do",
        access.plan_id
    ))
    .into_response())
}
