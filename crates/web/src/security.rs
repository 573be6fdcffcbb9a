//! Headers every response carries: no framing, no sniffing, no inline script, no referrer
//! leaking plan ids to other sites; no copy of a page kept by the browser or a proxy
//! (council offices share computers, and the back button after signing out must not show
//! a plan); and, when Assure is reached over HTTPS, HSTS.

use crate::WebConfig;
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::{Next, from_fn};
use axum::response::Response;
use tower_http::set_header::SetResponseHeaderLayer;

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// A year; without `includeSubDomains` or `preload`, which are the council's to choose for
/// its whole domain.
const HSTS: &str = "max-age=31536000";

pub(crate) fn headers(app: Router, config: &WebConfig) -> Router {
    let set = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    };
    let app = app
        .layer(from_fn(no_store))
        .layer(set(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(header::X_FRAME_OPTIONS, "DENY"))
        .layer(set(header::REFERRER_POLICY, "same-origin"))
        .layer(set(
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=()",
        ));
    if config.hsts() {
        app.layer(set(header::STRICT_TRANSPORT_SECURITY, HSTS))
    } else {
        app
    }
}

/// `Cache-Control: no-store` on everything but the static assets, which set their own
/// (long and immutable for content-hashed URLs). A response that already says `no-store`
/// (an evidence download: `private, no-store`) keeps its own wording.
async fn no_store(req: Request, next: Next) -> Response {
    let asset = req.uri().path().starts_with("/assets/");
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    let own = headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok());
    let keep = match own {
        Some(v) => asset || v.to_ascii_lowercase().contains("no-store"),
        None => false,
    };
    if !keep {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}
