//! Sub-actions numbered inside one cell ("1. …", "2. …" or "(A) …", "(B) …"): each
//! becomes its own action. The cells beside them that hold one paragraph per
//! sub-action (lead, timescale, progress) are paired with them line by line; a cell
//! with one value (or any other count) is shared by all.

use std::sync::LazyLock;

use regex::Regex;

use super::fields::Record;
use super::headers::Role;
use crate::table::{Cell, Paragraph};

static MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\(([0-9]{1,2}|[A-Za-z])\)|([0-9]{1,2}|[A-Za-z])[.)])\s+(\S.*)$")
        .expect("mark")
});

/// The label and text of a numbered paragraph.
fn marked(p: &str) -> Option<(String, String)> {
    let c = MARK.captures(p)?;
    let label = c.get(1).or_else(|| c.get(2))?.as_str().to_string();
    Some((label, c[3].trim().to_string()))
}

/// The n-th label of a sequence that starts like `first` ("1", "A", "a").
fn nth_label(first: &str, n: usize) -> Option<String> {
    if let Ok(k) = first.parse::<usize>() {
        return Some((k + n).to_string());
    }
    let c = first.chars().next()?;
    let base = c as u32 + n as u32;
    char::from_u32(base)
        .filter(|x| x.is_ascii_alphabetic() && (x.is_ascii_uppercase() == c.is_ascii_uppercase()))
        .map(String::from)
}

/// Splits a row whose action cell is a numbered sequence of two or more paragraphs
/// (1, 2, 3 … or A, B, C …, every paragraph numbered, in order).
pub fn split(rec: &Record) -> Option<Vec<Record>> {
    let (ai, action) = rec
        .cells
        .iter()
        .enumerate()
        .find(|(_, (r, _, c))| *r == Some(Role::Action) && !c.is_empty())
        .map(|(i, (_, _, c))| (i, c))?;
    let paras: Vec<&Paragraph> = action
        .paras
        .iter()
        .filter(|p| !p.text.trim().is_empty())
        .collect();
    if paras.len() < 2 || paras.len() > 26 {
        return None;
    }
    let items: Vec<(String, String)> = paras
        .iter()
        .map(|p| marked(&p.text))
        .collect::<Option<_>>()?;
    let first = &items[0].0;
    if !(first == "1" || first.eq_ignore_ascii_case("a")) {
        return None;
    }
    for (k, (label, _)) in items.iter().enumerate() {
        if nth_label(first, k).as_deref() != Some(label.as_str()) {
            return None;
        }
    }
    let n = items.len();
    let row_ref = rec
        .opt(Role::Ref)
        .map(|r| r.trim().trim_end_matches(['.', ':']).to_string())
        .filter(|r| !r.is_empty());
    let mut out = Vec::with_capacity(n);
    for (k, (label, text)) in items.iter().enumerate() {
        let mut cells = Vec::with_capacity(rec.cells.len() + 1);
        let r = match &row_ref {
            Some(r) => format!("{r}.{label}"),
            None => label.clone(),
        };
        for (ci, (role, name, cell)) in rec.cells.iter().enumerate() {
            let c = if ci == ai {
                Cell::text_cell(text)
            } else if *role == Some(Role::Ref) {
                Cell::text_cell(&r)
            } else {
                paired(cell, k, n)
            };
            cells.push((*role, name.clone(), c));
        }
        if row_ref.is_none() {
            cells.push((Some(Role::Ref), String::new(), Cell::text_cell(&r)));
        }
        out.push(Record {
            cells,
            children: Vec::new(),
            location: format!("{}, sub-action {label}", rec.location),
        });
    }
    Some(out)
}

/// The k-th of n paragraphs when the cell holds exactly n, else the whole cell.
fn paired(cell: &Cell, k: usize, n: usize) -> Cell {
    let paras: Vec<&Paragraph> = cell
        .paras
        .iter()
        .filter(|p| !p.text.trim().is_empty())
        .collect();
    if paras.len() == n {
        let mut c = cell.clone();
        c.paras = vec![paras[k].clone()];
        c
    } else {
        cell.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(lines: &[&str]) -> Cell {
        let mut c = Cell::default();
        for l in lines {
            c.paras.push(Paragraph::plain(*l));
        }
        c
    }

    #[test]
    fn numbered_cells_split_and_pair() {
        let rec = Record {
            cells: vec![
                (Some(Role::Ref), "No.".into(), cell(&["2"])),
                (
                    Some(Role::Action),
                    "Actions".into(),
                    cell(&["(A) Use the form", "(B) Offer an advocate"]),
                ),
                (Some(Role::Lead), "Lead".into(), cell(&["IRO Manager"])),
                (
                    Some(Role::Due),
                    "Timescale".into(),
                    cell(&["May 2025", "June 2025"]),
                ),
            ],
            children: Vec::new(),
            location: "table 1, row 2".into(),
        };
        let parts = split(&rec).expect("splits");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[1].text(Role::Action), "Offer an advocate");
        assert_eq!(parts[1].text(Role::Ref), "2.B");
        assert_eq!(parts[1].text(Role::Lead), "IRO Manager");
        assert_eq!(parts[1].text(Role::Due), "June 2025");
    }

    #[test]
    fn prose_and_broken_sequences_stay_whole() {
        for lines in [
            &["Agree the form", "Offer an advocate"][..],
            &["1. Agree the form", "3. Offer an advocate"][..],
            &["1. Agree the form"][..],
            &["1. Agree the form", "Then offer an advocate"][..],
        ] {
            let rec = Record {
                cells: vec![(Some(Role::Action), "Action".into(), cell(lines))],
                children: Vec::new(),
                location: String::new(),
            };
            assert!(split(&rec).is_none(), "{lines:?}");
        }
    }
}
