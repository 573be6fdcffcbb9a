//! The improvement action plan as councils write it, and the rules Assure applies to it.
//!
//! This crate is pure: no IO, no async, no clock reads except through [`clock::Clock`].
//! Everything above it (store, import, web) speaks these types.

pub mod clock;
pub mod document;
pub mod leads;
pub mod model;
pub mod status;
pub mod when;

pub use document::{
    Action, Area, FORMAT, GlossaryEntry, Inspection, Judgement, Milestone, PlanDocument, StatusDef,
    StatusValue, Update,
};
pub use status::Meaning;
pub use when::{Recurrence, When, WhenKind};
