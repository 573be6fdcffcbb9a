//! CSRF protection for every unsafe request, checked before any handler runs.
//!
//! Two defences: the browser's own word on where the request came from (`Sec-Fetch-Site`,
//! `Origin`), and a synchronizer token from the session (or, on the sign-in form, from a
//! pre-session cookie) that every form carries as its first field, `csrf_token`: in the
//! urlencoded body, or as the first part of a multipart body (only that part is read
//! before the handler; the file after it streams on). Never from the URL, which lands in
//! proxy logs.
//!
//! Pages are compressed, so a secret repeated in every page could be guessed a byte at a
//! time from compressed sizes (BREACH). Forms therefore carry the token masked afresh
//! for each response ([`mask`]): a one-time pad and the token XOR that pad, so no two
//! pages hold the same bytes.

use super::token::same_secret;
use crate::config::origin_of;
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, Method, header};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use futures_util::StreamExt;

/// The largest urlencoded form body read: forms are small; files go as multipart.
pub const MAX_FORM_BYTES: usize = 256 * 1024;

/// How much of a multipart body is read to find its first part, the token.
const MAX_MULTIPART_PREFIX: usize = 16 * 1024;

/// The session's token as one page carries it: a fresh one-time pad, then the token XOR
/// the pad, base64url.
pub fn mask(secret: &str) -> String {
    let secret = secret.as_bytes();
    let mut pad = vec![0u8; secret.len()];
    getrandom::fill(&mut pad).expect("the operating system's random source failed");
    let mut out = pad.clone();
    out.extend(secret.iter().zip(&pad).map(|(s, p)| s ^ p));
    URL_SAFE_NO_PAD.encode(out)
}

/// The token a masked value carries, if it is one.
fn unmask(masked: &str) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD.decode(masked.trim()).ok()?;
    if bytes.is_empty() || bytes.len() % 2 != 0 {
        return None;
    }
    let (pad, body) = bytes.split_at(bytes.len() / 2);
    String::from_utf8(body.iter().zip(pad).map(|(b, p)| b ^ p).collect()).ok()
}

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
/// An `Origin` must be this server's own — `http://` or `https://` and the request's
/// `Host` (a TLS proxy in front may make it `https`) — or, when Assure is configured with
/// a public URL, exactly that URL's origin, scheme and port included: a reverse proxy may
/// rewrite `Host` to the address Assure listens on, while the browser names the public
/// address. When a public URL is set, the request's own host must come with the public
/// URL's scheme, unless it is another address (Assure's own port, reached directly).
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
    // `origin_of` accepts only http and https, and normalises case and default ports.
    let Some(origin) = origin_of(origin) else {
        return Err(CsrfRefusal::CrossSite);
    };
    if public_origin == Some(origin.as_str()) {
        return Ok(());
    }
    let same_host = host
        .and_then(|h| origin_of(&format!("http://{h}")).zip(origin_of(&format!("https://{h}"))))
        .is_some_and(|(http, https)| {
            let public_scheme = public_origin
                .and_then(|p| p.split_once("://"))
                .map(|(s, _)| s);
            let public_host = public_origin
                .and_then(|p| p.split_once("://"))
                .map(|(_, h)| h);
            let host_only = http.trim_start_matches("http://");
            match (public_scheme, public_host) {
                // The public host itself must come with the public scheme.
                (Some(scheme), Some(ph)) if ph.eq_ignore_ascii_case(host_only) => {
                    origin == format!("{scheme}://{host_only}")
                }
                _ => origin == http || origin == https,
            }
        });
    if same_host {
        Ok(())
    } else {
        Err(CsrfRefusal::CrossSite)
    }
}

/// Checks the request's `csrf_token` against the session's `expected` token, handing back
/// the request with its body intact.
pub async fn check_token(req: Request, expected: Option<&str>) -> Result<Request, CsrfRefusal> {
    let (parts, body) = req.into_parts();
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let (given, body) = if content_type.starts_with("application/x-www-form-urlencoded") {
        let bytes = to_bytes(body, MAX_FORM_BYTES)
            .await
            .map_err(|_| CsrfRefusal::TooLarge)?;
        (field(&bytes, "csrf_token"), Body::from(bytes))
    } else if let Ok(boundary) = multer::parse_boundary(&content_type) {
        first_part(body, &boundary).await?
    } else {
        (None, body)
    };
    let given = given.as_deref().and_then(unmask);
    match (given, expected) {
        (Some(g), Some(e)) if same_secret(&g, e) => Ok(Request::from_parts(parts, body)),
        _ => Err(CsrfRefusal::BadToken),
    }
}

/// The value of a multipart body's first part when it is `csrf_token`, and the body as
/// it came (the bytes read to find it put back in front of the rest).
async fn first_part(body: Body, boundary: &str) -> Result<(Option<String>, Body), CsrfRefusal> {
    let mut stream = body.into_data_stream();
    let mut prefix: Vec<u8> = Vec::new();
    let end = format!("\r\n--{boundary}");
    // Enough to hold the first part and the boundary after it, or the whole body.
    let mut done = false;
    while !done && prefix.len() < MAX_MULTIPART_PREFIX {
        match stream.next().await {
            Some(Ok(chunk)) => prefix.extend_from_slice(&chunk),
            Some(Err(_)) => return Err(CsrfRefusal::BadToken),
            None => done = true,
        }
        let opening = prefix.windows(4).position(|w| w == b"\r\n\r\n");
        if let Some(o) = opening
            && prefix[o..].windows(end.len()).any(|w| w == end.as_bytes())
        {
            break;
        }
    }
    let value = first_field(&prefix, boundary).await;
    let head =
        futures_util::stream::once(async move { Ok::<Bytes, axum::Error>(Bytes::from(prefix)) });
    let rest = stream.map(|r| r.map_err(axum::Error::new));
    Ok((value, Body::from_stream(head.chain(rest))))
}

/// Reads the first field of a multipart body from its first bytes.
async fn first_field(prefix: &[u8], boundary: &str) -> Option<String> {
    let bytes = Bytes::copy_from_slice(prefix);
    let stream = futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(bytes) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let field = multipart.next_field().await.ok()??;
    if field.name() != Some("csrf_token") {
        return None;
    }
    field.text().await.ok()
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

    #[test]
    fn other_schemes_and_the_wrong_scheme_are_refused() {
        for bad in [
            "evil://assure.example",
            "ftp://assure.example",
            "javascript://assure.example",
        ] {
            let h = headers(&[("origin", bad), ("host", "assure.example")]);
            assert_eq!(check_origin(&h, None), Err(CsrfRefusal::CrossSite), "{bad}");
        }
        // Behind a public https URL, its own host must come as https.
        let public = Some("https://assure.council.example");
        let h = headers(&[
            ("origin", "http://assure.council.example"),
            ("host", "assure.council.example"),
        ]);
        assert_eq!(check_origin(&h, public), Err(CsrfRefusal::CrossSite));
        let h = headers(&[
            ("origin", "https://assure.council.example"),
            ("host", "assure.council.example"),
        ]);
        assert_eq!(check_origin(&h, public), Ok(()));
        // Another port of the same host is another origin.
        let h = headers(&[
            ("origin", "http://assure.example:9999"),
            ("host", "assure.example"),
        ]);
        assert_eq!(check_origin(&h, None), Err(CsrfRefusal::CrossSite));
    }

    #[test]
    fn masked_tokens_differ_every_time_and_carry_the_secret() {
        let secret = "k3Yq0mHc8oA1d9cRzP4rQ2s6uV7wX8yZ0aB1cD2eF3g";
        let a = mask(secret);
        let b = mask(secret);
        assert_ne!(a, b);
        assert_eq!(unmask(&a).as_deref(), Some(secret));
        assert_eq!(unmask(&b).as_deref(), Some(secret));
        assert_eq!(
            unmask(secret),
            None,
            "the bare secret is not a masked token"
        );
        assert_eq!(unmask("!!"), None);
    }

    fn form(body: String) -> Request {
        Request::post("/x")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap()
    }

    #[tokio::test]
    async fn the_token_must_match_and_the_body_survives() {
        let secret = "abc";
        let t = mask(secret);
        let ok = check_token(form(format!("text=hello&csrf_token={t}")), Some(secret))
            .await
            .unwrap();
        let body = to_bytes(ok.into_body(), 1024).await.unwrap();
        assert_eq!(body, format!("text=hello&csrf_token={t}").as_bytes());
        let other = mask("abd");
        assert!(
            check_token(form(format!("text=hello&csrf_token={other}")), Some(secret))
                .await
                .is_err()
        );
        // The bare secret is refused: only a masked token is a page's.
        assert!(
            check_token(form("csrf_token=abc".into()), Some(secret))
                .await
                .is_err()
        );
        assert!(
            check_token(form("text=hello".into()), Some(secret))
                .await
                .is_err()
        );
        assert!(
            check_token(form(format!("csrf_token={t}")), None)
                .await
                .is_err()
        );
        let huge = "a".repeat(MAX_FORM_BYTES + 10);
        assert_eq!(
            check_token(form(huge), Some(secret)).await.unwrap_err(),
            CsrfRefusal::TooLarge
        );
    }

    fn multipart(uri: String, parts: &[(&str, &str)]) -> Request {
        let mut body = String::new();
        for (name, value) in parts {
            body.push_str(&format!(
                "--x\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            ));
        }
        body.push_str("--x--\r\n");
        Request::post(uri)
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=x")
            .body(Body::from(body))
            .unwrap()
    }

    #[tokio::test]
    async fn multipart_forms_carry_the_token_first_in_the_body_never_in_the_url() {
        let secret = "abc";
        let t = mask(secret);
        let ok = check_token(
            multipart("/x".into(), &[("csrf_token", &t), ("file", "PDF bytes")]),
            Some(secret),
        )
        .await
        .expect("the first part carries the token");
        // The handler still reads the whole body, token part included.
        let body = to_bytes(ok.into_body(), 4096).await.unwrap();
        let body = String::from_utf8(body.to_vec()).unwrap();
        assert!(body.contains("PDF bytes") && body.contains(&t), "{body}");
        // In the query string: refused, and it goes nowhere near the body.
        let in_url = multipart(format!("/x?csrf_token={t}"), &[("file", "PDF bytes")]);
        assert_eq!(
            check_token(in_url, Some(secret)).await.unwrap_err(),
            CsrfRefusal::BadToken
        );
        // Not first: refused.
        let second = multipart("/x".into(), &[("file", "PDF"), ("csrf_token", &t)]);
        assert!(check_token(second, Some(secret)).await.is_err());
        // A urlencoded form's query string is not read either.
        let q = Request::post(format!("/x?csrf_token={t}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("text=hi"))
            .unwrap();
        assert!(check_token(q, Some(secret)).await.is_err());
    }
}
