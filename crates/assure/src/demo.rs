//! The demo council: Northbridge Borough Council and its improvement plan — fictional,
//! written by us in the style of real plans.

use assure_domain::PlanDocument;
use assure_domain::model::Actor;
use assure_store::{Store, StoreError};

/// The demo organisation's name.
pub const ORGANISATION: &str = "Northbridge Borough Council";

const PLAN: &str = include_str!("../demo/plan.json");

/// The demo plan document.
pub fn plan() -> PlanDocument {
    // Checked by a test; a broken demo file is a build defect, not user input.
    serde_json::from_str(PLAN).expect("the embedded demo plan is a valid plan document")
}

/// Loads the demo council and its plan unless an organisation of that name exists.
/// Returns the new plan's id, or `None` when it was already there.
pub async fn load(store: &dyn Store) -> Result<Option<uuid::Uuid>, StoreError> {
    let actor = Actor::system("demo");
    if store
        .organisations()
        .await?
        .iter()
        .any(|o| o.name == ORGANISATION)
    {
        return Ok(None);
    }
    let org = store.create_organisation(ORGANISATION, &actor).await?;
    Ok(Some(store.create_plan(org.id, &plan(), &actor).await?))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_plan_is_valid() {
        let plan = super::plan();
        assert_eq!(plan.validate(), Ok(()));
        assert!(plan.actions().len() >= 30);
    }
}
