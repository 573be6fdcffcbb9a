//! Edit a plan's own details and its areas, and add an area.

use crate::Error;
use crate::auth::CurrentUser;
use crate::components::Link;
use crate::routing::{Access, RouteDef, form_routes};
use crate::views::edit_action::AreaPath;
use crate::views::edit_form::{
    EditPage, Field, Sent, edit_form, last_change_by, lines, optional, paragraphs,
};
use crate::views::naming::area_heading;
use crate::views::page::PlanPage;
use assure_domain::model::{Actor, AreaFields, PlanFields, StoredArea, StoredPlan};
use assure_domain::roles::Permission;
use assure_store::StoreError;
use axum::Form;
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    let access = Access::Plan(Permission::EditPlan);
    [
        form_routes("/plans/{plan_id}/edit", access, plan_get, plan_post),
        form_routes(
            "/plans/{plan_id}/areas/{area_id}/edit",
            access,
            area_get,
            area_post,
        ),
        form_routes(
            "/plans/{plan_id}/areas/new",
            access,
            new_area_get,
            new_area_post,
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

edit_form! {
    /// The plan details form as sent.
    PlanSent { title, organisation, narrative }
}

edit_form! {
    /// The area form (edit and add) as sent.
    AreaSent { r#ref as "ref", title, group, objectives, outcomes, measures, narrative }
}

const ONE_PER_LINE: &str = "Optional. One per line";
const PARAGRAPHS: &str = "Optional. Leave a blank line between paragraphs";

fn crumbs(plan: &StoredPlan, last: &'static str) -> Vec<Link> {
    vec![
        Link::new("Plans", "/plans"),
        Link::new(plan.title.clone(), format!("/plans/{}", plan.id)),
        Link::text(last),
    ]
}

// ----------------------------------------------------------------------------------------
// The plan's details
// ----------------------------------------------------------------------------------------

fn plan_page(me: &CurrentUser, plan: &StoredPlan) -> EditPage {
    let fields = vec![
        Field::short(
            "title",
            "Title",
            "As the plan is known, for example Improvement plan 2026 to 2027",
        )
        .value(plan.title.clone()),
        Field::short("organisation", "Council", "Optional")
            .value(plan.organisation.clone().unwrap_or_default()),
        Field::long("narrative", "Introduction", PARAGRAPHS, 8).value(plan.narrative.join("\n\n")),
    ];
    let mut p = EditPage::new(me, "Edit plan details", fields);
    p.caption = plan.title.clone();
    p.breadcrumbs = crumbs(plan, "Edit plan details");
    p.post_url = format!("/plans/{}/edit", plan.id);
    p.cancel_url = format!("/plans/{}", plan.id);
    p.version = plan.version;
    p
}

fn plan_fields(sent: &PlanSent, drawn: &EditPage, plan: &StoredPlan) -> PlanFields {
    let keep = |name| sent.untouched(drawn, name);
    PlanFields {
        title: if keep("title") {
            plan.title.clone()
        } else {
            sent.get("title").trim().to_string()
        },
        organisation: if keep("organisation") {
            plan.organisation.clone()
        } else {
            optional(sent.get("organisation"))
        },
        narrative: if keep("narrative") {
            plan.narrative.clone()
        } else {
            paragraphs(sent.get("narrative"))
        },
    }
}

#[tracing::instrument(name = "web.views.edit_plan.plan_get", skip_all)]
pub(crate) async fn plan_get(PlanPage { state, access, me }: PlanPage) -> Result<Response, Error> {
    let plan = state.plan(access.plan_id).await?;
    Ok(plan_page(&me, &plan).respond())
}

#[tracing::instrument(name = "web.views.edit_plan.plan_post", skip_all)]
pub(crate) async fn plan_post(
    PlanPage { state, access, me }: PlanPage,
    Form(sent): Form<PlanSent>,
) -> Result<Response, Error> {
    let plan = state.plan(access.plan_id).await?;
    let current = plan_page(&me, &plan);
    let mut page = plan_page(&me, &plan).sent_back(&sent);
    if sent.get("title").trim().is_empty() {
        page.error("title", "Enter the plan's title");
    }
    if page.has_errors() {
        return Ok(page.respond());
    }
    if sent.version() != plan.version && !sent.drawn_from(&current) {
        let by = last_change_by(&state.store.audit_trail(plan.id).await?, plan.id);
        return Ok(page.into_conflict(&current, by).respond());
    }
    let fields = plan_fields(&sent, &current, &plan);
    let actor = Actor::user(&me.user);
    match state
        .store
        .update_plan(plan.id, plan.version, &fields, &actor)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/plans/{}?done=edited", plan.id)).into_response()),
        Err(StoreError::Conflict { .. }) => {
            let fresh = state.plan(plan.id).await?;
            let by = last_change_by(&state.store.audit_trail(plan.id).await?, plan.id);
            Ok(page.into_conflict(&plan_page(&me, &fresh), by).respond())
        }
        Err(StoreError::Invalid(m)) => {
            page.error("title", m);
            page.has_errors();
            Ok(page.respond())
        }
        Err(e) => Err(e.into()),
    }
}

// ----------------------------------------------------------------------------------------
// Areas
// ----------------------------------------------------------------------------------------

fn area_fields_form(area: Option<&StoredArea>) -> Vec<Field> {
    let list =
        |f: fn(&StoredArea) -> &Vec<String>| area.map(|a| f(a).join("\n")).unwrap_or_default();
    vec![
        Field::short(
            "ref",
            "Reference",
            "Optional. As the plan numbers it, for example 3",
        )
        .value(area.and_then(|a| a.r#ref.clone()).unwrap_or_default()),
        Field::short(
            "title",
            "Title",
            "What the area is about, as the plan words it",
        )
        .value(area.map(|a| a.title.clone()).unwrap_or_default()),
        Field::short(
            "group",
            "Theme",
            "Optional. The heading the area sits under, if the plan groups its areas",
        )
        .value(area.and_then(|a| a.group.clone()).unwrap_or_default()),
        Field::long("objectives", "Objectives", ONE_PER_LINE, 4).value(list(|a| &a.objectives)),
        Field::long("outcomes", "Outcomes", ONE_PER_LINE, 4).value(list(|a| &a.outcomes)),
        Field::long("measures", "How success is measured", ONE_PER_LINE, 4)
            .value(list(|a| &a.measures)),
        Field::long("narrative", "Narrative", PARAGRAPHS, 5)
            .value(area.map(|a| a.narrative.join("\n\n")).unwrap_or_default()),
    ]
}

fn area_from_sent(sent: &AreaSent, drawn: &EditPage, area: Option<&StoredArea>) -> AreaFields {
    let keep = |name| area.is_some() && sent.untouched(drawn, name);
    let list = |name, f: fn(&StoredArea) -> &Vec<String>, parse: fn(&str) -> Vec<String>| match area
    {
        Some(a) if keep(name) => f(a).clone(),
        _ => parse(sent.get(name)),
    };
    AreaFields {
        r#ref: match area {
            Some(a) if keep("ref") => a.r#ref.clone(),
            _ => optional(sent.get("ref")),
        },
        group: match area {
            Some(a) if keep("group") => a.group.clone(),
            _ => optional(sent.get("group")),
        },
        title: match area {
            Some(a) if keep("title") => a.title.clone(),
            _ => sent.get("title").trim().to_string(),
        },
        objectives: list("objectives", |a| &a.objectives, lines),
        outcomes: list("outcomes", |a| &a.outcomes, lines),
        measures: list("measures", |a| &a.measures, lines),
        narrative: list("narrative", |a| &a.narrative, paragraphs),
    }
}

fn area_page(me: &CurrentUser, plan: &StoredPlan, area: &StoredArea) -> EditPage {
    let mut p = EditPage::new(me, "Edit area", area_fields_form(Some(area)));
    p.caption = area_heading(plan, area);
    p.breadcrumbs = crumbs(plan, "Edit area");
    p.post_url = format!("/plans/{}/areas/{}/edit", plan.id, area.id);
    p.cancel_url = format!("/plans/{}/actions", plan.id);
    p.version = area.version;
    p
}

fn find_area(plan: &StoredPlan, id: Uuid) -> Result<&StoredArea, Error> {
    plan.areas
        .iter()
        .find(|a| a.id == id)
        .ok_or(Error::NotFound)
}

#[tracing::instrument(name = "web.views.edit_plan.area_get", skip_all)]
pub(crate) async fn area_get(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<AreaPath>,
) -> Result<Response, Error> {
    let plan = state.plan(access.plan_id).await?;
    let area = find_area(&plan, path.area_id)?;
    Ok(area_page(&me, &plan, area).respond())
}

#[tracing::instrument(name = "web.views.edit_plan.area_post", skip_all)]
pub(crate) async fn area_post(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<AreaPath>,
    Form(sent): Form<AreaSent>,
) -> Result<Response, Error> {
    let plan = state.plan(access.plan_id).await?;
    let area = find_area(&plan, path.area_id)?;
    let current = area_page(&me, &plan, area);
    let mut page = area_page(&me, &plan, area).sent_back(&sent);
    if sent.get("title").trim().is_empty() {
        page.error("title", "Enter the area's title");
    }
    if page.has_errors() {
        return Ok(page.respond());
    }
    if sent.version() != area.version && !sent.drawn_from(&current) {
        let by = last_change_by(&state.store.audit_trail(plan.id).await?, area.id);
        return Ok(page.into_conflict(&current, by).respond());
    }
    let fields = area_from_sent(&sent, &current, Some(area));
    match state
        .store
        .update_area(area.id, area.version, &fields, &Actor::user(&me.user))
        .await
    {
        Ok(_) => Ok(
            Redirect::to(&format!("/plans/{}/actions?done=area-edited", plan.id)).into_response(),
        ),
        Err(StoreError::Conflict { .. }) => {
            let fresh = state.plan(plan.id).await?;
            let fresh_area = find_area(&fresh, area.id)?;
            let by = last_change_by(&state.store.audit_trail(plan.id).await?, area.id);
            Ok(page
                .into_conflict(&area_page(&me, &fresh, fresh_area), by)
                .respond())
        }
        Err(StoreError::Invalid(m)) => {
            page.error("title", m);
            page.has_errors();
            Ok(page.respond())
        }
        Err(e) => Err(e.into()),
    }
}

fn new_area_page(me: &CurrentUser, plan: &StoredPlan) -> EditPage {
    let mut p = EditPage::new(me, "Add an area", area_fields_form(None));
    p.caption = plan.title.clone();
    p.intro = "It will be added after the plan's last area. You can then add its actions.".into();
    p.submit = "Add area";
    p.breadcrumbs = crumbs(plan, "Add an area");
    p.post_url = format!("/plans/{}/areas/new", plan.id);
    p.cancel_url = format!("/plans/{}/actions", plan.id);
    p
}

#[tracing::instrument(name = "web.views.edit_plan.new_area_get", skip_all)]
pub(crate) async fn new_area_get(
    PlanPage { state, access, me }: PlanPage,
) -> Result<Response, Error> {
    let plan = state.plan(access.plan_id).await?;
    Ok(new_area_page(&me, &plan).respond())
}

#[tracing::instrument(name = "web.views.edit_plan.new_area_post", skip_all)]
pub(crate) async fn new_area_post(
    PlanPage { state, access, me }: PlanPage,
    Form(sent): Form<AreaSent>,
) -> Result<Response, Error> {
    let plan = state.plan(access.plan_id).await?;
    let drawn = new_area_page(&me, &plan);
    let mut page = new_area_page(&me, &plan).sent_back(&sent);
    page.version = 0;
    if sent.get("title").trim().is_empty() {
        page.error("title", "Enter the area's title");
    }
    if page.has_errors() {
        return Ok(page.respond());
    }
    let fields = area_from_sent(&sent, &drawn, None);
    match state
        .store
        .add_area(plan.id, &fields, &Actor::user(&me.user))
        .await
    {
        Ok(_) => Ok(
            Redirect::to(&format!("/plans/{}/actions?done=area-added", plan.id)).into_response(),
        ),
        Err(StoreError::Invalid(m)) => {
            page.error("title", m);
            page.has_errors();
            Ok(page.respond())
        }
        Err(e) => Err(e.into()),
    }
}
