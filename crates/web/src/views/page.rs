//! [`PlanPage`]: what every page of one plan starts from — the app state, the access
//! the guard granted on the plan, and the signed-in person — taken from the request in
//! one extractor instead of three. Handlers take it apart in their signature:
//! `PlanPage { state, access, me }: PlanPage`.

use crate::auth::CurrentUser;
use crate::routing::PlanAccess;
use crate::{AppState, Error};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

/// A request for a page of one plan, admitted by the guard.
pub(crate) struct PlanPage {
    pub state: AppState,
    pub access: PlanAccess,
    pub me: CurrentUser,
}

impl FromRequestParts<AppState> for PlanPage {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        // The guard puts both in every request it admits to a plan route; their absence
        // means a route declared without plan access, which is not this page's.
        let access = parts
            .extensions
            .get::<PlanAccess>()
            .copied()
            .ok_or(Error::NotFound)?;
        let me = parts
            .extensions
            .get::<CurrentUser>()
            .cloned()
            .ok_or(Error::SignInAgain)?;
        Ok(PlanPage {
            state: state.clone(),
            access,
            me,
        })
    }
}
