//! How long a board report takes to write: PDF of 100 and 500 actions (targets: under
//! 1 s and 3 s), Word and Excel of 500 (under 300 ms each); and the whole-plan export
//! of 500 actions as Word and Excel, and its import back. Figures and the command are in
//! `docs/benchmarks.md`.
//!
//! `cargo bench -p assure-report --bench render`

use assure_domain::PlanDocument;
use assure_domain::status_history::StatusHistory;
use assure_report::detached::stored_plan;
use assure_report::plan_export::{self, PlanFormat};
use assure_report::{Audience, Format, ReportRequest, build, render};
use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use std::time::Duration;

/// The demo plan grown to `n` actions (sub-actions included): its areas copied, their
/// refs and titles numbered, the last copy cut to size.
fn plan_of(n: usize) -> PlanDocument {
    let demo: PlanDocument =
        serde_json::from_str(include_str!("../../assure/demo/plan.json")).expect("the demo plan");
    let mut doc = PlanDocument {
        areas: Vec::new(),
        ..demo.clone()
    };
    let mut copy = 0;
    while doc.action_count() < n {
        copy += 1;
        for area in &demo.areas {
            let mut area = area.clone();
            area.title = format!("{} ({copy})", area.title);
            area.r#ref = area.r#ref.map(|r| format!("{copy}.{r}"));
            let mut kept = Vec::new();
            for a in area.actions {
                let size = 1 + a.children.len();
                if doc.action_count()
                    + kept
                        .iter()
                        .map(|k: &assure_domain::Action| 1 + k.children.len())
                        .sum::<usize>()
                    + size
                    > n
                {
                    break;
                }
                kept.push(a);
            }
            area.actions = kept;
            if !area.actions.is_empty() {
                doc.areas.push(area);
            }
        }
        if copy > n {
            break;
        }
    }
    doc
}

fn bench(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("day");
    let at = Utc
        .with_ymd_and_hms(2026, 9, 1, 12, 0, 0)
        .single()
        .expect("instant");
    let history = StatusHistory::new(Vec::new());
    let mut group = c.benchmark_group("report");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for n in [100usize, 500] {
        let doc = plan_of(n);
        let plan = stored_plan(&doc, at);
        let period = assure_report::model::parse_period(
            "2026-11",
            assure_report::model::report_cadence(&plan),
            today,
        )
        .expect("period");
        let report = build(&ReportRequest {
            plan: &plan,
            history: &history,
            period: &period,
            audience: Audience::Board,
            today,
            people: &[],
        });
        let actions = doc.action_count();
        group.bench_function(format!("pdf, {actions} actions"), |b| {
            b.iter(|| render(&report, Format::Pdf).expect("pdf"));
        });
        if n == 500 {
            for f in [Format::Docx, Format::Xlsx] {
                group.bench_function(format!("{}, {actions} actions", f.as_str()), |b| {
                    b.iter(|| render(&report, f).expect("render"));
                });
            }
            for f in [PlanFormat::Docx, PlanFormat::Xlsx] {
                group.bench_function(
                    format!("whole plan {}, {actions} actions", f.as_str()),
                    |b| {
                        b.iter(|| plan_export::render(&doc, f).expect("export"));
                    },
                );
                let bytes = plan_export::render(&doc, f).expect("export");
                let name = format!("plan.{}", f.as_str());
                group.bench_function(
                    format!("whole plan {} imported, {actions} actions", f.as_str()),
                    |b| {
                        b.iter(|| {
                            assure_import::import_bytes(
                                &name,
                                &bytes,
                                &assure_import::ImportOptions::default(),
                            )
                            .expect("import")
                        });
                    },
                );
            }
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
