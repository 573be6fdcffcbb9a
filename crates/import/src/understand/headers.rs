//! Column headers recognised by what they mean, not by where they stand.

use crate::table::{Cell, Row};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Ref,
    Area,
    Action,
    Lead,
    Sponsor,
    Start,
    Due,
    Milestones,
    Assurance,
    Impact,
    Measure,
    Resources,
    Update,
    Status,
    Evidence,
    /// An action that heads several rows: a "What?" merged down over its "How?" rows.
    Parent,
}

impl Role {
    /// A role that tells one row of data from the next: a row with none of them filled
    /// after a page break is the rest of the row above.
    pub fn identifies(self) -> bool {
        matches!(
            self,
            Role::Ref
                | Role::Area
                | Role::Lead
                | Role::Sponsor
                | Role::Start
                | Role::Due
                | Role::Status
        )
    }
}

/// Lower-cased, punctuation at the ends removed, whitespace folded.
pub fn norm(s: &str) -> String {
    let s = crate::table::fold_ws(&s.to_lowercase());
    s.trim_matches(|c: char| !c.is_alphanumeric() && c != ')')
        .to_string()
}

/// The role a header cell names, if any.
pub fn role_of(header: &str) -> Option<Role> {
    let raw = crate::table::fold_ws(&header.to_lowercase());
    if is_ref_heading(raw.trim_end_matches(':').trim()) {
        return Some(Role::Ref);
    }
    let h = norm(header);
    if h.is_empty() || h.len() > 60 || h.split(' ').count() > 8 {
        return None;
    }
    let words: Vec<&str> = h.split(|c: char| !c.is_alphanumeric()).collect();
    let has = |w: &str| words.contains(&w);
    let starts = |w: &str| h.starts_with(w);
    // Most specific first: "progress milestones" is not "progress", "DLT lead" is not
    // "lead", "measure/outcome" is a measure.
    let role = if is_ref_heading(&h) {
        Role::Ref
    } else if has("milestone") || has("milestones") {
        Role::Milestones
    } else if h == "accountable" {
        Role::Lead
    } else if (has("dlt")
        || has("slt")
        || has("senior")
        || has("sponsor")
        || has("executive")
        || has("strategic")
        || has("board")
        || has("accountable")
        || has("director"))
        && (has("lead") || has("sponsor") || has("owner") || has("officer") || has("accountable"))
    {
        Role::Sponsor
    } else if has("rag")
        || has("brag")
        || has("status")
        || starts("progress indicator")
        || starts("rag rating")
        || h == "rating"
        || starts("progress rating")
    {
        Role::Status
    } else if has("start") || h == "from" || starts("date started") {
        Role::Start
    } else if has("timescale")
        || has("timescales")
        || has("deadline")
        || starts("target date")
        || starts("by when")
        || h == "when"
        || has("end")
        || has("due")
        || starts("completion date")
        || h == "date"
        || starts("target")
        || starts("date for completion")
        || starts("timeframe")
        || has("timeline")
        || starts("expected completion")
        || starts("planned completion")
        || starts("time frame")
        || starts("date to be completed")
        || starts("review date")
        || starts("when will")
    {
        Role::Due
    } else if h == "how"
        || starts("how are we assured")
        || starts("how will we know")
        || has("assurance")
        || starts("how we will know")
    {
        Role::Assurance
    } else if has("measure")
        || has("measures")
        || has("measured")
        || has("kpi")
        || starts("success criteria")
        || starts("how will we measure")
        || starts("success measure")
        || starts("what will success look like")
    {
        Role::Measure
    } else if has("impact")
        || has("outcome")
        || has("outcomes")
        || starts("expected outcome")
        || starts("difference")
    {
        Role::Impact
    } else if has("resource") || has("resources") || has("cost") || has("budget") {
        Role::Resources
    } else if has("evidence") || has("link") || has("links") {
        Role::Evidence
    } else if has("update")
        || has("updates")
        || has("comments")
        || has("comment")
        || has("commentary")
        || starts("progress")
        || has("notes")
        || starts("current position")
        || starts("latest position")
        || starts("position")
    {
        Role::Update
    } else if has("lead")
        || has("leads")
        || h == "accountable"
        || starts("accountable officer")
        || starts("named officer")
        || starts("lead officer")
        || has("whom")
        || h == "who"
        || has("owner")
        || has("responsible")
        || has("officer")
        || starts("responsibility")
        || starts("person")
        || has("assigned")
        || has("assignee")
    {
        Role::Lead
    } else if has("recommendation")
        || has("recommendations")
        || h == "area"
        || starts("area for")
        || starts("areas for")
        || h == "areas"
        || starts("finding")
        || starts("priority")
        || starts("issue")
        || starts("what ofsted")
        || starts("ofsted")
        || starts("theme")
        || h == "statement"
        || starts("statement of")
        || starts("written statement")
        || has("workstream")
        || has("workstreams")
        || starts("improvement area")
        || starts("area of")
        || starts("objective")
    {
        Role::Area
    } else if has("action")
        || has("actions")
        || h == "what"
        || matches!(
            h.as_str(),
            "title" | "description" | "summary" | "task name" | "item"
        )
        || starts("what we will do")
        || starts("what will we do")
        || starts("task")
        || starts("activity")
        || starts("activities")
        || starts("steps")
        || has("deliverable")
        || has("deliverables")
        || has("intervention")
        || has("interventions")
        || starts("what needs")
        || starts("what is needed")
        || starts("what we need")
        || starts("what are we going to do")
        || starts("what will happen")
        || starts("what will be done")
    {
        Role::Action
    } else {
        return None;
    };
    Some(role)
}

/// "Ref", "No.", "NOS", "Action no", "Task ID", "Item #", "Ref No.": words of
/// numbering only, with at most the name of what is numbered.
fn is_ref_heading(h: &str) -> bool {
    const NUMBERING: &[&str] = &[
        "ref",
        "refs",
        "reference",
        "no",
        "nos",
        "number",
        "num",
        "id",
        "#",
        "ref.",
        "no.",
    ];
    const NUMBERED: &[&str] = &[
        "action",
        "item",
        "task",
        "rec",
        "rec.",
        "recommendation",
        "priority",
        "row",
        "line",
    ];
    let words: Vec<&str> = h
        .split(|c: char| c.is_whitespace() || c == '/')
        .filter(|w| !w.is_empty())
        .collect();
    let numbering = words.iter().filter(|w| NUMBERING.contains(w)).count();
    let named = words.iter().filter(|w| NUMBERED.contains(w)).count();
    (1..=3).contains(&words.len())
        && numbering >= 1
        && numbering + named == words.len()
        && named <= 1
}

/// A header row: the role of each grid column (by the grid column a cell starts at).
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub roles: Vec<Option<Role>>,
    pub names: Vec<String>,
    /// How sure the reading is of each column's role (0 to 1).
    pub confidence: Vec<f32>,
    /// Why each column was read as it was, when it was a guess.
    pub reasons: Vec<Option<String>>,
    /// Rows of the table the header took (two where a row of sub-headings follows).
    pub rows: usize,
}

impl Header {
    /// Decides a column's role on other grounds than its header's words.
    pub fn set(&mut self, col: usize, role: Option<Role>, confidence: f32, reason: String) {
        if col < self.roles.len() {
            self.roles[col] = role;
            self.confidence[col] = confidence;
            self.reasons[col] = Some(reason);
        }
    }

    pub fn col(&self, role: Role) -> Option<usize> {
        self.roles.iter().position(|r| *r == Some(role))
    }
    pub fn has(&self, role: Role) -> bool {
        self.col(role).is_some()
    }
    pub fn width(&self) -> usize {
        self.roles.len()
    }
}

/// Reads a row as a header, if it is one: at least two cells name known roles, one of
/// them what is done (action, milestones) or what it answers (area), and no cell reads
/// like data (long text).
pub fn header_of(row: &Row) -> Option<Header> {
    let width = row.width();
    let mut roles = vec![None; width];
    let mut names = vec![String::new(); width];
    let mut known = 0;
    let mut filled = 0;
    let all_filled = row.cells.iter().filter(|c| !c.is_empty()).count();
    for (col, cell) in row.grid() {
        if cell.is_empty() {
            continue;
        }
        // Most cells are unknown already: a data row, however wide (stop early).
        if (filled - known) * 2 > all_filled {
            return None;
        }
        let text = cell.text();
        filled += 1;
        if text.chars().count() > 70 {
            return None;
        }
        names[col] = crate::table::fold_ws(&text);
        if let Some(r) = role_of(&text) {
            // The same role twice: keep the first ("Action" … "Action owner" is rare).
            if !roles.contains(&Some(r)) || matches!(r, Role::Update | Role::Status) {
                roles[col] = Some(r);
                known += 1;
            }
        }
    }
    let core = roles
        .iter()
        .any(|r| matches!(r, Some(Role::Action | Role::Area | Role::Milestones)));
    let other = roles
        .iter()
        .filter(|r| {
            matches!(
                r,
                Some(
                    Role::Lead
                        | Role::Due
                        | Role::Status
                        | Role::Update
                        | Role::Start
                        | Role::Ref
                        | Role::Action
                        | Role::Impact
                        | Role::Measure
                        | Role::Assurance
                        | Role::Milestones
                )
            )
        })
        .count();
    if known >= 2 && core && other >= 1 && known * 2 >= filled {
        let confidence = roles
            .iter()
            .zip(&names)
            .map(|(r, n)| match (r, n.is_empty()) {
                (Some(_), _) => 0.9,
                (None, true) => 0.0,
                (None, false) => 0.3,
            })
            .collect();
        let reasons = vec![None; width];
        Some(Header {
            roles,
            names,
            confidence,
            reasons,
            rows: 1,
        })
    } else {
        None
    }
}

/// A value that reads like a reference: "1.1", "A5.2", "C", "2.", "17".
pub fn is_ref_like(s: &str) -> bool {
    let t = s.trim();
    if t.is_empty() || t.chars().count() > 10 || t.contains(' ') {
        return false;
    }
    let t = t.trim_end_matches(['.', ')', ':']);
    let letters = t.chars().take_while(|c| c.is_ascii_alphabetic()).count();
    let rest = &t[letters..];
    if rest.is_empty() {
        return letters == 1 && t.chars().all(|c| c.is_ascii_uppercase());
    }
    letters <= 2
        && rest.split('.').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase())
                && p.starts_with(|c: char| c.is_ascii_digit())
        })
}

/// Columns whose header is empty (or says "Action" twice) take a role from their data:
/// a column of "1.1", "A", "2." is the reference. Word plans often head the ref and the
/// action together with one "ACTION" cell over two columns.
pub fn settle_from_data(header: &mut Header, rows: &[&Row]) {
    let width = header.width();
    // Each row's grid once: looking cells up column by column must not cost the
    // width of the row each time (a hostile file can have thousands of columns).
    let grids: Vec<Vec<(usize, &Cell)>> = rows.iter().take(40).map(|r| r.grid()).collect();
    // Full rows only: a fragment split off by a page break has prose anywhere.
    let full: Vec<&Vec<(usize, &Cell)>> = rows
        .iter()
        .zip(&grids)
        .filter(|(r, _)| {
            r.filled() > 2
                && !r
                    .cells
                    .iter()
                    .all(|c| c.text().chars().all(|ch| ch == '-' || ch.is_whitespace()))
        })
        .map(|(_, g)| g)
        .collect();
    let mut has_ref = header.has(Role::Ref);
    for col in 0..width {
        if header.roles[col].is_some_and(|r| r != Role::Action) {
            continue;
        }
        let values: Vec<String> = full
            .iter()
            .filter_map(|g| grid_at(g, col))
            .map(|c| c.text())
            .filter(|t| !t.trim().is_empty())
            .take(20)
            .collect();
        let refs = values.iter().filter(|v| is_ref_like(v)).count();
        // Distinct letters or numbers ("A", "B", "C") under no heading are references
        // even when some of them could be colour letters; repeated ones ("G", "A",
        // "G") are statuses.
        let distinct_refs = !values.is_empty()
            && refs == values.len()
            && values
                .iter()
                .collect::<std::collections::HashSet<_>>()
                .len()
                == values.len();
        // A heading of its own ("Q1", "Jan-24") says the letters are not references
        // (a reference column is known by its heading, or has none).
        let named = !header.names[col].trim().is_empty();
        if header.roles[col].is_none() && (named || !distinct_refs) && status_column(&grids, col) {
            // One status column per reporting month ("Jan-24", "Q1"), or a status
            // column with no heading: the values say what it is.
            let what = if named {
                format!("headed “{}”", header.names[col])
            } else {
                "has no header".to_string()
            };
            header.set(
                col,
                Some(Role::Status),
                0.8,
                format!("{what}; read as status because its cells are status words or colours"),
            );
            continue;
        }
        if values.is_empty() {
            continue;
        }
        // A column of numbers under a heading of its own ("% complete", "Score") is
        // not a second reference column.
        let may_be_ref = !has_ref
            && (header.names[col].trim().is_empty() || header.roles[col] == Some(Role::Action));
        if may_be_ref && refs * 10 >= values.len() * 7 {
            let was_action = header.roles[col] == Some(Role::Action);
            let why = if was_action {
                format!("headed “{}”", header.names[col])
            } else {
                "has no header".to_string()
            };
            header.set(
                col,
                Some(Role::Ref),
                refs as f32 / values.len() as f32 * 0.95,
                format!(
                    "{why}; read as reference because {refs} of {} cells are numbers like “1.2”",
                    values.len()
                ),
            );
            has_ref = true;
            if was_action {
                // the action text is in the next column with no header of its own
                if let Some(next) = (col + 1..width).find(|&c| header.roles[c].is_none()) {
                    header.set(
                        next,
                        Some(Role::Action),
                        0.7,
                        "has no header; read as action, the text beside the numbers".into(),
                    );
                }
            }
        } else if header.roles[col].is_none() && !header.has(Role::Action) {
            header.set(
                col,
                Some(Role::Action),
                0.5,
                "read as action because no other column holds the actions".into(),
            );
        }
    }
}

/// Does this column hold statuses: mostly short status labels ("Amber", "G",
/// "Complete", "✓") or empty cells filled with a status colour?
fn status_column(grids: &[Vec<(usize, &Cell)>], col: usize) -> bool {
    let mut statuses = 0usize;
    let mut others = 0usize;
    for g in grids {
        let Some(c) = grid_at(g, col) else { continue };
        let t = crate::table::fold_ws(&c.text());
        if t.is_empty() {
            if c.fill
                .as_deref()
                .and_then(super::status::colour_name)
                .is_some()
            {
                statuses += 1;
            }
            continue;
        }
        if t.chars().count() <= 20 && is_status_label(&t) {
            statuses += 1;
        } else {
            others += 1;
        }
    }
    statuses >= 2 && statuses >= 4 * others
}

/// A value that names a status by itself: a colour or colour letter, a tick, or a
/// short status phrase ("On track", "Not started").
fn is_status_label(t: &str) -> bool {
    let words = t.split_whitespace().count();
    words <= 3 && assure_domain::status::meaning_of_label(t).is_some()
}

/// The cell that starts at a grid column, in a row's grid (its columns ascend).
fn grid_at<'a>(grid: &[(usize, &'a Cell)], col: usize) -> Option<&'a Cell> {
    grid.binary_search_by_key(&col, |(c, _)| *c)
        .ok()
        .map(|i| grid[i].1)
}

/// The cell that starts at a grid column.
pub fn cell_at(row: &Row, col: usize) -> Option<&Cell> {
    row.grid()
        .into_iter()
        .find(|(c, _)| *c == col)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles() {
        assert_eq!(role_of("By whom"), Some(Role::Lead));
        assert_eq!(role_of("DLT lead:"), Some(Role::Sponsor));
        assert_eq!(role_of("Lead officer:"), Some(Role::Lead));
        assert_eq!(role_of("October 2021 Update"), Some(Role::Update));
        assert_eq!(role_of("PROGRESS MILESTONES"), Some(Role::Milestones));
        assert_eq!(role_of("Measure/outcome:"), Some(Role::Measure));
        assert_eq!(role_of("End date"), Some(Role::Due));
        assert_eq!(role_of("Start:"), Some(Role::Start));
        assert_eq!(role_of("RAG status:"), Some(Role::Status));
        assert_eq!(role_of("Recommendations:"), Some(Role::Area));
        assert_eq!(role_of("Action to be taken"), Some(Role::Action));
        assert_eq!(role_of("Progress to date"), Some(Role::Update));
        assert_eq!(role_of("How are we assured"), Some(Role::Assurance));
        assert_eq!(role_of("Ref:"), Some(Role::Ref));
        for r in [
            "No.",
            "NOS",
            "Action no",
            "Task ID",
            "Item #",
            "Ref No.",
            "#",
            "Rec. ref",
        ] {
            assert_eq!(role_of(r), Some(Role::Ref), "{r}");
        }
        assert_eq!(role_of("Number of children seen"), None);
        assert_eq!(role_of("Key deliverables"), Some(Role::Action));
        assert_eq!(role_of("What needs to happen?"), Some(Role::Action));
        assert_eq!(role_of("Timeline"), Some(Role::Due));
        assert_eq!(role_of("Expected completion"), Some(Role::Due));
        assert_eq!(role_of("Latest position"), Some(Role::Update));
        assert_eq!(role_of("Evidence of completion"), Some(Role::Evidence));
        assert_eq!(role_of("Lead (position)"), Some(Role::Lead));
        assert_eq!(role_of("Workstream"), Some(Role::Area));
        assert_eq!(role_of("Assigned to"), Some(Role::Lead));
        assert_eq!(role_of("Q2"), None);
        assert_eq!(role_of("Action"), Some(Role::Action));
        assert_eq!(role_of("TARGET DATE"), Some(Role::Due));
        assert_eq!(role_of("Who?"), Some(Role::Lead));
        assert_eq!(role_of("When?"), Some(Role::Due));
        assert_eq!(role_of("What?"), Some(Role::Action));
        assert_eq!(role_of("Accountable"), Some(Role::Lead));
        assert_eq!(role_of("Progress indicator"), Some(Role::Status));
        assert_eq!(role_of("STATEMENT"), Some(Role::Area));
    }

    #[test]
    fn refs() {
        for r in ["1.1", "A5.2", "C", "2.", "17", "A7", "1.2.3"] {
            assert!(is_ref_like(r), "{r}");
        }
        for r in ["Action", "1) No drift", "DM"] {
            assert!(!is_ref_like(r), "{r}");
        }
    }
}
