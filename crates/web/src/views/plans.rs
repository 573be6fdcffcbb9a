//! The list of plans.

use crate::auth::CurrentUser;
use crate::views::chrome::Chrome;
use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::model::PlanSummary;
use assure_domain::roles::{Permission, allows};
use axum::Extension;
use axum::extract::State;

#[derive(Template, WebTemplate)]
#[template(path = "plans.html")]
pub(crate) struct PlansPage {
    chrome: Chrome,
    plans: Vec<PlanSummary>,
    can_import: bool,
}

#[tracing::instrument(name = "web.views.plans.get", skip_all)]
pub(crate) async fn get(
    State(state): State<AppState>,
    Extension(me): Extension<CurrentUser>,
) -> Result<PlansPage, Error> {
    let plans = state.store.plans_for_user(&me.user).await?;
    Ok(PlansPage {
        chrome: Chrome::for_user(&me, "plans"),
        plans,
        can_import: allows(me.user.role, None, false, Permission::ImportPlan),
    })
}
