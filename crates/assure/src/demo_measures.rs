//! The demo plan given more measures, each with a run of monthly values: for the measures
//! page's load test (50 measures × 36 months) and for trying Assure with a performance
//! report the size of a real one.
//!
//! The added measures are fictional, written by us: percentages a children's services
//! performance report keeps, each linked to one of the demo's areas, with a target raised
//! half way through and values that rise and fall around it. Nothing is random: the same
//! count always gives the same plan.

use assure_domain::PlanDocument;
use assure_domain::measures::{
    Direction, Frequency, MAX_MEASURES, MeasureDoc, MeasureValueDoc, TargetDoc, Unit,
};
use chrono::{Datelike, Months, NaiveDate};

/// How many months of values each added measure has, ending with November 2026 (the
/// demo's own latest month).
pub const MONTHS: u32 = 36;

const TOPICS: [&str; 10] = [
    "Children seen within timescale",
    "Assessments completed within 45 working days",
    "Strategy discussions held within one working day",
    "Children in care visited within timescale",
    "Practitioners supervised within timescale",
    "Initial conferences within 15 working days",
    "Care leavers the service is in touch with",
    "Children in care with an up-to-date health assessment",
    "Return home interviews offered within 72 hours",
    "Plans reviewed within timescale",
];

/// Adds measures to `plan` until it has exactly `target`.
///
/// # Errors
/// A sentence for the person at the terminal when `target` is below the plan's own count
/// or above [`MAX_MEASURES`].
pub fn grow(plan: &mut PlanDocument, target: usize) -> Result<(), String> {
    let own = plan.measures.len();
    if target > MAX_MEASURES {
        return Err(format!(
            "cannot grow the demo to {target} measures: a plan keeps at most {MAX_MEASURES}"
        ));
    }
    if target < own {
        return Err(format!(
            "cannot grow the demo to {target} measures: it has {own} of its own"
        ));
    }
    let last = NaiveDate::from_ymd_opt(2026, 11, 1).expect("a real month");
    let first = last
        .checked_sub_months(Months::new(MONTHS - 1))
        .expect("a month in range");
    let raised = first
        .checked_add_months(Months::new(MONTHS / 2))
        .expect("a month in range");
    let areas: Vec<String> = plan.areas.iter().filter_map(|a| a.r#ref.clone()).collect();
    for i in 0..target - own {
        let topic = TOPICS[i % TOPICS.len()];
        let round = i / TOPICS.len() + 1;
        let values = (0..MONTHS)
            .map(|m| {
                let month = first
                    .checked_add_months(Months::new(m))
                    .expect("a month in range");
                // A slow rise with a wobble: 62% to about 90%, different for each measure.
                let step = (i as u32 * 7 + m * 13) % 11;
                let value = 62.0 + f64::from(m) * 0.7 + f64::from(step) - 5.0;
                MeasureValueDoc {
                    period: format!("{:04}-{:02}", month.year(), month.month()),
                    value: value.clamp(0.0, 100.0).round(),
                    note: None,
                }
            })
            .collect();
        plan.measures.push(MeasureDoc {
            name: format!("{topic} ({round})"),
            definition: Some(format!(
                "{topic}, as a share of those due in the month (measure {round} of its kind)."
            )),
            unit: Unit::Percentage,
            direction: Direction::HigherIsBetter,
            frequency: Frequency::Monthly,
            source: Some("Monthly performance report".into()),
            owner: Some("Performance Manager".into()),
            target: None,
            targets: vec![
                TargetDoc {
                    from: first,
                    value: 75.0,
                    upper: None,
                    reason: None,
                },
                TargetDoc {
                    from: raised,
                    value: 85.0,
                    upper: None,
                    reason: Some("Raised as the service improved".into()),
                },
            ],
            tolerance: None,
            values,
            status: None,
            links: areas
                .get(i % areas.len().max(1))
                .cloned()
                .into_iter()
                .collect(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_to_the_count_with_valid_measures_of_36_months() {
        let mut plan = crate::demo::plan();
        let own = plan.measures.len();
        grow(&mut plan, 50).expect("grows");
        assert_eq!(plan.measures.len(), 50);
        for m in &plan.measures[own..] {
            assert_eq!(m.values.len(), MONTHS as usize);
            assert_eq!(m.values.last().map(|v| v.period.as_str()), Some("2026-11"));
            m.check().unwrap_or_else(|e| panic!("{e}"));
        }
        let mut names: Vec<String> = plan
            .measures
            .iter()
            .map(|m| m.name.to_lowercase())
            .collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 50, "names are unique");
        assert!(grow(&mut plan, 10).is_err());
        assert!(grow(&mut plan, MAX_MEASURES + 1).is_err());
    }
}
