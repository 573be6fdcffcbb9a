//! `assure check FILE|--plan ID`: the plan checks, on a file (no database) or a stored
//! plan. Text grouped by area in plain sentences with a count by code, or JSON in the
//! shape of `shared/spec/plan-checks.md`. Findings are not failures: exit code 0 either
//! way (2 for bad input).

use super::import::read_plan;
use crate::cli::{CheckArgs, Format, Global};
use crate::config::open_store;
use crate::failure::Failure;
use assure_domain::PlanDocument;
use assure_domain::checks::{self, Finding, Settings};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::fmt::Write as _;

fn date_arg(value: Option<&str>, flag: &str) -> Result<Option<NaiveDate>, Failure> {
    value
        .map(|v| {
            NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").map_err(|_| {
                Failure::input(format!(
                    "{flag} {v:?} is not a date: write it as YYYY-MM-DD"
                ))
            })
        })
        .transpose()
}

pub async fn run(global: &Global, args: CheckArgs) -> Result<(), Failure> {
    let as_of = date_arg(args.as_of.as_deref(), "--as-of")?;
    let published = date_arg(args.report_published.as_deref(), "--report-published")?;
    let today = assure_domain::clock::uk_date(chrono::Utc::now());
    let (doc, as_of, settings, how) = match (&args.file, &args.plan) {
        (Some(path), _) => {
            let (doc, _, _) = read_plan(path)?;
            let evidence_tracked = doc.actions().iter().any(|(_, a)| !a.evidence.is_empty());
            let (as_of, how) = match as_of {
                Some(d) => (d, "as given"),
                None => {
                    let d = checks::default_as_of(&doc, today);
                    (
                        d,
                        if d == today {
                            "today"
                        } else {
                            "the date of the plan's latest update"
                        },
                    )
                }
            };
            let settings = Settings {
                evidence_tracked,
                report_published: published
                    .or_else(|| doc.inspection.as_ref().and_then(|i| i.report_published)),
                plan_in_place: None,
                from_file: true,
                update_cadence: assure_domain::periods::Cadence::Monthly.into(),
                stalled_periods: assure_domain::checks::STALLED_PERIODS,
            };
            (doc, as_of, settings, how)
        }
        (None, Some(id)) => {
            let id = uuid::Uuid::parse_str(id.trim())
                .map_err(|_| Failure::input(format!("{id:?} is not a plan id")))?;
            let store = open_store(global).await?;
            let plan = store.plan(id).await?;
            let settings = Settings {
                evidence_tracked: true,
                report_published: published
                    .or_else(|| plan.inspection.as_ref().and_then(|i| i.report_published)),
                // The day it was put into Assure is not the day it was agreed (a plan
                // may be imported months later): never call it late on that evidence.
                plan_in_place: None,
                from_file: false,
                update_cadence: plan.settings.update_cadence.clone(),
                stalled_periods: plan.settings.stalled_periods,
            };
            let (as_of, how) = match as_of {
                Some(d) => (d, "as given"),
                None => (today, "today"),
            };
            (plan.to_document(), as_of, settings, how)
        }
        (None, None) => {
            return Err(Failure::input(
                "name a plan file, or a stored plan with --plan ID",
            ));
        }
    };
    let findings = checks::check(&doc, as_of, &settings);
    match args.format {
        Format::Json => {
            let body = serde_json::json!({ "as_of": as_of, "findings": findings });
            println!(
                "{}",
                serde_json::to_string_pretty(&body)
                    .map_err(|e| Failure::other(format!("cannot write JSON: {e}")))?
            );
        }
        Format::Text => print!("{}", text(&doc, &findings, as_of, how)),
    }
    Ok(())
}

/// The findings for people: a heading per area, a sentence per finding with its why and
/// fix, then a count by code.
fn text(doc: &PlanDocument, findings: &[Finding], as_of: NaiveDate, how: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\nChecked as of {} ({how}): {} finding{}.",
        doc.title,
        as_of.format("%-d %B %Y"),
        findings.len(),
        if findings.len() == 1 { "" } else { "s" }
    );
    let mut current: Option<Option<usize>> = None;
    for f in findings {
        if current != Some(f.area_index) {
            current = Some(f.area_index);
            let heading = match f.area_index.and_then(|i| doc.areas.get(i)) {
                None => "The plan as a whole".to_string(),
                Some(a) => match &a.r#ref {
                    Some(r) => format!("Area {r}: {}", a.title),
                    None => format!("Area: {}", a.title),
                },
            };
            let _ = writeln!(out, "\n{heading}");
        }
        let who = match (&f.r#ref, f.action_path.is_empty()) {
            (_, true) => String::new(),
            (Some(r), _) => format!("{r} "),
            (None, _) => String::new(),
        };
        let words = if f.action_path.is_empty() || f.text_start.is_empty() {
            String::new()
        } else {
            format!("“{}” ", f.text_start)
        };
        let _ = writeln!(
            out,
            "  [{}] {who}{words}— {}\n      why: {}\n      fix: {}",
            f.severity.as_str(),
            f.message,
            f.why,
            f.fix
        );
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for f in findings {
        *counts.entry(f.code.as_str()).or_default() += 1;
    }
    if !counts.is_empty() {
        let _ = writeln!(out, "\nBy check:");
        for (code, n) in counts {
            let _ = writeln!(out, "  {code}: {n}");
        }
    }
    out
}
