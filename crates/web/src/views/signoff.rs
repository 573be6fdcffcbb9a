//! Sign-off: a lead proposes an action complete; an owner, seeing the evidence and the
//! proposal, signs it off (never their own proposal, never without evidence); a signed-off
//! action's impact is re-checked, confirming it or reopening the action with a reason.
//! Refusals show the domain's own words in an error summary.

use crate::Error;
use crate::auth::CurrentUser;
use crate::components::{Choice, Link};
use crate::routing::{Access, RouteDef, only};
use crate::views::chrome::Chrome;
use crate::views::evidence::{EvidenceView, evidence_views};
use crate::views::form::{FieldErrors, invalid};
use crate::views::format::moment;
use crate::views::locate::{ActionPath, Located, locate};
use crate::views::page::PlanPage;
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::model::Actor;
use assure_domain::roles::Permission;
use assure_domain::signoff;
use assure_store::StoreError;
use axum::Form;
use axum::extract::Path;
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// The longest note or reason accepted: the store's limit, checked here first to say
/// which field is wrong.
const MAX_NOTE_CHARS: usize = assure_domain::input::MAX_NOTE_CHARS;

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    let r = |method: Method, path, p, handler| RouteDef {
        method,
        path,
        access: Access::Plan(p),
        handler,
    };
    let sign_off = "/plans/{plan_id}/actions/{action_id}/sign-off";
    let impact = "/plans/{plan_id}/actions/{action_id}/impact-check";
    vec![
        r(
            Method::POST,
            "/plans/{plan_id}/actions/{action_id}/propose",
            Permission::ProposeComplete,
            only(Method::POST, propose),
        ),
        r(
            Method::GET,
            sign_off,
            Permission::SignOff,
            only(Method::GET, get_sign_off),
        ),
        r(
            Method::POST,
            sign_off,
            Permission::SignOff,
            only(Method::POST, post_sign_off),
        ),
        r(
            Method::GET,
            impact,
            Permission::RecordImpactCheck,
            only(Method::GET, get_impact),
        ),
        r(
            Method::POST,
            impact,
            Permission::RecordImpactCheck,
            only(Method::POST, post_impact),
        ),
    ]
}

/// The refusal text of a store error, when it is one people should read.
fn refusal(e: StoreError) -> Result<String, Error> {
    match e {
        StoreError::Invalid(m) => Ok(m),
        StoreError::Conflict { .. } => Ok(
            "Someone else changed this action while you were looking at it. Check it below, then try again."
                .into(),
        ),
        other => Err(other.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "signoff.html")]
pub(crate) struct SignOffPage {
    chrome: Chrome,
    csrf_token: String,
    breadcrumbs: Vec<Link>,
    heading: &'static str,
    action_url: String,
    action_text: String,
    version: i64,
    evidence: Vec<EvidenceView>,
    proposal: Option<String>,
    note: Option<String>,
    errors: FieldErrors,
    /// Whether to offer the sign-off button.
    can_sign: bool,
    /// Sub-actions still open under it (words, link): signing off asks to confirm.
    open_subs: Vec<(String, String)>,
    /// The approver's note as typed, sent back with an error.
    signoff_note: String,
}

fn sign_off_page(
    me: &CurrentUser,
    located: &Located,
    heading: &'static str,
    errors: FieldErrors,
) -> SignOffPage {
    let action = located.action();
    let mut breadcrumbs = located.breadcrumbs(false);
    breadcrumbs.push(Link::text(heading));
    let refused_now = signoff::can_sign_off_action(action, &Actor::user(&me.user)).err();
    SignOffPage {
        chrome: Chrome::for_user(me, "plans"),
        csrf_token: me.csrf_token.clone(),
        breadcrumbs,
        heading,
        action_url: located.action_url(),
        action_text: crate::views::naming::words(action),
        version: action.version,
        evidence: evidence_views(located.plan.id, action),
        proposal: action.signoff.as_ref().map(|s| {
            format!(
                "Proposed complete by {} on {}",
                s.proposed_by.label,
                moment(s.proposed_at)
            )
        }),
        note: action
            .signoff
            .as_ref()
            .and_then(|s| s.proposal_note.clone())
            .filter(|n| !n.trim().is_empty()),
        errors: if errors.is_empty() {
            let mut now = FieldErrors::default();
            if let Some(r) = &refused_now {
                now.general(r.to_string());
            }
            now
        } else {
            errors
        },
        can_sign: refused_now.is_none() && heading == "Sign off",
        open_subs: signoff::open_sub_actions(action)
            .into_iter()
            .map(|c| {
                let words = match &c.r#ref {
                    Some(r) if !r.trim().is_empty() => {
                        format!("{r} {}", crate::views::naming::words(c))
                    }
                    _ => crate::views::naming::words(c),
                };
                (
                    words,
                    format!("/plans/{}/actions/{}", located.plan.id, c.id),
                )
            })
            .collect(),
        signoff_note: String::new(),
    }
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ProposeForm {
    #[serde(default)]
    note: String,
    #[serde(default)]
    version: i64,
}

#[tracing::instrument(name = "web.views.signoff.propose", skip_all)]
pub(crate) async fn propose(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<ActionPath>,
    Form(form): Form<ProposeForm>,
) -> Result<Response, Error> {
    let located = locate(&state, &access, path.action_id).await?;
    access.require(
        Permission::ProposeComplete,
        located.action().is_led_by(me.user.id),
    )?;
    let note = form.note.trim();
    if note.chars().count() > MAX_NOTE_CHARS {
        // The note is written on the action page: the summary says what was wrong.
        let errors = FieldErrors::only(format!(
            "The note must be {MAX_NOTE_CHARS} characters or fewer"
        ));
        let p = sign_off_page(&me, &located, "Propose complete", errors);
        return Ok(invalid(p));
    }
    let note = (!note.is_empty()).then_some(note);
    match state
        .store
        .propose_complete(
            located.action().id,
            form.version,
            note,
            &Actor::user(&me.user),
        )
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?done=proposed", located.action_url())).into_response())
        }
        Err(e) => {
            let message = refusal(e)?;
            let fresh = locate(&state, &access, path.action_id).await?;
            let p = sign_off_page(&me, &fresh, "Propose complete", FieldErrors::only(message));
            Ok(invalid(p))
        }
    }
}

#[tracing::instrument(name = "web.views.signoff.get", skip_all)]
pub(crate) async fn get_sign_off(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<ActionPath>,
) -> Result<SignOffPage, Error> {
    let located = locate(&state, &access, path.action_id).await?;
    Ok(sign_off_page(
        &me,
        &located,
        "Sign off",
        FieldErrors::default(),
    ))
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct SignOffForm {
    #[serde(default)]
    version: i64,
    #[serde(default)]
    note: String,
    /// "yes": signing off although sub-actions are open.
    #[serde(default)]
    confirm_open: String,
}

#[tracing::instrument(name = "web.views.signoff.post", skip_all)]
pub(crate) async fn post_sign_off(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<ActionPath>,
    Form(form): Form<SignOffForm>,
) -> Result<Response, Error> {
    let located = locate(&state, &access, path.action_id).await?;
    let note = form.note.trim();
    let mut errors = FieldErrors::default();
    if note.chars().count() > MAX_NOTE_CHARS {
        errors.add(
            "note",
            format!("The note must be {MAX_NOTE_CHARS} characters or fewer"),
        );
    }
    let open = signoff::open_sub_actions(located.action()).len();
    if open > 0 && form.confirm_open != "yes" {
        errors.add(
            "confirm_open",
            format!(
                "Confirm that you are signing this action off although {} {} under it {} still open",
                open,
                if open == 1 { "sub-action" } else { "sub-actions" },
                if open == 1 { "is" } else { "are" },
            ),
        );
    }
    if !errors.is_empty() {
        let mut p = sign_off_page(&me, &located, "Sign off", errors);
        p.signoff_note = note.to_string();
        return Ok(invalid(p));
    }
    let note = (!note.is_empty()).then_some(note);
    match state
        .store
        .sign_off(
            located.action().id,
            form.version,
            note,
            &Actor::user(&me.user),
        )
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?done=signed-off", located.action_url())).into_response())
        }
        Err(e) => {
            let message = refusal(e)?;
            let fresh = locate(&state, &access, path.action_id).await?;
            let p = sign_off_page(&me, &fresh, "Sign off", FieldErrors::only(message));
            Ok(invalid(p))
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ImpactForm {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    version: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "impact.html")]
pub(crate) struct ImpactPage {
    chrome: Chrome,
    csrf_token: String,
    breadcrumbs: Vec<Link>,
    action_url: String,
    action_text: String,
    version: i64,
    due: Option<String>,
    outcomes: Vec<Choice>,
    reason: String,
    errors: FieldErrors,
}

fn impact_page(
    me: &CurrentUser,
    located: &Located,
    form: ImpactForm,
    errors: FieldErrors,
    refused: Option<String>,
) -> ImpactPage {
    let action = located.action();
    let mut breadcrumbs = located.breadcrumbs(false);
    breadcrumbs.push(Link::text("Record impact check"));
    let mut errors = errors;
    if let Some(r) = refused {
        errors.general(r);
    }
    ImpactPage {
        chrome: Chrome::for_user(me, "plans"),
        csrf_token: me.csrf_token.clone(),
        breadcrumbs,
        action_url: located.action_url(),
        action_text: crate::views::naming::words(action),
        version: if form.version == 0 {
            action.version
        } else {
            form.version
        },
        due: action
            .signoff
            .as_ref()
            .and_then(|s| s.impact_check_due)
            .map(crate::views::format::day),
        outcomes: vec![
            Choice::new("confirm", "Impact confirmed")
                .hint("The change has lasted; the next check is due an interval from today.")
                .checked_if(&form.outcome),
            Choice::new("reopen", "Reopen the action")
                .hint("The impact has not lasted; the action goes back into the plan as at risk.")
                .checked_if(&form.outcome),
        ],
        reason: form.reason,
        errors,
    }
}

#[tracing::instrument(name = "web.views.signoff.get_impact", skip_all)]
pub(crate) async fn get_impact(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<ActionPath>,
) -> Result<ImpactPage, Error> {
    let located = locate(&state, &access, path.action_id).await?;
    let refused = located
        .action()
        .signoff
        .as_ref()
        .filter(|s| s.is_signed_off())
        .is_none()
        .then(|| signoff::SignOffRefusal::NotSignedOff.to_string());
    Ok(impact_page(
        &me,
        &located,
        ImpactForm::default(),
        FieldErrors::default(),
        refused,
    ))
}

#[tracing::instrument(name = "web.views.signoff.post_impact", skip_all)]
pub(crate) async fn post_impact(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<ActionPath>,
    Form(form): Form<ImpactForm>,
) -> Result<Response, Error> {
    let located = locate(&state, &access, path.action_id).await?;
    let mut errors = FieldErrors::default();
    let confirmed = match form.outcome.as_str() {
        "confirm" => true,
        "reopen" => false,
        _ => {
            errors.add(
                "outcome",
                "Select whether the impact is confirmed or the action reopened",
            );
            false
        }
    };
    let reason = form.reason.trim().to_string();
    if form.outcome == "reopen" && reason.is_empty() {
        errors.add("reason", signoff::SignOffRefusal::NoReason.to_string());
    } else if reason.chars().count() > MAX_NOTE_CHARS {
        errors.add(
            "reason",
            format!("The reason must be {MAX_NOTE_CHARS} characters or fewer"),
        );
    }
    if errors.has("outcome") || errors.has("reason") {
        let p = impact_page(&me, &located, form, errors, None);
        return Ok(invalid(p));
    }
    let note = (!reason.is_empty()).then_some(reason.as_str());
    match state
        .store
        .record_impact_check(
            located.action().id,
            form.version,
            confirmed,
            note,
            &Actor::user(&me.user),
        )
        .await
    {
        Ok(_) => {
            let done = if confirmed {
                "impact-confirmed"
            } else {
                "reopened"
            };
            Ok(Redirect::to(&format!("{}?done={done}", located.action_url())).into_response())
        }
        Err(e) => {
            let message = refusal(e)?;
            let fresh = locate(&state, &access, path.action_id).await?;
            let p = impact_page(&me, &fresh, form, FieldErrors::default(), Some(message));
            Ok(invalid(p))
        }
    }
}
