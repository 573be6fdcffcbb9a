//! The improvement action plan as councils write it, and the rules Assure applies to it.
//!
//! This crate is pure: no IO, no async, no clock reads except through [`clock::Clock`].
//! Everything above it (store, import, web) speaks these types.

pub mod attention;
pub mod audit;
pub mod calendar;
pub mod checks;
pub mod clock;
pub mod document;
pub mod import_report;
pub mod input;
pub mod leads;
pub mod measures;
pub mod meetings;
pub mod model;
pub mod periods;
pub mod plan_tables;
pub mod reminders;
pub mod roles;
pub mod rounds;
pub mod schedule;
pub mod signoff;
pub mod status;
pub mod status_history;
pub mod when;
pub mod wording;

pub use audit::{AuditChange, AuditEntity};
pub use document::{
    Action, Area, FORMAT, GlossaryEntry, Inspection, Judgement, MAX_ACTIONS, Milestone,
    PlanDocument, StatusDef, StatusValue, Update,
};
pub use periods::{Cadence, Period, Tiling};
pub use roles::{Permission, PlanRole};
pub use schedule::Schedule;
pub use status::Meaning;
pub use when::{Recurrence, When, WhenKind};
