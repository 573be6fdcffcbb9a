//! An action's timeline: its imported updates, then every event of its trail (updates,
//! status changes, evidence, sign-off, impact checks, edits), each with who and when.

use crate::views::format::{day, moment};
use assure_domain::model::{AuditEvent, StoredAction};
use assure_domain::{AuditChange, AuditEntity, StatusValue};
use chrono::NaiveDate;
use uuid::Uuid;

/// One entry of the timeline.
pub(crate) struct Entry {
    pub when: String,
    pub who: String,
    pub title: String,
    pub text: Option<String>,
    pub status: Option<StatusValue>,
}

fn status_of(v: Option<&serde_json::Value>) -> Option<StatusValue> {
    v.and_then(|v| serde_json::from_value::<Option<StatusValue>>(v.clone()).ok())
        .flatten()
}

fn text_of(v: Option<&serde_json::Value>, key: &str) -> Option<String> {
    v.and_then(|v| v.get(key))
        .and_then(|t| t.as_str())
        .map(str::to_string)
        .filter(|s| !s.is_empty())
}

/// The timeline: imported updates first (they have no event), then every event of the
/// action's trail, oldest first.
pub(crate) fn timeline(a: &StoredAction, events: &[AuditEvent]) -> Vec<Entry> {
    let mut out = Vec::new();
    let written: std::collections::HashSet<Uuid> = events
        .iter()
        .filter(|e| e.entity == AuditEntity::Update)
        .map(|e| e.entity_id)
        .collect();
    for u in a.updates.iter().filter(|u| !written.contains(&u.id)) {
        out.push(Entry {
            when: u.date.map(day).unwrap_or_else(|| "Undated".into()),
            who: "Imported from the plan".into(),
            title: "Update".into(),
            text: Some(u.text.clone()),
            status: None,
        });
    }
    for e in events {
        let after = e.after.as_ref();
        let before = e.before.as_ref();
        let (title, text, status) = match (e.entity, e.change) {
            (AuditEntity::Update, AuditChange::Create) => {
                let changed = after
                    .and_then(|v| v.get("status_changed"))
                    .and_then(serde_json::Value::as_bool)
                    .unwrap_or(false);
                let status = status_of(after.and_then(|v| v.get("status")));
                // Period labels read "October 2021 update" already.
                let mut title = match text_of(after, "period") {
                    Some(p) if p.ends_with(" update") => p,
                    Some(p) => format!("Update for {p}"),
                    None => "Update".into(),
                };
                if let Some(d) = after
                    .and_then(|v| v.get("date"))
                    .and_then(|d| d.as_str())
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                {
                    title = format!("{title}, dated {}", day(d));
                }
                if changed {
                    title = format!("{title} – status changed");
                }
                (title, text_of(after, "text"), status.filter(|_| changed))
            }
            (AuditEntity::Update, AuditChange::Update) => (
                "Update corrected by its author".into(),
                text_of(after, "text"),
                None,
            ),
            (AuditEntity::Evidence, AuditChange::Create) => {
                ("Evidence added".into(), text_of(after, "title"), None)
            }
            (AuditEntity::Evidence, AuditChange::Delete) => {
                let title = text_of(before, "title").unwrap_or_default();
                let reason = text_of(after, "reason");
                (format!("Evidence removed: {title}"), reason, None)
            }
            (AuditEntity::Action, AuditChange::ProposeComplete) => (
                "Proposed complete".into(),
                after
                    .and_then(|v| v.get("signoff"))
                    .and_then(|s| s.get("proposal_note"))
                    .and_then(|n| n.as_str())
                    .map(str::to_string),
                None,
            ),
            (AuditEntity::Action, AuditChange::SignOff) => (
                "Signed off".into(),
                after
                    .and_then(|v| v.get("signoff"))
                    .and_then(|s| s.get("signoff_note"))
                    .and_then(|n| n.as_str())
                    .map(str::to_string),
                status_of(after.and_then(|v| v.get("status"))),
            ),
            (AuditEntity::Action, AuditChange::ImpactConfirmed) => (
                "Impact check: impact confirmed".into(),
                text_of(after, "note"),
                None,
            ),
            (AuditEntity::Action, AuditChange::Reopen) => (
                "Impact check: reopened".into(),
                text_of(after, "note"),
                status_of(after.and_then(|v| v.get("status"))),
            ),
            (AuditEntity::Action, AuditChange::Create) => ("Action added".into(), None, None),
            (AuditEntity::Action, AuditChange::SetLeads) => ("Leads changed".into(), None, None),
            (AuditEntity::Action, AuditChange::Update) => {
                let b = status_of(before.and_then(|v| v.get("status")));
                let s = status_of(after.and_then(|v| v.get("status")));
                if b == s {
                    ("Details edited".into(), None, None)
                } else {
                    ("Details edited – status changed".into(), None, s)
                }
            }
            (AuditEntity::CheckFinding, AuditChange::Dismiss) => {
                let title = after
                    .and_then(|v| v.get("code"))
                    .and_then(|c| c.as_str())
                    .and_then(assure_domain::checks::catalogue::check_named)
                    .map_or("Check finding dismissed".to_string(), |c| {
                        format!("Check finding dismissed: {}", c.title)
                    });
                (title, text_of(after, "reason"), None)
            }
            (AuditEntity::Decision, AuditChange::Create) => {
                let kind = text_of(after, "meeting_kind").unwrap_or_default();
                let on = after
                    .and_then(|v| v.get("meeting_date"))
                    .and_then(|d| d.as_str())
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                    .map(|d| format!(" on {}", day(d)))
                    .unwrap_or_default();
                (
                    format!(
                        "Decision at the {} meeting{on}",
                        assure_domain::meetings::kind_label(&kind).to_lowercase()
                    ),
                    text_of(after, "text"),
                    None,
                )
            }
            (_, AuditChange::LinkLead) => ("Lead linked to a person".into(), None, None),
            (entity, change) => (
                format!("{entity}: {}", change.as_str().replace('_', " ")),
                None,
                None,
            ),
        };
        out.push(Entry {
            when: moment(e.at),
            who: e.actor.label.clone(),
            title,
            text,
            status,
        });
    }
    out
}
