//! A plan's glossary: the abbreviations it uses, what each stands for, who holds it and
//! the person it is linked to, with the leads written in initials that it does not list
//! yet. Everyone who sees the plan reads it; those who may change the plan add, change
//! and remove entries (`glossary_form.rs`).
//!
//! Also what other pages take from the glossary: the person a lead's glossary entry
//! suggests, and where a form reached from another page sends the person back to.

use crate::Error;
use crate::components::Link;
use crate::routing::{Access, RouteDef};
use crate::views::chrome::Chrome;
use crate::views::page::PlanPage;
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::checks::glossary::is_abbreviated;
use assure_domain::model::{StoredGlossaryEntry, StoredPlan, User};
use assure_domain::roles::Permission;
use axum::extract::Query;
use uuid::Uuid;

/// This page's entries of the route table (the forms' are `glossary_form.rs`'s).
pub(crate) fn routes() -> Vec<RouteDef> {
    let mut out = vec![RouteDef::get(
        "/plans/{plan_id}/glossary",
        Access::Plan(Permission::ViewPlan),
        get,
    )];
    out.extend(crate::views::glossary_form::routes());
    out
}

/// A name folded for comparing: letters and digits in lower case, one space between
/// words ("Kate  Adams." and "kate adams" are one name).
fn folded(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The person the glossary suggests for a lead written `lead`: the one its entry is
/// linked to, else the one whose name is the entry's name or meaning, else the one whose
/// name the lead itself is ("Alison Botham"). Disabled people are never suggested.
pub(crate) fn suggested<'a>(
    glossary: &[StoredGlossaryEntry],
    lead: &str,
    people: &'a [User],
) -> Option<&'a User> {
    let entry = glossary.iter().find(|g| g.abbreviation.trim() == lead);
    let live = || people.iter().filter(|p| !p.disabled);
    if let Some(id) = entry.and_then(|g| g.person_id)
        && let Some(p) = live().find(|p| p.id == id)
    {
        return Some(p);
    }
    let mut names: Vec<&str> = Vec::new();
    if let Some(g) = entry {
        names.extend(g.name.as_deref());
        names.extend(g.title.as_deref());
    }
    names.push(lead);
    names.iter().map(|n| folded(n)).find_map(|n| {
        (!n.is_empty())
            .then(|| live().find(|p| folded(&p.name) == n))
            .flatten()
    })
}

/// Where a form reached from another page of the plan returns to: `back` when it is a
/// page of this plan (a path, never another site), else the glossary.
pub(crate) fn back_to(plan_id: Uuid, back: Option<&str>) -> String {
    let own = format!("/plans/{plan_id}");
    match back {
        Some(b)
            if (b == own
                || b.starts_with(&format!("{own}/"))
                || b.starts_with(&format!("{own}#")))
                && b.len() <= 300
                && !b.contains("//")
                && !b.contains('\\')
                && !b.chars().any(char::is_control) =>
        {
            b.to_string()
        }
        _ => format!("{own}/glossary"),
    }
}

/// `back` with `done=flag` added to its query, before any fragment.
pub(crate) fn with_done(back: &str, flag: &str) -> String {
    let (path, fragment) = match back.split_once('#') {
        Some((p, f)) => (p, format!("#{f}")),
        None => (back, String::new()),
    };
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}done={flag}{fragment}")
}

/// The address of the form that adds `abbreviation`, returning to `back`.
pub(crate) fn add_href(plan_id: Uuid, abbreviation: &str, back: &str) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("abbreviation", abbreviation)
        .append_pair("back", back)
        .finish();
    format!("/plans/{plan_id}/glossary/new?{query}")
}

/// One entry as the page lists it.
pub(crate) struct EntryView {
    pub id: Uuid,
    pub abbreviation: String,
    pub title: String,
    pub name: String,
    pub person: String,
    /// How many of the plan's lead cells are written this way.
    pub leads: usize,
}

/// A lead written in initials that the glossary does not list, with how many actions
/// it leads and the form that adds it.
pub(crate) struct MissingLead {
    pub text: String,
    pub actions: usize,
    pub add_href: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "glossary.html")]
pub(crate) struct GlossaryPage {
    chrome: Chrome,
    breadcrumbs: Vec<Link>,
    plan_id: Uuid,
    plan_title: String,
    entries: Vec<EntryView>,
    missing: Vec<MissingLead>,
    can_edit: bool,
    can_manage: bool,
    banner: Option<&'static str>,
    /// The form that adds an abbreviation.
    new_href: String,
}

/// How many lead cells of the plan are written `text`.
fn led_by(plan: &StoredPlan, text: &str) -> usize {
    plan.actions()
        .iter()
        .filter(|(_, _, a)| a.leads.iter().any(|l| l.text == text))
        .count()
}

fn entry_view(plan: &StoredPlan, g: &StoredGlossaryEntry, people: &[User]) -> EntryView {
    EntryView {
        id: g.id,
        abbreviation: g.abbreviation.clone(),
        title: g.title.clone().unwrap_or_default(),
        name: g.name.clone().unwrap_or_default(),
        person: g
            .person_id
            .and_then(|id| people.iter().find(|p| p.id == id))
            .map(|p| p.name.clone())
            .unwrap_or_default(),
        leads: led_by(plan, &g.abbreviation),
    }
}

/// The plan's leads written in initials that its glossary does not list, most used first.
pub(crate) fn missing_leads(plan: &StoredPlan) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for (_, _, a) in plan.actions() {
        for l in &a.leads {
            let text = l.text.trim();
            if text.is_empty()
                || !is_abbreviated(text)
                || plan.glossary.iter().any(|g| g.abbreviation.trim() == text)
            {
                continue;
            }
            match out.iter_mut().find(|(t, _)| t == text) {
                Some((_, n)) => *n += 1,
                None => out.push((text.to_string(), 1)),
            }
        }
    }
    out.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    out
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct GlossaryQuery {
    done: Option<String>,
}

#[tracing::instrument(name = "web.views.glossary.get", skip_all)]
pub(crate) async fn get(
    PlanPage { state, access, me }: PlanPage,
    Query(q): Query<GlossaryQuery>,
) -> Result<GlossaryPage, Error> {
    let plan = state.plan(access.plan_id).await?;
    let people = state.store.users(plan.org_id).await?;
    let can_edit = access.allows(Permission::EditPlan, false);
    let here = format!("/plans/{}/glossary", plan.id);
    Ok(GlossaryPage {
        chrome: Chrome::for_user(&me, "plans"),
        breadcrumbs: vec![
            Link::new("Plans", "/plans"),
            Link::new(plan.title.clone(), format!("/plans/{}", plan.id)),
            Link::text("Glossary"),
        ],
        plan_id: plan.id,
        plan_title: plan.title.clone(),
        entries: plan
            .glossary
            .iter()
            .map(|g| entry_view(&plan, g, &people))
            .collect(),
        missing: missing_leads(&plan)
            .into_iter()
            .map(|(text, actions)| MissingLead {
                add_href: add_href(plan.id, &text, &here),
                text,
                actions,
            })
            .collect(),
        can_edit,
        new_href: format!("/plans/{}/glossary/new", plan.id),
        can_manage: access.allows(Permission::ManageMembers, false),
        banner: crate::views::banner::done_text(q.done.as_deref()).filter(|_| {
            q.done
                .as_deref()
                .is_some_and(|d| d.starts_with("glossary-"))
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_returns_only_to_a_page_of_its_own_plan() {
        let id = Uuid::now_v7();
        let own = format!("/plans/{id}/checks#finding-3");
        assert_eq!(back_to(id, Some(&own)), own);
        assert_eq!(
            back_to(id, Some(&format!("/plans/{id}"))),
            format!("/plans/{id}")
        );
        let glossary = format!("/plans/{id}/glossary");
        for bad in [
            "https://evil.example/",
            "//evil.example",
            &format!("/plans/{id}//evil.example"),
            &format!("/plans/{}/checks", Uuid::now_v7()),
            &format!("/plans/{id}x/checks"),
            "/",
        ] {
            assert_eq!(back_to(id, Some(bad)), glossary, "{bad}");
        }
        assert_eq!(back_to(id, None), glossary);
        assert_eq!(
            with_done(&own, "glossary-added"),
            format!("/plans/{id}/checks?done=glossary-added#finding-3")
        );
        assert_eq!(with_done("/p?code=x", "d"), "/p?code=x&done=d");
    }

    #[test]
    fn names_compare_folded() {
        assert_eq!(folded("  Kate   Adams. "), "kate adams");
        assert_eq!(folded("O'Neil"), "o neil");
    }
}
