//! Real-browser tests: the app served on 127.0.0.1, driven by headless Chromium through
//! chromedriver (fantoccini), with axe-core checking WCAG 2.2 AA on every page visited and a
//! PNG screenshot of each page in `target/screenshots/`.
//!
//! Needs `/usr/bin/chromedriver` and `/usr/bin/chromium` (Debian `chromium-driver`,
//! `chromium`; `scripts/install-test-deps` installs them) and axe-core in
//! `assets/node_modules` (the build's `npm ci` installs it). Without chromedriver the tests
//! print `skipped: chromedriver not installed` and pass, except under `CI=true`.
//!
//! The journey follows the pages that exist: each optional step looks for the link a person
//! would follow and runs only when the page offers it, so it grows as pages land.

mod support;

use assure_test_support as test_support;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";
/// The WCAG levels axe checks.
const AXE_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"];

/// One browser at a time: the machine has two cores.
static ONE_BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
/// Numbers the screenshots across the tests of a run.
static SHOT: AtomicUsize = AtomicUsize::new(1);

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn screenshots_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"));
    target.join("screenshots")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// chromedriver, killed when dropped (also when a test panics).
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    /// Starts chromedriver, or `None` (after saying so) when it is not installed. Under
    /// `CI=true` a missing chromedriver fails the test: CI installs it.
    fn start() -> Option<Self> {
        if !Path::new(CHROMEDRIVER).exists() {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{CHROMEDRIVER} is missing: run scripts/install-test-deps"
            );
            println!("skipped: chromedriver not installed");
            return None;
        }
        let port = free_port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let driver = Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(driver)
    }

    /// A new headless Chromium session, with or without JavaScript.
    async fn session(&self, javascript: bool) -> Browser {
        let profile = tempfile::tempdir().expect("profile folder");
        let mut args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--no-first-run".into(),
            "--disable-sync".into(),
            "--window-size=1280,900".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let mut options = json!({ "binary": CHROMIUM });
        if !javascript {
            args.push("--blink-settings=scriptEnabled=false".into());
            options["prefs"] = json!({ "profile.managed_default_content_settings.javascript": 2 });
        }
        options["args"] = json!(args);
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert("goog:chromeOptions".into(), options);
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&self.url)
            .await
            .expect("a Chromium session");
        Browser {
            client,
            javascript,
            violations: Vec::new(),
            _profile: profile,
        }
    }
}

/// The app on a free port of 127.0.0.1, over a seeded council; stops when dropped.
struct App {
    base: String,
    council: test_support::Council,
    _stop: tokio::sync::oneshot::Sender<()>,
    _db: test_support::TestDb,
}

impl App {
    async fn start() -> Self {
        let db = test_support::sqlite_db();
        let (state, council) = support::app(&db).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(assure_web::serve(listener, state, async {
            let _ = stopped.await;
        }));
        Self {
            base,
            council,
            _stop: stop,
            _db: db,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// A browser session and the accessibility problems found on the pages it visited.
struct Browser {
    client: Client,
    javascript: bool,
    violations: Vec<String>,
    _profile: tempfile::TempDir,
}

impl Browser {
    async fn goto(&mut self, app: &App, path: &str, name: &str) {
        self.client.goto(&app.url(path)).await.expect("navigate");
        self.page(name).await;
    }

    /// Checks the page now shown: a screenshot, and axe when JavaScript is on.
    async fn page(&mut self, name: &str) {
        let n = SHOT.fetch_add(1, Ordering::SeqCst);
        let dir = screenshots_dir();
        std::fs::create_dir_all(&dir).expect("screenshots folder");
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(dir.join(format!("{n:02}-{name}.png")), png).expect("write screenshot");
        if self.javascript {
            self.axe(name).await;
        }
    }

    /// Runs axe-core on the page and notes each violation.
    async fn axe(&mut self, name: &str) {
        let source = workspace().join("assets/node_modules/axe-core/axe.min.js");
        let axe = std::fs::read_to_string(&source)
            .unwrap_or_else(|e| panic!("read {}: {e} (run npm ci in assets/)", source.display()));
        self.client.execute(&axe, vec![]).await.expect("inject axe");
        let result = self
            .client
            .execute_async(
                "const [tags, done] = arguments;
                 axe.run(document, {runOnly: {type: 'tag', values: tags}})
                   .then(r => done(r.violations.map(v => ({
                       id: v.id, impact: v.impact, help: v.help,
                       nodes: v.nodes.map(n => n.target.join(' '))}))))
                   .catch(e => done({error: String(e)}));",
                vec![json!(AXE_TAGS)],
            )
            .await
            .expect("run axe");
        let Value::Array(found) = result else {
            panic!("axe failed on {name}: {result}");
        };
        for v in found {
            self.violations.push(format!(
                "{name}: {} ({}): {} at {}",
                v["id"].as_str().unwrap_or("?"),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or("?"),
                v["nodes"]
            ));
        }
    }

    async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find {css}: {e}"))
            .text()
            .await
            .expect("text")
    }

    async fn path(&self) -> String {
        self.client
            .current_url()
            .await
            .expect("url")
            .path()
            .to_string()
    }

    /// The links on the page whose `href` matches the CSS attribute test `test`.
    async fn links(&self, test: &str) -> Vec<String> {
        let mut hrefs = Vec::new();
        for a in self
            .client
            .find_all(Locator::Css(&format!("main a[href{test}]")))
            .await
            .expect("find links")
        {
            if let Some(h) = a.attr("href").await.expect("href") {
                hrefs.push(h);
            }
        }
        hrefs
    }

    async fn click_button(&self, text: &str) {
        self.client
            .find(Locator::XPath(&format!(
                "//button[normalize-space()='{text}']"
            )))
            .await
            .unwrap_or_else(|e| panic!("find button {text:?}: {e}"))
            .click()
            .await
            .expect("click");
    }

    /// Signs in through the form as a person would: types, then clicks "Sign in".
    async fn sign_in(&mut self, app: &App, email: &str, password: &str, name: &str) {
        self.goto(app, "/login", name).await;
        let email_box = self.client.find(Locator::Id("email")).await.expect("email");
        email_box.clear().await.expect("clear");
        email_box.send_keys(email).await.expect("type email");
        self.client
            .find(Locator::Id("password"))
            .await
            .expect("password")
            .send_keys(password)
            .await
            .expect("type password");
        self.click_button("Sign in").await;
    }

    async fn sign_out(&self) {
        self.click_button("Sign out").await;
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Id("email"))
            .await
            .expect("signed out to the sign-in page");
    }

    /// Fails, listing every violation axe found, unless there were none.
    async fn finish(self) {
        let violations = self.violations;
        let _ = self.client.close().await;
        assert!(
            violations.is_empty(),
            "axe found {} WCAG 2.2 AA violations:\n{}",
            violations.len(),
            violations.join("\n")
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_page_errors_and_keyboard() {
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = App::start().await;
    let mut b = driver.session(true).await;

    // The skip link is the first tab stop, and it leads to the main content.
    b.goto(&app, "/login", "sign-in").await;
    let tab = KeyActions::new("keyboard".to_string())
        .then(KeyAction::Down {
            value: Key::Tab.into(),
        })
        .then(KeyAction::Up {
            value: Key::Tab.into(),
        });
    b.client.perform_actions(tab).await.expect("press Tab");
    let first = b.client.active_element().await.expect("focused element");
    assert_eq!(
        first.attr("class").await.unwrap().as_deref(),
        Some("govuk-skip-link")
    );
    assert_eq!(first.text().await.unwrap(), "Skip to main content");
    b.page("skip-link-focused").await;

    // A wrong password shows the error summary, which links to the field.
    b.sign_in(
        &app,
        &app.council.owner.email,
        "not the password",
        "sign-in-again",
    )
    .await;
    b.client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".govuk-error-summary"))
        .await
        .expect("an error summary");
    assert!(b.client.title().await.unwrap().starts_with("Error: "));
    assert_eq!(
        b.text(".govuk-error-summary__title").await,
        "There is a problem"
    );
    let link = b
        .client
        .find(Locator::Css(".govuk-error-summary__list a"))
        .await
        .expect("a link to the field");
    assert_eq!(link.attr("href").await.unwrap().as_deref(), Some("#email"));
    b.page("sign-in-wrong-password").await;
    b.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn journey() {
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = App::start().await;
    let plan = format!("/plans/{}", app.council.plan_id);
    let mut b = driver.session(true).await;

    // The lead signs in through the form and lands on the home page.
    b.sign_in(&app, &app.council.lead.email, support::PASSWORD, "sign-in")
        .await;
    b.client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::XPath("//button[normalize-space()='Sign out']"))
        .await
        .expect("signed in");
    assert_eq!(b.path().await, "/");
    b.page("home").await;

    // The plans page lists the plan; the person opens it.
    b.goto(&app, "/plans", "plans").await;
    assert_eq!(b.text("h1").await, "Improvement plans");
    b.client
        .find(Locator::Css(&format!("main a[href='{plan}']")))
        .await
        .expect("a link to the plan")
        .click()
        .await
        .expect("open the plan");
    assert_eq!(b.path().await, plan);
    b.page("plan").await;

    // Whatever the plan page links to within the plan (the plan table, an action, the
    // settings): follow each kind once, as pages land.
    for (test, name) in [
        ("$='/actions'", "plan-table"),
        ("*='/actions/'", "action"),
        ("$='/settings'", "settings"),
    ] {
        if let Some(href) = b.links(test).await.into_iter().next() {
            b.goto(&app, &href, name).await;
            b.goto(&app, &plan, "plan-again").await;
        }
    }

    b.sign_out().await;
    b.page("signed-out").await;
    b.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn works_without_javascript() {
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = App::start().await;
    let plan = format!("/plans/{}", app.council.plan_id);
    let mut b = driver.session(false).await;

    b.sign_in(
        &app,
        &app.council.owner.email,
        support::PASSWORD,
        "nojs-sign-in",
    )
    .await;
    b.client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::XPath("//button[normalize-space()='Sign out']"))
        .await
        .expect("signed in without JavaScript");
    b.goto(&app, "/plans", "nojs-plans").await;
    b.client
        .find(Locator::Css(&format!("main a[href='{plan}']")))
        .await
        .expect("a link to the plan")
        .click()
        .await
        .expect("open the plan");
    assert_eq!(b.path().await, plan);
    assert!(!b.text("h1").await.is_empty());
    b.page("nojs-plan").await;
    b.sign_out().await;
    b.finish().await;
}
