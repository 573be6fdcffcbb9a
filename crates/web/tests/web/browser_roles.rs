//! Every role, every page type, on the five real plans: with the five plans of
//! `../shared/fixtures` imported (their things to check kept, a lead of each linked to the
//! lead, the monitoring visit's plan attached to another), the organisation admin, an
//! owner, a lead, a contributor and a viewer each sign in and open every kind of page they
//! can reach on every plan. On each page axe-core checks WCAG 2.2 AA, and the page is read
//! for a link with no name and a table row or list item with no words.
//!
//! One browser session for all five people (signing out between them), and no
//! screenshots on this sweep: it is the long test of the suite, and its pages are
//! photographed by the other browser tests.
//!
//! A child of `browser` (it uses that module's driver, app and browser helpers).

use super::{App, Browser, Driver, ONE_BROWSER};
use crate::support;
use assure_domain::PlanRole;
use assure_domain::model::{Actor, StoredPlan, User};
use serde_json::Value;
use uuid::Uuid;

/// The five real plans, as the import page reads them.
const PLANS: [&str; 5] = [
    "plan-000.docx",
    "plan-001.docx",
    "plan-002.docx",
    "plan-003.docx",
    "plan-004.xlsx",
];

/// Links with no name, and table rows and list items with no words, on the page shown.
const WORDLESS: &str = r#"
const bad = [];
const named = el => (el.getAttribute('aria-label') || '').trim() || el.textContent.trim()
  || [...el.querySelectorAll('img[alt]')].map(i => i.alt).join('').trim();
for (const a of document.querySelectorAll('a[href]')) {
  if (!named(a)) bad.push('nameless link: ' + a.outerHTML.slice(0, 160));
}
for (const el of document.querySelectorAll('tr, li')) {
  if (!el.textContent.trim()) bad.push('wordless ' + el.tagName.toLowerCase() + ': ' + el.outerHTML.slice(0, 160));
}
return bad;
"#;

impl Browser {
    /// Opens `path` and checks it: axe, and [`WORDLESS`]. No screenshot.
    async fn sweep(&mut self, app: &App, path: &str, name: &str) {
        self.client.goto(&app.url(path)).await.expect("navigate");
        let status = self
            .client
            .execute("return document.title;", vec![])
            .await
            .expect("title");
        let title = status.as_str().unwrap_or_default().to_string();
        if [
            "Page not found",
            "Sorry",
            "You do not have access",
            "There is a problem",
        ]
        .iter()
        .any(|t| title.starts_with(t))
        {
            self.violations
                .push(format!("{name}: {path} answered {title:?}"));
        }
        self.axe(name).await;
        self.checked += 1;
        let found = self
            .client
            .execute(WORDLESS, vec![])
            .await
            .expect("read the page");
        if let Value::Array(bad) = found {
            for b in bad {
                self.violations
                    .push(format!("{name}: {}", b.as_str().unwrap_or_default()));
            }
        }
    }
}

/// One of the five plans, with the pages that name a record.
struct Imported {
    stem: String,
    id: Uuid,
    area: Uuid,
    action: Uuid,
    /// An action the lead person leads, if the plan names a lead.
    led: Option<Uuid>,
}

/// The plan's most used lead, linked to `lead`; the first action it leads.
async fn link_a_lead(app: &App, plan: &StoredPlan, lead: &User) -> Option<Uuid> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for (_, _, a) in plan.actions() {
        for l in &a.leads {
            match counts.iter_mut().find(|(t, _)| *t == l.text) {
                Some((_, n)) => *n += 1,
                None => counts.push((l.text.clone(), 1)),
            }
        }
    }
    counts.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let (text, _) = counts.first()?;
    app.state
        .store
        .link_lead(plan.id, text, lead.id, &Actor::system("test"))
        .await
        .expect("link the lead");
    plan.actions()
        .into_iter()
        .find(|(_, _, a)| a.leads.iter().any(|l| &l.text == text))
        .map(|(_, _, a)| a.id)
}

async fn import_five(app: &App, dir: &std::path::Path) -> Vec<Imported> {
    let council = &app.council;
    let sys = Actor::system("test");
    let mut out = Vec::new();
    for name in PLANS {
        let bytes = std::fs::read(dir.join(name)).expect("fixture");
        let outcome =
            assure_import::import_bytes(name, &bytes, &Default::default()).expect("imports");
        let report = assure_domain::import_report::bounded(outcome.report.to_keep());
        let id = app
            .state
            .store
            .create_imported_plan(
                council.org.id,
                &outcome.document,
                &report,
                &Actor::user(&council.admin),
            )
            .await
            .expect("plan");
        for (who, role) in [
            (&council.owner, PlanRole::Owner),
            (&council.lead, PlanRole::Lead),
            (&council.contributor, PlanRole::Contributor),
            (&council.viewer, PlanRole::Viewer),
        ] {
            app.state
                .store
                .set_plan_role(id, who.id, role, &sys)
                .await
                .expect("role");
        }
        let plan = app.state.store.plan(id).await.expect("plan");
        let led = link_a_lead(app, &plan, &council.lead).await;
        let (area, _, action) = plan
            .actions()
            .into_iter()
            .find(|(_, _, a)| a.wording().is_some())
            .or_else(|| plan.actions().into_iter().next())
            .expect("an action");
        out.push(Imported {
            stem: name.split('.').next().unwrap_or(name).to_string(),
            id,
            area: area.id,
            action: action.id,
            led,
        });
    }
    // The monitoring visit's plan (plan-002) belongs to another: attached to plan-001.
    let version = app.state.store.plan(out[2].id).await.expect("plan").version;
    app.state
        .store
        .set_parent_plan(out[2].id, version, Some(out[1].id), &sys)
        .await
        .expect("attach the visit plan");
    out
}

/// The pages of one plan a role reaches. The forms an admin and an owner share with
/// others (they render the same for each) are visited on the `first` plan only, by them;
/// a contributor fills in actions' forms on every plan, an owner runs every plan.
fn pages(p: &Imported, role: &str, first: bool) -> Vec<(String, &'static str)> {
    let id = p.id;
    let mut v = vec![
        (format!("/plans/{id}"), "overview"),
        (format!("/plans/{id}/actions"), "table"),
        (format!("/plans/{id}/areas/{}", p.area), "area"),
        (format!("/plans/{id}/actions/{}", p.action), "action"),
        (format!("/plans/{id}/checks"), "checks"),
        (format!("/plans/{id}/glossary"), "glossary"),
        (format!("/plans/{id}/import-report"), "import-report"),
    ];
    if role == "owner" || (role == "admin" && first) {
        v.extend([
            (format!("/plans/{id}/settings"), "settings"),
            (format!("/plans/{id}/members"), "members"),
            (format!("/plans/{id}/history"), "history"),
            (format!("/plans/{id}/inspection"), "inspection"),
            (format!("/plans/{id}/edit"), "edit-plan"),
            (format!("/plans/{id}/glossary/new"), "glossary-add"),
        ]);
    }
    if role == "contributor" || (matches!(role, "admin" | "owner") && first) {
        v.extend([
            (
                format!("/plans/{id}/actions/{}/edit", p.action),
                "edit-action",
            ),
            (format!("/plans/{id}/actions/{}/update", p.action), "update"),
            (
                format!("/plans/{id}/actions/{}/evidence", p.action),
                "evidence",
            ),
        ]);
    }
    if role == "lead"
        && let Some(led) = p.led
    {
        v.extend([
            (format!("/plans/{id}/actions/{led}"), "led-action"),
            (format!("/plans/{id}/actions/{led}/update"), "led-update"),
        ]);
    }
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Chromium and chromedriver, and ../shared/fixtures; scripts/test runs it when they are there"]
async fn every_role_reaches_every_page_of_the_five_real_plans_cleanly() {
    let Some(dir) = assure_test_support::fixtures_dir() else {
        return;
    };
    let _one = ONE_BROWSER.lock().await;
    let Some(driver) = Driver::start() else {
        return;
    };
    let app = App::start().await;
    let plans = import_five(&app, &dir).await;
    let council = &app.council;
    let started = std::time::Instant::now();
    let mut b = driver.session(true).await;
    // The reading itself finds what it looks for: a nameless link, a wordless item and row.
    b.client
        .goto("data:text/html,<a href='/x'></a><a href='/y'>Named</a><ul><li> </li></ul><table><tr><td></td></tr></table>")
        .await
        .expect("a page with faults");
    let found = b.client.execute(WORDLESS, vec![]).await.expect("read it");
    assert_eq!(found.as_array().map(Vec::len), Some(3), "{found}");
    for (role, person) in [
        ("admin", &council.admin),
        ("owner", &council.owner),
        ("lead", &council.lead),
        ("contributor", &council.contributor),
        ("viewer", &council.viewer),
    ] {
        b.sign_in(
            &app,
            &person.email,
            support::PASSWORD,
            &format!("roles-{role}-sign-in"),
        )
        .await;
        b.wait_for("//button[normalize-space()='Sign out']").await;
        let mut everywhere = vec![
            ("/".to_string(), "home"),
            ("/plans".to_string(), "plans"),
            ("/search?q=plan".to_string(), "search"),
            ("/account/password".to_string(), "password"),
        ];
        if role == "lead" {
            everywhere.push(("/my-updates".to_string(), "my-updates"));
        }
        if role == "admin" {
            everywhere.extend([
                ("/people".to_string(), "people"),
                ("/plans/import".to_string(), "import"),
            ]);
        }
        for (path, kind) in everywhere {
            b.sweep(&app, &path, &format!("{role}-{kind}")).await;
        }
        for (i, p) in plans.iter().enumerate() {
            // plan-001: a glossary, and the visit plan attached to it.
            for (path, kind) in pages(p, role, i == 1) {
                b.sweep(&app, &path, &format!("{role}-{}-{kind}", p.stem))
                    .await;
            }
        }
        b.client
            .find(fantoccini::Locator::XPath(
                "//button[normalize-space()='Sign out']",
            ))
            .await
            .expect("sign out")
            .click()
            .await
            .expect("click sign out");
        b.wait_for("//input[@id='email']").await;
    }
    println!(
        "five roles over five real plans: {} pages in {:.0?}",
        b.checked,
        started.elapsed()
    );
    b.finish().await;
}
