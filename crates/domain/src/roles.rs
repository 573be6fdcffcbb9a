//! Who may do what: roles on a plan, and the one permission table every route consults.
//!
//! The table is deliberately small and total: [`allows`] answers for every combination of
//! organisation role, plan role and permission, and anything it does not grant is denied.
//! It does not know organisations: the caller first makes sure the plan (or person) is in
//! the signed-in person's organisation, and treats anything else as not found.

use crate::model::OrgRole;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A person's role on one plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanRole {
    /// Owns the plan (a Director, AD or Head of Service): edits it, signs actions off.
    Owner,
    /// An action lead: updates the actions they lead.
    Lead,
    /// Updates and edits any action of the plan.
    Contributor,
    /// Reads the plan (a board member, a scrutiny councillor, an inspector).
    Viewer,
}

impl PlanRole {
    /// Every plan role, most powerful first.
    pub const ALL: [PlanRole; 4] = [
        PlanRole::Owner,
        PlanRole::Contributor,
        PlanRole::Lead,
        PlanRole::Viewer,
    ];

    /// The snake_case name used in forms and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            PlanRole::Owner => "owner",
            PlanRole::Lead => "lead",
            PlanRole::Contributor => "contributor",
            PlanRole::Viewer => "viewer",
        }
    }

    /// Parses the snake_case name.
    pub fn parse(s: &str) -> Option<PlanRole> {
        PlanRole::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Words for people: "Contributor".
    pub fn describe(self) -> &'static str {
        match self {
            PlanRole::Owner => "Owner",
            PlanRole::Lead => "Lead",
            PlanRole::Contributor => "Contributor",
            PlanRole::Viewer => "Viewer",
        }
    }
}

impl fmt::Display for PlanRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something a person may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Read the plan, its actions, updates, evidence and trail.
    ViewPlan,
    /// Write a progress update (with a status) on an action.
    WriteUpdate,
    /// Attach a link or a file to an action.
    AddEvidence,
    /// Change an action's own fields, leads and children.
    EditAction,
    /// Propose an action complete.
    ProposeComplete,
    /// Sign a proposed action off.
    SignOff,
    /// Confirm a signed-off action's impact, or reopen it.
    RecordImpactCheck,
    /// Change the plan's own fields, areas, status scheme and settings.
    EditPlan,
    /// Give people roles on the plan.
    ManageMembers,
    /// Import a new plan into the organisation.
    ImportPlan,
    /// Add people to the organisation and change their organisation role.
    ManagePeople,
    /// Dismiss a finding of the plan checks on an action, with a reason.
    DismissFinding,
}

impl Permission {
    /// Every permission, for exhaustive tests and route tables.
    pub const ALL: [Permission; 12] = [
        Permission::ViewPlan,
        Permission::WriteUpdate,
        Permission::AddEvidence,
        Permission::EditAction,
        Permission::ProposeComplete,
        Permission::SignOff,
        Permission::RecordImpactCheck,
        Permission::EditPlan,
        Permission::ManageMembers,
        Permission::ImportPlan,
        Permission::ManagePeople,
        Permission::DismissFinding,
    ];
}

/// Whether someone with `org_role` in the plan's organisation and `plan_role` on the plan
/// (`None`: no role on it) may do `p`. `is_lead_of_action` says whether they lead the
/// action concerned (false when no action is concerned).
///
/// An organisation admin may do everything in their organisation; an owner everything on
/// their plan except importing plans and managing the organisation's people; a lead
/// reads, and updates, adds evidence to, proposes complete and dismisses check findings on
/// the actions they lead; a contributor reads, updates, adds evidence to, proposes and
/// edits any action; a viewer only reads. Anything not granted is denied.
pub fn allows(
    org_role: OrgRole,
    plan_role: Option<PlanRole>,
    is_lead_of_action: bool,
    p: Permission,
) -> bool {
    use Permission as P;
    if org_role == OrgRole::Admin {
        return true;
    }
    match (plan_role, p) {
        // Organisation-wide powers belong to admins alone.
        (_, P::ImportPlan | P::ManagePeople) => false,
        (None, _) => false,
        (Some(PlanRole::Owner), _) => true,
        (Some(PlanRole::Contributor), P::ViewPlan | P::WriteUpdate | P::AddEvidence)
        | (Some(PlanRole::Contributor), P::EditAction | P::ProposeComplete) => true,
        (Some(PlanRole::Lead), P::ViewPlan) => true,
        (
            Some(PlanRole::Lead),
            P::WriteUpdate | P::AddEvidence | P::ProposeComplete | P::DismissFinding,
        ) => is_lead_of_action,
        (Some(PlanRole::Viewer), P::ViewPlan) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Permission as P;

    /// The whole table, written out by hand: (plan role, permission) -> (allowed on an
    /// action they lead, allowed otherwise), for an organisation member.
    fn expected(role: Option<PlanRole>, p: Permission) -> (bool, bool) {
        let yes = (true, true);
        let no = (false, false);
        let own = (true, false);
        match role {
            None => no,
            Some(PlanRole::Owner) => match p {
                P::ImportPlan | P::ManagePeople => no,
                _ => yes,
            },
            Some(PlanRole::Contributor) => match p {
                P::ViewPlan | P::WriteUpdate | P::AddEvidence | P::EditAction => yes,
                P::ProposeComplete => yes,
                _ => no,
            },
            Some(PlanRole::Lead) => match p {
                P::ViewPlan => yes,
                P::WriteUpdate | P::AddEvidence | P::ProposeComplete => own,
                // Saying a finding does not apply is for whoever answers for the action.
                P::DismissFinding => own,
                _ => no,
            },
            Some(PlanRole::Viewer) => match p {
                P::ViewPlan => yes,
                _ => no,
            },
        }
    }

    #[test]
    fn the_whole_permission_table() {
        let roles = [
            None,
            Some(PlanRole::Owner),
            Some(PlanRole::Lead),
            Some(PlanRole::Contributor),
            Some(PlanRole::Viewer),
        ];
        let mut checked = 0;
        for role in roles {
            for p in Permission::ALL {
                for lead in [true, false] {
                    assert!(
                        allows(OrgRole::Admin, role, lead, p),
                        "an admin may {p:?} (plan role {role:?})"
                    );
                    let (own, other) = expected(role, p);
                    let want = if lead { own } else { other };
                    assert_eq!(
                        allows(OrgRole::Member, role, lead, p),
                        want,
                        "member with {role:?}, lead of action {lead}: {p:?}"
                    );
                    checked += 2;
                }
            }
        }
        assert_eq!(checked, 5 * 12 * 2 * 2);
    }

    #[test]
    fn sign_off_and_impact_checks_need_an_owner() {
        for p in [P::SignOff, P::RecordImpactCheck] {
            for role in [PlanRole::Lead, PlanRole::Contributor, PlanRole::Viewer] {
                assert!(!allows(OrgRole::Member, Some(role), true, p));
            }
            assert!(allows(OrgRole::Member, Some(PlanRole::Owner), false, p));
        }
    }

    #[test]
    fn roles_round_trip_their_names() {
        for r in PlanRole::ALL {
            assert_eq!(PlanRole::parse(r.as_str()), Some(r));
        }
        assert_eq!(PlanRole::parse("admin"), None);
        assert_eq!(PlanRole::parse("Owner"), None);
    }
}
