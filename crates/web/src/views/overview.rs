//! The plan overview: counts by status, status by area (an SVG chart with a table of the
//! same numbers), and what needs attention today.

use crate::Error;
use crate::routing::{Access, RouteDef};
use crate::views::area::{AreaSummary, paragraphs};
use crate::views::chrome::Chrome;
use crate::views::format::day;
use crate::views::naming::area_heading;
use crate::views::page::PlanPage;
use askama::Template;
use askama_web::WebTemplate;
use assure_chart::{self as chart, Bar};
use assure_domain::Inspection;
use assure_domain::Meaning;
use assure_domain::attention::{self, Flagged, describe_meaning};
use assure_domain::model::StoredPlan;
use assure_domain::roles::Permission;
use axum::extract::Query;

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    vec![RouteDef::get(
        "/plans/{plan_id}",
        Access::Plan(Permission::ViewPlan),
        get,
    )]
}

/// One status meaning: its words, the plan's own labels for it, and how many actions.
pub(crate) struct MeaningCount {
    pub meaning: Option<Meaning>,
    pub name: String,
    pub labels: String,
    pub count: usize,
}

impl MeaningCount {
    pub fn meaning_str(&self) -> &'static str {
        self.meaning.map_or("none", Meaning::as_str)
    }
}

/// An action that needs attention, as the lists show it.
pub(crate) struct Item {
    pub href: String,
    pub r#ref: String,
    pub text: String,
    pub area: String,
    pub leads: String,
    pub due: String,
}

/// One list of actions needing attention.
pub(crate) struct AttentionList {
    pub id: &'static str,
    pub heading: &'static str,
    pub empty: &'static str,
    /// The first [`LIST_LIMIT`] of them.
    pub items: Vec<Item>,
    /// How many there are in all.
    pub total: usize,
    /// Where to see them all: the plan table, filtered where it can be.
    pub all_href: String,
}

/// How many actions each attention list shows: an overview, not the whole plan (a plan
/// of 500 actions can have hundreds without an update early in a period).
const LIST_LIMIT: usize = 25;

/// One area's row of the fallback table.
pub(crate) struct AreaRow {
    pub name: String,
    pub href: String,
    pub counts: Vec<usize>,
    pub total: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "overview.html")]
pub(crate) struct OverviewPage {
    chrome: Chrome,
    plan: std::sync::Arc<StoredPlan>,
    total: usize,
    meanings: Vec<MeaningCount>,
    chart_svg: String,
    areas: Vec<AreaRow>,
    lists: Vec<AttentionList>,
    period: String,
    can_edit: bool,
    can_manage: bool,
    banner: Option<&'static str>,
    /// How many findings the plan checks give (and how many are dismissed).
    findings: usize,
    dismissed_findings: usize,
    /// The plan's introduction, governance and other text.
    narrative: Vec<crate::views::area::Paragraph>,
    /// Every area with its aims.
    area_summaries: Vec<AreaSummary>,
    inspection: Option<InspectionView>,
    /// The plan's measures, each with its sparkline and the status its data gives.
    measures: Vec<crate::views::measures::MeasureSummary>,
    /// Things to check from the import: (still to do, all).
    checks: (usize, usize),
    /// The plan this one is attached to, if any.
    parent: Option<crate::views::attached::ParentView>,
    /// The plans attached to this one that the person can see.
    attached: Vec<crate::views::attached::AttachedView>,
}

/// The inspection record as the overview shows it.
pub(crate) struct InspectionView {
    pub kind: String,
    pub framework: String,
    pub dates: String,
    pub published: String,
    pub judgements: Vec<(String, String)>,
}

impl InspectionView {
    fn of(i: &Inspection) -> Option<Self> {
        (!i.is_empty()).then(|| InspectionView {
            kind: i.kind.clone().unwrap_or_default(),
            framework: i.framework.clone().unwrap_or_default(),
            dates: i.dates.clone().unwrap_or_default(),
            published: i.report_published.map(day).unwrap_or_default(),
            judgements: i
                .judgements
                .iter()
                .map(|j| (j.area.clone(), j.grade.clone()))
                .collect(),
        })
    }
}

fn item(plan: &StoredPlan, f: &Flagged<'_>) -> Item {
    let plan_id = plan.id;
    Item {
        href: format!("/plans/{plan_id}/actions/{}", f.action.id),
        r#ref: f.action.r#ref.clone().unwrap_or_default(),
        text: crate::views::naming::words(f.action),
        area: area_heading(plan, f.area),
        leads: f
            .action
            .leads
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        due: f
            .action
            .due
            .as_ref()
            .map(|w| w.text.clone())
            .unwrap_or_default(),
    }
}

#[tracing::instrument(name = "web.views.overview.get", skip_all)]
pub(crate) async fn get(
    PlanPage { state, access, me }: PlanPage,
    Query(done): Query<crate::views::banner::Done>,
) -> Result<OverviewPage, Error> {
    let plan = state.plan(access.plan_id).await?;
    let today = state.clock.today();
    let found = crate::views::checks::findings::checked(&state, &plan).await?;
    let (findings, dismissed_findings) = (found.active.len(), found.dismissed.len());
    drop(found);
    let att = attention::attention(&plan, today);
    let meanings: Vec<MeaningCount> = att
        .by_status
        .counts
        .iter()
        .map(|(m, n)| MeaningCount {
            meaning: *m,
            name: describe_meaning(*m).to_string(),
            labels: crate::views::naming::labels_for(&plan, *m),
            count: *n,
        })
        .collect();
    let series: Vec<chart::Series> = meanings
        .iter()
        .map(|m| {
            let name = if m.labels.is_empty() || m.labels.eq_ignore_ascii_case(&m.name) {
                m.name.clone()
            } else {
                format!("{} ({})", m.name, m.labels)
            };
            chart::meaning_series(m.meaning, name)
        })
        .collect();
    let areas: Vec<AreaRow> = att
        .by_area
        .iter()
        .map(|a| AreaRow {
            name: area_heading(&plan, a.area),
            href: format!("/plans/{}/areas/{}", plan.id, a.area.id),
            counts: a.counts.counts.iter().map(|(_, n)| *n).collect(),
            total: a.counts.total(),
        })
        .collect();
    let bars: Vec<Bar> = areas
        .iter()
        .map(|a| Bar {
            label: a.name.clone(),
            values: a.counts.clone(),
        })
        .collect();
    let chart_svg = chart::stacked_bars(
        "status-by-area",
        "Status of actions by area for improvement",
        "A stacked bar for each area for improvement showing how many of its actions have \
         each status. The same numbers are in the table below.",
        &series,
        &bars,
    );
    let id = plan.id;
    let list = |id_: &'static str, heading, empty, v: &[Flagged<'_>]| AttentionList {
        id: id_,
        heading,
        empty,
        items: v.iter().take(LIST_LIMIT).map(|f| item(&plan, f)).collect(),
        total: v.len(),
        all_href: if id_ == "overdue" {
            format!("/plans/{id}/actions?overdue=yes")
        } else {
            format!("/plans/{id}/actions")
        },
    };
    let lists = vec![
        list(
            "overdue",
            "Overdue",
            "No actions are overdue.",
            &att.overdue,
        ),
        list(
            "off-track",
            "Off track",
            "No actions are off track.",
            &att.off_track,
        ),
        list(
            "at-risk",
            "At risk",
            "No actions are at risk.",
            &att.at_risk,
        ),
        list(
            "no-update",
            "No update this period",
            "Every open action has an update this period.",
            &att.no_update_this_period,
        ),
        list(
            "impact-checks",
            "Impact re-checks due",
            "No impact re-checks are due.",
            &att.impact_checks_due,
        ),
    ];
    let period = att.period.label.clone();
    let total = att.by_status.total();
    let can_edit = access.allows(Permission::EditPlan, false);
    let can_manage = access.allows(Permission::ManageMembers, false);
    drop(att);
    let area_summaries = plan
        .areas
        .iter()
        .map(|a| AreaSummary::of(&plan, a))
        .collect();
    let report = state.store.import_report(plan.id).await?;
    let checks = (
        report.iter().filter(|r| r.done.is_none()).count(),
        report.len(),
    );
    let (parent, attached) = crate::views::attached::for_overview(&state, &me.user, &plan).await?;
    let today = state.clock.today();
    let measures = plan
        .measures
        .iter()
        .map(|m| crate::views::measures::summary(&plan, m, today))
        .collect();
    Ok(OverviewPage {
        measures,
        parent,
        attached,
        narrative: paragraphs(&plan.narrative),
        area_summaries,
        inspection: plan.inspection.as_ref().and_then(InspectionView::of),
        checks,
        chrome: Chrome::for_user(&me, "plans"),
        plan,
        total,
        meanings,
        chart_svg,
        areas,
        lists,
        period,
        can_edit,
        can_manage,
        banner: match done.done.as_deref() {
            Some("edited") => Some("The plan’s details have been saved."),
            Some("inspection") => Some("The council and inspection record has been saved."),
            _ => None,
        },
        findings,
        dismissed_findings,
    })
}
