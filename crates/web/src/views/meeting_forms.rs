//! A meeting's forms: record a decision (against one of the plan's actions, or as a new
//! action made with it), edit the attendees and notes while the meeting is open, and
//! close it. The store refuses any change to a closed meeting; these turn its refusals
//! into the page's error summary.

use crate::routing::PlanAccess;
use crate::views::chrome::Chrome;
use crate::views::edit_action::{as_when, when_context};
use crate::views::form::{FieldErrors, conflicted, invalid};
use crate::views::format::day;
use crate::views::meeting::{DecisionSent, MeetingPath, NEW_ACTION, capitalised, render};
use crate::views::page::PlanPage;
use crate::{AppState, Error, auth::CurrentUser};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::meetings::{MAX_ATTENDEES_CHARS, MAX_MEETING_TEXT_CHARS, kind_label};
use assure_domain::model::{ActionFields, Actor};
use assure_domain::rounds::Meeting;
use assure_domain::when::parse_timescale;
use assure_store::{DecidedAction, StoreError};
use axum::extract::{Form, Path};
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

/// What the decision is about, once the form is read.
enum About {
    Action(Uuid),
    New(Box<DecidedAction>),
}

/// Reads the action (or the new action) a decision is about, adding what is wrong to
/// `errors`.
fn about(
    state: &AppState,
    plan: &assure_domain::model::StoredPlan,
    sent: &DecisionSent,
    errors: &mut FieldErrors,
) -> Option<About> {
    match sent.action.trim() {
        "" => {
            errors.add(
                "action",
                "Choose the action the decision is about, or a new action",
            );
            None
        }
        NEW_ACTION => {
            let area = match Uuid::parse_str(sent.area.trim()) {
                Ok(id) if plan.areas.iter().any(|a| a.id == id) => Some(id),
                _ => {
                    errors.add("area", "Choose the area the new action goes in");
                    None
                }
            };
            let text = sent.new_text.trim().replace("\r\n", "\n");
            if text.is_empty() {
                errors.add("new_text", "Enter what the new action is");
            } else if text.chars().count() > MAX_MEETING_TEXT_CHARS {
                errors.add(
                    "new_text",
                    format!("The new action must be {MAX_MEETING_TEXT_CHARS} characters or fewer"),
                );
            }
            let ctx = when_context(state, plan);
            let due = as_when(&sent.new_due, parse_timescale(&sent.new_due, &ctx).due);
            let leads = sent
                .new_leads
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect();
            area.filter(|_| !text.is_empty()).map(|area_id| {
                About::New(Box::new(DecidedAction {
                    area_id,
                    fields: ActionFields {
                        r#ref: None,
                        text,
                        sponsor: None,
                        start: None,
                        due,
                        assurance: None,
                        impact: None,
                        measure: None,
                        resources: None,
                        status: None,
                    },
                    leads,
                }))
            })
        }
        a => match Uuid::parse_str(a) {
            Ok(id) => Some(About::Action(id)),
            Err(_) => {
                errors.add("action", "Choose one of the plan’s actions");
                None
            }
        },
    }
}

#[tracing::instrument(name = "web.views.meeting.decide", skip_all)]
pub(crate) async fn decide(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<MeetingPath>,
    Form(sent): Form<DecisionSent>,
) -> Result<Response, Error> {
    let plan = state.plan(access.plan_id).await?;
    let mut errors = FieldErrors::default();
    let about = about(&state, &plan, &sent, &mut errors);
    let text = sent.decision.trim();
    if text.is_empty() {
        errors.add("decision", "Enter the decision");
    } else if text.chars().count() > MAX_MEETING_TEXT_CHARS {
        errors.add(
            "decision",
            format!("The decision must be {MAX_MEETING_TEXT_CHARS} characters or fewer"),
        );
    }
    if let Some(about) = about.filter(|_| errors.is_empty()) {
        let actor = Actor::user(&me.user);
        let done = match &about {
            About::Action(id) => {
                state
                    .store
                    .record_decision(access.plan_id, path.meeting_id, *id, text, &actor)
                    .await
            }
            About::New(new) => {
                state
                    .store
                    .record_decision_with_new_action(
                        access.plan_id,
                        path.meeting_id,
                        new,
                        text,
                        &actor,
                    )
                    .await
            }
        };
        match done {
            Ok(_) => {
                return Ok(Redirect::to(&format!(
                    "/plans/{}/meetings/{}?done=decision#decisions",
                    access.plan_id, path.meeting_id
                ))
                .into_response());
            }
            Err(StoreError::Invalid(m)) => errors.general(capitalised(&m)),
            // An action or area of no plan here: the form offers only the plan's.
            Err(StoreError::NotFound {
                entity: "action", ..
            }) => errors.add("action", "Choose one of the plan’s actions"),
            Err(StoreError::NotFound { entity: "area", .. }) => {
                errors.add("area", "Choose one of the plan’s areas")
            }
            Err(e) => return Err(e.into()),
        }
    }
    let form = DecisionSent {
        action: sent.action.trim().chars().take(40).collect(),
        area: sent.area.trim().chars().take(40).collect(),
        ..sent
    };
    Ok(invalid(
        render(&state, &access, &me, path.meeting_id, form, errors).await?,
    ))
}

#[tracing::instrument(name = "web.views.meeting.close", skip_all)]
pub(crate) async fn close(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<MeetingPath>,
) -> Result<Response, Error> {
    match state
        .store
        .close_meeting(access.plan_id, path.meeting_id, &Actor::user(&me.user))
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!(
            "/plans/{}/meetings/{}?done=meeting-closed",
            access.plan_id, path.meeting_id
        ))
        .into_response()),
        Err(StoreError::Invalid(m)) => {
            let errors = FieldErrors::only(capitalised(&m));
            Ok(invalid(
                render(
                    &state,
                    &access,
                    &me,
                    path.meeting_id,
                    DecisionSent::default(),
                    errors,
                )
                .await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// The attendees-and-notes form as typed, with the version it was drawn from.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub(crate) struct DetailsSent {
    #[serde(default)]
    attendees: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    version: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "meeting_edit.html")]
pub(crate) struct MeetingEditPage {
    chrome: Chrome,
    csrf: String,
    plan_id: Uuid,
    plan_title: String,
    meeting_id: Uuid,
    heading: String,
    form: DetailsSent,
    errors: FieldErrors,
}

fn edit_page(
    access: &PlanAccess,
    me: &CurrentUser,
    plan_title: &str,
    meeting: &Meeting,
    form: DetailsSent,
    errors: FieldErrors,
) -> MeetingEditPage {
    MeetingEditPage {
        chrome: Chrome::for_user(me, "plans"),
        csrf: me.csrf_token.clone(),
        plan_id: access.plan_id,
        plan_title: plan_title.to_string(),
        meeting_id: meeting.id,
        heading: format!(
            "Attendees and notes: {} on {}",
            kind_label(&meeting.kind).to_lowercase(),
            day(meeting.date)
        ),
        form,
        errors,
    }
}

/// The meeting's page, for a closed meeting (whose details cannot change).
fn meeting_url(access: &PlanAccess, meeting_id: Uuid) -> String {
    format!("/plans/{}/meetings/{}", access.plan_id, meeting_id)
}

#[tracing::instrument(name = "web.views.meeting.edit_get", skip_all)]
pub(crate) async fn edit_get(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<MeetingPath>,
) -> Result<Response, Error> {
    let plan = state.plan(access.plan_id).await?;
    let meeting = state.store.meeting(plan.id, path.meeting_id).await?;
    if meeting.closed.is_some() {
        // Read-only: its page says so.
        return Ok(Redirect::to(&meeting_url(&access, meeting.id)).into_response());
    }
    let form = DetailsSent {
        attendees: meeting.attendees.clone(),
        notes: meeting.notes.clone(),
        version: meeting.version,
    };
    Ok(edit_page(
        &access,
        &me,
        &plan.title,
        &meeting,
        form,
        FieldErrors::default(),
    )
    .into_response())
}

#[tracing::instrument(name = "web.views.meeting.edit_post", skip_all)]
pub(crate) async fn edit_post(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<MeetingPath>,
    Form(sent): Form<DetailsSent>,
) -> Result<Response, Error> {
    let plan = state.plan(access.plan_id).await?;
    let meeting = state.store.meeting(plan.id, path.meeting_id).await?;
    let mut errors = FieldErrors::default();
    if sent.attendees.trim().chars().count() > MAX_ATTENDEES_CHARS {
        errors.add(
            "attendees",
            format!("The attendees must be {MAX_ATTENDEES_CHARS} characters or fewer"),
        );
    }
    if sent.notes.trim().chars().count() > MAX_MEETING_TEXT_CHARS {
        errors.add(
            "notes",
            format!("The notes must be {MAX_MEETING_TEXT_CHARS} characters or fewer"),
        );
    }
    if !errors.is_empty() {
        let page = edit_page(&access, &me, &plan.title, &meeting, sent, errors);
        return Ok(invalid(page));
    }
    match state
        .store
        .edit_meeting(
            plan.id,
            meeting.id,
            sent.version,
            &sent.attendees,
            &sent.notes,
            &Actor::user(&me.user),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "{}?done=meeting-edited",
            meeting_url(&access, meeting.id)
        ))
        .into_response()),
        Err(StoreError::Conflict { current, .. }) => {
            // Someone saved first: keep what this person typed, say what is stored now,
            // and let them save again over it knowingly.
            let errors = FieldErrors::only(format!(
                "Someone else changed the attendees and notes since you opened this page. \
                 Yours are not saved yet. Now stored: attendees “{}”, notes “{}”. \
                 Check yours below and save again to keep them.",
                meeting.attendees, meeting.notes
            ));
            let form = DetailsSent {
                version: current,
                ..sent
            };
            let page = edit_page(&access, &me, &plan.title, &meeting, form, errors);
            Ok(conflicted(page))
        }
        Err(StoreError::Invalid(m)) => {
            let page = edit_page(
                &access,
                &me,
                &plan.title,
                &meeting,
                sent,
                FieldErrors::only(capitalised(&m)),
            );
            Ok(invalid(page))
        }
        Err(e) => Err(e.into()),
    }
}
