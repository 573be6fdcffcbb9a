//! Reading one whole plan: its own row, its status key and glossary, its areas, and its
//! action tree with everything that hangs off each action, in a fixed number of queries
//! whatever the plan's size.

use super::{Conn, Tx};
use crate::rows::{
    ActionRow, AreaRow, EvidenceRow, GlossaryRow, ImpactCheckRow, LeadRow, MilestoneRow, PlanRow,
    SignOffRow, StatusRow, UpdateRow, all,
};
use crate::{Result, StoreError};
use assure_domain::Schedule;
use assure_domain::document::MAX_DEPTH;
use assure_domain::model::{PlanSettings, StoredAction, StoredArea, StoredPlan};
use chrono::NaiveDate;
use std::collections::HashMap;
use uuid::Uuid;

/// Reads the plan inside the write transaction and finds one action in it.
pub(super) async fn read_action(
    tx: &mut Tx,
    plan_id: Uuid,
    id: Uuid,
) -> Result<(StoredPlan, StoredAction)> {
    let plan = read_plan(tx, plan_id).await?;
    let action = plan
        .find_action(id)
        .cloned()
        .ok_or_else(|| StoreError::not_found("action", id))?;
    Ok((plan, action))
}

/// Groups rows that hang off actions by their action, converting each.
fn by_action<R, T>(rows: Vec<R>, action_of: impl Fn(&R) -> Uuid) -> Result<HashMap<Uuid, Vec<T>>>
where
    T: TryFrom<R>,
    StoreError: From<T::Error>,
{
    let mut out: HashMap<Uuid, Vec<T>> = HashMap::new();
    for r in rows {
        let action = action_of(&r);
        out.entry(action).or_default().push(T::try_from(r)?);
    }
    Ok(out)
}

/// An action row before its children are attached, with its place among its siblings.
struct Placed {
    action: StoredAction,
    position: i64,
}

/// Attaches children to their parents, in sibling order. `depth` guards against a cycle
/// written into the database by hand.
fn attach_children(
    mut action: StoredAction,
    by_parent: &mut HashMap<Uuid, Vec<Placed>>,
    depth: usize,
) -> Result<StoredAction> {
    if depth > MAX_DEPTH {
        return Err(StoreError::Corrupt(format!(
            "action {} is nested more than {MAX_DEPTH} deep",
            action.id
        )));
    }
    if let Some(mut rows) = by_parent.remove(&action.id) {
        rows.sort_by_key(|r| r.position);
        for r in rows {
            action
                .children
                .push(attach_children(r.action, by_parent, depth + 1)?);
        }
    }
    Ok(action)
}

/// Reads one whole plan on `conn` (a read transaction, or a write transaction that wants
/// the state as it is about to commit).
pub(super) async fn read_plan(conn: &mut Conn, id: Uuid) -> Result<StoredPlan> {
    let Some(p) = sqlx::query_as::<_, PlanRow>("SELECT * FROM plans WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Err(StoreError::not_found("plan", id));
    };
    let interval = p.impact_interval_months;
    let stalled = p.stalled_periods;
    let reminder = p.reminder_days;
    let settings = PlanSettings {
        update_cadence: schedule(&p.update_cadence, &p.period_ends)?,
        review_cadence: p.review_cadence.0,
        impact_interval_months: u32::try_from(interval)
            .map_err(|_| StoreError::Corrupt(format!("impact interval {interval}")))?,
        stalled_periods: u32::try_from(stalled)
            .map_err(|_| StoreError::Corrupt(format!("stalled periods {stalled}")))?,
        reminder_days: u32::try_from(reminder)
            .map_err(|_| StoreError::Corrupt(format!("reminder days {reminder}")))?,
    };
    let status_scheme = all(sqlx::query_as::<_, StatusRow>(
        "SELECT * FROM plan_statuses WHERE plan_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?)?;
    let glossary = all(sqlx::query_as::<_, GlossaryRow>(
        "SELECT * FROM glossary_entries WHERE plan_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?)?;

    // Everything that hangs off an action, grouped by action.
    let mut leads = by_action(
        sqlx::query_as::<_, LeadRow>(
            "SELECT l.action_id, l.text, l.person_id FROM action_leads l
             JOIN actions a ON a.id = l.action_id
             WHERE a.plan_id = $1 ORDER BY l.action_id, l.position",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?,
        |r| r.action_id,
    )?;
    let mut milestones = by_action(
        sqlx::query_as::<_, MilestoneRow>(
            "SELECT m.* FROM milestones m JOIN actions a ON a.id = m.action_id
             WHERE a.plan_id = $1 ORDER BY m.action_id, m.position",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?,
        |r| r.action_id,
    )?;
    let mut updates = by_action(
        sqlx::query_as::<_, UpdateRow>(
            "SELECT u.* FROM updates u JOIN actions a ON a.id = u.action_id
             WHERE a.plan_id = $1 ORDER BY u.action_id, u.position",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?,
        |r| r.action_id,
    )?;
    let mut evidence = by_action(
        sqlx::query_as::<_, EvidenceRow>(
            "SELECT e.* FROM evidence e JOIN actions a ON a.id = e.action_id
             WHERE a.plan_id = $1 ORDER BY e.action_id, e.position",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?,
        |r| r.action_id,
    )?;
    let mut signoffs = by_action(
        sqlx::query_as::<_, SignOffRow>(
            "SELECT s.* FROM signoffs s JOIN actions a ON a.id = s.action_id
             WHERE a.plan_id = $1",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?,
        |r| r.action_id,
    )?;
    let mut checks = by_action(
        sqlx::query_as::<_, ImpactCheckRow>(
            "SELECT c.* FROM impact_checks c JOIN actions a ON a.id = c.action_id
             WHERE a.plan_id = $1 ORDER BY c.action_id, c.checked_at, c.id",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?,
        |r| r.action_id,
    )?;

    let mut top: HashMap<Uuid, Vec<Placed>> = HashMap::new();
    let mut by_parent: HashMap<Uuid, Vec<Placed>> = HashMap::new();
    for r in sqlx::query_as::<_, ActionRow>("SELECT * FROM actions WHERE plan_id = $1")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
    {
        let position = r.position;
        let mut a = StoredAction::try_from(r)?;
        a.leads = leads.remove(&a.id).unwrap_or_default();
        a.milestones = milestones.remove(&a.id).unwrap_or_default();
        a.updates = updates.remove(&a.id).unwrap_or_default();
        a.evidence = evidence.remove(&a.id).unwrap_or_default();
        a.signoff = signoffs.remove(&a.id).and_then(|mut s| s.pop());
        a.impact_checks = checks.remove(&a.id).unwrap_or_default();
        let placed = Placed {
            position,
            action: a,
        };
        match placed.action.parent_id {
            None => top.entry(placed.action.area_id).or_default().push(placed),
            Some(parent) => by_parent.entry(parent).or_default().push(placed),
        }
    }

    let mut areas = Vec::new();
    for r in
        sqlx::query_as::<_, AreaRow>("SELECT * FROM areas WHERE plan_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?
    {
        let mut rows = top.remove(&r.id).unwrap_or_default();
        rows.sort_by_key(|r| r.position);
        let actions = rows
            .into_iter()
            .map(|row| attach_children(row.action, &mut by_parent, 1))
            .collect::<Result<Vec<_>>>()?;
        areas.push(area(r, actions));
    }

    Ok(StoredPlan {
        id,
        org_id: p.org_id,
        version: p.version,
        created_at: p.created_at,
        updated_at: p.updated_at,
        title: p.title,
        organisation: p.organisation,
        inspection: p.inspection,
        status_scheme,
        glossary,
        narrative: p.narrative,
        settings,
        parent_id: p.parent_id,
        areas,
        measures: super::measures::read_measures(&mut *conn, id, None).await?,
    })
}

/// An area with its actions.
pub(super) fn area(r: AreaRow, actions: Vec<StoredAction>) -> StoredArea {
    StoredArea {
        id: r.id,
        version: r.version,
        r#ref: r.reference,
        group: r.group_name,
        title: r.title,
        objectives: r.objectives,
        outcomes: r.outcomes,
        measures: r.measures,
        narrative: r.narrative,
        actions,
    }
}

/// The update schedule kept as its word and, for custom dates, the dates.
fn schedule(word: &str, ends: &str) -> Result<Schedule> {
    let corrupt = || StoreError::Corrupt(format!("update schedule {word:?} ({ends:?})"));
    let dates = ends
        .split(',')
        .filter(|d| !d.is_empty())
        .map(|d| d.parse::<NaiveDate>().map_err(|_| corrupt()))
        .collect::<Result<Vec<_>>>()?;
    Schedule::from_parts(word, dates)
        .ok_or_else(corrupt)?
        .map_err(|_| corrupt())
}

/// The custom dates as the `period_ends` column keeps them.
pub(super) fn period_ends(schedule: &Schedule) -> String {
    let dates: Vec<String> = schedule
        .custom_dates()
        .iter()
        .map(|d| d.format("%Y-%m-%d").to_string())
        .collect();
    dates.join(",")
}
