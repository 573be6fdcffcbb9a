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
        ..ImportOptions::default()
    };
    let e = err("bomb.docx", &bytes, &opts);
    assert!(matches!(e, ImportError::ExpansionLimit { .. }), "{e:?}");
}

#[test]
fn size_limit() {
    let opts = ImportOptions {
        max_bytes: 10,
        max_expanded_bytes: 10,
        ..ImportOptions::default()
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

/// Found while fuzzing: reading columns by their data looked each cell up by walking
/// the whole row, so a table thousands of columns wide took time in the square of its
/// width; and a lead cell of many words is split by trying every cut of its words,
/// once per row. Both must stay roughly linear in the size of the file.
#[test]
fn very_wide_tables_and_repeated_long_lead_cells_import_in_time() {
    let mut wide = String::from("Action,Lead");
    wide.push_str(&",".repeat(2000));
    wide.push('\n');
    for r in 0..40 {
        wide.push_str(&format!("Do thing {r},KA"));
        for c in 0..2000 {
            wide.push_str(&format!(",1.{c}"));
        }
        wide.push('\n');
    }
    let mut long = String::from("Action;Lead;Status\n");
    for r in 0..3000 {
        long.push_str(&format!(
            "Do thing number {r} with words;KA SM HoS TM PM QA AB CD EF GH IJ KL;Green\n"
        ));
    }
    for (name, text) in [("wide.csv", wide), ("long.csv", long)] {
        let t = std::time::Instant::now();
        let out = import_bytes(name, text.as_bytes(), &ImportOptions::default()).expect("imports");
        assert!(!out.document.areas.is_empty());
        let took = t.elapsed();
        println!("{name}: {took:?}");
        assert!(took.as_secs() < 20, "{name} took {took:?}");
    }
}

/// Inputs the fuzz targets crashed on, kept in `tests/fixtures/fuzz/` as the targets
/// saw them (the first byte picks the part of a template package, the rest is its
/// XML; see `fuzz/fuzz_targets/package.rs`):
/// - xlsx: a `<dimension>` whose reference runs on into letters overflowed calamine's
///   column arithmetic, and one that runs backwards ("E1:B5") overflowed its
///   subtraction. References outside Excel's grid, a row 0 and backward ranges are
///   refused (calamine is no longer used; the sheet reader checks them as it reads).
/// - docx: a cell fill of six bytes that were not six hex digits ("00\u{feff}0")
///   was sliced inside a character when read as a colour.
#[test]
fn crash_inputs_from_fuzzing_import_or_fail_cleanly() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let template = |name: &str| std::fs::read(fixtures.join(name)).expect("template");
    let mut n = 0;
    for entry in std::fs::read_dir(fixtures.join("fuzz")).expect("fuzz inputs") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("input");
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("input");
        match name.rsplit('.').next() {
            Some("xlsx-part") => {
                let pkg = with_part(&template("rag-by-month.xlsx"), XLSX_PARTS, &bytes);
                let e = err("fuzz.xlsx", &pkg, &ImportOptions::default());
                assert!(
                    e.to_string().contains("is outside the sheet")
                        || e.to_string().contains("runs backwards"),
                    "{name}: {e}"
                );
            }
            Some("docx-part") => {
                let pkg = with_part(&template("what-who-how-when.docx"), DOCX_PARTS, &bytes);
                let _ = import_bytes("fuzz.docx", &pkg, &ImportOptions::default());
            }
            _ => panic!("{name}: unknown kind of fuzz input"),
        }
        n += 1;
    }
    assert!(n >= 3);
}

const XLSX_PARTS: &[&str] = &[
    "xl/worksheets/sheet1.xml",
    "xl/worksheets/sheet2.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "xl/workbook.xml",
];
const DOCX_PARTS: &[&str] = &[
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "word/styles.xml",
];

/// The fuzz targets' package: the template with the part chosen by the first byte
/// replaced by the rest (added when the template has no such part).
fn with_part(template: &[u8], parts: &[&str], data: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let (&pick, content) = data.split_first().expect("input");
    let target = parts[usize::from(pick) % parts.len()];
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(template)).expect("zip");
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut replaced = false;
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("part");
        let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).expect("read");
        w.start_file(name.as_str(), opts).expect("start");
        if name == target {
            w.write_all(content).expect("write");
            replaced = true;
        } else {
            w.write_all(&bytes).expect("write");
        }
    }
    if !replaced {
        w.start_file(target, opts).expect("start");
        w.write_all(content).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

/// Two cells far apart make a grid of 17 billion cells between them (A1 to
/// XFD1048576): refused by the sheet-size limit before the table is built.
#[test]
fn a_sheet_spanning_billions_of_cells_is_refused() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(0, 0, "Action").expect("write");
    ws.write(0, 1, "Lead").expect("write");
    ws.write(1_048_575, 16_383, "far away").expect("write");
    let bytes = wb.save_to_buffer().expect("xlsx");
    let e = err("plan.xlsx", &bytes, &ImportOptions::default());
    assert!(matches!(e, ImportError::SheetTooLarge { .. }), "{e:?}");
    assert!(e.to_string().contains("plan.xlsx"), "{e}");
}

/// Row 0 (`<row r="0">`) underflowed calamine's row arithmetic the same way; it is not a
/// place on the sheet.
#[test]
fn a_row_numbered_zero_is_refused() {
    let template = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rag-by-month.xlsx"),
    )
    .expect("template");
    let sheet = br#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="0"><c t="inlineStr"><is><t>Action</t></is></c></row></sheetData></worksheet>"#;
    let mut data = vec![0u8];
    data.extend_from_slice(sheet);
    let e = err(
        "fuzz.xlsx",
        &with_part(&template, XLSX_PARTS, &data),
        &ImportOptions::default(),
    );
    assert!(e.to_string().contains("outside the sheet"), "{e}");
}
