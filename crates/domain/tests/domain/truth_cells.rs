//! Every timescale, start, milestone due, lead cell and status of the five real plans
//! (`shared/fixtures`), read with the domain's cell readers and compared with the truth.
//!
//! The context year of a plan is [`infer_default_year`] over the plan's title and every
//! timescale text in it (due, start and milestone cells): the most frequent explicit year,
//! the earliest on a tie. The importer does the same from the document's cells.
//!
//! Rows with two or more milestones whose timescale cell is a list of values are paired
//! with [`pair_timescale`] (as the importer does); every other cell is read whole with
//! [`parse_timescale`]. A start that the due cell does not give comes from a Start column
//! and is read with [`parse_start`].

use assure_domain::leads::{lone_leads, split_leads};
use assure_domain::status::{brag_scheme, meaning_of_description, meaning_of_label, rag_scheme};
use assure_domain::when::{
    WhenContext, infer_default_year, pair_timescale, parse_start, parse_timescale,
};
use assure_domain::{Action, PlanDocument};
use std::path::{Path, PathBuf};

fn fixtures() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures");
    dir.join("truth").is_dir().then_some(dir)
}

fn truth_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("truth"))
        .expect("truth dir readable")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn load(path: &Path) -> PlanDocument {
    let text = std::fs::read_to_string(path).expect("truth file readable");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn context_for(doc: &PlanDocument) -> WhenContext {
    let mut texts: Vec<&str> = vec![doc.title.as_str()];
    for (_, a) in doc.actions() {
        texts.extend(a.due.iter().map(|w| w.text.as_str()));
        texts.extend(a.start.iter().map(|w| w.text.as_str()));
        texts.extend(
            a.milestones
                .iter()
                .filter_map(|m| m.due.as_ref())
                .map(|w| w.text.as_str()),
        );
    }
    WhenContext {
        default_year: infer_default_year(texts),
    }
}

/// Checks one action's due, start and milestone dues; returns how many values it compared.
fn check_action(plan: &str, a: &Action, ctx: &WhenContext) -> usize {
    let who = format!(
        "{plan} action {:?} {:?}",
        a.r#ref,
        a.text.chars().take(40).collect::<String>()
    );
    let mut checked = 0;
    let Some(due) = &a.due else {
        assert!(a.start.is_none(), "{who}: a start without a due cell");
        assert!(
            a.milestones.iter().all(|m| m.due.is_none()),
            "{who}: milestone due without a cell"
        );
        return 0;
    };
    let whole = parse_timescale(&due.text, ctx);
    match pair_timescale(&due.text, a.milestones.len(), ctx) {
        Some(paired) => {
            assert_eq!(&paired.due, due, "{who}: paired due of {:?}", due.text);
            checked += 1;
            for (m, got) in a.milestones.iter().zip(&paired.milestones) {
                assert_eq!(
                    got, &m.due,
                    "{who}: milestone {:?} of cell {:?}",
                    m.text, due.text
                );
                checked += usize::from(m.due.is_some());
            }
        }
        None => {
            assert_eq!(
                whole.due.as_ref(),
                Some(due),
                "{who}: due of {:?}",
                due.text
            );
            checked += 1;
            for m in &a.milestones {
                assert!(
                    m.due.is_none(),
                    "{who}: milestone {:?} dated without pairing",
                    m.text
                );
            }
        }
    }
    match (&a.start, &whole.start) {
        (Some(truth), Some(got)) => {
            assert_eq!(got, truth, "{who}: start named in due cell {:?}", due.text);
            checked += 1;
        }
        (Some(truth), None) => {
            // A Start column of its own.
            assert_eq!(
                parse_start(&truth.text, ctx).as_ref(),
                Some(truth),
                "{who}: start cell {:?}",
                truth.text
            );
            checked += 1;
        }
        (None, Some(got)) => panic!(
            "{who}: {:?} gave a start {got:?} the truth does not have",
            due.text
        ),
        (None, None) => {}
    }
    checked
}

/// The lead cells of a tab-separated fixture, in row order: after a header row that has a
/// lead column ("By whom", "LEAD", "DELIVERY LEAD", "Lead officer:") and a timescale column
/// ("Timescale", "TARGET DATE", "End date", "End:"), every row whose timescale cell is filled
/// is an action row (page-break fragments and banners have none; "--" separator rows
/// are not data).
fn lead_cells(txt: &str) -> Option<Vec<String>> {
    let mut cols: Option<(usize, usize)> = None;
    let mut found = false;
    let mut out = Vec::new();
    for line in txt.split('\n') {
        let cells: Vec<&str> = line.split('\t').collect();
        let find =
            |pred: &dyn Fn(&str) -> bool| cells.iter().position(|c| pred(&c.trim().to_lowercase()));
        let lead =
            find(&|c| c.len() < 20 && (c.contains("lead") || c == "by whom") && !c.contains("dlt"));
        let time = find(&|c| c == "timescale" || c == "target date" || c.starts_with("end"));
        if let (Some(l), Some(t)) = (lead, time) {
            cols = Some((l, t));
            found = true;
            continue;
        }
        let Some((l, t)) = cols else { continue };
        let separator = cells.iter().all(|c| c.trim().chars().all(|ch| ch == '-'));
        if !separator && cells.get(t).is_some_and(|c| !c.trim().is_empty()) {
            out.push(strip_tags(cells.get(l).copied().unwrap_or("")));
        }
    }
    found.then_some(out)
}

/// `<p>` paragraphs become lines; other tags go.
fn strip_tags(cell: &str) -> String {
    let cell = cell.replace("</p>", "\n");
    let mut out = String::new();
    let mut in_tag = false;
    for c in cell.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
#[ignore = "needs ../shared/fixtures beside the repository (CI has it); scripts/test runs it when it is there"]
fn truth_cells_parse_to_truth_values() {
    let Some(dir) = fixtures() else {
        println!("skipped: ../shared/fixtures not found");
        return;
    };
    let files = truth_files(&dir);
    assert!(!files.is_empty(), "no truth files in {}", dir.display());
    let (mut whens, mut leads, mut statuses) = (0, 0, 0);
    for path in &files {
        let plan = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("?")
            .to_string();
        let doc = load(path);
        let ctx = context_for(&doc);
        let actions = doc.actions();

        for (_, a) in &actions {
            whens += check_action(&plan, a, &ctx);
        }

        // Leads, from the original cells.
        let txt_path = dir.join(format!("{plan}.txt"));
        if let Ok(txt) = std::fs::read_to_string(&txt_path) {
            match lead_cells(&txt) {
                Some(cells) => {
                    assert_eq!(cells.len(), actions.len(), "{plan}: lead cells vs actions");
                    let known = lone_leads(cells.iter().map(String::as_str));
                    for (cell, (_, a)) in cells.iter().zip(&actions) {
                        assert_eq!(
                            split_leads(cell, &known),
                            a.leads,
                            "{plan}: lead cell {cell:?}"
                        );
                        leads += 1;
                    }
                }
                None => {
                    // No lead column: the truth has no leads either.
                    assert!(
                        actions.iter().all(|(_, a)| a.leads.is_empty()),
                        "{plan}: leads without a column"
                    );
                }
            }
        }

        // Status schemes and per-action statuses.
        for def in &doc.status_scheme {
            let got = match &def.description {
                Some(d) => meaning_of_description(d),
                None => meaning_of_label(&def.label),
            };
            assert_eq!(got, Some(def.meaning), "{plan}: legend {def:?}");
            statuses += 1;
        }
        if doc.status_scheme.iter().all(|d| d.description.is_none())
            && !doc.status_scheme.is_empty()
        {
            let named = if doc.status_scheme.iter().any(|d| d.label == "Blue") {
                brag_scheme()
            } else {
                rag_scheme()
            };
            assert_eq!(
                doc.status_scheme, named,
                "{plan}: a scheme named by its column"
            );
        }
        for (_, a) in &actions {
            if let Some(s) = &a.status {
                assert_eq!(
                    meaning_of_label(&s.label),
                    Some(s.meaning),
                    "{plan}: status {s:?}"
                );
                statuses += 1;
            }
        }
    }
    println!(
        "checked {whens} due/start/milestone values, {leads} lead cells, {statuses} statuses in {} truth files",
        files.len()
    );
    assert!(whens > 0, "no timescale was checked");
}
