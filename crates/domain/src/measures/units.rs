//! What a measure counts and which way is better.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What a measure's values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Number,
    Percentage,
    Days,
    Weeks,
    Count,
    Money,
}

impl Unit {
    pub const ALL: [Unit; 6] = [
        Unit::Percentage,
        Unit::Number,
        Unit::Count,
        Unit::Days,
        Unit::Weeks,
        Unit::Money,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Number => "number",
            Unit::Percentage => "percentage",
            Unit::Days => "days",
            Unit::Weeks => "weeks",
            Unit::Count => "count",
            Unit::Money => "money",
        }
    }

    /// Parses the snake_case name, or what a spreadsheet writes ("%", "£", "wks").
    pub fn parse(s: &str) -> Option<Unit> {
        let s = s.trim().to_lowercase();
        Unit::ALL
            .into_iter()
            .find(|u| u.as_str() == s)
            .or(match s.as_str() {
                "%" | "percent" | "per cent" | "rate (%)" => Some(Unit::Percentage),
                "£" | "gbp" | "pounds" | "cost" => Some(Unit::Money),
                "day" => Some(Unit::Days),
                "week" | "wks" | "wk" => Some(Unit::Weeks),
                "no." | "no" | "numbers" | "rate" => Some(Unit::Number),
                "children" | "cases" | "total" => Some(Unit::Count),
                _ => None,
            })
    }

    /// Words for people: "Percentage".
    pub fn describe(self) -> &'static str {
        match self {
            Unit::Number => "Number",
            Unit::Percentage => "Percentage",
            Unit::Days => "Days",
            Unit::Weeks => "Weeks",
            Unit::Count => "Count",
            Unit::Money => "Money (£)",
        }
    }

    /// A value as people read it: "85%", "16 weeks", "£1,250.50", "1,204".
    pub fn format(self, value: f64) -> String {
        let number = group_thousands(value, self.decimals(value));
        match self {
            Unit::Percentage => format!("{number}%"),
            Unit::Days => format!("{number} {}", if value == 1.0 { "day" } else { "days" }),
            Unit::Weeks => format!("{number} {}", if value == 1.0 { "week" } else { "weeks" }),
            Unit::Money if value < 0.0 => format!("-£{}", number.trim_start_matches('-')),
            Unit::Money => format!("£{number}"),
            Unit::Number | Unit::Count => number,
        }
    }

    /// A value as a form or a CSV holds it: no grouping, no unit ("85", "1250.5").
    pub fn plain(self, value: f64) -> String {
        let s = format!("{value:.4}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" { "0".into() } else { s.into() }
    }

    fn decimals(self, value: f64) -> usize {
        match self {
            Unit::Count => 0,
            Unit::Money if value.fract() != 0.0 => 2,
            _ => {
                // As few as show the value: 85, 85.5, 85.25 (two at most).
                let hundredths = (value * 100.0).round();
                if hundredths % 100.0 == 0.0 {
                    0
                } else if hundredths % 10.0 == 0.0 {
                    1
                } else {
                    2
                }
            }
        }
    }

    /// Checks a value fits the unit.
    ///
    /// # Errors
    /// What is wrong, in words for people.
    pub fn check(self, value: f64) -> Result<(), String> {
        if !value.is_finite() || value.abs() > super::MAX_MAGNITUDE {
            return Err("is not a number Assure can keep".into());
        }
        match self {
            Unit::Percentage if !(0.0..=100.0).contains(&value) => Err(
                "is a percentage outside 0 to 100 (for a change or a rate, make the measure's unit a number)"
                    .into(),
            ),
            Unit::Count if value < 0.0 || value.fract() != 0.0 => {
                Err("is a count, so a whole number of 0 or more".into())
            }
            Unit::Days | Unit::Weeks if value < 0.0 => Err("is a length of time below 0".into()),
            _ => Ok(()),
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn group_thousands(value: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, value.abs());
    let (whole, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(w, f)| (w, Some(f)));
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3 + 4);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if let Some(f) = frac {
        grouped.push('.');
        grouped.push_str(f);
    }
    // "-0" is not a value anyone reads.
    if value < 0.0 && grouped.chars().any(|c| c.is_ascii_digit() && c != '0') {
        grouped.insert(0, '-');
    }
    grouped
}

/// Reads a value as people type it or a spreadsheet writes it: "85", "85%", "85.5 %",
/// "1,204", "£1,250.50", "16 weeks", "(12)" is not accepted. `None` for an empty cell.
///
/// # Errors
/// When the text is not a number, in words for people.
pub fn parse_value(text: &str) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let lower = t.to_lowercase();
    let mut s = lower.as_str();
    for suffix in ["weeks", "week", "wks", "days", "day", "%"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.trim_end();
            break;
        }
    }
    let negative = s.starts_with('-');
    let s = s.trim_start_matches('-').trim_start_matches('£').trim();
    let digits: String = s.chars().filter(|&c| c != ',').collect();
    let ok = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|&c| c == '.').count() <= 1
        && digits != ".";
    // Commas only as thousands separators: "1,204" but not "1,2".
    let commas_ok = s
        .split('.')
        .next()
        .is_none_or(|whole| whole.split(',').skip(1).all(|g| g.len() == 3));
    if !ok || !commas_ok {
        return Err(format!("\"{}\" is not a number", shorten(t)));
    }
    let v: f64 = digits
        .parse()
        .map_err(|_| format!("\"{}\" is not a number", shorten(t)))?;
    Ok(Some(if negative { -v } else { v }))
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
    /// Between the target and its upper bound (a caseload of 15 to 18, say).
    WithinRange,
}

impl Direction {
    pub const ALL: [Direction; 3] = [
        Direction::HigherIsBetter,
        Direction::LowerIsBetter,
        Direction::WithinRange,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "higher_is_better",
            Direction::LowerIsBetter => "lower_is_better",
            Direction::WithinRange => "within_range",
        }
    }

    /// Parses the snake_case name, or "higher", "lower", "range".
    pub fn parse(s: &str) -> Option<Direction> {
        let s = s.trim().to_lowercase().replace([' ', '-'], "_");
        Direction::ALL
            .into_iter()
            .find(|d| d.as_str() == s)
            .or(match s.as_str() {
                "higher" | "up" | "high" => Some(Direction::HigherIsBetter),
                "lower" | "down" | "low" => Some(Direction::LowerIsBetter),
                "range" | "within" | "between" => Some(Direction::WithinRange),
                _ => None,
            })
    }

    pub fn describe(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "Higher is better",
            Direction::LowerIsBetter => "Lower is better",
            Direction::WithinRange => "Within a range",
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How often a measure has a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Monthly,
    Quarterly,
}

impl Frequency {
    pub const ALL: [Frequency; 2] = [Frequency::Monthly, Frequency::Quarterly];

    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
        }
    }

    pub fn parse(s: &str) -> Option<Frequency> {
        let s = s.trim().to_lowercase();
        Frequency::ALL.into_iter().find(|f| f.as_str() == s)
    }

    pub fn describe(self) -> &'static str {
        match self {
            Frequency::Monthly => "Monthly",
            Frequency::Quarterly => "Quarterly",
        }
    }

    /// Months in one period.
    pub fn months(self) -> u32 {
        match self {
            Frequency::Monthly => 1,
            Frequency::Quarterly => 3,
        }
    }
}

impl fmt::Display for Frequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_people_write_them() {
        assert_eq!(parse_value("85"), Ok(Some(85.0)));
        assert_eq!(parse_value(" 85.5 % "), Ok(Some(85.5)));
        assert_eq!(parse_value("1,204"), Ok(Some(1204.0)));
        assert_eq!(parse_value("£1,250.50"), Ok(Some(1250.5)));
        assert_eq!(parse_value("16 weeks"), Ok(Some(16.0)));
        assert_eq!(parse_value("-3"), Ok(Some(-3.0)));
        assert_eq!(parse_value(""), Ok(None));
        for bad in [
            "n/a",
            "1,2",
            "12.3.4",
            "85 percent of",
            ".",
            "-",
            "1e5",
            "TBC",
        ] {
            assert!(parse_value(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn values_are_shown_in_their_unit() {
        assert_eq!(Unit::Percentage.format(85.0), "85%");
        assert_eq!(Unit::Percentage.format(85.25), "85.25%");
        assert_eq!(Unit::Weeks.format(1.0), "1 week");
        assert_eq!(Unit::Weeks.format(16.5), "16.5 weeks");
        assert_eq!(Unit::Money.format(1250.5), "£1,250.50");
        assert_eq!(Unit::Money.format(-20.0), "-£20");
        assert_eq!(Unit::Count.format(1204.0), "1,204");
        assert_eq!(Unit::Number.format(1_234_567.0), "1,234,567");
        assert_eq!(Unit::Number.plain(85.50), "85.5");
        assert_eq!(Unit::Number.plain(-0.0), "0");
    }

    #[test]
    fn units_refuse_what_they_cannot_hold() {
        assert!(Unit::Percentage.check(101.0).is_err());
        assert!(Unit::Count.check(2.5).is_err());
        assert!(Unit::Weeks.check(-1.0).is_err());
        assert!(Unit::Number.check(f64::NAN).is_err());
        assert!(Unit::Money.check(-5.0).is_ok());
        assert!(Unit::Number.check(2e12).is_err());
    }

    #[test]
    fn names_parse_back() {
        for u in Unit::ALL {
            assert_eq!(Unit::parse(u.as_str()), Some(u));
        }
        for d in Direction::ALL {
            assert_eq!(Direction::parse(d.as_str()), Some(d));
        }
        assert_eq!(Unit::parse("%"), Some(Unit::Percentage));
        assert_eq!(
            Direction::parse("Lower is better"),
            Some(Direction::LowerIsBetter)
        );
    }
}
