//! One trait per aggregate, each in its own file; [`Store`] is all of them, the one
//! object-safe handle callers hold as `Arc<dyn Store>`.

mod areas_actions;
mod audit;
mod checks;
mod files;
mod glossary;
mod import_report;
mod layouts;
mod measures;
mod meetings;
mod people;
mod plans;
mod reminders;
mod rounds;
mod sessions;
mod signoff;
mod updates_evidence;

pub use areas_actions::ActionStore;
pub use audit::AuditStore;
pub use checks::{CheckStore, NewDismissal};
pub use files::{FileStore, UnreferencedFile};
pub use glossary::{GlossaryStore, LeadLink, LinkOutcome};
pub use import_report::ImportReportStore;
pub use layouts::{
    LayoutStore, MAX_CORRECTIONS_BYTES, MAX_LAYOUT_NAME_CHARS, MAX_SIGNATURE_CHARS, NewLayout,
    SavedLayout,
};
pub use measures::{
    Measure, MeasureFields, MeasureLink, MeasureStore, MeasureValue, ValueEntry, ValuesOutcome,
};
pub use meetings::{DecidedAction, MeetingStore, NewMeeting};
pub use people::{NewUser, PeopleStore};
pub use plans::PlanStore;
pub use reminders::{LoggedMessage, MessageStatus, NewMessage, ReminderStore};
pub use rounds::RoundStore;
pub use sessions::{NewSession, SessionStore};
pub use signoff::SignOffStore;
pub use updates_evidence::{NewEvidence, NewUpdate, ProgressStore};

/// Everything Assure keeps. Handlers and the CLI hold an `Arc<dyn Store>` and call the
/// aggregate traits' methods through it.
pub trait Store:
    PlanStore
    + ActionStore
    + ProgressStore
    + SignOffStore
    + PeopleStore
    + SessionStore
    + AuditStore
    + FileStore
    + CheckStore
    + ImportReportStore
    + RoundStore
    + ReminderStore
    + MeetingStore
    + MeasureStore
    + GlossaryStore
    + LayoutStore
    + Send
    + Sync
{
    /// Which backend this is: "sqlite" or "postgres".
    fn backend(&self) -> &'static str;

    /// How many writes this store has committed since it was opened: a value read before
    /// the count last moved may be out of date. Writes made by other processes (another
    /// instance, the CLI) do not move it.
    fn changes(&self) -> u64;
}
