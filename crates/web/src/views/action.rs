//! One action: every field, its children and parent, its evidence, and a timeline of
//! its updates, status changes, evidence, sign-off and impact checks, each with who and
//! when. The buttons for what the person may do here are shown only to those allowed.

use crate::Error;
use crate::components::Link;
use crate::routing::{Access, RouteDef};
use crate::views::chrome::Chrome;
use crate::views::evidence::{EvidenceView, evidence_views};
use crate::views::format::{day, moment, when_text};
use crate::views::locate::{ActionPath, locate};
use crate::views::naming::{action_name, area_heading};
use crate::views::page::PlanPage;
use crate::views::timeline::{Entry, timeline};
use askama::Template;
use assure_domain::model::StoredAction;
use assure_domain::roles::Permission;
use axum::extract::{Path, Query};
use uuid::Uuid;

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    vec![RouteDef::get(
        "/plans/{plan_id}/actions/{action_id}",
        Access::Plan(Permission::ViewPlan),
        get,
    )]
}

/// The action page's heading: its reference, else its whole wording when that is short
/// enough to be a heading (the page then does not repeat it underneath).
fn heading(a: &StoredAction) -> String {
    match (&a.r#ref, a.wording()) {
        (Some(r), _) if !r.trim().is_empty() => action_name(a),
        (_, Some(w)) if w.text.split_whitespace().count() <= 25 => w.labelled(),
        _ => action_name(a),
    }
}

/// A lead as the page shows it.
pub(crate) struct LeadView {
    pub text: String,
    pub person: Option<String>,
}

/// What the person may do on this action.
pub(crate) struct Can {
    pub update: bool,
    pub evidence: bool,
    pub propose: bool,
    pub sign_off: bool,
    pub impact: bool,
    pub edit: bool,
    pub delete: bool,
}

#[derive(Template)]
#[template(path = "action.html")]
pub(crate) struct ActionPage {
    /// The plan's measures meant to move this action (or its area): the status the data
    /// gives, beside the status people report.
    measures: std::sync::Arc<Vec<crate::views::measures::MeasureSummary>>,
    chrome: Chrome,
    csrf_token: String,
    breadcrumbs: Vec<Link>,
    plan_id: Uuid,
    area: String,
    /// The action, where it sits in the plan copy the page was made from (the page
    /// borrows it rather than copy the action, its updates and its evidence).
    located: crate::views::locate::Located,
    name: String,
    leads: Vec<LeadView>,
    parent: Option<Link>,
    children: Vec<Link>,
    evidence: Vec<EvidenceView>,
    timeline: Vec<Entry>,
    can: Can,
    banner: Option<&'static str>,
    awaiting: bool,
    /// What the plan's own key calls status ("BRAG status", "RAG status", "Status").
    status_name: &'static str,
    /// The plan checks' findings on this action, and how many of its findings are
    /// dismissed.
    findings: Vec<crate::views::checks::view::FindingView>,
    dismissed_findings: usize,
    /// The person's own recent update they may still correct: where, and until when.
    correction: Option<(String, String)>,
    /// Its status at the end of each of the last periods, oldest first.
    history: Vec<crate::views::status_columns::PeriodCell>,
}

impl axum::response::IntoResponse for ActionPage {
    /// Rendered into a buffer about the page's size (12 to 25 KB), not grown to it.
    fn into_response(self) -> axum::response::Response {
        let mut page = String::with_capacity(32 * 1024);
        match self.render_into(&mut page) {
            Ok(()) => axum::response::Html(page).into_response(),
            Err(e) => Error::Internal(Box::new(e)).into_response(),
        }
    }
}

impl ActionPage {
    fn action(&self) -> &StoredAction {
        self.located.action()
    }

    fn start(&self) -> String {
        self.action()
            .start
            .as_ref()
            .map(when_text)
            .unwrap_or_default()
    }

    fn due(&self) -> String {
        self.action()
            .due
            .as_ref()
            .map(when_text)
            .unwrap_or_default()
    }

    fn signoff_text(&self) -> String {
        let Some(s) = &self.action().signoff else {
            return "Not proposed complete".into();
        };
        let mut out = format!(
            "Proposed complete by {} on {}",
            s.proposed_by.label,
            moment(s.proposed_at)
        );
        if let (Some(by), Some(at)) = (&s.signed_off_by, s.signed_off_at) {
            out.push_str(&format!(". Signed off by {} on {}", by.label, moment(at)));
        }
        if let Some(d) = s.impact_check_due {
            out.push_str(&format!(". Impact check due {}", day(d)));
        }
        out
    }
}

#[tracing::instrument(name = "web.views.action.get", skip_all)]
pub(crate) async fn get(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<ActionPath>,
    Query(done): Query<crate::views::banner::Done>,
) -> Result<ActionPage, Error> {
    let located = locate(&state, &access, path.action_id).await?;
    let action = located.action();
    let plan_id = located.plan.id;
    let people = crate::recent::people(&state, located.plan.org_id).await?;
    let trail = crate::recent::trail(&state, action.id).await?;
    let history = crate::views::status_columns::action_row(
        &located.plan,
        action.id,
        &trail.status_changes,
        state.clock.today(),
    );
    let found = crate::views::checks::findings::checked(&state, &located.plan).await?;
    let present = crate::views::checks::view::Presenter {
        plan: &located.plan,
        access: &access,
        me: me.user.id,
        back: "action",
    };
    let findings = found
        .for_action(action.id)
        .into_iter()
        .enumerate()
        .map(|(i, p)| present.view(i + 1, p))
        .collect();
    let dismissed_findings = found
        .dismissed
        .iter()
        .filter(|(p, _)| p.action_id == Some(action.id))
        .count();
    let leads_it = action.is_led_by(me.user.id);
    let allowed = |p| access.allows(p, leads_it);
    let proposed = action.signoff.is_some();
    let signed_off = action.signoff.as_ref().is_some_and(|s| s.is_signed_off());
    let can = Can {
        update: allowed(Permission::WriteUpdate),
        evidence: allowed(Permission::AddEvidence),
        propose: !proposed && allowed(Permission::ProposeComplete),
        sign_off: proposed && !signed_off && allowed(Permission::SignOff),
        impact: signed_off && allowed(Permission::RecordImpactCheck),
        edit: allowed(Permission::EditAction),
        delete: allowed(Permission::EditPlan),
    };
    let parent = if located.chain.len() > 1 {
        let pid = located.chain[located.chain.len() - 2];
        located
            .plan
            .find_action(pid)
            .map(|p| Link::new(action_name(p), format!("/plans/{plan_id}/actions/{pid}")))
    } else {
        None
    };
    let children = action
        .children
        .iter()
        .map(|c| {
            let words = crate::views::naming::words(c);
            let text = match &c.r#ref {
                Some(r) if !r.trim().is_empty() => format!("{r} – {words}"),
                _ => words,
            };
            Link::new(text, format!("/plans/{plan_id}/actions/{}", c.id))
        })
        .collect();
    let area_id = located.plan.areas[located.area_index].id;
    let today = state.clock.today();
    // The measures' summaries (with their sparklines) depend on the plan and the day
    // alone: worked out once per copy of the plan.
    let key = format!("action measures {} {today}", action.id);
    let measures = state.rendered(&located.plan, key, || {
        let list: Vec<_> = located
            .plan
            .measures
            .iter()
            .filter(|m| {
                m.links_to(assure_domain::measures::MeasureLink::Action(action.id))
                    || (located.chain.len() == 1
                        && m.links_to(assure_domain::measures::MeasureLink::Area(area_id)))
            })
            .map(|m| crate::views::measures::summary(&located.plan, m, today))
            .collect();
        let bytes = list
            .iter()
            .map(|m| 256 + m.name.len() + m.sparkline.len() + m.latest.len())
            .sum();
        Ok((list, bytes))
    })?;
    Ok(ActionPage {
        measures,
        chrome: Chrome::for_user(&me, "plans"),
        csrf_token: me.csrf_token.clone(),
        breadcrumbs: located.breadcrumbs(true),
        status_name: assure_domain::status::column_name(&located.plan.status_scheme),
        plan_id,
        area: area_heading(&located.plan, located.area()),
        name: heading(action),
        leads: action
            .leads
            .iter()
            .map(|l| LeadView {
                text: l.text.clone(),
                person: l
                    .person_id
                    .and_then(|p| people.iter().find(|u| u.id == p))
                    .map(|u| u.name.clone()),
            })
            .collect(),
        parent,
        children,
        evidence: evidence_views(
            plan_id,
            action,
            Some((me.user.id, access.allows(Permission::EditPlan, false))),
        ),
        timeline: timeline(action, &trail.events),
        can,
        banner: crate::views::banner::done_text(done.done.as_deref()),
        awaiting: proposed && !signed_off,
        findings,
        dismissed_findings,
        correction: crate::views::update_correct::correction_link(
            plan_id,
            action,
            me.user.id,
            state.clock.now(),
        ),
        history,
        located,
    })
}
