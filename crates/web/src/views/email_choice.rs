//! How often a person is emailed about what waits on them: each time, a daily or weekly
//! digest, or not at all. The owner's escalation is sent whatever they choose, and the
//! home page shows everything either way.

use crate::auth::CurrentUser;
use crate::components::Choice;
use crate::routing::{Access, RouteDef, form_routes};
use crate::views::chrome::Chrome;
use crate::views::form::{FieldErrors, invalid};
use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::model::Actor;
use assure_domain::reminders::Frequency;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    form_routes("/account/email", Access::SignedIn, get, post).into()
}

#[derive(Deserialize, Default)]
pub(crate) struct ChoiceForm {
    #[serde(default)]
    frequency: String,
}

#[derive(Deserialize, Default)]
pub(crate) struct Done {
    saved: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "account_email.html")]
pub(crate) struct EmailPage {
    chrome: Chrome,
    csrf_token: String,
    hint: String,
    choices: Vec<Choice>,
    errors: FieldErrors,
    saved: bool,
}

fn page(me: &CurrentUser, current: &str, errors: FieldErrors) -> EmailPage {
    EmailPage {
        chrome: Chrome::for_user(me, ""),
        csrf_token: me.csrf_token.clone(),
        hint: format!(
            "About updates due from you, actions waiting for your sign-off and impact checks, sent to {}. Your home page shows them whatever you choose. If you own a plan, you are always told who has not updated by a round's deadline.",
            me.user.email
        ),
        choices: Frequency::ALL
            .into_iter()
            .map(|f| Choice::new(f.as_str(), f.describe()).checked_if(current))
            .collect(),
        errors,
        saved: false,
    }
}

#[tracing::instrument(name = "web.views.email_choice.get", skip_all)]
pub(crate) async fn get(
    State(state): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    Query(done): Query<Done>,
) -> Result<EmailPage, Error> {
    let current = state.store.email_frequency(me.user.id).await?;
    let mut p = page(&me, current.as_str(), FieldErrors::default());
    p.saved = done.saved.is_some();
    Ok(p)
}

#[tracing::instrument(name = "web.views.email_choice.post", skip_all)]
pub(crate) async fn post(
    State(state): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    Form(form): Form<ChoiceForm>,
) -> Result<Response, Error> {
    let Some(frequency) = Frequency::parse(form.frequency.trim()) else {
        let mut errors = FieldErrors::default();
        errors.add("frequency", "Choose how often Assure emails you");
        return Ok(invalid(page(&me, "", errors)));
    };
    state
        .store
        .set_email_frequency(me.user.id, frequency, &Actor::user(&me.user))
        .await?;
    Ok(Redirect::to("/account/email?saved=1").into_response())
}
