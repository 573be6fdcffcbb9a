//! Text pasted (or exported) from Word: table rows are tab-separated lines whose cells
//! keep HTML fragments; body lines keep a little markdown (`#` headings, `**bold**`,
//! `- ` items, `[link](#)`, `*italic*`).

use crate::fragment;
use crate::limits::{Budget, Limit};
use crate::table::{Block, Cell, Document, Paragraph, Row, Table, fold_ws};
use crate::{ImportError, ImportOptions};

/// Reads pasted text into the table model.
///
/// # Errors
/// More rows, cells, paragraphs or text than the limits in `opts`; for rows, the
/// error gives the text's whole count of table lines.
pub fn read(file: &str, text: &str, opts: &ImportOptions) -> Result<Document, ImportError> {
    let mut budget = Budget::new(file, "the text", opts);
    let mut doc = Document::default();
    let mut table: Option<Table> = None;
    let mut gap = false;
    // `lines()` keeps a last line with no newline: plans often end that way.
    let mut lines = text.lines();
    while let Some(raw) = lines.next() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            gap = true;
            continue;
        }
        budget.text(line.len())?;
        if line.contains('\t') {
            if budget.rows(1).is_err() {
                let more = lines.filter(|l| l.contains('\t')).count() as u64;
                let found = budget.rows_used() + more;
                return Err(budget.error(Limit::Rows, Some(found), opts.max_rows));
            }
            budget.cells(line.split('\t').count() as u64)?;
            let mut cells = Vec::new();
            for src in line.split('\t') {
                let c = cell(src);
                budget.paragraphs(c.paras.len() as u64)?;
                cells.push(c);
            }
            let row = Row {
                cells,
                after_break: gap && table.is_some(),
            };
            table.get_or_insert_with(Table::default).rows.push(row);
            gap = false;
            continue;
        }
        if let Some(t) = table.take() {
            doc.blocks.push(Block::Table(t));
        }
        gap = false;
        let paras = body_line(line);
        budget.paragraphs(paras.len() as u64)?;
        doc.blocks.extend(paras.into_iter().map(Block::Paragraph));
    }
    if let Some(t) = table.take() {
        doc.blocks.push(Block::Table(t));
    }
    Ok(doc)
}

fn cell(src: &str) -> Cell {
    Cell {
        paras: fragment::parse(src),
        ..Default::default()
    }
}

/// One body line: a heading, a list item, or a paragraph (several when bold runs are
/// glued together, which is how lost paragraph breaks show up in exports:
/// "…PLAN**AREA FOR IMPROVEMENT I: …****OBJECTIVES:**").
fn body_line(line: &str) -> Vec<Paragraph> {
    let indent = line.len() - line.trim_start().len();
    let mut t = line.trim();
    let mut heading = None;
    let hashes = t.chars().take_while(|&c| c == '#').count();
    if hashes > 0 && hashes <= 6 && t[hashes..].starts_with(' ') {
        heading = Some(hashes as u8);
        t = t[hashes..].trim_start();
    }
    let mut list = None;
    if heading.is_none() {
        for m in ["- ", "* ", "• ", "▪ ", "+ "] {
            if let Some(rest) = t.strip_prefix(m) {
                list = Some(if indent > 0 { 1 } else { 0 });
                t = rest.trim_start();
                break;
            }
        }
    }
    let t = links_to_text(t);
    let mut out = Vec::new();
    for (seg, bold) in bold_segments(&t) {
        let seg = strip_italic(&seg);
        for mut p in fragment::parse(&seg) {
            p.heading = heading;
            p.bold = bold || p.bold;
            if list.is_some() {
                p.list = list;
            }
            out.push(p);
        }
    }
    out
}

/// "[text](target)" → "text". Only the last '[' before a "](" can open the link; and
/// once no "](" or no ')' follows, nothing further is a link: so a line of many '['
/// takes time in its length, not in its square.
fn links_to_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let Some(mid) = rest[open..].find("](").map(|m| open + m) else {
            break;
        };
        let last = rest[open..mid].rfind('[').map_or(open, |l| open + l);
        out.push_str(&rest[..last]);
        rest = &rest[last..];
        let mid = mid - last;
        let Some(close) = rest[mid + 2..].find(')').map(|c| mid + 2 + c) else {
            break;
        };
        out.push_str(&rest[1..mid]);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Splits a line at its `**` markers into (text, bold) segments. A segment boundary
/// that is glued to text on both sides ("PLAN**AREA", "****") is a lost paragraph
/// break, so those segments become separate paragraphs; ordinary inline bold is kept
/// in one paragraph.
fn bold_segments(s: &str) -> Vec<(String, bool)> {
    if !s.contains("**") {
        return vec![(s.to_string(), false)];
    }
    let pieces: Vec<&str> = s.split("**").collect();
    // Balanced markers only: an odd count means stray asterisks, keep the line whole.
    if pieces.len().is_multiple_of(2) {
        return vec![(s.to_string(), false)];
    }
    let nonempty: Vec<usize> = (0..pieces.len())
        .filter(|&i| !pieces[i].trim().is_empty())
        .collect();
    let glued_pair = |l: &str, r: &str| {
        !l.is_empty()
            && !r.is_empty()
            && !l.ends_with(char::is_whitespace)
            // a capital after the marker starts a new paragraph; "**bold**." does not
            && r.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
    };
    let split = nonempty.len() > 1
        && ((0..pieces.len() - 1).any(|k| glued_pair(pieces[k], pieces[k + 1]))
            || (1..pieces.len() - 1)
                .any(|k| pieces[k].is_empty() && glued_pair(pieces[k - 1], pieces[k + 1])));
    if split {
        pieces
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.trim().is_empty())
            .map(|(i, p)| (fold_ws(p), i % 2 == 1))
            .collect()
    } else {
        let joined: String = pieces.concat();
        let all_bold = nonempty.iter().all(|&i| i % 2 == 1);
        vec![(joined, all_bold)]
    }
}

/// Removes `*italic*` markers (single asterisks around text).
fn strip_italic(s: &str) -> String {
    if !s.contains('*') {
        return s.to_string();
    }
    let n = s.matches('*').count();
    if !n.is_multiple_of(2) {
        return s.to_string();
    }
    s.replace('*', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Document {
        super::read("plan.txt", text, &ImportOptions::default()).expect("within the limits")
    }

    fn paras(doc: &Document) -> Vec<String> {
        doc.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p.text.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn glued_bold_runs_are_paragraphs() {
        let d = read("HEADER**AREA FOR IMPROVEMENT I: Title****OBJECTIVES:**\n");
        assert_eq!(
            paras(&d),
            vec!["HEADER", "AREA FOR IMPROVEMENT I: Title", "OBJECTIVES:"]
        );
        let d = read("**The quality of it.**\n");
        assert_eq!(paras(&d), vec!["The quality of it."]);
        match &d.blocks[0] {
            Block::Paragraph(p) => assert!(p.bold),
            _ => panic!(),
        }
    }

    #[test]
    fn last_line_without_newline_is_kept_and_breaks_marked() {
        let d = read("A\tB\n\nc\td");
        let Block::Table(t) = &d.blocks[0] else {
            panic!()
        };
        assert_eq!(t.rows.len(), 2);
        assert!(t.rows[1].after_break);
    }

    #[test]
    fn links_become_their_text() {
        for (line, text) in [
            ("a [b](c) d", "a b d"),
            ("[[x](y)", "[x"),
            ("[a[b](c)", "[ab"),
            ("[a](b", "[a](b"),
            ("x](y) [z", "x](y) [z"),
            ("[](x)[y](z)", "y"),
        ] {
            assert_eq!(links_to_text(line), text, "{line}");
        }
    }

    #[test]
    fn links_and_italics() {
        let d = read("Link to - [Report](#) dates\n*'quote'*, after\n");
        assert_eq!(paras(&d), vec!["Link to - Report dates", "'quote', after"]);
    }
}
