//! One module per page; each exposes `get` (and `post` where the page has a form) and
//! `routes()`, its entries of the route table with the access each needs.

pub(crate) mod assets;
pub(crate) mod chrome;
pub(crate) mod login;
pub(crate) mod plan;
pub(crate) mod plans;

use crate::Error;
use crate::routes::{Access, RouteDef, only};
use assure_domain::roles::Permission;
use axum::http::Method;

/// The whole route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    let r = |method: Method, path, access, handler| RouteDef {
        method,
        path,
        access,
        handler,
    };
    vec![
        r(
            Method::GET,
            "/assets/{*path}",
            Access::Public,
            only(Method::GET, crate::assets::serve),
        ),
        r(
            Method::GET,
            "/healthz",
            Access::Public,
            only(Method::GET, assets::healthz),
        ),
        r(
            Method::GET,
            "/login",
            Access::Public,
            only(Method::GET, login::get),
        ),
        r(
            Method::POST,
            "/login",
            Access::Public,
            only(Method::POST, login::post),
        ),
        r(
            Method::POST,
            "/logout",
            Access::SignedIn,
            only(Method::POST, login::logout),
        ),
        r(
            Method::GET,
            "/",
            Access::SignedIn,
            only(Method::GET, plans::get),
        ),
        r(
            Method::GET,
            "/plans",
            Access::SignedIn,
            only(Method::GET, plans::get),
        ),
        r(
            Method::GET,
            "/plans/{plan_id}",
            Access::Plan(Permission::ViewPlan),
            only(Method::GET, plan::get),
        ),
    ]
}

/// Any path no route matches.
pub(crate) async fn not_found() -> Error {
    Error::NotFound
}
