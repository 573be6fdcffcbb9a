//! Files made to exhaust memory (issue 10): each is refused with an error that says
//! what was too much and where, quickly, with the default limits. They are smaller
//! versions of what `scripts/hostile-imports` writes (which took the server to
//! gigabytes), large enough to pass each limit. Before the readers counted what they
//! read, each of these was read whole: the xlsx ones into calamine's cell lists and
//! grids, the docx ones into one string of the whole document.

use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use assure_import::{ImportOptions, import_bytes};
use zip::write::SimpleFileOptions;

/// How long a refusal may take in a debug build on a busy machine.
const QUICK: Duration = Duration::from_secs(30);

/// The error `import_bytes` gives, and how long it took to give it.
fn refused(name: &str, bytes: &[u8]) -> (String, Duration) {
    let t = Instant::now();
    let out = import_bytes(name, bytes, &ImportOptions::default());
    let took = t.elapsed();
    match out {
        Ok(o) => panic!("{name} imported: {:?}", o.document.title),
        Err(e) => {
            println!("{name}: {took:?}: {e}");
            assert!(took < QUICK, "{name} took {took:?}");
            (e.to_string(), took)
        }
    }
}

/// A package whose parts are written from pieces, deflated.
fn package(parts: &[(&str, Vec<String>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, pieces) in parts {
        w.start_file(*name, opts).expect("start part");
        for p in pieces {
            w.write_all(p.as_bytes()).expect("write part");
        }
    }
    w.finish().expect("finish zip").into_inner()
}

const S_NS: &str = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

/// A workbook of one sheet named "Plan" whose `sheetData` is `rows`, with shared
/// strings `sst` when given.
fn xlsx(rows: Vec<String>, sst: Option<Vec<String>>) -> Vec<u8> {
    let mut sheet = vec![format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet {S_NS}><sheetData>"#
    )];
    sheet.extend(rows);
    sheet.push("</sheetData></worksheet>".into());
    let mut parts = vec![
        ("[Content_Types].xml", vec![r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.to_string()]),
        ("_rels/.rels", vec![r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()]),
        ("xl/workbook.xml", vec![format!(r#"<workbook {S_NS}><sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>"#)]),
        ("xl/_rels/workbook.xml.rels", vec![r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()]),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    if let Some(strings) = sst {
        let mut s = vec![format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><sst {S_NS}>"#
        )];
        s.extend(strings);
        s.push("</sst>".into());
        parts.push(("xl/sharedStrings.xml", s));
    }
    package(&parts)
}

/// A .docx whose body is written from pieces.
fn docx(body: Vec<String>) -> Vec<u8> {
    let mut doc = vec![
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#.to_string(),
    ];
    doc.extend(body);
    doc.push("</w:body></w:document>".into());
    package(&[
        ("[Content_Types].xml", vec![r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.to_string()]),
        ("word/document.xml", doc),
    ])
}

/// `piece` `n` times, in pieces of about a megabyte.
fn repeated(piece: &str, n: usize) -> Vec<String> {
    let per = (1 << 20) / piece.len().max(1) + 1;
    (0..n.div_ceil(per))
        .map(|i| piece.repeat(per.min(n - i * per)))
        .collect()
}

#[test]
fn a_sheet_of_one_cell_written_again_and_again_stops_at_the_cell_limit() {
    // The issue's file: every cell at A1 (450 MB of them there; 400,000 here).
    let cells = repeated(r#"<c r="A1" t="inlineStr"><is><t>x</t></is></c>"#, 400_000);
    let mut rows = vec![r#"<row r="1">"#.to_string()];
    rows.extend(cells);
    rows.push("</row>".into());
    let (e, _) = refused("a1.xlsx", &xlsx(rows, None));
    assert!(
        e.contains("a1.xlsx: the sheet “Plan” has more than 300,000 table cells; Assure reads plans of up to 300,000 table cells"),
        "{e}"
    );
}

#[test]
fn a_sheet_of_millions_of_distinct_cells_stops_at_the_cell_limit() {
    let rows = (1..=20_001)
        .map(|r| {
            let mut row = format!(r#"<row r="{r}">"#);
            for c in 0..20u8 {
                row.push_str(&format!(
                    r#"<c r="{}{r}"><v>{r}</v></c>"#,
                    char::from(b'A' + c)
                ));
            }
            row + "</row>"
        })
        .collect();
    let (e, _) = refused("cells.xlsx", &xlsx(rows, None));
    assert!(
        e.contains("the sheet “Plan” has more than 300,000 table cells"),
        "{e}"
    );
}

#[test]
fn a_workbook_of_a_million_shared_strings_stops_at_the_cell_limit() {
    let strings = (0..400_000)
        .map(|i| format!("<si><t>text {i}</t></si>"))
        .collect();
    let rows = vec![r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#.to_string()];
    let (e, _) = refused("strings.xlsx", &xlsx(rows, Some(strings)));
    assert!(
        e.contains("the workbook has more than 300,000 table cells"),
        "{e}"
    );
}

#[test]
fn a_cell_of_megabytes_of_text_is_refused_unread() {
    let mut rows = vec![r#"<row r="1"><c r="A1" t="inlineStr"><is><t>"#.to_string()];
    rows.extend(repeated("Action lead timescale ", 250_000));
    rows.push("</t></is></c></row>".into());
    let (e, _) = refused("huge-cell.xlsx", &xlsx(rows, None));
    assert!(
        e.contains("the sheet “Plan” has a single piece of text or markup longer than 4 MB"),
        "{e}"
    );
}

#[test]
fn a_paragraph_of_megabytes_of_text_is_refused() {
    // One piece of text longer than any plan's...
    let mut body = vec![r#"<w:p><w:r><w:t xml:space="preserve">"#.to_string()];
    body.extend(repeated("Action lead timescale ", 250_000));
    body.push("</w:t></w:r></w:p>".into());
    let (e, _) = refused("huge-run.docx", &docx(body));
    assert!(
        e.contains("the document has a single piece of text or markup longer than 4 MB"),
        "{e}"
    );
    // ...and one paragraph of more text than the limit, in runs of a kilobyte.
    let run = format!(
        r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
        "a".repeat(1024)
    );
    let mut body = vec!["<w:p>".to_string()];
    body.extend(repeated(&run, 17 * 1024));
    body.push("</w:p>".into());
    let (e, _) = refused("huge-paragraph.docx", &docx(body));
    assert!(
        e.contains(
            "the document holds more than 16 MB of text; Assure reads plans of up to 16 MB of text"
        ),
        "{e}"
    );
}

#[test]
fn a_document_of_too_many_table_cells_or_paragraphs_is_refused() {
    let row = format!(
        "<w:tr>{}</w:tr>",
        "<w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>".repeat(10)
    );
    let mut body = vec!["<w:tbl>".to_string()];
    body.extend(repeated(&row, 30_001));
    body.push("</w:tbl>".into());
    let (e, _) = refused("cells.docx", &docx(body));
    assert!(
        e.contains("the document has more than 300,000 table cells"),
        "{e}"
    );

    let (e, _) = refused(
        "paragraphs.docx",
        &docx(repeated("<w:p><w:r><w:t>x</w:t></w:r></w:p>", 400_001)),
    );
    assert!(
        e.contains("the document has more than 400,000 paragraphs"),
        "{e}"
    );
}

#[test]
fn deep_nesting_is_refused() {
    let mut body = repeated("<w:tbl><w:tr><w:tc>", 100_000);
    body.push("<w:p><w:r><w:t>deep</w:t></w:r></w:p>".into());
    body.extend(repeated("</w:tc></w:tr></w:tbl>", 100_000));
    let (e, _) = refused("deep.docx", &docx(body));
    assert!(
        e.contains("nests its content more than 1,000 levels deep"),
        "{e}"
    );

    let mut rows = vec![r#"<row r="1"><c r="A1" t="inlineStr"><is>"#.to_string()];
    rows.extend(repeated("<r>", 100_000));
    rows.push("</is></c></row>".into());
    let (e, _) = refused("deep.xlsx", &xlsx(rows, None));
    assert!(
        e.contains("nests its content more than 1,000 levels deep"),
        "{e}"
    );
}

/// Sets the uncompressed size the zip's headers declare for `part` (local header and
/// central directory), leaving the data as it is.
fn declare_size(zip: &mut [u8], part: &str, size: u32) {
    let name = part.as_bytes();
    let mut patched = 0;
    for i in 0..zip.len().saturating_sub(46 + name.len()) {
        let sig = &zip[i..i + 4];
        let (name_at, size_at) = if sig == b"PK\x03\x04" {
            (i + 30, i + 22)
        } else if sig == b"PK\x01\x02" {
            (i + 46, i + 24)
        } else {
            continue;
        };
        if zip.get(name_at..name_at + name.len()) == Some(name) {
            zip[size_at..size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "{part}: both headers");
}

#[test]
fn a_zip_that_lies_about_its_sizes_is_refused_without_unpacking_it() {
    // 200 MB of spaces that say they are 1 KB, and that say they are 4 GB.
    let spaces = vec![" ".repeat(1 << 20); 200];
    for (name, declared) in [("small-lie.docx", 1_000u32), ("large-lie.docx", u32::MAX)] {
        let mut bytes = docx(spaces.clone());
        declare_size(&mut bytes, "word/document.xml", declared);
        let (e, took) = refused(name, &bytes);
        assert!(
            e.contains("larger than its declared") || e.contains("expands to more than"),
            "{e}"
        );
        assert!(took < Duration::from_secs(5), "{name} took {took:?}");
    }
}

#[test]
fn a_csv_of_200000_rows_is_refused_with_its_count() {
    let mut csv = String::from("Ref,Action,Lead,Timescale,Status\n");
    for i in 0..200_000 {
        csv.push_str(&format!("{i},Audit case files ({i}),KA,July 2025,Green\n"));
    }
    let (e, _) = refused("big.csv", csv.as_bytes());
    assert!(
        e.starts_with("big.csv: the file has 200,001 rows; Assure reads plans of up to 40,000 rows and 20,000 actions"),
        "{e}"
    );
    let text = csv.replace(',', "\t");
    let (e, _) = refused("big.txt", text.as_bytes());
    assert!(e.starts_with("big.txt: the text has 200,001 rows;"), "{e}");
}

/// Cells and lines of many '<', '&' or '[' were read in time in the square of their
/// length (a 400 KB cell took 15 s, and the text limit allows 16 MB): each marker
/// looked for its end to the end of the text.
#[test]
fn text_of_many_markers_is_read_in_time() {
    let cell = |c: &str| c.repeat(500_000);
    let csv = format!(
        "Action,Lead,Notes\nDo this,KA,\"{}\"\nDo that,KA,\"{}\"\n",
        cell("<"),
        cell("&")
    );
    let t = Instant::now();
    let out = import_bytes("markers.csv", csv.as_bytes(), &ImportOptions::default());
    assert!(out.is_ok(), "{:?}", out.err());
    let text = format!("Action\tLead\nDo this\tKA\n{}\n", cell("["));
    let out = import_bytes("markers.txt", text.as_bytes(), &ImportOptions::default());
    assert!(out.is_ok(), "{:?}", out.err());
    let took = t.elapsed();
    assert!(took < QUICK, "took {took:?}");
}
