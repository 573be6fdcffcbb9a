//! The security review's findings, fixed and kept fixed: CSRF behind a reverse proxy,
//! no-store pages, HSTS, a health check that asks the database, housekeeping of sessions
//! and sign-in attempts, and a session cookie that lives as long as the session.

use crate::support;

use crate::support::{Client, PASSWORD, Page};
use assure_domain::clock::Clock;
use assure_store::{NewSession, Store};
use assure_test_support as ts;
use assure_web::auth::{SESSION_COOKIE, TOUCH_INTERVAL, housekeeping};
use assure_web::{AppState, WebConfig};
use axum::http::{StatusCode, header};
use chrono::Duration;
use std::sync::Arc;

const PUBLIC_URL: &str = "https://assure.council.example";
/// What a reverse proxy in front of Assure sends as `Host`: the address Assure listens on.
const PROXIED_HOST: &str = "127.0.0.1:8080";

/// The state over the same store and clock, with `config`.
pub(crate) fn with_config(state: &AppState, config: WebConfig) -> AppState {
    AppState::with_config(state.store.clone(), state.clock.clone(), config)
}

fn public(url: &str) -> WebConfig {
    WebConfig::default()
        .with_public_url(Some(url))
        .expect("a valid public URL")
}

/// Posts the sign-in form (whose token the browser has already fetched) with `headers`.
async fn sign_in_with(browser: &mut Client, email: &str, headers: &[(&str, &str)]) -> Page {
    let token = browser.csrf.clone().expect("the sign-in form's token");
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("csrf_token", &token)
        .append_pair("email", email)
        .append_pair("password", PASSWORD)
        .finish();
    browser.post_raw("/login", body, headers).await
}

/// The `Set-Cookie` values of a response for `name`.
fn set_cookies<'a>(page: &'a Page, name: &str) -> Vec<&'a str> {
    let prefix = format!("{name}=");
    page.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter(|v| v.starts_with(&prefix))
        .collect()
}

/// A cookie's attributes, in order-free form (`HttpOnly`, `Max-Age=28800`, ...).
fn attributes(set_cookie: &str) -> std::collections::BTreeSet<String> {
    set_cookie
        .split(';')
        .skip(1)
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
        .collect()
}

fn value(set_cookie: &str) -> &str {
    let pair = set_cookie.split(';').next().unwrap_or("");
    pair.split_once('=').map_or("", |(_, v)| v)
}

// 1. CSRF behind a reverse proxy
// ------------------------------------------------------------------------------------

#[tokio::test]
async fn with_a_public_url_forms_from_it_are_accepted_though_a_proxy_rewrites_host() {
    for db in ts::databases().await {
        let (state, council) = support::app(&db).await;
        let state = with_config(&state, public(PUBLIC_URL));
        let email = council.owner.email.clone();

        // The proxy rewrote Host; the browser names the public address.
        let mut browser = Client::new(&state);
        browser.get("/login").await;
        let ok = sign_in_with(
            &mut browser,
            &email,
            &[
                ("origin", PUBLIC_URL),
                ("host", PROXIED_HOST),
                ("sec-fetch-site", "same-origin"),
            ],
        )
        .await;
        assert_eq!(
            ok.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            db.backend,
            ok.body
        );
        assert_eq!(ok.location(), "/");

        // Every other form too: signing out.
        browser.get("/").await;
        let token = browser.csrf.clone().unwrap();
        let out = browser
            .post_raw(
                "/logout",
                format!("csrf_token={token}"),
                &[("origin", PUBLIC_URL), ("host", PROXIED_HOST)],
            )
            .await;
        assert_eq!(out.status, StatusCode::SEE_OTHER, "{}", db.backend);
        assert_eq!(out.location(), "/login");

        // Same-host still works (someone on the internal address, no proxy).
        let mut direct = Client::new(&state);
        direct.get("/login").await;
        let same_host = sign_in_with(
            &mut direct,
            &email,
            &[("origin", "http://127.0.0.1:8080"), ("host", PROXIED_HOST)],
        )
        .await;
        assert_eq!(same_host.status, StatusCode::SEE_OTHER, "{}", db.backend);

        // Another site is still refused, however close its name.
        for foreign in [
            "https://evil.example",
            "http://assure.council.example",
            "https://assure.council.example.evil.example",
            "null",
        ] {
            let mut other = Client::new(&state);
            other.get("/login").await;
            let refused = sign_in_with(
                &mut other,
                &email,
                &[("origin", foreign), ("host", PROXIED_HOST)],
            )
            .await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{foreign}");
            assert!(!other.cookies.contains_key(SESSION_COOKIE), "{foreign}");
        }
    }
}

#[tokio::test]
async fn without_a_public_url_the_origin_must_match_host_as_before() {
    for db in ts::databases().await {
        let (state, council) = support::app(&db).await;
        let email = council.owner.email.clone();

        let mut proxied = Client::new(&state);
        proxied.get("/login").await;
        let refused = sign_in_with(
            &mut proxied,
            &email,
            &[("origin", PUBLIC_URL), ("host", PROXIED_HOST)],
        )
        .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", db.backend);

        let mut direct = Client::new(&state);
        direct.get("/login").await;
        let ok = sign_in_with(
            &mut direct,
            &email,
            &[
                ("origin", "https://assure.council.example"),
                ("host", "assure.council.example"),
            ],
        )
        .await;
        assert_eq!(
            ok.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            db.backend,
            ok.body
        );
    }
}

// 2. Cache-Control
// ------------------------------------------------------------------------------------

#[tokio::test]
async fn pages_are_never_stored_while_assets_keep_their_long_caching() {
    for db in ts::databases().await {
        let (state, council) = support::app(&db).await;
        let mut browser = Client::new(&state);

        let login = browser.get("/login").await;
        assert_eq!(login.headers[header::CACHE_CONTROL], "no-store");
        let signed_in = browser.sign_in(&council.owner.email, PASSWORD).await;
        assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
        assert_eq!(signed_in.headers[header::CACHE_CONTROL], "no-store");

        for uri in [
            "/".to_string(),
            "/plans".to_string(),
            format!("/plans/{}", council.plan_id),
            "/nowhere".to_string(),
        ] {
            let page = browser.get(&uri).await;
            assert_ne!(page.status, StatusCode::INTERNAL_SERVER_ERROR, "{uri}");
            assert_eq!(
                page.headers[header::CACHE_CONTROL],
                "no-store",
                "{}: {uri}",
                db.backend
            );
        }
        let home = browser.get("/").await;
        assert!(
            home.headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );

        // Content-hashed assets are immutable; the rest revalidate, as before.
        let name = assure_web::assets::names()
            .next()
            .expect("an embedded asset");
        let versioned = browser.get(&assure_web::assets::asset_url(name)).await;
        assert_eq!(versioned.status, StatusCode::OK);
        assert_eq!(
            versioned.headers[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        let plain = browser.get(&format!("/assets/{name}")).await;
        assert_eq!(plain.headers[header::CACHE_CONTROL], "no-cache");

        // After signing out, going back finds nothing kept.
        let out = browser.post("/logout", &[]).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        assert_eq!(out.headers[header::CACHE_CONTROL], "no-store");
    }
}

// 3. HSTS
// ------------------------------------------------------------------------------------

#[tokio::test]
async fn hsts_is_sent_only_when_the_public_url_is_https() {
    let db = ts::sqlite_db();
    let (state, _) = support::app(&db).await;
    let hsts = |page: &Page| {
        page.headers
            .get(header::STRICT_TRANSPORT_SECURITY)
            .map(|v| v.to_str().unwrap().to_string())
    };
    for (config, expected) in [
        (WebConfig::default(), None),
        (public("http://assure.internal:8080"), None),
        (public(PUBLIC_URL), Some("max-age=31536000")),
    ] {
        let mut browser = Client::new(&with_config(&state, config.clone()));
        for uri in ["/login", "/healthz", "/nowhere"] {
            let page = browser.get(uri).await;
            assert_eq!(hsts(&page).as_deref(), expected, "{config:?} {uri}");
        }
    }
}

// 4. The health check
// ------------------------------------------------------------------------------------

#[tokio::test]
async fn healthz_answers_ok_when_the_database_answers() {
    for db in ts::databases().await {
        let (state, _) = support::app(&db).await;
        let page = Client::new(&state).get("/healthz").await;
        assert_eq!(page.status, StatusCode::OK, "{}", db.backend);
        assert_eq!(page.body, "ok");
        assert!(
            page.headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/plain")
        );
    }
}

#[tokio::test]
async fn healthz_answers_503_when_the_database_does_not() {
    for db in ts::databases().await {
        let clock = ts::clock();
        // A store whose connections are closed: every query fails at once.
        let store: Arc<dyn Store> = if db.backend == "sqlite" {
            let s = assure_store::SqliteStore::connect(&db.url, clock.clone())
                .await
                .unwrap();
            s.pool().close().await;
            Arc::new(s)
        } else {
            let s = assure_store::PgStore::connect(&db.url, clock.clone())
                .await
                .unwrap();
            s.pool().close().await;
            Arc::new(s)
        };
        let state = AppState::new(store, clock);
        let page = Client::new(&state).get("/healthz").await;
        assert_eq!(
            page.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{}",
            db.backend
        );
        assert_eq!(page.body, "database unavailable");
        assert!(
            !page.body.contains("pool") && !page.body.contains(&db.url),
            "no detail to whoever asks"
        );
    }
}

// 5. Housekeeping
// ------------------------------------------------------------------------------------

async fn new_session(
    store: &dyn Store,
    user: uuid::Uuid,
    expires_at: chrono::DateTime<chrono::Utc>,
) -> String {
    let hash = assure_web::auth::token::hash_token(&assure_web::auth::token::random_token());
    store
        .create_session(NewSession {
            id_hash: hash.clone(),
            user_id: user,
            csrf_token: assure_web::auth::token::random_token(),
            expires_at,
            user_agent: None,
        })
        .await
        .unwrap();
    hash
}

/// Counts rows still in the tables, by asking for attempts since long ago.
async fn attempts(store: &dyn Store, key: &str, clock: &dyn Clock) -> i64 {
    store
        .login_failures_since(key, clock.now() - Duration::days(365))
        .await
        .unwrap()
}

#[tokio::test]
async fn clean_up_clears_expired_sessions_and_old_sign_in_attempts() {
    for db in ts::databases().await {
        let (state, council, clock) = support::app_with_clock(&db).await;
        let store = state.store.as_ref();
        let start = clock.now();
        let short = new_session(store, council.owner.id, start + Duration::hours(8)).await;
        let long = new_session(store, council.viewer.id, start + Duration::hours(48)).await;
        store
            .record_login_attempt("email:guess@northbridge.example", false)
            .await
            .unwrap();

        // Nothing is old yet.
        assert_eq!(
            housekeeping::clean_up(store).await.unwrap(),
            0,
            "{}",
            db.backend
        );
        assert_eq!(
            attempts(store, "email:guess@northbridge.example", clock.as_ref()).await,
            1
        );

        // Nine hours on: the short session has expired; the attempt is still kept.
        clock.advance(Duration::hours(9));
        assert!(store.session(&short).await.unwrap().is_none());
        assert_eq!(
            housekeeping::clean_up(store).await.unwrap(),
            1,
            "{}",
            db.backend
        );
        assert_eq!(
            housekeeping::clean_up(store).await.unwrap(),
            0,
            "gone already"
        );
        assert!(
            store.session(&long).await.unwrap().is_some(),
            "a live session stays"
        );
        assert_eq!(
            attempts(store, "email:guess@northbridge.example", clock.as_ref()).await,
            1
        );

        // Over a day on: the attempt is cleared too.
        clock.advance(Duration::hours(16));
        housekeeping::clean_up(store).await.unwrap();
        assert_eq!(
            attempts(store, "email:guess@northbridge.example", clock.as_ref()).await,
            0,
            "{}",
            db.backend
        );
        assert!(store.session(&long).await.unwrap().is_some());
    }
}

#[tokio::test]
async fn housekeeping_runs_at_start_and_stops_with_the_server() {
    let db = ts::sqlite_db();
    let (state, _, clock) = support::app_with_clock(&db).await;
    let key = "ip:192.0.2.1";
    state.store.record_login_attempt(key, false).await.unwrap();
    clock.advance(Duration::days(2));
    assert_eq!(attempts(state.store.as_ref(), key, clock.as_ref()).await, 1);

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(assure_web::serve(listener, state.clone(), async move {
        let _ = stopped.await;
    }));

    // Cleared once at start, without waiting the hour.
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    while attempts(state.store.as_ref(), key, clock.as_ref()).await > 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "not cleared at start"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    // Serving meanwhile, and the health check answers over a real connection.
    let reply = raw_get(addr, "/healthz").await;
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.ends_with("ok"), "{reply}");

    // The shutdown signal stops the server, housekeeping and all.
    stop.send(()).unwrap();
    let served = tokio::time::timeout(std::time::Duration::from_secs(20), server)
        .await
        .expect("the server stops when told")
        .unwrap();
    assert!(served.is_ok());
}

async fn raw_get(addr: std::net::SocketAddr, path: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut conn = tokio::net::TcpStream::connect(addr).await.unwrap();
    conn.write_all(
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .await
    .unwrap();
    let mut reply = String::new();
    conn.read_to_string(&mut reply).await.unwrap();
    reply
}

// 6. The session cookie slides with the session
// ------------------------------------------------------------------------------------

#[tokio::test]
async fn a_touched_session_gets_its_cookie_again_with_a_fresh_max_age() {
    for db in ts::databases().await {
        let (state, council, clock) = support::app_with_clock(&db).await;
        let state = with_config(&state, public(PUBLIC_URL));
        let mut browser = Client::new(&state);
        let signed_in = browser.sign_in(&council.owner.email, PASSWORD).await;
        assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "{}", db.backend);
        let at_sign_in = set_cookies(&signed_in, SESSION_COOKIE);
        assert_eq!(at_sign_in.len(), 1);
        let at_sign_in = at_sign_in[0].to_string();
        let issued = attributes(&at_sign_in);
        for a in [
            "HttpOnly",
            "Secure",
            "SameSite=Lax",
            "Path=/",
            "Max-Age=28800",
        ] {
            assert!(issued.contains(a), "{a} in {at_sign_in}");
        }

        // Within the touch interval nothing is written, and no cookie is sent.
        clock.advance(Duration::minutes(2));
        let soon = browser.get("/").await;
        assert_eq!(soon.status, StatusCode::OK);
        assert!(
            set_cookies(&soon, SESSION_COOKIE).is_empty(),
            "{}",
            db.backend
        );

        // After it, the expiry slides and the cookie comes again, as at sign-in.
        clock.advance(TOUCH_INTERVAL);
        let later = browser.get("/plans").await;
        assert_eq!(later.status, StatusCode::OK);
        let again = set_cookies(&later, SESSION_COOKIE);
        assert_eq!(again.len(), 1, "{}: {:?}", db.backend, later.headers);
        assert_eq!(value(again[0]), value(&at_sign_in), "the same session");
        assert_eq!(attributes(again[0]), issued, "{}", again[0]);

        // At most once per interval.
        let next = browser.get("/").await;
        assert!(set_cookies(&next, SESSION_COOKIE).is_empty());

        // Never on an asset, which may be cached publicly.
        clock.advance(TOUCH_INTERVAL + Duration::seconds(1));
        let name = assure_web::assets::names().next().unwrap();
        let asset = browser.get(&assure_web::assets::asset_url(name)).await;
        assert!(set_cookies(&asset, SESSION_COOKIE).is_empty());

        // Signing out after the interval removes the cookie, and sends nothing else for it.
        clock.advance(TOUCH_INTERVAL + Duration::seconds(1));
        let out = browser.post("/logout", &[]).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        let removed = set_cookies(&out, SESSION_COOKIE);
        assert_eq!(removed.len(), 1, "{removed:?}");
        assert!(removed[0].contains("Max-Age=0"), "{}", removed[0]);

        // The session really lives on past the cookie's first Max-Age when used: eight
        // hours after sign-in, a request every few hours keeps it.
        let mut keeper = Client::new(&state);
        keeper.sign_in(&council.viewer.email, PASSWORD).await;
        for _ in 0..4 {
            clock.advance(Duration::hours(3));
            let page = keeper.get("/").await;
            assert_eq!(page.status, StatusCode::OK, "{}", db.backend);
            assert_eq!(set_cookies(&page, SESSION_COOKIE).len(), 1);
        }
    }
}

// Tokens out of URLs, the Origin's scheme, compression without BREACH
// ------------------------------------------------------------------------------------

#[tokio::test]
async fn an_origin_of_another_scheme_is_refused() {
    for db in ts::databases().await {
        let (state, council) = support::app(&db).await;
        let mut browser = Client::new(&state);
        browser.get("/login").await;
        for origin in ["evil://assure.example", "http://assure.example:81"] {
            let refused = sign_in_with(
                &mut browser,
                &council.owner.email,
                &[("origin", origin), ("host", "assure.example")],
            )
            .await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{origin}");
        }
    }
}

#[tokio::test]
async fn a_token_in_the_url_is_never_accepted() {
    for db in ts::databases().await {
        let (state, council) = support::app(&db).await;
        let mut owner = support::signed_in(&state, &council.owner.email).await;
        let token = owner.csrf.clone().unwrap();
        // A form with its token only in the query string: refused as expired.
        let page = owner
            .post_raw(&format!("/logout?csrf_token={token}"), String::new(), &[])
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{}", db.backend);
        assert!(page.body.contains("This form has expired"));
        // The import form's page names no token in any URL.
        let mut admin = support::signed_in(&state, &council.admin.email).await;
        let form = admin.get("/plans/import").await;
        assert!(!form.body.contains("csrf_token="), "{}", form.body);
        assert!(form.body.contains("name=\"csrf_token\""));
    }
}

#[tokio::test]
async fn pages_are_compressed_and_carry_a_different_token_each_time() {
    use axum::body::Body;
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    for db in ts::databases().await {
        let (state, council) = support::app(&db).await;
        let mut owner = support::signed_in(&state, &council.owner.email).await;
        let a = owner.get("/").await.csrf_token().unwrap();
        let b = owner.get("/").await.csrf_token().unwrap();
        assert_ne!(a, b, "the masked token is fresh in every page");
        // Both still work.
        for t in [a, b] {
            owner.csrf = Some(t);
            owner.get("/").await;
        }
        for encoding in ["gzip", "br"] {
            let req = axum::http::Request::get("/")
                .header(header::COOKIE, owner.cookie_header())
                .header(header::ACCEPT_ENCODING, encoding)
                .body(Body::empty())
                .unwrap();
            let res = assure_web::router(state.clone())
                .oneshot(req)
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            assert_eq!(
                res.headers()
                    .get(header::CONTENT_ENCODING)
                    .and_then(|v| v.to_str().ok()),
                Some(encoding)
            );
            let bytes = res.into_body().collect().await.unwrap().to_bytes();
            assert!(
                !bytes.starts_with(b"<!DOCTYPE"),
                "{encoding} body is encoded"
            );
        }
        // Without Accept-Encoding, plain HTML.
        let plain = owner.get("/").await;
        assert!(plain.headers.get(header::CONTENT_ENCODING).is_none());
        assert!(plain.body.contains("<!DOCTYPE html>"));
    }
}

// Rate limits on writes
// ------------------------------------------------------------------------------------
