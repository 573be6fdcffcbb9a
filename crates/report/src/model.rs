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

/// Builds the report.
pub fn build(req: &ReportRequest<'_>) -> BoardReport {
    Builder::new(req).build()
}

struct Builder<'a> {
    req: &'a ReportRequest<'a>,
    plan: &'a StoredPlan,
    names: Option<Names>,
    period: Period,
    previous: Period,
    /// The day the report reads the plan as of: the period's last day, or today.
    as_of: NaiveDate,
    status: HashMap<Uuid, Option<StatusValue>>,
}

impl<'a> Builder<'a> {
    fn new(req: &'a ReportRequest<'a>) -> Self {
        let plan = req.plan;
        let cadence = report_cadence(plan);
        let period = req.period.clone();
        let previous = previous_period(&period, cadence);
        let as_of = period.end.min(req.today);
        let names = (!req.audience.shows_names()).then(|| Names::new(&plan.glossary, req.people));
        let mut status = HashMap::new();
        for (_, _, a) in plan.actions() {
            let s = match req.history.at_end(a.id, &period) {
                StatusAt::Status(s) => s,
                StatusAt::NotRecorded => a.status.clone(),
            };
            status.insert(a.id, s);
        }
        Builder {
            req,
            plan,
            names,
            period,
            previous,
            as_of,
            status,
        }
    }

    fn text(&self, s: &str) -> String {
        match &self.names {
            Some(n) => n.text(s),
            None => s.to_string(),
        }
    }

    fn opt(&self, s: &Option<String>) -> Option<String> {
        s.as_deref().map(|s| self.text(s))
    }

    fn leads(&self, a: &StoredAction) -> Vec<String> {
        let written: Vec<String> = a.leads.iter().map(|l| l.text.clone()).collect();
        match &self.names {
            Some(n) => n.leads(&written),
            None => written,
        }
    }

    fn status_of(&self, a: &StoredAction) -> Option<StatusCell> {
        self.status
            .get(&a.id)
            .cloned()
            .flatten()
            .map(|s| StatusCell::of(&s))
    }

    fn area_name(area: &StoredArea) -> String {
        match &area.r#ref {
            Some(r) if !area.title.starts_with(r.as_str()) => format!("{r} {}", area.title),
            _ => area.title.clone(),
        }
    }

    fn name(&self, area: &StoredArea, a: &StoredAction) -> ActionName {
        ActionName {
            id: a.id,
            r#ref: a.r#ref.clone(),
            text: self.text(&a.text),
            area: self.text(&Self::area_name(area)),
        }
    }

    fn update_line(&self, u: &assure_domain::model::StoredUpdate) -> UpdateLine {
        UpdateLine {
            date: u.date,
            text: self.text(&u.text),
        }
    }

    /// The latest update written by the end of the period: the last dated on or before
    /// it, or an undated (imported) one that comes after every dated one.
    fn latest_update(&self, a: &StoredAction) -> Option<UpdateLine> {
        a.updates
            .iter()
            .rev()
            .find(|u| u.date.is_none_or(|d| d <= self.period.end))
            .map(|u| self.update_line(u))
    }

    fn build(self) -> BoardReport {
        let plan = self.plan;
        let audience = self.req.audience;
        let cover = self.cover();
        let statuses = self.statuses();
        let total = statuses.iter().map(|s| s.count).sum();
        let chart = self.chart();
        let changes = self.changes();
        let exceptions = self.exceptions();
        let history = self.history_periods();
        let flagged: Vec<Uuid> = exceptions
            .iter()
            .flat_map(|l| l.items.iter().map(|i| i.action.id))
            .collect();
        let mut areas: Vec<AreaSection> = plan
            .areas
            .iter()
            .map(|area| self.area(area, &history))
            .collect();
        let mut measures = crate::measures::lines(plan, self.as_of, self.names.as_ref());
        if !audience.has_tables() {
            measures.retain(crate::measures::MeasureLine::is_exception);
            for a in &mut areas {
                a.rows.retain(|r| flagged.contains(&r.id));
            }
            areas.retain(|a| !a.rows.is_empty());
        }
        let mut report = BoardReport {
            audience,
            cover,
            period: self.period.clone(),
            previous: self.previous.clone(),
            statuses,
            total,
            status_column: assure_domain::status::column_name(&plan.status_scheme).to_string(),
            chart,
            changes,
            exceptions,
            areas,
            history,
            glossary: Vec::new(),
            measures,
            narrative: plan.narrative.iter().map(|n| self.text(n)).collect(),
        };
        report.glossary = self.glossary(&report);
        report
    }

    fn cover(&self) -> Cover {
        let plan = self.plan;
        let (inspection, judgements) = match &plan.inspection {
            Some(i) if !i.is_empty() => {
                let what = [i.framework.as_deref(), i.kind.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                let line = match (&what[..], i.dates.as_deref()) {
                    ("", Some(d)) => Some(format!("Inspection, {d}")),
                    ("", None) => None,
                    (w, Some(d)) => Some(format!("{w}, {d}")),
                    (w, None) => Some(w.to_string()),
                };
                (
                    line,
                    i.judgements
                        .iter()
                        .map(|j| (j.area.clone(), j.grade.clone()))
                        .collect(),
                )
            }
            _ => (None, Vec::new()),
        };
        Cover {
            council: plan.organisation.clone(),
            title: plan.title.clone(),
            period: self.period.label.clone(),
            made: self.req.today,
            version: plan.version,
            audience: self.req.audience.describe().to_string(),
            inspection,
            judgements,
        }
    }

    fn statuses(&self) -> Vec<StatusLine> {
        let plan = self.plan;
        let mut lines: Vec<StatusLine> = plan
            .status_scheme
            .iter()
            .map(|d| StatusLine {
                cell: Some(StatusCell {
                    label: d.label.clone(),
                    meaning: Some(d.meaning),
                    swatch: swatch(Some(d.meaning)),
                }),
                description: d.description.clone(),
                count: 0,
            })
            .collect();
        let mut none = 0;
        for (_, _, a) in plan.actions() {
            match self.status.get(&a.id).cloned().flatten() {
                None => none += 1,
                Some(s) => {
                    if let Some(l) = lines
                        .iter_mut()
                        .find(|l| l.cell.as_ref().is_some_and(|c| c.label == s.label))
                    {
                        l.count += 1;
                    } else {
                        // A label the key does not list: counted under its own words.
                        lines.push(StatusLine {
                            cell: Some(StatusCell::of(&s)),
                            description: None,
                            count: 1,
                        });
                    }
                }
            }
        }
        if none > 0 {
            lines.push(StatusLine {
                cell: None,
                description: None,
                count: none,
            });
        }
        lines
    }

    fn chart(&self) -> Chart {
        let plan = self.plan;
        let mut meanings: Vec<Option<Meaning>> = Meaning::ALL.iter().copied().map(Some).collect();
        meanings.push(None);
        let names: Vec<String> = meanings
            .iter()
            .map(|m| {
                let word = m.map_or("No status", Meaning::describe);
                let labels = match m {
                    None => String::new(),
                    Some(m) => plan
                        .status_scheme
                        .iter()
                        .filter(|d| d.meaning == *m)
                        .map(|d| d.label.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                };
                if labels.is_empty() || labels.eq_ignore_ascii_case(word) {
                    word.to_string()
                } else {
                    format!("{word} ({labels})")
                }
            })
            .collect();
        let rows: Vec<(String, Vec<usize>)> = plan
            .areas
            .iter()
            .map(|area| {
                let mut counts = vec![0usize; meanings.len()];
                for top in &area.actions {
                    for a in top.walk() {
                        let m = self.status.get(&a.id).cloned().flatten().map(|s| s.meaning);
                        if let Some(i) = meanings.iter().position(|x| *x == m) {
                            counts[i] += 1;
                        }
                    }
                }
                (self.text(&Self::area_name(area)), counts)
            })
            .collect();
        // Series no action has are left out of the report's chart: a key of six colours
        // for a plan using three is noise on paper.
        let used: Vec<usize> = (0..meanings.len())
            .filter(|i| rows.iter().any(|(_, c)| c[*i] > 0))
            .collect();
        let series: Vec<assure_chart::Series> = used
            .iter()
            .map(|&i| assure_chart::meaning_series(meanings[i], names[i].clone()))
            .collect();
        let rows: Vec<(String, Vec<usize>)> = rows
            .into_iter()
            .map(|(n, c)| (n, used.iter().map(|&i| c[i]).collect()))
            .collect();
        let bars: Vec<assure_chart::Bar> = rows
            .iter()
            .map(|(label, values)| assure_chart::Bar {
                label: label.clone(),
                values: values.clone(),
            })
            .collect();
        let title = format!("Status of actions by area, {}", self.period.label);
        let mut description = String::from(
            "A stacked bar for each area for improvement showing how many of its actions have each status at the end of the period.",
        );
        for (label, values) in &rows {
            let parts: Vec<String> = series
                .iter()
                .zip(values)
                .filter(|(_, n)| **n > 0)
                .map(|(s, n)| format!("{} {n}", s.name))
                .collect();
            let parts = if parts.is_empty() {
                "no actions".to_string()
            } else {
                parts.join(", ")
            };
            description.push_str(&format!(" {label}: {parts}."));
        }
        let svg =
            assure_chart::stacked_bars("status-by-area", &title, &description, &series, &bars);
        Chart {
            svg,
            title,
            description,
            series: series.into_iter().map(|s| s.name).collect(),
            rows,
        }
    }

    fn changes(&self) -> Changes {
        let mut out = Changes {
            since: self.previous.label.clone(),
            ..Changes::default()
        };
        for (area, _, a) in self.plan.actions() {
            let before = self.req.history.at_end(a.id, &self.previous);
            let now = self.status.get(&a.id).cloned().flatten();
            let before = match before {
                StatusAt::NotRecorded => {
                    out.new_actions += 1;
                    continue;
                }
                StatusAt::Status(s) => s,
            };
            let line = || ChangeLine {
                action: self.name(area, a),
                from: before.as_ref().map(StatusCell::of),
                to: now.as_ref().map(StatusCell::of),
            };
            let (b, n) = (
                before.as_ref().map(|s| s.meaning),
                now.as_ref().map(|s| s.meaning),
            );
            match (b, n) {
                (b, Some(Meaning::Complete)) if b != Some(Meaning::Complete) => {
                    out.completed.push(line());
                }
                (Some(b), Some(n)) if rank(n) > rank(b) => out.up.push(line()),
                (Some(b), Some(n)) if rank(n) < rank(b) => out.down.push(line()),
                _ => {}
            }
        }
        out
    }

    fn item(&self, area: &StoredArea, a: &StoredAction, why: String) -> ExceptionItem {
        ExceptionItem {
            action: self.name(area, a),
            leads: self.leads(a),
            status: self.status_of(a),
            timescale: timescale_text(a.start.as_ref(), a.due.as_ref()),
            why: self.text(&why),
            latest_update: self.latest_update(a),
        }
    }

    fn exceptions(&self) -> Vec<ExceptionList> {
        let plan = self.plan;
        let meaning =
            |a: &StoredAction| self.status.get(&a.id).cloned().flatten().map(|s| s.meaning);
        let mut off = Vec::new();
        let mut risk = Vec::new();
        let mut overdue: Vec<(Option<NaiveDate>, ExceptionItem)> = Vec::new();
        let mut awaiting = Vec::new();
        let mut impact = Vec::new();
        for (area, _, a) in plan.actions() {
            match meaning(a) {
                Some(Meaning::OffTrack) => off.push(self.item(area, a, "status off track".into())),
                Some(Meaning::AtRisk) => risk.push(self.item(area, a, "status at risk".into())),
                _ => {}
            }
            if meaning(a) != Some(Meaning::Complete) && is_overdue(a, self.as_of) {
                let due = due_date(a);
                let why =
                    due.map_or_else(|| "past its due date".into(), |d| format!("due {}", day(d)));
                overdue.push((due, self.item(area, a, why)));
            }
            if let Some(s) = &a.signoff
                && !s.is_signed_off()
            {
                let when = assure_domain::clock::uk_date(s.proposed_at);
                awaiting.push(self.item(area, a, format!("proposed complete {}", day(when))));
            }
            if let Some(c) = a.impact_checks.last()
                && !c.confirmed
            {
                let when = assure_domain::clock::uk_date(c.checked_at);
                let note = c
                    .note
                    .as_deref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default();
                impact.push(self.item(
                    area,
                    a,
                    format!("impact not confirmed {}{note}", day(when)),
                ));
            }
        }
        overdue.sort_by_key(|(d, _)| *d);
        let stalled = self.stalled();
        vec![
            ExceptionList {
                code: "off_track",
                heading: "Off track",
                items: off,
            },
            ExceptionList {
                code: "at_risk",
                heading: "At risk",
                items: risk,
            },
            ExceptionList {
                code: "overdue",
                heading: "Overdue",
                items: overdue.into_iter().map(|(_, i)| i).collect(),
            },
            ExceptionList {
                code: "stalled",
                heading: "Stalled",
                items: stalled,
            },
            ExceptionList {
                code: "awaiting_sign_off",
                heading: "Awaiting sign-off",
                items: awaiting,
            },
            ExceptionList {
                code: "impact_failed",
                heading: "Impact checks failed",
                items: impact,
            },
        ]
    }

    /// The plan checks' "stalled" findings as of the report's day.
    fn stalled(&self) -> Vec<ExceptionItem> {
        let plan = self.plan;
        let settings = Settings {
            evidence_tracked: true,
            report_published: plan.inspection.as_ref().and_then(|i| i.report_published),
            plan_in_place: None,
            from_file: false,
            update_cadence: plan.settings.update_cadence.clone(),
            stalled_periods: plan.settings.stalled_periods,
        };
        let doc = plan.to_document();
        checks::check(&doc, self.as_of, &settings)
            .into_iter()
            .filter(|f| f.code == "stalled")
            .filter_map(|f| {
                let area = plan.areas.get(f.area_index?)?;
                let (first, rest) = f.action_path.split_first()?;
                let mut a = area.actions.get(*first)?;
                for i in rest {
                    a = a.children.get(*i)?;
                }
                Some(self.item(area, a, f.message))
            })
            .collect()
    }

    fn history_periods(&self) -> Vec<Period> {
        let cadence = report_cadence(self.plan);
        let mut out = vec![self.period.clone()];
        while out.len() < HISTORY_PERIODS {
            let p = previous_period(&out[out.len() - 1], cadence);
            out.push(p);
        }
        out.reverse();
        out
    }

    fn area(&self, area: &StoredArea, history: &[Period]) -> AreaSection {
        let mut rows = Vec::new();
        for top in &area.actions {
            self.rows(top, 0, None, history, &mut rows);
        }
        let texts = |v: &[String]| v.iter().map(|s| self.text(s)).collect::<Vec<_>>();
        AreaSection {
            group: self.opt(&area.group),
            r#ref: area.r#ref.clone(),
            title: self.text(&area.title),
            objectives: texts(&area.objectives),
            outcomes: texts(&area.outcomes),
            measures: texts(&area.measures),
            narrative: texts(&area.narrative),
            rows,
        }
    }

    fn rows(
        &self,
        a: &StoredAction,
        depth: usize,
        parent_ref: Option<&str>,
        history: &[Period],
        out: &mut Vec<ActionRow>,
    ) {
        let hist = history
            .iter()
            .enumerate()
            .map(|(i, p)| {
                // The last column is the report's own period, as the table shows it.
                if i + 1 == history.len() {
                    return match self.status_of(a) {
                        Some(s) => HistoryCell::Status(s),
                        None => HistoryCell::NoStatus,
                    };
                }
                match self.req.history.at_end(a.id, p) {
                    StatusAt::NotRecorded => HistoryCell::NotRecorded,
                    StatusAt::Status(None) => HistoryCell::NoStatus,
                    StatusAt::Status(Some(s)) => HistoryCell::Status(StatusCell::of(&s)),
                }
            })
            .collect();
        let sign_off = a.signoff.as_ref().map(|s| match s.signed_off_at {
            Some(at) => format!("Signed off {}", day(assure_domain::clock::uk_date(at))),
            None => format!(
                "Proposed complete {}",
                day(assure_domain::clock::uk_date(s.proposed_at))
            ),
        });
        out.push(ActionRow {
            id: a.id,
            depth,
            r#ref: a.r#ref.clone(),
            parent_ref: parent_ref.map(str::to_string),
            text: self.text(&a.text),
            leads: self.leads(a),
            sponsor: match &self.names {
                Some(n) => a.sponsor.as_deref().map(|s| n.lead(s)),
                None => a.sponsor.clone(),
            },
            start: a.start.clone(),
            due: a.due.clone(),
            milestones: a
                .milestones
                .iter()
                .map(|m| Milestone {
                    text: self.text(&m.text),
                    due: m.due.clone(),
                })
                .collect(),
            assurance: self.opt(&a.assurance),
            impact: self.opt(&a.impact),
            measure: self.opt(&a.measure),
            resources: self.opt(&a.resources),
            status: self.status_of(a),
            history: hist,
            updates: a.updates.iter().map(|u| self.update_line(u)).collect(),
            updates_in_period: a
                .updates
                .iter()
                .filter(|u| u.date.is_some_and(|d| self.period.contains(d)))
                .map(|u| self.update_line(u))
                .collect(),
            evidence: a
                .evidence
                .iter()
                .map(|e| self.text(&e.document_text()))
                .collect(),
            sign_off,
        });
        let this_ref = a.r#ref.as_deref().or(parent_ref);
        for c in &a.children {
            self.rows(c, depth + 1, this_ref, history, out);
        }
    }

    /// The glossary's abbreviations that the report's words use.
    fn glossary(&self, report: &BoardReport) -> Vec<GlossaryLine> {
        let mut text = String::new();
        let mut add = |s: &str| {
            text.push_str(s);
            text.push('\n');
        };
        for (area, row) in report.rows() {
            add(&area.title);
            add(&row.text);
            row.leads.iter().for_each(|l| add(l));
            row.updates.iter().for_each(|u| add(&u.text));
            for s in [
                &row.assurance,
                &row.impact,
                &row.measure,
                &row.resources,
                &row.sponsor,
            ]
            .into_iter()
            .flatten()
            {
                add(s);
            }
        }
        for l in &report.exceptions {
            for i in &l.items {
                add(&i.action.text);
                i.leads.iter().for_each(|l| add(l));
                if let Some(u) = &i.latest_update {
                    add(&u.text);
                }
            }
        }
        for m in &report.measures {
            add(&m.name);
            for s in [&m.definition, &m.source].into_iter().flatten() {
                add(s);
            }
        }
        let shows_names = self.req.audience.shows_names();
        let mut out: Vec<GlossaryLine> = self
            .plan
            .glossary
            .iter()
            .filter(|e| uses_word(&text, e.abbreviation.trim()))
            .map(|e| GlossaryLine {
                abbreviation: e.abbreviation.trim().to_string(),
                title: e.title.clone().filter(|t| !t.trim().is_empty()),
                name: if shows_names {
                    e.name.clone().filter(|t| !t.trim().is_empty())
                } else {
                    None
                },
            })
            .filter(|g| g.title.is_some() || g.name.is_some())
            .collect();
        out.sort_by_key(|g| g.abbreviation.to_lowercase());
        out.dedup_by(|a, b| a.abbreviation == b.abbreviation);
        out
    }
}

/// Whether `word` occurs in `text` with no letter or digit either side.
fn uses_word(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
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
