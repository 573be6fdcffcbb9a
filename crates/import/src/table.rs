//! The table model every reader produces and the understanding layer reads.
//!
//! A plan is a flow of paragraphs and tables, whatever the format it came in. Keeping
//! one model means the rules for headers, areas, continuation rows and updates are
//! written once and behave the same for Word, Excel, CSV and pasted text.

/// A whole document: paragraphs and tables in reading order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub blocks: Vec<Block>,
}

/// One block of the flow.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

/// A paragraph, in the body or inside a cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paragraph {
    /// The text, whitespace folded, markup removed.
    pub text: String,
    /// Heading level (0 = the document title style, 1 = Heading 1, ...).
    pub heading: Option<u8>,
    /// Every run is bold: councils mark headings this way more often than with styles.
    pub bold: bool,
    /// `Some(level)` for a list item (0 = top level).
    pub list: Option<u8>,
}

impl Paragraph {
    pub fn plain(text: impl Into<String>) -> Self {
        Paragraph {
            text: text.into(),
            ..Default::default()
        }
    }
}

/// A table: rows of cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub rows: Vec<Row>,
}

/// One table row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// The row follows a gap: a page break in pasted text (a blank line), where Word
    /// splits a row in two and repeats the header row.
    pub after_break: bool,
}

/// How a cell takes part in a vertical merge.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum VMerge {
    #[default]
    None,
    /// The first cell of a vertically merged range (its text is here).
    Restart,
    /// A cell covered by the range above (it holds no text of its own).
    Continue,
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub paras: Vec<Paragraph>,
    /// Hyperlink targets inside the cell.
    pub links: Vec<String>,
    /// Background fill as RRGGBB, when the format gives one (a status shown by colour).
    pub fill: Option<String>,
    /// How many grid columns the cell covers.
    pub span: u32,
    pub merge: VMerge,
}

impl Default for Cell {
    fn default() -> Self {
        Cell {
            paras: Vec::new(),
            links: Vec::new(),
            fill: None,
            span: 1,
            merge: VMerge::None,
        }
    }
}

impl Cell {
    /// A cell of one plain paragraph (empty text gives an empty cell).
    pub fn text_cell(text: &str) -> Self {
        let mut c = Cell::default();
        let t = fold_ws(text);
        if !t.is_empty() {
            c.paras.push(Paragraph::plain(t));
        }
        c
    }

    /// The cell's text, one paragraph or list item a line.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for p in &self.paras {
            if p.text.is_empty() {
                continue;
            }
            if !s.is_empty() {
                s.push('\n');
            }
            s.push_str(&p.text);
        }
        s
    }

    pub fn is_empty(&self) -> bool {
        self.paras.iter().all(|p| p.text.trim().is_empty())
    }
}

impl Row {
    /// Each cell with the grid column it starts at.
    pub fn grid(&self) -> Vec<(usize, &Cell)> {
        let mut col = 0usize;
        let mut out = Vec::with_capacity(self.cells.len());
        for c in &self.cells {
            out.push((col, c));
            col += c.span.max(1) as usize;
        }
        out
    }

    /// How many grid columns the row covers.
    pub fn width(&self) -> usize {
        self.cells.iter().map(|c| c.span.max(1) as usize).sum()
    }

    pub fn filled(&self) -> usize {
        self.cells.iter().filter(|c| !c.is_empty()).count()
    }
}

/// Collapses every run of whitespace (including no-break spaces) to one space and trims.
pub fn fold_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for ch in s.chars() {
        if ch.is_whitespace() || ch == '\u{a0}' || ch == '\u{200b}' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(ch);
        }
    }
    out
}
