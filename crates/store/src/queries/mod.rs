//! The store's SQL, written once for both backends.
//!
//! This module tree is mounted twice, in `sqlite.rs` and `postgres.rs`, each of which
//! defines `Db` (the sqlx database), `StoreImpl` (its store type with `pool` and `clock`
//! fields), `BACKEND` and `begin_write` (how that backend opens a write transaction). The
//! SQL is the portable subset both accept: `$n` placeholders, `RETURNING`, `ON CONFLICT`,
//! no backend functions. One file per aggregate implements that aggregate's trait;
//! `write.rs` holds the one shape every write takes, `read.rs` the reading of a whole plan.

mod areas_actions;
mod attached;
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
mod read;
mod reminders;
mod rounds;
mod sessions;
mod signoff;
mod updates_evidence;
mod write;

use super::{BACKEND, Db, StoreImpl, begin_write};
use crate::{Result, StoreError};
use assure_domain::model::{AreaFields, StoredAction};
use assure_domain::signoff::{SignOffRefusal, can_set_status};
use assure_domain::{StatusDef, StatusValue};
use chrono::{DateTime, SubsecRound, Utc};
use sqlx::Transaction;

type Tx = Transaction<'static, Db>;
type Conn = <Db as sqlx::Database>::Connection;

impl crate::Store for StoreImpl {
    fn backend(&self) -> &'static str {
        BACKEND
    }

    fn changes(&self) -> u64 {
        self.changes.load(std::sync::atomic::Ordering::Acquire)
    }
}

impl StoreImpl {
    /// Now, to the microsecond: PostgreSQL keeps no finer, and both backends must agree.
    fn now(&self) -> DateTime<Utc> {
        self.clock.now().trunc_subsecs(6)
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<serde_json::Value> {
    serde_json::to_value(v).map_err(|e| StoreError::Invalid(format!("cannot record change: {e}")))
}

/// A refusal of the sign-off rules, as the store reports it: its words are for people.
fn refused(r: SignOffRefusal) -> StoreError {
    StoreError::Invalid(r.to_string())
}

/// Text a person typed: trimmed, and `None` when nothing is left.
fn clean(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Lines a person typed: trimmed, and only those with words.
fn clean_lines(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Refuses text longer than `max` characters, naming what it is.
fn check_length(what: &str, text: &str, max: usize) -> Result<()> {
    if text.chars().count() > max {
        return Err(StoreError::Invalid(format!(
            "{what} must be {max} characters or fewer"
        )));
    }
    Ok(())
}

/// A status someone set: unchanged is always fine; a new one must be in the plan's scheme
/// (when it has one) and must not newly be "complete", which only sign-off gives.
fn check_status(
    scheme: &[StatusDef],
    current: Option<&StatusValue>,
    new: Option<&StatusValue>,
) -> Result<()> {
    if current == new {
        return Ok(());
    }
    if let Some(s) = new {
        let known = scheme
            .iter()
            .any(|d| d.label == s.label && d.meaning == s.meaning);
        if !scheme.is_empty() && !known {
            return Err(StoreError::Invalid(format!(
                "{:?} is not a status of this plan",
                s.label
            )));
        }
    }
    can_set_status(current, new).map_err(refused)
}

/// An area's fields as stored: a title that says something, lines with words.
fn check_area_fields(fields: &AreaFields) -> Result<AreaFields> {
    let title = fields.title.trim();
    if title.is_empty() {
        return Err(StoreError::Invalid("an area needs a title".into()));
    }
    Ok(AreaFields {
        r#ref: clean(fields.r#ref.as_deref()),
        group: clean(fields.group.as_deref()),
        title: title.to_string(),
        objectives: clean_lines(&fields.objectives),
        outcomes: clean_lines(&fields.outcomes),
        measures: clean_lines(&fields.measures),
        narrative: clean_lines(&fields.narrative),
    })
}

/// The action an update, a sign-off or an impact check leaves behind, as audited.
fn action_state(a: &StoredAction) -> Result<serde_json::Value> {
    Ok(serde_json::json!({
        "version": a.version,
        "status": to_json(&a.status)?,
        "signoff": to_json(&a.signoff)?,
    }))
}
