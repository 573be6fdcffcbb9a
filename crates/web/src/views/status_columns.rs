//! Status by period: the status an action had at the end of each reporting period, as
//! the action page's row of tags and as the plan table's optional columns (one per
//! period, the layout councils use: a RAG column per review date).

use crate::views::round::StatusCell;
use crate::{AppState, Error};
use assure_domain::model::StoredPlan;
use assure_domain::periods::{Period, previous_period};
use assure_domain::status_history::{StatusHistory, recent_periods};
use chrono::NaiveDate;
use std::collections::HashMap;
use uuid::Uuid;

/// How many past periods the plan table may show as columns.
pub(crate) const TABLE_CHOICES: [usize; 4] = [0, 3, 6, 12];

/// How many periods of history the action page shows, this one included.
pub(crate) const ACTION_PERIODS: usize = 6;

/// The plan table's `periods=` value as a number it offers (anything else: none).
pub(crate) fn table_periods(asked: &str) -> usize {
    asked
        .trim()
        .parse()
        .ok()
        .filter(|n| TABLE_CHOICES.contains(n))
        .unwrap_or(0)
}

/// A period's name for a column: "October 2026" rather than "October 2026 update".
pub(crate) fn short_label(p: &Period) -> String {
    p.label
        .strip_suffix(" update")
        .unwrap_or(&p.label)
        .to_string()
}

/// One period's cell of an action's history.
pub(crate) struct PeriodCell {
    pub label: String,
    /// The period is not over: its status so far.
    pub current: bool,
    pub cell: StatusCell,
}

/// The action's status at the end of each of the last [`ACTION_PERIODS`] periods of the
/// plan's update cadence, oldest first (the last is the current period, so far).
pub(crate) fn action_row(
    plan: &StoredPlan,
    action_id: Uuid,
    changes: &[assure_domain::status_history::StatusChange],
    today: NaiveDate,
) -> Vec<PeriodCell> {
    let history = StatusHistory::new(changes.iter().cloned());
    let periods = recent_periods(today, &plan.settings.update_cadence, ACTION_PERIODS);
    let last = periods.len().saturating_sub(1);
    periods
        .iter()
        .enumerate()
        .map(|(i, p)| PeriodCell {
            label: short_label(p),
            current: i == last,
            cell: StatusCell::at(&history.at_end(action_id, p)),
        })
        .collect()
}

/// The last `n` periods that are over, oldest first, and every action's status at the
/// end of each: the plan table's columns.
pub(crate) struct TableColumns {
    pub labels: Vec<String>,
    pub cells: HashMap<Uuid, Vec<StatusCell>>,
}

impl TableColumns {
    /// No columns.
    pub(crate) fn none() -> Self {
        TableColumns {
            labels: Vec::new(),
            cells: HashMap::new(),
        }
    }

    /// The last `n` finished periods of `plan` before the one `today` falls in.
    pub(crate) async fn load(
        state: &AppState,
        plan: &StoredPlan,
        today: NaiveDate,
        n: usize,
    ) -> Result<Self, Error> {
        if n == 0 {
            return Ok(Self::none());
        }
        let cadence = &plan.settings.update_cadence;
        let current = assure_domain::periods::period_containing(today, cadence);
        let last_done = previous_period(&current, cadence);
        let periods = recent_periods(last_done.end, cadence, n);
        let history = StatusHistory::new(state.store.status_changes(plan.id).await?);
        let cells = plan
            .actions()
            .into_iter()
            .map(|(_, _, a)| {
                let row = history
                    .row(a.id, &periods)
                    .iter()
                    .map(StatusCell::at)
                    .collect();
                (a.id, row)
            })
            .collect();
        Ok(TableColumns {
            labels: periods.iter().map(short_label).collect(),
            cells,
        })
    }

    /// One action's cells (none for an action the columns do not know).
    pub(crate) fn of(&self, id: &Uuid) -> &[StatusCell] {
        self.cells.get(id).map_or(&[], Vec::as_slice)
    }
}
