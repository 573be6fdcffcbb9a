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
//! - **Part done** ("17 of 23 completed", "80% complete", "half … completed") and
//!   **planned** ("to be completed by June") read as in progress, not as done or late.
//! - A delay that is the work's aim or a kind of case ("reducing delays", "reviews delayed
//!   assessments") is not the work delayed.
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
        | \bdelayed\b(?:\s+(?:until|by|due|because|again|further|to|while|as|pending)\b|\s*[.,;:]|\s*$)
        | \b(?:has|have|was|were|is|are|been|being)\s+(?:\w+\s+)?delayed\b
        | \bdelays?\b | \bbehind\s+schedule\b | \bslipped\b
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
        let before = &text[..m.start()];
        !instruction && !NEGATING.is_match(before) && !PARTIAL.is_match(before)
    })
}

/// Whether `text` reports part of the work done ("17 of 23 completed").
fn reports_partly_done(text: &str) -> bool {
    DONE.find_iter(text)
        .any(|m| PARTIAL.is_match(&text[..m.start()]))
}

/// "No delays", "without delay", "reducing delays": a not-done word denied, or the work's
/// aim rather than its state.
static DENIED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\bno|\bwithout|\bavoid(?:ing)?|\bany|\breduc(?:e|es|ed|ing)|\btackl(?:e|es|ed|ing)|\baddress(?:es|ed|ing)?|\bprevent(?:s|ed|ing)?|\bminimis(?:e|es|ed|ing)|\bminimiz(?:e|es|ed|ing)|\bfewer|\bless)\s+(?:\w+\s+)?$",
    )
    .expect("denied")
});

/// A count or share before a done word ("17 of 23 completed", "80% complete", "half
/// done"): some of the work is done, not all of it.
static PARTIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\b\d+\s*(?:/|of|out\s+of)\s*\d+|\b\d{1,2}(?:\.\d+)?\s*%|\bhalf|\bmost|\bsome|\bmajority|\bmany)(?:\s+[\w'-]+){0,4}\s+$",
    )
    .expect("partial")
});

/// "… to be completed by June": a date the work is planned for, not a report that it is
/// behind. It says the work is not finished (so not "complete"), but not that it is late.
static SCHEDULED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s+(?:by|in|before|during|from|at|on|over|within|for|early|mid|end|next)\b")
        .expect("scheduled")
});

fn is_scheduled(text: &str, m: &regex::Match<'_>) -> bool {
    m.as_str().to_lowercase().starts_with("to be") && SCHEDULED.is_match(&text[m.end()..])
}

/// Whether `text` says the work is not done (a denied "no delays" and a planned date
/// aside).
fn reports_not_done(text: &str) -> bool {
    NOT_DONE
        .find_iter(text)
        .any(|m| !DENIED.is_match(&text[..m.start()]) && !is_scheduled(text, &m))
}

/// Whether `text` plans the work for a date ("to be completed by June").
fn reports_scheduled(text: &str) -> bool {
    NOT_DONE.find_iter(text).any(|m| is_scheduled(text, &m))
}

/// What an update's text says about the work.
pub fn says(text: &str) -> Says {
    if reports_not_done(text) {
        Says::NotDone
    } else if reports_done(text) {
        Says::Done
    } else if IN_PROGRESS.is_match(text) || reports_partly_done(text) || reports_scheduled(text) {
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
    fn a_planned_date_is_progress_not_a_delay() {
        for t in [
            "Review of strategy to be completed by June 2017",
            "Training to be delivered in the new year",
            "Audit to be scheduled before the next panel",
        ] {
            assert_eq!(says(t), Says::InProgress, "{t}");
        }
        assert_eq!(says("Training still to be arranged"), Says::NotDone);
        assert_eq!(says("to be done."), Says::NotDone);
    }

    #[test]
    fn part_done_is_progress_not_completion() {
        for t in [
            "17 of 23 completed",
            "6/10 audits done so far",
            "80% complete",
            "Half of the managers have completed the training",
            "Most teams completed the audit; two remain",
        ] {
            assert_eq!(says(t), Says::InProgress, "{t}");
        }
    }

    #[test]
    fn delays_as_the_aim_or_a_kind_of_case_are_not_the_work_delayed() {
        for t in [
            "Weekly panel reviews delayed assessments and escalates them",
            "Tracker reducing delays in assessments is live",
            "New triage tackling delays at the front door",
        ] {
            assert_ne!(says(t), Says::NotDone, "{t}");
        }
        for t in [
            "Launch delayed until March",
            "The audit has been delayed by sickness",
            "Work is delayed.",
            "Training was further delayed",
        ] {
            assert_eq!(says(t), Says::NotDone, "{t}");
        }
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
