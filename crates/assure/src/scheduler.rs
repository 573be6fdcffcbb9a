//! The reminder scheduler inside `assure serve`: a task that runs the reminders every few
//! minutes. Each run is its own task, so a failure (or a bug's panic) in one is logged
//! and the next run comes as usual: email trouble never takes the web app down. Two
//! servers on one database may both run it; the sent-log lets only one send each digest.

use assure_domain::clock::uk_date;
use assure_mail::{Mailer, RunOptions};
use assure_store::Store;
use std::sync::Arc;
use std::time::Duration;

pub async fn run(store: Arc<dyn Store>, mailer: Mailer, public_url: String, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let store = store.clone();
        let mailer = mailer.clone();
        let options = RunOptions {
            plan: None,
            today: uk_date(chrono::Utc::now()),
            dry_run: false,
            public_url: public_url.clone(),
        };
        let run = tokio::spawn(async move {
            assure_mail::remind(store.as_ref(), Some(&mailer), &options).await
        });
        match run.await {
            Ok(Ok(report)) => {
                if report.sent() + report.failed() > 0 {
                    tracing::info!(
                        sent = report.sent(),
                        failed = report.failed(),
                        "reminder run"
                    );
                }
            }
            Ok(Err(e)) => tracing::error!("reminder run stopped: {e}"),
            Err(e) => tracing::error!("reminder run failed: {e}"),
        }
    }
}
