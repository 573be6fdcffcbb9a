//! Dismissing a finding: a page that shows the finding and asks why it does not apply.
//! Only the plan's owners (and admins) and the action's leads may; the reason is
//! required. What is dismissed is the finding as the person saw it: the form carries the
//! fingerprint of its cells, and if they changed meanwhile the page comes back (409)
//! with the finding as it is now.

use super::findings::{Checked, checked, fingerprint_of};
use super::view::{FindingView, Presenter};
use crate::auth::CurrentUser;
use crate::components::Link;
use crate::routing::{Access, PlanAccess, RouteDef, form_routes};
use crate::views::chrome::Chrome;
use crate::views::form::{FieldErrors, conflicted, invalid};
use crate::views::locate::{ActionPath, Located, locate};
use crate::views::page::PlanPage;
use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::input::MAX_NOTE_CHARS;
use assure_domain::model::Actor;
use assure_domain::roles::Permission;
use assure_store::{NewDismissal, StoreError};
use axum::Form;
use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// The dismiss page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    form_routes(
        "/plans/{plan_id}/actions/{action_id}/dismiss",
        Access::Plan(Permission::DismissFinding),
        get,
        post,
    )
    .into()
}

/// Which finding (its check's code) and where to go back to, as the link names them.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Which {
    #[serde(default)]
    code: String,
    #[serde(default)]
    from: String,
}

/// The form as sent.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct DismissForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    fingerprint: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    from: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "dismiss.html")]
pub(crate) struct DismissPage {
    chrome: Chrome,
    csrf_token: String,
    breadcrumbs: Vec<Link>,
    post_url: String,
    back_url: String,
    finding: FindingView,
    code: String,
    fingerprint: String,
    from: &'static str,
    reason: String,
    errors: FieldErrors,
}

/// Where the person came from: the action's page, or (by default) the Checks page.
fn from(s: &str) -> &'static str {
    if s == "action" { "action" } else { "checks" }
}

fn back_url(located: &Located, from: &str) -> String {
    match from {
        "action" => format!("{}#findings", located.action_url()),
        _ => format!("/plans/{}/checks", located.plan.id),
    }
}

/// The action found and the person allowed to dismiss findings on it (a lead only on
/// the actions they lead: 403 otherwise).
async fn allowed(
    state: &AppState,
    access: &PlanAccess,
    me: &CurrentUser,
    path: &ActionPath,
) -> Result<Located, Error> {
    let located = locate(state, access, path.action_id).await?;
    access.require(
        Permission::DismissFinding,
        located.action().is_led_by(me.user.id),
    )?;
    Ok(located)
}

/// The page for the finding of `code` on the located action, if the checks give it now
/// and no dismissal holds for it.
#[allow(clippy::too_many_arguments)]
fn page(
    me: &CurrentUser,
    access: &PlanAccess,
    located: &Located,
    found: &Checked,
    code: &str,
    from: &'static str,
    reason: String,
    errors: FieldErrors,
) -> Option<DismissPage> {
    let action = located.action();
    let placed = found.find(action.id, code).filter(|p| p.dismissable())?;
    let present = Presenter {
        plan: &located.plan,
        access,
        me: me.user.id,
        back: from,
    };
    let mut breadcrumbs = located.breadcrumbs(false);
    breadcrumbs.push(Link::text("Dismiss a finding"));
    // This page is the dismissing: the card does not link to it again.
    let mut finding = present.view(1, placed);
    finding.dismiss = None;
    Some(DismissPage {
        chrome: Chrome::for_user(me, "plans"),
        csrf_token: me.csrf_token.clone(),
        breadcrumbs,
        post_url: format!("{}/dismiss", located.action_url()),
        back_url: back_url(located, from),
        finding,
        code: placed.finding.code.clone(),
        fingerprint: fingerprint_of(&located.plan, placed).unwrap_or_default(),
        from,
        reason,
        errors,
    })
}

#[tracing::instrument(name = "web.views.checks.dismiss_get", skip_all)]
pub(crate) async fn get(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<ActionPath>,
    Query(which): Query<Which>,
) -> Result<Response, Error> {
    let located = allowed(&state, &access, &me, &path).await?;
    let found = checked(&state, &located.plan).await?;
    let from = from(&which.from);
    // A finding that is not there (fixed, already dismissed, or never was) has nothing
    // to dismiss: back to where the person came from.
    Ok(
        match page(
            &me,
            &access,
            &located,
            &found,
            &which.code,
            from,
            String::new(),
            FieldErrors::default(),
        ) {
            Some(p) => p.into_response(),
            None => Redirect::to(&back_url(&located, from)).into_response(),
        },
    )
}

#[tracing::instrument(name = "web.views.checks.dismiss_post", skip_all)]
pub(crate) async fn post(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<ActionPath>,
    Form(form): Form<DismissForm>,
) -> Result<Response, Error> {
    let located = allowed(&state, &access, &me, &path).await?;
    let found = checked(&state, &located.plan).await?;
    let from = from(&form.from);
    let reason = form.reason.trim().to_string();
    let mut errors = FieldErrors::default();
    if reason.is_empty() {
        errors.add("reason", "Enter why this finding does not apply");
    } else if reason.chars().count() > MAX_NOTE_CHARS {
        errors.add(
            "reason",
            format!("The reason must be {MAX_NOTE_CHARS} characters or fewer"),
        );
    }
    let again = |located: &Located, found: &Checked, errors: FieldErrors| {
        page(
            &me,
            &access,
            located,
            found,
            &form.code,
            from,
            form.reason.clone(),
            errors,
        )
    };
    if !errors.is_empty() {
        return Ok(match again(&located, &found, errors) {
            Some(p) => invalid(p),
            None => Redirect::to(&back_url(&located, from)).into_response(),
        });
    }
    if found.find(located.action().id, &form.code).is_none() {
        return Ok(Redirect::to(&back_url(&located, from)).into_response());
    }
    let saved = state
        .store
        .dismiss_finding(
            NewDismissal {
                action_id: located.action().id,
                code: &form.code,
                seen_fingerprint: &form.fingerprint,
                reason: &reason,
            },
            &Actor::user(&me.user),
        )
        .await;
    match saved {
        Ok(_) => {
            let back = back_url(&located, from);
            let (to, anchor) = back.split_once('#').unwrap_or((&back, ""));
            let anchor = if anchor.is_empty() {
                String::new()
            } else {
                format!("#{anchor}")
            };
            Ok(Redirect::to(&format!("{to}?done=dismissed{anchor}")).into_response())
        }
        Err(e @ (StoreError::Conflict { .. } | StoreError::Invalid(_))) => {
            let conflict = matches!(e, StoreError::Conflict { .. });
            let message = match e {
                StoreError::Invalid(m) => m,
                _ => "The action changed while you were writing. Check the finding as it is now, then dismiss it again."
                    .into(),
            };
            let fresh = locate(&state, &access, path.action_id).await?;
            let found = checked(&state, &fresh.plan).await?;
            Ok(match again(&fresh, &found, FieldErrors::only(message)) {
                Some(p) if conflict => conflicted(p),
                Some(p) => invalid(p),
                None => Redirect::to(&back_url(&fresh, from)).into_response(),
            })
        }
        Err(e) => Err(e.into()),
    }
}
