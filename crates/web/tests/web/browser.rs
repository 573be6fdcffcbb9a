//! Real-browser tests: the app served on 127.0.0.1, driven by headless Chromium through
//! chromedriver (fantoccini), with axe-core checking WCAG 2.2 AA on every page visited and a
//! PNG screenshot of each page in `target/screenshots/`.
//!
//! Needs `/usr/bin/chromedriver` and `/usr/bin/chromium` (Debian `chromium-driver`,
//! `chromium`; `scripts/install-test-deps` installs them) and axe-core in
//! `assets/node_modules` (the build's `npm ci` installs it). Without chromedriver the tests
//! print `skipped: chromedriver not installed` and pass, except under `CI=true`.
//!
//! `journey` is the journey, clicked and typed as people would: the admin imports
//! our fictional Word plan, sets its statuses and gives the lead their action; the lead
//! writes an update with a status, adds a link and a file as evidence and proposes the
//! action complete; the admin signs it off; the overview counts one more action complete.
//! It also visits the action's Edit page (when there is one) and the filtered plan table.

use crate::support;

use assure_test_support as test_support;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
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

/// The browser window's width and height, in CSS pixels.
const WINDOW: (u32, u32) = (1280, 900);

/// One browser at a time: the machine has two cores.
pub(crate) static ONE_BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
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
pub(crate) struct Driver {
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
    pub(crate) fn start() -> Option<Self> {
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
    pub(crate) async fn session(&self, javascript: bool) -> Browser {
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
            format!("--window-size={},{}", WINDOW.0, WINDOW.1),
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
            checked: 0,
            _profile: profile,
        }
    }
}

/// The app on a free port of 127.0.0.1, over a seeded council; stops when dropped.
pub(crate) struct App {
    base: String,
    pub(crate) council: test_support::Council,
    /// The app's own state, for what another person does meanwhile.
    pub(crate) state: assure_web::AppState,
    _stop: tokio::sync::oneshot::Sender<()>,
    _db: test_support::TestDb,
}

impl App {
    pub(crate) async fn start() -> Self {
        let db = test_support::sqlite_db();
        let (state, council) = support::app(&db).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(assure_web::serve(listener, state.clone(), async {
            let _ = stopped.await;
        }));
        Self {
            base,
            council,
            state,
            _stop: stop,
            _db: db,
        }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// A browser session and the accessibility problems found on the pages it visited.
pub(crate) struct Browser {
    pub(crate) client: Client,
    javascript: bool,
    violations: Vec<String>,
    /// How many pages axe checked.
    checked: usize,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub(crate) async fn goto(&mut self, app: &App, path: &str, name: &str) {
        self.client.goto(&app.url(path)).await.expect("navigate");
        self.page(name).await;
    }

    /// Checks the page now shown: a screenshot, and axe when JavaScript is on.
    pub(crate) async fn page(&mut self, name: &str) {
        let n = SHOT.fetch_add(1, Ordering::SeqCst);
        let dir = screenshots_dir();
        std::fs::create_dir_all(&dir).expect("screenshots folder");
        let png = self.full_page_screenshot().await;
        std::fs::write(dir.join(format!("{n:02}-{name}.png")), png).expect("write screenshot");
        if self.javascript {
            self.axe(name).await;
            self.checked += 1;
        }
    }

    /// A screenshot of the whole page: the window is made as tall as the page (up to a
    /// limit) for the shot, then put back. Without JavaScript the page's height cannot be
    /// asked, so the shot is of the window.
    pub(crate) async fn full_page_screenshot(&self) -> Vec<u8> {
        let height = self
            .client
            .execute("return document.documentElement.scrollHeight;", vec![])
            .await
            .ok()
            .and_then(|h| h.as_u64())
            .filter(|h| *h > u64::from(WINDOW.1));
        let Some(height) = height else {
            return self.client.screenshot().await.expect("screenshot");
        };
        // At the width the window has now (a test may narrow it to a phone's).
        let (width, window_height) = self
            .client
            .get_window_size()
            .await
            .map(|(w, h)| (w as u32, h as u32))
            .unwrap_or(WINDOW);
        let tall = u32::try_from(height).unwrap_or(u32::MAX).min(6000) + 100;
        self.client
            .set_window_size(width, tall)
            .await
            .expect("make the window as tall as the page");
        let png = self.client.screenshot().await.expect("screenshot");
        self.client
            .set_window_size(width, window_height)
            .await
            .expect("put the window back");
        png
    }

    /// Runs axe-core on the page and notes each violation.
    pub(crate) async fn axe(&mut self, name: &str) {
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

    pub(crate) async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find {css}: {e}"))
            .text()
            .await
            .expect("text")
    }

    pub(crate) async fn path(&self) -> String {
        self.client
            .current_url()
            .await
            .expect("url")
            .path()
            .to_string()
    }

    pub(crate) async fn click_button(&self, text: &str) {
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

    /// Waits (up to ten seconds) for an element matching the XPath `xpath`.
    pub(crate) async fn wait_for(&self, xpath: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::XPath(xpath))
            .await
            .unwrap_or_else(|e| panic!("waited for {xpath}: {e}"))
    }

    /// Waits for the page whose main heading reads `text`.
    pub(crate) async fn wait_for_heading(&self, text: &str) {
        self.wait_for(&format!("//h1[normalize-space()={}]", xpath_literal(text)))
            .await;
    }

    /// Waits for the page of the action whose words are `text` (its heading when short,
    /// else the paragraph under its reference).
    pub(crate) async fn wait_for_action_page(&self, text: &str) {
        let t = xpath_literal(text);
        self.wait_for(&format!(
            "//main//*[(self::h1 or self::p[contains(@class,'app-action-text')]) and normalize-space()={t}]"
        ))
        .await;
    }

    /// The elements matching the XPath `xpath`, now.
    pub(crate) async fn all(&self, xpath: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::XPath(xpath))
            .await
            .expect("find elements")
    }

    /// Clicks the first link in the page's main content whose words (visually hidden
    /// ones included, as a screen reader reads them) are `text`. Links styled as buttons
    /// count.
    pub(crate) async fn click_link(&self, text: &str) {
        self.wait_for(&format!(
            "//main//a[normalize-space()={}]",
            xpath_literal(text)
        ))
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click link {text:?}: {e}"));
    }

    /// Clicks the first link in the main content whose words start with `text` (its
    /// visually hidden words then say which area or action it is for).
    pub(crate) async fn click_link_starting(&self, text: &str) {
        self.wait_for(&format!(
            "//main//a[starts-with(normalize-space(), {})]",
            xpath_literal(text)
        ))
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click link {text:?}: {e}"));
    }

    /// Clicks an item of the service navigation in the header.
    pub(crate) async fn click_nav(&self, text: &str) {
        self.wait_for(&format!(
            "//header//nav//a[normalize-space()={}]",
            xpath_literal(text)
        ))
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click navigation {text:?}: {e}"));
    }

    /// Types `text` into the field with the id `id`, replacing what was there.
    pub(crate) async fn fill(&self, id: &str, text: &str) {
        let field = self
            .client
            .find(Locator::Id(id))
            .await
            .unwrap_or_else(|e| panic!("find field #{id}: {e}"));
        field.clear().await.expect("clear");
        field
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into #{id}: {e}"));
    }

    /// Chooses the option whose visible words are `label` in the select with id `id`.
    pub(crate) async fn choose(&self, id: &str, label: &str) {
        self.client
            .find(Locator::Id(id))
            .await
            .unwrap_or_else(|e| panic!("find select #{id}: {e}"))
            .select_by(Locator::XPath(&format!(
                ".//option[normalize-space()={}]",
                xpath_literal(label)
            )))
            .await
            .unwrap_or_else(|e| panic!("choose {label:?} in #{id}: {e}"));
    }

    /// The words of the success banner shown after a form, if any.
    pub(crate) async fn banner(&self) -> Option<String> {
        let b = self
            .all("//*[contains(@class,'govuk-notification-banner__heading')]")
            .await;
        match b.first() {
            Some(e) => Some(e.text().await.expect("banner text").trim().to_string()),
            None => None,
        }
    }

    /// The count in the overview's "Actions by status" table for one meaning.
    pub(crate) async fn status_count(&self, meaning: &str) -> usize {
        let css = format!("#status-counts td[data-meaning='{meaning}']");
        let text = self.text(&css).await;
        text.trim()
            .parse()
            .unwrap_or_else(|e| panic!("{css} reads {text:?}: {e}"))
    }

    /// Signs in through the form as a person would: types, then clicks "Sign in".
    pub(crate) async fn sign_in(&mut self, app: &App, email: &str, password: &str, name: &str) {
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

    pub(crate) async fn sign_out(&self) {
        self.click_button("Sign out").await;
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Id("email"))
            .await
            .expect("signed out to the sign-in page");
    }

    /// Fails, listing every violation axe found, unless there were none.
    pub(crate) async fn finish(self) {
        let violations = self.violations;
        if self.javascript {
            println!(
                "axe checked {} pages: {} violations",
                self.checked,
                violations.len()
            );
        }
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
#[ignore = "needs Chromium and chromedriver (scripts/install-test-deps); scripts/test runs it when they are installed"]
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

/// An XPath string literal for `s` (XPath 1.0 has no escapes: pick the other quote, or
/// build it with `concat`).
pub(crate) fn xpath_literal(s: &str) -> String {
    if !s.contains('\'') {
        format!("'{s}'")
    } else if !s.contains('"') {
        format!("\"{s}\"")
    } else {
        let parts: Vec<String> = s.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

/// Signs in through the form and waits for the home page.
async fn sign_in_to_home(b: &mut Browser, app: &App, email: &str, name: &str) {
    b.sign_in(app, email, support::PASSWORD, &format!("{name}-sign-in"))
        .await;
    b.wait_for("//button[normalize-space()='Sign out']").await;
    b.wait_for_heading("My actions").await;
    assert_eq!(b.path().await, "/");
    b.page(&format!("{name}-home")).await;
}

/// The plan our own fictional Word fixture holds (see what-who-how-when.docx.json).
const IMPORTED_TITLE: &str = "Fernhill Borough Council: Children’s Services Improvement Plan 2024";
/// The imported action the journey follows, and its lead as the plan writes it.
const ACTION: &str = "Introduce a plan template with an outcome for each need";
const ACTION_LEAD: &str = "Head of Service (CIN)";

/// An owner edits the plan in the browser: adds an action and a sub-action, edits one
/// while someone else saves it (the conflict page), deletes one after the confirmation,
/// edits the plan's details and an area, and opens the password page. axe on each.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Chromium and chromedriver (scripts/install-test-deps); scripts/test runs it when they are installed"]
async fn editing_the_plan() {
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = App::start().await;
    let plan = format!("/plans/{}", app.council.plan_id);
    let mut b = driver.session(true).await;
    b.sign_in(
        &app,
        &app.council.owner.email,
        support::PASSWORD,
        "owner-sign-in",
    )
    .await;
    b.wait_for("//button[normalize-space()='Sign out']").await;

    // Add an action to the first area, from the plan table; an empty one is refused.
    b.goto(&app, &format!("{plan}/actions"), "edit-table").await;
    b.click_link_starting("Add an action").await;
    b.wait_for_heading("Add an action").await;
    b.page("add-action").await;
    b.click_button("Add action").await;
    b.wait_for("//*[contains(@class,'govuk-error-summary')]//a[@href='#text']")
        .await;
    b.page("add-action-error").await;
    let words = "Run a pilot of family group conferences in the East team";
    b.fill("text", words).await;
    b.fill("ref", "1.9").await;
    b.fill("leads", "HoS CP").await;
    b.fill("due", "June 2027").await;
    b.click_button("Add action").await;
    b.wait_for_heading("Action 1.9").await;
    assert_eq!(
        b.banner().await.as_deref(),
        Some("The action has been added.")
    );
    b.page("action-added").await;
    let action_path = b.path().await;
    let action_id: uuid::Uuid = action_path
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("the new action's id");

    // A sub-action beneath it.
    b.click_link("Add a sub-action").await;
    b.wait_for_heading("Add a sub-action").await;
    b.page("add-sub-action").await;
    b.fill("text", "Train four coordinators").await;
    b.click_button("Add action").await;
    b.wait_for_heading("Train four coordinators").await;
    b.page("sub-action-added").await;
    b.goto(&app, &action_path, "action-with-child").await;

    // Edit it while someone else saves it first: both versions shown, then saved again.
    b.click_link_starting("Edit").await;
    b.wait_for_heading("Edit action 1.9").await;
    b.page("edit-action").await;
    let stored = app
        .state
        .store
        .plan(app.council.plan_id)
        .await
        .unwrap()
        .find_action(action_id)
        .cloned()
        .expect("the action");
    let mut theirs = stored.fields();
    theirs.text = "Run family group conferences in every team".into();
    app.state
        .store
        .edit_action(
            action_id,
            stored.version,
            &theirs,
            vec!["HoS CP".into()],
            &assure_domain::model::Actor::user(&app.council.contributor),
        )
        .await
        .expect("the other person's save");
    let mine = "Run a pilot of family group conferences in the East and West teams";
    b.fill("text", mine).await;
    b.click_button("Save changes").await;
    b.wait_for("//h2[normalize-space()='Someone else saved a change first']")
        .await;
    b.wait_for(&format!(
        "//table//td[normalize-space()={}]",
        xpath_literal(&theirs.text)
    ))
    .await;
    b.page("edit-conflict").await;
    b.click_button("Save changes").await;
    b.wait_for_heading("Action 1.9").await;
    assert_eq!(
        b.banner().await.as_deref(),
        Some("Your changes have been saved.")
    );
    b.wait_for(&format!(
        "//main//p[normalize-space()={}]",
        xpath_literal(mine)
    ))
    .await;

    // Delete it, sub-action and all, after the confirmation.
    b.click_link_starting("Delete").await;
    b.wait_for_heading("Are you sure you want to delete action 1.9?")
        .await;
    b.page("delete-confirm").await;
    b.click_button("Yes, delete this action").await;
    b.wait_for("//*[contains(@class,'govuk-notification-banner')]")
        .await;
    assert_eq!(
        b.banner().await.as_deref(),
        Some("The action has been deleted.")
    );
    b.page("deleted").await;

    // The plan's details and an area.
    b.click_link_starting("Edit area").await;
    b.wait_for_heading("Edit area").await;
    b.page("edit-area").await;
    b.click_link("Cancel").await;
    b.click_link("Add an area for improvement").await;
    b.wait_for_heading("Add an area").await;
    b.page("add-area").await;
    b.goto(&app, &format!("{plan}/edit"), "edit-plan").await;
    b.wait_for_heading("Edit plan details").await;
    b.click_button("Save changes").await;
    b.wait_for("//*[contains(@class,'govuk-notification-banner')]")
        .await;
    assert_eq!(
        b.banner().await.as_deref(),
        Some("The plan’s details have been saved.")
    );
    b.page("plan-saved").await;

    // The password page, and its error.
    b.client
        .find(Locator::XPath(
            "//header//a[normalize-space()='Change password']",
        ))
        .await
        .expect("the header's password link")
        .click()
        .await
        .expect("open it");
    b.wait_for_heading("Change your password").await;
    b.page("password").await;
    b.click_button("Change password").await;
    b.wait_for("//*[contains(@class,'govuk-error-summary')]//a[@href='#current']")
        .await;
    b.page("password-error").await;
    b.sign_out().await;
    b.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Chromium and chromedriver (scripts/install-test-deps); scripts/test runs it when they are installed"]
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

#[path = "browser_checks.rs"]
mod checks;

#[path = "browser_journey.rs"]
mod journey;

#[path = "browser_reading.rs"]
mod reading;

#[path = "browser_account.rs"]
mod account;

#[path = "browser_roles.rs"]
mod roles;
#[path = "browser_rounds.rs"]
mod rounds;

#[path = "browser_month.rs"]
mod month;

#[path = "browser_glossary.rs"]
mod glossary;

#[path = "browser_measures.rs"]
mod measures;
