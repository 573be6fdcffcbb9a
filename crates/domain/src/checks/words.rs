//! What an update's words say about the work: done, or not done. A small vocabulary,
//! written down here so a person can read the rule:
//!
//! - **Done**: "completed", "complete", "achieved", "delivered", "done", "signed off",
//!   "closed", "in place", "in use", "went live", "is now live / operational / established
//!   / embedded / implemented / launched / published", "fully implemented", "has been
//!   implemented / updated / revised / developed / agreed / delivered / established /
//!   launched / introduced / produced / published / rolled out / completed / held /
//!   appointed".
//! - **Not done**: "not started", "not yet …", "not done", "not complete(d)", "not in
//!   place", "not embedded", "yet to …", "still to …", "to be arranged / agreed /
//!   completed / scheduled / delivered / started / confirmed", "delayed", "delay",
//!   "behind schedule", "slipped", "on hold", "paused", "outstanding".
//! - **Still in progress**: "in progress", "ongoing", "under way", "continuing" — not done,
//!   but not behind: it contradicts "complete", not "on track".
//!
//! Negation is read: a done word right after "not", "not yet", "yet to be", "to be",
//! "awaiting", "until" or "once" is not completion ("not yet complete", "to be completed
//! by March", "once achieved"). Only the latest update's own sentences are read.

use regex::Regex;
use std::sync::LazyLock;

/// What the words say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Says {
    Done,
    NotDone,
    InProgress,
    Nothing,
}

static NOT_DONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \bnot\s+(?:yet\s+)?(?:been\s+)?(?:started|begun|done|complete|completed|achieved|embedded|in\s+place|agreed|arranged|delivered|implemented|progressed|held|scheduled)\b
        | \bnot\s+yet\b
        | \byet\s+to\b
        | \bstill\s+(?:to|needs?|awaiting|outstanding)\b
        | \bto\s+be\s+(?:arranged|agreed|completed|scheduled|delivered|started|confirmed|done|organised|organized|set\s+up)\b
        | \bdelayed\b | \bdelays?\b | \bbehind\s+schedule\b | \bslipped\b
        | \bon\s+hold\b | \bpaused\b | \bremains?\s+outstanding\b
        ",
    )
    .expect("not-done words")
});

static IN_PROGRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:in\s+progress|ongoing|under\s+way|underway|continuing|continues)\b")
        .expect("in-progress words")
});

static DONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \b(?:completed|complete|achieved|delivered|signed\s+off|closed|done)\b
        | \bin\s+(?:place|use)\b | \bwent\s+live\b
        | \b(?:is|are|was|were|now)\s+(?:now\s+)?(?:live|operational|established|embedded|implemented|launched|published)\b
        | \bfully\s+(?:implemented|embedded)\b
        | \bha(?:s|ve)\s+(?:now\s+)?been\s+(?:implemented|embedded|put\s+in\s+place|updated|revised|developed|agreed|delivered|established|launched|introduced|produced|published|circulated|rolled\s+out|completed|held|appointed|recruited)\b
        ",
    )
    .expect("done words")
});

/// Words right before a done word that make it not completion.
static NEGATING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\bnot|\bnot\s+yet|\byet\s+to\s+be|\bto\s+be|\bto|\bwill\s+be|\bshould\s+be|\bwould\s+be|\bwill|\bshould|\bawaiting|\buntil|\bonce|\bwhen|\bbefore|\bnearly|\balmost|\bpartially|\bpartly|\bnear)\s+(?:\w+\s+)?$",
    )
    .expect("negating words")
});

/// Whether `text` reports the work done, with no negation before the done word (and
/// "complete" not an instruction: "complete the audit").
fn reports_done(text: &str) -> bool {
    DONE.find_iter(text).any(|m| {
        let after = text[m.end()..].trim_start().to_lowercase();
        let instruction = m.as_str().eq_ignore_ascii_case("complete")
            && ["the ", "a ", "an ", "all ", "each ", "every "]
                .iter()
                .any(|w| after.starts_with(w));
        !instruction && !NEGATING.is_match(&text[..m.start()])
    })
}

/// "No delays", "without delay": a not-done word denied.
static DENIED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\bno|\bwithout|\bavoid(?:ing)?|\bany)\s+$").expect("denied")
});

/// Whether `text` says the work is not done (a denied "no delays" aside).
fn reports_not_done(text: &str) -> bool {
    NOT_DONE
        .find_iter(text)
        .any(|m| !DENIED.is_match(&text[..m.start()]))
}

/// What an update's text says about the work.
pub fn says(text: &str) -> Says {
    if reports_not_done(text) {
        Says::NotDone
    } else if reports_done(text) {
        Says::Done
    } else if IN_PROGRESS.is_match(text) {
        Says::InProgress
    } else {
        Says::Nothing
    }
}

/// The words of `text` that matched, for the finding's `why`.
pub fn evidence(text: &str) -> Option<String> {
    NOT_DONE
        .find(text)
        .or_else(|| DONE.find(text))
        .or_else(|| IN_PROGRESS.find(text))
        .map(|m| m.as_str().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn done_words() {
        for t in [
            "Achieved",
            "Training completed in October; all managers attended.",
            "The protocol has been implemented across all teams.",
            "Action complete – evidence on the drive",
            "Panel now in place and meeting monthly",
            "done",
            "In place. Reviews chaired by the new IRO.",
            "Pathway plans have been updated with SMART plans.",
            "ICS forms are now live; documents being tested",
            "All templates updated. These are in use.",
        ] {
            assert_eq!(says(t), Says::Done, "{t}");
        }
    }

    #[test]
    fn not_done_words() {
        for t in [
            "Training still to be arranged",
            "Not yet complete: two teams outstanding",
            "Work has not started due to vacancies",
            "Delayed until the new system is live",
            "Audit yet to be scheduled",
            "Project on hold pending restructure",
            "Practice standards not yet embedded",
        ] {
            assert_eq!(says(t), Says::NotDone, "{t}");
        }
    }

    #[test]
    fn negation_and_plans_are_not_completion() {
        for t in [
            "To be completed by March 2026",
            "Awaiting sign-off once achieved",
            "Nearly complete",
            "Will be delivered in the new year",
            "The new tool should be implemented next month",
        ] {
            assert_ne!(says(t), Says::Done, "{t}");
        }
        assert_ne!(says("Complete the audit of all CP plans"), Says::Done);
        assert_ne!(
            says("Managers to complete the training by March"),
            Says::Done
        );
    }

    #[test]
    fn a_denied_delay_is_not_a_delay() {
        assert_eq!(says("Completed on time with no delays"), Says::Done);
        assert_eq!(says("Delivered without delay"), Says::Done);
    }

    #[test]
    fn progress_is_neither() {
        assert_eq!(
            says("Recruitment in progress; interviews in May"),
            Says::InProgress
        );
        assert_eq!(says("Monthly meetings held with partners"), Says::Nothing);
    }
}
