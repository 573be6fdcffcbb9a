//! The understanding layer: one reading of the table model, whatever format it came
//! from, into a `PlanDocument`.
//!
//! The document is walked once, in order. Paragraphs between tables are held back
//! until the next table shows what they were (an area heading right before an action
//! table, a label before a legend, narrative otherwise). Action-table rows become
//! records; records become actions once the whole plan has been seen, because lead
//! splitting and dates without a year need the plan-wide picture.

pub mod areas;
pub mod columns;
pub mod corrections;
pub mod councils;
pub mod fields;
pub mod headers;
pub mod inspection;
pub mod organisation;
pub mod reading;
pub mod rows;
pub mod status;
pub mod subactions;
pub mod tables;
pub mod timescales;
pub mod under;

use assure_domain::status::{brag_scheme, rag_scheme};
use assure_domain::{Area, GlossaryEntry, Inspection, Judgement, PlanDocument, StatusDef};
use assure_domain::{leads, when};
use std::collections::HashSet;

use crate::report::{Concern, ImportReport};
use crate::table::{Block, Document, Paragraph};
use areas::AreaList;
use fields::Record;
use headers::{Header, Role};

/// An area being built: its heading fields and its row records.
#[derive(Debug, Clone)]
pub(crate) struct AreaB {
    pub area: Area,
    pub records: Vec<Record>,
    /// Opened from a paragraph before the table (a guess a banner can overrule).
    pub from_held: bool,
}

/// Something held back in a gap between tables.
#[derive(Debug, Clone)]
enum Held {
    Para(Paragraph),
    Group(String),
}

/// What the table after a gap is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Next {
    Actions { area_column: bool },
    Other,
    End,
}

#[derive(Default)]
pub(crate) struct Builder {
    pub title: Option<String>,
    pub narrative: Vec<String>,
    pub areas: Vec<AreaB>,
    pub group: Option<String>,
    pub header: Option<Header>,
    pub legend: Vec<StatusDef>,
    pub glossary: Vec<GlossaryEntry>,
    pub judgements: Vec<Judgement>,
    /// "BRAG" / "RAG" named by a status column.
    pub scheme_hint: Option<&'static str>,
    held: Vec<Held>,
    areas_section: bool,
    list_target: Option<AreaList>,
    /// The current area came from an explicit heading in the current gap.
    explicit_in_gap: bool,
    pub report: ImportReport,
    pub reading: reading::Reading,
    /// Where each (table, row) is in `reading.rows`.
    pub reading_index: std::collections::HashMap<(usize, usize), usize>,
    /// Page furniture seen between tables (kept, but never read as headings).
    pub furniture: Vec<String>,
    pub corrections: corrections::Corrections,
    pub action_tables: usize,
    pub table_no: usize,
}

impl Builder {
    pub(crate) fn open_area(&mut self, r: Option<String>, title: String) {
        self.areas.push(AreaB {
            area: Area {
                r#ref: r,
                group: self.group.clone(),
                title,
                objectives: Vec::new(),
                outcomes: Vec::new(),
                measures: Vec::new(),
                narrative: Vec::new(),
                actions: Vec::new(),
            },
            records: Vec::new(),
            from_held: false,
        });
        self.list_target = None;
    }

    /// A banner inside the table opens its own area: an empty area guessed from the
    /// paragraph before the table was not one (it goes back to the narrative).
    pub(crate) fn drop_guessed_area(&mut self) {
        let guessed = self.areas.last().is_some_and(|a| {
            a.from_held
                && a.records.is_empty()
                && a.area.objectives.is_empty()
                && a.area.outcomes.is_empty()
                && a.area.measures.is_empty()
        });
        if guessed && let Some(a) = self.areas.pop() {
            self.narrative.push(a.area.title);
            self.narrative.extend(a.area.narrative);
        }
    }

    /// The area rows go into, continuing the current one under the current group
    /// (a second Area object with the same title when the group changed after it
    /// already had actions).
    pub(crate) fn area_for_rows(&mut self) -> &mut AreaB {
        let group = self.group.clone();
        let fallback = self.title.clone().unwrap_or_else(|| "Actions".to_string());
        match self.areas.last_mut() {
            None => self.open_area(None, fallback),
            Some(a) if a.area.group != group => {
                if a.records.is_empty() {
                    a.area.group = group;
                } else {
                    let (r, t) = (a.area.r#ref.clone(), a.area.title.clone());
                    self.open_area(r, t);
                }
            }
            _ => {}
        }
        self.areas.last_mut().expect("an area was opened")
    }

    pub(crate) fn set_group(&mut self, g: String) {
        self.group = Some(g);
    }

    pub(crate) fn narrative_here_pub(&mut self, text: String) {
        self.narrative_here(text)
    }

    fn narrative_here(&mut self, text: String) {
        if text.trim().is_empty() {
            return;
        }
        match self.areas.last_mut() {
            Some(a) => a.area.narrative.push(text),
            None => self.narrative.push(text),
        }
    }

    /// Paragraphs between tables, read in order.
    fn hold(&mut self, p: &Paragraph) {
        let text = p.text.trim();
        if text.is_empty() {
            return;
        }
        // Page furniture, and the title repeated as a running header: never a heading.
        if areas::is_furniture(text)
            || self
                .title
                .as_deref()
                .is_some_and(|t| crate::table::fold_ws(t) == crate::table::fold_ws(text))
        {
            self.furniture.push(text.to_string());
            return;
        }
        if let Some((r, title)) = areas::explicit_area(text) {
            self.flush_held(Next::Other);
            self.open_area(Some(r), title);
            self.explicit_in_gap = true;
            return;
        }
        if areas::is_group(text) && p.list.is_none() {
            self.held.push(Held::Group(text.to_string()));
            return;
        }
        if let Some(l) = areas::list_label(text)
            && !self.areas.is_empty()
        {
            self.flush_held(Next::Other);
            self.list_target = Some(l);
            return;
        }
        if let (Some(target), Some(area)) = (self.list_target, self.areas.last_mut()) {
            let list = match target {
                AreaList::Objectives => &mut area.area.objectives,
                AreaList::Outcomes => &mut area.area.outcomes,
                AreaList::Measures => &mut area.area.measures,
            };
            // A sub-item completes its parent's sentence: keep it with the parent.
            if p.list.is_some_and(|l| l > 0) && !list.is_empty() {
                let last = list.last_mut().expect("non-empty");
                last.push('\n');
                last.push_str(text);
            } else {
                list.push(text.to_string());
            }
            return;
        }
        if areas::is_areas_label(text) && p.list.is_none() {
            self.flush_held(Next::Other);
            self.areas_section = true;
            return;
        }
        // Consecutive list items outside tables are one narrative entry.
        if p.list.is_some()
            && let Some(Held::Para(prev)) = self.held.last_mut()
            && prev.list.is_some()
        {
            prev.text.push('\n');
            prev.text.push_str(text);
            return;
        }
        self.held.push(Held::Para(p.clone()));
    }

    /// Decides what held paragraphs were, now that the next block is known.
    fn flush_held(&mut self, next: Next) {
        let held = std::mem::take(&mut self.held);
        match next {
            Next::Actions { area_column: false } if !self.explicit_in_gap => {
                let heading_idx: Vec<usize> = if self.areas_section {
                    held.iter()
                        .enumerate()
                        .filter(|(_, h)| matches!(h, Held::Para(p) if areas::heading_like(p) && p.list.is_none()))
                        .map(|(i, _)| i)
                        .collect()
                } else {
                    held.iter()
                        .rposition(|h| matches!(h, Held::Para(_)))
                        .filter(|&i| matches!(&held[i], Held::Para(p) if areas::heading_like(p)))
                        .into_iter()
                        .collect()
                };
                for (i, h) in held.into_iter().enumerate() {
                    match h {
                        Held::Group(g) => self.set_group(g),
                        Held::Para(p) if heading_idx.contains(&i) => {
                            if areas::is_judgement_heading(&p.text) && i + 1 < heading_idx.len() {
                                self.set_group(p.text.clone());
                            } else {
                                let (r, t) = match areas::numbered_title(&p.text) {
                                    Some((r, t)) => (Some(r), t),
                                    None => (None, p.text.clone()),
                                };
                                self.open_area(r, t);
                                if let Some(a) = self.areas.last_mut() {
                                    a.from_held = true;
                                }
                            }
                        }
                        Held::Para(p) => self.narrative_here(p.text),
                    }
                }
            }
            Next::Actions { area_column: true } => {
                let last = held.iter().rposition(|h| matches!(h, Held::Para(_)));
                for (i, h) in held.into_iter().enumerate() {
                    match h {
                        Held::Group(g) => self.set_group(g),
                        Held::Para(p)
                            if Some(i) == last
                                && areas::heading_like(&p)
                                && (p.bold
                                    || p.heading.is_some()
                                    || areas::is_judgement_heading(&p.text)) =>
                        {
                            self.set_group(p.text.clone())
                        }
                        Held::Para(p) => self.narrative_here(p.text),
                    }
                }
            }
            _ => {
                for h in held {
                    match h {
                        Held::Group(g) => self.set_group(g),
                        Held::Para(p) => {
                            if matches!(next, Next::Other | Next::End) || self.areas.is_empty() {
                                self.narrative.push(p.text)
                            } else {
                                self.narrative_here(p.text)
                            }
                        }
                    }
                }
            }
        }
        self.explicit_in_gap = false;
        self.list_target = None;
    }
}

/// The title: the first heading, else the first paragraph, else what the reader
/// suggests (a sheet's first single-cell row, the file name).
fn find_title(doc: &Document) -> Option<usize> {
    let paras = doc.blocks.iter().enumerate().filter_map(|(i, b)| match b {
        Block::Paragraph(p) if !p.text.trim().is_empty() => Some((i, p)),
        _ => None,
    });
    let mut first = None;
    // When the first line is page furniture ("APPENDIX B", "ENCLOSURE 7"), the first
    // short line after it that reads like a title; the furniture only when there is none.
    let mut after_furniture = None;
    let mut furniture_first = false;
    for (i, p) in paras {
        if first.is_none() {
            first = Some(i);
            furniture_first = areas::is_furniture(&p.text);
        } else if furniture_first
            && after_furniture.is_none()
            && !areas::is_furniture(&p.text)
            && p.list.is_none()
            && p.text.chars().count() <= 150
            && !p.text.trim_end().ends_with(['.', ':'])
        {
            after_furniture = Some(i);
        }
        if matches!(p.heading, Some(0 | 1)) {
            return Some(i);
        }
    }
    after_furniture.or(first)
}

/// Reads the table model as a plan. `None` when no action table was found.
pub fn understand(
    doc: &Document,
    format: &str,
    fallback_title: &str,
    corrections: &corrections::Corrections,
) -> Option<(PlanDocument, ImportReport, reading::Reading)> {
    let mut b = Builder {
        corrections: corrections.clone(),
        ..Builder::default()
    };
    b.report.format = format.to_string();
    let title_at = find_title(doc);
    if let Some(Block::Paragraph(p)) = title_at.map(|i| &doc.blocks[i]) {
        b.title = Some(p.text.trim().to_string());
    }
    for (i, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Paragraph(p) => {
                if Some(i) != title_at {
                    b.hold(p);
                }
            }
            Block::Table(t) => {
                b.table_no += 1;
                b.report.tables += 1;
                b.report.rows_read += t.rows.len();
                rows::table(&mut b, t);
            }
        }
    }
    b.flush_held(Next::End);
    if b.action_tables == 0 {
        return None;
    }
    let reading = std::mem::take(&mut b.reading);
    let (doc, mut report) = finish(b, fallback_title);
    report.guesses = reading
        .columns
        .iter()
        .filter_map(|c| {
            c.reason
                .as_ref()
                .map(|r| format!("table {}, column {}: {r}", c.table, c.column))
        })
        .collect();
    Some((doc, report, reading))
}

fn finish(mut b: Builder, fallback_title: &str) -> (PlanDocument, ImportReport) {
    let mut doc = PlanDocument::new(
        b.title
            .clone()
            .unwrap_or_else(|| fallback_title.to_string()),
    );
    doc.narrative = std::mem::take(&mut b.narrative);
    doc.narrative.extend(std::mem::take(&mut b.furniture));
    doc.glossary = std::mem::take(&mut b.glossary);

    // Plan-wide context for converting rows.
    let mut all: Vec<&Record> = Vec::new();
    fn walk<'a>(r: &'a Record, out: &mut Vec<&'a Record>) {
        out.push(r);
        for c in &r.children {
            walk(c, out);
        }
    }
    for a in &b.areas {
        for r in &a.records {
            walk(r, &mut all);
        }
    }
    let dates: Vec<String> = all
        .iter()
        .flat_map(|r| [r.text(Role::Due), r.text(Role::Start)])
        .filter(|t| !t.is_empty())
        .collect();
    let mut year = when::infer_default_year(dates.iter().map(String::as_str));
    if year.is_none() {
        let headings: Vec<String> = b.header.iter().flat_map(|h| h.names.clone()).collect();
        year = when::infer_default_year(headings.iter().map(String::as_str));
    }
    let when = when::WhenContext { default_year: year };
    let lead_cells: Vec<String> = all
        .iter()
        .flat_map(|r| {
            r.cells_of(Role::Lead)
                .flat_map(|c| c.paras.iter().map(|p| p.text.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    let known_leads = leads::lone_leads(lead_cells.iter().map(String::as_str));
    let update_texts: Vec<String> = all.iter().map(|r| r.text(Role::Update)).collect();
    let glossary: HashSet<String> = doc
        .glossary
        .iter()
        .map(|g| g.abbreviation.clone())
        .collect();
    let legend = b.legend.clone();
    let ctx = fields::Ctx {
        when,
        known_leads,
        legend: &legend,
        update_dates: fields::collect_update_dates(&update_texts),
        glossary,
        lead_cache: Default::default(),
        history_labels: Default::default(),
    };

    let mut report = std::mem::take(&mut b.report);
    for ab in std::mem::take(&mut b.areas) {
        let mut area = ab.area;
        let mut unplaced = Vec::new();
        let first_item = report.items.len();
        for r in &ab.records {
            area.actions
                .push(fields::to_action(r, &ctx, &mut report, &mut unplaced, 0));
        }
        // One report item per column not recognised, however many cells it has.
        let mut columns: Vec<(&str, usize, &str)> = Vec::new();
        for u in &unplaced {
            match columns.iter_mut().find(|c| c.0 == u.column) {
                Some(c) => c.1 += 1,
                None => columns.push((&u.column, 1, &u.text)),
            }
        }
        for (column, n, first) in columns {
            let cells = if n == 1 { "cell" } else { "cells" };
            report.note(
                Concern::UnknownColumn,
                format!("column “{column}” ({n} {cells})"),
                first,
            );
        }
        for item in &mut report.items[first_item..] {
            item.area.get_or_insert_with(|| area_label(&area));
        }
        area.narrative
            .extend(unplaced.iter().map(fields::Unplaced::narrative));
        doc.areas.push(area);
    }

    // The status scheme: as declared, else as the column names it (when the labels
    // used are that scheme's), else the labels used, earlier periods' included.
    let mut seen: Vec<StatusDef> = Vec::new();
    for (_, a) in doc.actions() {
        if let Some(s) = &a.status
            && !seen.iter().any(|d| d.label == s.label)
        {
            seen.push(StatusDef {
                label: s.label.clone(),
                meaning: s.meaning,
                description: None,
            });
        }
    }
    for (label, meaning) in ctx.history_labels.borrow().iter() {
        if !seen.iter().any(|d| d.label == *label) {
            seen.push(StatusDef {
                label: label.clone(),
                meaning: *meaning,
                description: None,
            });
        }
    }
    let named = match b.scheme_hint {
        Some("BRAG") => Some(brag_scheme()),
        Some("RAG") => Some(rag_scheme()),
        _ => None,
    };
    doc.status_scheme = if !legend.is_empty() {
        legend
    } else {
        match named {
            // "G" on a green cell under "RAG rating" is the scheme's own Green.
            Some(s)
                if seen.iter().all(|d| {
                    let l = d.label.trim();
                    s.iter().any(|n| {
                        n.label.eq_ignore_ascii_case(l)
                            || (l.chars().count() == 1
                                && n.label.chars().next().is_some_and(|c| {
                                    l.chars().next().is_some_and(|x| x.eq_ignore_ascii_case(&c))
                                }))
                    })
                }) =>
            {
                s
            }
            _ => seen,
        }
    };
    if !b.judgements.is_empty() {
        doc.inspection = Some(Inspection {
            judgements: std::mem::take(&mut b.judgements),
            ..Default::default()
        });
    }
    inspection::read(&mut doc);
    doc.organisation = organisation::organisation(&doc);

    for (depth, _) in doc.actions() {
        if depth == 0 {
            report.actions += 1;
        } else {
            report.children += 1;
        }
    }
    report.areas = doc.areas.len();
    for (_, a) in doc.actions() {
        report.milestones += a.milestones.len();
        report.updates += a.updates.len();
    }
    (doc, report)
}

/// How the report names an area: "Area 3", else its title, shortened.
pub(crate) fn area_label(area: &Area) -> String {
    match &area.r#ref {
        Some(r) => format!("Area {r}"),
        None => {
            let t = crate::table::fold_ws(&area.title);
            let mut short: String = t.chars().take(50).collect();
            if short.chars().count() < t.chars().count() {
                short.push('…');
            }
            format!("Area “{short}”")
        }
    }
}
