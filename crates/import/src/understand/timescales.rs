//! Timescales the shared date reader does not know, read before it: financial years
//! ("2024/25", "03/04") and their quarters ("Q3 2024/25"), a typo in a year ("March
//! 2-21", kept as text so it is flagged, never read as a date), and "Ongoing".

use std::sync::LazyLock;

use assure_domain::{When, WhenKind};
use chrono::NaiveDate;
use regex::Regex;

static FY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i)(?:Q([1-4])\s+)?((?:19|20)?\d{2})\s*/\s*(\d{2})$").expect("fy")
});

static YEAR_TYPO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d-\d{2}$")
        .expect("typo")
});

static ONGOING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:on-?going|continuous|continual|throughout|rolling|termly|six[- ]monthly|bi-?annually|as required)\.?$")
        .expect("ongoing")
});

/// A timescale read here, or `None` to leave it to the shared reader.
pub fn special(text: &str) -> Option<When> {
    let t = text.trim();
    if let Some(c) = FY.captures(t) {
        let a: i32 = c[2].parse().ok()?;
        let b: i32 = c[3].parse().ok()?;
        let start = if a < 100 {
            if a > 50 { 1900 + a } else { 2000 + a }
        } else {
            a
        };
        // "08/09" is a financial year only when the second year follows the first.
        if (start + 1) % 100 != b {
            return None;
        }
        let date = match c.get(1).map(|q| q.as_str()) {
            Some("1") => NaiveDate::from_ymd_opt(start, 6, 30),
            Some("2") => NaiveDate::from_ymd_opt(start, 9, 30),
            Some("3") => NaiveDate::from_ymd_opt(start, 12, 31),
            _ => NaiveDate::from_ymd_opt(start + 1, 3, 31),
        }?;
        return Some(When {
            text: t.to_string(),
            kind: WhenKind::Month,
            date: Some(date),
            recurrence: None,
        });
    }
    if YEAR_TYPO.is_match(t) {
        return Some(When {
            text: t.to_string(),
            kind: WhenKind::Text,
            date: None,
            recurrence: None,
        });
    }
    if ONGOING.is_match(t) {
        return Some(When {
            text: t.to_string(),
            kind: WhenKind::Recurring,
            date: None,
            recurrence: None,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn financial_years_typos_and_ongoing() {
        let d = |s: &str| special(s).and_then(|w| w.date);
        assert_eq!(d("2024/25"), NaiveDate::from_ymd_opt(2025, 3, 31));
        assert_eq!(d("Q3 2024/25"), NaiveDate::from_ymd_opt(2024, 12, 31));
        assert_eq!(d("03/04"), NaiveDate::from_ymd_opt(2004, 3, 31));
        assert_eq!(special("08/12"), None, "a day and month, not a year");
        assert_eq!(special("March 2-21").map(|w| w.kind), Some(WhenKind::Text));
        assert_eq!(
            special("Ongoing").map(|w| w.kind),
            Some(WhenKind::Recurring)
        );
        assert_eq!(special("March 2025"), None);
    }
}
