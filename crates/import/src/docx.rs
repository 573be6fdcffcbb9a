//! Word .docx: `word/document.xml` walked with quick-xml into the table model.
//!
//! Tables are read as a grid: a cell covers `gridSpan` columns, a row may start after
//! `gridBefore` empty columns, `vMerge` marks cells covered by the cell above (they
//! stay empty here, as in the text Word exports). Content controls (`w:sdt`),
//! `w:customXml` and inserted text (`w:ins`) are read through; deleted text
//! (`w:del`, `w:moveFrom`) is dropped. Nested tables are flattened into the cell that
//! holds them, so their text is kept without recursion. Hyperlink targets come from
//! the relationships part.

use std::collections::{HashMap, HashSet};

use quick_xml::events::{BytesStart, Event};

use crate::fragment;
use crate::limits::Budget;
use crate::table::{Block, Cell, Document, Paragraph, Row, Table, VMerge};
use crate::zipread::{Package, XmlPart};
use crate::{ImportError, ImportOptions};

/// Reads a .docx into the table model.
///
/// # Errors
/// A damaged package, a missing document part, the expansion limit, or more rows,
/// cells, paragraphs or text than the limits in `opts`.
pub fn read(file: &str, bytes: &[u8], opts: &ImportOptions) -> Result<Document, ImportError> {
    let mut pkg = Package::open(file, "Word", bytes, opts)?;
    if !pkg.has("word/document.xml") {
        return Err(pkg.corrupt("it has no word/document.xml"));
    }
    let mut budget = Budget::new(file, "the document", opts);
    let rels = match pkg.xml("word/_rels/document.xml.rels")? {
        Some(mut part) => relationships(&mut part, &mut budget)?,
        None => HashMap::new(),
    };
    let styles = match pkg.xml("word/styles.xml")? {
        Some(mut part) => heading_styles(&mut part, &mut budget)?,
        None => HashMap::new(),
    };
    let missing = pkg.corrupt("it has no word/document.xml");
    match pkg.xml("word/document.xml")? {
        Some(mut body) => walk(&mut body, &rels, &styles, &mut budget),
        None => Err(missing),
    }
}

/// The next event of a part read only for what it adds (relationships, styles): a
/// damaged one ends early (`None`) instead of failing the import, but the limits hold.
fn next_lenient<'e>(part: &'e mut XmlPart<'_, '_>) -> Result<Option<Event<'e>>, ImportError> {
    match part.event() {
        Ok(Event::Eof) | Err(ImportError::Corrupt { .. }) => Ok(None),
        Ok(ev) => Ok(Some(ev)),
        Err(e) => Err(e),
    }
}

fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.local_name();
        let k: &str = key.as_ref();
        (k == local).then(|| fragment::decode_entities(&a.value))
    })
}

fn local(e: &BytesStart) -> String {
    let n = e.local_name();
    let s: &str = n.as_ref();
    s.to_string()
}

/// rId → target. What is kept counts as text: a relationships part can be huge too.
fn relationships(
    part: &mut XmlPart<'_, '_>,
    budget: &mut Budget,
) -> Result<HashMap<String, String>, ImportError> {
    let mut map = HashMap::new();
    while let Some(ev) = next_lenient(part)? {
        match ev {
            Event::Start(e) | Event::Empty(e) if local(&e) == "Relationship" => {
                if let (Some(id), Some(t)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    budget.text(id.len() + t.len())?;
                    map.insert(id, t);
                }
            }
            _ => {}
        }
    }
    Ok(map)
}

/// styleId → heading level (0 = Title).
fn heading_styles(
    part: &mut XmlPart<'_, '_>,
    budget: &mut Budget,
) -> Result<HashMap<String, u8>, ImportError> {
    let mut names: HashMap<String, (String, Option<String>, Option<u8>)> = HashMap::new();
    let mut cur: Option<String> = None;
    while let Some(ev) = next_lenient(part)? {
        match ev {
            Event::Start(e) | Event::Empty(e) => match local(&e).as_str() {
                "style" => {
                    cur = attr(&e, "styleId");
                    if let Some(id) = &cur {
                        budget.text(id.len())?;
                        names.insert(id.clone(), (String::new(), None, None));
                    }
                }
                "name" => {
                    if let Some(s) = cur.as_ref().and_then(|id| names.get_mut(id)) {
                        s.0 = attr(&e, "val").unwrap_or_default().to_lowercase();
                        budget.text(s.0.len())?;
                    }
                }
                "basedOn" => {
                    if let Some(s) = cur.as_ref().and_then(|id| names.get_mut(id)) {
                        s.1 = attr(&e, "val");
                        budget.text(s.1.as_ref().map_or(0, String::len))?;
                    }
                }
                "outlineLvl" => {
                    if let Some(s) = cur.as_ref().and_then(|id| names.get_mut(id)) {
                        s.2 = attr(&e, "val")
                            .and_then(|v| v.parse::<u8>().ok())
                            .map(|v| v.saturating_add(1));
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    let level = |name: &str, outline: Option<u8>| -> Option<u8> {
        if name == "title" {
            Some(0)
        } else if let Some(n) = name.strip_prefix("heading ") {
            n.trim().parse().ok()
        } else {
            outline.filter(|&l| l <= 9)
        }
    };
    let mut out = HashMap::new();
    for (id, (name, based, outline)) in &names {
        let mut l = level(name, *outline);
        if l.is_none()
            && let Some((bn, _, bo)) = based.as_ref().and_then(|b| names.get(b))
        {
            l = level(bn, *bo);
        }
        if let Some(l) = l {
            out.insert(id.clone(), l);
        }
    }
    Ok(heading_styles_default(out))
}

/// Documents whose styles part lacks these styles still use the built-in ids.
fn heading_styles_default(mut out: HashMap<String, u8>) -> HashMap<String, u8> {
    for (id, l) in [
        ("Title", 0u8),
        ("Heading1", 1),
        ("Heading2", 2),
        ("Heading3", 3),
        ("Heading4", 4),
    ] {
        out.entry(id.to_string()).or_insert(l);
    }
    out
}

#[derive(Default)]
struct ParaB {
    text: String,
    style: Option<String>,
    list: Option<u8>,
    outline: Option<u8>,
    bold_chars: usize,
    plain_chars: usize,
    /// A line break inside the paragraph: Word users separate items with Shift+Enter.
    pieces: Vec<String>,
}

struct RowB {
    cells: Vec<Cell>,
    grid_before: u32,
}

#[derive(Default)]
struct TableB {
    rows: Vec<Row>,
    row: Option<RowB>,
    cell: Option<Cell>,
    /// The open cell's link targets.
    links: HashSet<String>,
}

#[derive(Default)]
struct RunProps {
    bold: bool,
    sup: bool,
}

fn walk(
    part: &mut XmlPart<'_, '_>,
    rels: &HashMap<String, String>,
    styles: &HashMap<String, u8>,
    budget: &mut Budget,
) -> Result<Document, ImportError> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut tables: Vec<TableB> = Vec::new();
    let mut paras: Vec<ParaB> = Vec::new();
    let mut run = RunProps::default();
    // Where we are: inside these we ignore text or properties.
    let mut skip = 0usize; // w:del, w:moveFrom, mc:Fallback, instrText
    let mut in_ppr = 0usize;
    let mut in_rpr = 0usize;
    let mut in_text = false;
    loop {
        let ev = part.event()?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let name = local(e);
                if skip > 0 {
                    if !empty {
                        skip += 1;
                    }
                    continue;
                }
                match name.as_str() {
                    "del" | "moveFrom" | "Fallback" | "instrText" | "delText" if !empty => {
                        skip = 1;
                    }
                    "tbl" => tables.push(TableB::default()),
                    "tr" => {
                        if let Some(t) = tables.last_mut() {
                            budget.rows(1)?;
                            t.row = Some(RowB {
                                cells: Vec::new(),
                                grid_before: 0,
                            });
                        }
                    }
                    "gridBefore" => {
                        if let Some(row) = tables.last_mut().and_then(|t| t.row.as_mut()) {
                            row.grid_before = attr(e, "val")
                                .and_then(|v| v.parse().ok())
                                .unwrap_or(0)
                                .min(64);
                        }
                    }
                    "tc" => {
                        if let Some(t) = tables.last_mut() {
                            budget.cells(1)?;
                            t.cell = Some(Cell::default());
                            t.links.clear();
                        }
                    }
                    "gridSpan" => {
                        if let Some(c) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                            c.span = attr(e, "val")
                                .and_then(|v| v.parse().ok())
                                .unwrap_or(1)
                                .clamp(1, 64);
                        }
                    }
                    "vMerge" => {
                        if let Some(c) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                            c.merge = match attr(e, "val").as_deref() {
                                Some("restart") => VMerge::Restart,
                                _ => VMerge::Continue,
                            };
                        }
                    }
                    "shd" if paras.is_empty() => {
                        if let Some(c) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                            c.fill = attr(e, "fill").filter(|f| {
                                f.len() == 6
                                    && f.bytes().all(|b| b.is_ascii_hexdigit())
                                    && !f.eq_ignore_ascii_case("FFFFFF")
                            });
                        }
                    }
                    "p" if !empty => {
                        paras.push(ParaB::default());
                    }
                    "pPr" if !empty => in_ppr += 1,
                    "rPr" if !empty => in_rpr += 1,
                    "pStyle" if in_ppr > 0 && in_rpr == 0 => {
                        if let Some(p) = paras.last_mut() {
                            p.style = attr(e, "val");
                        }
                    }
                    "outlineLvl" if in_ppr > 0 && in_rpr == 0 => {
                        if let Some(p) = paras.last_mut() {
                            p.outline = attr(e, "val")
                                .and_then(|v| v.parse::<u8>().ok())
                                .map(|v| v.saturating_add(1));
                        }
                    }
                    "numPr" if in_ppr > 0 => {
                        if let Some(p) = paras.last_mut() {
                            p.list.get_or_insert(0);
                        }
                    }
                    "ilvl" if in_ppr > 0 => {
                        if let Some(p) = paras.last_mut() {
                            p.list = Some(
                                attr(e, "val")
                                    .and_then(|v| v.parse().ok())
                                    .unwrap_or(0)
                                    .min(8),
                            );
                        }
                    }
                    "r" if !empty => run = RunProps::default(),
                    "b" | "bCs" if in_rpr > 0 && in_ppr == 0 => {
                        run.bold =
                            !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"));
                    }
                    "vertAlign" if in_rpr > 0 && in_ppr == 0 => {
                        run.sup = attr(e, "val").as_deref() == Some("superscript");
                        if run.sup
                            && let Some(p) = paras.last_mut()
                        {
                            while p.text.ends_with(' ') {
                                p.text.pop();
                            }
                        }
                    }
                    "t" if !empty => in_text = true,
                    "tab" if in_ppr == 0 => {
                        if let Some(p) = paras.last_mut() {
                            budget.text(1)?;
                            p.text.push(' ');
                        }
                    }
                    "br" | "cr" => {
                        if attr(e, "type").as_deref() != Some("page")
                            && let Some(p) = paras.last_mut()
                        {
                            // Each piece becomes a paragraph of its own.
                            budget.paragraphs(1)?;
                            let t = std::mem::take(&mut p.text);
                            p.pieces.push(t);
                        }
                    }
                    "hyperlink" => {
                        let target = attr(e, "id").and_then(|id| rels.get(&id).cloned());
                        // The set of the cell's links keeps a cell of many links linear.
                        if let (Some(t), Some(tb)) = (target, tables.last_mut())
                            && let Some(c) = tb.cell.as_mut()
                            && !t.starts_with('#')
                            && !tb.links.contains(&t)
                        {
                            budget.text(t.len())?;
                            tb.links.insert(t.clone());
                            c.links.push(t);
                        }
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => {
                let name = {
                    let n = e.local_name();
                    let s: &str = n.as_ref();
                    s.to_string()
                };
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match name.as_str() {
                    "t" => in_text = false,
                    "pPr" => in_ppr = in_ppr.saturating_sub(1),
                    "rPr" => in_rpr = in_rpr.saturating_sub(1),
                    "p" => {
                        if let Some(p) = paras.pop() {
                            let out = finish_para(p, styles);
                            budget.paragraphs(out.len() as u64)?;
                            match tables.last_mut().and_then(|t| t.cell.as_mut()) {
                                Some(c) => c.paras.extend(out),
                                None => blocks.extend(out.into_iter().map(Block::Paragraph)),
                            }
                        }
                    }
                    "tc" => {
                        if let Some(t) = tables.last_mut()
                            && let (Some(c), Some(row)) = (t.cell.take(), t.row.as_mut())
                        {
                            row.cells.push(c);
                        }
                    }
                    "tr" => {
                        if let Some(t) = tables.last_mut()
                            && let Some(rb) = t.row.take()
                        {
                            let mut cells = rb.cells;
                            if rb.grid_before > 0 {
                                budget.cells(1)?;
                                let lead = Cell {
                                    span: rb.grid_before,
                                    ..Default::default()
                                };
                                cells.insert(0, lead);
                            }
                            t.rows.push(Row {
                                cells,
                                after_break: false,
                            });
                        }
                    }
                    "tbl" => {
                        if let Some(t) = tables.pop() {
                            let table = Table { rows: t.rows };
                            match tables.last_mut().and_then(|t| t.cell.as_mut()) {
                                // A table inside a cell: its text joins the cell, row by row.
                                Some(c) => {
                                    for row in table.rows {
                                        for cell in row.cells {
                                            c.paras.extend(cell.paras);
                                            c.links.extend(cell.links);
                                        }
                                    }
                                }
                                None => blocks.push(Block::Table(table)),
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text && skip == 0 => {
                let s = t.xml10_content();
                push_text(&mut paras, &s, &run, budget)?;
            }
            Event::GeneralRef(g) if in_text && skip == 0 => {
                let s = match g.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => fragment::decode_entities(&format!("&{};", &*g)),
                };
                push_text(&mut paras, &s, &run, budget)?;
            }
            Event::CData(t) if in_text && skip == 0 => {
                let s: String = t.as_ref().to_string();
                push_text(&mut paras, &s, &run, budget)?;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Anything left open by a truncated document is kept.
    while let Some(p) = paras.pop() {
        let out = finish_para(p, styles);
        budget.paragraphs(out.len() as u64)?;
        blocks.extend(out.into_iter().map(Block::Paragraph));
    }
    while let Some(t) = tables.pop() {
        blocks.push(Block::Table(Table { rows: t.rows }));
    }
    Ok(Document { blocks })
}

fn push_text(
    paras: &mut [ParaB],
    s: &str,
    run: &RunProps,
    budget: &mut Budget,
) -> Result<(), ImportError> {
    if let Some(p) = paras.last_mut() {
        budget.text(s.len())?;
        p.text.push_str(s);
        let n = s.chars().filter(|c| !c.is_whitespace()).count();
        if run.bold {
            p.bold_chars += n;
        } else {
            p.plain_chars += n;
        }
    }
    Ok(())
}

fn finish_para(mut p: ParaB, styles: &HashMap<String, u8>) -> Vec<Paragraph> {
    let heading = p
        .style
        .as_ref()
        .and_then(|s| styles.get(s).copied())
        .or(p.outline);
    let bold = p.bold_chars > 0 && p.plain_chars == 0;
    p.pieces.push(std::mem::take(&mut p.text));
    let mut out = Vec::new();
    for piece in p.pieces {
        for mut q in fragment::plain(&piece) {
            q.heading = heading;
            q.bold = bold;
            if p.list.is_some() {
                q.list = p.list;
            }
            out.push(q);
        }
    }
    out
}
