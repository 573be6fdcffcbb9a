//! A measure's values laid out period by period, each beside the target that judged it
//! and the status it earned; the gaps a performance officer still has to fill; and how
//! long the measure has been off track.

use super::bands::{Tolerance, status_of};
use super::period::MeasurePeriod;
use super::targets::{Target, TargetHistory};
use super::units::Direction;
use crate::status::Meaning;

/// One period of a measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub period: MeasurePeriod,
    pub value: Option<f64>,
    pub target: Option<Target>,
    /// The status the value earned; `None` with no value or no target.
    pub status: Option<Meaning>,
}

/// How long a measure has been off track: the latest periods with a value, one after
/// another, every one off track.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Streak {
    pub periods: usize,
    pub since: MeasurePeriod,
}

/// A measure's periods from its first value (or `from`, if earlier) to `through`.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub points: Vec<Point>,
}

impl Series {
    /// Lays `values` (any order; one per period) out from the earliest of `from` and the
    /// first value, through `through`. Values after `through` are left out.
    pub fn build(
        values: &[(MeasurePeriod, f64)],
        targets: &TargetHistory,
        direction: Direction,
        tolerance: Tolerance,
        from: Option<MeasurePeriod>,
        through: MeasurePeriod,
    ) -> Series {
        let first = values.iter().map(|(p, _)| *p).chain(from).min();
        let Some(first) = first else {
            return Series { points: Vec::new() };
        };
        let points = first
            .through(through)
            .map(|period| {
                let value = values.iter().find(|(p, _)| *p == period).map(|(_, v)| *v);
                let target = targets.for_period(period).cloned();
                let status = value
                    .zip(target.as_ref())
                    .map(|(v, t)| status_of(v, t, direction, tolerance));
                Point {
                    period,
                    value,
                    target,
                    status,
                }
            })
            .collect();
        Series { points }
    }

    /// The latest period with a value.
    pub fn latest(&self) -> Option<&Point> {
        self.points.iter().rev().find(|p| p.value.is_some())
    }

    /// The labels of the first and last periods it spans ("" for an empty series): what
    /// a chart's description says it runs from and to.
    pub fn span_labels(&self) -> (String, String) {
        let label = |p: Option<&Point>| p.map(|p| p.period.label()).unwrap_or_default();
        (label(self.points.first()), label(self.points.last()))
    }

    /// Periods up to and including `due` that have no value.
    pub fn missing(&self, due: MeasurePeriod) -> Vec<MeasurePeriod> {
        self.points
            .iter()
            .filter(|p| p.value.is_none() && p.period <= due)
            .map(|p| p.period)
            .collect()
    }

    /// How long the measure has been off track, counted back from its latest value
    /// through consecutive periods (a period with no value ends the count).
    pub fn off_track_streak(&self) -> Option<Streak> {
        let mut streak: Option<Streak> = None;
        let valued = self.points.iter().rev().skip_while(|p| p.value.is_none());
        for p in valued {
            if p.status != Some(Meaning::OffTrack) {
                break;
            }
            streak = Some(Streak {
                periods: streak.map_or(1, |s| s.periods + 1),
                since: p.period,
            });
        }
        streak
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measures::{Frequency, Unit};
    use chrono::NaiveDate;

    fn month(m: u32) -> MeasurePeriod {
        MeasurePeriod::containing(
            NaiveDate::from_ymd_opt(2026, m, 1).unwrap(),
            Frequency::Monthly,
        )
    }

    fn history() -> TargetHistory {
        let t = |m, v| Target {
            from: NaiveDate::from_ymd_opt(2026, m, 1).unwrap(),
            value: v,
            upper: None,
            reason: None,
        };
        TargetHistory::new(
            vec![t(1, 85.0), t(4, 90.0)],
            Unit::Percentage,
            Direction::HigherIsBetter,
        )
        .unwrap()
    }

    fn series(values: &[(u32, f64)], through: u32) -> Series {
        let values: Vec<_> = values.iter().map(|&(m, v)| (month(m), v)).collect();
        Series::build(
            &values,
            &history(),
            Direction::HigherIsBetter,
            Tolerance::Absolute(5.0),
            None,
            month(through),
        )
    }

    #[test]
    fn values_are_judged_by_the_target_of_their_period() {
        let s = series(&[(3, 86.0), (4, 86.0)], 4);
        let statuses: Vec<_> = s.points.iter().map(|p| p.status).collect();
        // 86% met March's 85%, and is near April's raised 90%.
        assert_eq!(statuses, [Some(Meaning::OnTrack), Some(Meaning::AtRisk)]);
    }

    #[test]
    fn gaps_are_periods_without_a_value_up_to_the_one_due() {
        let s = series(&[(1, 88.0), (3, 70.0)], 6);
        assert_eq!(s.points.len(), 6);
        let missing: Vec<_> = s
            .missing(month(5))
            .into_iter()
            .map(MeasurePeriod::key)
            .collect();
        assert_eq!(missing, ["2026-02", "2026-04", "2026-05"]);
        assert_eq!(s.latest().map(|p| p.period), Some(month(3)));
        // A value after the period shown is left out.
        assert_eq!(
            series(&[(1, 88.0), (9, 10.0)], 6)
                .latest()
                .map(|p| p.period),
            Some(month(1))
        );
    }

    #[test]
    fn the_off_track_streak_counts_back_from_the_latest_value() {
        let s = series(&[(3, 92.0), (4, 70.0), (5, 71.0)], 7);
        assert_eq!(
            s.off_track_streak(),
            Some(Streak {
                periods: 2,
                since: month(4)
            })
        );
        // A gap ends the count.
        let s = series(&[(3, 60.0), (5, 71.0)], 5);
        assert_eq!(
            s.off_track_streak(),
            Some(Streak {
                periods: 1,
                since: month(5)
            })
        );
        assert_eq!(series(&[(5, 95.0)], 5).off_track_streak(), None);
        assert!(series(&[], 5).points.is_empty());
    }
}
