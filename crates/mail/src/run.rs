//! One reminder run: retry what failed before, then claim and send every digest due that
//! the sent-log does not hold yet. `assure remind` runs it once; `assure serve` runs it
//! on a timer.
//!
//! Idempotency is the sent-log's unique key: a digest is claimed (inserted) before it is
//! sent, and only the sender whose insert made the row sends. A send that fails is
//! recorded with its error and tried again after a delay that doubles each time
//! ([`retry_delay`]), up to [`MAX_ATTEMPTS`] tries; then it is kept as abandoned and
//! logged as an error. A sender that dies mid-send leaves a claim whose lease runs out
//! ([`LEASE`]), after which it is retried: a message can then go twice, never not at all.

use crate::gather::due_notices;
use crate::render::render;
use crate::transport::{MailError, Mailer};
use assure_domain::reminders::Kind;
use assure_store::{LoggedMessage, NewMessage, Store, StoreError};
use chrono::{Duration, NaiveDate};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// How long a claim holds before another sender may take it over.
pub const LEASE: Duration = Duration::minutes(10);

/// How many tries a message gets before it is abandoned.
pub const MAX_ATTEMPTS: u32 = 8;

/// Retries claimed per run, so a long outage's backlog drains over a few runs.
const RETRIES_PER_RUN: u32 = 200;

/// How long to wait after the `attempt`th failed try: 5 minutes, doubling, at most 6
/// hours; `None` once [`MAX_ATTEMPTS`] tries have failed.
pub fn retry_delay(attempt: u32) -> Option<Duration> {
    if attempt >= MAX_ATTEMPTS {
        return None;
    }
    let minutes = 5i64 << attempt.saturating_sub(1).min(10);
    Some(Duration::minutes(minutes.min(6 * 60)))
}

/// What a run is asked to do.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Only this plan's reminders.
    pub plan: Option<Uuid>,
    /// The day it is run as (England's).
    pub today: NaiveDate,
    /// Only say what is due; send and record nothing.
    pub dry_run: bool,
    /// Where links point: `https://assure.council.example`.
    pub public_url: String,
}

/// What became of one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome", content = "error")]
pub enum Outcome {
    /// A dry run: due, not sent.
    Due,
    Sent,
    /// Not sent this time: recorded, and tried again later.
    Failed(String),
    /// Not sent, and not to be tried again (recorded as abandoned).
    Abandoned(String),
}

/// One message of a run, as `assure remind` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sent {
    pub to: String,
    pub kind: Kind,
    pub plan: Uuid,
    pub actions: Vec<Uuid>,
    pub subject: String,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// What a run did: new digests, then retries of earlier ones.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RunReport {
    pub messages: Vec<Sent>,
    pub retried: Vec<Sent>,
}

impl RunReport {
    /// How many messages went.
    pub fn sent(&self) -> usize {
        self.messages
            .iter()
            .chain(&self.retried)
            .filter(|m| m.outcome == Outcome::Sent)
            .count()
    }

    /// How many failed.
    pub fn failed(&self) -> usize {
        self.messages
            .iter()
            .chain(&self.retried)
            .filter(|m| matches!(m.outcome, Outcome::Failed(_) | Outcome::Abandoned(_)))
            .count()
    }
}

/// Runs the reminders once. Without `dry_run` a mailer is needed.
///
/// # Errors
/// The store's (a failed send is not an error: it is recorded and reported).
pub async fn remind(
    store: &dyn Store,
    mailer: Option<&Mailer>,
    options: &RunOptions,
) -> Result<RunReport, StoreError> {
    let mut report = RunReport::default();
    let mailer = match (options.dry_run, mailer) {
        (true, _) => None,
        (false, Some(m)) => Some(m),
        (false, None) => {
            return Err(StoreError::Invalid(
                "no SMTP server is configured: set --smtp-url (ASSURE_SMTP_URL), or use --dry-run"
                    .into(),
            ));
        }
    };
    if let Some(mailer) = mailer {
        for logged in store.claim_retries(RETRIES_PER_RUN, LEASE).await? {
            let outcome = deliver(store, mailer, &logged).await?;
            report.retried.push(summary(&logged.message, outcome));
        }
    }
    let notices = due_notices(store, options.plan, options.today).await?;
    let mut logged: HashMap<Uuid, HashSet<(Uuid, Kind, String)>> = HashMap::new();
    for n in notices.into_iter().filter(|n| n.emailed()) {
        // The plan's logged keys, read once a plan.
        let keys = match logged.entry(n.plan_id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(store.logged_keys(n.plan_id).await?.into_iter().collect())
            }
        };
        if keys.contains(&(n.person_id, n.kind, n.window.clone())) {
            continue;
        }
        let r = render(&n, &options.public_url);
        let message = NewMessage {
            person_id: n.person_id,
            kind: n.kind,
            plan_id: n.plan_id,
            window: n.window.clone(),
            period_start: n.period.start,
            to: n.email.clone(),
            subject: r.subject,
            text: r.text,
            html: r.html,
            action_ids: n.action_ids(),
            chase_id: n.chase_id,
        };
        let Some(mailer) = mailer else {
            report.messages.push(summary(&message, Outcome::Due));
            continue;
        };
        // Claimed before it is sent: another server (or run) that claimed it first sends it.
        let Some(claimed) = store.claim_message(&message, LEASE).await? else {
            continue;
        };
        let outcome = deliver(store, mailer, &claimed).await?;
        report.messages.push(summary(&message, outcome));
    }
    Ok(report)
}

fn summary(m: &NewMessage, outcome: Outcome) -> Sent {
    Sent {
        to: m.to.clone(),
        kind: m.kind,
        plan: m.plan_id,
        actions: m.action_ids.clone(),
        subject: m.subject.clone(),
        outcome,
    }
}

/// Sends a claimed message and records how it went.
async fn deliver(
    store: &dyn Store,
    mailer: &Mailer,
    logged: &LoggedMessage,
) -> Result<Outcome, StoreError> {
    let m = &logged.message;
    match mailer.send(&m.to, &m.subject, &m.text, &m.html).await {
        Ok(()) => {
            store.message_sent(logged.id).await?;
            tracing::info!(message = %logged.id, kind = m.kind.as_str(), plan = %m.plan_id, "reminder sent");
            Ok(Outcome::Sent)
        }
        Err(e) => {
            let error = e.to_string();
            let attempt = logged.attempts + 1;
            // An address no server will take is not tried again.
            let retry = match e {
                MailError::To(_) => None,
                _ => retry_delay(attempt),
            };
            store.message_failed(logged.id, &error, retry).await?;
            match retry {
                Some(after) => {
                    tracing::warn!(message = %logged.id, kind = m.kind.as_str(), plan = %m.plan_id, attempt, retry_in_minutes = after.num_minutes(), server = %mailer.server, "reminder not sent: {error}");
                    Ok(Outcome::Failed(error))
                }
                None => {
                    tracing::error!(message = %logged.id, kind = m.kind.as_str(), plan = %m.plan_id, attempt, server = %mailer.server, "reminder abandoned: {error}");
                    Ok(Outcome::Abandoned(error))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_and_stop() {
        assert_eq!(retry_delay(1), Some(Duration::minutes(5)));
        assert_eq!(retry_delay(2), Some(Duration::minutes(10)));
        assert_eq!(retry_delay(3), Some(Duration::minutes(20)));
        assert_eq!(retry_delay(7), Some(Duration::minutes(320)));
        assert_eq!(retry_delay(MAX_ATTEMPTS), None);
    }
}
