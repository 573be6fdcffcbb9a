//! The status a value earns against its target: on target, near it (within the
//! measure's tolerance), or off it — on track, at risk and off track in the plan's own key.

use super::targets::Target;
use super::units::{Direction, Unit};
use crate::status::Meaning;
use serde::{Deserialize, Serialize};

/// How far from the target a value may fall and still be "near": a share of the target
/// ("within 5%"), or an amount in the measure's unit ("within 2 weeks").
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tolerance {
    Percent(f64),
    Absolute(f64),
}

impl Default for Tolerance {
    /// Within 5% of the target: the band councils' performance reports use most.
    fn default() -> Tolerance {
        Tolerance::Percent(5.0)
    }
}

impl Tolerance {
    /// The default for a measure: 5% of the target, and for a percentage, 5 points (a
    /// measure of 90% is near at 85%, not at 85.5%).
    pub fn default_for(unit: Unit) -> Tolerance {
        match unit {
            Unit::Percentage => Tolerance::Absolute(5.0),
            _ => Tolerance::default(),
        }
    }

    /// The margin around `target`, in the measure's unit.
    fn margin(self, target: f64) -> f64 {
        match self {
            Tolerance::Percent(p) => target.abs() * p / 100.0,
            Tolerance::Absolute(a) => a,
        }
    }

    /// Checks a tolerance as typed.
    ///
    /// # Errors
    /// What is wrong, in words for people.
    pub fn check(self) -> Result<(), String> {
        let v = match self {
            Tolerance::Percent(p) if p > 100.0 => {
                return Err("the tolerance is more than 100% of the target".into());
            }
            Tolerance::Percent(v) | Tolerance::Absolute(v) => v,
        };
        if !v.is_finite() || !(0.0..=super::MAX_MAGNITUDE).contains(&v) {
            return Err("the tolerance must be a number of 0 or more".into());
        }
        Ok(())
    }

    /// Words for people: "within 5% of the target", "within 2 weeks".
    pub fn describe(self, unit: Unit) -> String {
        match self {
            Tolerance::Percent(p) => format!("within {}% of the target", Unit::Number.plain(p)),
            Tolerance::Absolute(a) if unit == Unit::Percentage => {
                format!("within {} percentage points", Unit::Number.plain(a))
            }
            Tolerance::Absolute(a) => format!("within {}", unit.format(a)),
        }
    }
}

/// The status `value` earns against `target`: on track when it meets the target, at risk
/// within the tolerance, off track beyond it. A margin exactly at the edge counts as near.
pub fn status_of(
    value: f64,
    target: &Target,
    direction: Direction,
    tolerance: Tolerance,
) -> Meaning {
    let near = |bound: f64, distance: f64| distance <= tolerance.margin(bound) + 1e-9;
    let (met, bound, distance) = match direction {
        Direction::HigherIsBetter => (value >= target.value, target.value, target.value - value),
        Direction::LowerIsBetter => (value <= target.value, target.value, value - target.value),
        Direction::WithinRange => {
            let upper = target.upper.unwrap_or(target.value);
            if value < target.value {
                (false, target.value, target.value - value)
            } else {
                (value <= upper, upper, value - upper)
            }
        }
    };
    if met {
        Meaning::OnTrack
    } else if near(bound, distance) {
        Meaning::AtRisk
    } else {
        Meaning::OffTrack
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn t(value: f64, upper: Option<f64>) -> Target {
        Target {
            from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            value,
            upper,
            reason: None,
        }
    }

    #[test]
    fn higher_is_better() {
        let s = |v| {
            status_of(
                v,
                &t(90.0, None),
                Direction::HigherIsBetter,
                Tolerance::Absolute(5.0),
            )
        };
        assert_eq!(s(90.0), Meaning::OnTrack);
        assert_eq!(s(97.0), Meaning::OnTrack);
        assert_eq!(s(85.0), Meaning::AtRisk);
        assert_eq!(s(84.9), Meaning::OffTrack);
    }

    #[test]
    fn lower_is_better_with_a_share_of_the_target() {
        // Weeks in pre-proceedings against 16, near within 5% (0.8 weeks).
        let s = |v| {
            status_of(
                v,
                &t(16.0, None),
                Direction::LowerIsBetter,
                Tolerance::Percent(5.0),
            )
        };
        assert_eq!(s(12.0), Meaning::OnTrack);
        assert_eq!(s(16.0), Meaning::OnTrack);
        assert_eq!(s(16.8), Meaning::AtRisk);
        assert_eq!(s(17.0), Meaning::OffTrack);
        // A target of nothing has no margin: one child is off track.
        let zero = status_of(
            1.0,
            &t(0.0, None),
            Direction::LowerIsBetter,
            Tolerance::Percent(5.0),
        );
        assert_eq!(zero, Meaning::OffTrack);
    }

    #[test]
    fn within_a_range_on_both_sides() {
        let s = |v| {
            status_of(
                v,
                &t(15.0, Some(18.0)),
                Direction::WithinRange,
                Tolerance::Absolute(1.0),
            )
        };
        assert_eq!(s(15.0), Meaning::OnTrack);
        assert_eq!(s(18.0), Meaning::OnTrack);
        assert_eq!(s(14.0), Meaning::AtRisk);
        assert_eq!(s(19.0), Meaning::AtRisk);
        assert_eq!(s(13.5), Meaning::OffTrack);
        assert_eq!(s(20.0), Meaning::OffTrack);
    }

    #[test]
    fn tolerances_are_checked_and_described() {
        assert!(Tolerance::Percent(150.0).check().is_err());
        assert!(Tolerance::Absolute(-1.0).check().is_err());
        assert!(Tolerance::Absolute(f64::INFINITY).check().is_err());
        assert_eq!(
            Tolerance::default_for(Unit::Percentage).describe(Unit::Percentage),
            "within 5 percentage points"
        );
        assert_eq!(
            Tolerance::Absolute(2.0).describe(Unit::Weeks),
            "within 2 weeks"
        );
        assert_eq!(
            Tolerance::default_for(Unit::Days).describe(Unit::Days),
            "within 5% of the target"
        );
    }
}
