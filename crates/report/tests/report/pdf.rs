//! The PDF report: tagged, titled, in English, and saying what the report says. The
//! text is read back with poppler's pdftotext and pdfinfo (installed by
//! scripts/install-test-deps); those tests are ignored without them.

use crate::common::{glossary_names, november, refs};
use assure_report::Audience;
use std::path::Path;
use std::process::Command;

fn poppler() -> bool {
    let ok = ["pdftotext", "pdfinfo"]
        .iter()
        .all(|t| Command::new(t).arg("-v").output().is_ok());
    if !ok {
        println!("skipped: pdftotext and pdfinfo (poppler-utils) are not installed");
    }
    ok
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write the PDF");
    p
}

fn text_of(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn info_of(pdf: &Path) -> String {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn field<'a>(info: &'a str, name: &str) -> &'a str {
    info.lines()
        .find_map(|l| {
            l.strip_prefix(name)
                .map(|v| v.trim_start_matches(':').trim())
        })
        .unwrap_or_else(|| panic!("pdfinfo gave no {name}: {info}"))
}

#[test]
fn the_pdf_is_tagged_and_says_its_language_and_title() {
    let (_, r) = november(Audience::Board);
    let bytes = assure_report::pdf::write(&r).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw.contains("/StructTreeRoot"), "not tagged");
    assert!(raw.contains("/Lang"), "no language");
    // Made twice, the same bytes: nothing of the clock or the machine gets in.
    assert_eq!(bytes, assure_report::pdf::write(&r).expect("pdf"));
}

#[test]
#[ignore = "needs pdftotext and pdfinfo (poppler-utils; scripts/install-test-deps)"]
fn pdf_text_has_every_ref_and_status_word_and_pdfinfo_says_tagged() {
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let (plan, r) = november(Audience::Board);
    let pdf = write(
        dir.path(),
        "board.pdf",
        &assure_report::pdf::write(&r).expect("pdf"),
    );
    // ASSURE_REPORT_SAMPLES=DIR keeps a copy to look at (pdftoppm -png).
    if let Ok(keep) = std::env::var("ASSURE_REPORT_SAMPLES") {
        std::fs::copy(&pdf, Path::new(&keep).join("board.pdf")).expect("keep a copy");
    }
    let info = info_of(&pdf);
    assert_eq!(field(&info, "Tagged"), "yes", "{info}");
    assert_eq!(
        field(&info, "Title"),
        "Northbridge Children's Services Improvement Action Plan 2026–27: board report, November 2026"
    );
    let pages: usize = field(&info, "Pages").parse().expect("a page count");
    // 39 actions over five areas: a cover and summary, exceptions, five tables, glossary.
    assert!((5..=25).contains(&pages), "{pages} pages");
    // A4 landscape for the tables: 841.89 x 595.28 points on the last page.
    let last = Command::new("pdfinfo")
        .args(["-f", &pages.to_string(), "-l", &pages.to_string()])
        .arg(&pdf)
        .output()
        .expect("pdfinfo");
    let last = String::from_utf8_lossy(&last.stdout);
    assert!(last.contains("841.89 x 595.27"), "{last}");
    let text = text_of(&pdf);
    for r in refs(&plan) {
        assert!(text.contains(&r), "ref {r} missing");
    }
    for w in [
        "Blue (Complete)",
        "Red (Off track)",
        "Amber (At risk)",
        "Green (On track)",
        "No status",
    ] {
        assert!(text.contains(w), "status {w} missing");
    }
    for h in [
        "Summary",
        "Change since October 2026",
        "Measures",
        "Exceptions",
        "Actions by area",
        "Glossary",
    ] {
        assert!(text.contains(h), "{h} missing");
    }
    // Every measure is there by name, each with its recent values beside its chart (the
    // table's header repeats where it runs over a page, so at least one per measure).
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for m in &r.measures {
        assert!(folded.contains(&m.name), "measure {} missing", m.name);
    }
    assert!(
        folded.matches("Period Value Target Status").count() >= r.measures.len(),
        "a measure's table of recent values is missing"
    );
    assert!(folded.contains("Average weeks in pre-proceedings Weeks; lower is better; monthly."));
    // The header row is on every page of a table that runs over pages: each area's table
    // heads its page with "Ref", and there are at least as many "Ref" headers as tables.
    assert!(text.matches("Ref").count() >= plan.areas.len());
    assert!(
        text.contains("Helen Marsh"),
        "the board version names the lead officers"
    );
}

#[test]
#[ignore = "needs pdftotext and pdfinfo (poppler-utils; scripts/install-test-deps)"]
fn the_scrutiny_and_exceptions_pdfs_name_no_one() {
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    for audience in [Audience::Scrutiny, Audience::Exceptions] {
        let (plan, r) = november(audience);
        let pdf = write(
            dir.path(),
            &format!("{audience}.pdf"),
            &assure_report::pdf::write(&r).expect("pdf"),
        );
        assert_eq!(field(&info_of(&pdf), "Tagged"), "yes");
        let text = text_of(&pdf).replace(['\n', ' '], "");
        for n in glossary_names(&plan)
            .iter()
            .chain(["Zara Quinn".to_string()].iter())
        {
            assert!(!text.contains(&n.replace(' ', "")), "{audience}: {n}");
        }
        // Leads are roles (the exceptions version may list none that DCS leads).
        assert!(
            audience == Audience::Exceptions
                || text.contains("DirectorofChildren’sServices")
                || text.contains("DirectorofChildren'sServices"),
            "{audience}: roles shown"
        );
    }
}
