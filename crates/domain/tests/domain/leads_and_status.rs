//! Lead splitting and status meanings, in our own words.

use assure_domain::leads::{lone_leads, split_leads, split_on_separators};
use assure_domain::status::{
    brag_scheme, meaning_of_description, meaning_of_label, rag_scheme, scheme_named_by,
};
use assure_domain::{Meaning, StatusDef};
use std::collections::HashSet;

/// The lead cells of an imaginary plan; `known` is built from them as the importer does.
const PLAN_CELLS: &[&str] = &[
    "HoS",
    "PM / QA Lead",
    "TM, IRO",
    "Sarah Jones",
    "Principal Social Worker Sarah Jones",
    "PM HoS",
    "PM QA",
    "HoS Jane Smith",
    "HoS Early Help",
    "Legal",
    "Legal Services . QA Lead",
    "Chair of MASH Team Managers",
    "Everyone in the service to contribute, led by HoS",
];

fn known() -> HashSet<String> {
    lone_leads(PLAN_CELLS.iter().copied())
}

#[test]
fn lone_leads_are_the_parts_between_separators() {
    let k = lone_leads(["SM/KA", "KA and LE", "Performance Team", "  ", "CP ; RdP"]);
    let want: HashSet<String> = ["SM", "KA", "LE", "Performance Team", "CP", "RdP"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(k, want);
}

#[test]
fn own_lead_cases() {
    let k = known();
    let cases: &[(&str, &[&str])] = &[
        ("HoS/TM", &["HoS", "TM"]),
        (
            "Head of Service, Team Manager & IRO",
            &["Head of Service", "Team Manager", "IRO"],
        ),
        ("Director and AD", &["Director", "AD"]),
        // "&" splits only with spaces around it: "L&D" is one team
        ("L&D", &["L&D"]),
        ("PSW & L&D", &["PSW", "L&D"]),
        ("Q&A Lead/HoS", &["Q&A Lead", "HoS"]),
        ("HoS &TM", &["HoS &TM"]),
        ("Director AND AD", &["Director", "AD"]),
        ("Standards and Quality Lead", &["Standards", "Quality Lead"]),
        ("DM (CIC/CL)", &["DM (CIC/CL)"]),
        ("DM (CIC/CL) / HoS", &["DM (CIC/CL)", "HoS"]),
        ("N/A", &["N/A"]),
        ("", &[]),
        ("  ;  , ", &[]),
        ("TBC", &["TBC"]),
        ("DM\nHoS", &["DM", "HoS"]),
        ("Legal Services . QA Lead", &["Legal Services", "QA Lead"]),
        ("v1.2 owner", &["v1.2 owner"]),
        // spaces between leads that appear alone elsewhere
        ("PM HoS", &["PM", "HoS"]),
        ("HoS PM TM", &["HoS", "PM", "TM"]),
        ("PM QA", &["PM QA"]),
        ("HoS Jane Smith", &["HoS", "Jane Smith"]),
        (
            "Principal Social Worker Sarah Jones",
            &["Principal Social Worker", "Sarah Jones"],
        ),
        ("HoS Early Help", &["HoS Early Help"]),
        ("Legal Gateway Panel", &["Legal Gateway Panel"]),
        ("HoS   Safeguarding", &["HoS Safeguarding"]),
        (
            "Chair of MASH Team Managers",
            &["Chair of MASH", "Team Managers"],
        ),
        ("Chair of MASH", &["Chair of MASH"]),
        (
            "Everyone in the service to contribute",
            &["Everyone in the service to contribute"],
        ),
        (
            "All HoS to attend and TM to minute",
            &["All HoS to attend", "TM to minute"],
        ),
    ];
    for &(cell, want) in cases {
        assert_eq!(split_leads(cell, &k), want, "{cell:?}");
    }
    println!("checked {} own lead cases", cases.len());
}

#[test]
fn separators_only() {
    assert_eq!(split_on_separators("SM KA / LE"), vec!["SM KA", "LE"]);
    assert_eq!(split_on_separators("• HoS\n• TM"), vec!["HoS", "TM"]);
}

#[test]
fn without_a_plan_nothing_splits_on_spaces() {
    let empty = HashSet::new();
    assert_eq!(split_leads("SM KA", &empty), vec!["SM KA"]);
    // A role "of" a code followed by a second role needs no plan.
    assert_eq!(
        split_leads("Chair of LSCB Business Manager Group", &empty),
        vec!["Chair of LSCB", "Business Manager Group"]
    );
}

#[test]
fn own_label_cases() {
    use Meaning::*;
    let cases: &[(&str, Option<Meaning>)] = &[
        ("Blue", Some(Complete)),
        ("BLUE", Some(Complete)),
        ("complete", Some(Complete)),
        ("Completed.", Some(Complete)),
        ("Done", Some(Complete)),
        ("✓", Some(Complete)),
        ("B", Some(Complete)),
        ("Red", Some(OffTrack)),
        ("r", Some(OffTrack)),
        ("Off track", Some(OffTrack)),
        ("Overdue", Some(OffTrack)),
        ("amber", Some(AtRisk)),
        ("A", Some(AtRisk)),
        ("At risk", Some(AtRisk)),
        ("Green", Some(OnTrack)),
        (" g ", Some(OnTrack)),
        ("On-track", Some(OnTrack)),
        ("In progress", Some(OnTrack)),
        ("Not started", Some(NotStarted)),
        ("Grey", Some(NotStarted)),
        ("Ahead", Some(Ahead)),
        ("Ahead of schedule", Some(Ahead)),
        ("Amber/Green", Some(AtRisk)),
        ("Red - Amber", Some(OffTrack)),
        ("Green Blue", Some(OnTrack)),
        ("X", None),
        ("-", None),
        ("↑", None),
        ("", None),
        ("Purple", None),
        ("Green tea", None),
    ];
    for &(label, want) in cases {
        assert_eq!(meaning_of_label(label), want, "{label:?}");
    }
}

#[test]
fn own_description_cases() {
    use Meaning::*;
    let cases: &[(&str, Option<Meaning>)] = &[
        ("Work has not yet started", Some(NotStarted)),
        ("Not started - not yet due", Some(NotStarted)),
        (
            "Not started and past its target date, behind",
            Some(OffTrack),
        ),
        ("Significantly behind schedule", Some(OffTrack)),
        ("Deadline missed", Some(OffTrack)),
        ("Some slippage expected", Some(AtRisk)),
        ("Delays anticipated", Some(AtRisk)),
        ("Risk to delivery", Some(AtRisk)),
        ("Completed and signed off", Some(Complete)),
        ("Fully achieved", Some(Complete)),
        ("Not yet complete", None),
        ("Work underway and on target", Some(OnTrack)),
        ("Exceeding the target", Some(Ahead)),
        ("Delivered ahead of plan", Some(Ahead)),
        ("Blue", Some(Complete)),
        ("Something else entirely", None),
        ("", None),
    ];
    for &(desc, want) in cases {
        assert_eq!(meaning_of_description(desc), want, "{desc:?}");
    }
}

#[test]
fn named_schemes() {
    let def = |label: &str, meaning| StatusDef {
        label: label.into(),
        meaning,
        description: None,
    };
    assert_eq!(
        brag_scheme(),
        vec![
            def("Blue", Meaning::Complete),
            def("Red", Meaning::OffTrack),
            def("Amber", Meaning::AtRisk),
            def("Green", Meaning::OnTrack)
        ]
    );
    assert_eq!(
        rag_scheme(),
        vec![
            def("Red", Meaning::OffTrack),
            def("Amber", Meaning::AtRisk),
            def("Green", Meaning::OnTrack)
        ]
    );
    assert_eq!(scheme_named_by("BRAG"), Some(brag_scheme()));
    assert_eq!(scheme_named_by("BRAG rating"), Some(brag_scheme()));
    assert_eq!(scheme_named_by("RAG status:"), Some(rag_scheme()));
    assert_eq!(scheme_named_by("Status"), None);
    assert_eq!(scheme_named_by("Storage"), None);
    // Every scheme entry reads back through the label reader.
    for d in brag_scheme().into_iter().chain(rag_scheme()) {
        assert_eq!(meaning_of_label(&d.label), Some(d.meaning));
    }
}
