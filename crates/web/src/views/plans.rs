//! The list of plans.

use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::model::PlanSummary;
use axum::extract::State;

#[derive(Template, WebTemplate)]
#[template(path = "plans.html")]
pub(crate) struct PlansPage {
    plans: Vec<PlanSummary>,
}

#[tracing::instrument(name = "web.views.plans.get", skip_all)]
pub(crate) async fn get(State(state): State<AppState>) -> Result<PlansPage, Error> {
    let plans = state.store.plans(None).await?;
    Ok(PlansPage { plans })
}
