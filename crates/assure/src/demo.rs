//! The demo council: Northbridge Borough Council, its improvement plan and its people —
//! fictional, written by us in the style of real plans.
//!
//! The demo people share one password (`ASSURE_DEMO_PASSWORD`, else [`DEFAULT_PASSWORD`]),
//! published in the README so anyone can try Assure. Never load the demo into a store
//! that holds real plans.

use assure_domain::PlanDocument;
use assure_domain::model::{Actor, OrgRole};
use assure_domain::roles::PlanRole;
use assure_store::{NewUser, Store, StoreError};

/// The demo organisation's name.
pub const ORGANISATION: &str = "Northbridge Borough Council";

/// The demo people's password when `ASSURE_DEMO_PASSWORD` is not set.
pub const DEFAULT_PASSWORD: &str = "northbridge-demo";

const PLAN: &str = include_str!("../demo/plan.json");

/// The demo people: email, name, organisation role, plan role, and the lead text of the
/// plan that names them.
pub const PEOPLE: [(&str, &str, OrgRole, PlanRole, Option<&str>); 6] = [
    (
        "helen.marsh@northbridge.example",
        "Helen Marsh",
        OrgRole::Admin,
        PlanRole::Owner,
        Some("DCS"),
    ),
    (
        "daniel.okafor@northbridge.example",
        "Daniel Okafor",
        OrgRole::Member,
        PlanRole::Owner,
        Some("AD Safeguarding"),
    ),
    (
        "claire.doyle@northbridge.example",
        "Claire Doyle",
        OrgRole::Member,
        PlanRole::Lead,
        Some("HoS CP"),
    ),
    (
        "kerry.moss@northbridge.example",
        "Kerry Moss",
        OrgRole::Member,
        PlanRole::Lead,
        Some("KM"),
    ),
    (
        "lucy.hart@northbridge.example",
        "Lucy Hart",
        OrgRole::Member,
        PlanRole::Contributor,
        Some("Performance Manager"),
    ),
    (
        "jane.whitfield@northbridge.example",
        "Cllr Jane Whitfield",
        OrgRole::Member,
        PlanRole::Viewer,
        None,
    ),
];

/// The demo plan document.
pub fn plan() -> PlanDocument {
    // Checked by a test; a broken demo file is a build defect, not user input.
    serde_json::from_str(PLAN).expect("the embedded demo plan is a valid plan document")
}

/// The demo plan, grown to exactly `actions` actions (sub-actions included) when given;
/// see [`crate::demo_grow`].
///
/// # Errors
/// A sentence for the person at the terminal when `actions` is below the demo's own
/// count or above [`crate::demo_grow::MAX_ACTIONS`].
pub fn plan_with(actions: Option<usize>) -> Result<PlanDocument, String> {
    let mut plan = plan();
    if let Some(n) = actions {
        crate::demo_grow::grow(&mut plan, n)?;
    }
    Ok(plan)
}

/// Loads the demo council, `plan` (the demo plan, from [`plan_with`]) and its people
/// unless an organisation of that name exists. Returns the new plan's id, or `None` when
/// it was already there.
pub async fn load(
    store: &dyn Store,
    plan: &PlanDocument,
) -> Result<Option<uuid::Uuid>, StoreError> {
    let actor = Actor::system("demo");
    if store
        .organisations()
        .await?
        .iter()
        .any(|o| o.name == ORGANISATION)
    {
        return Ok(None);
    }
    let password =
        std::env::var("ASSURE_DEMO_PASSWORD").unwrap_or_else(|_| DEFAULT_PASSWORD.to_string());
    let hash = assure_web::password::hash(&password)
        .map_err(|e| StoreError::Invalid(format!("ASSURE_DEMO_PASSWORD: {e}")))?;
    let org = store.create_organisation(ORGANISATION, &actor).await?;
    let plan_id = store.create_plan(org.id, plan, &actor).await?;
    for (email, name, org_role, plan_role, lead) in PEOPLE {
        let user = store
            .create_user(
                NewUser {
                    org_id: org.id,
                    email: email.to_string(),
                    name: name.to_string(),
                    role: org_role,
                    password_hash: Some(hash.clone()),
                },
                &actor,
            )
            .await?;
        store
            .set_plan_role(plan_id, user.id, plan_role, &actor)
            .await?;
        if let Some(lead) = lead {
            store.link_lead(plan_id, lead, user.id, &actor).await?;
        }
    }
    tracing::warn!(
        "the demo council's people share a published password: never load the demo beside real plans"
    );
    Ok(Some(plan_id))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_plan_is_valid() {
        let plan = super::plan();
        assert_eq!(plan.validate(), Ok(()));
        assert!(plan.actions().len() >= 30);
        // Every person the demo links to a lead is named as a lead or in the glossary.
        for (_, _, _, _, lead) in super::PEOPLE {
            if let Some(lead) = lead {
                let named = plan
                    .actions()
                    .iter()
                    .any(|(_, a)| a.leads.iter().any(|l| l == lead))
                    || plan.glossary.iter().any(|g| g.abbreviation == lead);
                assert!(named, "{lead} is not in the demo plan");
            }
        }
    }
}
