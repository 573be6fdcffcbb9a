//! Reminders: `assure remind` on the demo, and a server that sends them by itself.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The demo plan's actions by reference, for reading `assure remind`'s ids.
async fn refs_by_id(url: &str) -> std::collections::HashMap<String, String> {
    let store = assure_store::connect(url, support::clock())
        .await
        .expect("store");
    let plans = store.plans(None).await.expect("plans");
    let plan = store.plan(plans[0].id).await.expect("plan");
    plan.actions()
        .into_iter()
        .map(|(_, _, a)| (a.id.to_string(), a.r#ref.clone().unwrap_or_default()))
        .collect()
}

/// (to, kind, the actions' references) of each message `remind --format json` printed.
fn messages(
    out: &Output,
    refs: &std::collections::HashMap<String, String>,
) -> Vec<(String, String, Vec<String>)> {
    let json: Value = serde_json::from_str(&stdout(out))
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(out), stderr(out)));
    json.as_array()
        .expect("an array")
        .iter()
        .map(|m| {
            let mut actions: Vec<String> = m["actions"]
                .as_array()
                .expect("actions")
                .iter()
                .map(|a| refs[a.as_str().expect("id")].clone())
                .collect();
            actions.sort();
            (
                m["to"].as_str().expect("to").to_string(),
                m["kind"].as_str().expect("kind").to_string(),
                actions,
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remind_on_the_demo_says_what_is_due_then_sends_it_once() {
    use assure_test_support::smtp_sink::{SinkMode, SmtpSink};
    let db = support::sqlite_db();
    let loaded = assure(&db.url, &["demo"]);
    assert!(loaded.status.success(), "{}", stderr(&loaded));
    let refs = refs_by_id(&db.url).await;
    let dry = [
        "remind",
        "--dry-run",
        "--as-of",
        "2026-12-01",
        "--format",
        "json",
    ];
    let out = assure(&db.url, &dry);
    assert!(out.status.success(), "{}", stderr(&out));
    let got = messages(&out, &refs);
    let who: Vec<(&str, &str)> = got
        .iter()
        .map(|(t, k, _)| (t.as_str(), k.as_str()))
        .collect();
    // December's round opens for every lead with something due; November's deadline has
    // passed, so both owners hear who did not update.
    assert_eq!(
        who,
        vec![
            ("claire.doyle@northbridge.example", "invitation"),
            ("daniel.okafor@northbridge.example", "invitation"),
            ("daniel.okafor@northbridge.example", "escalation"),
            ("helen.marsh@northbridge.example", "escalation"),
            ("kerry.moss@northbridge.example", "invitation"),
            ("lucy.hart@northbridge.example", "invitation"),
        ]
    );
    // Claire ("HoS CP") leads 1.5, 2.3, 2.4, 3.4, 3.5 and a sub-action of 2.1: all due.
    let claire = &got[0].2;
    assert_eq!(claire.len(), 6, "{claire:?}");
    for r in ["1.5", "2.3", "2.4", "3.4", "3.5"] {
        assert!(claire.contains(&r.to_string()), "{r} in {claire:?}");
    }
    // November's escalation: 3.4 had no update in November; 2.3 was updated on the 6th.
    let escalation = &got[3].2;
    assert!(escalation.contains(&"3.4".to_string()));
    assert!(!escalation.contains(&"2.3".to_string()), "{escalation:?}");
    assert_eq!(got[2].2, got[3].2, "both owners get the same list");
    // A dry run records nothing: the same again.
    assert_eq!(messages(&assure(&db.url, &dry), &refs), got);

    // Sent for real through SMTP, then nothing the second time.
    let sink = SmtpSink::start(SinkMode::Accept).await;
    let url = sink.url();
    let send = [
        "remind",
        "--as-of",
        "2026-12-01",
        "--format",
        "json",
        "--smtp-url",
        &url,
        "--mail-from",
        "Assure <assure@northbridge.example>",
        "--public-url",
        "https://assure.northbridge.example",
    ];
    let first = tokio::task::spawn_blocking({
        let (u, s) = (db.url.clone(), send.map(String::from));
        move || assure(&u, &s.iter().map(String::as_str).collect::<Vec<_>>())
    })
    .await
    .expect("run");
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(messages(&first, &refs), got);
    assert_eq!(sink.wait_for(6, 10).await.len(), 6);
    let second = tokio::task::spawn_blocking({
        let (u, s) = (db.url.clone(), send.map(String::from));
        move || assure(&u, &s.iter().map(String::as_str).collect::<Vec<_>>())
    })
    .await
    .expect("run");
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(stdout(&second).trim(), "[]");
    assert_eq!(sink.messages().len(), 6);
    let links = sink.messages()[0].decoded();
    assert!(
        links.contains("https://assure.northbridge.example/plans/"),
        "{links}"
    );

    // Bad input: one clear line, exit code 2, nothing sent.
    for (args, says) in [
        (
            vec!["remind", "--as-of", "1 December"],
            "--as-of must be a date",
        ),
        (
            vec!["remind", "--dry-run", "--plan", "nonsense"],
            "--plan must be a plan's id",
        ),
        (vec!["remind"], "no SMTP server is configured"),
        (
            vec!["remind", "--smtp-url", "smtp://127.0.0.1:1"],
            "needs --mail-from",
        ),
        (
            vec!["remind", "--dry-run", "--public-url", "javascript:alert(1)"],
            "not an http:// or https:// address",
        ),
    ] {
        let out = assure(&db.url, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
}

/// Starts `assure serve --demo` with mail to `smtp_url`; the caller kills it.
fn serve_with_mail(db: &str, data: &Path, smtp_url: &str) -> std::process::Child {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    Command::new(env!("CARGO_BIN_EXE_assure"))
        .args([
            "serve",
            "--demo",
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--smtp-url",
            smtp_url,
            "--mail-from",
            "assure@northbridge.example",
            "--remind-every",
            "1",
        ])
        .env("ASSURE_DATABASE_URL", db)
        .env("ASSURE_DATA_DIR", data)
        .env("ASSURE_LOG", "warn")
        .spawn()
        .expect("start the server")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_sends_the_reminders_due_by_itself_and_a_restart_sends_nothing_again() {
    use assure_test_support::smtp_sink::{SinkMode, SmtpSink};
    let db = support::sqlite_db();
    let data = tempfile::tempdir().unwrap();
    let sink = SmtpSink::start(SinkMode::Accept).await;
    // Whatever today is, the demo's open actions make something due to someone.
    let mut first = serve_with_mail(&db.url, data.path(), &sink.url());
    let got = sink.wait_for(1, 30).await;
    // Let the run finish what it started, then stop the server.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let _ = first.kill();
    let _ = first.wait();
    assert!(
        !got.is_empty(),
        "the scheduler sent nothing within 30 seconds"
    );
    let sent = sink.messages();
    for m in &sent {
        assert!(m.to[0].ends_with("@northbridge.example>"), "{:?}", m.to);
        assert!(
            m.subject()
                .is_some_and(|s| s.starts_with("Northbridge Borough Council: "))
        );
    }
    // A restart runs at once, and finds everything already in the sent-log.
    let mut second = serve_with_mail(&db.url, data.path(), &sink.url());
    tokio::time::sleep(std::time::Duration::from_secs(6)).await;
    let _ = second.kill();
    let _ = second.wait();
    assert_eq!(sink.messages().len(), sent.len(), "nothing sent twice");
}
