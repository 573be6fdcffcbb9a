//! The board report as data: what every format writes, worked out once from the stored
//! plan, its status history, a period and an audience. Pure and deterministic: the same
//! plan, history, period and date give the same report.

use crate::audience::Audience;
use crate::colours::{Swatch, swatch};
use crate::names::Names;
use assure_domain::attention::{due_date, is_overdue};
use assure_domain::checks::{self, Settings};
use assure_domain::model::{StoredAction, StoredArea, StoredPlan};
use assure_domain::periods::{Cadence, Period, period_containing, previous_period};
use assure_domain::status_history::{StatusAt, StatusHistory};
use assure_domain::{Meaning, Milestone, Schedule, StatusValue, When};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use uuid::Uuid;

mod assemble;
pub use assemble::build;
#[cfg(test)]
use assemble::uses_word;

/// How many periods of status history the spreadsheet shows, the report's period last.
pub const HISTORY_PERIODS: usize = 6;

/// Why a report could not be made.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReportError {
    #[error("the period must be written as YYYY-MM (for example 2026-10), not {0:?}")]
    BadPeriod(String),
    #[error("the period {0} has not begun yet")]
    FuturePeriod(String),
    #[error("unknown audience {0:?}: use board, scrutiny or exceptions")]
    BadAudience(String),
    #[error("unknown format {0:?}: use pdf, docx, xlsx or csv")]
    BadFormat(String),
    #[error("the report could not be written: {0}")]
    Render(String),
}

/// The periods a report covers: calendar quarters for a plan updated quarterly, calendar
/// months otherwise (boards and leadership teams meet monthly or quarterly, whatever the
/// leads' own update cadence or dates; a report is asked for by month, `YYYY-MM`).
pub fn report_cadence(plan: &StoredPlan) -> Cadence {
    match plan.settings.update_cadence {
        Schedule::Regular(Cadence::Quarterly) => Cadence::Quarterly,
        _ => Cadence::Monthly,
    }
}

/// The latest period that has ended by `today`: the report's default.
pub fn latest_closed_period(today: NaiveDate, cadence: Cadence) -> Period {
    previous_period(&period_containing(today, cadence), cadence)
}

/// The period named `YYYY-MM`: the month, or the quarter it falls in. The current period
/// may be reported (a report part way through it); a future one may not.
///
/// # Errors
/// [`ReportError::BadPeriod`] for anything but a real month, [`ReportError::FuturePeriod`]
/// for a period that begins after `today`.
pub fn parse_period(s: &str, cadence: Cadence, today: NaiveDate) -> Result<Period, ReportError> {
    let bad = || ReportError::BadPeriod(s.chars().take(40).collect());
    let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
    if y.len() != 4 || m.len() != 2 {
        return Err(bad());
    }
    let year: i32 = y.parse().map_err(|_| bad())?;
    let month: u32 = m.parse().map_err(|_| bad())?;
    let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(bad)?;
    let period = period_containing(first, cadence);
    if period.start > today {
        return Err(ReportError::FuturePeriod(period.label));
    }
    Ok(period)
}

/// The `YYYY-MM` that names `period` (its first month).
pub fn period_key(period: &Period) -> String {
    format!("{:04}-{:02}", period.start.year(), period.start.month())
}

/// A period's name without the word "update": "November 2026", "July to September 2026".
pub fn period_name(period: &Period) -> String {
    period
        .label
        .strip_suffix(" update")
        .unwrap_or(&period.label)
        .to_string()
}

/// The last `n` periods up to and including the one `today` falls in, newest first: what
/// the Reports page offers.
pub fn recent_periods(today: NaiveDate, cadence: Cadence, n: usize) -> Vec<Period> {
    let mut out = Vec::with_capacity(n);
    let mut p = period_containing(today, cadence);
    for _ in 0..n {
        let prev = previous_period(&p, cadence);
        out.push(p);
        p = prev;
    }
    out
}

/// What a report is made from.
#[derive(Debug, Clone, Copy)]
pub struct ReportRequest<'a> {
    pub plan: &'a StoredPlan,
    /// The plan's status changes ([`StatusHistory`]).
    pub history: &'a StatusHistory,
    pub period: &'a Period,
    pub audience: Audience,
    /// The day the report is made (England's date).
    pub today: NaiveDate,
    /// The names of the council's people, kept out of reports that name no one.
    pub people: &'a [String],
}

/// A status as a report writes it: the plan's word, what it means, its colours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusCell {
    pub label: String,
    pub meaning: Option<Meaning>,
    pub swatch: Swatch,
}

impl StatusCell {
    fn of(s: &StatusValue) -> StatusCell {
        StatusCell {
            label: s.label.clone(),
            meaning: Some(s.meaning),
            swatch: swatch(Some(s.meaning)),
        }
    }

    /// The words in the cell: the plan's label, with its meaning when the label does not
    /// say it ("Blue (Complete)", "✓ (Complete)", "On track").
    pub fn text(&self) -> String {
        let meaning = self.meaning.map_or("No status", Meaning::describe);
        if self.label.trim().eq_ignore_ascii_case(meaning) {
            self.label.clone()
        } else {
            format!("{} ({meaning})", self.label)
        }
    }
}

/// A status at the end of a past period, as the history columns show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryCell {
    /// Assure holds no record of then.
    NotRecorded,
    /// It had no status.
    NoStatus,
    Status(StatusCell),
}

impl HistoryCell {
    /// Words for the cell.
    pub fn text(&self) -> String {
        match self {
            HistoryCell::NotRecorded => "Not recorded".into(),
            HistoryCell::NoStatus => "No status".into(),
            HistoryCell::Status(s) => s.label.clone(),
        }
    }

    /// The status, when there is one.
    pub fn status(&self) -> Option<&StatusCell> {
        match self {
            HistoryCell::Status(s) => Some(s),
            _ => None,
        }
    }
}

/// The cover: whose plan, which period, when made, for whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cover {
    pub council: Option<String>,
    pub title: String,
    pub period: String,
    pub made: NaiveDate,
    /// The plan's version when the report was made.
    pub version: i64,
    pub audience: String,
    /// "ILACS inspection, 2 to 13 March 2020".
    pub inspection: Option<String>,
    /// (area, grade), as the inspection gave them.
    pub judgements: Vec<(String, String)>,
}

/// One status of the plan's key with how many actions had it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusLine {
    /// `None` for "No status".
    pub cell: Option<StatusCell>,
    pub description: Option<String>,
    pub count: usize,
}

impl StatusLine {
    /// The status's words ("Blue (Complete)", "No status").
    pub fn text(&self) -> String {
        self.cell
            .as_ref()
            .map_or_else(|| "No status".into(), StatusCell::text)
    }

    /// Its colours.
    pub fn swatch(&self) -> Swatch {
        self.cell
            .as_ref()
            .map_or_else(|| swatch(None), |c| c.swatch)
    }
}

/// The status-by-area chart, as SVG and as the numbers it draws.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    pub svg: String,
    pub title: String,
    /// The chart's description: its alternative text.
    pub description: String,
    /// Each series's name (meaning, with the plan's labels).
    pub series: Vec<String>,
    /// Each area's name and counts per series.
    pub rows: Vec<(String, Vec<usize>)>,
}

impl Chart {
    /// The chart as a figure the documents place.
    pub fn figure(&self) -> Figure {
        Figure {
            svg: self.svg.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
        }
    }
}

/// A chart as the documents place it: its SVG, and its title and description as the
/// alternative text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub svg: String,
    pub title: String,
    pub description: String,
}

impl Figure {
    /// Its alternative text: title and description.
    pub fn alt(&self) -> String {
        format!("{}. {}", self.title, self.description)
    }
}

/// An action named in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionName {
    pub id: Uuid,
    pub r#ref: Option<String>,
    pub text: String,
    pub area: String,
}

impl ActionName {
    /// "1.2 Introduce a plan template…": the ref and the first words.
    pub fn short(&self) -> String {
        let words: String = short_text(&self.text, 90);
        match &self.r#ref {
            Some(r) => format!("{r} {words}"),
            None => words,
        }
    }
}

/// Text cut to at most `max` characters at a word, with an ellipsis when cut.
pub fn short_text(s: &str, max: usize) -> String {
    let folded = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() <= max {
        return folded;
    }
    let mut out = String::new();
    for w in folded.split(' ') {
        if out.chars().count() + w.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.is_empty() {
        out = folded.chars().take(max).collect();
    }
    out.push('…');
    out
}

/// One action whose status moved between the end of the last period and the end of this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeLine {
    pub action: ActionName,
    pub from: Option<StatusCell>,
    pub to: Option<StatusCell>,
}

/// Change since the last period.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changes {
    /// The previous period's name.
    pub since: String,
    /// Moved to a better status (not to complete).
    pub up: Vec<ChangeLine>,
    /// Moved to a worse status.
    pub down: Vec<ChangeLine>,
    /// Became complete.
    pub completed: Vec<ChangeLine>,
    /// Actions with no record at the end of the last period (new to the plan or to Assure).
    pub new_actions: usize,
}

/// A progress update as a report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateLine {
    pub date: Option<NaiveDate>,
    pub text: String,
}

impl UpdateLine {
    /// "4 October 2021: text", or the text alone when undated.
    pub fn dated_text(&self) -> String {
        match self.date {
            Some(d) => format!("{}: {}", day(d), self.text),
            None => self.text.clone(),
        }
    }
}

/// One action needing attention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExceptionItem {
    pub action: ActionName,
    pub leads: Vec<String>,
    pub status: Option<StatusCell>,
    pub timescale: String,
    /// Why it is here ("due 31 October 2026", "no update for 3 months").
    pub why: String,
    pub latest_update: Option<UpdateLine>,
}

/// One kind of exception and the actions it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExceptionList {
    /// "off_track", "at_risk", "overdue", "stalled", "awaiting_sign_off", "impact_failed".
    pub code: &'static str,
    pub heading: &'static str,
    pub items: Vec<ExceptionItem>,
}

/// One action's row of the by-area tables (and of the spreadsheet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionRow {
    pub id: Uuid,
    /// 0 for an action, 1 for its sub-action, ...
    pub depth: usize,
    pub r#ref: Option<String>,
    /// The ref of the action it sits under, if any.
    pub parent_ref: Option<String>,
    pub text: String,
    /// As written, or as roles for a report that names no one.
    pub leads: Vec<String>,
    pub sponsor: Option<String>,
    pub start: Option<When>,
    pub due: Option<When>,
    pub milestones: Vec<Milestone>,
    pub assurance: Option<String>,
    pub impact: Option<String>,
    pub measure: Option<String>,
    pub resources: Option<String>,
    /// The status at the end of the period (its status now where Assure holds no record
    /// of then).
    pub status: Option<StatusCell>,
    /// The status at the end of each of [`BoardReport::history`]'s periods.
    pub history: Vec<HistoryCell>,
    /// Every update, oldest first.
    pub updates: Vec<UpdateLine>,
    /// The updates dated in the period.
    pub updates_in_period: Vec<UpdateLine>,
    /// Evidence as the plan document writes it.
    pub evidence: Vec<String>,
    /// "Signed off 3 March 2026", "Proposed complete 1 March 2026".
    pub sign_off: Option<String>,
}

impl ActionRow {
    /// The leads in one cell.
    pub fn lead_text(&self) -> String {
        self.leads.join(" / ")
    }

    /// The timescale as written (the start's words first when it has its own).
    pub fn timescale(&self) -> String {
        timescale_text(self.start.as_ref(), self.due.as_ref())
    }
}

fn timescale_text(start: Option<&When>, due: Option<&When>) -> String {
    match (start, due) {
        (Some(s), Some(d)) if d.text.contains(&s.text) => d.text.clone(),
        (Some(s), Some(d)) => format!("{} to {}", s.text, d.text),
        (Some(s), None) => format!("From {}", s.text),
        (None, Some(d)) => d.text.clone(),
        (None, None) => String::new(),
    }
}

/// An area for improvement with its actions, children after their parents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaSection {
    pub group: Option<String>,
    pub r#ref: Option<String>,
    pub title: String,
    pub objectives: Vec<String>,
    pub outcomes: Vec<String>,
    pub measures: Vec<String>,
    pub narrative: Vec<String>,
    pub rows: Vec<ActionRow>,
}

impl AreaSection {
    /// "1 Area title", or the title alone.
    pub fn heading(&self) -> String {
        match &self.r#ref {
            Some(r) if !self.title.starts_with(r.as_str()) => format!("{r} {}", self.title),
            _ => self.title.clone(),
        }
    }
}

/// An abbreviation of the glossary that the report uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryLine {
    pub abbreviation: String,
    pub title: Option<String>,
    /// Who holds it: only in a report that names people.
    pub name: Option<String>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardReport {
    pub audience: Audience,
    pub cover: Cover,
    pub period: Period,
    pub previous: Period,
    /// The plan's status key, each with its count, then "No status" when some have none.
    pub statuses: Vec<StatusLine>,
    /// Every action counted (sub-actions included).
    pub total: usize,
    /// What the plan calls its status column ("BRAG status", "RAG status", "Status").
    pub status_column: String,
    pub chart: Chart,
    pub changes: Changes,
    pub exceptions: Vec<ExceptionList>,
    /// Every area with its actions (for the exceptions version: only the actions listed as
    /// exceptions).
    pub areas: Vec<AreaSection>,
    /// The periods of the history columns, oldest first, ending with the report's.
    pub history: Vec<Period>,
    pub glossary: Vec<GlossaryLine>,
    /// The plan's measures at the end of the period, off target first (for the exceptions
    /// version: only those off target or at risk).
    pub measures: Vec<crate::measures::MeasureLine>,
    /// Text outside the tables (the plan's narrative).
    pub narrative: Vec<String>,
}

impl BoardReport {
    /// Every action row, area by area.
    pub fn rows(&self) -> impl Iterator<Item = (&AreaSection, &ActionRow)> {
        self.areas
            .iter()
            .flat_map(|a| a.rows.iter().map(move |r| (a, r)))
    }

    /// A file name for the report: plan title, period, audience; letters, digits and
    /// dashes only.
    pub fn file_stem(&self) -> String {
        let mut stem = String::new();
        for c in format!(
            "{} {} {}",
            self.cover.title,
            period_key(&self.period),
            self.audience.as_str()
        )
        .chars()
        {
            if c.is_ascii_alphanumeric() {
                stem.push(c.to_ascii_lowercase());
            } else if !stem.ends_with('-') && !stem.is_empty() {
                stem.push('-');
            }
        }
        let stem = stem.trim_end_matches('-');
        // Long plan titles: keep the end (period and audience), cut the title.
        let chars: Vec<char> = stem.chars().collect();
        if chars.len() > 80 {
            let tail: String = chars[chars.len() - 80..].iter().collect();
            return format!("report-{}", tail.trim_start_matches('-'));
        }
        if stem.is_empty() {
            "board-report".into()
        } else {
            stem.to_string()
        }
    }
}

/// The date as people read it: "4 October 2021".
pub fn day(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// How good a status is, worst first, for "up" and "down".
fn rank(m: Meaning) -> u8 {
    match m {
        Meaning::OffTrack => 0,
        Meaning::AtRisk => 1,
        Meaning::NotStarted => 2,
        Meaning::OnTrack => 3,
        Meaning::Ahead => 4,
        Meaning::Complete => 5,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn periods_are_parsed_and_defaulted() {
        let today = d(2026, 11, 23);
        let p = latest_closed_period(today, Cadence::Monthly);
        assert_eq!(p.label, "October 2026 update");
        let q = latest_closed_period(today, Cadence::Quarterly);
        assert_eq!(q.label, "July to September 2026");
        assert_eq!(
            parse_period("2026-08", Cadence::Quarterly, today)
                .unwrap()
                .label,
            "July to September 2026"
        );
        assert_eq!(period_key(&q), "2026-07");
        assert!(parse_period("2026-11", Cadence::Monthly, today).is_ok());
        assert!(matches!(
            parse_period("2026-12", Cadence::Monthly, today),
            Err(ReportError::FuturePeriod(_))
        ));
        for bad in [
            "2026-13", "26-10", "2026/10", "", "2026-1", "abcd-ef", "2026-00",
        ] {
            assert!(
                matches!(
                    parse_period(bad, Cadence::Monthly, today),
                    Err(ReportError::BadPeriod(_))
                ),
                "{bad}"
            );
        }
        let recent = recent_periods(today, Cadence::Monthly, 3);
        assert_eq!(
            recent.iter().map(|p| p.label.as_str()).collect::<Vec<_>>(),
            [
                "November 2026 update",
                "October 2026 update",
                "September 2026 update"
            ]
        );
    }

    #[test]
    fn words_are_found_whole() {
        assert!(uses_word("the HoS will", "HoS"));
        assert!(!uses_word("HoSt", "HoS"));
        assert!(uses_word("by L&D.", "L&D"));
        assert!(!uses_word("", "KA"));
    }

    #[test]
    fn long_text_is_cut_at_a_word() {
        assert_eq!(short_text("one two three", 9), "one two…");
        assert_eq!(short_text("  a   b ", 9), "a b");
        assert_eq!(short_text("abcdefghijk", 5), "abcde…");
    }
}
