//! The command line.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "assure",
    version,
    about = "Improvement action plans for children's services"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the data lives; every command takes these.
#[derive(Debug, Args)]
pub struct Global {
    /// The database: `sqlite:PATH` or `postgres://USER@HOST/DB`. Defaults to a SQLite
    /// file in the data directory.
    #[arg(
        long,
        env = "ASSURE_DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    /// Where Assure keeps its files.
    #[arg(
        long,
        env = "ASSURE_DATA_DIR",
        global = true,
        default_value = "./assure-data"
    )]
    pub data_dir: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import a plan and save it (its id is the last line printed).
    Import(ImportArgs),
    /// Write a plan out as a plan document.
    Export(ExportArgs),
    /// Write a board report of a stored plan: PDF, Word, Excel or CSV.
    Report(ReportArgs),
    /// Check a plan the way Ofsted reads one: a file (no database needed) or a stored plan.
    Check(CheckArgs),
    /// Run the web app.
    Serve(ServeArgs),
    /// Load the demo council (Northbridge) and its plan, unless already loaded.
    Demo(DemoArgs),
    /// Send the reminder emails due now (the invitation when a round opens, the reminder
    /// before its deadline, the escalation to owners after it, sign-off requests, impact
    /// checks, chases): each at most once, for cron users; `serve` does it by itself.
    Remind(RemindArgs),
    /// Bring the database schema up to date (also done at every start).
    Migrate,
    /// Manage people.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// A plan's measures (KPIs): load values or definitions, write them out.
    Measures {
        #[command(subcommand)]
        command: MeasuresCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum MeasuresCommand {
    /// Load measures into a plan: values from a performance report (.csv or .xlsx, one
    /// row per value or one column per month), or whole measures from a JSON export.
    Import(MeasuresImportArgs),
    /// Write a plan's measures out: their values as CSV (which imports back unchanged)
    /// or everything as JSON.
    Export(MeasuresExportArgs),
}

#[derive(Debug, Args)]
pub struct MeasuresImportArgs {
    /// The plan's id.
    #[arg(long)]
    pub plan: String,
    /// The file: .csv, .xlsx or .json.
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct MeasuresExportArgs {
    /// The plan's id.
    #[arg(long)]
    pub plan: String,
    #[arg(long, value_enum, default_value = "json")]
    pub format: MeasuresFormat,
    /// Write here instead of to standard output.
    #[arg(long)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MeasuresFormat {
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Grow the demo plan with fictional actions to exactly this many (sub-actions
    /// included; at most 20000), e.g. for a load test.
    #[arg(long, value_name = "N")]
    pub actions: Option<usize>,
    /// Give every action exactly this many monthly updates (at most 60), e.g. for a
    /// scale test.
    #[arg(long, value_name = "N")]
    pub updates: Option<usize>,
    /// Give the demo plan exactly this many measures (at most 500), each added one a
    /// fictional percentage with 36 months of values, e.g. for the measures page's load
    /// test.
    #[arg(long, value_name = "N")]
    pub measures: Option<usize>,
    /// Load this many copies of the plan in all (at most 5000): the demo council gets
    /// ten, the rest go ten each to fictional councils. For a scale test.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub plans: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Text,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The plan: Word (.docx), Excel (.xlsx), .csv, text pasted from Word (.txt), or a
    /// plan document (.json).
    pub file: PathBuf,
    /// Read and check the file, print the result, save nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// `json` prints the plan document (with --dry-run) or a one-line summary.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// The council the plan belongs to; needed when the store holds more than one.
    #[arg(long)]
    pub org: Option<String>,
    /// Print how the file was read (its columns and their meanings, how sure, why;
    /// each row's class) and save nothing. Write corrections for `--layout` from it.
    #[arg(long)]
    pub show_reading: bool,
    /// Read the file with these corrections (a TOML layout: column meanings, the header
    /// row, row classes; see the user guide).
    #[arg(long, value_name = "FILE.toml")]
    pub layout: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("which").required(true).args(["file", "plan"]))]
pub struct CheckArgs {
    /// The plan: Word (.docx), Excel (.xlsx), .csv, text pasted from Word (.txt), or a
    /// plan document (.json). Read as it is; nothing is saved.
    pub file: Option<PathBuf>,
    /// A stored plan's id, instead of a file.
    #[arg(long)]
    pub plan: Option<String>,
    /// The date to read the plan as of (YYYY-MM-DD): overdue is judged against it.
    /// Default: today for a stored plan; for a file, the date of its latest dated update
    /// (else today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// When the inspection report was published (YYYY-MM-DD), for the 70-working-day
    /// deadline.
    #[arg(long, value_name = "DATE")]
    pub report_published: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The plan's id (as `assure import` printed it).
    #[arg(long)]
    pub plan: String,
    #[arg(long, value_enum, default_value = "json")]
    pub format: ExportFormat,
    /// Write here instead of to standard output (required for docx and xlsx).
    #[arg(long)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The plan's id (as `assure import` printed it).
    #[arg(long)]
    pub plan: String,
    /// The reporting period, YYYY-MM: that month, or the quarter it falls in for a plan
    /// updated quarterly. Default: the latest period that has ended.
    #[arg(long, value_name = "YYYY-MM")]
    pub period: Option<String>,
    /// Who it is for: `board` (everything), `scrutiny` (no personal names: leads shown as
    /// roles) or `exceptions` (only what needs attention, no personal names).
    #[arg(long, value_enum, default_value = "board")]
    pub audience: ReportAudience,
    #[arg(long, value_enum)]
    pub format: ReportFormat,
    /// The file to write (written beside it and renamed, so never half a file).
    #[arg(long)]
    pub output: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportAudience {
    Board,
    Scrutiny,
    Exceptions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Pdf,
    Docx,
    Xlsx,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The plan document (`assure.plan/1`).
    Json,
    /// The whole plan as Word tables, to edit and import again.
    Docx,
    /// The whole plan as an Excel workbook, to edit and import again.
    Xlsx,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on.
    #[arg(long, env = "ASSURE_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Load the demo council first if the store has no plans.
    #[arg(long)]
    pub demo: bool,
    /// With --demo: grow the demo plan to exactly this many actions (see `assure demo
    /// --actions`).
    #[arg(long, value_name = "N", requires = "demo")]
    pub demo_actions: Option<usize>,
    /// With --demo: give the demo plan exactly this many measures, each added one with 36
    /// months of values (see `assure demo --measures`).
    #[arg(long, value_name = "N", requires = "demo")]
    pub demo_measures: Option<usize>,
    /// The address people use, e.g. `https://assure.council.example`; an https address
    /// makes the cookies Secure.
    #[arg(long, env = "ASSURE_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses).
    #[arg(long, env = "ASSURE_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    #[command(flatten)]
    pub mail: MailArgs,
    /// How often the reminder emails are worked out and sent, in minutes (with --smtp-url).
    #[arg(
        long,
        env = "ASSURE_REMIND_EVERY",
        default_value_t = 5,
        value_name = "MINUTES"
    )]
    pub remind_every: u64,
}

/// Where reminder emails go out and what their links point to.
#[derive(Debug, Clone, Args)]
pub struct MailArgs {
    /// The SMTP server, as one URL in lettre's form: `smtps://USER:PASSWORD@HOST:465`,
    /// `smtp://USER:PASSWORD@HOST:587?tls=required`, or `smtp://127.0.0.1:2525` for a
    /// local relay. Without it `serve` sends no email.
    #[arg(long, env = "ASSURE_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Who reminder emails come from, e.g. `Assure <assure@council.example>`.
    #[arg(long, env = "ASSURE_MAIL_FROM")]
    pub mail_from: Option<String>,
}

#[derive(Debug, Args)]
pub struct RemindArgs {
    /// Only this plan's reminders (its id).
    #[arg(long)]
    pub plan: Option<String>,
    /// The day to work out what is due on (YYYY-MM-DD); default today in England.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Print what is due; send and record nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// `json`: an array with one object per message (to, kind, plan, actions).
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// The address people use, for the links in the emails.
    #[arg(long, env = "ASSURE_PUBLIC_URL")]
    pub public_url: Option<String>,
    #[command(flatten)]
    pub mail: MailArgs,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a person. The password comes from ASSURE_PASSWORD, or is asked for.
    Add(UserAddArgs),
}

#[derive(Debug, Args)]
pub struct UserAddArgs {
    pub email: String,
    #[arg(long)]
    pub name: String,
    #[arg(long, value_enum, default_value = "member")]
    pub role: Role,
    /// The council: needed when the store holds more than one; on a fresh install, the
    /// name of the council to create.
    #[arg(long)]
    pub org: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Role {
    Admin,
    Member,
}
