//! `vague_action`: wording that commits to nothing anyone could check.

use super::{Finding, Row, Severity, quoted};
use regex::Regex;
use std::sync::LazyLock;

static ONLY_TBC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:tbc|tba|tbd|to be confirmed|to be agreed)\s*\.?\s*$").expect("tbc")
});

/// "Further actions to be scoped", "additional work to be agreed with partners",
/// "further actions will be identified".
static TO_BE_DECIDED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:further|other|additional|more|next)\s+(?:actions?|steps|work|measures|activit(?:y|ies)|improvements?)\b[^.;]{0,60}?\b(?:to|will)\s+be\s+(?:considered|agreed|scoped|identified|determined|confirmed|decided|explored)\b",
    )
    .expect("to be decided")
});

/// "Explore options", "consider ways to…", as what the action is.
static EXPLORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:to\s+)?(?:explore|consider|look\s+(?:at|into))\s+(?:the\s+)?(?:options?|possibilit(?:y|ies)|opportunities|ways)\b",
    )
    .expect("explore")
});

/// The action's own wording commits to nothing checkable.
pub(super) fn vague_action(row: &Row<'_>) -> Option<Finding> {
    let text = row.action.text.trim();
    if text.is_empty() {
        return None;
    }
    let words = text.split_whitespace().count();
    let vague = ONLY_TBC.is_match(text)
        || TO_BE_DECIDED.is_match(text)
        // Exploring options can be a real first step inside a longer action; alone, it
        // is not a commitment.
        || (EXPLORE.is_match(text) && words <= 20);
    vague.then(|| {
        row.finding(
            "vague_action",
            Severity::Warning,
            "The action does not say what will be done.".into(),
            format!("action {}", quoted(text)),
            "Say what will be done, by whom and by when, so that progress can be checked.",
        )
    })
}
