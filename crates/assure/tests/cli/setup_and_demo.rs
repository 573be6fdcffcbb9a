//! The demo, the first administrator, people joining a council, and the scale-test store.

#[allow(clippy::wildcard_imports)]
use super::*;

#[test]
fn demo_loads_once_and_users_join_its_council() {
    let db = support::sqlite_db();
    let first = assure(&db.url, &["demo"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stdout(&first).contains("Loaded the demo council"));
    assert!(stdout(&first).contains("helen.marsh@northbridge.example"));
    let again = assure(&db.url, &["demo"]);
    assert!(
        stdout(&again).contains("already loaded"),
        "{}",
        stdout(&again)
    );

    let add = |email: &str, password: Option<&str>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_assure"));
        cmd.args([
            "user",
            "add",
            email,
            "--name",
            "Helen Marsh",
            "--role",
            "admin",
        ])
        .env("ASSURE_DATABASE_URL", &db.url)
        .stdin(std::process::Stdio::null());
        match password {
            Some(p) => cmd.env("ASSURE_PASSWORD", p),
            None => cmd.env_remove("ASSURE_PASSWORD"),
        };
        cmd.output().unwrap()
    };
    let ok = add(
        "aisha.begum@northbridge.example",
        Some("a long enough passphrase"),
    );
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(
        stdout(&ok).contains("admin of Northbridge Borough Council"),
        "{}",
        stdout(&ok)
    );
    let dup = add(
        "Aisha.Begum@northbridge.example",
        Some("a long enough passphrase"),
    );
    assert_eq!(dup.status.code(), Some(2));
    assert!(stderr(&dup).contains("already taken"), "{}", stderr(&dup));
    let short = add("kate@northbridge.example", Some("short"));
    assert_eq!(short.status.code(), Some(2));
    assert!(
        stderr(&short).contains("at least 12 characters"),
        "{}",
        stderr(&short)
    );
    // Long but guessable: refused with the reason, nobody added.
    for weak in ["aaaaaaaaaaaaaaaa", "password12345", "HelenMarsh2026"] {
        let refused = add("kate@northbridge.example", Some(weak));
        assert_eq!(refused.status.code(), Some(2), "{weak}");
        assert!(
            stderr(&refused).contains("the password cannot be used")
                && (stderr(&refused).contains("guess")
                    || stderr(&refused).contains("common")
                    || stderr(&refused).contains("your own name")),
            "{weak}: {}",
            stderr(&refused)
        );
    }
    let no_password = add("kate@northbridge.example", None);
    assert_eq!(no_password.status.code(), Some(2));
    assert!(
        stderr(&no_password).contains("ASSURE_PASSWORD"),
        "{}",
        stderr(&no_password)
    );
}

#[test]
fn the_first_admin_of_a_fresh_install_names_the_council() {
    let db = support::sqlite_db();
    let add = |args: &[&str]| {
        let mut all = vec![
            "user",
            "add",
            "aisha.begum@fernhill.example",
            "--name",
            "Aisha Begum",
            "--role",
            "admin",
        ];
        all.extend_from_slice(args);
        Command::new(env!("CARGO_BIN_EXE_assure"))
            .args(&all)
            .env("ASSURE_DATABASE_URL", &db.url)
            .env("ASSURE_PASSWORD", "a long enough passphrase")
            .env("ASSURE_LOG", "warn")
            .output()
            .unwrap()
    };
    // Without a council named, a clear error, and nothing made.
    let none = add(&[]);
    assert_eq!(none.status.code(), Some(2));
    assert!(stderr(&none).contains("--org"), "{}", stderr(&none));
    let first = add(&["--org", "Fernhill Borough Council"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stdout(&first).contains("admin of Fernhill Borough Council"),
        "{}",
        stdout(&first)
    );
    // Once there is a council, --org must name it: a typo does not make a second one.
    let typo = Command::new(env!("CARGO_BIN_EXE_assure"))
        .args([
            "user",
            "add",
            "sam@fernhill.example",
            "--name",
            "Sam",
            "--org",
            "Fernhil",
        ])
        .env("ASSURE_DATABASE_URL", &db.url)
        .env("ASSURE_PASSWORD", "a long enough passphrase")
        .output()
        .unwrap();
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        stderr(&typo).contains("no organisation called"),
        "{}",
        stderr(&typo)
    );
    // The answer names no other council.
    assert!(
        !stderr(&typo).contains("Fernhill Borough Council"),
        "{}",
        stderr(&typo)
    );
}

#[test]
fn a_public_url_that_is_not_a_web_address_is_refused_before_anything_starts() {
    let db = support::sqlite_db();
    let out = assure(
        &db.url,
        &["serve", "--public-url", "assure.fernhill.example"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not an http:// or https:// address"),
        "{}",
        stderr(&out)
    );
}

/// Every action of an exported plan document, sub-actions included.
fn count_actions(doc: &Value) -> usize {
    fn walk(actions: &Value) -> usize {
        actions
            .as_array()
            .map(|list| list.iter().map(|a| 1 + walk(&a["children"])).sum())
            .unwrap_or(0)
    }
    doc["areas"]
        .as_array()
        .expect("areas")
        .iter()
        .map(|area| walk(&area["actions"]))
        .sum()
}

#[test]
fn the_demo_grows_to_exactly_the_actions_asked_for() {
    let db = support::sqlite_db();
    let out = assure(&db.url, &["demo", "--actions", "500"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("with 500 actions"), "{text}");
    let id = text
        .lines()
        .last()
        .expect("the plan id last")
        .trim()
        .to_string();
    let exported = assure(&db.url, &["export", "--plan", &id]);
    assert!(exported.status.success(), "{}", stderr(&exported));
    let doc: Value = serde_json::from_str(&stdout(&exported)).expect("export prints JSON");
    assert_eq!(count_actions(&doc), 500);
    assert_eq!(
        doc["areas"].as_array().unwrap().len(),
        5,
        "the demo's own areas"
    );
    // The demo's own actions are still there, first in their area.
    let own: Value = serde_json::from_str(&std::fs::read_to_string(demo_file()).unwrap()).unwrap();
    assert_eq!(
        doc["areas"][0]["actions"][0]["text"],
        own["areas"][0]["actions"][0]["text"]
    );

    // Out of bounds: one line, exit code 2, and nothing loaded.
    let other = support::sqlite_db();
    for (n, expected) in [("20001", "at most 20000"), ("3", "of its own")] {
        let out = assure(&other.url, &["demo", "--actions", n]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{n}: {err}");
        assert!(err.contains(expected), "{n}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{n}: {err}");
    }
    let loaded = assure(&other.url, &["demo"]);
    assert!(
        stdout(&loaded).contains("Loaded the demo council"),
        "a refused count loads nothing: {}",
        stdout(&loaded)
    );
}

#[tokio::test]
async fn the_demo_fills_a_store_for_the_scale_test() {
    for db in support::databases().await {
        let out = assure(
            &db.url,
            &["demo", "--plans", "12", "--actions", "40", "--updates", "3"],
        );
        assert!(out.status.success(), "{}: {}", db.backend, stderr(&out));
        assert!(stdout(&out).contains("with 40 actions in each of 12 plans"));
        let store = support::open(&db, support::clock()).await;
        let plans = store.plans(None).await.unwrap();
        assert_eq!(plans.len(), 12, "{}", db.backend);
        // Ten to the demo council, the rest to a second council.
        let orgs = store.organisations().await.unwrap();
        assert_eq!(orgs.len(), 2, "{}: {orgs:?}", db.backend);
        for p in &plans {
            let plan = store.plan(p.id).await.unwrap();
            let actions: Vec<_> = plan
                .areas
                .iter()
                .flat_map(|a| a.actions.iter())
                .flat_map(|a| a.walk())
                .collect();
            assert_eq!(actions.len(), 40, "{}", db.backend);
            assert!(
                actions.iter().all(|a| a.updates.len() == 3),
                "{}",
                db.backend
            );
        }
    }
    // Out of bounds: refused with the bound, nothing loaded.
    let db = support::sqlite_db();
    for (args, expected) in [
        (["--plans", "0"], "between 1 and 5000"),
        (["--plans", "5001"], "between 1 and 5000"),
        (["--updates", "61"], "at most 60"),
    ] {
        let mut all = vec!["demo"];
        all.extend(args);
        let out = assure(&db.url, &all);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(expected),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let loaded = assure(&db.url, &["demo"]);
    assert!(stdout(&loaded).contains("Loaded the demo council"));
}
