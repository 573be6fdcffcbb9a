//! Parameter types of the GOV.UK component macros in `templates/components/`.
//!
//! The macros take plain text for single values (`""` meaning "none", as in the
//! Nunjucks macros) and these types for lists. Every text is escaped by askama: no
//! parameter takes HTML, so no user text can reach a page unescaped. Where a component
//! needs HTML inside it (a notification banner, details, inset text, a fieldset), its
//! `*_block` macro takes the HTML as a `{% call %}` body, written in the template.

/// A radio, a checkbox or a select option.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choice {
    /// The submitted value.
    pub value: String,
    /// What the user reads.
    pub text: String,
    /// A hint under the option (radios and checkboxes).
    pub hint: Option<String>,
    /// Checked (radios, checkboxes) or selected (select).
    pub checked: bool,
    pub disabled: bool,
    /// The input's id; by default the group's id prefix, then `-2`, `-3`… (so an error
    /// summary can link to the first option with `#prefix`).
    pub id: Option<String>,
    /// When set, a divider with this text ("or") stands here instead of an option.
    pub divider: Option<String>,
    /// Checkboxes: unticks the others when ticked (a "None of these" option).
    pub exclusive: bool,
}

impl Choice {
    /// An option with a value and its text.
    pub fn new(value: impl Into<String>, text: impl Into<String>) -> Self {
        Choice {
            value: value.into(),
            text: text.into(),
            ..Choice::default()
        }
    }

    /// A divider between options, such as "or" before "None of these".
    pub fn divider(text: impl Into<String>) -> Self {
        Choice {
            divider: Some(text.into()),
            ..Choice::default()
        }
    }

    /// With a hint under the option.
    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Checked (or selected) when `checked` is true.
    #[must_use]
    pub fn checked(mut self, checked: bool) -> Self {
        self.checked = checked;
        self
    }

    /// Checked (or selected) when its value is `current`.
    #[must_use]
    pub fn checked_if(self, current: &str) -> Self {
        let checked = self.value == current;
        self.checked(checked)
    }

    #[must_use]
    pub fn disabled(mut self) -> Self {
        self.disabled = true;
        self
    }

    #[must_use]
    pub fn exclusive(mut self) -> Self {
        self.exclusive = true;
        self
    }

    #[must_use]
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }
}

/// A link with its text; without `href`, plain text (the current page in breadcrumbs,
/// an error with no field to link to in an error summary).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    pub href: Option<String>,
}

impl Link {
    pub fn new(text: impl Into<String>, href: impl Into<String>) -> Self {
        Link {
            text: text.into(),
            href: Some(href.into()),
        }
    }

    /// Text with no link.
    pub fn text(text: impl Into<String>) -> Self {
        Link {
            text: text.into(),
            href: None,
        }
    }
}

/// A table cell (or header cell).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    /// `Some("numeric")` right-aligns numbers.
    pub format: Option<String>,
    pub classes: Option<String>,
    pub colspan: Option<u32>,
    pub rowspan: Option<u32>,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Self {
        Cell {
            text: text.into(),
            ..Cell::default()
        }
    }

    /// A right-aligned number.
    pub fn numeric(text: impl ToString) -> Self {
        Cell {
            text: text.to_string(),
            format: Some("numeric".into()),
            ..Cell::default()
        }
    }

    #[must_use]
    pub fn classes(mut self, classes: impl Into<String>) -> Self {
        self.classes = Some(classes.into());
        self
    }
}

/// A row of a summary list: a key, its value and any actions ("Change").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SummaryRow {
    pub key: String,
    pub value: String,
    pub actions: Vec<RowAction>,
    pub classes: Option<String>,
}

impl SummaryRow {
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        SummaryRow {
            key: key.into(),
            value: value.into(),
            ..SummaryRow::default()
        }
    }

    /// With an action link; `visually_hidden` completes it for screen readers
    /// ("Change" + " lead").
    #[must_use]
    pub fn action(
        mut self,
        text: impl Into<String>,
        href: impl Into<String>,
        visually_hidden: impl Into<String>,
    ) -> Self {
        let hidden: String = visually_hidden.into();
        self.actions.push(RowAction {
            text: text.into(),
            href: href.into(),
            visually_hidden_text: (!hidden.is_empty()).then_some(hidden),
        });
        self
    }
}

/// The rows of a summary list. (A list whose rows have actions gives the rows without
/// one an empty cell, which the macro cannot work out on its own: templates have no
/// closures.)
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SummaryRows(pub Vec<SummaryRow>);

impl SummaryRows {
    /// Whether any row has an action link.
    pub fn any_actions(&self) -> bool {
        self.0.iter().any(|r| !r.actions.is_empty())
    }

    pub fn iter(&self) -> std::slice::Iter<'_, SummaryRow> {
        self.0.iter()
    }
}

impl From<Vec<SummaryRow>> for SummaryRows {
    fn from(rows: Vec<SummaryRow>) -> Self {
        SummaryRows(rows)
    }
}

impl FromIterator<SummaryRow> for SummaryRows {
    fn from_iter<I: IntoIterator<Item = SummaryRow>>(iter: I) -> Self {
        SummaryRows(iter.into_iter().collect())
    }
}

/// An action link in a summary list row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowAction {
    pub text: String,
    pub href: String,
    pub visually_hidden_text: Option<String>,
}

/// Where a paged list stands: the page shown (from 1), how many there are, and the
/// address of page `n` (the list's filters and sort kept). Gives what the pagination
/// component takes.
pub struct Paging<F: Fn(usize) -> String> {
    pub page: usize,
    pub pages: usize,
    pub href: F,
}

impl<F: Fn(usize) -> String> Paging<F> {
    /// Links to every page near this one, the first and the last, with an ellipsis
    /// between distant ones.
    pub fn items(&self) -> Vec<PageItem> {
        let mut items = Vec::new();
        for n in 1..=self.pages {
            if n.abs_diff(self.page) <= 1 || n == 1 || n == self.pages {
                let number = u32::try_from(n).unwrap_or(u32::MAX);
                items.push(PageItem::new(number, (self.href)(n), n == self.page));
            } else if items.last().is_some_and(|i: &PageItem| !i.ellipsis) {
                items.push(PageItem::ellipsis());
            }
        }
        items
    }

    /// The previous page's address, or empty on the first.
    pub fn previous(&self) -> String {
        if self.page > 1 {
            (self.href)(self.page - 1)
        } else {
            String::new()
        }
    }

    /// The next page's address, or empty on the last.
    pub fn next(&self) -> String {
        if self.page < self.pages {
            (self.href)(self.page + 1)
        } else {
            String::new()
        }
    }
}

/// A numbered page link in pagination, or an ellipsis.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageItem {
    pub number: u32,
    pub href: String,
    pub current: bool,
    pub ellipsis: bool,
}

impl PageItem {
    pub fn new(number: u32, href: impl Into<String>, current: bool) -> Self {
        PageItem {
            number,
            href: href.into(),
            current,
            ellipsis: false,
        }
    }

    /// The "…" between distant page numbers.
    pub fn ellipsis() -> Self {
        PageItem {
            ellipsis: true,
            ..PageItem::default()
        }
    }
}
