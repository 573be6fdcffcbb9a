//! `assure report --plan ID --format pdf|docx|xlsx|csv --output FILE`: a board report of a
//! stored plan, as the web's Reports page makes it.

use crate::cli::{Global, ReportArgs, ReportAudience, ReportFormat};
use crate::config::open_store;
use crate::failure::Failure;
use assure_domain::clock::{Clock, SystemClock};
use assure_domain::status_history::StatusHistory;
use assure_report::model::{latest_closed_period, parse_period, report_cadence};
use assure_report::{Audience, Format, ReportRequest};
use std::io::Write;

pub async fn run(global: &Global, args: ReportArgs) -> Result<(), Failure> {
    let id = uuid::Uuid::parse_str(args.plan.trim())
        .map_err(|_| Failure::input(format!("{:?} is not a plan id", args.plan)))?;
    let audience = match args.audience {
        ReportAudience::Board => Audience::Board,
        ReportAudience::Scrutiny => Audience::Scrutiny,
        ReportAudience::Exceptions => Audience::Exceptions,
    };
    let format = match args.format {
        ReportFormat::Pdf => Format::Pdf,
        ReportFormat::Docx => Format::Docx,
        ReportFormat::Xlsx => Format::Xlsx,
        ReportFormat::Csv => Format::Csv,
    };
    let store = open_store(global).await?;
    let plan = store.plan(id).await?;
    let today = SystemClock.today();
    let cadence = report_cadence(&plan);
    let period = match &args.period {
        Some(p) => parse_period(p, cadence, today).map_err(|e| Failure::input(e.to_string()))?,
        None => latest_closed_period(today, cadence),
    };
    let history = StatusHistory::new(store.status_changes(plan.id).await?);
    let people: Vec<String> = store
        .users(plan.org_id)
        .await?
        .into_iter()
        .map(|u| u.name)
        .collect();
    let report = assure_report::build(&ReportRequest {
        plan: &plan,
        history: &history,
        period: &period,
        audience,
        today,
        people: &people,
    });
    let bytes = tokio::task::spawn_blocking(move || assure_report::render(&report, format))
        .await
        .map_err(|e| Failure::other(format!("the report could not be written: {e}")))?
        .map_err(|e| Failure::other(e.to_string()))?;
    let path = args.output;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let shown = path.display();
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| Failure::input(format!("{shown}: {e}")))?;
    tmp.write_all(&bytes)
        .map_err(|e| Failure::other(format!("{shown}: {e}")))?;
    tmp.persist(&path)
        .map_err(|e| Failure::input(format!("{shown}: {}", e.error)))?;
    eprintln!(
        "Wrote {shown}: {} report for {} ({} bytes)",
        audience.describe(),
        period.label,
        bytes.len()
    );
    Ok(())
}
