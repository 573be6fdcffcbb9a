//! Serving the sign-in page, and reading a file's columns with a layout that corrects them.

#[allow(clippy::wildcard_imports)]
use super::*;

#[test]
fn serve_answers_with_the_sign_in_page() {
    let db = support::sqlite_db();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let bind = format!("127.0.0.1:{port}");
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_assure"))
        .args(["serve", "--demo", "--bind", &bind])
        .env("ASSURE_DATABASE_URL", &db.url)
        .env("ASSURE_DATA_DIR", data.path())
        .env("ASSURE_LOG", "warn")
        .spawn()
        .expect("start the server");
    let mut page = None;
    for _ in 0..100 {
        if let Ok(body) = http_get(&bind, "/login") {
            page = Some(body);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let home = http_get(&bind, "/").unwrap_or_default();
    let _ = child.kill();
    let _ = child.wait();
    let page = page.expect("the server answered within 10 seconds");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("Sign in to Assure"), "{page}");
    assert!(
        home.starts_with("HTTP/1.1 303"),
        "the plans need a sign-in: {home}"
    );
}

/// A bare HTTP/1.1 GET, enough for a smoke test without an HTTP client dependency.
fn http_get(addr: &str, path: &str) -> std::io::Result<String> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr)?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut out = String::new();
    s.read_to_string(&mut out)?;
    Ok(out)
}

#[test]
fn show_reading_prints_the_columns_and_a_layout_file_corrects_them() {
    let db = support::sqlite_db();
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = dir.path().join("tracker.csv");
    std::fs::write(
        &plan,
        "Matter,Doing,Person,Finish by,Colour\r\n\
         Front door,Agree a duty rota,HoS,March 2025,Green\r\n\
         Care leavers,Offer a health passport,PSW,May 2025,Red\r\n",
    )
    .expect("write plan");
    // Unknown header words: the plan cannot be read as it is.
    let plain = assure(&db.url, &["import", plan.to_str().unwrap(), "--dry-run"]);
    assert_eq!(plain.status.code(), Some(2), "{}", stdout(&plain));

    let layout = dir.path().join("tracker.toml");
    std::fs::write(
        &layout,
        "name = \"Our tracker\"\n\
         [[header]]\nrow = 1\n\
         [[column]]\ncolumn = 1\nmeaning = \"area\"\n\
         [[column]]\nheader = \"Doing\"\nmeaning = \"action\"\n\
         [[column]]\ncolumn = 3\nmeaning = \"lead\"\n\
         [[column]]\ncolumn = 4\nmeaning = \"timescale\"\n\
         [[column]]\ncolumn = 5\nmeaning = \"status\"\n",
    )
    .expect("write layout");
    let shown = import_with_layout(&db.url, &plan, &layout, &["--show-reading"]);
    assert!(shown.status.success(), "{}", stderr(&shown));
    let text = stdout(&shown);
    assert!(
        text.contains("table 1 column 2: “Doing” -> action (100%)"),
        "{text}"
    );
    assert!(text.contains("Rows by class: header 1, action 2"), "{text}");

    let out = import_with_layout(&db.url, &plan, &layout, &["--dry-run", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(doc["areas"][1]["title"], "Care leavers");
    assert_eq!(doc["areas"][1]["actions"][0]["status"]["label"], "Red");
    assert_eq!(doc["areas"][0]["actions"][0]["leads"][0], "HoS");

    // A layout that names a meaning we do not have is refused, saying which entry.
    std::fs::write(&layout, "[[column]]\ncolumn = 2\nmeaning = \"colour\"\n").expect("write");
    let bad = import_with_layout(&db.url, &plan, &layout, &["--dry-run"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("column correction 1"),
        "{}",
        stderr(&bad)
    );
    std::fs::write(&layout, "[[column]\nbroken").expect("write");
    let broken = import_with_layout(&db.url, &plan, &layout, &["--dry-run"]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(
        stderr(&broken).contains("not a layout"),
        "{}",
        stderr(&broken)
    );
}

/// `assure import PLAN --layout LAYOUT` with `extra` arguments after.
fn import_with_layout(db: &str, plan: &Path, layout: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "import",
        plan.to_str().unwrap(),
        "--layout",
        layout.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    assure(db, &args)
}
