//! The layout's tables read back into a plan document: Assure's own Word or Excel
//! export, perhaps edited by a person, recognised by its header rows.

use super::{
    ACTIONS, AREA_TEXT, AREAS, GLOSSARY, LAYOUTS, Layout, MEASURES, MILESTONES, PLAN, STATUS_KEY,
    TARGETS, UPDATES, VALUES, field, parse_date, part, unprotect,
};
use crate::document::{
    Action, Area, GlossaryEntry, Inspection, Judgement, Milestone, PlanDocument, StatusDef,
    StatusValue, Update,
};
use crate::measures::{
    Direction, Frequency, MeasureDoc, MeasureValueDoc, TargetDoc, Tolerance, Unit,
};
use crate::status::Meaning;
use crate::when::{
    Recurrence, When, WhenContext, WhenKind, infer_default_year, parse_start, parse_timescale,
};
use std::collections::HashMap;

/// A table as read from a file: rows of cells, each cell's lines joined by `\n`; the
/// first row is the header.
pub type Grid = Vec<Vec<String>>;

/// A table recognised by its header row, its columns found by name (a person may move
/// them or add their own).
struct Found<'g> {
    layout: Layout,
    columns: Vec<Option<usize>>,
    rows: &'g [Vec<String>],
}

impl Found<'_> {
    /// Each data row with its row number as the file counts it (the header is row 1).
    fn rows(&self) -> impl Iterator<Item = (usize, Cells<'_>)> {
        self.rows.iter().enumerate().map(move |(i, r)| {
            (
                i + 2,
                Cells {
                    found: self,
                    row: r,
                    at: i + 2,
                },
            )
        })
    }
}

struct Cells<'a> {
    found: &'a Found<'a>,
    row: &'a [String],
    at: usize,
}

impl Cells<'_> {
    fn get(&self, header: &str) -> &str {
        let i = self.found.layout.headers.iter().position(|h| *h == header);
        i.and_then(|i| self.found.columns[i])
            .and_then(|c| self.row.get(c))
            .map_or("", |s| s.trim())
    }

    fn opt(&self, header: &str) -> Option<String> {
        let s = self.get(header);
        (!s.is_empty()).then(|| s.to_string())
    }

    fn lines(&self, header: &str) -> Vec<String> {
        self.get(header)
            .split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    fn place(&self, header: &str) -> String {
        format!(
            "the {} table, row {}, “{header}”",
            self.found.layout.name, self.at
        )
    }

    fn number(&self, header: &str) -> Result<Option<f64>, String> {
        let s = self.get(header);
        if s.is_empty() {
            return Ok(None);
        }
        s.replace(',', "")
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(Some)
            .ok_or_else(|| format!("{}: “{s}” is not a number", self.place(header)))
    }

    fn whole(&self, header: &str) -> Result<Option<usize>, String> {
        match self.number(header)? {
            None => Ok(None),
            Some(f) if f >= 1.0 && f.fract() == 0.0 && f < 1e9 => Ok(Some(f as usize)),
            Some(_) => Err(format!(
                "{}: “{}” is not a whole number from 1",
                self.place(header),
                self.get(header)
            )),
        }
    }

    fn date(&self, header: &str) -> Result<Option<chrono::NaiveDate>, String> {
        let s = self.get(header);
        if s.is_empty() {
            return Ok(None);
        }
        parse_date(s).map(Some).ok_or_else(|| {
            format!(
                "{}: “{s}” is not a date (write it as 5 Jan 2026)",
                self.place(header)
            )
        })
    }
}

fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The layout a header row is, if it has every header of one.
fn recognise_table(grid: &Grid) -> Option<Found<'_>> {
    let (header, rows) = grid.split_first()?;
    let names: Vec<String> = header.iter().map(|h| fold(h)).collect();
    LAYOUTS.into_iter().find_map(|layout| {
        let columns: Vec<Option<usize>> = layout
            .headers
            .iter()
            .map(|h| names.iter().position(|n| *n == fold(h)))
            .collect();
        columns.iter().all(Option::is_some).then_some(Found {
            layout,
            columns,
            rows,
        })
    })
}

/// The plan, when `grids` are Assure's own plan export (its Plan and Actions tables are
/// there); `None` when they are some other document.
///
/// # Errors
/// The first thing that cannot be read, naming its table, row and column.
pub fn recognise(grids: &[Grid]) -> Option<Result<PlanDocument, String>> {
    let has = |l: Layout| {
        grids
            .iter()
            .filter_map(recognise_table)
            .any(|f| f.layout == l)
    };
    if !has(PLAN) || !has(ACTIONS) {
        return None;
    }
    let grids: Vec<Grid> = grids
        .iter()
        .map(|g| {
            g.iter()
                .map(|r| r.iter().map(|c| unprotect(c)).collect())
                .collect()
        })
        .collect();
    let found: Vec<Found<'_>> = grids.iter().filter_map(recognise_table).collect();
    Some(read(&found))
}

/// Whether a header row is the Plan or the Actions table's: a cheap look before a
/// file's tables are copied to be read as Assure's export.
pub fn is_key_header(row: &[&str]) -> bool {
    [PLAN, ACTIONS].iter().any(|l| {
        l.headers
            .iter()
            .all(|h| row.iter().any(|c| fold(c) == fold(h)))
    })
}

fn all<'a>(found: &'a [Found<'a>], l: Layout) -> impl Iterator<Item = (usize, Cells<'a>)> {
    found
        .iter()
        .filter(move |f| f.layout == l)
        .flat_map(Found::rows)
}

fn read(found: &[Found<'_>]) -> Result<PlanDocument, String> {
    let mut doc = PlanDocument::new("");
    read_plan(found, &mut doc)?;
    for (_, c) in all(found, STATUS_KEY) {
        let Some(label) = c.opt("Status") else {
            continue;
        };
        let meaning = meaning(c.get("Meaning")).ok_or_else(|| {
            format!(
                "{}: say what “{label}” means (On track, At risk, …)",
                c.place("Meaning")
            )
        })?;
        doc.status_scheme.push(StatusDef {
            label,
            meaning,
            description: c.opt("Description"),
        });
    }
    for (_, c) in all(found, GLOSSARY) {
        let Some(abbreviation) = c.opt("Abbreviation") else {
            continue;
        };
        doc.glossary.push(GlossaryEntry {
            abbreviation,
            title: c.opt("Stands for"),
            name: c.opt("Name"),
        });
    }
    let mut area_no: HashMap<usize, usize> = HashMap::new();
    for (_, c) in all(found, AREAS) {
        let no = c.whole("Area no.")?.unwrap_or(doc.areas.len() + 1);
        if area_no.insert(no, doc.areas.len()).is_some() {
            return Err(format!("{}: area {no} is there twice", c.place("Area no.")));
        }
        let title = c.get("Area").to_string();
        if title.is_empty() {
            return Err(format!("{}: the area has no title", c.place("Area")));
        }
        doc.areas.push(Area {
            r#ref: c.opt("Area ref"),
            group: c.opt("Group"),
            title,
            ..Area::default()
        });
    }
    for (_, c) in all(found, AREA_TEXT) {
        let Some(text) = c.opt("Text") else { continue };
        let no = c
            .whole("Area no.")?
            .ok_or_else(|| format!("{}: say which area this is for", c.place("Area no.")))?;
        let area = area_no
            .get(&no)
            .map(|&i| &mut doc.areas[i])
            .ok_or_else(|| {
                format!(
                    "{}: there is no area {no} in the Areas table",
                    c.place("Area no.")
                )
            })?;
        let p = fold(c.get("Part"));
        let list = if p == fold(part::OBJECTIVE) {
            &mut area.objectives
        } else if p == fold(part::OUTCOME) {
            &mut area.outcomes
        } else if p == fold(part::MEASURE) {
            &mut area.measures
        } else if p == fold(part::NARRATIVE) {
            &mut area.narrative
        } else {
            return Err(format!(
                "{}: “{}” is not a part of an area (Objective, Outcome, Success measure, Narrative)",
                c.place("Part"),
                c.get("Part")
            ));
        };
        list.push(text);
    }
    let ctx = context(found);
    let mut milestones = by_action(found, MILESTONES, |c| {
        Ok(Milestone {
            text: c.get("Milestone").to_string(),
            due: when(
                c,
                ["Milestone due", "Milestone date", "Milestone kind"],
                false,
                &ctx,
            )?,
        })
    })?;
    let mut updates = by_action(found, UPDATES, |c| {
        Ok(Update {
            date: c.date("Update date")?,
            text: c.get("Update").to_string(),
        })
    })?;
    let scheme: HashMap<&str, Meaning> = doc
        .status_scheme
        .iter()
        .map(|s| (s.label.as_str(), s.meaning))
        .collect();
    let mut actions: Vec<(usize, usize, Action)> = Vec::new();
    let mut seen = HashMap::new();
    for (at, c) in all(found, ACTIONS) {
        let area = match c.whole("Area no.")? {
            Some(n) => *area_no.get(&n).ok_or_else(|| {
                format!(
                    "{}: there is no area {n} in the Areas table",
                    c.place("Area no.")
                )
            })?,
            None => match actions.last() {
                Some((a, _, _)) => *a,
                None => {
                    return Err(format!(
                        "{}: say which area the action is in",
                        c.place("Area no.")
                    ));
                }
            },
        };
        let level = c.whole("Level")?.unwrap_or(1);
        let status = match c.opt("Status") {
            None => None,
            Some(label) => {
                let meaning = scheme
                    .get(label.as_str())
                    .copied()
                    .or_else(|| meaning(&label))
                    .ok_or_else(|| {
                        format!("{}: “{label}” is not in the Status key", c.place("Status"))
                    })?;
                Some(StatusValue { label, meaning })
            }
        };
        let mut action = Action {
            r#ref: c.opt("Ref"),
            text: c.get("Action").to_string(),
            leads: c.lines("Leads"),
            sponsor: c.opt("Sponsor"),
            start: when(&c, ["Start", "Start date", "Start kind"], true, &ctx)?,
            due: when(&c, ["Due", "Due date", "Due kind"], false, &ctx)?,
            assurance: c.opt("Assurance"),
            impact: c.opt("Impact"),
            measure: c.opt("Measure"),
            resources: c.opt("Resources"),
            status,
            evidence: c.lines("Evidence"),
            ..Action::default()
        };
        if let Some(no) = c.whole("Action no.")? {
            if seen.insert(no, at).is_some() {
                return Err(format!(
                    "{}: action {no} is there twice",
                    c.place("Action no.")
                ));
            }
            action.milestones = milestones.take(no).unwrap_or_default();
            action.updates = updates.take(no).unwrap_or_default();
        }
        actions.push((area, level, action));
    }
    let leftover = milestones
        .iter()
        .map(|(no, v)| (v[0].0, *no, MILESTONES))
        .chain(updates.iter().map(|(no, v)| (v[0].0, *no, UPDATES)))
        .min_by_key(|&(at, no, _)| (at, no));
    if let Some((at, no, which)) = leftover {
        return Err(format!(
            "the {} table, row {at}, “Action no.”: there is no action {no} in the Actions table",
            which.name
        ));
    }
    place_actions(&mut doc, actions)?;
    doc.measures = read_measures(found)?;
    Ok(doc)
}

/// Rows of a table tied to actions (or measures) by number, in the table's order.
#[allow(clippy::type_complexity)]
fn by_action<T>(
    found: &[Found<'_>],
    layout: Layout,
    mut each: impl FnMut(&Cells<'_>) -> Result<T, String>,
) -> Result<HashMap<usize, Vec<(usize, T)>>, String> {
    let key = layout.headers[0];
    let mut out: HashMap<usize, Vec<(usize, T)>> = HashMap::new();
    for (at, c) in all(found, layout) {
        let no = c
            .whole(key)?
            .ok_or_else(|| format!("{}: say which one this row belongs to", c.place(key)))?;
        out.entry(no).or_default().push((at, each(&c)?));
    }
    Ok(out)
}

trait Take<T> {
    fn take(&mut self, no: usize) -> Option<Vec<T>>;
}

impl<T> Take<T> for HashMap<usize, Vec<(usize, T)>> {
    fn take(&mut self, no: usize) -> Option<Vec<T>> {
        self.remove(&no)
            .map(|v| v.into_iter().map(|(_, t)| t).collect())
    }
}

/// Puts each action under its area and, by level, under the action above it.
fn place_actions(
    doc: &mut PlanDocument,
    actions: Vec<(usize, usize, Action)>,
) -> Result<(), String> {
    let mut last: Option<(usize, usize)> = None;
    for (i, (area, level, action)) in actions.into_iter().enumerate() {
        let row = i + 2;
        let max_level = match last {
            Some((a, l)) if a == area => l + 1,
            _ => 1,
        };
        if level > max_level {
            return Err(format!(
                "the Actions table, row {row}, “Level”: level {level} has no action of level {} above it in its area",
                level - 1
            ));
        }
        if level > crate::document::MAX_DEPTH {
            return Err(format!(
                "the Actions table, row {row}, “Level”: actions nest at most {} deep",
                crate::document::MAX_DEPTH
            ));
        }
        let mut list = &mut doc.areas[area].actions;
        for _ in 1..level {
            list = &mut list.last_mut().expect("a parent checked above").children;
        }
        list.push(action);
        last = Some((area, level));
    }
    Ok(())
}

fn read_plan(found: &[Found<'_>], doc: &mut PlanDocument) -> Result<(), String> {
    let mut inspection: Option<Inspection> = None;
    for (_, c) in all(found, PLAN) {
        let value = c.opt("Value");
        let f = fold(c.get("Plan field"));
        let is = |name: &str| f == fold(name);
        if is(field::TITLE) {
            doc.title = value.unwrap_or_default();
        } else if is(field::COUNCIL) {
            doc.organisation = value;
        } else if is(field::NARRATIVE) {
            doc.narrative.extend(value);
        } else {
            let i = inspection.get_or_insert_with(Inspection::default);
            if is(field::FRAMEWORK) {
                i.framework = value;
            } else if is(field::KIND) {
                i.kind = value;
            } else if is(field::DATES) {
                i.dates = value;
            } else if is(field::PUBLISHED) {
                i.report_published = c.date("Value")?;
            } else if is(field::JUDGEMENT) {
                i.judgements.push(Judgement {
                    area: value.unwrap_or_default(),
                    grade: c.get("Detail").to_string(),
                });
            } else if f.is_empty() {
                continue;
            } else {
                return Err(format!(
                    "{}: “{}” is not a field Assure knows (Title, Council, Inspection framework, …)",
                    c.place("Plan field"),
                    c.get("Plan field")
                ));
            }
        }
    }
    if doc.title.trim().is_empty() {
        return Err("the Plan table has no Title".into());
    }
    doc.inspection = inspection;
    Ok(())
}

/// What a status means, from its words ("On track") or its name ("on_track").
fn meaning(s: &str) -> Option<Meaning> {
    let f = fold(s);
    Meaning::ALL
        .into_iter()
        .find(|m| fold(m.describe()) == f || m.as_str() == f)
}

/// The year to read undated timescales a person typed in, as the importer would.
fn context(found: &[Found<'_>]) -> WhenContext {
    let mut texts = Vec::new();
    for (_, c) in all(found, ACTIONS) {
        texts.push(c.get("Start").to_string());
        texts.push(c.get("Due").to_string());
    }
    WhenContext {
        default_year: infer_default_year(texts.iter().map(String::as_str)),
    }
}

/// A timescale from its three cells (as written, its date, its kind). Without a kind the
/// text is read again, as for a timescale a person typed in.
fn when(
    c: &Cells<'_>,
    [text_h, date_h, kind_h]: [&str; 3],
    start: bool,
    ctx: &WhenContext,
) -> Result<Option<When>, String> {
    let text = c.get(text_h).to_string();
    let date = c.date(date_h)?;
    let kind = c.get(kind_h);
    if kind.is_empty() {
        if text.is_empty() {
            return Ok(date.map(|d| When {
                text: super::show_date(d),
                kind: WhenKind::Date,
                date: Some(d),
                recurrence: None,
            }));
        }
        let read = if start {
            parse_start(&text, ctx)
        } else {
            parse_timescale(&text, ctx).due
        };
        return Ok(read.map(|w| When {
            date: date.or(w.date),
            ..w
        }));
    }
    let (k, r) = match kind.split_once(',') {
        Some((k, r)) => (k.trim(), Some(r.trim())),
        None => (kind, None),
    };
    let kind_of = match fold(k).as_str() {
        "date" => WhenKind::Date,
        "month" => WhenKind::Month,
        "in place" => WhenKind::InPlace,
        "recurring" => WhenKind::Recurring,
        "tbc" => WhenKind::Tbc,
        "words" => WhenKind::Text,
        _ => {
            return Err(format!(
                "{}: “{kind}” is not a kind of timescale (date, month, in place, recurring, TBC, words; or leave it empty to have Assure read the timescale)",
                c.place(kind_h)
            ));
        }
    };
    let recurrence = match r {
        None => None,
        Some(r) => Some(Recurrence::parse(&fold(r)).ok_or_else(|| {
            format!(
                "{}: “{r}” is not how often it repeats (weekly, fortnightly, monthly, quarterly, annually)",
                c.place(kind_h)
            )
        })?),
    };
    Ok(Some(When {
        text,
        kind: kind_of,
        date,
        recurrence,
    }))
}

fn read_measures(found: &[Found<'_>]) -> Result<Vec<MeasureDoc>, String> {
    let mut targets = by_action(found, TARGETS, |c| {
        Ok(TargetDoc {
            from: c.date("Target from")?.ok_or_else(|| {
                format!(
                    "{}: a target needs the date it starts",
                    c.place("Target from")
                )
            })?,
            value: c
                .number("Target")?
                .ok_or_else(|| format!("{}: the target is missing", c.place("Target")))?,
            upper: c.number("Upper")?,
            reason: c.opt("Reason"),
        })
    })?;
    let mut values = by_action(found, VALUES, |c| {
        Ok(MeasureValueDoc {
            period: c.get("Period").to_string(),
            value: c
                .number("Value")?
                .ok_or_else(|| format!("{}: the value is missing", c.place("Value")))?,
            note: c.opt("Note"),
        })
    })?;
    let mut out = Vec::new();
    for (_, c) in all(found, MEASURES) {
        let word = |h: &str| c.get(h).to_string();
        let unit = Unit::parse(&word("Unit"))
            .ok_or_else(|| format!("{}: “{}” is not a unit", c.place("Unit"), word("Unit")))?;
        let direction = Direction::parse(&word("Direction")).ok_or_else(|| {
            format!(
                "{}: “{}” is not a direction",
                c.place("Direction"),
                word("Direction")
            )
        })?;
        let frequency = if word("Frequency").is_empty() {
            Frequency::Monthly
        } else {
            Frequency::parse(&word("Frequency")).ok_or_else(|| {
                format!(
                    "{}: “{}” is not a frequency",
                    c.place("Frequency"),
                    word("Frequency")
                )
            })?
        };
        let tolerance = match c.get("Tolerance") {
            "" => None,
            t => Some(tolerance(t).ok_or_else(|| {
                format!(
                    "{}: “{t}” is not a tolerance (5% or ±5)",
                    c.place("Tolerance")
                )
            })?),
        };
        let status =
            match c.get("Measure status") {
                "" => None,
                s => Some(meaning(s).ok_or_else(|| {
                    format!("{}: “{s}” is not a status", c.place("Measure status"))
                })?),
            };
        let mut m = MeasureDoc {
            name: word("Measure name"),
            definition: c.opt("Definition"),
            unit,
            direction,
            frequency,
            source: c.opt("Source"),
            owner: c.opt("Owner"),
            target: c.number("Target now")?,
            targets: Vec::new(),
            tolerance,
            values: Vec::new(),
            status,
            links: c.lines("Links"),
        };
        if let Some(no) = c.whole("Measure no.")? {
            m.targets = targets.take(no).unwrap_or_default();
            m.values = values.take(no).unwrap_or_default();
        }
        out.push(m);
    }
    if let Some(no) = targets.keys().chain(values.keys()).min() {
        return Err(format!(
            "measure {no} has targets or values but is not in the Measures table"
        ));
    }
    Ok(out)
}

fn tolerance(t: &str) -> Option<Tolerance> {
    let t = t.trim();
    if let Some(p) = t.strip_suffix('%') {
        return p.trim().parse().ok().map(Tolerance::Percent);
    }
    let a = t.trim_start_matches(['±', '+']).trim();
    a.parse().ok().map(Tolerance::Absolute)
}
