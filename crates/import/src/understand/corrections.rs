//! A person's corrections to a reading: which row is the header, what a column means,
//! what a row is. Kept as a named layout (per organisation in the web app, a TOML file on
//! the command line) and applied to later files of the same layout.

use serde::{Deserialize, Serialize};

use super::headers::{Header, Role, norm};
use super::reading::{RowClass, meaning_of};

/// The most corrections of each kind accepted: a layout is written by a person.
pub const MAX_ENTRIES: usize = 500;

/// Corrections to the reading of one layout.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Corrections {
    /// The layout's name ("Monthly tracker").
    pub name: Option<String>,
    #[serde(rename = "column")]
    pub columns: Vec<ColumnFix>,
    #[serde(rename = "header")]
    pub headers: Vec<HeaderFix>,
    #[serde(rename = "row")]
    pub rows: Vec<RowFix>,
}

/// A column's meaning, found by its number or by its header's words.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ColumnFix {
    /// The table (1-based, as `--show-reading` numbers them); every table when absent.
    pub table: Option<usize>,
    /// The column (1-based).
    pub column: Option<usize>,
    /// The header as written (case and spacing do not matter).
    pub header: Option<String>,
    /// "area", "reference", "action", "lead", "timescale", "start", "status", "update",
    /// "assurance", "impact", "measure", "milestone", "evidence", "resources", "ignore".
    pub meaning: String,
}

/// Which row of a table is its header.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HeaderFix {
    pub table: Option<usize>,
    pub row: usize,
}

/// What one row is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowFix {
    pub table: usize,
    pub row: usize,
    pub class: RowClass,
}

impl Corrections {
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty() && self.headers.is_empty() && self.rows.is_empty()
    }

    /// Checks what a person (or a file) wrote: known meanings, a column named by number
    /// or header, numbers from 1, not too many entries.
    ///
    /// # Errors
    /// A sentence saying which entry is wrong.
    pub fn validate(&self) -> Result<(), String> {
        if self.columns.len() + self.headers.len() + self.rows.len() > MAX_ENTRIES {
            return Err(format!("a layout has at most {MAX_ENTRIES} corrections"));
        }
        if self
            .name
            .as_deref()
            .is_some_and(|n| n.chars().count() > 200)
        {
            return Err("the layout's name is longer than 200 characters".into());
        }
        for (i, c) in self.columns.iter().enumerate() {
            let n = i + 1;
            if meaning_of(&c.meaning).is_none() {
                return Err(format!(
                    "column correction {n}: “{}” is not a meaning (use one of: {})",
                    c.meaning,
                    super::reading::MEANINGS
                        .iter()
                        .map(|(m, _)| *m)
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            if c.column.is_none() && c.header.as_deref().is_none_or(|h| h.trim().is_empty()) {
                return Err(format!(
                    "column correction {n}: give its column number or its header"
                ));
            }
            if c.column == Some(0) || c.table == Some(0) {
                return Err(format!(
                    "column correction {n}: tables and columns count from 1"
                ));
            }
            if c.header.as_deref().is_some_and(|h| h.chars().count() > 500) {
                return Err(format!("column correction {n}: the header is too long"));
            }
        }
        for (i, h) in self.headers.iter().enumerate() {
            if h.row == 0 || h.table == Some(0) {
                return Err(format!(
                    "header correction {}: tables and rows count from 1",
                    i + 1
                ));
            }
        }
        for (i, r) in self.rows.iter().enumerate() {
            if r.row == 0 || r.table == 0 {
                return Err(format!(
                    "row correction {}: tables and rows count from 1",
                    i + 1
                ));
            }
        }
        Ok(())
    }

    /// The header row a person named for this table (0-based), if any.
    pub(crate) fn header_row(&self, table: usize) -> Option<usize> {
        self.headers
            .iter()
            .rev()
            .find(|h| h.table.is_none_or(|t| t == table))
            .map(|h| h.row - 1)
    }

    /// The class a person gave this row (0-based), if any.
    pub(crate) fn row_class(&self, table: usize, row: usize) -> Option<RowClass> {
        self.rows
            .iter()
            .rev()
            .find(|r| r.table == table && r.row == row + 1)
            .map(|r| r.class)
    }

    /// Applies the column meanings to a table's header.
    pub(crate) fn apply_columns(&self, table: usize, h: &mut Header) {
        for c in &self.columns {
            if c.table.is_some_and(|t| t != table) {
                continue;
            }
            let Some(role) = meaning_of(&c.meaning) else {
                continue;
            };
            let cols: Vec<usize> = match (c.column, &c.header) {
                (Some(n), _) => vec![n - 1],
                (None, Some(name)) => {
                    let want = norm(name);
                    (0..h.width())
                        .filter(|&i| norm(&h.names[i]) == want)
                        .collect()
                }
                (None, None) => Vec::new(),
            };
            for col in cols {
                if col < h.width() {
                    set_corrected(h, col, role);
                }
            }
        }
    }
}

fn set_corrected(h: &mut Header, col: usize, role: Option<Role>) {
    h.set(col, role, 1.0, "as you corrected it".into());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_names_the_entry() {
        let mut c = Corrections::default();
        c.columns.push(ColumnFix {
            column: Some(2),
            meaning: "timescale".into(),
            ..Default::default()
        });
        assert!(c.validate().is_ok());
        c.columns.push(ColumnFix {
            column: Some(3),
            meaning: "colour".into(),
            ..Default::default()
        });
        let e = c.validate().unwrap_err();
        assert!(
            e.contains("column correction 2") && e.contains("colour"),
            "{e}"
        );
        c.columns.pop();
        c.columns.push(ColumnFix {
            meaning: "lead".into(),
            ..Default::default()
        });
        assert!(
            c.validate()
                .unwrap_err()
                .contains("column number or its header")
        );
    }
}
