//! The Word report.

use crate::common::{glossary_names, november, part, refs};
use assure_report::Audience;

#[test]
fn word_has_heading_styles_repeating_headers_shaded_status_and_the_chart_with_alt_text() {
    let (plan, r) = november(Audience::Board);
    let bytes = assure_report::docx::write(&r).expect("docx");
    let doc = part(&bytes, "word/document.xml");
    // Word's own styles, so the navigation pane lists the sections.
    assert!(doc.contains("<w:pStyle w:val=\"Title\"/>"));
    for h in ["Summary", "Exceptions", "Actions by area", "Glossary"] {
        assert!(
            doc.contains(&format!(
                "<w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{h}</w:t>"
            )),
            "heading {h}"
        );
    }
    let styles = part(&bytes, "word/styles.xml");
    assert!(
        styles.contains("w:styleId=\"Heading1\"") && styles.contains("<w:outlineLvl w:val=\"0\"/>")
    );
    assert!(styles.contains("<w:lang w:val=\"en-GB\""));
    // Every table's first row repeats on each page.
    let tables = doc.matches("<w:tbl>").count();
    assert!(tables > plan.areas.len());
    assert_eq!(doc.matches("<w:tblHeader/>").count(), tables);
    // A status cell is shaded in the plan's colour and says the word.
    assert!(doc.contains(
        "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"1D70B8\"/></w:tcPr><w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"60\"/></w:pPr><w:r><w:rPr><w:b/><w:color w:val=\"FFFFFF\"/></w:rPr><w:t xml:space=\"preserve\">Blue (Complete)</w:t>"
    ));
    // The chart: a PNG with a title and a description.
    assert!(doc.contains("descr=\"A stacked bar for each area"));
    let png = {
        use std::io::Read;
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("zip");
        let mut v = Vec::new();
        z.by_name("word/media/figure-0.png")
            .expect("chart")
            .read_to_end(&mut v)
            .expect("read");
        v
    };
    assert!(png.starts_with(b"\x89PNG"));
    // Each measure's chart too: one picture per chart, each drawing numbered once, each
    // with the measure's own description.
    let rels = part(&bytes, "word/_rels/document.xml.rels");
    assert_eq!(rels.matches("media/figure-").count(), 1 + r.measures.len());
    assert_eq!(doc.matches("<wp:docPr ").count(), 1 + r.measures.len());
    for n in 1..=1 + r.measures.len() {
        assert_eq!(
            doc.matches(&format!("<wp:docPr id=\"{n}\" ")).count(),
            1,
            "docPr {n}"
        );
    }
    for m in &r.measures {
        assert!(
            doc.contains(&format!(
                "descr=\"A line chart of {}",
                m.name.replace('\'', "&apos;")
            )),
            "{}",
            m.name
        );
    }
    assert!(doc.contains(
        "<w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t xml:space=\"preserve\">Measures</w:t>"
    ));
    // Every ref, and the document's title and language.
    for r in refs(&plan) {
        assert!(doc.contains(&format!(">{r}<")), "{r}");
    }
    let core = part(&bytes, "docProps/core.xml");
    assert!(core.contains("<dc:title>Northbridge Children&apos;s Services Improvement Action Plan 2026–27: board report, November 2026</dc:title>"), "{core}");
    assert!(core.contains("<dc:language>en-GB</dc:language>"));
    // Landscape for the tables.
    assert!(doc.contains("w:orient=\"landscape\""));
}

#[test]
fn scrutiny_word_names_no_one() {
    let (plan, r) = november(Audience::Scrutiny);
    let doc = part(
        &assure_report::docx::write(&r).expect("docx"),
        "word/document.xml",
    );
    for n in glossary_names(&plan) {
        assert!(!doc.contains(&n), "{n}");
    }
}

#[test]
fn hostile_text_stays_text() {
    let (mut plan, _) = november(Audience::Board);
    plan.areas[0].actions[0].text = "</w:t></w:r><w:r><w:t>injected & \u{0001} \"quoted\"".into();
    let r = crate::common::report_of(&plan, Audience::Board);
    let doc = part(
        &assure_report::docx::write(&r).expect("docx"),
        "word/document.xml",
    );
    assert!(doc.contains(
        "&lt;/w:t&gt;&lt;/w:r&gt;&lt;w:r&gt;&lt;w:t&gt;injected &amp;  &quot;quoted&quot;"
    ));
}
