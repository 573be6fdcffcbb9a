//! A plan's meetings (`/plans/{id}/meetings`): the list, newest first, for everyone on
//! the plan, and the form that adds one (date, kind, attendees, notes) for those who may
//! change the plan. The meeting page itself, its agenda and its forms are `meeting.rs`.

use crate::components::Choice;
use crate::routing::{Access, RouteDef};
use crate::views::chrome::Chrome;
use crate::views::form::{FieldErrors, invalid};
use crate::views::format::day;
use crate::views::page::PlanPage;
use crate::{AppState, Error, auth::CurrentUser, routing::PlanAccess};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::meetings::{
    MAX_ATTENDEES_CHARS, MAX_MEETING_TEXT_CHARS, MEETING_KINDS, is_meeting_kind, kind_label,
};
use assure_domain::model::Actor;
use assure_domain::roles::Permission;
use assure_store::{NewMeeting, StoreError};
use axum::extract::Form;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use uuid::Uuid;

/// This page's entries of the route table: reading is everyone's on the plan, adding a
/// meeting is the owners' (and admins').
pub(crate) fn routes() -> Vec<RouteDef> {
    vec![
        RouteDef::get(
            "/plans/{plan_id}/meetings",
            Access::Plan(Permission::ViewPlan),
            get,
        ),
        RouteDef::post(
            "/plans/{plan_id}/meetings",
            Access::Plan(Permission::EditPlan),
            post,
        ),
    ]
}

/// A meeting as the list shows it.
pub(crate) struct Row {
    pub href: String,
    pub date: String,
    pub kind: String,
    pub attendees: String,
    pub closed: bool,
}

/// The form as typed.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub(crate) struct MeetingSent {
    #[serde(default, rename = "date-day")]
    day: String,
    #[serde(default, rename = "date-month")]
    month: String,
    #[serde(default, rename = "date-year")]
    year: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    attendees: String,
    #[serde(default)]
    notes: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "meetings.html")]
pub(crate) struct MeetingsPage {
    chrome: Chrome,
    csrf: String,
    plan_id: Uuid,
    plan_title: String,
    rows: Vec<Row>,
    can_edit: bool,
    form: MeetingSent,
    kinds: Vec<Choice>,
    errors: FieldErrors,
}

#[tracing::instrument(name = "web.views.meetings.get", skip_all)]
pub(crate) async fn get(PlanPage { state, access, me }: PlanPage) -> Result<MeetingsPage, Error> {
    render(
        &state,
        &access,
        &me,
        MeetingSent::default(),
        FieldErrors::default(),
    )
    .await
}

async fn render(
    state: &AppState,
    access: &PlanAccess,
    me: &CurrentUser,
    form: MeetingSent,
    errors: FieldErrors,
) -> Result<MeetingsPage, Error> {
    let plan = state.plan(access.plan_id).await?;
    let mut meetings = state.store.meetings(plan.id).await?;
    meetings.reverse();
    let rows = meetings
        .iter()
        .map(|m| Row {
            href: format!("/plans/{}/meetings/{}", plan.id, m.id),
            date: day(m.date),
            kind: kind_label(&m.kind).to_string(),
            attendees: m.attendees.clone(),
            closed: m.closed.is_some(),
        })
        .collect();
    let kinds = MEETING_KINDS
        .iter()
        .map(|(k, l)| Choice::new(*k, *l).checked(form.kind == *k))
        .collect();
    Ok(MeetingsPage {
        chrome: Chrome::for_user(me, "plans"),
        csrf: me.csrf_token.clone(),
        plan_id: plan.id,
        plan_title: plan.title.clone(),
        rows,
        can_edit: access.allows(Permission::EditPlan, false),
        form,
        kinds,
        errors,
    })
}

#[tracing::instrument(name = "web.views.meetings.post", skip_all)]
pub(crate) async fn post(
    PlanPage { state, access, me }: PlanPage,
    Form(sent): Form<MeetingSent>,
) -> Result<Response, Error> {
    let mut errors = FieldErrors::default();
    let form = MeetingSent {
        day: sent.day.trim().chars().take(10).collect(),
        month: sent.month.trim().chars().take(10).collect(),
        year: sent.year.trim().chars().take(10).collect(),
        kind: sent.kind.trim().chars().take(20).collect(),
        attendees: sent.attendees,
        notes: sent.notes,
    };
    let date = (|| {
        NaiveDate::from_ymd_opt(
            form.year.parse().ok()?,
            form.month.parse().ok()?,
            form.day.parse().ok()?,
        )
    })();
    match date {
        Some(_) => {}
        None if form.day.is_empty() && form.month.is_empty() && form.year.is_empty() => {
            errors.add_at("date", "#date-day", "Enter the date of the meeting");
        }
        None => errors.add_at(
            "date",
            "#date-day",
            "The date of the meeting must be a real date, like 24 11 2026",
        ),
    }
    if !is_meeting_kind(&form.kind) {
        errors.add("kind", "Choose what kind of meeting it is");
    }
    if form.attendees.trim().chars().count() > MAX_ATTENDEES_CHARS {
        errors.add(
            "attendees",
            format!("Attendees must be {MAX_ATTENDEES_CHARS} characters or fewer"),
        );
    }
    if form.notes.trim().chars().count() > MAX_MEETING_TEXT_CHARS {
        errors.add(
            "notes",
            format!("Notes must be {MAX_MEETING_TEXT_CHARS} characters or fewer"),
        );
    }
    if let Some(date) = date.filter(|_| errors.is_empty()) {
        let new = NewMeeting {
            date,
            kind: form.kind.clone(),
            attendees: form.attendees.clone(),
            notes: form.notes.clone(),
        };
        match state
            .store
            .create_meeting(access.plan_id, &new, &Actor::user(&me.user))
            .await
        {
            Ok(m) => {
                return Ok(Redirect::to(&format!(
                    "/plans/{}/meetings/{}?done=meeting-created",
                    access.plan_id, m.id
                ))
                .into_response());
            }
            Err(StoreError::Invalid(m)) => {
                errors.add_at("date", "#date-day", crate::views::meeting::capitalised(&m));
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(invalid(render(&state, &access, &me, form, errors).await?))
}
