//! Measures written inside an action's "how will we know" text — "85% of audits graded
//! good by March 2025", "care proceedings concluded within 26 weeks" — found so that
//! they can be offered after import. They are suggestions: nothing is created from them
//! until a person says so.

use super::units::{Direction, Unit};
use regex::Regex;
use std::sync::LazyLock;

/// A measure a plan's words describe.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// A name to start from: "audits graded good".
    pub name: String,
    pub unit: Unit,
    pub direction: Direction,
    pub target: f64,
    /// The deadline as written ("March 2025"), when the words give one.
    pub by: Option<String>,
    /// The sentence it came from.
    pub source: String,
}

static PERCENT_FROM_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)from\s+(\d{1,3}(?:\.\d+)?)\s?%\s+to\s+(\d{1,3}(?:\.\d+)?)\s?%").expect("regex")
});
static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d{1,3}(?:\.\d+)?)\s?(?:%|per\s?cent)(?:\s+of\s+(?:all\s+|the\s+)?)?")
        .expect("regex")
});
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d{1,3}(?:\.\d+)?)\s+(working\s+days?|days?|weeks?)\b").expect("regex")
});
static BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:by|before|from)\s+((?:end\s+of\s+)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)?(?:20\d\d)(?:/\d\d)?|q[1-4]\s+20\d\d(?:/\d\d)?)",
    )
    .expect("regex")
});
/// Words that make a figure a ceiling. For a share, "within" and "average" do not: "95%
/// of reviews held within timescale" is a floor.
static LOWER_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(no more than|not more than|under|below|less than|fewer than|reduc\w*|decreas\w*|lower|maximum of|at most|at or below)\b")
        .expect("regex")
});
static TIME_LOWER_WORDS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(within|average|falls? to)\b").expect("regex"));
/// Comparison words left at the end of a name ("Re-referrals within 12 months below").
static TRAILING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\s+(below|under|above|over|at least|at or below|at or above|to|of|falls|falls to|no more than|less than|fewer than|more than))+$")
        .expect("regex")
});

/// The measures `text` describes, in the order written, one per sentence at most.
pub fn suggest(text: &str) -> Vec<Suggestion> {
    let mut found: Vec<Suggestion> = Vec::new();
    for sentence in sentences(text) {
        if let Some(s) = in_sentence(sentence)
            && !found.iter().any(|f| f.name.eq_ignore_ascii_case(&s.name))
        {
            found.push(s);
        }
    }
    found
}

fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split(['\n', ';', '•'])
        .flat_map(|line| line.split(". "))
        .map(|s| s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '*' | '.' | '·')))
        .filter(|s| !s.is_empty() && s.chars().count() <= 600)
}

fn in_sentence(sentence: &str) -> Option<Suggestion> {
    let by = BY.captures(sentence).map(|c| c[1].trim().to_string());
    let lower = LOWER_WORDS.is_match(sentence);
    let (unit, direction, target, name) = if let Some(c) = PERCENT_FROM_TO.captures(sentence) {
        let from: f64 = c[1].parse().ok()?;
        let to: f64 = c[2].parse().ok()?;
        let direction = if to < from {
            Direction::LowerIsBetter
        } else {
            Direction::HigherIsBetter
        };
        let before = sentence[..c.get(0)?.start()].trim();
        (Unit::Percentage, direction, to, name_from(before))
    } else if let Some(c) = PERCENT.captures(sentence) {
        let target: f64 = c[1].parse().ok()?;
        let whole = c.get(0)?;
        let after = &sentence[whole.end()..];
        // "85% of audits graded good": the measure is what the share is of.
        // "85% of audits graded good": the measure is what the share is of, when that
        // says enough; "100% of audits" says too little, so the whole sentence names it.
        let after_words = name_from(after).filter(|n| n.split_whitespace().count() >= 3);
        let name = if whole.as_str().to_lowercase().contains(" of") && after_words.is_some() {
            after_words
        } else {
            name_from(&sentence.replace(whole.as_str().trim(), " "))
        };
        let direction = if lower {
            Direction::LowerIsBetter
        } else {
            Direction::HigherIsBetter
        };
        (Unit::Percentage, direction, target, name)
    } else if let Some(c) = TIME.captures(sentence) {
        let target: f64 = c[1].parse().ok()?;
        let unit = if c[2].to_lowercase().starts_with("week") {
            Unit::Weeks
        } else {
            Unit::Days
        };
        // Timeliness: "within 26 weeks" is a ceiling; "at least 6 weeks" a floor.
        let lower = lower || TIME_LOWER_WORDS.is_match(sentence);
        let direction = if lower || !sentence.to_lowercase().contains("at least") {
            Direction::LowerIsBetter
        } else {
            Direction::HigherIsBetter
        };
        (unit, direction, target, name_from(sentence))
    } else {
        return None;
    };
    let name = name?;
    if unit.check(target).is_err() {
        return None;
    }
    Some(Suggestion {
        name,
        unit,
        direction,
        target,
        by,
        source: sentence.to_string(),
    })
}

/// A name from the words around a figure: without the deadline, trimmed of joining
/// words, at most a line long.
fn name_from(words: &str) -> Option<String> {
    let cut = BY.find(words).map_or(words, |m| &words[..m.start()]);
    let trimmed = cut
        .trim()
        .trim_end_matches([',', ':', '(', '-', '–'])
        .trim();
    let trimmed = TRAILING.replace(trimmed, "");
    let trimmed = trimmed.trim();
    let mut name: String = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
    for lead in ["to ", "increase ", "improve ", "of ", "the "] {
        if name.to_lowercase().starts_with(lead) && name.len() > lead.len() + 3 {
            name = name[lead.len()..].to_string();
        }
    }
    if name.chars().count() > 120 {
        name = format!("{}…", name.chars().take(119).collect::<String>());
    }
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    (letters >= 3).then(|| {
        let mut c = name.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_with_a_deadline() {
        let s = suggest("85% of audits graded good by March 2025");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].name, "Audits graded good");
        assert_eq!(
            (s[0].unit, s[0].direction, s[0].target),
            (Unit::Percentage, Direction::HigherIsBetter, 85.0)
        );
        assert_eq!(s[0].by.as_deref(), Some("March 2025"));
    }

    #[test]
    fn timeliness_is_a_ceiling() {
        let s = suggest(
            "• Care proceedings concluded within 26 weeks\n• Average of 16 weeks in pre-proceedings",
        );
        assert_eq!(s.len(), 2);
        assert_eq!(
            (s[0].unit, s[0].direction, s[0].target),
            (Unit::Weeks, Direction::LowerIsBetter, 26.0)
        );
        assert_eq!(s[0].name, "Care proceedings concluded within 26 weeks");
        assert_eq!(s[1].target, 16.0);
    }

    #[test]
    fn from_and_to_give_the_direction() {
        let s = suggest("Reduce re-referrals from 24% to 18% by Q4 2025/26.");
        assert_eq!(
            (s[0].direction, s[0].target),
            (Direction::LowerIsBetter, 18.0)
        );
        assert_eq!(s[0].name, "Reduce re-referrals");
        assert_eq!(s[0].by.as_deref(), Some("Q4 2025/26"));
        let s = suggest("Increase the share of children seen within timescale from 70% to 85%");
        assert_eq!(
            (s[0].direction, s[0].target),
            (Direction::HigherIsBetter, 85.0)
        );
    }

    #[test]
    fn a_share_within_a_timescale_is_a_floor_and_names_say_enough() {
        let s = suggest("95% of reviews held within timescale");
        assert_eq!(
            (s[0].direction, s[0].name.as_str()),
            (Direction::HigherIsBetter, "Reviews held within timescale")
        );
        let s = suggest("Step-down handover meeting within 10 working days for 90% of families");
        assert_eq!(s[0].direction, Direction::HigherIsBetter);
        assert_eq!(
            s[0].name,
            "Step-down handover meeting within 10 working days for families"
        );
        let s = suggest("Re-referrals within 12 months below 20%");
        assert_eq!(
            (s[0].direction, s[0].name.as_str()),
            (Direction::LowerIsBetter, "Re-referrals within 12 months")
        );
        let s = suggest("Revised tool used for 100% of audits from April 2026");
        assert_eq!(s[0].name, "Revised tool used for audits");
    }

    #[test]
    fn words_without_a_figure_suggest_nothing() {
        assert!(suggest("Improved quality of practice evidenced through audit").is_empty());
        assert!(suggest("Audit programme agreed in 2025").is_empty());
        assert!(suggest("").is_empty());
        // A percentage above 100 is no share of anything.
        assert!(suggest("Caseloads rose 140% of budget").is_empty());
    }
}
