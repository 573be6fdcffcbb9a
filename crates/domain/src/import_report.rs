//! The things to check that an import reported, kept with the plan they were found in so
//! that they can be worked through after the plan is created, each marked done as it is
//! resolved.

use crate::model::Actor;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The most things to check one plan keeps: far beyond a real import (tens), and a bound
/// on what a hostile confirm step can ask the store to write.
pub const MAX_ITEMS: usize = 5_000;
/// The longest concern or place, in characters.
pub const MAX_LABEL_CHARS: usize = 500;
/// The longest text of one thing to check, in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// One thing to check, as the import reported it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportItem {
    /// What kind of thing it is, in a performance officer's words ("No lead").
    pub concern: String,
    /// Where in the plan ("Area 2, action 2.3").
    pub place: String,
    /// The text concerned, as written.
    #[serde(default)]
    pub text: String,
    /// What was done with it and what a person should do ("Name who leads the action.").
    #[serde(default)]
    pub advice: String,
}

/// A thing to check, kept with its plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredReportItem {
    pub id: Uuid,
    pub plan_id: Uuid,
    /// Its place in the report's order.
    pub position: i64,
    pub item: ReportItem,
    /// Who marked it done, and when; `None` while it is still to do.
    pub done: Option<(Actor, DateTime<Utc>)>,
}

/// Why a report cannot be kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("an import report keeps at most {MAX_ITEMS} things to check")]
    TooMany,
    #[error("thing to check {0} has no concern")]
    NoConcern(usize),
    #[error("thing to check {0} is longer than the report keeps")]
    TooLong(usize),
}

/// Checks a report before it is kept: a bounded number of items of bounded length, each
/// saying what it is about.
///
/// # Errors
/// The first problem, naming the item (counting from 1).
pub fn check(items: &[ReportItem]) -> Result<(), ReportError> {
    if items.len() > MAX_ITEMS {
        return Err(ReportError::TooMany);
    }
    for (i, it) in items.iter().enumerate() {
        if it.concern.trim().is_empty() {
            return Err(ReportError::NoConcern(i + 1));
        }
        if it.concern.chars().count() > MAX_LABEL_CHARS
            || it.place.chars().count() > MAX_LABEL_CHARS
            || it.text.chars().count() > MAX_TEXT_CHARS
            || it.advice.chars().count() > MAX_LABEL_CHARS
        {
            return Err(ReportError::TooLong(i + 1));
        }
    }
    Ok(())
}

/// A report within what a plan keeps: past [`MAX_ITEMS`], the rest are counted in one
/// last item instead of listed.
pub fn bounded(mut items: Vec<ReportItem>) -> Vec<ReportItem> {
    if items.len() > MAX_ITEMS {
        let more = items.len() - (MAX_ITEMS - 1);
        items.truncate(MAX_ITEMS - 1);
        items.push(ReportItem {
            concern: "More to check".into(),
            place: "The whole plan".into(),
            text: format!("The import found {more} more things to check than are listed here."),
            advice: "Look through the plan table for actions with no lead or timescale.".into(),
        });
    }
    items
}

/// `s` cut to at most `max` characters, with an ellipsis when cut.
pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(concern: &str, text: &str) -> ReportItem {
        ReportItem {
            concern: concern.into(),
            place: "Area 1, action 1.2".into(),
            text: text.into(),
            advice: String::new(),
        }
    }

    #[test]
    fn a_report_is_bounded_and_every_item_says_what_it_is() {
        assert_eq!(check(&[item("No lead", "Audit visits")]), Ok(()));
        assert_eq!(
            check(&[item("No lead", ""), item(" ", "x")]),
            Err(ReportError::NoConcern(2))
        );
        let long = "x".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(
            check(&[item("No lead", &long)]),
            Err(ReportError::TooLong(1))
        );
        let many = vec![item("No lead", ""); MAX_ITEMS + 1];
        assert_eq!(check(&many), Err(ReportError::TooMany));
        assert_eq!(check(&many[..MAX_ITEMS]), Ok(()));
    }

    #[test]
    fn a_long_report_is_cut_with_a_count_of_the_rest() {
        let many = vec![item("No lead", ""); MAX_ITEMS + 10];
        let kept = bounded(many);
        assert_eq!(kept.len(), MAX_ITEMS);
        assert_eq!(check(&kept), Ok(()));
        assert!(kept[MAX_ITEMS - 1].text.contains("11 more things"));
        assert_eq!(bounded(vec![item("No lead", "")]).len(), 1);
    }

    #[test]
    fn clipping_keeps_short_text_and_marks_a_cut() {
        assert_eq!(clip("short", 10), "short");
        let cut = clip("abcdefghijkl", 5);
        assert_eq!(cut, "abcd…");
        assert_eq!(cut.chars().count(), 5);
    }
}
