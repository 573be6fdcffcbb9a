//! A cookie-keeping client that drives the router in-process, as a browser would.

#![allow(dead_code)]

use assure_test_support as support;
use assure_web::{AppState, router};
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use std::collections::BTreeMap;
use tower::ServiceExt;

/// The password every seeded person has.
pub const PASSWORD: &str = "correct horse battery staple";

/// A response, read whole.
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// The body as sent (a downloaded file's bytes).
    pub bytes: Vec<u8>,
}

impl Page {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The first `csrf_token` field of the page.
    pub fn csrf_token(&self) -> Option<String> {
        let at = self.body.find("name=\"csrf_token\" value=\"")?;
        let rest = &self.body[at + "name=\"csrf_token\" value=\"".len()..];
        Some(rest[..rest.find('"')?].to_string())
    }
}

/// A browser: keeps cookies and the last CSRF token it saw.
pub struct Client {
    pub state: AppState,
    pub cookies: BTreeMap<String, String>,
    pub csrf: Option<String>,
}

impl Client {
    pub fn new(state: &AppState) -> Self {
        Self {
            state: state.clone(),
            cookies: BTreeMap::new(),
            csrf: None,
        }
    }

    async fn send(&mut self, req: Request<Body>) -> Page {
        let res = router(self.state.clone())
            .oneshot(req)
            .await
            .expect("router answers");
        for c in res.headers().get_all(header::SET_COOKIE) {
            let c = c.to_str().unwrap();
            let (pair, attrs) = c.split_once(';').unwrap_or((c, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || attrs.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        // A page is UTF-8; a downloaded file or a compressed page need not be.
        let body = if headers.contains_key(header::CONTENT_DISPOSITION)
            || headers.contains_key(header::CONTENT_ENCODING)
        {
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            String::from_utf8(bytes.clone()).unwrap()
        };
        let page = Page {
            status,
            headers,
            body,
            bytes,
        };
        if let Some(t) = page.csrf_token() {
            self.csrf = Some(t);
        }
        page
    }

    /// The `Cookie` header this browser sends.
    pub fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub async fn get(&mut self, uri: &str) -> Page {
        let req = Request::get(uri)
            .header(header::COOKIE, self.cookie_header())
            .body(Body::empty())
            .unwrap();
        self.send(req).await
    }

    /// Gets `uri` with these request headers besides the cookies.
    pub async fn get_with(&mut self, uri: &str, headers: &[(header::HeaderName, &str)]) -> Page {
        let mut req = Request::get(uri).header(header::COOKIE, self.cookie_header());
        for (name, value) in headers {
            req = req.header(name, *value);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// Posts a form with the CSRF token last seen (unless the form names its own).
    pub async fn post(&mut self, uri: &str, fields: &[(&str, &str)]) -> Page {
        let mut body = form_urlencoded::Serializer::new(String::new());
        let names_own = fields.iter().any(|(k, _)| *k == "csrf_token");
        if let Some(t) = self.csrf.as_ref().filter(|_| !names_own) {
            body.append_pair("csrf_token", t);
        }
        for (k, v) in fields {
            body.append_pair(k, v);
        }
        self.post_raw(uri, body.finish(), &[]).await
    }

    pub async fn post_raw(&mut self, uri: &str, body: String, headers: &[(&str, &str)]) -> Page {
        let mut req = Request::post(uri)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    /// Posts a multipart form as the upload and import forms do: the CSRF token last
    /// seen as the first part, then `parts` — (name, file name, bytes).
    pub async fn post_multipart(
        &mut self,
        uri: &str,
        parts: &[(&str, Option<&str>, &[u8])],
    ) -> Page {
        let boundary = "XyZassureBoundary42";
        let token = self.csrf.clone().unwrap_or_default();
        let mut body = Vec::new();
        let first: (&str, Option<&str>, &[u8]) = ("csrf_token", None, token.as_bytes());
        for (name, file, bytes) in std::iter::once(&first).chain(parts) {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            match file {
                Some(f) => body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
                ),
                None => body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
                ),
            }
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let req = Request::post(uri)
            .header(header::COOKIE, self.cookie_header())
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    /// Signs in through the sign-in form, as a person would.
    pub async fn sign_in(&mut self, email: &str, password: &str) -> Page {
        let form = self.get("/login").await;
        assert_eq!(form.status, StatusCode::OK);
        self.post("/login", &[("email", email), ("password", password)])
            .await
    }
}

/// One part of a multipart body: (name, file name, bytes).
pub type Part<'a> = (&'a str, Option<&'a str>, &'a [u8]);

/// Posts a multipart form as the upload and import forms do ([`Client::post_multipart`]).
pub async fn post_multipart(client: &mut Client, path: &str, parts: &[Part<'_>]) -> Page {
    client.post_multipart(path, parts).await
}

/// A store with a seeded council on `db`, the state over it, and the council.
pub async fn app(db: &support::TestDb) -> (AppState, support::Council) {
    let (state, council, _) = app_with_clock(db).await;
    (state, council)
}

/// As [`app`], with the clock the state uses, to move time on.
pub async fn app_with_clock(
    db: &support::TestDb,
) -> (
    AppState,
    support::Council,
    std::sync::Arc<assure_domain::clock::FixedClock>,
) {
    let clock = support::clock();
    let store = support::open(db, clock.clone()).await;
    let hash = assure_web::password::hash(PASSWORD).unwrap();
    let council = support::seed_council(
        &store,
        "Northbridge Borough Council",
        "northbridge.example",
        Some(&hash),
    )
    .await;
    (AppState::new(store, clock.clone()), council, clock)
}

/// A person signed in through the form, with the session's CSRF token picked up.
pub async fn signed_in(state: &AppState, email: &str) -> Client {
    let mut c = Client::new(state);
    let r = c.sign_in(email, PASSWORD).await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "{email} signs in: {}",
        r.body
    );
    c.get("/").await;
    c
}

/// The action of the plan with reference `r`.
pub async fn action_by_ref(
    state: &AppState,
    plan_id: uuid::Uuid,
    r: &str,
) -> assure_domain::model::StoredAction {
    let plan = state.store.plan(plan_id).await.unwrap();
    plan.actions()
        .into_iter()
        .map(|(_, _, a)| a.clone())
        .find(|a| a.r#ref.as_deref() == Some(r))
        .unwrap_or_else(|| panic!("action {r}"))
}

/// A page's HTML with its CSRF tokens blanked: they are masked afresh in every response,
/// so two reads of an unchanged page differ only there.
pub fn without_tokens(body: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find(marker) {
        out.push_str(&rest[..at + marker.len()]);
        rest = &rest[at + marker.len()..];
        rest = &rest[rest.find('"').unwrap_or(0)..];
    }
    out.push_str(rest);
    out
}

/// HTML text back to what it says.
pub fn unescape(s: &str) -> String {
    // One pass, so that an escaped entity ("&amp;lt;") is not decoded twice; askama
    // writes `&` as "&#38;", and other characters by number too.
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.bytes().take(12).position(|b| b == b';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text of every link (`<a …>…</a>`) of a page, tags inside removed.
pub fn link_texts(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(at) = rest.find("<a ") {
        rest = &rest[at..];
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let Some(close) = rest.find("</a>") else {
            break;
        };
        let inner = &rest[open_end + 1..close.max(open_end + 1)];
        let mut text = String::new();
        let mut in_tag = false;
        for c in inner.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        out.push(unescape(text.trim()));
        rest = &rest[close + 4..];
    }
    out
}
