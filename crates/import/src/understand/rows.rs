//! Action-table rows: header rows (and their repeats at page breaks), banner rows
//! that head a section, rows split over a page break, continuation rows that belong
//! to the action above, and the rows that are actions.

use super::areas;
use super::columns;
use super::fields::{Record, join_cell};
use super::headers::{Header, Role, header_of, is_ref_like, settle_from_data};
use super::reading::RowClass;
use super::tables::{self, Kind};
use super::under;
use super::{Builder, Next};
use crate::report::Concern;
use crate::table::{Row, Table, fold_ws};

fn row_text(row: &Row) -> String {
    let parts: Vec<String> = row
        .cells
        .iter()
        .map(|c| c.text())
        .filter(|t| !t.trim().is_empty())
        .collect();
    parts.join(" ")
}

fn is_separator(row: &Row) -> bool {
    row.cells
        .iter()
        .map(|c| c.text())
        .filter(|t| !t.trim().is_empty())
        .all(|t| {
            t.chars()
                .all(|c| c == '-' || c == '–' || c == '—' || c.is_whitespace())
        })
}

/// Reads one table into the builder.
pub(crate) fn table(b: &mut Builder, t: &Table) {
    // Each row read as a header once (a wide table makes this the costly part).
    let forced = b.corrections.header_row(b.table_no);
    let heads: Vec<Option<Header>> = match forced {
        // A person said which row is the header: that row only, read however weakly.
        Some(at) if at < t.rows.len() => (0..t.rows.len())
            .map(|i| {
                (i == at).then(|| header_of(&t.rows[i]).unwrap_or_else(|| loose_header(&t.rows[i])))
            })
            .collect(),
        _ => t.rows.iter().map(header_of).collect(),
    };
    let header_at = heads
        .iter()
        .take(8)
        .position(Option::is_some)
        .or_else(|| heads.iter().position(Option::is_some));
    if header_at.is_none()
        && let Some(kind) = tables::classify(t)
    {
        b.flush_held(Next::Other);
        match kind {
            Kind::Legend(defs) => b.legend = defs,
            Kind::Glossary(g) => b.glossary.extend(g),
            Kind::Judgements(j) => b.judgements.extend(j),
        }
        return;
    }
    // A table with no header of its own continues the last action table when it is
    // as wide (Word splits a long table at page breaks without repeating headings).
    let carried = header_at.is_none()
        && b.header.as_ref().is_some_and(|h| {
            let w = t.rows.iter().map(Row::width).max().unwrap_or(0);
            w + 1 >= h.width() && w <= h.width() + 1
        });
    if header_at.is_none() && !carried {
        b.flush_held(Next::Other);
        // A workbook's first sheet that is not a plan table (a summary of counts) may
        // still carry the plan's title on its first line.
        if b.title.is_none()
            && b.action_tables == 0
            && let Some(first) = t.rows.iter().find(|r| r.filled() > 0)
            && first.filled() == 1
        {
            let text = row_text(first);
            if text.chars().count() <= 150 && !areas::is_furniture(&text) {
                b.title = Some(text);
            }
        }
        for (i, row) in t.rows.iter().enumerate() {
            let text = row
                .cells
                .iter()
                .map(|c| c.text().replace('\n', " "))
                .filter(|s| !s.trim().is_empty())
                .collect::<Vec<_>>()
                .join(" | ");
            b.note_row(i, RowClass::Other, 0.7, text.clone());
            if !text.is_empty() {
                b.report.note(
                    Concern::UnplacedText,
                    format!("table {}, row {}", b.table_no, i + 1),
                    &text,
                );
                b.narrative.push(text);
            }
        }
        return;
    }
    let upcoming = match header_at {
        Some(i) => heads[i].clone().expect("checked"),
        None => b.header.clone().expect("carried"),
    };
    b.flush_held(Next::Actions {
        area_column: upcoming.has(Role::Area),
    });
    b.action_tables += 1;

    let rows = &t.rows;
    let mut skip = vec![false; rows.len()];
    let mut break_pending = true;
    for i in 0..rows.len() {
        let row = &rows[i];
        if row.after_break {
            break_pending = true;
        }
        if row.filled() == 0 || is_separator(row) {
            continue;
        }
        if skip[i] {
            continue;
        }
        // A person's correction of what this row is comes before any reading of it.
        if let Some(class) = b.corrections.row_class(b.table_no, i)
            && class != RowClass::Header
            && heads[i].is_none()
        {
            let header = b.header.clone().unwrap_or_else(|| upcoming.clone());
            corrected_row(b, row, i, class, &header);
            break_pending = false;
            continue;
        }
        if let Some(mut h) = heads[i].clone() {
            // The rows under a header that are not data: sub-headings, then guidance.
            let mut j = i + 1;
            while j < rows.len() && rows[j].filled() == 0 {
                j += 1;
            }
            if j < rows.len() && heads[j].is_none() && under::sub_header(&rows[j], &h) {
                under::merge_sub_header(&mut h, &rows[i], &rows[j]);
                b.reading_row(i, j, RowClass::Header, 0.8);
                skip[j] = true;
                j += 1;
                while j < rows.len() && rows[j].filled() == 0 {
                    j += 1;
                }
            }
            if j < rows.len() && heads[j].is_none() && under::guidance(&rows[j]) {
                let text = row_text(&rows[j]);
                b.report.note(
                    Concern::UnplacedText,
                    format!(
                        "table {}, row {} (guidance under the header)",
                        b.table_no,
                        j + 1
                    ),
                    &text,
                );
                b.reading_row(i, j, RowClass::Guidance, 0.8);
                skip[j] = true;
            }
            let data: Vec<&Row> = rows[i + 1..]
                .iter()
                .zip(&heads[i + 1..])
                .zip(&skip[i + 1..])
                .take_while(|((_, h), _)| h.is_none())
                .filter(|(_, s)| !**s)
                .map(|((r, _), _)| r)
                .take(40)
                .collect();
            // The same header again (one table per area, a header repeated at a page
            // break): read its columns as they were read the first time, when that
            // table had more rows to judge by.
            let same_as_before = b.header.as_ref().filter(|p| {
                p.width() == h.width()
                    && p.names.iter().zip(&h.names).all(|(a, c)| {
                        super::headers::norm(a) == super::headers::norm(c)
                            || a.starts_with(c.as_str())
                    })
            });
            if let Some(prev) = same_as_before {
                h = prev.clone();
            } else {
                settle_from_data(&mut h, &data);
                columns::settle_from_content(&mut h, &data);
                columns::what_over_how(&mut h, &data);
            }
            b.corrections.apply_columns(b.table_no, &mut h);
            b.reading_header(i, &h);
            if let Some(c) = h.col(Role::Status) {
                let n = h.names[c].to_lowercase();
                if n.contains("brag") {
                    b.scheme_hint = Some("BRAG");
                } else if n.contains("rag") {
                    b.scheme_hint = Some("RAG");
                }
            }
            b.header = Some(h);
            break_pending = true;
            continue;
        }
        // Rows above the first header: the plan's title, then section banners.
        if header_at.is_some_and(|h| i < h) {
            let text = row_text(row);
            if areas::is_furniture(&text) {
                b.note_row(i, RowClass::Furniture, 0.9, text.clone());
                b.narrative.push(text);
            } else if b.title.is_none() {
                b.note_row(i, RowClass::Other, 0.7, text.clone());
                b.title = Some(text);
            } else {
                b.note_row(i, RowClass::Banner, 0.7, text.clone());
                banner(b, text, &upcoming);
            }
            continue;
        }
        let header = b.header.clone().unwrap_or_else(|| upcoming.clone());
        let next_is_header = (i + 1..rows.len())
            .find(|&j| rows[j].filled() > 0)
            .is_some_and(|j| heads[j].is_some());
        if is_banner(row, &header, next_is_header) {
            let text = row_text(row);
            if areas::is_furniture(&text) {
                b.note_row(i, RowClass::Furniture, 0.85, text.clone());
                b.narrative_here_pub(text);
                continue;
            }
            b.note_row(i, RowClass::Banner, 0.8, text.clone());
            banner(b, text, &header);
            continue;
        }
        let rec = Record {
            cells: align(row, &header),
            children: Vec::new(),
            location: format!("table {}, row {}", b.table_no, i + 1),
        };
        if break_pending && is_fragment(b, &rec, &header) {
            b.note_row(i, RowClass::Continuation, 0.6, row_text(row));
            b.report
                .note(Concern::JoinedRow, &rec.location, row_text(row));
            if let (Some(i), Some(a)) = (b.report.items.last_mut(), b.areas.last()) {
                i.area = Some(super::area_label(&a.area));
            }
            join_fragment(b, rec);
            continue;
        }
        break_pending = false;
        let text = row_text(row);
        // An action row with nothing beside its words (no lead, date or status) may be a
        // note or an instruction: a row for the person to look at.
        let bare = row.filled() <= 2;
        let class = data_row(b, rec, &header);
        let confidence = match class {
            RowClass::Action if bare => 0.6,
            RowClass::Action => 0.9,
            RowClass::SubAction => 0.8,
            RowClass::Continuation => 0.7,
            _ => 0.6,
        };
        b.note_row(i, class, confidence, text);
    }
}

/// A header a person named: each cell's role as its words say, however few.
fn loose_header(row: &Row) -> Header {
    let width = row.width();
    let mut h = Header {
        roles: vec![None; width],
        names: vec![String::new(); width],
        confidence: vec![0.0; width],
        reasons: vec![None; width],
        rows: 1,
    };
    for (col, cell) in row.grid() {
        let text = fold_ws(&cell.text());
        h.roles[col] = super::headers::role_of(&text);
        h.confidence[col] = if h.roles[col].is_some() { 0.9 } else { 0.3 };
        h.names[col] = text;
    }
    h
}

/// A row whose class a person gave.
fn corrected_row(b: &mut Builder, row: &Row, i: usize, class: RowClass, header: &Header) {
    let text = row_text(row);
    b.note_row(i, class, 1.0, text.clone());
    let rec = Record {
        cells: align(row, header),
        children: Vec::new(),
        location: format!("table {}, row {}", b.table_no, i + 1),
    };
    match class {
        RowClass::Banner => banner(b, text, header),
        RowClass::Area => {
            match areas::explicit_area(&text).or_else(|| areas::numbered_title(&text)) {
                Some((r, t)) => b.open_area(Some(r), t),
                None => b.open_area(None, text),
            }
        }
        RowClass::Action => {
            let area = b.area_for_rows();
            area.records.push(rec);
        }
        RowClass::SubAction | RowClass::Continuation => {
            let area = b.area_for_rows();
            match area.records.last_mut() {
                Some(parent) => parent.children.push(rec),
                None => area.records.push(rec),
            }
        }
        RowClass::Guidance | RowClass::Other => b.narrative.push(text),
        RowClass::Furniture | RowClass::Empty | RowClass::Header => {}
    }
}

/// A section heading written as a row: one filled cell at the left, before a repeated
/// header or spanning the table.
fn is_banner(row: &Row, header: &Header, next_is_header: bool) -> bool {
    if row.filled() != 1 || header.width() < 3 {
        return false;
    }
    let grid = row.grid();
    let Some((col, cell)) = grid.iter().find(|(_, c)| !c.is_empty()) else {
        return false;
    };
    *col == 0 && (next_is_header || cell.span as usize + 1 >= header.width())
}

fn banner(b: &mut Builder, text: String, header: &Header) {
    if !header.has(Role::Area) {
        b.drop_guessed_area();
    }
    if header.has(Role::Area) {
        b.set_group(text);
    } else if let Some((r, t)) =
        areas::explicit_area(&text).or_else(|| areas::numbered_title(&text))
    {
        b.open_area(Some(r), t);
    } else if areas::is_group(&text) || areas::is_capitals(&text) {
        // A banner in capitals ("BE HEALTHY", "STAY SAFE  CAMHS AMBER") heads the
        // numbered areas under it.
        b.set_group(text);
    } else {
        b.open_area(None, text);
    }
}

/// Each cell with the role of the column it starts in. A row short of cells whose
/// first cell is prose where the header has a reference column lost its empty
/// leading cell in the export, so it is moved one column right.
fn align(row: &Row, header: &Header) -> Vec<(Option<Role>, String, crate::table::Cell)> {
    let mut shift = 0;
    if row.width() < header.width()
        && header.roles.first() == Some(&Some(Role::Ref))
        && let Some(c0) = row.cells.first()
    {
        let t = c0.text();
        if !c0.is_empty() && !is_ref_like(&t) && t.chars().count() > 15 {
            shift = 1;
        }
    }
    row.grid()
        .into_iter()
        .map(|(col, cell)| {
            let col = col + shift;
            let role = header.roles.get(col).copied().flatten();
            let name = header.names.get(col).cloned().unwrap_or_default();
            (role, name, cell.clone())
        })
        .collect()
}

/// The rest of the row above, split off by a page break: nothing in it says which
/// row it is (no ref, lead, date, status or area).
fn is_fragment(b: &Builder, rec: &Record, header: &Header) -> bool {
    let Some(area) = b.areas.last() else {
        return false;
    };
    let Some(prev) = area.records.last() else {
        return false;
    };
    let ids: Vec<Role> = header
        .roles
        .iter()
        .flatten()
        .copied()
        .filter(|r| r.identifies())
        .collect();
    if ids.iter().any(|r| rec.filled(*r)) {
        return false;
    }
    if !ids.is_empty() {
        return true;
    }
    let filled: Vec<_> = rec.cells.iter().filter(|(_, _, c)| !c.is_empty()).collect();
    if filled.len() != 1 {
        return false;
    }
    let (role, _, cell) = filled[0];
    let target = prev.children.last().unwrap_or(prev);
    let before = target
        .cells
        .iter()
        .filter(|(r, _, _)| r == role)
        .map(|(_, _, c)| c.text())
        .next_back()
        .unwrap_or_default();
    super::fields::mid_sentence(&before, &cell.text())
}

fn join_fragment(b: &mut Builder, frag: Record) {
    let Some(area) = b.areas.last_mut() else {
        return;
    };
    let Some(prev) = area.records.last_mut() else {
        return;
    };
    let target = match prev.children.last_mut() {
        Some(c) => c,
        None => prev,
    };
    for (role, name, cell) in frag.cells {
        if cell.is_empty() {
            continue;
        }
        match target
            .cells
            .iter_mut()
            .find(|(r, n, _)| *r == role && *n == name)
        {
            Some((_, _, c)) => join_cell(c, &cell),
            None => target.cells.push((role, name, cell)),
        }
    }
}

fn data_row(b: &mut Builder, mut rec: Record, header: &Header) -> RowClass {
    let mut opened = false;
    if header.has(Role::Area) {
        let t = fold_ws(&rec.text(Role::Area).replace('\n', " "));
        if !t.is_empty() {
            // A bare number before the title stays in it here, as the shared plan-004
            // reads "5. Explore provision…" in its recommendations column.
            let (r, title) = match areas::explicit_area(&t) {
                Some((r, title)) => (Some(r), title),
                None => (None, t),
            };
            // A column of the inspection report's paragraphs beside the area ("17. (57,
            // 138)"): its main paragraph numbers the area.
            let r = r.or_else(|| {
                rec.cells
                    .iter()
                    .filter(|(role, _, _)| role.is_none())
                    .find_map(|(_, _, c)| areas::paragraph_ref(&c.text()))
            });
            let group = b.group.clone();
            // The same recommendation written again on the next rows continues it.
            let same = b.areas.last().is_some_and(|a| {
                fold_ws(&a.area.title) == fold_ws(&title) && a.area.group == group
            });
            if !same {
                b.open_area(r, title);
                opened = true;
            }
        }
        rec.cells.retain(|(r, _, _)| *r != Some(Role::Area));
        rec.cells
            .retain(|(r, _, c)| r.is_some() || areas::paragraph_ref(&c.text()).is_none());
    }
    // A "What" that heads the "How" rows under it.
    if header.has(Role::Parent) {
        let parent_text = rec.text(Role::Parent);
        let parent_cell = rec
            .cells
            .iter()
            .find(|(r, _, _)| *r == Some(Role::Parent))
            .map(|(_, n, c)| (n.clone(), c.clone()));
        rec.cells.retain(|(r, _, _)| *r != Some(Role::Parent));
        let area = b.area_for_rows();
        if !parent_text.trim().is_empty()
            && let Some((name, cell)) = parent_cell
        {
            area.records.push(Record {
                cells: vec![(Some(Role::Action), name, cell)],
                children: Vec::new(),
                location: rec.location.clone(),
            });
        }
        match area.records.last_mut() {
            Some(parent) => parent.children.push(rec),
            None => area.records.push(rec),
        }
        return RowClass::SubAction;
    }
    let action_empty = rec.text(Role::Action).trim().is_empty();
    let others = rec
        .cells
        .iter()
        .any(|(_, _, c)| !c.is_empty() || c.fill.is_some());
    if !others {
        return if opened {
            RowClass::Area
        } else {
            RowClass::Empty
        };
    }
    let location = rec.location.clone();
    let area = b.area_for_rows();
    let label = super::area_label(&area.area);
    if action_empty
        && header.has(Role::Action)
        && let Some(parent) = area.records.last_mut()
    {
        let above = parent
            .opt(Role::Ref)
            .map(|r| format!("action {}", r.trim()))
            .unwrap_or_else(|| format!("the action in {}", parent.location));
        let text = rec
            .cells
            .iter()
            .map(|(_, _, c)| c.text().replace('\n', " "))
            .filter(|t| !t.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" | ");
        parent.children.push(rec);
        b.report.note(
            Concern::ContinuationRow,
            format!("{location}, under {above}"),
            text,
        );
        if let Some(i) = b.report.items.last_mut() {
            i.area = Some(label);
        }
        return RowClass::Continuation;
    }
    // Sub-actions numbered inside one cell: each its own action.
    if let Some(parts) = super::subactions::split(&rec) {
        let n = parts.len();
        b.report.note(
            Concern::SplitRow,
            &location,
            format!("{n} numbered sub-actions in one cell, read as {n} actions"),
        );
        if let Some(i) = b.report.items.last_mut() {
            i.area = Some(label);
        }
        let area = b.area_for_rows();
        area.records.extend(parts);
        return RowClass::Action;
    }
    // "1.2.1" under "1.2": a ref that extends the one above by a segment is a sub-action.
    if let Some(r) = rec.opt(Role::Ref) {
        let r = r.trim().trim_end_matches('.').to_string();
        if let Some(parent) = area.records.last_mut() {
            let mut node = parent;
            loop {
                let pref = node
                    .opt(Role::Ref)
                    .map(|p| p.trim().trim_end_matches('.').to_string());
                let extends = pref.as_deref().is_some_and(|p| {
                    r.len() > p.len() + 1
                        && r.starts_with(p)
                        && r[p.len()..].starts_with('.')
                        && !r[p.len() + 1..].contains('.')
                });
                if extends {
                    node.children.push(rec);
                    return RowClass::SubAction;
                }
                let nests_deeper = pref
                    .as_deref()
                    .is_some_and(|p| r.starts_with(&format!("{p}.")));
                match node.children.last_mut() {
                    Some(child) if nests_deeper => node = child,
                    _ => break,
                }
            }
        }
    }
    area.records.push(rec);
    RowClass::Action
}
