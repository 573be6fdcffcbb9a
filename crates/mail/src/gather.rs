//! What the composer needs from the store, for every plan or one: the plan, its people
//! with their roles and email choices, its review meetings and its unsent chases.

use assure_domain::reminders::{Frequency, Member, Notice, PlanContext, notices};
use assure_domain::rounds::REVIEW_MEETING;
use assure_store::{Store, StoreError};
use chrono::NaiveDate;
use std::collections::HashMap;
use uuid::Uuid;

/// Everything due on `today` to the people of every plan (or of `plan` alone), whether
/// or not they want it by email: the home page shows all, the mailer sends those
/// [`Notice::emailed`] says.
///
/// # Errors
/// The store's: [`StoreError::NotFound`] for a `plan` that is not there.
pub async fn due_notices(
    store: &dyn Store,
    plan: Option<Uuid>,
    today: NaiveDate,
) -> Result<Vec<Notice>, StoreError> {
    let councils: HashMap<Uuid, String> = store
        .organisations()
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let ids: Vec<Uuid> = match plan {
        Some(id) => vec![store.plan(id).await?.id],
        None => store.plans(None).await?.into_iter().map(|p| p.id).collect(),
    };
    let choices: HashMap<Uuid, Frequency> = store.email_frequencies().await?.into_iter().collect();
    let mut out = Vec::new();
    for id in ids {
        out.extend(plan_notices(store, id, today, &councils, &choices).await?);
    }
    Ok(out)
}

/// The notices of one plan on `today`.
///
/// # Errors
/// The store's.
pub async fn plan_notices(
    store: &dyn Store,
    plan_id: Uuid,
    today: NaiveDate,
    councils: &HashMap<Uuid, String>,
    choices: &HashMap<Uuid, Frequency>,
) -> Result<Vec<Notice>, StoreError> {
    let plan = store.plan(plan_id).await?;
    let members: Vec<Member> = store
        .plan_members(plan_id)
        .await?
        .into_iter()
        .map(|(u, role)| Member {
            frequency: choices.get(&u.id).copied().unwrap_or_default(),
            id: u.id,
            name: u.name,
            email: u.email,
            role,
            disabled: u.disabled,
        })
        .collect();
    let review_meetings: Vec<NaiveDate> = store
        .meetings(plan_id)
        .await?
        .into_iter()
        .filter(|m| m.kind == REVIEW_MEETING)
        .map(|m| m.date)
        .collect();
    let unsent_chases = store.unsent_chases(plan_id).await?;
    let council = councils
        .get(&plan.org_id)
        .map(String::as_str)
        .or(plan.organisation.as_deref())
        .unwrap_or("Assure");
    Ok(notices(
        &PlanContext {
            plan: &plan,
            council,
            members: &members,
            review_meetings: &review_meetings,
            unsent_chases: &unsent_chases,
        },
        today,
    ))
}
