//! Plans as last read, kept while their revision stands.
//!
//! Every page of a plan needs the whole plan (its areas, actions, updates, evidence); at
//! 500 actions that is some 2,500 rows per request. The store moves a plan's revision on
//! with every change it records for the plan, in the change's own transaction, so one
//! single-row read tells whether the copy held here is still current. The revision is
//! read before the plan: a copy is never labelled newer than it is. Pages share the
//! held copy (an `Arc`), so a request costs no copy of the plan.

use assure_domain::model::StoredPlan;
use assure_store::{Store, StoreError};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// How many plans are kept: a council runs a handful at a time.
const CAPACITY: usize = 32;

#[derive(Default)]
pub struct PlanCache {
    plans: Mutex<HashMap<Uuid, (i64, Arc<StoredPlan>)>>,
}

impl PlanCache {
    /// The plan `id` as it is now: the held copy when its revision stands, else read.
    ///
    /// # Errors
    /// The store's, such as [`StoreError::NotFound`] for an unknown plan.
    pub async fn plan(&self, store: &dyn Store, id: Uuid) -> Result<Arc<StoredPlan>, StoreError> {
        let revision = store.plan_revision(id).await?;
        if let Some(plan) = self.held(id, revision) {
            return Ok(plan);
        }
        let plan = Arc::new(store.plan(id).await?);
        let mut plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
        if plans.len() >= CAPACITY && !plans.contains_key(&id) {
            // Any one will do: a plan read again costs one request its rows.
            if let Some(k) = plans.keys().next().copied() {
                plans.remove(&k);
            }
        }
        plans.insert(id, (revision, Arc::clone(&plan)));
        Ok(plan)
    }

    fn held(&self, id: Uuid, revision: i64) -> Option<Arc<StoredPlan>> {
        let plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
        plans
            .get(&id)
            .filter(|(r, _)| *r == revision)
            .map(|(_, p)| Arc::clone(p))
    }
}
