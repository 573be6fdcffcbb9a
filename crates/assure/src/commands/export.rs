//! `assure export --plan ID`: the plan document of a stored plan.

use crate::cli::{ExportArgs, ExportFormat, Global};
use crate::config::open_store;
use crate::failure::Failure;
use std::io::Write;

pub async fn run(global: &Global, args: ExportArgs) -> Result<(), Failure> {
    let id = uuid::Uuid::parse_str(args.plan.trim())
        .map_err(|_| Failure::input(format!("{:?} is not a plan id", args.plan)))?;
    let store = open_store(global).await?;
    let plan = store.plan(id).await?;
    let body = match args.format {
        ExportFormat::Json => serde_json::to_string_pretty(&plan.to_document())
            .map_err(|e| Failure::other(format!("cannot write JSON: {e}")))?,
    };
    write_out(args.output, &body)
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
