//! One row record (its cells by role, with the rows that continue it) turned into an
//! `Action`: updates split at dated segments, milestones paired with dates, leads
//! split, timescales read, status labels given their meaning.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use assure_domain::{Action, Meaning, Milestone, StatusDef, StatusValue, Update, When, WhenKind};
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

use assure_domain::leads::split_leads;
use assure_domain::status::{meaning_of_description, meaning_of_label};
use assure_domain::when::{
    WhenContext, pair_timescale, parse_start, parse_timescale, timescale_tokens,
};

use super::headers::Role;
use super::status::colour_name;
use super::tables::meaning_in;
use crate::report::{Concern, ImportReport};
use crate::table::{Cell, Paragraph, fold_ws};

/// One data row: each cell with the column role and heading it sat under.
#[derive(Debug, Clone, Default)]
pub struct Record {
    pub cells: Vec<(Option<Role>, String, Cell)>,
    pub children: Vec<Record>,
    pub location: String,
}

impl Record {
    pub fn cells_of(&self, role: Role) -> impl Iterator<Item = &Cell> {
        self.cells
            .iter()
            .filter(move |(r, _, _)| *r == Some(role))
            .map(|(_, _, c)| c)
    }

    /// All text under a role, one paragraph a line.
    pub fn text(&self, role: Role) -> String {
        let parts: Vec<String> = self
            .cells_of(role)
            .map(Cell::text)
            .filter(|t| !t.is_empty())
            .collect();
        parts.join("\n")
    }

    pub fn opt(&self, role: Role) -> Option<String> {
        Some(self.text(role)).filter(|t| !t.trim().is_empty())
    }

    pub fn filled(&self, role: Role) -> bool {
        self.cells_of(role)
            .any(|c| !c.is_empty() || c.fill.is_some())
    }
}

/// What converting rows needs to know about the whole plan.
pub struct Ctx<'a> {
    pub when: WhenContext,
    pub known_leads: HashSet<String>,
    pub legend: &'a [StatusDef],
    /// Update dates by (day, month), for mending a typo such as "04.10.202".
    pub update_dates: HashMap<(u32, u32), NaiveDate>,
    pub glossary: HashSet<String>,
    /// Lead cells already split: splitting on spaces tries every cut of a cell's
    /// words, and plans repeat the same lead cell on many rows.
    pub lead_cache: RefCell<HashMap<String, Vec<String>>>,
    /// Status labels of earlier periods (status history columns), with their meaning:
    /// they are labels the plan uses as much as the current ones.
    pub history_labels: RefCell<Vec<(String, Meaning)>>,
}

impl Ctx<'_> {
    fn leads(&self, text: &str) -> Vec<String> {
        if let Some(l) = self.lead_cache.borrow().get(text) {
            return l.clone();
        }
        let l = if keep_whole(text) {
            vec![fold_ws(text)]
        } else if let Some(parts) = initials_and_bodies(text) {
            parts
        } else {
            split_leads(text, &self.known_leads)
        };
        self.lead_cache
            .borrow_mut()
            .insert(text.to_string(), l.clone());
        l
    }
}

/// One lead whose own words hold a comma: a role and its service ("Team Manager,
/// Leaving Care", "Assistant Director, Safeguarding and Family Support") or a name and
/// its role ("J. Okafor, Commissioning Manager").
fn keep_whole(text: &str) -> bool {
    let t = fold_ws(text);
    if t.contains(['/', ';', '&', '\n']) || t.matches(',').count() != 1 {
        return false;
    }
    let (before, after) = t.split_once(',').expect("one comma");
    let (before, after) = (before.trim(), after.trim());
    if before.contains(" and ") || after.is_empty() {
        return false;
    }
    let person = PERSON.is_match(before);
    let role = ROLE_END.is_match(before);
    let after_is_role = ROLE_START.is_match(after);
    (person && after.split_whitespace().count() >= 2)
        || (role
            && after.split_whitespace().count() >= 2
            && !after_is_role
            && !ROLE_END.is_match(after))
}

/// "(M.S) CYC (K.McN) CCG" or "CYC (M.S) CCG (K.McN)": initials in brackets beside an
/// organisation, several times over; each pair is one lead.
fn initials_and_bodies(text: &str) -> Option<Vec<String>> {
    let t = fold_ws(text);
    for re in [&*BRACKET_FIRST, &*BODY_FIRST] {
        let parts: Vec<String> = re
            .find_iter(&t)
            .map(|m| m.as_str().trim().to_string())
            .collect();
        let covered: usize = re
            .find_iter(&t)
            .map(|m| m.as_str().trim().len())
            .sum::<usize>()
            + parts.len().saturating_sub(1);
        if parts.len() >= 2 && covered == t.len() {
            return Some(parts);
        }
    }
    None
}

static BRACKET_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\([A-Za-z.\s]{1,12}\)\s*[A-Z][A-Za-z]{1,9}").expect("bracket first")
});
static BODY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Z][A-Za-z]{1,9}\s*\([A-Za-z.\s]{1,12}\)").expect("body first")
});

static PERSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-Z]\.\s*|[A-Z][a-z]+\s+)(?:[A-Z]\.\s*)?[A-Z][a-zA-Z'’-]+$").expect("person")
});
static ROLE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:director|manager|head(?:\s+of\s+service)?|lead|officer|adviser|advisor|coordinator|co-ordinator|principal|chair|commissioner)$").expect("role end")
});
static ROLE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:head|director|assistant|deputy|manager|principal|senior|team\s+manager|service\s+manager|chief|lead)\b").expect("role start")
});

static DATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{2,4})\s*[-–—]+\s*")
        .expect("dated")
});

/// An ISO date opening a paragraph, then a dash or a colon: how other tools write a
/// dated comment ("2024-03-25: Map published", "2024-03-25 - Map published").
static ISO_DATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\[?(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\]?\s*(?:[-–—]+|:)\s*")
        .expect("iso dated")
});

/// Words after which a date belongs to the sentence, not a new update ("from 01.04.2021 –").
const IN_SENTENCE: &[&str] = &[
    "from", "since", "on", "by", "until", "till", "to", "between", "and", "of", "dated", "at",
    "before", "after", "the", "in", "for", "until", "w/c", "wc", "week",
];

/// Dated update boundaries in a paragraph: (start of the date, end of the dash, date).
fn boundaries(text: &str, ctx: &Ctx) -> Vec<(usize, usize, Option<NaiveDate>)> {
    let mut out = Vec::new();
    for c in DATED.captures_iter(text) {
        let m = c.get(0).expect("match");
        let d_start = c.name("d").expect("d").start();
        let before = text[..d_start].trim_end();
        let prev_word = before
            .rsplit(|ch: char| ch.is_whitespace())
            .next()
            .unwrap_or("")
            .to_lowercase();
        if !before.is_empty() && IN_SENTENCE.contains(&prev_word.as_str()) {
            continue;
        }
        let d: u32 = c["d"].parse().unwrap_or(0);
        let mo: u32 = c["m"].parse().unwrap_or(0);
        let y = &c["y"];
        let date = match y.len() {
            2 => y
                .parse::<i32>()
                .ok()
                .and_then(|y| NaiveDate::from_ymd_opt(2000 + y, mo, d)),
            4 => y
                .parse::<i32>()
                .ok()
                .and_then(|y| NaiveDate::from_ymd_opt(y, mo, d)),
            // a digit lost from the year: take the date its siblings agree on
            _ => match ctx.update_dates.get(&(d, mo)) {
                Some(date) => Some(*date),
                None => continue,
            },
        };
        if date.is_none() {
            continue;
        }
        out.push((d_start, m.end(), date));
    }
    out
}

/// Bullets flattened to "o" by copying out of a PDF: "o Two posts offered o One
/// re-advertised" is two items.
fn flattened_bullets(text: &str, listed: bool) -> Option<Vec<String>> {
    let t = text.trim_start();
    let t = match t.strip_prefix("o ") {
        Some(rest) => rest,
        // the reader already took the first "o" as a bullet
        None if listed => t,
        None => return None,
    };
    let mut items = Vec::new();
    let mut from = 0;
    for m in O_BULLET.find_iter(t) {
        items.push(fold_ws(&t[from..m.start()]));
        from = m.end() - 1;
    }
    items.push(fold_ws(&t[from..]));
    items.retain(|s| !s.is_empty());
    (items.len() >= 2).then_some(items)
}

static O_BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s+o\s+[A-Z]").expect("o bullet"));

/// A date stamped at the end of an update ("… four remain. 9.12.16"), or an update
/// that opens "As at June 2015": the date, and the text to keep.
fn stamped(text: &str) -> Option<(NaiveDate, String)> {
    if let Some(c) = END_STAMP.captures(text) {
        let d: u32 = c["d"].parse().ok()?;
        let m: u32 = c["m"].parse().ok()?;
        let y: i32 = c["y"].parse().ok()?;
        let y = if y < 100 { 2000 + y } else { y };
        let date = NaiveDate::from_ymd_opt(y, m, d)?;
        // keep the sentence's own full stop
        let rest = fold_ws(&text[..c.get(0)?.start() + 1]);
        return (!rest.is_empty()).then_some((date, rest));
    }
    let c = AS_AT.captures(text)?;
    let date = super::columns::period_end(&c[1])?;
    Some((date, fold_ws(text)))
}

static END_STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[.;!?]\s+\(?(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{2}|\d{4})\)?\s*$")
        .expect("end stamp")
});

static AS_AT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*as\s+(?:at|of)\s+((?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4})\b")
        .expect("as at")
});

/// Dates that open update segments anywhere in these cells, by (day, month).
pub fn collect_update_dates(texts: &[String]) -> HashMap<(u32, u32), NaiveDate> {
    let mut counts: HashMap<(u32, u32), HashMap<NaiveDate, usize>> = HashMap::new();
    for t in texts {
        for c in DATED.captures_iter(t) {
            if c["y"].len() != 4 {
                continue;
            }
            let (Ok(d), Ok(m), Ok(y)) = (
                c["d"].parse::<u32>(),
                c["m"].parse::<u32>(),
                c["y"].parse::<i32>(),
            ) else {
                continue;
            };
            if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                *counts.entry((d, m)).or_default().entry(date).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .filter_map(|(k, v)| {
            v.into_iter()
                .max_by_key(|&(d, n)| (n, d))
                .map(|(d, _)| (k, d))
        })
        .collect()
}

/// Splits update cells: each paragraph or list item, then each dated segment in it.
pub fn updates(cells: &[&Cell], ctx: &Ctx) -> Vec<Update> {
    let mut out = Vec::new();
    for cell in cells {
        for p in &cell.paras {
            let text = p.text.as_str();
            if let Some(c) = ISO_DATED.captures(text) {
                let date = match (c["y"].parse(), c["m"].parse(), c["d"].parse()) {
                    (Ok(y), Ok(m), Ok(d)) => NaiveDate::from_ymd_opt(y, m, d),
                    _ => None,
                };
                if date.is_some() {
                    let end = c.get(0).map_or(0, |m| m.end());
                    out.push(Update {
                        date,
                        text: fold_ws(&text[end..]),
                    });
                    continue;
                }
            }
            if let Some(items) = flattened_bullets(text, p.list.is_some()) {
                out.extend(items.into_iter().map(|t| Update {
                    date: None,
                    text: t,
                }));
                continue;
            }
            if let Some((date, rest)) = stamped(text) {
                out.push(Update {
                    date: Some(date),
                    text: rest,
                });
                continue;
            }
            let bs = boundaries(text, ctx);
            let first = bs.first().map(|b| b.0).unwrap_or(text.len());
            let lead = fold_ws(&text[..first]);
            if !lead.is_empty() {
                out.push(Update {
                    date: None,
                    text: lead,
                });
            }
            for (i, (_, end, date)) in bs.iter().enumerate() {
                let stop = bs.get(i + 1).map(|b| b.0).unwrap_or(text.len());
                let seg = fold_ws(&text[*end..stop.max(*end)]);
                out.push(Update {
                    date: *date,
                    text: seg,
                });
            }
        }
    }
    out
}

/// Splits a milestone written as one line into `n` parts where list markup was lost:
/// at sentence ends, else before a capital that follows a lower-case word.
fn split_milestone(text: &str, n: usize) -> Option<Vec<String>> {
    if n < 2 {
        return None;
    }
    let words: Vec<&str> = text.split(' ').collect();
    let cut = |pred: &dyn Fn(&str, &str) -> bool| -> Option<Vec<String>> {
        let idx: Vec<usize> = (1..words.len())
            .filter(|&i| pred(words[i - 1], words[i]))
            .collect();
        (idx.len() == n - 1).then(|| {
            let mut parts = Vec::new();
            let mut start = 0;
            for &i in &idx {
                parts.push(words[start..i].join(" "));
                start = i;
            }
            parts.push(words[start..].join(" "));
            parts
        })
    };
    let upper = |w: &str| w.starts_with(|c: char| c.is_uppercase());
    cut(&|a, b| a.ends_with(['.', ';', '!', '?']) && upper(b)).or_else(|| {
        cut(&|a, b| {
            a.chars().all(|c| c.is_lowercase() || !c.is_alphabetic()) && upper(b) && !a.is_empty()
        })
    })
}

fn status_of(
    rec: &Record,
    ctx: &Ctx,
    report: &mut ImportReport,
    here: &str,
) -> Option<StatusValue> {
    // With one status column per reporting month, the latest (rightmost) filled one
    // is the status now; the others become the action's history (see `to_action`).
    let cell = rec
        .cells_of(Role::Status)
        .filter(|c| !c.is_empty() || c.fill.is_some())
        .last()?;
    let text = fold_ws(&cell.text());
    let label = if text.is_empty() {
        colour_name(cell.fill.as_deref()?)?.to_string()
    } else {
        text
    };
    let meaning = meaning_in(ctx.legend, &label)
        .or_else(|| meaning_of_label(&label))
        .or_else(|| meaning_of_description(&label))
        .or_else(|| {
            cell.fill
                .as_deref()
                .and_then(colour_name)
                .and_then(meaning_of_label)
        });
    let meaning = match meaning {
        Some(m) => m,
        None => {
            report.note(Concern::UnknownStatus, here, &label);
            Meaning::NotStarted
        }
    };
    Some(StatusValue { label, meaning })
}

/// A cell of a column we do not know, kept as narrative.
#[derive(Debug, Clone)]
pub struct Unplaced {
    /// The column's heading ("Column" when it has none).
    pub column: String,
    /// The action's reference, else the table and row.
    pub who: String,
    pub text: String,
}

impl Unplaced {
    /// The narrative entry: "Notes (1.2): text".
    pub fn narrative(&self) -> String {
        format!("{} ({}): {}", self.column, self.who, self.text)
    }
}

/// Converts a record (and its children) into an action. Text of columns we do not
/// know goes to `unplaced` (heading, where, text), so nothing is lost.
pub fn to_action(
    rec: &Record,
    ctx: &Ctx,
    report: &mut ImportReport,
    unplaced: &mut Vec<Unplaced>,
    depth: usize,
) -> Action {
    let mut a = Action {
        r#ref: rec
            .opt(Role::Ref)
            .map(|r| r.trim().trim_end_matches(['.', ':']).to_string())
            .filter(|r| !r.is_empty()),
        text: rec.text(Role::Action),
        sponsor: rec.opt(Role::Sponsor),
        assurance: rec.opt(Role::Assurance),
        impact: rec.opt(Role::Impact),
        measure: rec.opt(Role::Measure),
        resources: rec.opt(Role::Resources),
        ..Default::default()
    };
    let here = a
        .r#ref
        .clone()
        .map(|r| format!("action {r}"))
        .unwrap_or_else(|| rec.location.clone());

    // Leads: each paragraph of the cell on its own, then the separators.
    for cell in rec.cells_of(Role::Lead) {
        for p in &cell.paras {
            a.leads.extend(ctx.leads(&p.text));
        }
    }
    if !ctx.glossary.is_empty() {
        for l in &a.leads {
            if !ctx.glossary.contains(l) {
                report.note(Concern::LeadNotInGlossary, &here, l);
            }
        }
    }

    // Milestones: one per paragraph or list item.
    let mut ms: Vec<String> = rec
        .cells_of(Role::Milestones)
        .flat_map(|c| c.paras.iter().map(|p| p.text.clone()))
        .filter(|t| !t.is_empty())
        .collect();
    let ms_listed = rec
        .cells_of(Role::Milestones)
        .any(|c| c.paras.iter().any(|p| p.list.is_some()) || c.paras.len() > 1);

    // Timescale, paired with milestones when the cell holds one date per milestone.
    let due_text = fold_ws(&rec.text(Role::Due).replace('\n', " "));
    let mut paired: Vec<Option<When>> = Vec::new();
    if !due_text.is_empty() {
        // Lost list markup: one milestone line but one date per milestone in the cell.
        let values = timescale_tokens(&due_text, &ctx.when).map_or(0, |t| t.len());
        if values >= 2
            && ms.len() == 1
            && !ms_listed
            && let Some(parts) = split_milestone(&ms[0], values)
        {
            ms = parts;
        }
        if let Some(w) = super::timescales::special(&due_text) {
            a.due = Some(w);
        } else if let Some(p) = pair_timescale(&due_text, ms.len(), &ctx.when) {
            a.due = Some(p.due);
            paired = p.milestones;
        } else {
            let ts = parse_timescale(&due_text, &ctx.when);
            a.due = ts.due;
            a.start = ts.start;
        }
        match a.due.as_ref().map(|d| d.kind) {
            Some(WhenKind::Tbc) => report.note(Concern::TbcDate, &here, &due_text),
            Some(WhenKind::Text) if a.start.is_none() => {
                report.note(Concern::UnreadDate, &here, &due_text)
            }
            _ => {}
        }
    } else if depth == 0 && !a.text.is_empty() {
        report.note(Concern::MissingDate, &here, &a.text);
    }
    a.milestones = ms
        .into_iter()
        .enumerate()
        .map(|(i, text)| Milestone {
            text,
            due: paired.get(i).cloned().flatten(),
        })
        .collect();

    let start_text = rec.text(Role::Start);
    if !start_text.trim().is_empty() {
        a.start = parse_start(&start_text.replace('\n', " "), &ctx.when);
    }

    // Undated paragraphs under a header that carries a date ("October 2021 Update")
    // stay undated, as the shared plans' expected results read them: the header's date
    // is when the column was written, not when each thing happened.
    let upd: Vec<&Cell> = rec.cells_of(Role::Update).collect();
    let written = updates(&upd, ctx);
    let statuses: Vec<(&String, &Cell)> = rec
        .cells
        .iter()
        .filter(|(r, _, c)| *r == Some(Role::Status) && (!c.is_empty() || c.fill.is_some()))
        .map(|(_, n, c)| (n, c))
        .collect();
    if statuses.len() > 1 {
        for (name, cell) in &statuses[..statuses.len() - 1] {
            let label = Some(fold_ws(&cell.text()))
                .filter(|t| !t.is_empty())
                .or_else(|| {
                    cell.fill
                        .as_deref()
                        .and_then(colour_name)
                        .map(str::to_string)
                })
                .unwrap_or_default();
            if !label.is_empty() {
                let meaning = meaning_in(ctx.legend, &label)
                    .or_else(|| meaning_of_label(&label))
                    .or_else(|| meaning_of_description(&label))
                    .unwrap_or(Meaning::NotStarted);
                let mut seen = ctx.history_labels.borrow_mut();
                if !seen.iter().any(|(l, _)| *l == label) {
                    seen.push((label.clone(), meaning));
                }
            }
            a.updates.push(Update {
                date: super::columns::period_end(name),
                text: format!("{name}: {label}"),
            });
        }
    }
    // The statuses of earlier months come before the written update, which is the latest.
    a.updates.extend(written);
    a.status = status_of(rec, ctx, report, &here);
    for c in rec.cells_of(Role::Evidence) {
        for p in &c.paras {
            if !p.text.is_empty() {
                a.evidence.push(p.text.clone());
            }
        }
        for l in &c.links {
            if !a.evidence.iter().any(|e| e == l) {
                a.evidence.push(l.clone());
            }
        }
    }
    if a.leads.is_empty() && !a.text.is_empty() && depth == 0 {
        report.note(Concern::NoLead, &here, &a.text);
    }
    for (role, name, cell) in &rec.cells {
        if role.is_none() && !cell.is_empty() {
            let label = if name.is_empty() {
                "Column".to_string()
            } else {
                name.clone()
            };
            let who = a.r#ref.clone().unwrap_or_else(|| rec.location.clone());
            unplaced.push(Unplaced {
                column: label,
                who,
                text: cell.text(),
            });
        }
    }
    if depth < assure_domain::document::MAX_DEPTH {
        a.children = rec
            .children
            .iter()
            .map(|c| to_action(c, ctx, report, unplaced, depth + 1))
            .collect();
    }
    a
}

/// Appends a continuing fragment to a cell: the first paragraph joins the last one
/// with a space when the sentence was cut (no closing punctuation, and the rest
/// starts in lower case or after a little word); otherwise it starts a new line.
pub fn join_cell(prev: &mut Cell, frag: &Cell) {
    if frag.is_empty() {
        return;
    }
    let mut paras: Vec<Paragraph> = frag
        .paras
        .iter()
        .filter(|p| !p.text.is_empty())
        .cloned()
        .collect();
    if let Some(last) = prev.paras.iter_mut().rev().find(|p| !p.text.is_empty())
        && !paras.is_empty()
        && mid_sentence(&last.text, &paras[0].text)
    {
        let first = paras.remove(0);
        last.text.push(' ');
        last.text.push_str(&first.text);
    }
    prev.paras.extend(paras);
    prev.links.extend(frag.links.iter().cloned());
}

const LITTLE_WORDS: &[&str] = &[
    "to", "the", "of", "and", "or", "in", "on", "for", "with", "a", "an", "if", "by", "at", "from",
    "as", "that", "which", "be", "is", "are", "will", "within", "into", "their", "our", "this",
];

/// Did a paragraph stop in the middle of a sentence that `next` continues?
pub fn mid_sentence(prev: &str, next: &str) -> bool {
    let p = prev.trim_end();
    if p.is_empty() || p.ends_with(['.', '!', '?', ':', ';', '”', '"']) {
        return false;
    }
    let last_word = p
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .to_lowercase();
    next.trim_start().starts_with(|c: char| c.is_lowercase())
        || LITTLE_WORDS.contains(&last_word.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Ctx<'static> {
        Ctx {
            when: WhenContext::with_year(2021),
            known_leads: HashSet::new(),
            legend: &[],
            update_dates: collect_update_dates(&["04.10.2021 - x".into()]),
            glossary: HashSet::new(),
            lead_cache: RefCell::default(),
            history_labels: RefCell::default(),
        }
    }

    #[test]
    fn updates_split_at_dated_segments_only() {
        let c = Cell::text_cell(
            "05.08.2021 – average from 01.04.2021 – 17.13 weeks 07.09.2021 – Open is 11 weeks. 13.09.2021 - Remains",
        );
        let u = updates(&[&c], &ctx());
        assert_eq!(u.len(), 3);
        assert_eq!(u[0].text, "average from 01.04.2021 – 17.13 weeks");
        assert_eq!(u[2].date, NaiveDate::from_ymd_opt(2021, 9, 13));
        let c = Cell::text_cell("In place 04.10.202 - waiting for sign off");
        let u = updates(&[&c], &ctx());
        assert_eq!(u.len(), 2);
        assert_eq!(u[1].date, NaiveDate::from_ymd_opt(2021, 10, 4));
        assert_eq!(u[1].text, "waiting for sign off");
    }

    #[test]
    fn milestone_split() {
        assert_eq!(
            split_milestone("Model agreed. TOM implemented", 2).unwrap(),
            ["Model agreed.", "TOM implemented"]
        );
        assert_eq!(
            split_milestone(
                "Pledge agreed Pledge implemented and monitoring in place",
                2
            )
            .unwrap(),
            [
                "Pledge agreed",
                "Pledge implemented and monitoring in place"
            ]
        );
    }

    #[test]
    fn leads_with_a_comma_of_their_own() {
        assert!(keep_whole("Team Manager, Leaving Care"));
        assert!(keep_whole(
            "Assistant Director, Safeguarding and Family Support"
        ));
        assert!(keep_whole("J. Okafor, Commissioning Manager"));
        assert!(!keep_whole("HoS, TM"));
        assert!(!keep_whole("Early Help Manager, Education Lead"));
        assert!(!keep_whole("Head of Service, Principal Social Worker"));
        assert!(!keep_whole("HoS / PSW"));
        assert_eq!(
            initials_and_bodies("(M.S) CYC (K.McN) CCG").unwrap(),
            ["(M.S) CYC", "(K.McN) CCG"]
        );
        assert_eq!(initials_and_bodies("DM (CIC/CL)"), None);
    }

    #[test]
    fn joins() {
        assert!(mid_sentence("Escalation to", "HoS where"));
        assert!(mid_sentence("or sooner if", "expecting"));
        assert!(!mid_sentence("with each pod.", "By the end"));
    }
}
