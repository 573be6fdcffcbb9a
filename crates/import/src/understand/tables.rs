//! Tables that are not action tables but say something about the plan: the status
//! legend, the glossary of abbreviations, and the inspection's judgements.

use assure_domain::{GlossaryEntry, Judgement, Meaning, StatusDef};

use super::headers::norm;
use super::status::colour_name;
use crate::table::{Row, Table};
use assure_domain::status::{meaning_of_description, meaning_of_label};

/// What a non-action table is.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Legend(Vec<StatusDef>),
    Glossary(Vec<GlossaryEntry>),
    Judgements(Vec<Judgement>),
}

fn texts(row: &Row) -> Vec<String> {
    row.cells.iter().map(|c| c.text()).collect()
}

const GRADES: &[&str] = &[
    "outstanding",
    "good",
    "requires improvement",
    "requires improvement to be good",
    "inadequate",
];

fn is_grade(s: &str) -> bool {
    let n = norm(s);
    GRADES.iter().any(|g| n == *g) || n.starts_with("requires improvement")
}

/// Reads a table as a legend, glossary or judgement table, if it is one.
pub fn classify(t: &Table) -> Option<Kind> {
    let rows: Vec<&Row> = t.rows.iter().filter(|r| r.filled() > 0).collect();
    let first = rows.first()?;
    let head: Vec<String> = texts(first).iter().map(|s| norm(s)).collect();
    let has = |words: &[&str]| {
        head.iter().position(|h| {
            words
                .iter()
                .any(|w| h == w || h.starts_with(&format!("{w} ")))
        })
    };

    // Glossary: a column of abbreviations.
    if let Some(abbr) = has(&[
        "abbreviation",
        "abbreviations",
        "acronym",
        "acronyms",
        "initials",
        "abbr",
        "term",
    ]) {
        let name = head.iter().position(|h| {
            h == "name"
                || h.ends_with(" name")
                || h == "person"
                || h == "officer"
                || h == "post holder"
        });
        let title = head.iter().enumerate().position(|(i, h)| {
            i != abbr
                && Some(i) != name
                && [
                    "title",
                    "role",
                    "meaning",
                    "description",
                    "stands for",
                    "definition",
                    "full",
                    "job",
                    "position",
                    "post",
                    "full title",
                ]
                .iter()
                .any(|w| h.starts_with(w))
        });
        let title = title.or_else(|| (0..head.len()).find(|&i| i != abbr && Some(i) != name));
        let entries = rows[1..]
            .iter()
            .filter_map(|r| {
                let c = texts(r);
                let a = c.get(abbr)?.trim().to_string();
                if a.is_empty() {
                    return None;
                }
                let get = |i: Option<usize>| {
                    i.and_then(|i| c.get(i))
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                };
                Some(GlossaryEntry {
                    abbreviation: a,
                    title: get(title),
                    name: get(name),
                })
            })
            .collect();
        return Some(Kind::Glossary(entries));
    }

    // Judgements: "Judgement | Grade", or rows whose second cell is an Ofsted grade.
    let grade_rows = rows
        .iter()
        .filter(|r| texts(r).iter().skip(1).any(|c| is_grade(c)))
        .count();
    let judgement_head = has(&["judgement", "judgements", "judgment", "area"]).is_some()
        && has(&["grade", "judgement", "rating", "outcome"]).is_some();
    if (judgement_head && grade_rows >= 1) || (grade_rows >= 2 && grade_rows + 1 >= rows.len()) {
        let skip = usize::from(!texts(first).iter().skip(1).any(|c| is_grade(c)));
        let judgements = rows[skip..]
            .iter()
            .filter_map(|r| {
                let c: Vec<String> = texts(r)
                    .into_iter()
                    .filter(|s| !s.trim().is_empty())
                    .collect();
                (c.len() >= 2).then(|| Judgement {
                    area: c[0].clone(),
                    grade: c[1].clone(),
                })
            })
            .collect();
        return Some(Kind::Judgements(judgements));
    }

    // Legend: rows of a short label (a symbol, a colour, or a coloured cell) and a
    // description, in a narrow table.
    if t.rows.iter().all(|r| r.width() <= 3) {
        let mut defs = Vec::new();
        for r in &rows {
            if let Some(d) = legend_row(r) {
                defs.push(d);
            }
        }
        let head_says = head.iter().any(|h| {
            h.contains("status") || h.contains("rag") || h == "key" || h.contains("legend")
        });
        if defs.len() >= 2 && (head_says || defs.len() + 1 >= rows.len()) {
            return Some(Kind::Legend(defs));
        }
    }
    None
}

fn legend_row(r: &Row) -> Option<StatusDef> {
    let cells: Vec<(String, Option<String>)> = r
        .cells
        .iter()
        .map(|c| (crate::table::fold_ws(&c.text()), c.fill.clone()))
        .collect();
    let is_label = |s: &str| {
        let n = s.chars().count();
        (1..=3).contains(&n) || meaning_of_label(s).is_some() && n <= 12
    };
    // the label cell: short text, or an empty coloured cell
    let (li, label) = cells.iter().enumerate().find_map(|(i, (t, fill))| {
        if !t.is_empty() && is_label(t) {
            Some((i, t.clone()))
        } else if t.is_empty() {
            fill.as_deref()
                .and_then(colour_name)
                .map(|c| (i, c.to_string()))
        } else {
            None
        }
    })?;
    let desc = cells
        .iter()
        .enumerate()
        .find(|(i, (t, _))| *i != li && !t.is_empty())
        .map(|(_, (t, _))| t.clone());
    let meaning = match &desc {
        Some(d) => meaning_of_description(d).or_else(|| meaning_of_label(&label)),
        None => meaning_of_label(&label),
    }?;
    Some(StatusDef {
        label,
        meaning,
        description: desc,
    })
}

/// The meaning of a status value under a declared legend.
pub fn meaning_in(legend: &[StatusDef], label: &str) -> Option<Meaning> {
    let exact = legend.iter().find(|d| d.label.trim() == label.trim());
    let l = norm(label);
    exact
        .or_else(|| legend.iter().find(|d| !l.is_empty() && norm(&d.label) == l))
        .map(|d| d.meaning)
}
