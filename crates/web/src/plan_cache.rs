//! Plans as last read, kept while their revision stands, with what the plan checks found.
//!
//! Every page of a plan needs the whole plan (its areas, actions, updates, evidence); at
//! 500 actions that is some 2,500 rows per request. The store moves a plan's revision on
//! with every change it records for the plan, in the change's own transaction, so one
//! single-row read tells whether the copy held here is still current. The revision is
//! read before the plan: a copy is never labelled newer than it is. Pages share the
//! held copy (an `Arc`), so a request costs no copy of the plan.
//!
//! The plan checks' answer depends only on the plan (dismissals included: dismissing
//! moves the revision too) and the day, so it is kept beside the copy it was worked out
//! from, for the day it was worked out on: the table, the overview and an action page
//! would otherwise run every check on every view.
//!
//! Likewise a page's costly part (the rows of the action table) rendered from a copy is
//! kept with it under a key saying everything else it was rendered from (the day, the
//! query, what the person may do), within a byte budget per plan: a plan's pages are read
//! far more often than it changes, and any change drops them with the copy.
//!
//! Where reads may be trusted for a moment (`fresh.rs`), a copy whose revision was
//! confirmed within the window, with nothing written here since, is used without reading
//! the revision again.

use crate::fresh::Moment;
use crate::views::checks::findings::Checked;
use assure_domain::model::StoredPlan;
use assure_store::{Store, StoreError};
use chrono::NaiveDate;
use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// How many plans are kept: a council runs a handful at a time.
const CAPACITY: usize = 32;

/// How many bytes of rendered parts are kept per plan: some seven 200-row table pages.
const RENDERED_BYTES: usize = 1 << 20;

/// Something worked out from one copy of a plan, and roughly how many bytes it holds.
type Kept = (Arc<dyn Any + Send + Sync>, usize);

/// A plan as read at one revision, and what has been worked out from it since.
struct Held {
    revision: i64,
    /// When the revision was last read and found to be `revision`, and the store's count
    /// of writes before that read.
    confirmed: (std::time::Instant, u64),
    plan: Arc<StoredPlan>,
    checked: Option<(NaiveDate, Arc<Checked>)>,
    rendered: HashMap<String, Kept>,
    rendered_bytes: usize,
}

#[derive(Default)]
pub struct PlanCache {
    plans: Mutex<HashMap<Uuid, Held>>,
}

impl PlanCache {
    /// The plan `id` as it is now: the held copy when its revision stands, else read.
    ///
    /// # Errors
    /// The store's, such as [`StoreError::NotFound`] for an unknown plan.
    pub async fn plan(
        &self,
        store: &dyn Store,
        id: Uuid,
        now: Moment,
    ) -> Result<Arc<StoredPlan>, StoreError> {
        if let Some(plan) = self.trusted(id, now) {
            return Ok(plan);
        }
        let revision = store.plan_revision(id).await?;
        if let Some(plan) = self.held(id, revision, now) {
            return Ok(plan);
        }
        let plan = Arc::new(store.plan(id).await?);
        let mut plans = self.lock();
        if plans.len() >= CAPACITY && !plans.contains_key(&id) {
            // Any one will do: a plan read again costs one request its rows.
            if let Some(k) = plans.keys().next().copied() {
                plans.remove(&k);
            }
        }
        plans.insert(
            id,
            Held {
                revision,
                confirmed: (std::time::Instant::now(), now.changes),
                plan: Arc::clone(&plan),
                checked: None,
                rendered: HashMap::new(),
                rendered_bytes: 0,
            },
        );
        Ok(plan)
    }

    /// The checks' answer kept for exactly this copy of the plan on `day`, if any.
    pub(crate) fn checked(&self, plan: &Arc<StoredPlan>, day: NaiveDate) -> Option<Arc<Checked>> {
        let plans = self.lock();
        let held = plans.get(&plan.id).filter(|h| Arc::ptr_eq(&h.plan, plan))?;
        held.checked
            .as_ref()
            .filter(|(d, _)| *d == day)
            .map(|(_, c)| Arc::clone(c))
    }

    /// Keeps the checks' answer on this copy of the plan for `day`; a copy no longer
    /// held (read again since) keeps nothing.
    pub(crate) fn keep_checked(
        &self,
        plan: &Arc<StoredPlan>,
        day: NaiveDate,
        checked: &Arc<Checked>,
    ) {
        let mut plans = self.lock();
        if let Some(held) = plans
            .get_mut(&plan.id)
            .filter(|h| Arc::ptr_eq(&h.plan, plan))
        {
            held.checked = Some((day, Arc::clone(checked)));
        }
    }

    /// What was kept under `key` from exactly this copy of the plan, if anything.
    pub(crate) fn rendered<T: Send + Sync + 'static>(
        &self,
        plan: &Arc<StoredPlan>,
        key: &str,
    ) -> Option<Arc<T>> {
        let plans = self.lock();
        let held = plans.get(&plan.id).filter(|h| Arc::ptr_eq(&h.plan, plan))?;
        let (value, _) = held.rendered.get(key)?;
        Arc::clone(value).downcast::<T>().ok()
    }

    /// Keeps `value` (about `bytes` big) under `key` with this copy of the plan. When the
    /// plan's budget would be passed, what it kept before is let go first; a value
    /// bigger than the whole budget is not kept.
    pub(crate) fn keep_rendered<T: Send + Sync + 'static>(
        &self,
        plan: &Arc<StoredPlan>,
        key: String,
        value: Arc<T>,
        bytes: usize,
    ) {
        if bytes > RENDERED_BYTES {
            return;
        }
        let mut plans = self.lock();
        let Some(held) = plans
            .get_mut(&plan.id)
            .filter(|h| Arc::ptr_eq(&h.plan, plan))
        else {
            return;
        };
        if held.rendered_bytes + bytes > RENDERED_BYTES {
            held.rendered.clear();
            held.rendered_bytes = 0;
        }
        if let Some((_, old)) = held.rendered.insert(key, (value, bytes)) {
            held.rendered_bytes -= old;
        }
        held.rendered_bytes += bytes;
    }

    /// The held copy, when its revision was confirmed recently enough to trust unread.
    fn trusted(&self, id: Uuid, now: Moment) -> Option<Arc<StoredPlan>> {
        self.lock()
            .get(&id)
            .filter(|h| now.trusts(h.confirmed.0, h.confirmed.1))
            .map(|h| Arc::clone(&h.plan))
    }

    /// The held copy, when it is at `revision` (just read): confirmed again.
    fn held(&self, id: Uuid, revision: i64, now: Moment) -> Option<Arc<StoredPlan>> {
        let mut plans = self.lock();
        let h = plans.get_mut(&id).filter(|h| h.revision == revision)?;
        h.confirmed = (std::time::Instant::now(), now.changes);
        Some(Arc::clone(&h.plan))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Uuid, Held>> {
        self.plans.lock().unwrap_or_else(|e| e.into_inner())
    }
}
