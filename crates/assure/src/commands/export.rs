//! `assure export --plan ID`: the plan document of a stored plan, or the whole plan as
//! Word or Excel to edit and import again.

use crate::cli::{ExportArgs, ExportFormat, Global};
use crate::config::open_store;
use crate::failure::Failure;
use assure_report::plan_export::{self, PlanFormat};
use std::io::Write;

pub async fn run(global: &Global, args: ExportArgs) -> Result<(), Failure> {
    let id = uuid::Uuid::parse_str(args.plan.trim())
        .map_err(|_| Failure::input(format!("{:?} is not a plan id", args.plan)))?;
    let store = open_store(global).await?;
    let plan = store.plan(id).await?;
    let format = match args.format {
        ExportFormat::Json => {
            let body = serde_json::to_string_pretty(&plan.to_document())
                .map_err(|e| Failure::other(format!("cannot write JSON: {e}")))?;
            return write_out(args.output, &body);
        }
        ExportFormat::Docx => PlanFormat::Docx,
        ExportFormat::Xlsx => PlanFormat::Xlsx,
    };
    let Some(path) = args.output else {
        return Err(Failure::input(format!(
            "a {} file is not text: say where to write it with --output FILE",
            format.as_str()
        )));
    };
    let doc = plan.to_document();
    let bytes = tokio::task::spawn_blocking(move || plan_export::render(&doc, format))
        .await
        .map_err(|e| Failure::other(format!("the plan could not be written: {e}")))?
        .map_err(|e| Failure::other(e.to_string()))?;
    write_bytes(&path, &bytes)?;
    eprintln!("Wrote {} ({} bytes)", path.display(), bytes.len());
    Ok(())
}

/// Writes `bytes` to `path`: beside the target and renamed, so a failure never leaves
/// half a file.
fn write_bytes(path: &std::path::Path, bytes: &[u8]) -> Result<(), Failure> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let shown = path.display();
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| Failure::input(format!("{shown}: {e}")))?;
    tmp.write_all(bytes)
        .map_err(|e| Failure::other(format!("{shown}: {e}")))?;
    tmp.persist(path)
        .map_err(|e| Failure::input(format!("{shown}: {}", e.error)))?;
    Ok(())
}

/// Prints `body`, or writes it to `output`: beside the target and renamed, so a failure
/// never leaves half a file.
pub(crate) fn write_out(output: Option<std::path::PathBuf>, body: &str) -> Result<(), Failure> {
    match output {
        None => println!("{body}"),
        Some(path) => {
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            let shown = path.display();
            let mut tmp = tempfile::NamedTempFile::new_in(dir)
                .map_err(|e| Failure::input(format!("{shown}: {e}")))?;
            tmp.write_all(body.as_bytes())
                .and_then(|()| tmp.write_all(b"\n"))
                .map_err(|e| Failure::other(format!("{shown}: {e}")))?;
            tmp.persist(&path)
                .map_err(|e| Failure::input(format!("{shown}: {}", e.error)))?;
            eprintln!("Wrote {shown}");
        }
    }
    Ok(())
}
