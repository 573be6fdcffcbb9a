//! Files that are not plans, or not what they claim: one clear error each, no panic.

use assure_import::{ImportError, ImportOptions, import_bytes};

use crate::build;

fn err(name: &str, bytes: &[u8], opts: &ImportOptions) -> ImportError {
    match import_bytes(name, bytes, opts) {
        Ok(o) => panic!("{name} imported: {:?}", o.document.title),
        Err(e) => e,
    }
}

#[test]
fn empty_and_blank_files() {
    let o = ImportOptions::default();
    assert!(matches!(
        err("plan.docx", b"", &o),
        ImportError::Empty { .. }
    ));
    assert!(matches!(
        err("plan.txt", b"  \n\n", &o),
        ImportError::Empty { .. }
    ));
}

#[test]
fn corrupt_zip_names_the_file() {
    let e = err(
        "plan.docx",
        b"PK\x03\x04 this is not really a zip",
        &ImportOptions::default(),
    );
    assert!(matches!(e, ImportError::Corrupt { .. }), "{e:?}");
    assert!(e.to_string().contains("plan.docx"));
}

#[test]
fn docx_extension_on_a_text_file() {
    let e = err("plan.docx", b"hello, not a zip", &ImportOptions::default());
    assert!(matches!(e, ImportError::Corrupt { .. }), "{e:?}");
}

#[test]
fn a_docx_renamed_xlsx_is_read_as_word() {
    let body = build::tbl(&[
        build::tr(&[build::c("Action"), build::c("Lead"), build::c("Timescale")]),
        build::tr(&[
            build::c("Do the thing"),
            build::c("KA"),
            build::c("March 2022"),
        ]),
    ]);
    let bytes = build::docx(&body, "");
    let out = import_bytes("plan.xlsx", &bytes, &ImportOptions::default()).expect("imports");
    assert_eq!(out.report.format, "docx");
    assert_eq!(out.document.areas[0].actions[0].text, "Do the thing");
}

#[test]
fn zip_that_is_neither_word_nor_excel() {
    let bytes = build::package(&[("hello.txt", "hi")]);
    let e = err("plan.docx", &bytes, &ImportOptions::default());
    assert!(matches!(e, ImportError::Unsupported { .. }), "{e:?}");
}

#[test]
fn encrypted_office_file() {
    // Office encrypts .docx/.xlsx inside an OLE compound file.
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend_from_slice(&[0u8; 512]);
    let e = err("plan.docx", &bytes, &ImportOptions::default());
    assert!(matches!(e, ImportError::Encrypted { .. }), "{e:?}");
    let e = err("plan.doc", &bytes, &ImportOptions::default());
    assert!(matches!(e, ImportError::Unsupported { .. }), "{e:?}");
}

#[test]
fn expansion_limit_stops_a_zip_bomb() {
    // 5 MB of one repeated paragraph compresses to a few KB.
    let body = build::p("x").repeat(200_000);
    let bytes = build::docx(&body, "");
    assert!(bytes.len() < 200_000);
    let opts = ImportOptions {
        max_bytes: 1_000_000,
        max_expanded_bytes: 1_000_000,
    };
    let e = err("bomb.docx", &bytes, &opts);
    assert!(matches!(e, ImportError::ExpansionLimit { .. }), "{e:?}");
}

#[test]
fn size_limit() {
    let opts = ImportOptions {
        max_bytes: 10,
        max_expanded_bytes: 10,
    };
    let e = err("plan.txt", b"Action\tLead\nA\tB\n", &opts);
    assert!(matches!(e, ImportError::TooLarge { .. }), "{e:?}");
}

#[test]
fn no_recognisable_header() {
    let e = err(
        "notes.txt",
        b"Shopping\tlist\nmilk\teggs\n",
        &ImportOptions::default(),
    );
    assert!(matches!(e, ImportError::NoHeader { .. }), "{e:?}");
    let e = err(
        "letter.txt",
        b"Dear colleague,\nThanks.\n",
        &ImportOptions::default(),
    );
    assert!(matches!(e, ImportError::NoHeader { .. }), "{e:?}");
}

#[test]
fn binary_and_pdf_are_refused() {
    let e = err("plan.pdf", b"%PDF-1.7\n...", &ImportOptions::default());
    assert!(matches!(e, ImportError::Unsupported { .. }), "{e:?}");
    let e = err(
        "plan.bin",
        &[0u8, 1, 0, 2, 0, 3, 0, 0, 0, 0, 9, 0],
        &ImportOptions::default(),
    );
    assert!(matches!(e, ImportError::Unsupported { .. }), "{e:?}");
}

#[test]
fn truncated_and_garbled_inputs_do_not_panic() {
    let body = build::tbl(&[
        build::tr(&[build::c("Action"), build::c("Lead")]),
        build::tr(&[build::c("Do"), build::c("KA")]),
    ]);
    let good = build::docx(&body, "");
    for cut in (0..good.len()).step_by(97) {
        let _ = import_bytes("cut.docx", &good[..cut], &ImportOptions::default());
    }
    // Deeply nested tables are flattened, not recursed into.
    let mut nested = String::from("<w:p><w:r><w:t>deep</w:t></w:r></w:p>");
    for _ in 0..2000 {
        nested = format!("<w:tbl><w:tr><w:tc>{nested}</w:tc></w:tr></w:tbl>");
    }
    let _ = import_bytes(
        "nested.docx",
        &build::docx(&nested, ""),
        &ImportOptions::default(),
    );
    let mut junk = Vec::new();
    let mut x: u32 = 12345;
    for _ in 0..5000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        junk.push((x >> 16) as u8);
    }
    let _ = import_bytes("junk.txt", &junk, &ImportOptions::default());
    let _ = import_bytes("junk.csv", &junk, &ImportOptions::default());
}
