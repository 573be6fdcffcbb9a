//! The plan checks in the import preview: what the plan's Checks page will say once it
//! is created — read as a stored plan is, as of today — shown before anything is saved.

use assure_domain::PlanDocument;
use assure_domain::checks::catalogue::{CHECKS, check_named};
use assure_domain::checks::{self, Finding, Settings};
use chrono::NaiveDate;

/// How many findings the preview lists; the counts cover them all.
const PREVIEW_FINDINGS: usize = 100;

/// One finding in the preview's table.
pub(crate) struct PreviewFinding {
    pub place: String,
    pub title: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub why: String,
}

/// The findings of a plan not yet saved.
pub(crate) struct PreviewFindings {
    pub as_of: String,
    pub total: usize,
    /// Each check that found something, with how many.
    pub counts: Vec<(&'static str, usize)>,
    /// The first [`PREVIEW_FINDINGS`], in the plan's order.
    pub items: Vec<PreviewFinding>,
}

/// Where a finding is, in the words of the plan: its area and its row's reference and
/// first words.
fn place(doc: &PlanDocument, f: &Finding) -> String {
    let area = f
        .area_index
        .and_then(|i| doc.areas.get(i))
        .map(|a| match &a.r#ref {
            Some(r) => format!("{r}. {}", a.title),
            None => a.title.clone(),
        });
    let row = if f.action_path.is_empty() {
        None
    } else {
        let words = match &f.r#ref {
            Some(r) => format!("{r} “{}”", f.text_start),
            None => format!("“{}”", f.text_start),
        };
        Some(words)
    };
    match (area, row) {
        (Some(a), Some(r)) => format!("{a}: {r}"),
        (Some(a), None) => a,
        (None, _) => "The plan as a whole".into(),
    }
}

/// The checks on `doc` as the stored plan will be checked on `today`.
pub(crate) fn preview(doc: &PlanDocument, today: NaiveDate) -> PreviewFindings {
    let settings = Settings {
        evidence_tracked: true,
        report_published: doc.inspection.as_ref().and_then(|i| i.report_published),
        plan_in_place: None,
        from_file: false,
        // A new plan gets the default cadence until its settings say otherwise.
        update_cadence: assure_domain::periods::Cadence::Monthly.into(),
        stalled_periods: assure_domain::checks::STALLED_PERIODS,
    };
    let findings = checks::check(doc, today, &settings);
    let counts = CHECKS
        .iter()
        .map(|c| {
            (
                c.title,
                findings.iter().filter(|f| f.code == c.code).count(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let items = findings
        .iter()
        .take(PREVIEW_FINDINGS)
        .map(|f| PreviewFinding {
            place: place(doc, f),
            title: check_named(&f.code).map_or("Check", |c| c.title),
            severity: match f.severity {
                checks::Severity::Error => "Error",
                checks::Severity::Warning => "Warning",
                checks::Severity::Advice => "Advice",
            },
            message: f.message.clone(),
            why: f.why.clone(),
        })
        .collect();
    PreviewFindings {
        as_of: crate::views::format::day(today),
        total: findings.len(),
        counts,
        items,
    }
}
