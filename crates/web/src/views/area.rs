//! One area for improvement: its name (with its group or phase where the plan repeats a
//! title), its objectives, outcomes, how success is measured and its other text, and its
//! actions — or, plainly, that it has none. The overview lists every area the same way.

use crate::Error;
use crate::components::Link;
use crate::routing::{Access, RouteDef};
use crate::views::chrome::Chrome;
use crate::views::edit_action::AreaPath;
use crate::views::naming::{area_heading, names_group};
use crate::views::page::PlanPage;
use crate::views::plan::Row;
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::model::{StoredAction, StoredArea, StoredPlan};
use assure_domain::roles::Permission;
use axum::extract::Path;
use uuid::Uuid;

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    vec![RouteDef::get(
        "/plans/{plan_id}/areas/{area_id}",
        Access::Plan(Permission::ViewPlan),
        get,
    )]
}

/// One of an area's lists: objectives, outcomes or measures.
pub(crate) struct AimList {
    pub id: &'static str,
    pub heading: &'static str,
    pub items: Vec<String>,
}

/// An area as the overview and its own page show it.
pub(crate) struct AreaSummary {
    pub id: Uuid,
    pub href: String,
    pub name: String,
    /// The group or phase, when the name does not already say it.
    pub group: Option<String>,
    /// Objectives, outcomes and measures, those the plan gives.
    pub aims: Vec<AimList>,
    /// Its other text.
    pub narrative: Vec<Paragraph>,
    /// Actions and sub-actions.
    pub action_count: usize,
}

impl AreaSummary {
    pub fn of(plan: &StoredPlan, area: &StoredArea) -> Self {
        let name = area_heading(plan, area);
        let group = area
            .group
            .clone()
            .filter(|g| !g.trim().is_empty() && !names_group(&name, Some(g)));
        let aims = [
            ("objectives", "Objectives", &area.objectives),
            ("outcomes", "Outcomes", &area.outcomes),
            ("measures", "Measured by", &area.measures),
        ]
        .into_iter()
        .filter(|(_, _, v)| !v.is_empty())
        .map(|(id, heading, v)| AimList {
            id,
            heading,
            items: v.clone(),
        })
        .collect();
        AreaSummary {
            id: area.id,
            href: format!("/plans/{}/areas/{}", plan.id, area.id),
            name,
            group,
            aims,
            narrative: paragraphs(&area.narrative),
            action_count: area.actions.iter().map(|a| a.walk().len()).sum(),
        }
    }

    /// "3 actions", "1 action", or plainly none.
    pub fn count_text(&self) -> String {
        match self.action_count {
            0 => "No actions in this area".into(),
            1 => "1 action".into(),
            n => format!("{n} actions"),
        }
    }
}

/// A paragraph of a plan's own text, as pages show it.
pub(crate) struct Paragraph {
    /// A plan's own heading ("Governance and Accountability"), shown as one.
    pub heading: bool,
    /// Its lines: the line breaks a plan wrote inside a paragraph (a list typed into one
    /// cell) are kept without letting the text draw its own markup.
    pub lines: Vec<String>,
}

/// Paragraphs as pages show them. A short line with no closing punctuation and no
/// figures, followed by more text, is the plan's own heading: Word's heading styles are
/// lost in import, and "Introduction" read as a sentence hides where sections begin.
pub(crate) fn paragraphs(text: &[String]) -> Vec<Paragraph> {
    let kept: Vec<Vec<String>> = text
        .iter()
        .map(|p| {
            p.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|p| !p.is_empty())
        .collect();
    let last = kept.len().saturating_sub(1);
    kept.into_iter()
        .enumerate()
        .map(|(i, lines)| Paragraph {
            heading: i < last && lines.len() == 1 && reads_as_heading(&lines[0]),
            lines,
        })
        .collect()
}

fn reads_as_heading(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (1..=8).contains(&words)
        && line.chars().next().is_some_and(char::is_uppercase)
        && !line.ends_with(['.', ',', ';', ':', '!', '?'])
        && !line.chars().any(|c| c.is_ascii_digit())
}

#[derive(Template, WebTemplate)]
#[template(path = "area.html")]
pub(crate) struct AreaPage {
    chrome: Chrome,
    breadcrumbs: Vec<Link>,
    plan_id: Uuid,
    area: AreaSummary,
    plan: std::sync::Arc<StoredPlan>,
    area_index: usize,
    status_name: &'static str,
    can_edit: bool,
    can_edit_plan: bool,
}

impl AreaPage {
    /// Every action of the area, children under their parents, in the plan's order.
    fn rows(&self) -> Vec<Row<'_>> {
        fn walk<'a>(a: &'a StoredAction, depth: usize, out: &mut Vec<Row<'a>>) {
            out.push(Row {
                depth,
                action: a,
                context_only: false,
            });
            for c in &a.children {
                walk(c, depth + 1, out);
            }
        }
        let mut out = Vec::new();
        for a in &self.plan.areas[self.area_index].actions {
            walk(a, 0, &mut out);
        }
        out
    }
}

#[tracing::instrument(name = "web.views.area.get", skip_all)]
pub(crate) async fn get(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<AreaPath>,
) -> Result<AreaPage, Error> {
    let plan = state.plan(access.plan_id).await?;
    let area_index = plan
        .areas
        .iter()
        .position(|a| a.id == path.area_id)
        .ok_or(Error::NotFound)?;
    let area = &plan.areas[area_index];
    let summary = AreaSummary::of(&plan, area);
    let breadcrumbs = vec![
        Link::new("Plans", "/plans"),
        Link::new(plan.title.clone(), format!("/plans/{}", plan.id)),
        Link::text(summary.name.clone()),
    ];
    let status_name = assure_domain::status::column_name(&plan.status_scheme);
    Ok(AreaPage {
        chrome: Chrome::for_user(&me, "plans"),
        breadcrumbs,
        plan_id: plan.id,
        area: summary,
        plan: plan.clone(),
        area_index,
        status_name,
        can_edit: access.allows(Permission::EditAction, false),
        can_edit_plan: access.allows(Permission::EditPlan, false),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plans_own_headings_are_told_from_its_paragraphs() {
        let text: Vec<String> = [
            "Introduction",
            "In March 2020, Ofsted carried out an inspection.",
            "January 2015",
            "Governance and Accountability",
            "The Board meets monthly.\nThe Panel reviews each quarter.",
            "Ofsted identified 5 main areas for improvement;",
            "  ",
            "Appendix",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let ps = paragraphs(&text);
        let headings: Vec<bool> = ps.iter().map(|p| p.heading).collect();
        // The last paragraph is never a heading: nothing follows it.
        assert_eq!(headings, [true, false, false, true, false, false, false]);
        assert_eq!(
            ps[4].lines,
            [
                "The Board meets monthly.",
                "The Panel reviews each quarter."
            ]
        );
    }
}
