//! The update round of a plan, for its owners: every action due an update in a period
//! (this one, or `?period=` any date in another), its leads, whether it has been updated,
//! its status at the end of the last period and now, whether it is stalled; counts by
//! lead ("Lee Lead: 3 of 6 updated") with a "Chase" button per person; the round's
//! deadline and the review meeting it counts back from. The forms are in `round_forms.rs`.

use crate::Error;
use crate::routing::{Access, RouteDef};
use crate::views::chrome::Chrome;
use crate::views::form::FieldErrors;
use crate::views::format::{day, moment};
use crate::views::naming::{action_name, words};
use crate::views::page::PlanPage;
use crate::{AppState, auth::CurrentUser, routing::PlanAccess};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::StatusValue;
use assure_domain::periods::{Period, next_period, period_containing, previous_period};
use assure_domain::roles::Permission;
use assure_domain::rounds::{DEADLINE_WORKING_DAYS, LeadKey, Round, by_lead, round_actions};
use assure_domain::status_history::{StatusAt, StatusHistory};
use axum::extract::Query;
use chrono::NaiveDate;
use std::collections::HashMap;
use uuid::Uuid;

/// This page's entry of the route table (its forms: `round_forms.rs`). Running the round
/// is the owners' (and admins'): it names who has not updated.
pub(crate) fn routes() -> Vec<RouteDef> {
    vec![RouteDef::get(
        "/plans/{plan_id}/round",
        Access::Plan(Permission::EditPlan),
        get,
    )]
}

/// `?period=` (any date in the period), and what a form sent the person back after.
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct RoundQuery {
    period: Option<String>,
    done: Option<String>,
    who: Option<String>,
}

#[tracing::instrument(name = "web.views.round.get", skip_all)]
pub(crate) async fn get(
    PlanPage { state, access, me }: PlanPage,
    Query(q): Query<RoundQuery>,
) -> Result<RoundPage, Error> {
    let mut errors = FieldErrors::default();
    let in_period = period_asked(state.clock.today(), q.period.as_deref(), &mut errors);
    let extras = Extras {
        errors,
        done: q.done,
        who: q.who.as_deref().and_then(|w| Uuid::parse_str(w).ok()),
        ..Extras::default()
    };
    render(&state, &access, &me, in_period, extras).await
}

/// A status in a cell: its tag, or words when there is none to show.
pub(crate) struct StatusCell {
    pub status: Option<StatusValue>,
    /// "No status" or "Not recorded" when there is no tag.
    pub words: &'static str,
}

impl StatusCell {
    /// The cell for a status at a moment.
    pub(crate) fn at(s: &StatusAt) -> Self {
        match s {
            StatusAt::NotRecorded => StatusCell {
                status: None,
                words: "Not recorded",
            },
            StatusAt::Status(v) => StatusCell::of(v.clone()),
        }
    }

    /// The cell for a status (or none).
    pub(crate) fn of(v: Option<StatusValue>) -> Self {
        StatusCell {
            status: v,
            words: "No status",
        }
    }
}

/// One lead's row: "3 of 6 updated", and the chase button when it applies.
pub(crate) struct LeadRow {
    pub name: String,
    pub tally: String,
    pub all_updated: bool,
    /// The person to chase, when the button is shown.
    pub chase: Option<Uuid>,
    /// Why there is no button, or when they were last chased.
    pub note: String,
}

/// One action due an update.
pub(crate) struct LineView {
    pub href: String,
    pub name: String,
    pub leads: String,
    /// The date of its update this period.
    pub updated: Option<String>,
    pub before: StatusCell,
    pub now: StatusCell,
    /// The plan checks' stalled sentence, when it stands.
    pub stalled: Option<String>,
}

/// An action not due, and why.
pub(crate) struct ExcusedView {
    pub href: String,
    pub name: String,
    pub why: String,
}

/// A meeting as the page lists it.
pub(crate) struct MeetingView {
    pub id: Uuid,
    pub date: String,
}

/// The meeting form's day, month and year as typed.
#[derive(Debug, Default, Clone)]
pub(crate) struct MeetingForm {
    pub day: String,
    pub month: String,
    pub year: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "round.html")]
pub(crate) struct RoundPage {
    chrome: Chrome,
    csrf: String,
    plan_id: Uuid,
    plan_title: String,
    period: Period,
    /// The period as the forms and links carry it (its first day).
    period_key: String,
    deadline: String,
    deadline_reason: String,
    past_deadline: bool,
    begun: bool,
    review: Option<MeetingView>,
    previous_label: String,
    previous_href: String,
    next_href: Option<String>,
    leads: Vec<LeadRow>,
    lines: Vec<LineView>,
    updated: usize,
    excused: Vec<ExcusedView>,
    errors: FieldErrors,
    meeting: MeetingForm,
    banner: Option<String>,
    stalled_periods: u32,
}

/// The period a `?period=` value names: any date in it, as year-month-day; `None` for
/// text that is not one.
pub(crate) fn parse_period_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// What a `?done=` flag says on this page.
fn banner(done: Option<&str>, people: &HashMap<Uuid, String>, who: Option<Uuid>) -> Option<String> {
    let name = who.and_then(|id| people.get(&id)).cloned();
    Some(match done? {
        "chased" => format!(
            "{} has been asked to update. They will see it on their home page.",
            name.unwrap_or_else(|| "The person".into())
        ),
        "meeting-added" => "The review meeting has been added.".into(),
        "meeting-removed" => "The review meeting has been removed.".into(),
        _ => return None,
    })
}

/// What the page shows besides the round itself: errors and what was typed, the banner.
#[derive(Default)]
pub(crate) struct Extras {
    pub errors: FieldErrors,
    pub meeting: MeetingForm,
    pub done: Option<String>,
    pub who: Option<Uuid>,
}

/// The round page of `plan` for the period `in_period` falls in.
pub(crate) async fn render(
    state: &AppState,
    access: &PlanAccess,
    me: &CurrentUser,
    in_period: NaiveDate,
    extras: Extras,
) -> Result<RoundPage, Error> {
    let plan = state.plan(access.plan_id).await?;
    let today = state.clock.today();
    let cadence = &plan.settings.update_cadence;
    let period = period_containing(in_period, cadence);
    // Only review meetings set a round's deadline (a DLT or board meeting does not).
    let meetings: Vec<_> = state
        .store
        .meetings(plan.id)
        .await?
        .into_iter()
        .filter(|m| m.kind == assure_domain::rounds::REVIEW_MEETING)
        .collect();
    let dates: Vec<NaiveDate> = meetings.iter().map(|m| m.date).collect();
    let round = Round::new(period.clone(), &dates);
    let people: HashMap<Uuid, (String, bool)> = state
        .store
        .users(plan.org_id)
        .await?
        .into_iter()
        .map(|u| (u.id, (u.name, u.disabled)))
        .collect();
    let names: HashMap<Uuid, String> = people.iter().map(|(id, (n, _))| (*id, n.clone())).collect();
    let all = round_actions(&plan, &period);
    let history = StatusHistory::new(state.store.status_changes(plan.id).await?);
    let previous = previous_period(&period, cadence);
    let checked = crate::views::checks::findings::checked(state, &plan).await?;
    let chases = state.store.chases(plan.id, period.start).await?;
    let begun = period.start <= today;

    let leads = by_lead(&all.due)
        .into_iter()
        .map(|t| {
            let (name, person) = match &t.key {
                LeadKey::Person(id) => {
                    let n = names.get(id).cloned().unwrap_or_else(|| t.text.clone());
                    (format!("{n} ({})", t.text), Some(*id))
                }
                LeadKey::Text(s) => (s.clone(), None),
                LeadKey::Nobody => ("No lead".to_string(), None),
            };
            let outstanding = !t.outstanding.is_empty();
            let disabled = person.is_some_and(|p| people.get(&p).is_some_and(|x| x.1));
            let mine: Vec<_> = chases
                .iter()
                .filter(|c| Some(c.person_id) == person)
                .collect();
            let note = match (person, mine.last()) {
                (_, Some(c)) => format!(
                    "Chased {} by {}{}",
                    moment(c.created_at),
                    c.chased_by.label,
                    match mine.len() {
                        1 => String::new(),
                        n => format!(" ({n} times this round)"),
                    }
                ),
                (None, None) if t.key == LeadKey::Nobody => {
                    "Give these actions a lead to chase them".into()
                }
                (None, None) => "Not linked to a person".into(),
                (Some(_), None) if disabled => "Their account is disabled".into(),
                _ => String::new(),
            };
            LeadRow {
                name,
                tally: format!("{} of {} updated", t.updated, t.due),
                all_updated: !outstanding,
                chase: person.filter(|_| outstanding && begun && !disabled),
                note,
            }
        })
        .collect();

    let lines: Vec<LineView> = all
        .due
        .iter()
        .map(|l| LineView {
            href: format!("/plans/{}/actions/{}", plan.id, l.action.id),
            name: named(l.action),
            leads: l
                .action
                .leads
                .iter()
                .map(|x| x.text.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            updated: l.updated.map(day),
            before: StatusCell::at(&history.at_end(l.action.id, &previous)),
            now: StatusCell::of(l.action.status.clone()),
            stalled: checked
                .find(l.action.id, "stalled")
                .map(|p| p.finding.message.clone()),
        })
        .collect();
    let updated = all.due.iter().filter(|l| l.updated.is_some()).count();
    let excused = all
        .not_due
        .iter()
        .map(|x| ExcusedView {
            href: format!("/plans/{}/actions/{}", plan.id, x.action.id),
            name: named(x.action),
            why: x.why.describe(),
        })
        .collect();
    let review = round.review_meeting.and_then(|d| {
        meetings.iter().find(|m| m.date == d).map(|m| MeetingView {
            id: m.id,
            date: day(m.date),
        })
    });
    let deadline_reason = match round.review_meeting {
        Some(m) => format!(
            "{DEADLINE_WORKING_DAYS} working days before the review meeting on {}",
            day(m)
        ),
        None => "the last working day of the period".into(),
    };
    let next = next_period(&period, cadence);
    Ok(RoundPage {
        chrome: Chrome::for_user(me, "plans"),
        csrf: me.csrf_token.clone(),
        plan_id: plan.id,
        plan_title: plan.title.clone(),
        period_key: period.start.to_string(),
        deadline: round.deadline.format("%A %-d %B %Y").to_string(),
        deadline_reason,
        past_deadline: begun && round.is_past_deadline(today),
        begun,
        review,
        previous_label: previous.label.clone(),
        previous_href: format!("/plans/{}/round?period={}", plan.id, previous.start),
        next_href: (next.start <= today)
            .then(|| format!("/plans/{}/round?period={}", plan.id, next.start)),
        leads,
        lines,
        updated,
        excused,
        banner: banner(extras.done.as_deref(), &names, extras.who),
        errors: extras.errors,
        meeting: extras.meeting,
        stalled_periods: plan.settings.stalled_periods,
        period,
    })
}

/// An action as the round names it: reference and first words.
fn named(a: &assure_domain::model::StoredAction) -> String {
    match &a.r#ref {
        Some(r) if !r.trim().is_empty() => format!("{r} {}", words(a)),
        _ => action_name(a),
    }
}

/// The date whose period the page is about, from `?period=`: today when there is none,
/// and an error (with today) when it is not a date.
pub(crate) fn period_asked(
    today: NaiveDate,
    asked: Option<&str>,
    errors: &mut FieldErrors,
) -> NaiveDate {
    match asked.map(str::trim).filter(|s| !s.is_empty()) {
        None => today,
        Some(s) => parse_period_date(s).unwrap_or_else(|| {
            errors.general(format!(
                "Enter the period as a date in it, year-month-day, like {today}: this is the round for today"
            ));
            today
        }),
    }
}
