//! `assure remind`: the reminder emails due now, sent once (or, with --dry-run, printed);
//! and the mail settings `serve` shares with it.

use crate::cli::{Format, Global, MailArgs, RemindArgs};
use crate::config::open_store;
use crate::failure::Failure;
use assure_domain::clock::uk_date;
use assure_mail::{Mailer, Outcome, RunOptions, Sent};
use chrono::NaiveDate;
use uuid::Uuid;

/// Where links point when no public URL is given: the address `serve` listens on by
/// default, which only works on the server itself — said in the deployment guide.
pub const LOCAL_URL: &str = "http://127.0.0.1:8080";

/// The mailer the flags describe: `None` without an SMTP URL.
///
/// # Errors
/// An input failure for an unusable URL or sender, or a URL without a sender.
pub fn mailer(args: &MailArgs) -> Result<Option<Mailer>, Failure> {
    let Some(url) = args
        .smtp_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    else {
        return Ok(None);
    };
    let Some(from) = args.mail_from.as_deref().filter(|f| !f.trim().is_empty()) else {
        return Err(Failure::input(
            "--smtp-url needs --mail-from (ASSURE_MAIL_FROM): the address reminders come from",
        ));
    };
    Mailer::new(url, from)
        .map(Some)
        .map_err(|e| Failure::input(e.to_string()))
}

/// The public URL for links: checked to be an http(s) address.
///
/// # Errors
/// An input failure for anything else.
pub fn public_url(given: Option<&str>) -> Result<String, Failure> {
    match given.map(str::trim).filter(|u| !u.is_empty()) {
        None => Ok(LOCAL_URL.to_string()),
        Some(u) if u.starts_with("https://") || u.starts_with("http://") => {
            Ok(u.trim_end_matches('/').to_string())
        }
        Some(u) => Err(Failure::input(format!(
            "the public URL {u:?} is not an http:// or https:// address"
        ))),
    }
}

pub async fn run(global: &Global, args: RemindArgs) -> Result<(), Failure> {
    // Input first, so a mistake changes nothing.
    let today = match &args.as_of {
        Some(d) => NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| {
            Failure::input(format!("--as-of must be a date like 2026-12-01, not {d:?}"))
        })?,
        None => uk_date(chrono::Utc::now()),
    };
    let plan = match &args.plan {
        Some(p) => Some(
            Uuid::parse_str(p.trim())
                .map_err(|_| Failure::input(format!("--plan must be a plan's id, not {p:?}")))?,
        ),
        None => None,
    };
    let public_url = public_url(args.public_url.as_deref())?;
    let mailer = mailer(&args.mail)?;
    if !args.dry_run && mailer.is_none() {
        return Err(Failure::input(
            "no SMTP server is configured: give --smtp-url (ASSURE_SMTP_URL) and --mail-from, or use --dry-run",
        ));
    }
    let store = open_store(global).await?;
    let options = RunOptions {
        plan,
        today,
        dry_run: args.dry_run,
        public_url,
    };
    let report = assure_mail::remind(store.as_ref(), mailer.as_ref(), &options).await?;
    let all: Vec<&Sent> = report.retried.iter().chain(&report.messages).collect();
    match args.format {
        Format::Json => {
            let json = serde_json::to_string_pretty(&all)
                .map_err(|e| Failure::other(format!("cannot write JSON: {e}")))?;
            println!("{json}");
        }
        Format::Text => {
            for m in &all {
                let what = match &m.outcome {
                    Outcome::Due => "due".to_string(),
                    Outcome::Sent => "sent".to_string(),
                    Outcome::Failed(e) => format!("not sent, will retry: {e}"),
                    Outcome::Abandoned(e) => format!("not sent, given up: {e}"),
                };
                println!(
                    "{} {} ({} actions) to {}: {} [{what}]",
                    m.kind.as_str(),
                    m.plan,
                    m.actions.len(),
                    m.to,
                    m.subject
                );
            }
            let verb = if args.dry_run { "due" } else { "sent" };
            let n = if args.dry_run {
                all.len()
            } else {
                report.sent()
            };
            println!("{n} messages {verb}.");
        }
    }
    if report.failed() > 0 {
        return Err(Failure::other(format!(
            "{} messages were not sent; they are recorded and will be retried",
            report.failed()
        )));
    }
    Ok(())
}
