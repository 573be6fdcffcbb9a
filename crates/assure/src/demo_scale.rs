//! A store the size of many councils' worth of plans, for the scale test
//! (`scripts/scale-test`): copies of the demo plan, each action given a run of monthly
//! updates, spread over fictional councils of ten plans each.
//!
//! Every plan goes in through the store's own `create_plan` (one transaction per plan,
//! audited like an import), so the store measured is one Assure could really hold.

use assure_domain::document::Update;
use assure_domain::model::Actor;
use assure_domain::{Action, PlanDocument};
use assure_store::{Store, StoreError};
use chrono::{Months, NaiveDate};

/// How many plans each fictional council holds.
pub const PLANS_PER_COUNCIL: usize = 10;
/// At most this many plans, and this many updates per action, are generated.
pub const MAX_PLANS: usize = 5_000;
pub const MAX_UPDATES: usize = 60;

/// Gives every action of `plan` (sub-actions included) exactly `n` updates, one a month
/// back from `today`, oldest first.
pub fn pad_updates(plan: &mut PlanDocument, n: usize, today: NaiveDate) {
    fn walk(a: &mut Action, n: usize, today: NaiveDate, i: &mut usize) {
        *i += 1;
        let team = a.leads.first().cloned().unwrap_or_default();
        a.updates = (0..n)
            .rev()
            .map(|k| Update {
                date: today.checked_sub_months(Months::new(k as u32 + 1)),
                text: format!(
                    "Month {} of the work: {} audits completed with {team}; findings discussed at the team meeting and actions agreed.",
                    n - k,
                    (*i * 7 + k) % 23 + 2
                ),
            })
            .collect();
        for c in &mut a.children {
            walk(c, n, today, i);
        }
    }
    let mut i = 0;
    for area in &mut plan.areas {
        for a in &mut area.actions {
            walk(a, n, today, &mut i);
        }
    }
}

/// Adds copies of `plan` until the store holds `plans` plans in all beside the demo
/// council's first: nine more in the demo council (`demo_org`), then ten to each new
/// fictional council. Prints progress every hundred plans.
///
/// # Errors
/// The store's.
pub async fn add_copies(
    store: &dyn Store,
    demo_org: uuid::Uuid,
    plan: &PlanDocument,
    plans: usize,
) -> Result<(), StoreError> {
    let actor = Actor::system("demo");
    let mut org = demo_org;
    for n in 2..=plans {
        if n > PLANS_PER_COUNCIL && (n - 1).is_multiple_of(PLANS_PER_COUNCIL) {
            let council = (n - 1) / PLANS_PER_COUNCIL + 1;
            org = store
                .create_organisation(&format!("Scale Test Council {council:04}"), &actor)
                .await?
                .id;
        }
        let mut copy = plan.clone();
        copy.title = format!("{} (copy {n})", plan.title);
        store.create_plan(org, &copy, &actor).await?;
        if n.is_multiple_of(100) {
            println!("  {n} of {plans} plans");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_gets_exactly_the_updates_asked_for_oldest_first() {
        let mut plan = crate::demo::plan_with(Some(40)).expect("the demo grows to 40");
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).expect("a date");
        pad_updates(&mut plan, 12, today);
        fn check(a: &Action, today: NaiveDate) -> usize {
            assert_eq!(a.updates.len(), 12);
            let dates: Vec<_> = a.updates.iter().map(|u| u.date.expect("dated")).collect();
            assert!(dates.windows(2).all(|w| w[0] < w[1]), "{dates:?}");
            assert!(dates[11] < today);
            1 + a.children.iter().map(|c| check(c, today)).sum::<usize>()
        }
        let seen: usize = plan
            .areas
            .iter()
            .flat_map(|area| &area.actions)
            .map(|a| check(a, today))
            .sum();
        assert_eq!(seen, 40);
    }
}
