//! Adding, changing and removing an abbreviation of a plan's glossary, for those who may
//! change the plan. The add form can be opened prefilled from elsewhere ("Add “DM CIN” to
//! the glossary" on a finding of the plan checks, or on the import's things to check) and
//! returns to where it was opened from. The store keeps the rules (an abbreviation once
//! per plan, trimmed, within `domain::input`'s limits); the page says which field is wrong.

use crate::components::{Choice, Link};
use crate::routing::{Access, RouteDef, form_routes};
use crate::views::chrome::Chrome;
use crate::views::form::{FieldErrors, conflicted, invalid};
use crate::views::glossary::{back_to, with_done};
use crate::views::page::PlanPage;
use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::input::{MAX_ABBREVIATION_CHARS, MAX_GLOSSARY_TEXT_CHARS};
use assure_domain::model::{Actor, GlossaryFields, StoredGlossaryEntry, StoredPlan, User};
use assure_domain::roles::Permission;
use assure_store::StoreError;
use axum::Form;
use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

/// The forms' entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    let access = Access::Plan(Permission::EditPlan);
    let mut out = Vec::new();
    out.extend(form_routes(
        "/plans/{plan_id}/glossary/new",
        access,
        add_get,
        add_post,
    ));
    out.extend(form_routes(
        "/plans/{plan_id}/glossary/{entry_id}/edit",
        access,
        edit_get,
        edit_post,
    ));
    out.extend(form_routes(
        "/plans/{plan_id}/glossary/{entry_id}/remove",
        access,
        remove_get,
        remove_post,
    ));
    out
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct EntryPath {
    #[allow(dead_code)]
    plan_id: Uuid,
    entry_id: Uuid,
}

/// What the add link may prefill, and where to return.
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct Prefill {
    #[serde(default)]
    abbreviation: String,
    #[serde(default)]
    back: String,
}

/// The form as sent (and as drawn again with its problems).
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub(crate) struct EntryForm {
    #[serde(default)]
    abbreviation: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    person: String,
    #[serde(default)]
    version: i64,
    #[serde(default)]
    back: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "glossary_form.html")]
pub(crate) struct EntryPage {
    chrome: Chrome,
    csrf_token: String,
    breadcrumbs: Vec<Link>,
    heading: String,
    action: String,
    button: &'static str,
    form: EntryForm,
    people: Vec<Choice>,
    /// The back address, for Cancel.
    back: String,
    errors: FieldErrors,
}

/// The people to choose from: nobody, then the one the entry's name or meaning suggests,
/// then everyone else of the council who is not disabled.
fn people_choices(people: &[User], form: &EntryForm) -> Vec<Choice> {
    let mut v = vec![Choice::new("", "Nobody").checked_if(&form.person)];
    let probe = [StoredGlossaryEntry {
        id: Uuid::nil(),
        version: 0,
        abbreviation: form.abbreviation.trim().to_string(),
        title: Some(form.title.clone()),
        name: Some(form.name.clone()),
        person_id: None,
    }];
    let suggestion = crate::views::glossary::suggested(&probe, form.abbreviation.trim(), people);
    if let Some(p) = suggestion {
        v.push(
            Choice::new(
                p.id.to_string(),
                format!("{} (named in the glossary)", p.name),
            )
            .checked_if(&form.person),
        );
    }
    v.extend(
        people
            .iter()
            .filter(|p| !p.disabled && Some(p.id) != suggestion.map(|s| s.id))
            .map(|p| {
                Choice::new(p.id.to_string(), format!("{} ({})", p.name, p.email))
                    .checked_if(&form.person)
            }),
    );
    v
}

async fn draw(
    page: &PlanPage,
    plan: &StoredPlan,
    entry: Option<&StoredGlossaryEntry>,
    form: EntryForm,
    errors: FieldErrors,
) -> Result<EntryPage, Error> {
    let PlanPage { state, me, .. } = page;
    let people = state.store.users(plan.org_id).await?;
    let (heading, action, button) = match entry {
        Some(e) => (
            format!("Change \u{201c}{}\u{201d}", e.abbreviation),
            format!("/plans/{}/glossary/{}/edit", plan.id, e.id),
            "Save changes",
        ),
        None => (
            "Add an abbreviation".to_string(),
            format!("/plans/{}/glossary/new", plan.id),
            "Add to the glossary",
        ),
    };
    let back = back_to(plan.id, Some(&form.back));
    Ok(EntryPage {
        chrome: Chrome::for_user(me, "plans"),
        csrf_token: me.csrf_token.clone(),
        breadcrumbs: vec![
            Link::new("Plans", "/plans"),
            Link::new(plan.title.clone(), format!("/plans/{}", plan.id)),
            Link::new("Glossary", format!("/plans/{}/glossary", plan.id)),
            Link::text(heading.clone()),
        ],
        heading,
        action,
        button,
        people: people_choices(&people, &form),
        form: EntryForm {
            back: back.clone(),
            ..form
        },
        back,
        errors,
    })
}

fn entry_of(plan: &StoredPlan, id: Uuid) -> Result<&StoredGlossaryEntry, Error> {
    plan.glossary
        .iter()
        .find(|g| g.id == id)
        .ok_or(Error::NotFound)
}

#[tracing::instrument(name = "web.views.glossary.add_get", skip_all)]
pub(crate) async fn add_get(page: PlanPage, Query(q): Query<Prefill>) -> Result<EntryPage, Error> {
    let plan = page.state.plan(page.access.plan_id).await?;
    let form = EntryForm {
        abbreviation: q
            .abbreviation
            .chars()
            .take(MAX_ABBREVIATION_CHARS)
            .collect(),
        back: q.back,
        ..EntryForm::default()
    };
    draw(&page, &plan, None, form, FieldErrors::default()).await
}

#[tracing::instrument(name = "web.views.glossary.edit_get", skip_all)]
pub(crate) async fn edit_get(
    page: PlanPage,
    Path(p): Path<EntryPath>,
    Query(q): Query<Prefill>,
) -> Result<EntryPage, Error> {
    let plan = page.state.plan(page.access.plan_id).await?;
    let e = entry_of(&plan, p.entry_id)?;
    let form = EntryForm {
        abbreviation: e.abbreviation.clone(),
        title: e.title.clone().unwrap_or_default(),
        name: e.name.clone().unwrap_or_default(),
        person: e.person_id.map(|p| p.to_string()).unwrap_or_default(),
        version: e.version,
        back: q.back,
    };
    draw(&page, &plan, Some(e), form, FieldErrors::default()).await
}

/// The form's fields, or its problems (the store checks the same again).
fn fields(form: &EntryForm, people: &[User]) -> Result<GlossaryFields, FieldErrors> {
    let mut errors = FieldErrors::default();
    let abbreviation = form.abbreviation.trim();
    if abbreviation.is_empty() {
        errors.add(
            "abbreviation",
            "Enter the abbreviation as the plan writes it",
        );
    } else if abbreviation.chars().count() > MAX_ABBREVIATION_CHARS {
        errors.add(
            "abbreviation",
            format!("The abbreviation must be {MAX_ABBREVIATION_CHARS} characters or fewer"),
        );
    }
    for (field, what, text) in [
        ("title", "What it stands for", &form.title),
        ("name", "The name", &form.name),
    ] {
        if text.trim().chars().count() > MAX_GLOSSARY_TEXT_CHARS {
            errors.add(
                field,
                format!("{what} must be {MAX_GLOSSARY_TEXT_CHARS} characters or fewer"),
            );
        }
    }
    let person = match form.person.trim() {
        "" => None,
        p => {
            let found = p
                .parse::<Uuid>()
                .ok()
                .filter(|id| people.iter().any(|u| u.id == *id && !u.disabled));
            if found.is_none() {
                errors.add("person", "Choose a person of the council, or nobody");
            }
            found
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    Ok(GlossaryFields {
        abbreviation: abbreviation.to_string(),
        title: text(&form.title),
        name: text(&form.name),
        person_id: person,
    })
}

/// Saves an added (`entry` none) or changed entry, or draws the form again with why not.
async fn save(
    page: PlanPage,
    plan: &StoredPlan,
    entry: Option<&StoredGlossaryEntry>,
    mut form: EntryForm,
) -> Result<Response, Error> {
    let state: &AppState = &page.state;
    let people = state.store.users(plan.org_id).await?;
    let f = match fields(&form, &people) {
        Ok(f) => f,
        Err(errors) => return Ok(invalid(draw(&page, plan, entry, form, errors).await?)),
    };
    let actor = Actor::user(&page.me.user);
    let saved = match entry {
        None => state
            .store
            .add_glossary_entry(plan.id, &f, &actor)
            .await
            .map(|_| ()),
        Some(e) => {
            state
                .store
                .edit_glossary_entry(plan.id, e.id, form.version, &f, &actor)
                .await
        }
    };
    let mut errors = FieldErrors::default();
    match saved {
        Ok(()) => {
            let flag = if entry.is_some() {
                "glossary-changed"
            } else {
                "glossary-added"
            };
            let back = back_to(plan.id, Some(&form.back));
            return Ok(Redirect::to(&with_done(&back, flag)).into_response());
        }
        Err(StoreError::Duplicate(_)) => errors.add(
            "abbreviation",
            format!(
                "\u{201c}{}\u{201d} is already in the glossary: change that entry instead",
                f.abbreviation
            ),
        ),
        Err(StoreError::Invalid(m)) => errors.general(m),
        Err(StoreError::Conflict { current, .. }) => {
            errors.general(
                "Someone else changed this entry while you were editing it. Your changes are below but were not saved: check the glossary, then save again.",
            );
            form.version = current;
            let page = draw(&page, plan, entry, form, errors).await?;
            return Ok(conflicted(page));
        }
        Err(e) => return Err(e.into()),
    }
    Ok(invalid(draw(&page, plan, entry, form, errors).await?))
}

#[tracing::instrument(name = "web.views.glossary.add_post", skip_all)]
pub(crate) async fn add_post(
    page: PlanPage,
    Form(form): Form<EntryForm>,
) -> Result<Response, Error> {
    let plan = page.state.plan(page.access.plan_id).await?;
    save(page, &plan, None, form).await
}

#[tracing::instrument(name = "web.views.glossary.edit_post", skip_all)]
pub(crate) async fn edit_post(
    page: PlanPage,
    Path(p): Path<EntryPath>,
    Form(form): Form<EntryForm>,
) -> Result<Response, Error> {
    let plan = page.state.plan(page.access.plan_id).await?;
    let e = entry_of(&plan, p.entry_id)?.clone();
    save(page, &plan, Some(&e), form).await
}

#[derive(Template, WebTemplate)]
#[template(path = "glossary_remove.html")]
pub(crate) struct RemovePage {
    chrome: Chrome,
    csrf_token: String,
    breadcrumbs: Vec<Link>,
    plan_id: Uuid,
    entry: StoredGlossaryEntry,
    version: i64,
    errors: FieldErrors,
}

fn remove_page(
    page: &PlanPage,
    plan: &StoredPlan,
    e: &StoredGlossaryEntry,
    errors: FieldErrors,
) -> RemovePage {
    RemovePage {
        chrome: Chrome::for_user(&page.me, "plans"),
        csrf_token: page.me.csrf_token.clone(),
        breadcrumbs: vec![
            Link::new("Plans", "/plans"),
            Link::new(plan.title.clone(), format!("/plans/{}", plan.id)),
            Link::new("Glossary", format!("/plans/{}/glossary", plan.id)),
            Link::text(format!("Remove \u{201c}{}\u{201d}", e.abbreviation)),
        ],
        plan_id: plan.id,
        version: e.version,
        entry: e.clone(),
        errors,
    }
}

#[tracing::instrument(name = "web.views.glossary.remove_get", skip_all)]
pub(crate) async fn remove_get(
    page: PlanPage,
    Path(p): Path<EntryPath>,
) -> Result<RemovePage, Error> {
    let plan = page.state.plan(page.access.plan_id).await?;
    let e = entry_of(&plan, p.entry_id)?;
    Ok(remove_page(&page, &plan, e, FieldErrors::default()))
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct RemoveForm {
    #[serde(default)]
    version: i64,
}

#[tracing::instrument(name = "web.views.glossary.remove_post", skip_all)]
pub(crate) async fn remove_post(
    page: PlanPage,
    Path(p): Path<EntryPath>,
    Form(form): Form<RemoveForm>,
) -> Result<Response, Error> {
    let plan = page.state.plan(page.access.plan_id).await?;
    let e = entry_of(&plan, p.entry_id)?.clone();
    let removed = page
        .state
        .store
        .remove_glossary_entry(plan.id, e.id, form.version, &Actor::user(&page.me.user))
        .await;
    match removed {
        Ok(()) => Ok(Redirect::to(&format!(
            "/plans/{}/glossary?done=glossary-removed",
            plan.id
        ))
        .into_response()),
        Err(StoreError::Conflict { .. }) => {
            let errors = FieldErrors::only(
                "Someone else changed this entry since you opened this page. Check it below, then remove it again if you still mean to.",
            );
            Ok(conflicted(remove_page(&page, &plan, &e, errors)))
        }
        Err(e) => Err(e.into()),
    }
}
