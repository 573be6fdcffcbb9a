//! Every route, the access it needs, and the guard that enforces it.
//!
//! Deny by default: a route exists only as an entry of [`table`], and each entry names its
//! [`Access`]. The guard runs before the handler on every route: it resolves the session,
//! refuses what the person's roles do not allow, and checks CSRF on every unsafe request.
//! The same table drives the test that walks every route for every role.

use crate::auth::{self, CurrentUser, csrf};
use crate::{AppState, Error};
use assure_domain::model::OrgRole;
use assure_domain::roles::{Permission, PlanRole, allows};
use axum::RequestExt;
use axum::Router;
use axum::extract::{RawPathParams, Request, State};
use axum::http::Method;
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodFilter, MethodRouter, on};
use axum_extra::extract::CookieJar;
use uuid::Uuid;

/// What a route needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (sign-in page, stylesheet, health check).
    Public,
    /// Any signed-in person.
    SignedIn,
    /// A permission on the plan named by the `{plan_id}` path parameter.
    Plan(Permission),
    /// A permission across the person's organisation.
    Org(Permission),
}

/// One route of the table.
pub struct RouteDef {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    pub handler: MethodRouter<AppState>,
}

impl RouteDef {
    /// A page: `GET path`.
    pub fn get<H, T>(path: &'static str, access: Access, handler: H) -> Self
    where
        H: axum::handler::Handler<T, AppState>,
        T: 'static,
    {
        Self {
            method: Method::GET,
            path,
            access,
            handler: only(Method::GET, handler),
        }
    }

    /// A form's target: `POST path`.
    pub fn post<H, T>(path: &'static str, access: Access, handler: H) -> Self
    where
        H: axum::handler::Handler<T, AppState>,
        T: 'static,
    {
        Self {
            method: Method::POST,
            path,
            access,
            handler: only(Method::POST, handler),
        }
    }
}

/// The plan-level access a guarded request was granted, for handlers to refine (a lead
/// may update only the actions they lead).
#[derive(Debug, Clone, Copy)]
pub struct PlanAccess {
    pub plan_id: Uuid,
    pub org_role: OrgRole,
    pub plan_role: Option<PlanRole>,
}

impl PlanAccess {
    /// Whether the person may do `p` here, given whether they lead the action concerned.
    pub fn allows(&self, p: Permission, leads_action: bool) -> bool {
        allows(self.org_role, self.plan_role, leads_action, p)
    }

    /// As [`allows`](Self::allows), as a result.
    ///
    /// # Errors
    /// [`Error::Forbidden`] when not allowed.
    pub fn require(&self, p: Permission, leads_action: bool) -> Result<(), Error> {
        if self.allows(p, leads_action) {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }
}

/// Builds the router from the table, each route behind its guard.
pub fn build(state: &AppState, table: Vec<RouteDef>) -> Router<AppState> {
    let mut router = Router::new();
    for def in table {
        let access = def.access;
        let template = def.path;
        let guarded = def.handler.route_layer(from_fn_with_state(
            state.clone(),
            move |State(s): State<AppState>, req: Request, next: Next| {
                guard(s, access, template, req, next)
            },
        ));
        router = router.route(def.path, guarded);
    }
    router
}

/// The two routes of a page with a form: GET draws it, POST takes it, with one access.
pub fn form_routes<G, GT, P, PT>(
    path: &'static str,
    access: Access,
    get: G,
    post: P,
) -> [RouteDef; 2]
where
    G: axum::handler::Handler<GT, AppState>,
    GT: 'static,
    P: axum::handler::Handler<PT, AppState>,
    PT: 'static,
{
    [
        RouteDef::get(path, access, get),
        RouteDef::post(path, access, post),
    ]
}

/// A `MethodRouter` that answers only `m`.
pub fn only<H, T>(m: Method, handler: H) -> MethodRouter<AppState>
where
    H: axum::handler::Handler<T, AppState>,
    T: 'static,
{
    let filter = MethodFilter::try_from(m).unwrap_or(MethodFilter::GET);
    on(filter, handler)
}

async fn guard(
    state: AppState,
    access: Access,
    template: &'static str,
    mut req: Request,
    next: Next,
) -> Response {
    let started = std::time::Instant::now();
    let method = req.method().clone();
    let admitted = admit(&state, access, &mut req).await;
    let person = req.extensions().get::<CurrentUser>().map(|u| u.user.id);
    // A session whose expiry this request slid gets its cookie again, whatever the answer.
    let renewal = auth::renewal(&state, &req);
    let res = match admitted {
        Ok(()) => checked(&state, req, next).await,
        Err(resp) => resp,
    };
    // The access log: the route's template, never the path's ids, queries, tokens or
    // form values.
    tracing::info!(
        target: "assure::access",
        %method,
        path = template,
        status = res.status().as_u16(),
        ms = started.elapsed().as_secs_f64() * 1000.0,
        person = ?person,
        "request"
    );
    auth::with_renewal(res, renewal)
}

/// Checks CSRF on an unsafe request, then runs the handler.
async fn checked(state: &AppState, mut req: Request, next: Next) -> Response {
    if csrf::is_unsafe(req.method()) {
        let session = req
            .extensions()
            .get::<CurrentUser>()
            .map(|u| u.session_hash.clone());
        let peer = req
            .extensions()
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0);
        let address = auth::client::client_ip(peer, req.headers(), &state.config.trusted_proxies);
        let upload = auth::limits::is_upload(req.uri().path());
        if let Err(limited) = state.limits.check(session.as_deref(), address, upload) {
            tracing::warn!(?limited, client = ?address, path = req.uri().path(), "rate limited");
            return Error::TooManyRequests.into_response();
        }
        let public_origin = state.config.public_origin();
        if csrf::check_origin(req.headers(), public_origin.as_deref()).is_err() {
            return Error::Forbidden.into_response();
        }
        let expected = match req.extensions().get::<CurrentUser>() {
            Some(u) => Some(u.csrf_secret.clone()),
            None => CookieJar::from_headers(req.headers())
                .get(auth::LOGIN_CSRF_COOKIE)
                .map(|c| c.value().to_string()),
        };
        req = match csrf::check_token(req, expected.as_deref()).await {
            Ok(r) => r,
            Err(csrf::CsrfRefusal::TooLarge) => return Error::TooLarge.into_response(),
            Err(_) => return Error::FormExpired.into_response(),
        };
    }
    next.run(req).await
}

/// Resolves the person and checks the route's access, recording both in the request.
async fn admit(state: &AppState, access: Access, req: &mut Request) -> Result<(), Response> {
    let jar = CookieJar::from_headers(req.headers());
    let user = auth::current_user(state, &jar)
        .await
        .map_err(IntoResponse::into_response)?;
    if let Some(u) = &user {
        req.extensions_mut().insert(u.clone());
    }
    let signed_in = match (access, &user) {
        (Access::Public, _) => return Ok(()),
        (_, None) => return Err(to_sign_in(req)),
        (_, Some(u)) => u,
    };
    match access {
        Access::Public | Access::SignedIn => Ok(()),
        Access::Org(p) => {
            if allows(signed_in.user.role, None, false, p) {
                Ok(())
            } else {
                Err(Error::Forbidden.into_response())
            }
        }
        Access::Plan(p) => {
            let plan_id = plan_id(req)
                .await
                .ok_or_else(|| Error::NotFound.into_response())?;
            // At most one indexed read (none when read a moment ago, `recent.rs`): the
            // plan's organisation and the person's role on it.
            // Another council's plan, or one the person has no role on, does not exist
            // as far as they can tell.
            let Some((_, plan_role)) = crate::recent::plan_access(state, plan_id, &signed_in.user)
                .await
                .map_err(|e| Error::from(e).into_response())?
            else {
                return Err(Error::NotFound.into_response());
            };
            let granted = PlanAccess {
                plan_id,
                org_role: signed_in.user.role,
                plan_role,
            };
            // A lead may do lead things only on actions they lead: the handler checks that;
            // here the question is whether this role could ever do it on this plan.
            if !granted.allows(p, true) {
                return Err(Error::Forbidden.into_response());
            }
            req.extensions_mut().insert(granted);
            Ok(())
        }
    }
}

async fn plan_id(req: &mut Request) -> Option<Uuid> {
    let params: RawPathParams = req.extract_parts().await.ok()?;
    params
        .iter()
        .find(|(k, _)| *k == "plan_id")
        .and_then(|(_, v)| Uuid::parse_str(v).ok())
}

fn to_sign_in(req: &Request) -> Response {
    if csrf::is_unsafe(req.method()) {
        return Error::SignInAgain.into_response();
    }
    let next = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let target = format!(
        "/login?next={}",
        form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
    );
    Redirect::to(&target).into_response()
}
