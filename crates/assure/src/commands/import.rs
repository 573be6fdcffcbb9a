//! `assure import FILE`: read a plan, check it, save it in one transaction.

use super::organisation;
use crate::cli::{Format, Global, ImportArgs};
use crate::config::open_store;
use crate::failure::Failure;
use assure_domain::PlanDocument;
use assure_domain::import_report::{ReportItem, bounded};
use assure_domain::model::Actor;
use assure_import::{Corrections, ImportOptions, Reading};
use std::path::Path;

pub async fn run(global: &Global, args: ImportArgs) -> Result<(), Failure> {
    let corrections = match &args.layout {
        Some(path) => read_layout(path)?,
        None => Corrections::default(),
    };
    let (doc, report, to_check, reading) = read_plan_with(&args.file, &corrections)?;
    if args.show_reading {
        match (args.format, reading) {
            (Format::Json, Some(r)) => println!(
                "{}",
                serde_json::to_string_pretty(&r)
                    .map_err(|e| Failure::other(format!("cannot write JSON: {e}")))?
            ),
            (Format::Text, Some(r)) => print!("{}", r.to_text()),
            (_, None) => {
                return Err(Failure::input(format!(
                    "{}: a plan document has no reading to show",
                    args.file.display()
                )));
            }
        }
        return Ok(());
    }
    if args.dry_run {
        match args.format {
            Format::Json => println!("{}", to_json(&doc)?),
            Format::Text => print!("{}{report}", summary(&doc)),
        }
        return Ok(());
    }
    let store = open_store(global).await?;
    let fallback = doc
        .organisation
        .clone()
        .unwrap_or_else(|| "My council".to_string());
    let org = organisation(store.as_ref(), args.org.as_deref(), Some(&fallback)).await?;
    let id = store
        .create_imported_plan(org.id, &doc, &to_check, &Actor::system("cli import"))
        .await
        .map_err(|e| Failure::from(e).prefixed(&args.file))?;
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::json!({ "id": id, "title": doc.title, "organisation": org.name,
                "areas": doc.areas.len(), "actions": doc.actions().len() })
        ),
        Format::Text => {
            print!("{}{report}", summary(&doc));
            println!("Saved to {}.", org.name);
            println!("{id}");
        }
    }
    Ok(())
}

/// Reads a plan file into a plan document, the import report as text and its things to
/// check as the plan keeps them (both empty for a plan document), saying what is wrong
/// and where if it cannot.
pub(super) fn read_plan(path: &Path) -> Result<(PlanDocument, String, Vec<ReportItem>), Failure> {
    let (doc, report, to_check, _) = read_plan_with(path, &Corrections::default())?;
    Ok((doc, report, to_check))
}

/// The most a layout file may hold: a person writes it.
const MAX_LAYOUT_BYTES: u64 = 256 * 1024;

/// Reads corrections from a TOML layout file, saying what is wrong and where.
fn read_layout(path: &Path) -> Result<Corrections, Failure> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| Failure::input(format!("{shown}: {e}")))?;
    if !meta.is_file() {
        return Err(Failure::input(format!("{shown}: not a file")));
    }
    if meta.len() > MAX_LAYOUT_BYTES {
        return Err(Failure::input(format!(
            "{shown}: a layout file is at most {} KB",
            MAX_LAYOUT_BYTES / 1024
        )));
    }
    let text =
        std::fs::read_to_string(path).map_err(|e| Failure::input(format!("{shown}: {e}")))?;
    let c: Corrections = basic_toml::from_str(&text)
        .map_err(|e| Failure::input(format!("{shown}: not a layout: {e}")))?;
    c.validate()
        .map_err(|e| Failure::input(format!("{shown}: {e}")))?;
    Ok(c)
}

/// As [`read_plan`], reading with a person's corrections, and with the reading (none
/// for a plan document, which is not read from a layout).
type Read = (PlanDocument, String, Vec<ReportItem>, Option<Reading>);

pub(super) fn read_plan_with(path: &Path, corrections: &Corrections) -> Result<Read, Failure> {
    let shown = path.display();
    let opts = ImportOptions::default();
    let meta = std::fs::metadata(path).map_err(|e| Failure::input(format!("{shown}: {e}")))?;
    if !meta.is_file() {
        return Err(Failure::input(format!("{shown}: not a file")));
    }
    if meta.len() == 0 {
        return Err(Failure::input(format!("{shown}: the file is empty")));
    }
    if meta.len() > opts.max_bytes {
        return Err(Failure::input(format!(
            "{shown}: the file is {} MB; the limit is {} MB",
            meta.len() / 1_048_576,
            opts.max_bytes / 1_048_576
        )));
    }
    let raw = std::fs::read(path).map_err(|e| Failure::input(format!("{shown}: {e}")))?;
    let is_json = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        assure_domain::document::check_json(&raw)
            .map_err(|e| Failure::input(format!("{shown}: {e}")))?;
        let doc: PlanDocument = serde_json::from_slice(&raw)
            .map_err(|e| Failure::input(format!("{shown}: not a plan document: {e}")))?;
        doc.validate()
            .map_err(|e| Failure::input(format!("{shown}: {e}")))?;
        return Ok((doc, String::new(), Vec::new(), None));
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("plan");
    // The importer's errors already name the file.
    let outcome = assure_import::import_bytes_with(name, &raw, &opts, corrections)
        .map_err(|e| Failure::input(e.to_string()))?;
    outcome
        .document
        .validate()
        .map_err(|e| Failure::input(format!("{shown}: {e}")))?;
    let to_check = bounded(outcome.report.to_keep());
    Ok((
        outcome.document,
        outcome.report.to_text(),
        to_check,
        Some(outcome.reading),
    ))
}

fn to_json(doc: &PlanDocument) -> Result<String, Failure> {
    serde_json::to_string_pretty(doc).map_err(|e| Failure::other(format!("cannot write JSON: {e}")))
}

/// What a person wants to know after an import.
fn summary(doc: &PlanDocument) -> String {
    let actions = doc.actions();
    let children = actions.iter().filter(|(depth, _)| *depth > 0).count();
    let updates: usize = actions.iter().map(|(_, a)| a.updates.len()).sum();
    let no_lead = actions.iter().filter(|(_, a)| a.leads.is_empty()).count();
    let mut out = format!("Plan: {}\n", doc.title);
    if let Some(org) = &doc.organisation {
        out += &format!("Council: {org}\n");
    }
    out += &format!(
        "{} areas, {} actions ({} of them sub-rows), {} updates\n",
        doc.areas.len(),
        actions.len(),
        children,
        updates
    );
    if no_lead > 0 {
        out += &format!("{no_lead} actions have no lead\n");
    }
    out
}

impl Failure {
    /// Names the file in the message, so the person knows which input was wrong.
    fn prefixed(mut self, path: &Path) -> Self {
        self.message = format!("{}: {}", path.display(), self.message);
        self
    }
}
