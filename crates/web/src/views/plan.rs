//! Rows of the plan table: actions flattened under their parents, with how deep each sits.

use assure_domain::model::StoredAction;

/// One table row: an action or a child row, with how deep it sits.
pub(crate) struct Row<'a> {
    pub depth: usize,
    pub action: &'a StoredAction,
    /// Shown only because a child below it matched the filters.
    pub context_only: bool,
}

impl Row<'_> {
    pub fn leads(&self) -> String {
        self.action
            .leads
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn due(&self) -> String {
        self.action
            .due
            .as_ref()
            .map(|w| w.text.clone())
            .unwrap_or_default()
    }

    pub fn latest_update(&self) -> String {
        match self.action.updates.last() {
            None => String::new(),
            Some(u) => match u.date {
                Some(d) => format!("{} – {}", d.format("%-d %B %Y"), u.text),
                None => u.text.clone(),
            },
        }
    }

    pub fn depth_class(&self) -> usize {
        self.depth.min(4)
    }
}
