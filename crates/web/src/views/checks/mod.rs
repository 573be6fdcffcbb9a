//! The plan checks in the web: the Checks page of a plan (findings grouped by area and
//! by check, with counts, and those dismissed with who, why and when), dismissing a
//! finding, and what the overview, the plan table, the action page and the import
//! preview show of them.

pub(crate) mod dismiss;
pub(crate) mod findings;
pub(crate) mod preview;
pub(crate) mod view;

use crate::Error;
use crate::components::Link;
use crate::routing::{Access, RouteDef};
use crate::views::chrome::Chrome;
use crate::views::format::{day, moment};
use crate::views::page::PlanPage;
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::checks::catalogue::CHECKS;
use assure_domain::roles::Permission;
use axum::extract::RawQuery;
use findings::{Checked, Placed, checked};
use std::collections::BTreeMap;
use view::{FindingView, Presenter};

/// The checks' entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    let mut out = vec![RouteDef::get(
        "/plans/{plan_id}/checks",
        Access::Plan(Permission::ViewPlan),
        get,
    )];
    out.extend(dismiss::routes());
    out
}

/// How many findings each check gave, linking to them alone.
pub(crate) struct CheckCount {
    pub title: &'static str,
    pub finds: &'static str,
    pub count: usize,
    pub href: String,
    pub current: bool,
}

/// One check's findings within an area.
pub(crate) struct CodeGroup {
    pub id: String,
    pub title: String,
    pub findings: Vec<FindingView>,
}

/// One area's findings (or the plan's as a whole), by check.
pub(crate) struct AreaGroup {
    pub id: String,
    pub heading: String,
    pub count: usize,
    pub codes: Vec<CodeGroup>,
}

/// A dismissed finding, with who dismissed it, when and why.
pub(crate) struct DismissedView {
    pub finding: FindingView,
    pub reason: String,
    pub by: String,
    pub when: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "checks.html")]
pub(crate) struct ChecksPage {
    chrome: Chrome,
    breadcrumbs: Vec<Link>,
    plan_id: uuid::Uuid,
    plan_title: String,
    as_of: String,
    total: usize,
    counts: Vec<CheckCount>,
    /// The check shown alone, by title, when one is chosen.
    only: Option<&'static str>,
    areas: Vec<AreaGroup>,
    dismissed: Vec<DismissedView>,
    banner: Option<&'static str>,
    /// Whether the inspection record says when the report was published (else the
    /// 70-working-day deadline is not checked, and the page says so).
    knows_published: bool,
}

/// The `code` and `done` of the query, as typed; anything else is ignored.
fn query(raw: Option<&str>) -> (String, String) {
    let (mut code, mut done) = (String::new(), String::new());
    for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        let v: String = v.chars().take(60).collect();
        match k.as_ref() {
            "code" => code = v,
            "done" => done = v,
            _ => {}
        }
    }
    (code, done)
}

/// Findings grouped by where they are (the plan, then each area in order), then by
/// check in the catalogue's order.
fn grouped(present: &Presenter<'_>, found: &[&Placed]) -> Vec<AreaGroup> {
    let mut areas: BTreeMap<Option<usize>, Vec<&Placed>> = BTreeMap::new();
    for p in found {
        areas.entry(p.finding.area_index).or_default().push(p);
    }
    let mut n = 0;
    areas
        .into_iter()
        .map(|(index, items)| {
            let (id, heading) = match index.and_then(|i| present.plan.areas.get(i)) {
                Some(area) => (
                    format!("area-{}", area.id),
                    crate::views::naming::area_heading(present.plan, area),
                ),
                None => ("plan".to_string(), "The plan as a whole".to_string()),
            };
            let mut codes: Vec<CodeGroup> = Vec::new();
            let order = |code: &str| CHECKS.iter().position(|c| c.code == code);
            let mut sorted = items.clone();
            sorted.sort_by_key(|p| order(&p.finding.code).unwrap_or(usize::MAX));
            for p in sorted {
                n += 1;
                let v = present.view(n, p);
                match codes.last_mut() {
                    Some(g) if g.title == v.title => g.findings.push(v),
                    _ => codes.push(CodeGroup {
                        id: format!("{id}-{}", p.finding.code),
                        title: v.title.clone(),
                        findings: vec![v],
                    }),
                }
            }
            AreaGroup {
                id,
                heading,
                count: items.len(),
                codes,
            }
        })
        .collect()
}

#[tracing::instrument(name = "web.views.checks.get", skip_all)]
pub(crate) async fn get(
    PlanPage { state, access, me }: PlanPage,
    RawQuery(raw): RawQuery,
) -> Result<ChecksPage, Error> {
    let plan = state.plan(access.plan_id).await?;
    let found = checked(&state, &plan).await?;
    let Checked {
        as_of,
        active,
        dismissed,
    } = &*found;
    let (code, done) = query(raw.as_deref());
    let only = CHECKS.iter().find(|c| c.code == code);
    let base = format!("/plans/{}/checks", plan.id);
    let counts = CHECKS
        .iter()
        .map(|c| CheckCount {
            title: c.title,
            finds: c.finds,
            count: active.iter().filter(|p| p.finding.code == c.code).count(),
            href: format!("{base}?code={}", c.code),
            current: only.is_some_and(|o| o.code == c.code),
        })
        .collect();
    let present = Presenter {
        plan: &plan,
        access: &access,
        me: me.user.id,
        back: "checks",
    };
    let shown: Vec<&Placed> = active
        .iter()
        .filter(|p| only.is_none_or(|o| o.code == p.finding.code))
        .collect();
    let areas = grouped(&present, &shown);
    let dismissed = dismissed
        .iter()
        .enumerate()
        .map(|(i, (p, d))| DismissedView {
            finding: present.view(active.len() + i + 1, p),
            reason: d.reason.clone(),
            by: d.dismissed_by.label.clone(),
            when: moment(d.dismissed_at),
        })
        .collect();
    Ok(ChecksPage {
        chrome: Chrome::for_user(&me, "plans"),
        breadcrumbs: vec![
            Link::new("Plans", "/plans"),
            Link::new(plan.title.clone(), format!("/plans/{}", plan.id)),
            Link::text("Checks"),
        ],
        plan_id: plan.id,
        plan_title: plan.title.clone(),
        as_of: day(*as_of),
        total: active.len(),
        counts,
        only: only.map(|c| c.title),
        areas,
        dismissed,
        banner: crate::views::banner::done_text(Some(&done))
            .filter(|_| done == "dismissed" || done.starts_with("glossary-")),
        knows_published: assure_domain::checks::Settings::for_stored_plan(&plan)
            .report_published
            .is_some(),
    })
}
