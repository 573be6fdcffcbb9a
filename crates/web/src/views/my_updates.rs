//! A lead's month in one sitting: every action they lead, across the plans they may
//! update, on one form. Only the rows given words (or a new status) are saved, each as
//! its own update, audited and version-checked like one written from the action's page.
//! A problem in any row saves nothing and says which; a row someone else changed
//! meanwhile is kept back with its words while the others are saved.

use crate::auth::CurrentUser;
use crate::components::Choice;
use crate::routing::{Access, RouteDef, form_routes};
use crate::views::chrome::Chrome;
use crate::views::form::{FieldErrors, invalid};
use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::Meaning;
use assure_domain::model::{Actor, StoredAction, StoredPlan};
use assure_domain::roles::{Permission, allows};
use assure_store::{NewUpdate, StoreError};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

/// The status choice that leaves the status as it is.
const KEEP: &str = "";

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    form_routes("/my-updates", Access::SignedIn, get, post).into()
}

/// One action on the form.
pub(crate) struct Row {
    pub id: Uuid,
    pub plan_title: String,
    pub href: String,
    pub name: String,
    pub status_now: String,
    pub last_update: String,
    pub version: i64,
    pub statuses: Vec<Choice>,
    pub text: String,
    pub error: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "my_updates.html")]
pub(crate) struct MyUpdatesPage {
    chrome: Chrome,
    csrf_token: String,
    rows: Vec<Row>,
    errors: FieldErrors,
    saved: Option<usize>,
}

#[derive(Deserialize, Default)]
pub(crate) struct Done {
    saved: Option<usize>,
}

/// What the form sent for one row.
#[derive(Default, Clone)]
struct Sent {
    text: String,
    status: String,
    version: Option<i64>,
}

/// The actions `me` leads and may update, with their plans, plan by plan.
async fn my_actions(
    state: &AppState,
    me: &CurrentUser,
) -> Result<Vec<(Arc<StoredPlan>, Vec<Uuid>)>, Error> {
    let mut out = Vec::new();
    for summary in state.store.plans_for_user(&me.user).await? {
        let plan = state.plan(summary.id).await?;
        let role = state.store.plan_role(plan.id, me.user.id).await?;
        if !allows(me.user.role, role, true, Permission::WriteUpdate) {
            continue;
        }
        let ids: Vec<Uuid> = plan
            .actions()
            .into_iter()
            .map(|(_, _, a)| a)
            .filter(|a| a.is_led_by(me.user.id))
            .map(|a| a.id)
            .collect();
        if !ids.is_empty() {
            out.push((plan, ids));
        }
    }
    Ok(out)
}

fn signed_off(a: &StoredAction) -> bool {
    a.signoff.as_ref().is_some_and(|s| s.is_signed_off())
}

fn row(plan: &StoredPlan, a: &StoredAction, sent: Option<&Sent>) -> Row {
    let words = crate::views::naming::words(a);
    let name = match &a.r#ref {
        Some(r) if !r.trim().is_empty() => format!("{r} {words}"),
        _ => words,
    };
    let chosen = sent.map_or(KEEP, |s| s.status.as_str());
    let mut statuses = vec![Choice::new(KEEP, "Leave the status as it is").checked_if(chosen)];
    if !signed_off(a) {
        statuses.extend(
            plan.status_scheme
                .iter()
                .filter(|s| s.meaning != Meaning::Complete)
                .map(|s| Choice::new(s.label.clone(), s.label.clone()).checked_if(chosen)),
        );
    }
    let last = a
        .updates
        .iter()
        .rev()
        .find(|u| !u.text.trim().is_empty())
        .map(|u| {
            let t: String = u.text.chars().take(240).collect();
            if t.chars().count() < u.text.chars().count() {
                format!("{t}…")
            } else {
                t
            }
        })
        .unwrap_or_else(|| "No update yet.".into());
    Row {
        id: a.id,
        plan_title: plan.title.clone(),
        href: format!("/plans/{}/actions/{}", plan.id, a.id),
        name,
        status_now: a
            .status
            .as_ref()
            .map_or("No status".into(), |s| s.label.clone()),
        last_update: last,
        // The version the person saw: sent back, or as it stands.
        version: sent.and_then(|s| s.version).unwrap_or(a.version),
        statuses,
        text: sent.map(|s| s.text.clone()).unwrap_or_default(),
        error: String::new(),
    }
}

async fn rows(
    state: &AppState,
    me: &CurrentUser,
    sent: &HashMap<Uuid, Sent>,
) -> Result<Vec<Row>, Error> {
    let mut out = Vec::new();
    for (plan, ids) in my_actions(state, me).await? {
        for id in ids {
            if let Some(a) = plan.find_action(id) {
                out.push(row(&plan, a, sent.get(&id)));
            }
        }
    }
    Ok(out)
}

#[tracing::instrument(name = "web.views.my_updates.get", skip_all)]
pub(crate) async fn get(
    State(state): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    Query(done): Query<Done>,
) -> Result<MyUpdatesPage, Error> {
    Ok(MyUpdatesPage {
        chrome: Chrome::for_user(&me, "home"),
        csrf_token: me.csrf_token.clone(),
        rows: rows(&state, &me, &HashMap::new()).await?,
        errors: FieldErrors::default(),
        saved: done.saved,
    })
}

/// The rows as sent: `text-ID`, `status-ID`, `version-ID`; anything else is ignored.
fn parse(fields: Vec<(String, String)>) -> HashMap<Uuid, Sent> {
    let mut out: HashMap<Uuid, Sent> = HashMap::new();
    for (k, v) in fields {
        let Some((field, id)) = k.split_once('-') else {
            continue;
        };
        let Ok(id) = id.parse::<Uuid>() else {
            continue;
        };
        let s = out.entry(id).or_default();
        match field {
            "text" => s.text = v.trim().to_string(),
            "status" => s.status = v.trim().to_string(),
            "version" => s.version = v.trim().parse().ok(),
            _ => {}
        }
    }
    out
}

#[tracing::instrument(name = "web.views.my_updates.post", skip_all)]
pub(crate) async fn post(
    State(state): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Error> {
    let sent = parse(fields);
    let mine = my_actions(&state, &me).await?;
    let today = state.clock.today();
    let mut errors = FieldErrors::default();
    let mut writes = Vec::new();
    for (plan, ids) in &mine {
        for id in ids {
            let (Some(s), Some(a)) = (sent.get(id), plan.find_action(*id)) else {
                continue;
            };
            let status = (!s.status.is_empty() && !signed_off(a))
                .then(|| {
                    plan.status_scheme
                        .iter()
                        .find(|x| x.label == s.status && x.meaning != Meaning::Complete)
                        .map(|x| assure_domain::StatusValue {
                            label: x.label.clone(),
                            meaning: x.meaning,
                        })
                })
                .flatten();
            let name = crate::views::naming::words(a);
            let anchor = format!("#text-{id}");
            if !s.status.is_empty() && status.is_none() && !signed_off(a) {
                errors.add_at(
                    &format!("text-{id}"),
                    &anchor,
                    format!("Choose a status from the plan's key for “{name}”"),
                );
                continue;
            }
            let changes_status = status.is_some() && status != a.status;
            if s.text.is_empty() {
                if changes_status {
                    errors.add_at(
                        &format!("text-{id}"),
                        &anchor,
                        format!("Say what has happened on “{name}” to change its status"),
                    );
                }
                continue;
            }
            if s.text.chars().count() > crate::views::update::MAX_UPDATE_CHARS {
                errors.add_at(
                    &format!("text-{id}"),
                    &anchor,
                    format!(
                        "The update on “{name}” must be {} characters or fewer",
                        crate::views::update::MAX_UPDATE_CHARS
                    ),
                );
                continue;
            }
            let version = s.version.unwrap_or(a.version);
            writes.push((
                *id,
                version,
                s.text.clone(),
                status.filter(|_| changes_status),
            ));
        }
    }
    let page = |rows, errors, saved| MyUpdatesPage {
        chrome: Chrome::for_user(&me, "home"),
        csrf_token: me.csrf_token.clone(),
        rows,
        errors,
        saved,
    };
    if !errors.is_empty() {
        let mut rs = rows(&state, &me, &sent).await?;
        for r in &mut rs {
            r.error = errors.get(&format!("text-{}", r.id)).to_string();
        }
        return Ok(invalid(page(rs, errors, None)));
    }
    if writes.is_empty() {
        errors.general("Write an update on at least one action");
        let rs = rows(&state, &me, &sent).await?;
        return Ok(invalid(page(rs, errors, None)));
    }
    let mut saved = 0;
    let mut kept_back: HashMap<Uuid, Sent> = HashMap::new();
    for (id, version, text, status) in writes {
        let mut new = NewUpdate::new(today, text.clone());
        new.status = status;
        match state
            .store
            .write_update(id, version, new, &Actor::user(&me.user))
            .await
        {
            Ok(_) => saved += 1,
            Err(StoreError::Conflict { .. }) => {
                errors.add_at(
                    &format!("text-{id}"),
                    &format!("#text-{id}"),
                    "Someone else changed this action while you were writing: check it, then save your words again",
                );
                let mut s = sent.get(&id).cloned().unwrap_or_default();
                s.version = None;
                kept_back.insert(id, s);
            }
            Err(e) => return Err(e.into()),
        }
    }
    if kept_back.is_empty() {
        return Ok(Redirect::to(&format!("/my-updates?saved={saved}")).into_response());
    }
    // The rows saved start empty again; the ones kept back keep their words.
    let mut rs = rows(&state, &me, &kept_back).await?;
    for r in &mut rs {
        r.error = errors.get(&format!("text-{}", r.id)).to_string();
    }
    Ok(crate::views::form::conflicted(page(
        rs,
        errors,
        Some(saved),
    )))
}
