//! Edit an action's fields and leads, add an action (to an area, or beneath another as a
//! sub-action), and delete one after a confirmation that says what else goes with it.

use crate::auth::CurrentUser;
use crate::components::Link;
use crate::routing::{Access, RouteDef, form_routes};
use crate::views::chrome::Chrome;
use crate::views::edit_form::{EditPage, Field, Sent, edit_form, last_change_by, lines, optional};
use crate::views::locate::{ActionPath, Located, locate};
use crate::views::naming::{action_name, area_heading};
use crate::views::page::PlanPage;
use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::model::{ActionFields, Actor, StoredAction, StoredArea, StoredPlan};
use assure_domain::roles::Permission;
use assure_domain::when::{WhenContext, infer_default_year, parse_start, parse_timescale};
use assure_domain::{When, WhenKind};
use assure_store::StoreError;
use axum::Form;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use serde::Deserialize;
use uuid::Uuid;

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    let edit = Access::Plan(Permission::EditAction);
    [
        form_routes(
            "/plans/{plan_id}/actions/{action_id}/edit",
            edit,
            edit_get,
            edit_post,
        ),
        // Deleting takes the whole of an action with its history out of the plan: the
        // plan's owners decide that, not everyone who may edit actions.
        form_routes(
            "/plans/{plan_id}/actions/{action_id}/delete",
            Access::Plan(Permission::EditPlan),
            delete_get,
            delete_post,
        ),
        form_routes(
            "/plans/{plan_id}/areas/{area_id}/actions/new",
            edit,
            new_get,
            new_post,
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

edit_form! {
    /// The action form (edit and add) as sent; `parent` only on an add page.
    ActionSent { r#ref as "ref", text, leads, sponsor, start, due, assurance, impact, measure, resources, parent }
}

/// The form's fields, drawn from `a` (empty for a new action).
fn fields(a: Option<&StoredAction>) -> Vec<Field> {
    let text = |f: fn(&StoredAction) -> Option<&String>| a.and_then(f).cloned().unwrap_or_default();
    let when = |f: fn(&StoredAction) -> Option<&When>| {
        a.and_then(f).map(|w| w.text.clone()).unwrap_or_default()
    };
    vec![
        Field::short(
            "ref",
            "Reference",
            "As the plan numbers it, for example 2.3",
        )
        .value(text(|a| a.r#ref.as_ref())),
        Field::long("text", "Action", "What will be done", 5).value(text(|a| Some(&a.text))),
        Field::long(
            "leads",
            "Leads",
            "One per line, as the plan writes them, for example HoS CP",
            3,
        )
        .value(
            a.map(|a| {
                a.leads
                    .iter()
                    .map(|l| l.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default(),
        ),
        Field::short("sponsor", "Sponsor", "Optional").value(text(|a| a.sponsor.as_ref())),
        Field::short(
            "start",
            "Start",
            "Optional. As the plan writes it, for example April 2026",
        )
        .value(when(|a| a.start.as_ref())),
        Field::short(
            "due",
            "Timescale",
            "As the plan writes it, for example March 2027, 31/03/2027, Ongoing or Monthly",
        )
        .value(when(|a| a.due.as_ref())),
        Field::long("assurance", "How are we assured", "Optional", 3)
            .value(text(|a| a.assurance.as_ref())),
        Field::long("impact", "Impact", "Optional", 3).value(text(|a| a.impact.as_ref())),
        Field::long("measure", "Measured by", "Optional", 3).value(text(|a| a.measure.as_ref())),
        Field::long("resources", "Resources", "Optional", 3).value(text(|a| a.resources.as_ref())),
    ]
}

/// The year a month without one ("Sept") means in this plan: the one its timescales
/// mostly name, else this year.
pub(crate) fn when_context(state: &AppState, plan: &StoredPlan) -> WhenContext {
    let all = plan.actions();
    let texts = all
        .iter()
        .flat_map(|(_, _, a)| [a.due.as_ref(), a.start.as_ref()])
        .flatten()
        .map(|w| w.text.as_str());
    let year = infer_default_year(texts).unwrap_or_else(|| state.clock.today().year());
    WhenContext::with_year(year)
}

pub(crate) fn as_when(text: &str, parsed: Option<When>) -> Option<When> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    parsed.or_else(|| {
        Some(When {
            text: text.to_string(),
            kind: WhenKind::Text,
            date: None,
            recurrence: None,
        })
    })
}

/// The action's fields and leads from what was sent; a field the person left as drawn
/// keeps its stored value (`current`: the action as drawn; `None` for a new one).
fn from_sent(
    sent: &ActionSent,
    drawn: &EditPage,
    current: Option<&StoredAction>,
    ctx: &WhenContext,
) -> (ActionFields, Vec<String>) {
    let keep = |name: &str| current.is_some() && sent.untouched(drawn, name);
    let opt = |name: &str, stored: Option<&String>| {
        if keep(name) {
            stored.cloned()
        } else {
            optional(sent.get(name))
        }
    };
    let fields = ActionFields {
        r#ref: opt("ref", current.and_then(|a| a.r#ref.as_ref())),
        text: if keep("text") {
            current.map(|a| a.text.clone()).unwrap_or_default()
        } else {
            sent.get("text").trim().replace("\r\n", "\n")
        },
        sponsor: opt("sponsor", current.and_then(|a| a.sponsor.as_ref())),
        start: if keep("start") {
            current.and_then(|a| a.start.clone())
        } else {
            as_when(sent.get("start"), parse_start(sent.get("start"), ctx))
        },
        due: if keep("due") {
            current.and_then(|a| a.due.clone())
        } else {
            as_when(sent.get("due"), parse_timescale(sent.get("due"), ctx).due)
        },
        assurance: opt("assurance", current.and_then(|a| a.assurance.as_ref())),
        impact: opt("impact", current.and_then(|a| a.impact.as_ref())),
        measure: opt("measure", current.and_then(|a| a.measure.as_ref())),
        resources: opt("resources", current.and_then(|a| a.resources.as_ref())),
        status: current.and_then(|a| a.status.clone()),
    };
    let leads = match current {
        Some(a) if keep("leads") => a.leads.iter().map(|l| l.text.clone()).collect(),
        _ => lines(sent.get("leads")),
    };
    (fields, leads)
}

/// The edit page drawn from the action as it is stored.
fn edit_page(me: &CurrentUser, located: &Located) -> EditPage {
    let a = located.action();
    let mut p = EditPage::new(
        me,
        format!("Edit {}", lower_first(&action_name(a))),
        fields(Some(a)),
    );
    let mut crumbs = located.breadcrumbs(false);
    crumbs.push(Link::text("Edit"));
    p.breadcrumbs = crumbs;
    p.caption = area_heading(&located.plan, located.area());
    p.post_url = format!("{}/edit", located.action_url());
    p.cancel_url = located.action_url();
    p.version = a.version;
    p
}

fn lower_first(s: &str) -> String {
    match s.strip_prefix("Action ") {
        Some(rest) => format!("action {rest}"),
        None => format!("“{s}”"),
    }
}

#[tracing::instrument(name = "web.views.edit_action.edit_get", skip_all)]
pub(crate) async fn edit_get(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<ActionPath>,
) -> Result<Response, Error> {
    let located = locate(&state, &access, path.action_id).await?;
    Ok(edit_page(&me, &located).respond())
}

#[tracing::instrument(name = "web.views.edit_action.edit_post", skip_all)]
pub(crate) async fn edit_post(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<ActionPath>,
    Form(sent): Form<ActionSent>,
) -> Result<Response, Error> {
    let located = locate(&state, &access, path.action_id).await?;
    let current = edit_page(&me, &located);
    let mut page = edit_page(&me, &located).sent_back(&sent);
    let original_text_empty = located.action().text.trim().is_empty();
    if sent.get("text").trim().is_empty() && !original_text_empty {
        page.error("text", "Enter what the action is");
    }
    if page.has_errors() {
        return Ok(page.respond());
    }
    let ctx = when_context(&state, &located.plan);
    let stale = sent.version() != located.action().version;
    if stale && !sent.drawn_from(&current) {
        // Their change touched this form's fields: show both, save nothing.
        let trail = state.store.audit_trail(located.action().id).await?;
        let by = last_change_by(&trail, located.action().id);
        return Ok(page.into_conflict(&current, by).respond());
    }
    // Untouched fields keep what is stored now, so nobody's change is undone.
    let (fields, leads) = from_sent(&sent, &current, Some(located.action()), &ctx);
    let version = located.action().version;
    match state
        .store
        .edit_action(
            located.action().id,
            version,
            &fields,
            leads,
            &Actor::user(&me.user),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{}?done=edited", located.action_url())).into_response()),
        Err(StoreError::Conflict { .. }) => {
            // Saved by someone else between our read and our write.
            let fresh = locate(&state, &access, path.action_id).await?;
            let now = edit_page(&me, &fresh);
            let trail = state.store.audit_trail(fresh.action().id).await?;
            let by = last_change_by(&trail, fresh.action().id);
            Ok(page.into_conflict(&now, by).respond())
        }
        Err(StoreError::Invalid(m)) => {
            page.error("text", m);
            page.has_errors();
            Ok(page.respond())
        }
        Err(e) => Err(e.into()),
    }
}

/// The path of the add page.
#[derive(Debug, Deserialize)]
pub(crate) struct AreaPath {
    #[allow(dead_code)]
    pub plan_id: Uuid,
    pub area_id: Uuid,
}

/// `?parent=` on the add page: the action the new one goes beneath.
#[derive(Debug, Deserialize, Default)]
pub(crate) struct ParentQuery {
    pub parent: Option<String>,
}

/// The area, and the parent action when one is named (in that area).
fn area_and_parent<'a>(
    plan: &'a StoredPlan,
    area_id: Uuid,
    parent: Option<&str>,
) -> Result<(&'a StoredArea, Option<&'a StoredAction>), Error> {
    let area = plan
        .areas
        .iter()
        .find(|a| a.id == area_id)
        .ok_or(Error::NotFound)?;
    let parent = match parent.map(str::trim).filter(|p| !p.is_empty()) {
        None => None,
        Some(p) => {
            let id = Uuid::parse_str(p).map_err(|_| Error::NotFound)?;
            let found = plan
                .actions()
                .into_iter()
                .find(|(ar, _, a)| ar.id == area_id && a.id == id)
                .map(|(_, _, a)| a)
                .ok_or(Error::NotFound)?;
            Some(found)
        }
    };
    Ok((area, parent))
}

fn new_page(
    me: &CurrentUser,
    plan: &StoredPlan,
    area: &StoredArea,
    parent: Option<&StoredAction>,
) -> EditPage {
    let heading = match parent {
        Some(_) => "Add a sub-action",
        None => "Add an action",
    };
    let mut p = EditPage::new(me, heading, fields(None));
    p.caption = area_heading(plan, area);
    p.submit = "Add action";
    p.post_url = format!("/plans/{}/areas/{}/actions/new", plan.id, area.id);
    let mut crumbs = vec![
        Link::new("Plans", "/plans"),
        Link::new(plan.title.clone(), format!("/plans/{}", plan.id)),
    ];
    match parent {
        Some(a) => {
            let url = format!("/plans/{}/actions/{}", plan.id, a.id);
            p.intro = format!("It will sit beneath {}.", lower_first(&action_name(a)));
            crumbs.push(Link::new(action_name(a), url.clone()));
            p.cancel_url = url;
            p.hidden.push(("parent", a.id.to_string()));
        }
        None => {
            p.intro = "It will be added after the area's last action.".into();
            p.cancel_url = format!("/plans/{}/actions", plan.id);
        }
    }
    crumbs.push(Link::text(heading));
    p.breadcrumbs = crumbs;
    p
}

#[tracing::instrument(name = "web.views.edit_action.new_get", skip_all)]
pub(crate) async fn new_get(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<AreaPath>,
    Query(q): Query<ParentQuery>,
) -> Result<Response, Error> {
    let plan = state.plan(access.plan_id).await?;
    let (area, parent) = area_and_parent(&plan, path.area_id, q.parent.as_deref())?;
    Ok(new_page(&me, &plan, area, parent).respond())
}

#[tracing::instrument(name = "web.views.edit_action.new_post", skip_all)]
pub(crate) async fn new_post(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<AreaPath>,
    Form(sent): Form<ActionSent>,
) -> Result<Response, Error> {
    let plan = state.plan(access.plan_id).await?;
    let (area, parent) = area_and_parent(&plan, path.area_id, Some(sent.get("parent")))?;
    let drawn = new_page(&me, &plan, area, parent);
    let mut page = new_page(&me, &plan, area, parent).sent_back(&sent);
    page.version = 0;
    if sent.get("text").trim().is_empty() {
        page.error("text", "Enter what the action is");
    }
    if page.has_errors() {
        return Ok(page.respond());
    }
    let ctx = when_context(&state, &plan);
    let (fields, leads) = from_sent(&sent, &drawn, None, &ctx);
    match state
        .store
        .add_action(
            area.id,
            parent.map(|p| p.id),
            &fields,
            leads,
            &Actor::user(&me.user),
        )
        .await
    {
        Ok(id) => Ok(
            Redirect::to(&format!("/plans/{}/actions/{id}?done=added", plan.id)).into_response(),
        ),
        Err(StoreError::Invalid(m)) => {
            page.error("text", m);
            page.has_errors();
            Ok(page.respond())
        }
        Err(e) => Err(e.into()),
    }
}

/// The delete confirmation.
#[derive(Template, WebTemplate)]
#[template(path = "delete_action.html")]
pub(crate) struct DeletePage {
    chrome: Chrome,
    csrf_token: String,
    breadcrumbs: Vec<Link>,
    name: String,
    text: String,
    action_url: String,
    version: i64,
    /// What else goes: "2 sub-actions, 5 updates and 3 pieces of evidence".
    also: String,
    changed: bool,
}

fn count(n: usize, one: &str, many: &str) -> Option<String> {
    match n {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{n} {many}")),
    }
}

fn delete_page(me: &CurrentUser, located: &Located) -> DeletePage {
    let a = located.action();
    let all = a.walk();
    let children = all.len() - 1;
    let updates: usize = all.iter().map(|x| x.updates.len()).sum();
    let evidence: usize = all.iter().map(|x| x.evidence.len()).sum();
    let parts: Vec<String> = [
        count(children, "sub-action", "sub-actions"),
        count(updates, "update", "updates"),
        count(evidence, "piece of evidence", "pieces of evidence"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let also = match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    let mut crumbs = located.breadcrumbs(false);
    crumbs.push(Link::text("Delete"));
    DeletePage {
        chrome: Chrome::for_user(me, "plans"),
        csrf_token: me.csrf_token.clone(),
        breadcrumbs: crumbs,
        name: lower_first(&action_name(a)),
        text: a.text.clone(),
        action_url: located.action_url(),
        version: a.version,
        also,
        changed: false,
    }
}

#[tracing::instrument(name = "web.views.edit_action.delete_get", skip_all)]
pub(crate) async fn delete_get(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<ActionPath>,
) -> Result<DeletePage, Error> {
    let located = locate(&state, &access, path.action_id).await?;
    Ok(delete_page(&me, &located))
}

/// The delete form.
#[derive(Debug, Deserialize)]
pub(crate) struct DeleteForm {
    #[serde(default)]
    version: i64,
}

#[tracing::instrument(name = "web.views.edit_action.delete_post", skip_all)]
pub(crate) async fn delete_post(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<ActionPath>,
    Form(form): Form<DeleteForm>,
) -> Result<Response, Error> {
    let located = locate(&state, &access, path.action_id).await?;
    let after = match located.chain.len() {
        0 | 1 => format!("/plans/{}/actions?done=deleted", located.plan.id),
        n => format!(
            "/plans/{}/actions/{}?done=deleted",
            located.plan.id,
            located.chain[n - 2]
        ),
    };
    match state
        .store
        .delete_action(located.action().id, form.version, &Actor::user(&me.user))
        .await
    {
        Ok(()) => Ok(Redirect::to(&after).into_response()),
        Err(StoreError::Conflict { .. }) => {
            // Changed since the confirmation was drawn: confirm again, knowing.
            let mut p = delete_page(&me, &located);
            p.changed = true;
            Ok((StatusCode::CONFLICT, p).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
