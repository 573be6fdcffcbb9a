//! The audit trail's vocabulary: what kind of record changed ([`AuditEntity`]) and how
//! ([`AuditChange`]).
//!
//! Both are stored as the same snake_case text the trail has always held ("action",
//! "sign_off"), so existing databases read unchanged; a word outside the vocabulary is
//! an [`UnknownAuditTerm`], which the store reports as corrupt data rather than guessing.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A stored audit word that is not in the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown audit {kind} {text:?}")]
pub struct UnknownAuditTerm {
    /// "entity" or "change".
    pub kind: &'static str,
    /// The text as stored.
    pub text: String,
}

/// Declares a vocabulary enum with its stored text, both ways.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $kind:literal { $($(#[$vmeta:meta])* $variant:ident => $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every word of the vocabulary.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The text stored in the trail.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownAuditTerm;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownAuditTerm { kind: $kind, text: s.to_string() }),
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = UnknownAuditTerm;

            fn try_from(s: String) -> Result<Self, Self::Error> {
                s.parse()
            }
        }
    };
}

vocabulary! {
    /// What kind of record an audit event is about.
    AuditEntity, "entity" {
        /// A council.
        Organisation => "organisation",
        /// A person (their account, sign-ins, password).
        User => "user",
        /// A plan's own fields, settings, status key and lead links.
        Plan => "plan",
        /// A person's role on a plan.
        PlanMember => "plan_member",
        /// An area for improvement.
        Area => "area",
        /// An action (or sub-action), including its sign-off and impact checks.
        Action => "action",
        /// A progress update written against an action.
        Update => "update",
        /// A piece of evidence on an action.
        Evidence => "evidence",
        /// A file kept as evidence (removed by the housekeeping when nothing points to it).
        EvidenceFile => "evidence_file",
        /// A finding of the plan checks about an action (its dismissal).
        CheckFinding => "check_finding",
        /// One of the things to check that an import reported, kept with its plan.
        ImportReportItem => "import_report_item",
        /// A meeting of a plan (a review meeting that sets a round's deadline).
        Meeting => "meeting",
        /// A person asked to update what is due from them in an update round.
        Chase => "chase",
        /// A decision of a meeting, recorded against an action.
        Decision => "decision",
        /// An abbreviation of a plan's glossary.
        GlossaryEntry => "glossary_entry",
        /// A measure of a plan (a KPI), its links and its targets.
        Measure => "measure",
        /// One period's value of a measure.
        MeasureValue => "measure_value",
        /// An organisation's import layout (corrections to how a plan file is read).
        ImportLayout => "import_layout",
    }
}

vocabulary! {
    /// What happened to the record.
    AuditChange, "change" {
        /// It was made.
        Create => "create",
        /// Its own fields were edited.
        Update => "update",
        /// It was deleted (the event keeps what it was).
        Delete => "delete",
        /// A plan's lead text was linked to a person.
        LinkLead => "link_lead",
        /// A person signed in.
        SignIn => "sign_in",
        /// A person signed out.
        SignOut => "sign_out",
        /// Every session of a person was ended (after a password change).
        SignOutEverywhere => "sign_out_everywhere",
        /// A person's account was disabled (their sessions ended with it).
        Disable => "disable",
        /// A disabled account was enabled again.
        Enable => "enable",
        /// A one-time link to set a new password was made for a person.
        IssuePasswordReset => "issue_password_reset",
        /// A person's password was set (the hash is never recorded).
        SetPassword => "set_password",
        /// A person was given a role on a plan, or had it changed.
        SetRole => "set_role",
        /// A person's role on a plan was taken away.
        RemoveRole => "remove_role",
        /// A plan's cadences or impact interval changed.
        UpdateSettings => "update_settings",
        /// A plan's status key was replaced.
        SetStatusScheme => "set_status_scheme",
        /// An action's leads were replaced.
        SetLeads => "set_leads",
        /// An action was proposed complete.
        ProposeComplete => "propose_complete",
        /// An action was signed off.
        SignOff => "sign_off",
        /// An impact check confirmed a signed-off action's impact.
        ImpactConfirmed => "impact_confirmed",
        /// An impact check found the impact had not lasted: the action reopened.
        Reopen => "reopen",
        /// A finding of the plan checks was dismissed, with the reason.
        Dismiss => "dismiss",
        /// A plan's council or inspection record was changed.
        SetInspection => "set_inspection",
        /// A thing to check was marked done.
        MarkDone => "mark_done",
        /// A thing to check was marked as not done after all.
        MarkNotDone => "mark_not_done",
        /// A plan was attached to another plan, or detached from it.
        SetParentPlan => "set_parent_plan",
        /// A meeting was closed: its record is read-only from then on.
        Close => "close",
        /// A measure's target was set from a date.
        SetTarget => "set_target",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_round_trips_through_text_display_and_serde() {
        for e in AuditEntity::ALL {
            assert_eq!(e.as_str().parse::<AuditEntity>(), Ok(*e));
            assert_eq!(e.to_string(), e.as_str());
            let json = serde_json::to_string(e).expect("serialise");
            assert_eq!(json, format!("\"{}\"", e.as_str()));
            assert_eq!(serde_json::from_str::<AuditEntity>(&json).ok(), Some(*e));
        }
        for c in AuditChange::ALL {
            assert_eq!(c.as_str().parse::<AuditChange>(), Ok(*c));
            assert_eq!(AuditChange::try_from(c.to_string()), Ok(*c));
            let json = serde_json::to_string(c).expect("serialise");
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            assert_eq!(serde_json::from_str::<AuditChange>(&json).ok(), Some(*c));
        }
    }

    #[test]
    fn the_stored_words_are_the_ones_existing_trails_hold() {
        // Databases written before the vocabulary was a type hold exactly these; words
        // added since come after them.
        let entities: Vec<&str> = AuditEntity::ALL.iter().map(|e| e.as_str()).collect();
        assert_eq!(
            entities[..8],
            [
                "organisation",
                "user",
                "plan",
                "plan_member",
                "area",
                "action",
                "update",
                "evidence"
            ]
        );
        assert!(AuditChange::ALL.len() >= 17);
        assert_eq!(
            AuditChange::SignOutEverywhere.as_str(),
            "sign_out_everywhere"
        );
        assert_eq!(AuditChange::ImpactConfirmed.as_str(), "impact_confirmed");
    }

    #[test]
    fn an_unknown_word_is_refused_with_what_it_was() {
        let err = "teleport".parse::<AuditChange>().unwrap_err();
        assert_eq!(err.kind, "change");
        assert_eq!(err.to_string(), "unknown audit change \"teleport\"");
        assert!("Action".parse::<AuditEntity>().is_err(), "case matters");
    }
}
