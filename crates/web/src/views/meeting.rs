//! A meeting's page (`/plans/{id}/meetings/{meeting_id}`): the agenda a chair wants —
//! what changed since the previous meeting of its kind (status changes better and worse,
//! new updates, evidence, sign-offs), then what needs attention (overdue, off track, at
//! risk, stalled, awaiting sign-off, impact checks due, no update this period), each line
//! a link to the action, in words — and the decisions recorded against actions. Its forms
//! (`meeting_forms.rs`) record a decision (against an action, or as a new one), edit the
//! attendees and notes, and close the meeting; a closed meeting's record is read-only (the
//! store refuses; the page shows no forms). Printable: the forms are `app-no-print`.

use crate::components::Choice;
use crate::routing::{Access, RouteDef};
use crate::views::banner::done_text;
use crate::views::chrome::Chrome;
use crate::views::form::FieldErrors;
use crate::views::format::{day, moment};
use crate::views::meeting_forms;
use crate::views::naming::{action_name, area_heading, words};
use crate::views::page::PlanPage;
use crate::{AppState, Error, auth::CurrentUser, routing::PlanAccess};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::StatusValue;
use assure_domain::attention::{attention, due_date};
use assure_domain::clock::uk_date;
use assure_domain::meetings::{changes, kind_label, previous_meeting, window_start};
use assure_domain::model::StoredAction;
use assure_domain::periods::period_containing;
use assure_domain::roles::Permission;
use axum::extract::{Path, Query};
use uuid::Uuid;

/// This page's entries of the route table: reading is everyone's on the plan, recording
/// decisions and closing the owners' (and admins').
pub(crate) fn routes() -> Vec<RouteDef> {
    vec![
        RouteDef::get(
            "/plans/{plan_id}/meetings/{meeting_id}",
            Access::Plan(Permission::ViewPlan),
            get,
        ),
        RouteDef::post(
            "/plans/{plan_id}/meetings/{meeting_id}/decisions",
            Access::Plan(Permission::EditPlan),
            meeting_forms::decide,
        ),
        RouteDef::post(
            "/plans/{plan_id}/meetings/{meeting_id}/close",
            Access::Plan(Permission::EditPlan),
            meeting_forms::close,
        ),
        RouteDef::get(
            "/plans/{plan_id}/meetings/{meeting_id}/edit",
            Access::Plan(Permission::EditPlan),
            meeting_forms::edit_get,
        ),
        RouteDef::post(
            "/plans/{plan_id}/meetings/{meeting_id}/edit",
            Access::Plan(Permission::EditPlan),
            meeting_forms::edit_post,
        ),
    ]
}

/// Where a meeting is: its plan and itself.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct MeetingPath {
    #[allow(dead_code)]
    pub plan_id: Uuid,
    pub meeting_id: Uuid,
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct Done {
    done: Option<String>,
}

/// One line of the agenda: the action, linked, and what is said of it.
pub(crate) struct Line {
    pub href: String,
    pub name: String,
    pub detail: String,
}

/// One section of the agenda.
pub(crate) struct Section {
    pub id: &'static str,
    pub title: String,
    /// What an empty section says.
    pub none: &'static str,
    pub lines: Vec<Line>,
}

/// A decision as the page lists it.
pub(crate) struct DecisionView {
    pub href: String,
    pub action: String,
    pub text: String,
    pub by: String,
    pub when: String,
}

/// What the action select sends for "a new action".
pub(crate) const NEW_ACTION: &str = "new";

/// The decision form as typed: the action it is about (or [`NEW_ACTION`], with the new
/// action's area, wording, leads and timescale) and the decision.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub(crate) struct DecisionSent {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub area: String,
    #[serde(default)]
    pub new_text: String,
    #[serde(default)]
    pub new_leads: String,
    #[serde(default)]
    pub new_due: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "meeting.html")]
pub(crate) struct MeetingPage {
    chrome: Chrome,
    csrf: String,
    plan_id: Uuid,
    plan_title: String,
    meeting_id: Uuid,
    heading: String,
    attendees: String,
    notes: String,
    /// "Closed on … by …", when it is.
    closed: Option<String>,
    since: String,
    changes: Vec<Section>,
    attention: Vec<Section>,
    decisions: Vec<DecisionView>,
    /// The plan's measures as of the meeting's day, off target first.
    measures: Vec<crate::views::measures::MeasureSummary>,
    can_edit: bool,
    actions: Vec<Choice>,
    /// The plan's areas, for a new action.
    areas: Vec<Choice>,
    form: DecisionSent,
    pub(crate) errors: FieldErrors,
    pub(crate) banner: Option<&'static str>,
}

/// The store's refusal as a sentence: its first letter a capital.
pub(crate) fn capitalised(m: &str) -> String {
    let mut c = m.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A status in words: "Green (on track)", "no status".
fn status_words(s: Option<&StatusValue>) -> String {
    match s {
        Some(v) if v.label.eq_ignore_ascii_case(v.meaning.describe()) => v.label.clone(),
        Some(v) => format!("{} ({})", v.label, v.meaning.describe().to_lowercase()),
        None => "no status".into(),
    }
}

/// An action as the agenda names it: reference and first words.
fn named(a: &StoredAction) -> String {
    match &a.r#ref {
        Some(r) if !r.trim().is_empty() => format!("{r} {}", words(a)),
        _ => action_name(a),
    }
}

/// The first `n` characters of `s`, with an ellipsis when cut.
fn short(s: &str, n: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>().trim_end())
    }
}

#[tracing::instrument(name = "web.views.meeting.get", skip_all)]
pub(crate) async fn get(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<MeetingPath>,
    Query(q): Query<Done>,
) -> Result<MeetingPage, Error> {
    let mut page = render(
        &state,
        &access,
        &me,
        path.meeting_id,
        DecisionSent::default(),
        FieldErrors::default(),
    )
    .await?;
    page.banner = done_text(q.done.as_deref());
    Ok(page)
}

/// The meeting page, with the decision form as typed and its problems.
pub(crate) async fn render(
    state: &AppState,
    access: &PlanAccess,
    me: &CurrentUser,
    meeting_id: Uuid,
    form: DecisionSent,
    errors: FieldErrors,
) -> Result<MeetingPage, Error> {
    let plan = state.plan(access.plan_id).await?;
    let meeting = state.store.meeting(plan.id, meeting_id).await?;
    let all = state.store.meetings(plan.id).await?;
    let today = state.clock.today();
    let href = |id: Uuid| format!("/plans/{}/actions/{}", plan.id, id);

    // What changed: from the day after the previous meeting of this kind (or, with none,
    // from the start of the meeting's reporting period) to the meeting's day — today
    // while it is still to come, the closing day if it was closed before it.
    let previous = previous_meeting(&meeting, &all);
    let closed_on = meeting.closed.as_ref().map(|(_, at)| uk_date(*at));
    let to = meeting.date.min(closed_on.unwrap_or(today));
    let fallback = period_containing(meeting.date, &plan.settings.update_cadence).start;
    let from = window_start(previous, fallback).min(to);
    let log = state.store.status_changes(plan.id).await?;
    let changed = changes(&plan, &log, from, to);
    let since = match previous {
        Some(p) => format!(
            "Since the previous {} meeting on {}: from {} to {}.",
            kind_label(&p.kind).to_lowercase(),
            day(p.date),
            day(from),
            day(to)
        ),
        None => format!(
            "There is no earlier {} meeting: from the start of the reporting period, {} to {}.",
            kind_label(&meeting.kind).to_lowercase(),
            day(from),
            day(to)
        ),
    };
    let changes = vec![
        Section {
            id: "status-changes",
            title: "Status changes".into(),
            none: "No action’s status changed.",
            lines: changed
                .status
                .iter()
                .map(|m| Line {
                    href: href(m.action.id),
                    name: named(m.action),
                    detail: format!(
                        "{}: from {} to {}, {}",
                        capitalised(m.direction.describe()),
                        status_words(m.before.as_ref()),
                        status_words(m.after.as_ref()),
                        day(uk_date(m.at))
                    ),
                })
                .collect(),
        },
        Section {
            id: "new-updates",
            title: "New updates".into(),
            none: "No update was written.",
            lines: changed
                .updates
                .iter()
                .map(|u| Line {
                    href: href(u.action.id),
                    name: named(u.action),
                    detail: format!("{}: “{}”", day(uk_date(u.at)), short(&u.what, 140)),
                })
                .collect(),
        },
        Section {
            id: "evidence-added",
            title: "Evidence added".into(),
            none: "No evidence was added.",
            lines: changed
                .evidence
                .iter()
                .map(|e| Line {
                    href: href(e.action.id),
                    name: named(e.action),
                    detail: format!("{}: {}", day(uk_date(e.at)), short(&e.what, 140)),
                })
                .collect(),
        },
        Section {
            id: "signed-off",
            title: "Signed off".into(),
            none: "No action was signed off.",
            lines: changed
                .sign_offs
                .iter()
                .map(|s| Line {
                    href: href(s.action.id),
                    name: named(s.action),
                    detail: format!("Signed off by {} on {}", s.what, day(uk_date(s.at))),
                })
                .collect(),
        },
    ];

    // What needs attention, as of today.
    let att = attention(&plan, today);
    let checked = crate::views::checks::findings::checked(state, &plan).await?;
    let line = |a: &StoredAction, detail: String| Line {
        href: href(a.id),
        name: named(a),
        detail,
    };
    let status_detail = |a: &StoredAction| format!("Status: {}", status_words(a.status.as_ref()));
    let stalled: Vec<Line> = checked
        .active
        .iter()
        .filter(|p| p.finding.code == "stalled")
        .filter_map(|p| plan.find_action(p.action_id?))
        .map(|a| {
            let why = checked
                .find(a.id, "stalled")
                .map(|p| p.finding.message.clone())
                .unwrap_or_default();
            line(a, why)
        })
        .collect();
    let attention = vec![
        Section {
            id: "overdue",
            title: "Overdue".into(),
            none: "No action is overdue.",
            lines: att
                .overdue
                .iter()
                .map(|f| {
                    let due = due_date(f.action).map(day).unwrap_or_default();
                    line(f.action, format!("Was due {due}"))
                })
                .collect(),
        },
        Section {
            id: "off-track",
            title: "Off track".into(),
            none: "No action is off track.",
            lines: att
                .off_track
                .iter()
                .map(|f| line(f.action, status_detail(f.action)))
                .collect(),
        },
        Section {
            id: "at-risk",
            title: "At risk".into(),
            none: "No action is at risk.",
            lines: att
                .at_risk
                .iter()
                .map(|f| line(f.action, status_detail(f.action)))
                .collect(),
        },
        Section {
            id: "stalled",
            title: "Stalled".into(),
            none: "No action is stalled.",
            lines: stalled,
        },
        Section {
            id: "awaiting-sign-off",
            title: "Awaiting sign-off".into(),
            none: "No action awaits sign-off.",
            lines: att
                .awaiting_sign_off
                .iter()
                .map(|f| {
                    let by = f
                        .action
                        .signoff
                        .as_ref()
                        .map(|s| {
                            format!(
                                "Proposed complete by {} on {}",
                                s.proposed_by.label,
                                day(uk_date(s.proposed_at))
                            )
                        })
                        .unwrap_or_default();
                    line(f.action, by)
                })
                .collect(),
        },
        Section {
            id: "impact-checks-due",
            title: "Impact checks due".into(),
            none: "No impact check is due.",
            lines: att
                .impact_checks_due
                .iter()
                .map(|f| {
                    let on = f
                        .action
                        .signoff
                        .as_ref()
                        .and_then(|s| s.impact_check_due)
                        .map(|d| format!("Impact check due {}", day(d)))
                        .unwrap_or_default();
                    line(f.action, on)
                })
                .collect(),
        },
        Section {
            id: "no-update",
            title: format!("No update this period ({})", att.period.label),
            none: "Every action going has an update this period.",
            lines: att
                .no_update_this_period
                .iter()
                .map(|f| {
                    let leads: Vec<&str> = f.action.leads.iter().map(|l| l.text.as_str()).collect();
                    let who = if leads.is_empty() {
                        "No lead".to_string()
                    } else {
                        format!("Led by {}", leads.join(", "))
                    };
                    line(f.action, who)
                })
                .collect(),
        },
    ];

    let decisions = state
        .store
        .decisions(meeting.id)
        .await?
        .into_iter()
        .map(|d| DecisionView {
            href: href(d.action_id),
            action: plan
                .find_action(d.action_id)
                .map_or_else(|| "An action since deleted".into(), named),
            text: d.text,
            by: d.decided_by.label,
            when: moment(d.created_at),
        })
        .collect();
    let mut actions = vec![
        Choice::new("", "Choose an action"),
        Choice::new(NEW_ACTION, "A new action (give it below)").checked(form.action == NEW_ACTION),
    ];
    actions.extend(plan.actions().into_iter().map(|(_, _, a)| {
        Choice::new(a.id.to_string(), named(a)).checked(form.action == a.id.to_string())
    }));
    let mut areas = vec![Choice::new("", "Choose an area")];
    areas.extend(plan.areas.iter().map(|a| {
        Choice::new(a.id.to_string(), area_heading(&plan, a)).checked(form.area == a.id.to_string())
    }));
    let can_edit = access.allows(Permission::EditPlan, false);
    let mut measures: Vec<_> = plan
        .measures
        .iter()
        .map(|m| crate::views::measures::summary(&plan, m, meeting.date))
        .collect();
    // Off track first, then at risk: what the chair takes first.
    measures.sort_by_key(|m| match m.status.as_ref().map(|s| s.meaning) {
        Some("off_track") => 0,
        Some("at_risk") => 1,
        _ => 2,
    });
    Ok(MeetingPage {
        measures,
        chrome: Chrome::for_user(me, "plans"),
        csrf: me.csrf_token.clone(),
        plan_id: plan.id,
        plan_title: plan.title.clone(),
        meeting_id: meeting.id,
        heading: format!("{}: {}", kind_label(&meeting.kind), day(meeting.date)),
        attendees: meeting.attendees.clone(),
        notes: meeting.notes.clone(),
        closed: meeting.closed.as_ref().map(|(by, at)| {
            format!(
                "This meeting was closed {} by {}. Its record is read-only.",
                moment(*at),
                by.label
            )
        }),
        since,
        changes,
        attention,
        decisions,
        can_edit,
        actions,
        areas,
        form,
        errors,
        banner: None,
    })
}
