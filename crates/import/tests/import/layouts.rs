//! Layouts the shared fixtures do not use (fictional content): the importer reads plans
//! by what their columns mean, so these must work as well as the five real plans.

use assure_domain::{Meaning, PlanDocument, WhenKind};
use assure_import::{ImportOptions, import_bytes};
use chrono::NaiveDate;

use crate::build::{self, c, tbl, tc, tr};

fn fixture(name: &str) -> PlanDocument {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let bytes = std::fs::read(path).expect("fixture");
    import_bytes(name, &bytes, &ImportOptions::default())
        .expect("imports")
        .document
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn what_who_how_when_with_priority_column() {
    let d = fixture("what-who-how-when.csv");
    assert_eq!(d.areas.len(), 2);
    assert_eq!(d.areas[0].r#ref.as_deref(), Some("1"));
    assert_eq!(d.areas[0].title, "Children are seen promptly");
    let a = &d.areas[0].actions;
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].text, "Agree a duty rota for visits");
    assert_eq!(a[0].leads, ["HoS", "TM"]);
    assert_eq!(a[0].assurance.as_deref(), Some("Weekly duty report to DLT"));
    assert_eq!(a[0].due.as_ref().unwrap().date, date(2023, 3, 31));
    assert_eq!(a[1].due.as_ref().unwrap().kind, WhenKind::Recurring);
    assert_eq!(a[1].start.as_ref().unwrap().date, date(2023, 4, 1));
    assert_eq!(a[1].status.as_ref().unwrap().meaning, Meaning::AtRisk);
    let b = &d.areas[1].actions[0];
    // "&" splits leads only with spaces around it: "L&D" stays one lead.
    assert_eq!(b.leads, ["PSW", "L&D"]);
    assert_eq!(b.due.as_ref().unwrap().date, date(2023, 6, 30));
    let labels: Vec<&str> = d.status_scheme.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["Red", "Amber", "Green"]);
}

#[test]
fn one_rag_column_per_month_windows_1252_semicolons() {
    let d = fixture("rag-per-month.csv");
    let a = &d.areas[0].actions;
    assert_eq!(a.len(), 2);
    // the latest month that has a status is the status now
    assert_eq!(a[0].status.as_ref().unwrap().label, "Green");
    assert_eq!(a[1].status.as_ref().unwrap().label, "Amber");
    // earlier months are kept as history
    assert!(a[0].updates.iter().any(|u| u.text == "RAG Oct 22: Amber"));
    assert_eq!(a[0].due.as_ref().unwrap().date, date(2022, 12, 31));
}

#[test]
fn export_from_another_tool_nests_refs() {
    let d = fixture("tool-export.csv");
    let a = &d.areas[0].actions;
    assert_eq!(a.len(), 2, "1.1 and 1.2 nest under 1");
    assert_eq!(a[0].children.len(), 2);
    assert_eq!(a[0].children[1].r#ref.as_deref(), Some("1.2"));
    assert_eq!(a[0].children[1].due.as_ref().unwrap().kind, WhenKind::Tbc);
    assert_eq!(a[0].due.as_ref().unwrap().date, date(2023, 3, 31));
    assert_eq!(a[0].updates.len(), 2);
    assert_eq!(a[0].updates[1].date, date(2023, 3, 10));
    assert_eq!(
        a[0].children[0].status.as_ref().unwrap().meaning,
        Meaning::Complete
    );
    assert_eq!(a[1].status.as_ref().unwrap().meaning, Meaning::AtRisk);
    assert_eq!(a[1].due.as_ref().unwrap().kind, WhenKind::Recurring);
}

#[test]
fn word_status_by_colour_merges_links_and_tracked_changes() {
    let green = "<w:shd w:val=\"clear\" w:fill=\"00B050\"/>";
    let red = "<w:shd w:val=\"clear\" w:fill=\"FF0000\"/>";
    let body = [
        build::heading("Improvement plan", 1),
        build::p("Area for improvement 1: Supervision is regular"),
        tbl(&[
            tr(&[c("Action"), c("Lead"), c("Target date"), c("Evidence"), c("Status")]),
            tr(&[
                tc("<w:vMerge w:val=\"restart\"/>", &build::p("Audit supervision")),
                c("AB"),
                c("March 2024"),
                tc("", "<w:p><w:hyperlink r:id=\"rId9\"><w:r><w:t>Audit report</w:t></w:r></w:hyperlink></w:p>"),
                tc(green, "<w:p/>"),
            ]),
            tr(&[
                tc("<w:vMerge/>", "<w:p/>"),
                c("CD"),
                c("April 2024"),
                c(""),
                tc(red, "<w:p/>"),
            ]),
            tr(&[
                c("Train <w:del><w:r><w:delText>old </w:delText></w:r></w:del>managers"),
                c("EF"),
                c("May 2024"),
                c(""),
                c(""),
            ]),
        ]),
    ]
    .concat();
    // the deleted run must not reach the text: build it by hand
    let body = body.replace(
        "<w:t xml:space=\"preserve\">Train <w:del><w:r><w:delText>old </w:delText></w:r></w:del>managers</w:t>",
        "<w:t xml:space=\"preserve\">Train </w:t></w:r><w:del><w:r><w:delText>old </w:delText></w:r></w:del><w:ins><w:r><w:t>new </w:t></w:r></w:ins><w:r><w:t>managers</w:t>",
    );
    let rels = r#"<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/audit" TargetMode="External"/>"#;
    let bytes = build::docx(&body, rels);
    let d = import_bytes("plan.docx", &bytes, &ImportOptions::default())
        .expect("imports")
        .document;
    assert_eq!(d.title, "Improvement plan");
    assert_eq!(d.areas.len(), 1);
    assert_eq!(d.areas[0].r#ref.as_deref(), Some("1"));
    let a = &d.areas[0].actions;
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].status.as_ref().unwrap().label, "Green");
    assert_eq!(a[0].evidence, ["Audit report", "https://example.org/audit"]);
    // the merged action cell continues: the second row is a child
    assert_eq!(a[0].children.len(), 1);
    assert_eq!(
        a[0].children[0].status.as_ref().unwrap().meaning,
        Meaning::OffTrack
    );
    assert_eq!(a[1].text, "Train new managers");
}

#[test]
fn a_status_column_with_no_heading_is_known_by_its_colours() {
    let fill = |f: &str| {
        tc(
            &format!("<w:shd w:val=\"clear\" w:fill=\"{f}\"/>"),
            "<w:p/>",
        )
    };
    let body = tbl(&[
        tr(&[c("Action"), c("Lead"), c("By when"), c("")]),
        tr(&[c("Set up a panel"), c("AB"), c("May 2024"), fill("00B050")]),
        tr(&[c("Write guidance"), c("CD"), c("June 2024"), fill("FF0000")]),
        tr(&[c("Train chairs"), c("EF"), c("July 2024"), fill("FFC000")]),
    ]);
    let d = import_bytes(
        "plan.docx",
        &build::docx(&body, ""),
        &ImportOptions::default(),
    )
    .expect("imports")
    .document;
    let labels: Vec<_> = d.areas[0]
        .actions
        .iter()
        .map(|a| a.status.as_ref().map(|s| (s.label.as_str(), s.meaning)))
        .collect();
    assert_eq!(
        labels,
        [
            Some(("Green", Meaning::OnTrack)),
            Some(("Red", Meaning::OffTrack)),
            Some(("Amber", Meaning::AtRisk))
        ]
    );
    assert!(
        d.areas[0].narrative.is_empty(),
        "{:?}",
        d.areas[0].narrative
    );
}

#[test]
fn month_columns_of_single_letters_are_statuses_but_distinct_letters_are_refs() {
    let csv = "Action;Lead;Due;Q1;Q2\nOne;AB;May 2024;R;A\nTwo;CD;June 2024;A;G\nThree;EF;July 2024;G;G\n";
    let d = import_bytes("plan.csv", csv.as_bytes(), &ImportOptions::default())
        .expect("imports")
        .document;
    let a = &d.areas[0].actions;
    assert_eq!(a[0].status.as_ref().unwrap().label, "A");
    assert_eq!(a[0].updates[0].text, "Q1: R");
    let csv = ",Action,Lead,Due\nA,One,AB,May 2024\nB,Two,CD,June 2024\n";
    let d = import_bytes("plan.csv", csv.as_bytes(), &ImportOptions::default())
        .expect("imports")
        .document;
    let a = &d.areas[0].actions;
    assert_eq!(a[0].r#ref.as_deref(), Some("A"));
    assert!(a[0].status.is_none());
}
