//! Excel .xlsx, read as a stream with quick-xml: every sheet a table, merged regions kept
//! as spans and vertical merges, real dates rendered with their own number format, bold
//! and fills kept.
//!
//! We read the package ourselves rather than through a spreadsheet library so that
//! nothing is unpacked or held whole: the shared strings, the styles and each sheet are
//! parsed as they come out of the decompressor, every cell is counted as it is read
//! (`crate::limits`), and only cells with a value or a fill are kept until the sheet's
//! table is built. (calamine, used before, held each sheet's cells and a dense grid of
//! their styles, and trusted the sizes and references a file declares.)

mod format;
mod sheet;
mod styles;

use std::borrow::Cow;
use std::collections::{BTreeMap, BinaryHeap};

use quick_xml::events::{BytesStart, Event};

pub use format::format_date;

use crate::fragment;
use crate::limits::{Budget, Limit, MAX_SHEETS};
use crate::table::{Block, Cell, Document, Row, Table, VMerge};
use crate::zipread::Package;
use crate::{ImportError, ImportOptions};
use sheet::{Merge, Sheet};
use styles::CellStyle;

/// An attribute's value by its local name ("id" finds `r:id`), entities decoded.
pub(crate) fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let k = a.key.local_name();
        let k: &str = k.as_ref();
        (k == key).then(|| fragment::decode_entities(&a.value))
    })
}

pub(crate) fn local(n: &str) -> String {
    n.to_string()
}

/// The text an event carries, if it is text (a run, a character or entity reference,
/// CDATA).
pub(crate) fn event_text<'e>(ev: &'e Event<'_>) -> Option<Cow<'e, str>> {
    match ev {
        Event::Text(t) => Some(t.xml10_content()),
        Event::CData(t) => Some(t.xml10_content()),
        Event::GeneralRef(g) => Some(Cow::Owned(match g.resolve_char_ref() {
            Ok(Some(c)) => c.to_string(),
            _ => fragment::decode_entities(&format!("&{};", &**g)),
        })),
        _ => None,
    }
}

/// One sheet of the workbook, in the workbook's order.
struct SheetRef {
    name: String,
    part: String,
}

/// Where the workbook's parts are.
#[derive(Default)]
struct Workbook {
    sheets: Vec<SheetRef>,
    date1904: bool,
    strings: Option<String>,
    styles: Option<String>,
    theme: Option<String>,
}

/// Reads an .xlsx into the table model, one table per sheet.
///
/// # Errors
/// A damaged or password-protected workbook, the expansion limit, or more rows, cells,
/// paragraphs or text than the limits in `opts`.
pub fn read(file: &str, bytes: &[u8], opts: &ImportOptions) -> Result<Document, ImportError> {
    let mut pkg = Package::open(file, "Excel", bytes, opts)?;
    let mut budget = Budget::new(file, "the workbook", opts);
    let wb = workbook(&mut pkg, &mut budget)?;
    let theme = match wb.theme.as_deref() {
        Some(path) => match pkg.xml(path)? {
            Some(mut part) => {
                part.lenient();
                styles::theme(&mut part)?
            }
            None => styles::default_theme(),
        },
        None => styles::default_theme(),
    };
    let styles = match wb.styles.as_deref() {
        Some(path) => match pkg.xml(path)? {
            Some(mut part) => {
                part.lenient();
                styles::read(&mut part, &theme, &mut budget)?
            }
            None => Vec::new(),
        },
        None => Vec::new(),
    };
    let strings = match wb.strings.as_deref() {
        Some(path) => match pkg.xml(path)? {
            Some(mut part) => {
                part.lenient();
                sheet::shared_strings(&mut part, &mut budget, opts)?
            }
            None => Vec::new(),
        },
        None => Vec::new(),
    };
    let ctx = sheet::Context {
        strings: &strings,
        styles: &styles,
        date1904: wb.date1904,
    };
    let mut doc = Document::default();
    for s in &wb.sheets {
        let place = format!("the sheet “{}”", s.name);
        budget.set_place(place.clone());
        let Some(mut part) = pkg.xml(&s.part)? else {
            continue;
        };
        part.lenient();
        part.set_place(place);
        let Some(cells) = sheet::read(&mut part, &s.part, &ctx, &mut budget, opts)? else {
            continue;
        };
        drop(part);
        if let Some(t) = table(cells, &styles, &s.name, &mut budget, opts)? {
            doc.blocks.push(Block::Table(t));
        }
    }
    Ok(doc)
}

/// `a/b/../c` → `a/c`, without a leading slash.
fn normalise(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for piece in path.split(['/', '\\']) {
        match piece {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            p => out.push(p),
        }
    }
    out.join("/")
}

/// A relationship's target as a part name: absolute ("/xl/…") or relative to `dir`.
fn target(dir: &str, t: &str) -> String {
    if t.starts_with('/') {
        normalise(t)
    } else {
        normalise(&format!("{dir}/{t}"))
    }
}

/// Finds the workbook part, its relationships, its sheets and its other parts.
fn workbook(pkg: &mut Package<'_>, budget: &mut Budget) -> Result<Workbook, ImportError> {
    let mut main = String::from("xl/workbook.xml");
    if let Some(mut part) = pkg.xml("_rels/.rels")? {
        for (kind, t) in relationships(&mut part, budget)?.into_values() {
            if kind.ends_with("/officeDocument") {
                main = target("", &t);
            }
        }
    }
    let main = pkg
        .find(&main)
        .ok_or_else(|| pkg.corrupt(format!("it has no {main}")))?;
    let (dir, base) = main.rsplit_once('/').unwrap_or(("", main.as_str()));
    let rels = match pkg.find(&format!("{dir}/_rels/{base}.rels")) {
        Some(p) => match pkg.xml(&p)? {
            Some(mut part) => relationships(&mut part, budget)?,
            None => BTreeMap::new(),
        },
        None => BTreeMap::new(),
    };
    let of_kind = |suffix: &str, default: &str| -> String {
        rels.values()
            .find(|(k, _)| k.ends_with(suffix))
            .map_or_else(|| target(dir, default), |(_, t)| target(dir, t))
    };
    let mut wb = Workbook {
        strings: pkg.find(&of_kind("/sharedStrings", "sharedStrings.xml")),
        styles: pkg.find(&of_kind("/styles", "styles.xml")),
        theme: pkg.find(&of_kind("/theme", "theme/theme1.xml")),
        ..Workbook::default()
    };
    let missing = pkg.corrupt(format!("it has no {main}"));
    let Some(mut part) = pkg.xml(&main)? else {
        return Err(missing);
    };
    part.lenient();
    loop {
        let ev = part.event()?;
        let e = match &ev {
            Event::Start(e) | Event::Empty(e) => e,
            Event::Eof => break,
            _ => continue,
        };
        let n = e.local_name();
        let name: &str = n.as_ref();
        match name {
            "workbookPr" => {
                wb.date1904 = matches!(attr(e, "date1904").as_deref(), Some("1" | "true"));
            }
            "sheet" => {
                let (Some(sheet), Some(id)) = (attr(e, "name"), attr(e, "id")) else {
                    continue;
                };
                let Some((_, t)) = rels.get(&id) else {
                    continue;
                };
                if wb.sheets.len() >= MAX_SHEETS {
                    return Err(budget.error(Limit::Sheets, None, MAX_SHEETS as u64));
                }
                budget.text(sheet.len())?;
                wb.sheets.push(SheetRef {
                    name: sheet,
                    part: target(dir, t),
                });
            }
            _ => {}
        }
    }
    drop(part);
    // Sheet parts are looked up in the package once the workbook part is read.
    for s in &mut wb.sheets {
        s.part = pkg.find(&s.part).unwrap_or_else(|| s.part.clone());
    }
    Ok(wb)
}

/// A relationships part: Id → (Type, Target). What is kept counts as text.
fn relationships(
    part: &mut crate::zipread::XmlPart<'_, '_>,
    budget: &mut Budget,
) -> Result<BTreeMap<String, (String, String)>, ImportError> {
    let mut out = BTreeMap::new();
    loop {
        let ev = match part.event() {
            Ok(Event::Eof) | Err(ImportError::Corrupt { .. }) => break,
            Ok(ev) => ev,
            Err(e) => return Err(e),
        };
        if let Event::Start(e) | Event::Empty(e) = &ev {
            let n = e.local_name();
            let name: &str = n.as_ref();
            if name == "Relationship"
                && let (Some(id), Some(t)) = (attr(e, "Id"), attr(e, "Target"))
            {
                let kind = attr(e, "Type").unwrap_or_default();
                budget.text(id.len() + t.len() + kind.len())?;
                out.insert(id, (kind, t));
            }
        }
    }
    Ok(out)
}

/// The sheet's cells as a table: from the first to the last cell with a value, empty
/// rows dropped (the row after them marked as following a gap), merged regions as
/// spans and vertical merges.
fn table(
    sheet: Sheet,
    styles: &[CellStyle],
    name: &str,
    budget: &mut Budget,
    opts: &ImportOptions,
) -> Result<Option<Table>, ImportError> {
    let Sheet { mut cells, merges } = sheet;
    // Read order within a place is kept, so the last cell written at a place wins.
    cells.sort_by_key(|c| (c.row, c.col));
    let mut kept: Vec<sheet::SheetCell> = Vec::with_capacity(cells.len());
    for c in cells {
        if let Some(last) = kept.last_mut()
            && (last.row, last.col) == (c.row, c.col)
        {
            *last = c;
        } else {
            kept.push(c);
        }
    }
    let valued = kept.iter().filter(|c| c.value);
    let (mut r0, mut r1, mut c0, mut c1) = (u32::MAX, 0u32, u32::MAX, 0u32);
    for c in valued {
        (r0, r1, c0, c1) = (r0.min(c.row), r1.max(c.row), c0.min(c.col), c1.max(c.col));
    }
    if r0 > r1 {
        return Ok(None);
    }
    let span = u64::from(c1 - c0 + 1) * u64::from(r1 - r0 + 1);
    if span > opts.max_sheet_cells {
        return Err(ImportError::SheetTooLarge {
            file: budget.file().to_string(),
            sheet: name.to_string(),
            cells: span,
            limit: opts.max_sheet_cells,
        });
    }
    let mut regions = Regions::new(merges);
    let mut table = Table::default();
    let mut gap = false;
    let mut last: Option<u32> = None;
    let mut i = kept.partition_point(|c| c.row < r0);
    while i < kept.len() && kept[i].row <= r1 {
        let r = kept[i].row;
        let start = i;
        while i < kept.len() && kept[i].row == r {
            i += 1;
        }
        // Rows between this one and the last were empty.
        if last.is_some_and(|l| r > l + 1) {
            gap = !table.rows.is_empty();
        }
        last = Some(r);
        regions.at_row(r);
        let row = build_row(r, c0, c1, &kept[start..i], styles, &regions);
        if row.filled() == 0 {
            gap = !table.rows.is_empty();
            continue;
        }
        budget.rows(1)?;
        budget.cells(row.cells.len() as u64)?;
        budget.paragraphs(row.cells.iter().map(|c| c.paras.len() as u64).sum())?;
        table.rows.push(Row {
            after_break: gap,
            ..row
        });
        gap = false;
    }
    Ok((!table.rows.is_empty()).then_some(table))
}

/// One row of the grid from column `c0` to `c1`: `here` holds the row's cells, by column.
fn build_row(
    r: u32,
    c0: u32,
    c1: u32,
    here: &[sheet::SheetCell],
    styles: &[CellStyle],
    regions: &Regions,
) -> Row {
    let mut cells = Vec::new();
    let mut k = 0;
    let mut c = c0;
    while c <= c1 {
        let mut cell = Cell::default();
        if let Some(m) = regions.covering(c) {
            if c != m.c0 {
                c += 1;
                continue; // covered by the span of the cell to the left
            }
            cell.span = (m.c1 - m.c0 + 1).min(256);
            if r != m.r0 {
                cell.merge = VMerge::Continue;
                cells.push(cell);
                c += 1;
                continue;
            }
            if m.r1 > m.r0 {
                cell.merge = VMerge::Restart;
            }
        }
        while k < here.len() && here[k].col < c {
            k += 1;
        }
        if let Some(sc) = here.get(k).filter(|sc| sc.col == c) {
            let style = styles.get(sc.style.unwrap_or(0) as usize);
            let bold = style.is_some_and(|s| s.bold);
            if sc.value {
                for line in sc.text.split('\n') {
                    for mut p in fragment::plain(line) {
                        p.bold = bold;
                        cell.paras.push(p);
                    }
                }
            }
            cell.fill = style.and_then(|s| s.fill.clone());
        }
        cells.push(cell);
        c += 1;
    }
    Row {
        cells,
        after_break: false,
    }
}

/// The merged regions that cross the row being built, found by column. Regions are
/// taken in as rows reach them and let go once passed, so each is handled a few times
/// however many rows it spans.
struct Regions {
    merges: Vec<Merge>,
    next: usize,
    /// Open regions by (first column, index).
    open: BTreeMap<(u32, usize), usize>,
    /// Open regions by last row, to let go of.
    ends: BinaryHeap<std::cmp::Reverse<(u32, u32, usize)>>,
}

impl Regions {
    fn new(mut merges: Vec<Merge>) -> Self {
        // A stable sort keeps the sheet's order among regions starting on one row.
        merges.sort_by_key(|m| m.r0);
        Regions {
            merges,
            next: 0,
            open: BTreeMap::new(),
            ends: BinaryHeap::new(),
        }
    }

    fn at_row(&mut self, r: u32) {
        while let Some(m) = self.merges.get(self.next).copied().filter(|m| m.r0 <= r) {
            if m.r1 >= r {
                self.open.insert((m.c0, self.next), self.next);
                self.ends.push(std::cmp::Reverse((m.r1, m.c0, self.next)));
            }
            self.next += 1;
        }
        while let Some(&std::cmp::Reverse((r1, c0, i))) = self.ends.peek() {
            if r1 >= r {
                break;
            }
            self.open.remove(&(c0, i));
            self.ends.pop();
        }
    }

    /// The open region that starts nearest to the left of `c` and reaches it.
    fn covering(&self, c: u32) -> Option<Merge> {
        let (_, &i) = self.open.range(..=(c, usize::MAX)).next_back()?;
        self.merges.get(i).copied().filter(|m| c <= m.c1)
    }
}
