//! The columns of the one-row-per-action exports (CSV and the spreadsheet's first sheet):
//! one list, so the two never disagree on what a column holds.
//!
//! The headers are the words councils head their own tables with ("Ref", "Action",
//! "Lead", "Timescale", the status column's own name, "Update"), so the importer reads an
//! export as it reads a council's table.

use crate::model::{ActionRow, AreaSection, BoardReport, HistoryCell, StatusCell, period_name};
use chrono::NaiveDate;

/// A value of one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    /// A real date (empty when `None`).
    Date(Option<NaiveDate>),
    Count(usize),
    /// A status: the plan's label, filled in its colour.
    Status(Option<StatusCell>),
    /// A status at the end of a past period.
    History(HistoryCell),
    /// The action's wording, indented by its depth.
    Indented(String, usize),
}

impl Value {
    /// The cell as text (dates as YYYY-MM-DD, which Excel and Power BI read as dates).
    pub fn text(&self) -> String {
        match self {
            Value::Text(s) | Value::Indented(s, _) => s.clone(),
            Value::Date(d) => d
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            Value::Count(n) => n.to_string(),
            Value::Status(s) => s.as_ref().map(|s| s.label.clone()).unwrap_or_default(),
            Value::History(h) => h.text(),
        }
    }
}

/// How a column fills its cell from an action's row and its area.
pub type Fill = Box<dyn Fn(&AreaSection, &ActionRow) -> Value>;

/// One column: its header and how a row fills it.
pub struct Column {
    pub header: String,
    /// A width in characters for the spreadsheet.
    pub width: f64,
    pub value: Fill,
}

fn col(
    header: impl Into<String>,
    width: f64,
    value: impl Fn(&AreaSection, &ActionRow) -> Value + 'static,
) -> Column {
    Column {
        header: header.into(),
        width,
        value: Box::new(value),
    }
}

fn opt(s: &Option<String>) -> Value {
    Value::Text(s.clone().unwrap_or_default())
}

/// Lines of a list cell, one a line.
fn lines(v: impl IntoIterator<Item = String>) -> Value {
    Value::Text(v.into_iter().collect::<Vec<_>>().join("\n"))
}

/// The columns, in order, for `report`: the action's cells, then one per period of status
/// history (oldest first).
pub fn columns(report: &BoardReport) -> Vec<Column> {
    let mut out = vec![
        col("Area ref", 8.0, |a, _| opt(&a.r#ref)),
        col("Area", 30.0, |a, _| Value::Text(a.title.clone())),
        col("Ref", 8.0, |_, r| opt(&r.r#ref)),
        col("Parent ref", 8.0, |_, r| opt(&r.parent_ref)),
        col("Level", 6.0, |_, r| Value::Count(r.depth + 1)),
        col("Action", 50.0, |_, r| {
            Value::Indented(r.text.clone(), r.depth)
        }),
        col("Lead", 18.0, |_, r| Value::Text(r.lead_text())),
        col("Timescale", 16.0, |_, r| Value::Text(r.timescale())),
        col("Start date", 12.0, |_, r| {
            Value::Date(r.start.as_ref().and_then(|w| w.date))
        }),
        col("Due date", 12.0, |_, r| {
            Value::Date(r.due.as_ref().and_then(|w| w.date))
        }),
        col(report.status_column.clone(), 12.0, |_, r| {
            Value::Status(r.status.clone())
        }),
        col("Status meaning", 12.0, |_, r| {
            Value::Text(
                r.status
                    .as_ref()
                    .and_then(|s| s.meaning)
                    .map(|m| m.describe().to_string())
                    .unwrap_or_default(),
            )
        }),
        col(
            format!("Update, {}", period_name(&report.period)),
            60.0,
            |_, r| lines(r.updates_in_period.iter().map(|u| u.dated_text())),
        ),
        col("Latest update date", 12.0, |_, r| {
            Value::Date(r.updates.iter().filter_map(|u| u.date).max())
        }),
        col("Evidence", 9.0, |_, r| Value::Count(r.evidence.len())),
        col("Sign-off", 18.0, |_, r| opt(&r.sign_off)),
        col("How are we assured", 30.0, |_, r| opt(&r.assurance)),
        col("Impact", 30.0, |_, r| opt(&r.impact)),
        col("Measure", 30.0, |_, r| opt(&r.measure)),
        col("Resources", 20.0, |_, r| opt(&r.resources)),
        col("Milestones", 30.0, |_, r| {
            lines(r.milestones.iter().map(|m| match &m.due {
                Some(d) => format!("{} ({})", m.text, d.text),
                None => m.text.clone(),
            }))
        }),
    ];
    for (i, p) in report.history.iter().enumerate() {
        out.push(col(
            format!("Status at end of {}", period_name(p)),
            14.0,
            move |_, r| {
                Value::History(
                    r.history
                        .get(i)
                        .cloned()
                        .unwrap_or(HistoryCell::NotRecorded),
                )
            },
        ));
    }
    out
}
