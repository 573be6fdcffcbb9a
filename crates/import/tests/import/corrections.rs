//! The reading (columns, meanings, confidence, row classes) and a person's corrections
//! to it: a layout whose header words the importer does not know reads right once the
//! header row and two column meanings are corrected, and a misread row is reclassed.

use assure_import::understand::corrections::{ColumnFix, HeaderFix, RowFix};
use assure_import::{
    Corrections, ImportError, ImportOptions, RowClass, import_bytes, import_bytes_with,
};

/// A tracker whose headings name nothing the importer knows ("Matter", "Doing",
/// "Person", "Finish by", "Colour"), with a row of instructions under them.
const ODD: &str = "Matter,Doing,Person,Finish by,Colour\r\n\
Fill in every column,Please keep to one line,,,\r\n\
Front door,Agree a duty rota,HoS,March 2025,Green\r\n\
Front door,Publish the threshold guide,PSW,April 2025,Amber\r\n\
Care leavers,Offer a health passport,Leaving Care Manager,May 2025,Red\r\n";

fn fixes() -> Corrections {
    let col = |column: usize, meaning: &str| ColumnFix {
        column: Some(column),
        meaning: meaning.into(),
        ..Default::default()
    };
    Corrections {
        name: Some("Odd tracker".into()),
        headers: vec![HeaderFix {
            table: None,
            row: 1,
        }],
        columns: vec![
            col(1, "area"),
            col(2, "action"),
            ColumnFix {
                header: Some("  PERSON ".into()),
                meaning: "lead".into(),
                ..Default::default()
            },
            col(4, "timescale"),
            col(5, "status"),
        ],
        rows: vec![RowFix {
            table: 1,
            row: 2,
            class: RowClass::Guidance,
        }],
    }
}

#[test]
fn an_unknown_layout_is_refused_until_corrected() {
    let plain = import_bytes("odd.csv", ODD.as_bytes(), &ImportOptions::default());
    assert!(
        matches!(plain, Err(ImportError::NoHeader { .. })),
        "{plain:?}"
    );

    let c = fixes();
    c.validate().expect("valid corrections");
    let out = import_bytes_with("odd.csv", ODD.as_bytes(), &ImportOptions::default(), &c)
        .expect("reads with corrections");
    let d = &out.document;
    let titles: Vec<&str> = d.areas.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["Front door", "Care leavers"]);
    let a = &d.areas[0].actions;
    assert_eq!(a.len(), 2, "the instructions row is not an action");
    assert_eq!(a[0].text, "Agree a duty rota");
    assert_eq!(a[0].leads, ["HoS"]);
    assert_eq!(
        a[1].status.as_ref().map(|s| s.label.as_str()),
        Some("Amber")
    );
    assert_eq!(
        a[1].due
            .as_ref()
            .and_then(|w| w.date)
            .map(|d| d.to_string()),
        Some("2025-04-30".into())
    );
    // The reading says these were corrections, and how the rows were classed.
    let col1 = &out.reading.columns[0];
    assert_eq!((col1.meaning.as_str(), col1.confidence), ("area", 1.0));
    assert_eq!(col1.reason.as_deref(), Some("as you corrected it"));
    let classes: Vec<RowClass> = out.reading.rows.iter().map(|r| r.class).collect();
    assert_eq!(
        classes,
        [
            RowClass::Header,
            RowClass::Guidance,
            RowClass::Action,
            RowClass::Action,
            RowClass::Action
        ]
    );
}

#[test]
fn a_column_read_from_its_cells_says_why_and_how_sure() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/layouts/l09-unlabelled-headers.txt");
    let bytes = std::fs::read(path).expect("fixture");
    let out = import_bytes("l09.txt", &bytes, &ImportOptions::default()).expect("imports");
    let c = &out.reading.columns[3];
    assert_eq!(c.header, "");
    assert_eq!(c.meaning, "timescale");
    let why = c.reason.as_deref().unwrap_or("");
    assert!(
        why.contains("no header") && why.contains("4 of 4 cells are dates"),
        "{why}"
    );
    assert!(c.confidence > 0.5 && c.confidence < 1.0, "{}", c.confidence);
    // the header's own words are surer than a guess
    assert!(out.reading.columns[1].confidence > c.confidence);
    assert!(
        out.report
            .guesses
            .iter()
            .any(|g| g.contains("column 4") && g.contains("dates")),
        "{:?}",
        out.report.guesses
    );
    assert!(
        out.report
            .to_text()
            .contains("read as timescale because 4 of 4 cells are dates")
    );
    let text = out.reading.to_text();
    assert!(
        text.contains("table 1 column 5: “Progress” -> status"),
        "{text}"
    );
}

#[test]
fn the_header_signature_ignores_the_dates_renamed_every_round() {
    let month = |m: &str| {
        format!("Ref,Action,Lead,Timescale,{m} Update\r\n1,Agree the rota,HoS,March 2025,Done\r\n")
    };
    let read = |t: String| {
        import_bytes("p.csv", t.as_bytes(), &ImportOptions::default())
            .expect("imports")
            .reading
            .signature
    };
    let oct = read(month("October 2021"));
    assert_eq!(oct, read(month("November 2021")));
    assert_ne!(
        oct,
        read("Ref,Action,Owner,Timescale,Update\r\n1,A,B,March 2025,x\r\n".into())
    );
}

#[test]
fn bad_corrections_are_named() {
    let mut c = fixes();
    c.columns[0].meaning = "colour".into();
    assert!(c.validate().unwrap_err().contains("column correction 1"));
    let mut c = fixes();
    c.headers[0].row = 0;
    assert!(c.validate().is_err());
    let mut c = fixes();
    c.rows = (1..=600)
        .map(|row| RowFix {
            table: 1,
            row,
            class: RowClass::Action,
        })
        .collect();
    assert!(c.validate().unwrap_err().contains("at most"));
    // corrections naming rows and columns that do not exist change nothing and break nothing
    let c = Corrections {
        headers: vec![HeaderFix {
            table: Some(9),
            row: 500,
        }],
        columns: vec![ColumnFix {
            column: Some(400),
            meaning: "lead".into(),
            ..Default::default()
        }],
        rows: vec![RowFix {
            table: 1,
            row: 9999,
            class: RowClass::Banner,
        }],
        ..Default::default()
    };
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/layouts/l09-unlabelled-headers.txt");
    let bytes = std::fs::read(path).expect("fixture");
    let with =
        import_bytes_with("l09.txt", &bytes, &ImportOptions::default(), &c).expect("imports");
    let without = import_bytes("l09.txt", &bytes, &ImportOptions::default()).expect("imports");
    assert_eq!(with.document, without.document);
}
