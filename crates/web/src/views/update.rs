//! Write an update: text, a status from the plan's own scheme, a date (today unless
//! given), for the reporting period the date falls in. A lead may update only the
//! actions they lead; someone else saving the action first is shown, with the text kept.

use crate::auth::CurrentUser;
use crate::components::{Choice, Link};
use crate::routing::{Access, PlanAccess, RouteDef, form_routes};
use crate::views::chrome::Chrome;
use crate::views::form::{FieldErrors, conflicted, invalid};
use crate::views::locate::{ActionPath, Located, locate};
use crate::views::page::PlanPage;
use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::model::Actor;
use assure_domain::periods::period_containing;
use assure_domain::roles::Permission;
use assure_domain::{Meaning, StatusValue};
use assure_store::{NewUpdate, StoreError};
use axum::Form;
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

/// The status choice that sets none (on an action that has none yet).
const NO_STATUS: &str = "assure:none";

/// The longest update accepted: the store's limit, checked here first to say which field
/// is wrong.
pub(crate) const MAX_UPDATE_CHARS: usize = assure_domain::input::MAX_UPDATE_CHARS;

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    form_routes(
        "/plans/{plan_id}/actions/{action_id}/update",
        Access::Plan(Permission::WriteUpdate),
        get,
        post,
    )
    .into()
}

/// The form as sent (and as shown again).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct UpdateForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    status: String,
    #[serde(default, rename = "date-day")]
    day: String,
    #[serde(default, rename = "date-month")]
    month: String,
    #[serde(default, rename = "date-year")]
    year: String,
    #[serde(default)]
    version: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "update.html")]
pub(crate) struct UpdatePage {
    chrome: Chrome,
    csrf_token: String,
    breadcrumbs: Vec<Link>,
    action_url: String,
    action_text: String,
    form: UpdateForm,
    statuses: Vec<Choice>,
    period: String,
    errors: FieldErrors,
    conflict: bool,
    /// On a conflict: the change that came first, as the action's timeline shows it.
    their_change: Option<crate::views::timeline::Entry>,
    /// Signed off: an update adds words but leaves the status as signed off.
    signed_off: bool,
    /// The last update written (its heading and words), to write on from.
    previous: Option<(String, String)>,
    /// The action's status now.
    status_now: Option<StatusValue>,
}

fn page(me: &CurrentUser, located: &Located, form: UpdateForm, errors: FieldErrors) -> UpdatePage {
    let plan = &located.plan;
    let action = located.action();
    let current = if form.status.is_empty() && form.version == 0 {
        action
            .status
            .as_ref()
            .filter(|s| s.meaning != Meaning::Complete)
            .map(|s| s.label.clone())
            .unwrap_or_default()
    } else {
        form.status.clone()
    };
    let signed_off = is_signed_off(action);
    let mut statuses: Vec<Choice> = plan
        .status_scheme
        .iter()
        .filter(|s| s.meaning != Meaning::Complete && !signed_off)
        .map(|s| {
            let mut c = Choice::new(s.label.clone(), s.label.clone()).checked_if(&current);
            let describe = s.meaning.describe();
            c = match &s.description {
                Some(d) if !d.trim().is_empty() => c.hint(d.clone()),
                _ if !describe.eq_ignore_ascii_case(&s.label) => c.hint(capitalise(describe)),
                _ => c,
            };
            c
        })
        .collect();
    if action.status.is_none() && !statuses.is_empty() {
        // Status is optional, and a radio once picked cannot be unpicked: offer "none".
        statuses.push(Choice::divider("or"));
        statuses.push(
            Choice::new(NO_STATUS, "No status yet")
                .checked(current.is_empty() || current == NO_STATUS),
        );
    }
    let period = parse_date(&form)
        .map(|d| period_containing(d, &plan.settings.update_cadence).label)
        .unwrap_or_default();
    let mut breadcrumbs = located.breadcrumbs(false);
    breadcrumbs.push(Link::text("Write an update"));
    UpdatePage {
        chrome: Chrome::for_user(me, "plans"),
        csrf_token: me.csrf_token.clone(),
        breadcrumbs,
        action_url: located.action_url(),
        action_text: crate::views::naming::words(action),
        form,
        statuses,
        period,
        errors,
        conflict: false,
        their_change: None,
        signed_off,
        previous: action
            .updates
            .iter()
            .rev()
            .find(|u| !u.text.trim().is_empty())
            .map(|u| {
                let when = match (&u.period, u.date) {
                    (Some(p), _) if !p.trim().is_empty() => p.clone(),
                    (_, Some(d)) => crate::views::format::day(d),
                    _ => crate::views::format::moment(u.created_at),
                };
                (format!("The last update: {when}"), u.text.clone())
            }),
        status_now: action.status.clone(),
    }
}

/// Whether the action has been signed off (an imported "complete" status has not been).
fn is_signed_off(a: &assure_domain::model::StoredAction) -> bool {
    a.signoff.as_ref().is_some_and(|s| s.is_signed_off())
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn parse_date(form: &UpdateForm) -> Option<NaiveDate> {
    let d = form.day.trim().parse().ok()?;
    let m = form.month.trim().parse().ok()?;
    let y = form.year.trim().parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

async fn located_for_update(
    state: &AppState,
    access: &PlanAccess,
    me: &CurrentUser,
    path: &ActionPath,
) -> Result<Located, Error> {
    let located = locate(state, access, path.action_id).await?;
    access.require(
        Permission::WriteUpdate,
        located.action().is_led_by(me.user.id),
    )?;
    Ok(located)
}

#[tracing::instrument(name = "web.views.update.get", skip_all)]
pub(crate) async fn get(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<ActionPath>,
) -> Result<UpdatePage, Error> {
    let located = located_for_update(&state, &access, &me, &path).await?;
    let today = state.clock.today();
    let form = UpdateForm {
        day: today.day().to_string(),
        month: today.month().to_string(),
        year: today.year().to_string(),
        ..UpdateForm::default()
    };
    let mut p = page(&me, &located, form, FieldErrors::default());
    p.form.version = located.action().version;
    Ok(p)
}

#[tracing::instrument(name = "web.views.update.post", skip_all)]
pub(crate) async fn post(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<ActionPath>,
    Form(form): Form<UpdateForm>,
) -> Result<Response, Error> {
    let located = located_for_update(&state, &access, &me, &path).await?;
    let plan = &located.plan;
    let mut errors = FieldErrors::default();
    let text = form.text.trim().to_string();
    if text.is_empty() {
        errors.add("text", "Enter the update");
    } else if text.chars().count() > MAX_UPDATE_CHARS {
        errors.add(
            "text",
            format!("The update must be {MAX_UPDATE_CHARS} characters or fewer"),
        );
    }
    let status: Option<StatusValue> = if form.status.is_empty() || form.status == NO_STATUS {
        None
    } else if is_signed_off(located.action()) {
        // A status here would quietly undo the sign-off; reopening is the impact check's.
        errors.add(
            "status",
            "This action is signed off: to reopen it, record an impact check",
        );
        None
    } else {
        match plan
            .status_scheme
            .iter()
            .find(|s| s.label == form.status && s.meaning != Meaning::Complete)
        {
            Some(s) => Some(StatusValue {
                label: s.label.clone(),
                meaning: s.meaning,
            }),
            None => {
                errors.add("status", "Select a status from the list");
                None
            }
        }
    };
    let date = parse_date(&form);
    match date {
        None => errors.add_at(
            "date",
            "#date-day",
            "Enter the date of the update as a real date",
        ),
        Some(d) if d > state.clock.today() => {
            errors.add_at(
                "date",
                "#date-day",
                "The date of the update must be today or in the past",
            );
        }
        Some(_) => {}
    }
    if !errors.is_empty() {
        return Ok(invalid(page(&me, &located, form, errors)));
    }
    let date = date.expect("checked above");
    let update = NewUpdate {
        date,
        text,
        status,
        period: Some(period_containing(date, &plan.settings.update_cadence).label),
    };
    let action_id = located.action().id;
    match state
        .store
        .write_update(action_id, form.version, update, &Actor::user(&me.user))
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{}?done=update", located.action_url())).into_response()),
        Err(StoreError::Conflict { .. }) => {
            // Show the action as it is now, with the person's words kept.
            let fresh = locate(&state, &access, action_id).await?;
            let version = fresh.action().version;
            let mut p = page(&me, &fresh, form, FieldErrors::default());
            p.form.version = version;
            p.conflict = true;
            let events = state.store.audit_trail(action_id).await?;
            p.their_change = crate::views::timeline::timeline(fresh.action(), &events).pop();
            Ok(conflicted(p))
        }
        Err(StoreError::Invalid(m)) => {
            let mut errors = FieldErrors::default();
            errors.add("text", m);
            Ok(invalid(page(&me, &located, form, errors)))
        }
        Err(e) => Err(e.into()),
    }
}
