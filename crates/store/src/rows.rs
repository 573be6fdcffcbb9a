//! Conversions between the model and the columns both backends share.

use crate::StoreError;
use assure_domain::model::{EvidenceKind, OrgRole};
use assure_domain::periods::Cadence;
use assure_domain::roles::PlanRole;
use assure_domain::{Meaning, Recurrence, StatusValue, When, WhenKind};
use chrono::NaiveDate;

/// A `When` spread over its four columns (text, kind, date, recurrence).
pub(crate) type WhenColumns = (
    Option<String>,
    Option<&'static str>,
    Option<NaiveDate>,
    Option<&'static str>,
);

pub(crate) fn when_columns(w: Option<&When>) -> WhenColumns {
    match w {
        None => (None, None, None, None),
        Some(w) => (
            Some(w.text.clone()),
            Some(w.kind.as_str()),
            w.date,
            w.recurrence.map(Recurrence::as_str),
        ),
    }
}

/// Rebuilds a `When` from its columns; a row with no kind had no timescale.
pub(crate) fn when_from_columns(
    text: Option<String>,
    kind: Option<String>,
    date: Option<NaiveDate>,
    recurrence: Option<String>,
) -> Result<Option<When>, StoreError> {
    let Some(kind) = kind else { return Ok(None) };
    let kind = WhenKind::parse(&kind)
        .ok_or_else(|| StoreError::Corrupt(format!("unknown timescale kind {kind:?}")))?;
    let recurrence = match recurrence {
        None => None,
        Some(r) => Some(
            Recurrence::parse(&r)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown recurrence {r:?}")))?,
        ),
    };
    Ok(Some(When {
        text: text.unwrap_or_default(),
        kind,
        date,
        recurrence,
    }))
}

pub(crate) fn meaning(s: &str) -> Result<Meaning, StoreError> {
    Meaning::parse(s).ok_or_else(|| StoreError::Corrupt(format!("unknown status meaning {s:?}")))
}

pub(crate) fn status_from_columns(
    label: Option<String>,
    meaning_col: Option<String>,
) -> Result<Option<StatusValue>, StoreError> {
    match (label, meaning_col) {
        (Some(label), Some(m)) => Ok(Some(StatusValue {
            label,
            meaning: meaning(&m)?,
        })),
        _ => Ok(None),
    }
}

pub(crate) fn plan_role(s: &str) -> Result<PlanRole, StoreError> {
    PlanRole::parse(s).ok_or_else(|| StoreError::Corrupt(format!("unknown plan role {s:?}")))
}

pub(crate) fn cadence(s: &str) -> Result<Cadence, StoreError> {
    Cadence::parse(s).ok_or_else(|| StoreError::Corrupt(format!("unknown cadence {s:?}")))
}

pub(crate) fn evidence_kind(s: &str) -> Result<EvidenceKind, StoreError> {
    EvidenceKind::parse(s)
        .ok_or_else(|| StoreError::Corrupt(format!("unknown evidence kind {s:?}")))
}

pub(crate) fn org_role(s: &str) -> Result<OrgRole, StoreError> {
    OrgRole::parse(s).ok_or_else(|| StoreError::Corrupt(format!("unknown role {s:?}")))
}
