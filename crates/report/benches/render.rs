//! Board reports of the demo plan grown to 100 and 500 actions (its areas copied with
//! fresh refs, each action with its updates), written as PDF, Word and Excel. Targets
//! (issue 12): PDF of 100 actions under 1 s, of 500 under 3 s; Word and Excel of 500 under
//! 300 ms. Figures are in `docs/benchmarks.md`.
//!
//! `cargo bench -p assure-report --bench render`

use assure_domain::PlanDocument;
use assure_domain::status_history::StatusHistory;
use assure_report::detached::stored_plan;
use assure_report::model::parse_period;
use assure_report::{Audience, Format, ReportRequest, build, render};
use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};

/// The demo plan's areas repeated until the plan has exactly `n` actions.
fn plan_of(n: usize) -> PlanDocument {
    let demo: PlanDocument = serde_json::from_str(include_str!("../../assure/demo/plan.json"))
        .expect("the demo plan");
    let mut doc = demo.clone();
    doc.areas.clear();
    let mut copy = 0;
    while doc.action_count() < n {
        copy += 1;
        for area in &demo.areas {
            let mut a = area.clone();
            a.r#ref = Some(format!("{copy}.{}", a.r#ref.clone().unwrap_or_default()));
            for act in &mut a.actions {
                act.r#ref = act.r#ref.as_ref().map(|r| format!("{copy}.{r}"));
            }
            doc.areas.push(a);
            if doc.action_count() >= n {
                break;
            }
        }
    }
    // Trim the last area to land on exactly n.
    while doc.action_count() > n {
        let last = doc.areas.last_mut().expect("an area");
        if last.actions.pop().is_none() {
            doc.areas.pop();
        }
    }
    doc
}

fn bench(c: &mut Criterion) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    for (n, formats) in [
        (100usize, &[Format::Pdf][..]),
        (500, &[Format::Pdf, Format::Docx, Format::Xlsx, Format::Csv][..]),
    ] {
        let doc = plan_of(n);
        let plan = stored_plan(
            &doc,
            Utc.with_ymd_and_hms(2026, 9, 1, 12, 0, 0).single().expect("instant"),
        );
        assert_eq!(plan.actions().len(), n);
        let history = StatusHistory::default();
        let period = parse_period("2026-10", assure_report::model::report_cadence(&plan), today)
            .expect("period");
        let report = build(&ReportRequest {
            plan: &plan,
            history: &history,
            period: &period,
            audience: Audience::Board,
            today,
            people: &[],
        });
        let mut g = c.benchmark_group(format!("report/{n}-actions"));
        g.sample_size(10);
        g.bench_function("model", |b| {
            b.iter(|| {
                build(&ReportRequest {
                    plan: &plan,
                    history: &history,
                    period: &period,
                    audience: Audience::Board,
                    today,
                    people: &[],
                })
            });
        });
        for f in formats {
            g.bench_function(f.as_str(), |b| b.iter(|| render(&report, *f).expect("render")));
        }
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
