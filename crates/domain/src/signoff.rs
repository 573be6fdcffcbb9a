//! Evidence and sign-off: "complete" needs evidence and an approver who is not the person
//! who proposed it, and a signed-off action comes back for an impact re-check.
//!
//! These are the rules alone, over an action and its sign-off state; the store applies
//! them inside the transaction that writes, and the web shows the refusal's words.

use crate::document::StatusValue;
use crate::model::{Actor, SignOff, StoredAction};
use crate::periods::add_months;
use crate::status::Meaning;
use chrono::{DateTime, NaiveDate, Utc};
use std::fmt;

/// Why a proposal, a sign-off, an impact check or a status change was refused. The
/// `Display` text is written for the person who tried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignOffRefusal {
    /// It has already been proposed complete and awaits sign-off.
    AlreadyProposed,
    /// It is already signed off.
    AlreadySignedOff,
    /// Nobody has proposed it complete.
    NotProposed,
    /// It has no evidence.
    NoEvidence,
    /// The approver proposed it themselves.
    OwnProposal,
    /// Only a signed-in person can sign off.
    NotAPerson,
    /// It is not signed off, so there is no impact to check.
    NotSignedOff,
    /// Reopening after an impact check needs a reason.
    NoReason,
    /// "Complete" is reached by sign-off, not by setting the status.
    CompleteNeedsSignOff,
    /// Removing this evidence would leave a signed-off action with none.
    LastEvidenceOfSignedOff,
    /// The approver leads the action (named, or through a lead linked to them).
    LeadsIt,
}

impl fmt::Display for SignOffRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SignOffRefusal::AlreadyProposed => {
                "This action has already been proposed complete and is awaiting sign-off."
            }
            SignOffRefusal::AlreadySignedOff => "This action has already been signed off.",
            SignOffRefusal::NotProposed => {
                "This action has not been proposed complete, so there is nothing to sign off."
            }
            SignOffRefusal::NoEvidence => {
                "Add evidence before this action can be signed off: sign-off needs at least one piece of evidence."
            }
            SignOffRefusal::OwnProposal => {
                "You proposed this action complete, so someone else must sign it off."
            }
            SignOffRefusal::NotAPerson => "Only a signed-in person can sign an action off.",
            SignOffRefusal::NotSignedOff => {
                "This action is not signed off, so there is no impact to check."
            }
            SignOffRefusal::NoReason => "Give a reason for reopening this action.",
            SignOffRefusal::CompleteNeedsSignOff => {
                "An action becomes complete when it is signed off: propose it complete instead."
            }
            SignOffRefusal::LeadsIt => {
                "You lead this action: someone who does not lead it must sign it off."
            }
            SignOffRefusal::LastEvidenceOfSignedOff => {
                "This action was signed off on its evidence: it must keep at least one piece."
            }
        })
    }
}

impl std::error::Error for SignOffRefusal {}

/// Whether `action` may be proposed complete: not while a proposal is pending, nor once
/// signed off. (Evidence is checked at sign-off, so a lead can propose and add evidence
/// in either order.)
pub fn can_propose(action: &StoredAction) -> Result<(), SignOffRefusal> {
    match &action.signoff {
        None => Ok(()),
        Some(s) if s.is_signed_off() => Err(SignOffRefusal::AlreadySignedOff),
        Some(_) => Err(SignOffRefusal::AlreadyProposed),
    }
}

/// Whether `approver` may sign off a proposal made by `proposer`, on an action with
/// `evidence_count` pieces of evidence. The approver must be a person, not the proposer,
/// and there must be evidence. (Whether the action is proposed at all: [`can_sign_off_action`].)
pub fn can_sign_off(
    approver: &Actor,
    proposer: &Actor,
    evidence_count: usize,
) -> Result<(), SignOffRefusal> {
    let Some(approver_id) = approver.user_id else {
        return Err(SignOffRefusal::NotAPerson);
    };
    if evidence_count == 0 {
        return Err(SignOffRefusal::NoEvidence);
    }
    if proposer.user_id == Some(approver_id) {
        return Err(SignOffRefusal::OwnProposal);
    }
    Ok(())
}

/// Whether `approver` may sign `action` off now: it is proposed and not yet signed off,
/// and [`can_sign_off`] allows it.
pub fn can_sign_off_action(action: &StoredAction, approver: &Actor) -> Result<(), SignOffRefusal> {
    match &action.signoff {
        None => Err(SignOffRefusal::NotProposed),
        Some(s) if s.is_signed_off() => Err(SignOffRefusal::AlreadySignedOff),
        Some(s) => {
            can_sign_off(approver, &s.proposed_by, action.evidence.len())?;
            // Whoever leads the work does not mark it done: a lead text linked to the
            // approver counts as them.
            let leads_it = action
                .leads
                .iter()
                .any(|l| l.person_id.is_some() && l.person_id == approver.user_id);
            if leads_it {
                return Err(SignOffRefusal::LeadsIt);
            }
            Ok(())
        }
    }
}

/// The sub-actions under `action`, at any depth, that are neither complete nor signed
/// off: signing off their parent asks for a confirmation that names them.
pub fn open_sub_actions(action: &StoredAction) -> Vec<&StoredAction> {
    action
        .walk()
        .into_iter()
        .skip(1)
        .filter(|c| {
            let complete = c
                .status
                .as_ref()
                .is_some_and(|s| s.meaning == Meaning::Complete);
            let signed = c.signoff.as_ref().is_some_and(SignOff::is_signed_off);
            !complete && !signed
        })
        .collect()
}

/// Whether an impact check may be recorded on `action`: it must be signed off, and
/// reopening (`confirmed` false) needs a reason.
pub fn can_record_impact_check(
    action: &StoredAction,
    confirmed: bool,
    note: Option<&str>,
) -> Result<(), SignOffRefusal> {
    if !action.signoff.as_ref().is_some_and(|s| s.is_signed_off()) {
        return Err(SignOffRefusal::NotSignedOff);
    }
    if !confirmed && note.is_none_or(|n| n.trim().is_empty()) {
        return Err(SignOffRefusal::NoReason);
    }
    Ok(())
}

/// When impact is next re-checked: `interval_months` after `from` (a sign-off or a
/// confirmed check), on the same day of the month or the last day of a shorter month.
pub fn impact_check_due(from: DateTime<Utc>, interval_months: u32) -> NaiveDate {
    add_months(crate::clock::uk_date(from), interval_months)
}

/// Whether `action`'s impact re-check is due on `today`.
pub fn impact_check_is_due(action: &StoredAction, today: NaiveDate) -> bool {
    action
        .signoff
        .as_ref()
        .filter(|s| s.is_signed_off())
        .and_then(|s| s.impact_check_due)
        .is_some_and(|due| due <= today)
}

/// Whether an action's status may change from `current` to `new` by an update or an edit:
/// anything but newly reaching a "complete" meaning, which only sign-off gives.
pub fn can_set_status(
    current: Option<&StatusValue>,
    new: Option<&StatusValue>,
) -> Result<(), SignOffRefusal> {
    let was_complete = current.is_some_and(|s| s.meaning == Meaning::Complete);
    let becomes_complete = new.is_some_and(|s| s.meaning == Meaning::Complete);
    if becomes_complete && !was_complete {
        return Err(SignOffRefusal::CompleteNeedsSignOff);
    }
    Ok(())
}

/// Whether a status change away from "complete" undoes the action's sign-off: a
/// signed-off action that someone marks red is no longer signed off.
pub fn status_change_reopens(action: &StoredAction, new: Option<&StatusValue>) -> bool {
    action.signoff.is_some()
        && action
            .status
            .as_ref()
            .is_some_and(|s| s.meaning == Meaning::Complete)
        && new.is_none_or(|s| s.meaning != Meaning::Complete)
}

/// Whether a piece of evidence may be removed from `action`: not the last one of a
/// signed-off action.
pub fn can_remove_evidence(action: &StoredAction) -> Result<(), SignOffRefusal> {
    let signed = action.signoff.as_ref().is_some_and(|s| s.is_signed_off());
    if signed && action.evidence.len() <= 1 {
        return Err(SignOffRefusal::LastEvidenceOfSignedOff);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EvidenceKind, SignOff, StoredEvidence};
    use chrono::TimeZone;
    use uuid::Uuid;

    fn person(name: &str) -> Actor {
        Actor {
            user_id: Some(Uuid::now_v7()),
            label: name.into(),
        }
    }

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 10, 0, 0)
            .single()
            .expect("valid")
    }

    fn action() -> StoredAction {
        StoredAction {
            id: Uuid::now_v7(),
            area_id: Uuid::now_v7(),
            parent_id: None,
            version: 1,
            created_at: at(2026, 1, 1),
            updated_at: at(2026, 1, 1),
            r#ref: Some("1.1".into()),
            text: "Tracker".into(),
            leads: vec![],
            sponsor: None,
            start: None,
            due: None,
            milestones: vec![],
            assurance: None,
            impact: None,
            measure: None,
            resources: None,
            updates: vec![],
            status: None,
            evidence: vec![],
            signoff: None,
            impact_checks: vec![],
            children: vec![],
        }
    }

    fn evidence() -> StoredEvidence {
        StoredEvidence {
            id: Uuid::now_v7(),
            kind: EvidenceKind::Link,
            title: "Audit".into(),
            url: Some("https://example.org/a".into()),
            file_key: None,
            file_name: None,
            content_type: None,
            size: None,
            added_by: None,
            created_at: at(2026, 1, 1),
        }
    }

    fn proposed(by: &Actor) -> SignOff {
        SignOff {
            proposed_by: by.clone(),
            proposed_at: at(2026, 11, 1),
            proposal_note: None,
            signed_off_by: None,
            signed_off_at: None,
            signoff_note: None,
            impact_check_due: None,
        }
    }

    #[test]
    fn sign_off_needs_evidence_and_another_person() {
        let lead = person("Kate");
        let owner = person("Olu");
        assert_eq!(
            can_sign_off(&owner, &lead, 0),
            Err(SignOffRefusal::NoEvidence)
        );
        assert_eq!(
            can_sign_off(&lead, &lead, 2),
            Err(SignOffRefusal::OwnProposal)
        );
        assert_eq!(
            can_sign_off(&Actor::system("cli"), &lead, 2),
            Err(SignOffRefusal::NotAPerson)
        );
        assert_eq!(can_sign_off(&owner, &lead, 1), Ok(()));
        // A proposal the system made (an import, the CLI) may be signed off by anyone.
        assert_eq!(can_sign_off(&owner, &Actor::system("cli"), 1), Ok(()));
        assert!(
            SignOffRefusal::OwnProposal
                .to_string()
                .contains("someone else")
        );
    }

    #[test]
    fn the_life_of_a_proposal() {
        let lead = person("Kate");
        let owner = person("Olu");
        let mut a = action();
        assert_eq!(can_propose(&a), Ok(()));
        assert_eq!(
            can_sign_off_action(&a, &owner),
            Err(SignOffRefusal::NotProposed)
        );
        a.signoff = Some(proposed(&lead));
        assert_eq!(can_propose(&a), Err(SignOffRefusal::AlreadyProposed));
        assert_eq!(
            can_sign_off_action(&a, &owner),
            Err(SignOffRefusal::NoEvidence)
        );
        a.evidence.push(evidence());
        assert_eq!(can_sign_off_action(&a, &owner), Ok(()));
        assert_eq!(
            can_record_impact_check(&a, true, None),
            Err(SignOffRefusal::NotSignedOff)
        );
        let s = a.signoff.as_mut().expect("proposed");
        s.signed_off_by = Some(owner.clone());
        s.signed_off_at = Some(at(2026, 11, 30));
        s.impact_check_due = Some(impact_check_due(at(2026, 11, 30), 3));
        assert_eq!(
            s.impact_check_due,
            NaiveDate::from_ymd_opt(2027, 2, 28),
            "clamped to the end of February"
        );
        assert_eq!(can_propose(&a), Err(SignOffRefusal::AlreadySignedOff));
        assert_eq!(
            can_sign_off_action(&a, &owner),
            Err(SignOffRefusal::AlreadySignedOff)
        );
        assert_eq!(can_record_impact_check(&a, true, None), Ok(()));
        assert_eq!(
            can_record_impact_check(&a, false, Some("  ")),
            Err(SignOffRefusal::NoReason)
        );
        assert_eq!(can_record_impact_check(&a, false, Some("slipped")), Ok(()));
        let feb = NaiveDate::from_ymd_opt(2027, 2, 27).expect("valid");
        assert!(!impact_check_is_due(&a, feb));
        assert!(impact_check_is_due(&a, feb.succ_opt().expect("valid")));
        assert_eq!(
            can_remove_evidence(&a),
            Err(SignOffRefusal::LastEvidenceOfSignedOff)
        );
        a.evidence.push(evidence());
        assert_eq!(can_remove_evidence(&a), Ok(()));
    }

    #[test]
    fn complete_is_reached_by_sign_off_only() {
        let blue = StatusValue {
            label: "Blue".into(),
            meaning: Meaning::Complete,
        };
        let red = StatusValue {
            label: "Red".into(),
            meaning: Meaning::OffTrack,
        };
        assert_eq!(
            can_set_status(Some(&red), Some(&blue)),
            Err(SignOffRefusal::CompleteNeedsSignOff)
        );
        assert_eq!(
            can_set_status(None, Some(&blue)),
            Err(SignOffRefusal::CompleteNeedsSignOff)
        );
        assert_eq!(can_set_status(Some(&blue), Some(&blue)), Ok(()));
        assert_eq!(can_set_status(Some(&blue), Some(&red)), Ok(()));
        assert_eq!(can_set_status(Some(&red), None), Ok(()));

        let mut a = action();
        a.status = Some(blue.clone());
        assert!(
            !status_change_reopens(&a, Some(&red)),
            "no sign-off to undo"
        );
        a.signoff = Some(proposed(&person("Kate")));
        assert!(status_change_reopens(&a, Some(&red)));
        assert!(status_change_reopens(&a, None));
        assert!(!status_change_reopens(&a, Some(&blue)));
    }
}
