//! The plan's measures as the board report shows them: each against its target at the
//! end of the report's period (values entered for later periods are left out, so a
//! report made again later says the same), with the status the data gives in the plan's
//! own words, how long it has been off target, its recent values and its chart.

use crate::colours::swatch;
use crate::model::{Figure, StatusCell};
use crate::names::Names;
use assure_domain::Meaning;
use assure_domain::measures::{Measure, MeasureLink, MeasurePeriod};
use assure_domain::model::StoredPlan;
use chrono::NaiveDate;

/// How many periods of values each measure shows beside its chart.
pub const RECENT_PERIODS: usize = 6;

/// One period of a measure.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasurePoint {
    /// "2026-10", "2026-Q2": how an upload names the period.
    pub key: String,
    /// "October 2026", "Q2 2026/27".
    pub period: String,
    pub number: Option<f64>,
    pub target_number: Option<f64>,
    /// "81%", or "No value".
    pub value: String,
    /// "90%", or "None set".
    pub target: String,
    pub status: Option<StatusCell>,
}

/// A measure as the report shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureLine {
    pub name: String,
    pub definition: Option<String>,
    /// "Percentage; higher is better; monthly".
    pub kind: String,
    pub source: Option<String>,
    /// The person (or, in a report that names no one, the role) who reports it.
    pub owner: Option<String>,
    /// The target at the end of the period ("90%"), or "No target set".
    pub target: String,
    /// How the target has changed ("Raised from 85% to 90% from April 2026: …").
    pub target_changes: Vec<String>,
    /// "81% in October 2026", or "No values by the end of the period".
    pub latest: String,
    /// The value of the period before the latest one ("78% in September 2026").
    pub previous: Option<String>,
    /// The latest value's status in the plan's key.
    pub status: Option<StatusCell>,
    /// "Off target for 3 months, since August 2026."
    pub streak: Option<String>,
    /// The refs (or names) of the areas and actions it is meant to move.
    pub links: Vec<String>,
    /// Every period from the first value (or target) to the report's, oldest first.
    pub points: Vec<MeasurePoint>,
    pub chart: Figure,
}

impl MeasureLine {
    /// The last [`RECENT_PERIODS`] periods, oldest first.
    pub fn recent(&self) -> &[MeasurePoint] {
        &self.points[self.points.len().saturating_sub(RECENT_PERIODS)..]
    }

    /// Whether the data says the measure needs the board's attention.
    pub fn is_exception(&self) -> bool {
        matches!(
            self.status.as_ref().and_then(|s| s.meaning),
            Some(Meaning::OffTrack | Meaning::AtRisk)
        )
    }
}

/// A status in the plan's own word for that meaning.
fn cell(plan: &StoredPlan, meaning: Meaning) -> StatusCell {
    let label = plan
        .status_scheme
        .iter()
        .find(|d| d.meaning == meaning)
        .map_or_else(|| meaning.describe().to_string(), |d| d.label.clone());
    StatusCell {
        label,
        meaning: Some(meaning),
        swatch: swatch(Some(meaning)),
    }
}

/// What a measure is linked to, named as the report names it.
fn links(plan: &StoredPlan, m: &Measure) -> Vec<String> {
    m.fields
        .links
        .iter()
        .filter_map(|l| match *l {
            MeasureLink::Action(id) => {
                let a = plan.find_action(id)?;
                Some(a.r#ref.clone().unwrap_or_else(|| {
                    crate::model::short_text(&a.text, 40).trim_end().to_string()
                }))
            }
            MeasureLink::Area(id) => {
                let a = plan.areas.iter().find(|a| a.id == id)?;
                Some(match a.r#ref.as_deref().map(str::trim) {
                    Some(r) if !r.is_empty() => format!("Area {r}"),
                    _ => crate::model::short_text(&a.title, 40),
                })
            }
        })
        .collect()
}

/// The order the board reads them in: off target, at risk, then the rest, each as the
/// plan keeps them.
fn rank(line: &MeasureLine) -> u8 {
    match line.status.as_ref().and_then(|s| s.meaning) {
        Some(Meaning::OffTrack) => 0,
        Some(Meaning::AtRisk) => 1,
        _ => 2,
    }
}

/// The plan's measures as of `as_of` (the report's period end, or today), most urgent
/// first. `names` rewrites personal names for a report that names no one.
pub fn lines(plan: &StoredPlan, as_of: NaiveDate, names: Option<&Names>) -> Vec<MeasureLine> {
    let text = |s: &str| names.map_or_else(|| s.to_string(), |n| n.text(s));
    let mut out: Vec<MeasureLine> = plan
        .measures
        .iter()
        .enumerate()
        .map(|(i, m)| line(plan, m, i, as_of, &text, names))
        .collect();
    out.sort_by_key(rank);
    out
}

fn line(
    plan: &StoredPlan,
    m: &Measure,
    index: usize,
    as_of: NaiveDate,
    text: &dyn Fn(&str) -> String,
    names: Option<&Names>,
) -> MeasureLine {
    let f = &m.fields;
    let unit = f.unit;
    let through = MeasurePeriod::containing(as_of, f.frequency);
    let series = m.series(through);
    let history = m.history();
    let valued: Vec<_> = series.points.iter().filter(|p| p.value.is_some()).collect();
    let said = |p: &assure_domain::measures::Point| {
        format!(
            "{} in {}",
            unit.format(p.value.unwrap_or_default()),
            p.period.label()
        )
    };
    let latest = valued.last().copied();
    let status = latest.and_then(|p| p.status).map(|s| cell(plan, s));
    let streak = series.off_track_streak().map(|s| {
        let what = match f.frequency {
            assure_domain::measures::Frequency::Quarterly => ("quarter", "quarters"),
            assure_domain::measures::Frequency::Monthly => ("month", "months"),
        };
        format!(
            "Off target for {} {}, since {}.",
            s.periods,
            if s.periods == 1 { what.0 } else { what.1 },
            s.since.label()
        )
    });
    let target = history
        .current(as_of)
        .map_or_else(|| "No target set".to_string(), |t| t.describe(unit));
    // Changes made after the period are not the board's news yet.
    let target_changes: Vec<String> = history
        .all()
        .iter()
        .skip(1)
        .zip(history.changes(unit))
        .filter(|(t, _)| t.from <= as_of)
        .map(|(_, c)| text(&c))
        .collect();
    let points: Vec<MeasurePoint> = series
        .points
        .iter()
        .map(|p| MeasurePoint {
            key: p.period.key(),
            period: p.period.label(),
            number: p.value,
            target_number: p.target.as_ref().map(|t| t.value),
            value: p
                .value
                .map_or_else(|| "No value".to_string(), |v| unit.format(v)),
            target: p
                .target
                .as_ref()
                .map_or_else(|| "None set".to_string(), |t| t.describe(unit)),
            status: p.status.map(|s| cell(plan, s)),
        })
        .collect();
    let latest_text = latest.map_or_else(|| "No values by the end of the period".into(), said);
    let name = text(&f.name);
    let title = format!("{name}: values against the target");
    let (from, to) = series.span_labels();
    let description = format!(
        "A line chart of {} against the target (the dashed line{}), from {} to {}. Latest: {}{}.",
        name,
        if history.all().len() > 1 {
            ", stepping where it changed"
        } else {
            ""
        },
        from,
        to,
        latest_text,
        status
            .as_ref()
            .map(|s| format!(", {}", s.text()))
            .unwrap_or_default()
    );
    let svg = assure_chart::measure::line_chart(
        &format!("measure-{index}"),
        &title,
        &description,
        &series,
        unit,
    );
    MeasureLine {
        definition: f.definition.as_deref().map(text),
        kind: format!(
            "{}; {}; {}",
            unit.describe(),
            f.direction.describe().to_lowercase(),
            f.frequency.describe().to_lowercase()
        ),
        source: f.source.clone(),
        owner: f.owner.as_deref().map(|o| match names {
            Some(n) => n.lead(o),
            None => o.to_string(),
        }),
        target,
        target_changes,
        previous: valued.len().checked_sub(2).map(|i| said(valued[i])),
        latest: latest_text,
        status,
        streak,
        links: links(plan, m),
        points,
        chart: Figure {
            svg,
            title,
            description,
        },
        name,
    }
}
