//! The round page's forms: chase a person, add the period's review meeting, remove it.
//! Each sends the person back to the round it came from; a refusal (nothing left to
//! chase, a date that is not a date or not in the period) comes back on the round page.

use crate::Error;
use crate::routing::{Access, RouteDef};
use crate::views::form::{FieldErrors, invalid};
use crate::views::page::PlanPage;
use crate::views::round::{Extras, MeetingForm, period_asked, render};
use assure_domain::model::Actor;
use assure_domain::periods::period_containing;
use assure_domain::roles::Permission;
use assure_store::StoreError;
use axum::extract::{Form, Path};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use uuid::Uuid;

/// This page's entries of the route table: the round page's forms, for those who run it.
pub(crate) fn routes() -> Vec<RouteDef> {
    vec![
        RouteDef::post(
            "/plans/{plan_id}/round/chase",
            Access::Plan(Permission::EditPlan),
            chase,
        ),
        RouteDef::post(
            "/plans/{plan_id}/round/meetings",
            Access::Plan(Permission::EditPlan),
            add_meeting,
        ),
        RouteDef::post(
            "/plans/{plan_id}/round/meetings/{meeting_id}/remove",
            Access::Plan(Permission::EditPlan),
            remove_meeting,
        ),
    ]
}

/// Back to the round of `period`, with what was done.
fn back(plan_id: Uuid, period: NaiveDate, done: &str, who: Option<Uuid>) -> Response {
    let who = who.map(|w| format!("&who={w}")).unwrap_or_default();
    Redirect::to(&format!(
        "/plans/{plan_id}/round?period={period}&done={done}{who}"
    ))
    .into_response()
}

/// The chase button's form.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct ChaseSent {
    #[serde(default)]
    person: String,
    #[serde(default)]
    period: String,
}

#[tracing::instrument(name = "web.views.round.chase", skip_all)]
pub(crate) async fn chase(
    PlanPage { state, access, me }: PlanPage,
    Form(sent): Form<ChaseSent>,
) -> Result<Response, Error> {
    let mut errors = FieldErrors::default();
    let in_period = period_asked(state.clock.today(), Some(&sent.period), &mut errors);
    // The buttons name a person; a form without one says so, and a person id that is
    // not one is nobody the plan knows.
    let person = match sent.person.trim() {
        "" => {
            errors.general("Choose who to chase");
            None
        }
        p => Some(Uuid::parse_str(p).map_err(|_| Error::NotFound)?),
    };
    if let Some(person) = person.filter(|_| errors.is_empty()) {
        let actor = Actor::user(&me.user);
        match state
            .store
            .chase(access.plan_id, person, in_period, &actor)
            .await
        {
            Ok(c) => return Ok(back(access.plan_id, c.period.start, "chased", Some(person))),
            Err(StoreError::Invalid(m)) => errors.general(capitalised(&m)),
            Err(e) => return Err(e.into()),
        }
    }
    let extras = Extras {
        errors,
        ..Extras::default()
    };
    Ok(invalid(
        render(&state, &access, &me, in_period, extras).await?,
    ))
}

/// The review meeting form.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct MeetingSent {
    #[serde(default)]
    period: String,
    #[serde(default, rename = "meeting-day")]
    day: String,
    #[serde(default, rename = "meeting-month")]
    month: String,
    #[serde(default, rename = "meeting-year")]
    year: String,
}

#[tracing::instrument(name = "web.views.round.add_meeting", skip_all)]
pub(crate) async fn add_meeting(
    PlanPage { state, access, me }: PlanPage,
    Form(sent): Form<MeetingSent>,
) -> Result<Response, Error> {
    let mut errors = FieldErrors::default();
    let in_period = period_asked(state.clock.today(), Some(&sent.period), &mut errors);
    let plan = state.plan(access.plan_id).await?;
    let period = period_containing(in_period, &plan.settings.update_cadence);
    let form = MeetingForm {
        day: sent.day.trim().chars().take(10).collect(),
        month: sent.month.trim().chars().take(10).collect(),
        year: sent.year.trim().chars().take(10).collect(),
    };
    let date = (|| {
        NaiveDate::from_ymd_opt(
            form.year.parse().ok()?,
            form.month.parse().ok()?,
            form.day.parse().ok()?,
        )
    })();
    match date {
        _ if !errors.is_empty() => {}
        None if form.day.is_empty() && form.month.is_empty() && form.year.is_empty() => {
            errors.add_at(
                "meeting",
                "#meeting-day",
                "Enter the date of the review meeting",
            );
        }
        None => errors.add_at(
            "meeting",
            "#meeting-day",
            "The date of the review meeting must be a real date, like 24 11 2026",
        ),
        Some(d) if !period.contains(d) => errors.add_at(
            "meeting",
            "#meeting-day",
            format!(
                "The review meeting must be in the period: from {} to {}",
                period.start.format("%-d %B %Y"),
                period.end.format("%-d %B %Y")
            ),
        ),
        Some(d) => {
            let actor = Actor::user(&me.user);
            match state.store.add_meeting(plan.id, d, &actor).await {
                Ok(_) => return Ok(back(plan.id, period.start, "meeting-added", None)),
                Err(StoreError::Invalid(m)) => {
                    errors.add_at("meeting", "#meeting-day", capitalised(&m));
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
    let extras = Extras {
        errors,
        meeting: form,
        ..Extras::default()
    };
    Ok(invalid(
        render(&state, &access, &me, in_period, extras).await?,
    ))
}

/// Where a meeting is: its plan and itself.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct MeetingPath {
    #[allow(dead_code)]
    plan_id: Uuid,
    meeting_id: Uuid,
}

/// The remove button's form.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct RemoveSent {
    #[serde(default)]
    period: String,
}

#[tracing::instrument(name = "web.views.round.remove_meeting", skip_all)]
pub(crate) async fn remove_meeting(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<MeetingPath>,
    Form(sent): Form<RemoveSent>,
) -> Result<Response, Error> {
    let mut errors = FieldErrors::default();
    let in_period = period_asked(state.clock.today(), Some(&sent.period), &mut errors);
    let actor = Actor::user(&me.user);
    state
        .store
        .remove_meeting(access.plan_id, path.meeting_id, &actor)
        .await?;
    let plan = state.plan(access.plan_id).await?;
    let period = period_containing(in_period, &plan.settings.update_cadence);
    Ok(back(plan.id, period.start, "meeting-removed", None))
}

/// The store's refusal as a sentence: its first letter a capital.
fn capitalised(m: &str) -> String {
    let mut c = m.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
