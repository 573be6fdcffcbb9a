//! `assure measures import|export --plan ID`: a plan's measures in and out of files.

use crate::cli::{Global, MeasuresCommand, MeasuresFormat};
use crate::commands::export::write_out;
use crate::config::open_store;
use crate::failure::Failure;
use assure_domain::measures::{MeasureDoc, UploadRow};
use assure_domain::model::Actor;
use assure_import::ImportOptions;
use assure_store::StoreError;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `--format json`: the measures with their targets, values and status.
#[derive(Serialize, Deserialize)]
struct MeasuresFile {
    measures: Vec<MeasureDoc>,
}

fn plan_id(text: &str) -> Result<Uuid, Failure> {
    Uuid::parse_str(text.trim()).map_err(|_| Failure::input(format!("{text:?} is not a plan id")))
}

pub async fn run(global: &Global, command: MeasuresCommand) -> Result<(), Failure> {
    match command {
        MeasuresCommand::Export(args) => {
            let id = plan_id(&args.plan)?;
            let store = open_store(global).await?;
            let plan = store.plan(id).await?;
            let body = match args.format {
                MeasuresFormat::Json => {
                    let file = MeasuresFile {
                        measures: plan.to_document().measures,
                    };
                    serde_json::to_string_pretty(&file)
                        .map_err(|e| Failure::other(format!("cannot write JSON: {e}")))?
                }
                MeasuresFormat::Csv => {
                    let rows: Vec<UploadRow> = plan
                        .measures
                        .iter()
                        .flat_map(|m| {
                            m.values.iter().map(|v| UploadRow {
                                measure: m.fields.name.clone(),
                                period: v.period.key(),
                                value: m.fields.unit.plain(v.value),
                                note: v.note.clone(),
                                place: String::new(),
                            })
                        })
                        .collect();
                    assure_import::measures::values_csv(&rows)
                }
            };
            write_out(args.output, body.trim_end())
        }
        MeasuresCommand::Import(args) => {
            let id = plan_id(&args.plan)?;
            let shown = args.file.display().to_string();
            let bytes =
                std::fs::read(&args.file).map_err(|e| Failure::input(format!("{shown}: {e}")))?;
            let store = open_store(global).await?;
            let actor = Actor::system("cli measures import");
            let is_json = args
                .file
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"));
            if is_json {
                let file: MeasuresFile = serde_json::from_slice(&bytes)
                    .map_err(|e| Failure::input(format!("{shown}: not a measures file: {e}")))?;
                let n = store
                    .import_measures(id, &file.measures, &actor)
                    .await
                    .map_err(|e| match e {
                        StoreError::Invalid(m) => {
                            Failure::input(format!("{shown}: {m}; nothing was saved"))
                        }
                        other => other.into(),
                    })?;
                println!("Saved {n} measure{}", if n == 1 { "" } else { "s" });
                return Ok(());
            }
            let rows =
                assure_import::measures::read_values(&shown, &bytes, &ImportOptions::default())
                    .map_err(|e| Failure::input(e.to_string()))?;
            let (read, out) =
                store
                    .record_upload(id, &rows, &actor)
                    .await
                    .map_err(|e| match e {
                        StoreError::Invalid(problems) => Failure::input(format!(
                            "{shown}: nothing was saved, because:\n  {}",
                            problems.replace('\n', "\n  ")
                        )),
                        other => other.into(),
                    })?;
            println!(
                "{read} values read: {} added, {} changed, {} unchanged",
                out.added,
                out.changed,
                read - out.saved()
            );
            Ok(())
        }
    }
}
