//! The plan checks on a fictional plan of 500 action rows (10 areas of 40 actions, every
//! fourth with a sub-row), varied the way real plans are: leads to be confirmed, vague
//! and passed timescales, statuses that disagree with their updates, complete without
//! evidence. The web runs them on every page of a stored plan, so they must be cheap:
//! target well under 10 ms (median, release). Figures are in `docs/benchmarks.md`.
//!
//! `cargo bench -p assure-domain --bench checks`

use assure_domain::checks::{Settings, check};
use assure_domain::status::Meaning;
use assure_domain::when::{WhenContext, parse_timescale};
use assure_domain::{Action, Area, FORMAT, PlanDocument, StatusValue, Update};
use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};

const LEADS: &[&str] = &[
    "HoS CP",
    "Service Manager",
    "TBC",
    "DCS",
    "Principal SW",
    "",
];
const TIMESCALES: &[&str] = &[
    "March 2026",
    "30/06/2026",
    "Ongoing",
    "Spring",
    "TBC",
    "September 2025",
    "Monthly",
    "Following restructure",
];
const UPDATES: &[&str] = &[
    "Audit completed and findings shared with team managers.",
    "Training still to be arranged with the academy.",
    "Not yet started: awaiting recruitment.",
    "Work is progressing well; templates agreed, rollout next.",
    "Achieved. Evidence on the shared drive.",
];
const TEXTS: &[&str] = &[
    "Every child in care to have a life-story book started within 3 months",
    "Further actions to be scoped with partners",
    "Team managers audit 10 case files a month against the practice standards",
    "Explore options for a new front door",
    "Strengthen management oversight of plans for children in need",
];

fn status(i: usize) -> Option<StatusValue> {
    let (label, meaning) = match i % 5 {
        0 => ("Green", Meaning::OnTrack),
        1 => ("Amber", Meaning::AtRisk),
        2 => ("Red", Meaning::OffTrack),
        3 => ("Blue", Meaning::Complete),
        _ => return None,
    };
    Some(StatusValue {
        label: label.into(),
        meaning,
    })
}

fn action(i: usize, ctx: &WhenContext) -> Action {
    let due = parse_timescale(TIMESCALES[i % TIMESCALES.len()], ctx);
    let lead = LEADS[(i / 2) % LEADS.len()];
    Action {
        r#ref: Some(format!("{}.{}", i / 40 + 1, i % 40 + 1)),
        text: format!("{} ({i})", TEXTS[i % TEXTS.len()]),
        leads: if lead.is_empty() {
            Vec::new()
        } else {
            vec![lead.into()]
        },
        start: due.start,
        due: due.due,
        measure: i.is_multiple_of(3).then(|| "Audit scores above 80%".into()),
        updates: (0..i % 4)
            .map(|u| Update {
                date: NaiveDate::from_ymd_opt(2025, 9 + u as u32, 2),
                text: UPDATES[(i + u) % UPDATES.len()].into(),
            })
            .collect(),
        status: status(i),
        evidence: if i.is_multiple_of(7) {
            vec!["Audit report".into()]
        } else {
            Vec::new()
        },
        ..Action::default()
    }
}

/// The fictional plan: 400 actions and 100 sub-rows, 500 rows in all.
fn plan() -> PlanDocument {
    let ctx = WhenContext::with_year(2026);
    let areas = (0..10)
        .map(|a| Area {
            r#ref: Some((a + 1).to_string()),
            title: format!("Area for improvement {}", a + 1),
            actions: (0..40)
                .map(|n| {
                    let i = a * 40 + n;
                    let mut top = action(i, &ctx);
                    if n.is_multiple_of(4) {
                        let mut child = action(i + 1_000, &ctx);
                        child.text = format!("Then {}", child.text);
                        top.children.push(child);
                    }
                    top
                })
                .collect(),
            ..Area::default()
        })
        .collect();
    PlanDocument {
        format: FORMAT.into(),
        title: "Northbridge improvement plan (fictional)".into(),
        organisation: None,
        inspection: None,
        status_scheme: Vec::new(),
        glossary: Vec::new(),
        narrative: Vec::new(),
        areas,
        measures: Vec::new(),
    }
}

fn bench(c: &mut Criterion) {
    let doc = plan();
    assert_eq!(doc.actions().len(), 500, "the plan has 500 action rows");
    let settings = Settings {
        evidence_tracked: true,
        report_published: NaiveDate::from_ymd_opt(2025, 11, 3),
        plan_in_place: NaiveDate::from_ymd_opt(2025, 12, 1),
        from_file: false,
        update_cadence: assure_domain::periods::Cadence::Monthly.into(),
        stalled_periods: assure_domain::checks::STALLED_PERIODS,
    };
    let as_of = NaiveDate::from_ymd_opt(2026, 1, 12).expect("date");
    let findings = check(&doc, as_of, &settings);
    println!("{} findings on 500 rows", findings.len());
    c.bench_function("checks/500 actions", |b| {
        b.iter(|| check(std::hint::black_box(&doc), as_of, &settings))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
