//! A month of reminders through SMTP: the round's invitation to the lead, nothing twice,
//! the escalation to the owner after the deadline; two servers sending at once send
//! each digest once; a refusing or vanishing server is retried with backoff, its
//! messages kept.

use assure_domain::clock::Clock;
use assure_domain::periods::{Cadence, period_containing};
use assure_domain::reminders::Kind;
use assure_domain::rounds::round_actions;
use assure_mail::{Mailer, Outcome, RunOptions, remind};
use assure_store::{MessageStatus, Store};
use assure_test_support::smtp_sink::{SinkMode, SmtpSink};
use assure_test_support::{self as support, Council};
use chrono::{Duration, NaiveDate};
use std::sync::Arc;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn options(today: NaiveDate) -> RunOptions {
    RunOptions {
        plan: None,
        today,
        dry_run: false,
        public_url: "https://assure.north.example".into(),
    }
}

fn mailer(sink: &SmtpSink) -> Mailer {
    Mailer::new(&sink.url(), "Assure <assure@north.example>").expect("mailer")
}

#[tokio::test]
async fn a_month_of_reminders_each_sent_once() {
    for db in support::databases().await {
        let clock = support::clock();
        let store = support::open(&db, clock.clone()).await;
        let c: Council = support::seed_council(&store, "Northbridge", "north.example", None).await;
        let sink = SmtpSink::start(SinkMode::Accept).await;
        let mailer = mailer(&sink);

        // Monday 23 November: the round is open; the lead's invitation names what is due.
        let report = remind(store.as_ref(), Some(&mailer), &options(date(2026, 11, 23)))
            .await
            .expect("run");
        let got = sink.wait_for(1, 10).await;
        assert_eq!(got.len(), 1, "{}: {report:?}", db.backend);
        assert_eq!(report.sent(), 1);
        let m = &got[0];
        assert_eq!(m.to, vec!["<lead@north.example>".to_string()]);
        assert_eq!(
            m.subject().as_deref(),
            Some(
                "Northbridge: your updates for November 2026 update are due by Monday 30 November 2026"
            )
        );
        let body = m.decoded();
        let plan = store.plan(c.plan_id).await.expect("plan");
        let november = period_containing(date(2026, 11, 23), Cadence::Monthly);
        let due = round_actions(&plan, &november).outstanding_for(c.lead.id);
        assert!(due.len() >= 2);
        for id in &due {
            let link = format!(
                "https://assure.north.example/plans/{}/actions/{id}/update",
                c.plan_id
            );
            // In both bodies: the plain text, and the HTML's link.
            assert_eq!(body.matches(&link).count(), 2, "{link} in {body}");
        }
        assert!(body.contains("Content-Type: text/plain"));
        assert!(body.contains("Content-Type: text/html"));
        assert!(body.contains("Dear Lee Lead,"));

        // Run again, and again after a restart: nothing more.
        let again = remind(store.as_ref(), Some(&mailer), &options(date(2026, 11, 24)))
            .await
            .expect("run");
        assert!(again.messages.is_empty(), "{again:?}");
        let restarted = support::open(&db, clock.clone()).await;
        remind(
            restarted.as_ref(),
            Some(&mailer),
            &options(date(2026, 11, 24)),
        )
        .await
        .expect("run");
        assert_eq!(sink.messages().len(), 1);

        // Thursday 26th: the reminder. Tuesday 1 December: the escalation to the owner
        // (the lead did not update) and December's invitation.
        remind(store.as_ref(), Some(&mailer), &options(date(2026, 11, 26)))
            .await
            .expect("run");
        let got = sink.wait_for(2, 10).await;
        assert_eq!(
            got[1].subject().as_deref(),
            Some("Northbridge: reminder: updates due by Monday 30 November 2026")
        );
        let dec = remind(store.as_ref(), Some(&mailer), &options(date(2026, 12, 1)))
            .await
            .expect("run");
        let got = sink.wait_for(4, 10).await;
        assert_eq!(got.len(), 4, "{dec:?}");
        let escalation = got
            .iter()
            .find(|m| m.to == vec!["<owner@north.example>".to_string()])
            .expect("the owner's escalation");
        let subject = escalation.subject().expect("subject");
        assert!(
            subject.starts_with("Northbridge: ") && subject.contains("not updated by the deadline"),
            "{subject}"
        );
        let body = escalation.decoded();
        assert!(body.contains("Lee Lead"), "{body}");
        assert!(body.contains(&format!(
            "https://assure.north.example/plans/{}/round",
            c.plan_id
        )));
        let kinds: Vec<Kind> = dec.messages.iter().map(|m| m.kind).collect();
        assert!(kinds.contains(&Kind::Escalation) && kinds.contains(&Kind::Invitation));
        // The log holds each, sent.
        let log = store.logged_messages(Some(c.plan_id)).await.expect("log");
        assert_eq!(log.len(), 4);
        assert!(
            log.iter()
                .all(|m| m.status == MessageStatus::Sent && m.attempts == 1)
        );
    }
}

#[tokio::test]
async fn two_servers_at_once_send_each_digest_once() {
    for db in support::databases().await {
        let clock = support::clock();
        let a = support::open(&db, clock.clone()).await;
        let b = support::open(&db, clock.clone()).await;
        // Two councils, so there is more than one message to race for.
        support::seed_council(&a, "Northbridge", "north.example", None).await;
        support::seed_council(&a, "Southmere", "south.example", None).await;
        let sink = SmtpSink::start(SinkMode::Accept).await;
        let (ma, mb) = (mailer(&sink), mailer(&sink));
        let day = date(2026, 12, 1);
        let o = options(day);
        let (ra, rb) = tokio::join!(
            remind(a.as_ref(), Some(&ma), &o),
            remind(b.as_ref(), Some(&mb), &o)
        );
        let sent = ra.expect("a").sent() + rb.expect("b").sent();
        // Each council: the lead's invitation and the owner's escalation.
        assert_eq!(sent, 4, "{}", db.backend);
        let got = sink.wait_for(4, 10).await;
        assert_eq!(got.len(), 4, "{}", db.backend);
        let mut to: Vec<String> = got.iter().flat_map(|m| m.to.clone()).collect();
        to.sort();
        to.dedup();
        assert_eq!(to.len(), 4, "four people, once each: {to:?}");
    }
}

async fn failing(mode: SinkMode) {
    for db in support::databases().await {
        let clock = support::clock();
        let store: Arc<dyn Store> = support::open(&db, clock.clone()).await;
        support::seed_council(&store, "Northbridge", "north.example", None).await;
        let sink = SmtpSink::start(mode).await;
        let mailer = mailer(&sink);
        let day = date(2026, 11, 23);
        let report = remind(store.as_ref(), Some(&mailer), &options(day))
            .await
            .expect("a failing server is not the run's failure");
        assert_eq!(report.failed(), 1, "{mode:?} {}: {report:?}", db.backend);
        assert!(matches!(report.messages[0].outcome, Outcome::Failed(_)));
        assert!(sink.messages().is_empty());
        assert!(sink.connections() >= 1, "it did talk to the server");
        // What was due is kept, with the error and when to try again.
        let log = store.logged_messages(None).await.expect("log");
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].status, MessageStatus::Failed);
        assert_eq!(log[0].attempts, 1);
        assert!(log[0].last_error.is_some());
        assert_eq!(
            log[0].next_attempt_at,
            Some(clock.now() + Duration::minutes(5))
        );
        // Too soon: not tried again, and not composed again either.
        let soon = remind(store.as_ref(), Some(&mailer), &options(day))
            .await
            .expect("run");
        assert!(
            soon.messages.is_empty() && soon.retried.is_empty(),
            "{soon:?}"
        );
        // Still failing five minutes on: the wait doubles.
        clock.advance(Duration::minutes(5));
        let second = remind(store.as_ref(), Some(&mailer), &options(day))
            .await
            .expect("run");
        assert_eq!(second.retried.len(), 1);
        let log = store.logged_messages(None).await.expect("log");
        assert_eq!(log[0].attempts, 2);
        assert_eq!(
            log[0].next_attempt_at,
            Some(clock.now() + Duration::minutes(10))
        );
        // The server recovers: the retry goes, the same message.
        sink.set_mode(SinkMode::Accept);
        clock.advance(Duration::minutes(10));
        let third = remind(store.as_ref(), Some(&mailer), &options(day))
            .await
            .expect("run");
        assert_eq!(third.sent(), 1, "{third:?}");
        let got = sink.wait_for(1, 10).await;
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].subject(), Some(log[0].message.subject.clone()));
        let log = store.logged_messages(None).await.expect("log");
        assert_eq!(log[0].status, MessageStatus::Sent);
        assert_eq!(log[0].attempts, 3);
    }
}

#[tokio::test]
async fn a_server_saying_try_later_is_retried_with_backoff() {
    failing(SinkMode::Temporary).await;
}

#[tokio::test]
async fn a_server_refusing_is_retried_and_kept() {
    failing(SinkMode::Permanent).await;
}

#[tokio::test]
async fn a_server_hanging_up_is_retried_and_kept() {
    failing(SinkMode::Drop).await;
}

#[tokio::test]
async fn a_dry_run_sends_and_records_nothing() {
    for db in support::databases().await {
        let clock = support::clock();
        let store = support::open(&db, clock.clone()).await;
        let c = support::seed_council(&store, "Northbridge", "north.example", None).await;
        let sink = SmtpSink::start(SinkMode::Accept).await;
        let mut o = options(date(2026, 12, 1));
        o.dry_run = true;
        let report = remind(store.as_ref(), Some(&mailer(&sink)), &o)
            .await
            .expect("run");
        assert_eq!(report.messages.len(), 2);
        assert!(report.messages.iter().all(|m| m.outcome == Outcome::Due));
        assert!(
            store
                .logged_messages(Some(c.plan_id))
                .await
                .expect("log")
                .is_empty()
        );
        assert_eq!(sink.connections(), 0);
        // Without a mailer, only a dry run is possible.
        o.dry_run = false;
        assert!(remind(store.as_ref(), None, &o).await.is_err());
    }
}
