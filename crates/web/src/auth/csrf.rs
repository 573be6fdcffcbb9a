//! CSRF protection for every unsafe request, checked before any handler runs.
//!
//! Two defences: the browser's own word on where the request came from (`Sec-Fetch-Site`,
//! `Origin`), and a synchronizer token from the session (or, on the sign-in form, from a
//! pre-session cookie) that a form carries as `csrf_token` — in the urlencoded body, or in
//! the query string of a multipart form (whose body we do not buffer).

use super::token::same_secret;
use crate::config::origin_of;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, Method, header};

/// The largest urlencoded form body read: forms are small; files go as multipart.
pub const MAX_FORM_BYTES: usize = 256 * 1024;

/// Why an unsafe request was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum CsrfRefusal {
    CrossSite,
    BadToken,
    TooLarge,
}

/// Whether a method changes anything.
pub fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Refuses a request the browser says came from another site.
///
/// An `Origin` must be this server's own (its host is the request's `Host`) or, when
/// Assure is configured with a public URL, that URL's origin: a reverse proxy may rewrite
/// `Host` to the address Assure listens on, while the browser names the public address.
pub fn check_origin(headers: &HeaderMap, public_origin: Option<&str>) -> Result<(), CsrfRefusal> {
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if site.is_some_and(|s| !matches!(s, "same-origin" | "none")) {
        return Err(CsrfRefusal::CrossSite);
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    if host.is_none() && public_origin.is_none() {
        // Nothing to compare with.
        return Ok(());
    }
    let Ok(origin) = origin.to_str() else {
        return Err(CsrfRefusal::CrossSite);
    };
    if origin == "null" {
        return Err(CsrfRefusal::CrossSite);
    }
    let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or("");
    let same_host = host.is_some_and(|h| origin_host.eq_ignore_ascii_case(h));
    let public = public_origin.is_some_and(|p| origin_of(origin).as_deref() == Some(p));
    if same_host || public {
        Ok(())
    } else {
        Err(CsrfRefusal::CrossSite)
    }
}

/// Checks the request's `csrf_token` against `expected`, handing back the request with
/// its body intact.
pub async fn check_token(req: Request, expected: Option<&str>) -> Result<Request, CsrfRefusal> {
    let (parts, body) = req.into_parts();
    let from_query = parts
        .uri
        .query()
        .and_then(|q| field(q.as_bytes(), "csrf_token"));
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    let (given, body) = if is_form && from_query.is_none() {
        let bytes = to_bytes(body, MAX_FORM_BYTES)
            .await
            .map_err(|_| CsrfRefusal::TooLarge)?;
        (field(&bytes, "csrf_token"), Body::from(bytes))
    } else {
        (from_query, body)
    };
    match (given, expected) {
        (Some(g), Some(e)) if same_secret(&g, e) => Ok(Request::from_parts(parts, body)),
        _ => Err(CsrfRefusal::BadToken),
    }
}

fn field(encoded: &[u8], name: &str) -> Option<String> {
    form_urlencoded::parse(encoded)
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn cross_site_requests_are_refused() {
        assert_eq!(
            check_origin(&headers(&[("sec-fetch-site", "cross-site")]), None),
            Err(CsrfRefusal::CrossSite)
        );
        assert_eq!(
            check_origin(&headers(&[("sec-fetch-site", "same-site")]), None),
            Err(CsrfRefusal::CrossSite)
        );
        assert_eq!(
            check_origin(&headers(&[("sec-fetch-site", "same-origin")]), None),
            Ok(())
        );
        assert_eq!(
            check_origin(
                &headers(&[
                    ("origin", "https://evil.example"),
                    ("host", "assure.example")
                ]),
                None
            ),
            Err(CsrfRefusal::CrossSite)
        );
        assert_eq!(
            check_origin(
                &headers(&[("origin", "null"), ("host", "assure.example")]),
                None
            ),
            Err(CsrfRefusal::CrossSite)
        );
        assert_eq!(
            check_origin(
                &headers(&[
                    ("origin", "https://assure.example"),
                    ("host", "assure.example")
                ]),
                None
            ),
            Ok(())
        );
        assert_eq!(check_origin(&HeaderMap::new(), None), Ok(()));
    }

    #[test]
    fn the_public_origin_is_accepted_when_a_proxy_rewrites_host() {
        let public = Some("https://assure.council.example");
        let proxied = headers(&[
            ("origin", "https://assure.council.example"),
            ("host", "127.0.0.1:8080"),
        ]);
        assert_eq!(check_origin(&proxied, None), Err(CsrfRefusal::CrossSite));
        assert_eq!(check_origin(&proxied, public), Ok(()));
        // As browsers may spell it: the default port, upper case.
        assert_eq!(
            check_origin(
                &headers(&[
                    ("origin", "https://Assure.Council.example:443"),
                    ("host", "127.0.0.1:8080"),
                ]),
                public
            ),
            Ok(())
        );
        // Same-host still works; anything else is still refused.
        assert_eq!(
            check_origin(
                &headers(&[
                    ("origin", "http://127.0.0.1:8080"),
                    ("host", "127.0.0.1:8080")
                ]),
                public
            ),
            Ok(())
        );
        for other in [
            "https://evil.example",
            "http://assure.council.example",
            "https://assure.council.example:8443",
            "https://assure.council.example.evil.example",
            "null",
        ] {
            let mut h = proxied.clone();
            h.insert("origin", other.parse().unwrap());
            assert_eq!(
                check_origin(&h, public),
                Err(CsrfRefusal::CrossSite),
                "{other}"
            );
            h.remove("host");
            assert_eq!(
                check_origin(&h, public),
                Err(CsrfRefusal::CrossSite),
                "{other}"
            );
        }
        let mut no_host = proxied.clone();
        no_host.remove("host");
        assert_eq!(check_origin(&no_host, public), Ok(()));
        assert_eq!(
            check_origin(
                &headers(&[("sec-fetch-site", "cross-site"), ("host", "127.0.0.1:8080")]),
                public
            ),
            Err(CsrfRefusal::CrossSite)
        );
    }

    #[tokio::test]
    async fn the_token_must_match_and_the_body_survives() {
        let form = |body: &'static str| {
            Request::post("/x")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap()
        };
        let ok = check_token(form("text=hello&csrf_token=abc"), Some("abc"))
            .await
            .unwrap();
        let body = to_bytes(ok.into_body(), 1024).await.unwrap();
        assert_eq!(&body[..], b"text=hello&csrf_token=abc");
        assert!(
            check_token(form("text=hello&csrf_token=abd"), Some("abc"))
                .await
                .is_err()
        );
        assert!(check_token(form("text=hello"), Some("abc")).await.is_err());
        assert!(check_token(form("csrf_token=abc"), None).await.is_err());
        let multipart = Request::post("/x?csrf_token=abc")
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=x")
            .body(Body::from("--x--"))
            .unwrap();
        assert!(check_token(multipart, Some("abc")).await.is_ok());
        let huge = "a".repeat(MAX_FORM_BYTES + 10);
        let big = Request::post("/x")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(huge))
            .unwrap();
        assert_eq!(
            check_token(big, Some("abc")).await.unwrap_err(),
            CsrfRefusal::TooLarge
        );
    }
}
