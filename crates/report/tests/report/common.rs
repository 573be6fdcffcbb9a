//! What the report tests share: the demo plan as stored on a fixed day, with a status
//! history that moves some actions between October and November 2026.

use assure_domain::model::StoredPlan;
use assure_domain::status_history::{StatusChange, StatusHistory};
use assure_domain::{Meaning, StatusValue};
use assure_report::detached::stored_plan;
use assure_report::{Audience, BoardReport, ReportRequest, build};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};

pub fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0)
        .single()
        .expect("instant")
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// The test clock's day: Monday 23 November 2026.
pub fn today() -> NaiveDate {
    day(2026, 11, 23)
}

pub fn status(label: &str, meaning: Meaning) -> StatusValue {
    StatusValue {
        label: label.into(),
        meaning,
    }
}

/// The demo plan, imported on 1 September 2026.
pub fn demo() -> StoredPlan {
    stored_plan(&assure_test_support::demo_plan(), at(2026, 9, 1))
}

/// Every action's status at import, then: the first Green action went Red in October
/// and back to Green in November (up), the first Amber went Red in November (down),
/// and the first Red became Blue in November (complete).
pub fn history(plan: &StoredPlan) -> StatusHistory {
    let mut changes = Vec::new();
    for (_, _, a) in plan.actions() {
        changes.push(StatusChange {
            action_id: a.id,
            at: at(2026, 9, 1),
            status: a.status.clone(),
        });
    }
    let first = |m: Meaning| {
        plan.actions()
            .into_iter()
            .find(|(_, _, a)| a.status.as_ref().is_some_and(|s| s.meaning == m))
            .map(|(_, _, a)| a.id)
            .expect("an action with that meaning")
    };
    let green = first(Meaning::OnTrack);
    let amber = first(Meaning::AtRisk);
    let red = first(Meaning::OffTrack);
    changes.push(StatusChange {
        action_id: green,
        at: at(2026, 10, 10),
        status: Some(status("Red", Meaning::OffTrack)),
    });
    changes.push(StatusChange {
        action_id: green,
        at: at(2026, 11, 10),
        status: Some(status("Green", Meaning::OnTrack)),
    });
    changes.push(StatusChange {
        action_id: amber,
        at: at(2026, 11, 11),
        status: Some(status("Red", Meaning::OffTrack)),
    });
    changes.push(StatusChange {
        action_id: red,
        at: at(2026, 11, 12),
        status: Some(status("Blue", Meaning::Complete)),
    });
    StatusHistory::new(changes)
}

/// The demo plan's report for November 2026 (the period in progress on the test day).
pub fn november(audience: Audience) -> (StoredPlan, BoardReport) {
    let plan = demo();
    let report = report_of(&plan, audience);
    (plan, report)
}

pub fn report_of(plan: &StoredPlan, audience: Audience) -> BoardReport {
    let history = history(plan);
    let period = assure_report::model::parse_period(
        "2026-11",
        assure_report::model::report_cadence(plan),
        today(),
    )
    .expect("period");
    build(&ReportRequest {
        plan,
        history: &history,
        period: &period,
        audience,
        today: today(),
        people: &["Zara Quinn".to_string()],
    })
}

/// The names of people the demo plan's glossary gives.
pub fn glossary_names(plan: &StoredPlan) -> Vec<String> {
    plan.glossary
        .iter()
        .filter_map(|g| g.name.clone())
        .collect()
}

/// One part of a zip package (a .docx or .xlsx) as text.
pub fn part(package: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(package)).expect("a zip package");
    let mut s = String::new();
    z.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut s)
        .expect("UTF-8 XML");
    s
}

/// Every ref of the plan's actions.
pub fn refs(plan: &StoredPlan) -> Vec<String> {
    plan.actions()
        .iter()
        .filter_map(|(_, _, a)| a.r#ref.clone())
        .collect()
}
