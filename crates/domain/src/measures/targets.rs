//! A measure's targets over time. A target holds from a date until the next one, so a
//! changed target keeps the old one for the periods it judged, with the reason given.

use super::period::MeasurePeriod;
use super::units::{Direction, Unit};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One target, in force from `from` until the next target's `from`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub from: NaiveDate,
    /// The target; for a range, its lower end.
    pub value: f64,
    /// A range's upper end; `None` unless the measure's direction is "within a range".
    pub upper: Option<f64>,
    /// Why it was set or changed ("raised with the DfE adviser in March").
    pub reason: Option<String>,
}

impl Target {
    /// The target as people read it: "90%", "15 to 18".
    pub fn describe(&self, unit: Unit) -> String {
        match self.upper {
            Some(upper) => format!("{} to {}", unit.format(self.value), unit.format(upper)),
            None => unit.format(self.value),
        }
    }
}

/// A measure's targets, oldest first, no two from the same day.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TargetHistory {
    targets: Vec<Target>,
}

impl TargetHistory {
    /// Checks and orders targets for a measure of `unit` and `direction`.
    ///
    /// # Errors
    /// The first problem, in words for people.
    pub fn new(
        mut targets: Vec<Target>,
        unit: Unit,
        direction: Direction,
    ) -> Result<TargetHistory, String> {
        targets.sort_by_key(|t| t.from);
        for (i, t) in targets.iter().enumerate() {
            let when = t.from.format("%-d %B %Y");
            unit.check(t.value)
                .map_err(|e| format!("the target from {when} {e}"))?;
            match (direction, t.upper) {
                (Direction::WithinRange, None) => {
                    return Err(format!(
                        "the target from {when} needs an upper end: the measure is within a range"
                    ));
                }
                (Direction::WithinRange, Some(upper)) => {
                    unit.check(upper)
                        .map_err(|e| format!("the target's upper end from {when} {e}"))?;
                    if upper < t.value {
                        return Err(format!(
                            "the target from {when} ends below where it starts ({} to {})",
                            unit.format(t.value),
                            unit.format(upper)
                        ));
                    }
                }
                (_, Some(_)) => {
                    return Err(format!(
                        "the target from {when} has an upper end, but only a measure within a range has one"
                    ));
                }
                (_, None) => {}
            }
            if i > 0 && targets[i - 1].from == t.from {
                return Err(format!("two targets start on {when}"));
            }
            if t.reason
                .as_deref()
                .is_some_and(|r| r.chars().count() > super::MAX_TEXT_CHARS)
            {
                return Err(format!(
                    "the reason for the target from {when} is longer than {} characters",
                    super::MAX_TEXT_CHARS
                ));
            }
        }
        Ok(TargetHistory { targets })
    }

    /// Oldest first.
    pub fn all(&self) -> &[Target] {
        &self.targets
    }

    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }

    /// The target in force on `date`.
    pub fn at(&self, date: NaiveDate) -> Option<&Target> {
        self.targets.iter().rev().find(|t| t.from <= date)
    }

    /// The target a period's value is judged against: the one in force on its last day,
    /// so a target set "from April" judges April's figure, and a quarterly target judges
    /// each monthly value of its quarter alike.
    pub fn for_period(&self, period: MeasurePeriod) -> Option<&Target> {
        self.at(period.end())
    }

    /// The target now in force, else the first one set (a target that starts later).
    pub fn current(&self, today: NaiveDate) -> Option<&Target> {
        self.at(today).or(self.targets.first())
    }

    /// Each change of target as a sentence: "Target raised from 85% to 90% from 1 April
    /// 2026: agreed with the board".
    pub fn changes(&self, unit: Unit) -> Vec<String> {
        self.targets
            .windows(2)
            .map(|w| {
                let (old, new) = (&w[0], &w[1]);
                let verb = match (new.upper, old.upper) {
                    (None, None) if new.value > old.value => "raised",
                    (None, None) if new.value < old.value => "lowered",
                    _ => "changed",
                };
                let mut s = format!(
                    "Target {verb} from {} to {} from {}",
                    old.describe(unit),
                    new.describe(unit),
                    new.from.format("%-d %B %Y")
                );
                if let Some(reason) = new.reason.as_deref().filter(|r| !r.trim().is_empty()) {
                    s.push_str(": ");
                    s.push_str(reason.trim());
                }
                s
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measures::Frequency;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn target(from: NaiveDate, value: f64) -> Target {
        Target {
            from,
            value,
            upper: None,
            reason: None,
        }
    }

    #[test]
    fn a_changed_target_keeps_the_old_one_for_its_periods() {
        let mut raised = target(d(2026, 4, 1), 90.0);
        raised.reason = Some("agreed with the improvement board".into());
        let h = TargetHistory::new(
            vec![raised, target(d(2025, 4, 1), 85.0)],
            Unit::Percentage,
            Direction::HigherIsBetter,
        )
        .unwrap();
        let month = |y, m| MeasurePeriod::containing(d(y, m, 1), Frequency::Monthly);
        assert_eq!(h.for_period(month(2026, 3)).map(|t| t.value), Some(85.0));
        assert_eq!(h.for_period(month(2026, 4)).map(|t| t.value), Some(90.0));
        assert_eq!(h.for_period(month(2025, 3)), None);
        assert_eq!(
            h.changes(Unit::Percentage),
            ["Target raised from 85% to 90% from 1 April 2026: agreed with the improvement board"]
        );
        // Before any target, the first is what the measure aims at.
        assert_eq!(h.current(d(2024, 1, 1)).map(|t| t.value), Some(85.0));
    }

    #[test]
    fn a_quarter_is_judged_by_the_target_on_its_last_day() {
        let h = TargetHistory::new(
            vec![target(d(2026, 1, 1), 20.0), target(d(2026, 2, 15), 18.0)],
            Unit::Weeks,
            Direction::LowerIsBetter,
        )
        .unwrap();
        let q1 = MeasurePeriod::containing(d(2026, 1, 1), Frequency::Quarterly);
        assert_eq!(h.for_period(q1).map(|t| t.value), Some(18.0));
        assert_eq!(
            h.changes(Unit::Weeks),
            ["Target lowered from 20 weeks to 18 weeks from 15 February 2026"]
        );
    }

    #[test]
    fn targets_are_checked() {
        let range = |lo, hi| Target {
            from: d(2026, 1, 1),
            value: lo,
            upper: hi,
            reason: None,
        };
        assert!(
            TargetHistory::new(vec![range(15.0, None)], Unit::Count, Direction::WithinRange)
                .is_err()
        );
        assert!(
            TargetHistory::new(
                vec![range(18.0, Some(15.0))],
                Unit::Count,
                Direction::WithinRange
            )
            .is_err()
        );
        assert!(
            TargetHistory::new(
                vec![range(15.0, Some(18.0))],
                Unit::Count,
                Direction::HigherIsBetter
            )
            .is_err()
        );
        assert!(
            TargetHistory::new(
                vec![range(15.0, Some(18.0))],
                Unit::Count,
                Direction::WithinRange
            )
            .is_ok()
        );
        assert!(
            TargetHistory::new(
                vec![range(120.0, None)],
                Unit::Percentage,
                Direction::HigherIsBetter
            )
            .is_err()
        );
        let twice = vec![target(d(2026, 1, 1), 1.0), target(d(2026, 1, 1), 2.0)];
        assert_eq!(
            TargetHistory::new(twice, Unit::Number, Direction::HigherIsBetter),
            Err("two targets start on 1 January 2026".into())
        );
    }
}
