//! The sent-log of reminder emails: a digest's key is claimed once, whoever asks and
//! however many servers share the database; failures are kept and retried once due,
//! by one sender; a sent chase is marked emailed; email choices are kept per person.

use assure_domain::clock::Clock;
use assure_domain::model::Actor;
use assure_domain::reminders::{Frequency, Kind};
use assure_store::prelude::*;
use assure_store::{MessageStatus, NewMessage, StoreError};
use assure_test_support as support;
use chrono::{Duration, NaiveDate};
use uuid::Uuid;

fn message(person: Uuid, plan: Uuid, window: &str) -> NewMessage {
    NewMessage {
        person_id: person,
        kind: Kind::Invitation,
        plan_id: plan,
        window: window.into(),
        period_start: NaiveDate::from_ymd_opt(2026, 11, 1).expect("date"),
        to: "lead@north.example".into(),
        subject: "Northbridge: your updates".into(),
        text: "Dear Lee".into(),
        html: "<p>Dear Lee</p>".into(),
        action_ids: vec![Uuid::now_v7()],
        chase_id: None,
    }
}

#[tokio::test]
async fn two_senders_on_one_database_claim_each_digest_once() {
    for db in support::databases().await {
        let clock = support::clock();
        // Two stores, two pools: as two servers sharing one database.
        let a = support::open(&db, clock.clone()).await;
        let b = support::open(&db, clock.clone()).await;
        let c = support::seed_council(&a, "Northbridge", "north.example", None).await;
        let windows: Vec<String> = (0..12).map(|i| format!("2026-11-{i:02}")).collect();
        let race = |store: std::sync::Arc<dyn Store>| {
            let windows = windows.clone();
            let (person, plan) = (c.lead.id, c.plan_id);
            tokio::spawn(async move {
                let mut won = Vec::new();
                for w in &windows {
                    if let Some(m) = store
                        .claim_message(&message(person, plan, w), Duration::minutes(10))
                        .await
                        .expect("claim")
                    {
                        won.push(m.message.window);
                    }
                }
                won
            })
        };
        let (ra, rb) = tokio::join!(race(a.clone()), race(b.clone()));
        let (mut ra, rb) = (ra.expect("a"), rb.expect("b"));
        // Every window claimed, and by exactly one of them.
        assert_eq!(ra.len() + rb.len(), windows.len(), "{}", db.backend);
        ra.extend(rb);
        ra.sort();
        assert_eq!(ra, windows, "{}", db.backend);
        // A third try (a restart) gets nothing, and the log holds each key once.
        assert!(
            a.claim_message(
                &message(c.lead.id, c.plan_id, &windows[0]),
                Duration::minutes(10)
            )
            .await
            .expect("claim")
            .is_none()
        );
        let log = a.logged_messages(Some(c.plan_id)).await.expect("log");
        assert_eq!(log.len(), windows.len(), "{}", db.backend);
        assert!(log.iter().all(|m| m.status == MessageStatus::Sending));
        let keys = b.logged_keys(c.plan_id).await.expect("keys");
        assert!(keys.contains(&(c.lead.id, Kind::Invitation, windows[3].clone())));
    }
}

#[tokio::test]
async fn failures_are_kept_and_retried_by_one_sender_when_due() {
    for db in support::databases().await {
        let clock = support::clock();
        let a = support::open(&db, clock.clone()).await;
        let b = support::open(&db, clock.clone()).await;
        let c = support::seed_council(&a, "Northbridge", "north.example", None).await;
        let m = a
            .claim_message(&message(c.lead.id, c.plan_id, "w"), Duration::minutes(10))
            .await
            .expect("claim")
            .expect("claimed");
        a.message_failed(m.id, "451 try later", Some(Duration::minutes(5)))
            .await
            .expect("failed");
        let logged = &a.logged_messages(None).await.expect("log")[0];
        assert_eq!(logged.status, MessageStatus::Failed);
        assert_eq!(logged.attempts, 1);
        assert_eq!(logged.last_error.as_deref(), Some("451 try later"));
        assert_eq!(
            logged.next_attempt_at,
            Some(clock.now() + Duration::minutes(5))
        );
        // Not yet due: nobody retries it.
        assert!(
            a.claim_retries(10, Duration::minutes(10))
                .await
                .expect("r")
                .is_empty()
        );
        clock.advance(Duration::minutes(5));
        // Due: two senders at once, one gets it, with what was due kept whole.
        let (ra, rb) = tokio::join!(
            a.claim_retries(10, Duration::minutes(10)),
            b.claim_retries(10, Duration::minutes(10))
        );
        let (ra, rb) = (ra.expect("a"), rb.expect("b"));
        assert_eq!(ra.len() + rb.len(), 1, "{}", db.backend);
        let got = ra.into_iter().chain(rb).next().expect("one");
        assert_eq!(got.message, m.message);
        a.message_sent(got.id).await.expect("sent");
        let logged = &a.logged_messages(None).await.expect("log")[0];
        assert_eq!(logged.status, MessageStatus::Sent);
        assert_eq!(logged.attempts, 2);
        assert_eq!(logged.sent_at, Some(clock.now()));

        // A claim whose sender died is taken over once its lease runs out.
        let stuck = a
            .claim_message(&message(c.lead.id, c.plan_id, "x"), Duration::minutes(10))
            .await
            .expect("claim")
            .expect("claimed");
        assert!(
            a.claim_retries(10, Duration::minutes(10))
                .await
                .expect("r")
                .is_empty()
        );
        clock.advance(Duration::minutes(11));
        let taken = b.claim_retries(10, Duration::minutes(10)).await.expect("r");
        assert_eq!(taken.len(), 1);
        assert_eq!(taken[0].id, stuck.id);
        // Given up: kept as abandoned, never retried.
        b.message_failed(stuck.id, "550 refused", None)
            .await
            .expect("abandon");
        clock.advance(Duration::days(2));
        assert!(
            a.claim_retries(10, Duration::minutes(10))
                .await
                .expect("r")
                .is_empty()
        );
        let log = a.logged_messages(Some(c.plan_id)).await.expect("log");
        let abandoned = log.iter().find(|m| m.id == stuck.id).expect("kept");
        assert_eq!(abandoned.status, MessageStatus::Abandoned);
        assert!(matches!(
            a.message_sent(Uuid::now_v7()).await,
            Err(StoreError::NotFound { .. })
        ));
    }
}

#[tokio::test]
async fn a_sent_chase_is_marked_emailed() {
    for db in support::databases().await {
        let clock = support::clock();
        let s = support::open(&db, clock.clone()).await;
        let c = support::seed_council(&s, "Northbridge", "north.example", None).await;
        let chase = s
            .chase(
                c.plan_id,
                c.lead.id,
                clock.now().date_naive(),
                &Actor::user(&c.owner),
            )
            .await
            .expect("chase");
        assert_eq!(s.unsent_chases(c.plan_id).await.expect("unsent").len(), 1);
        let mut m = message(c.lead.id, c.plan_id, &chase.id.to_string());
        m.kind = Kind::Chase;
        m.chase_id = Some(chase.id);
        let claimed = s
            .claim_message(&m, Duration::minutes(10))
            .await
            .expect("claim")
            .expect("claimed");
        assert_eq!(claimed.message.chase_id, Some(chase.id));
        s.message_sent(claimed.id).await.expect("sent");
        assert!(s.unsent_chases(c.plan_id).await.expect("unsent").is_empty());
        let after = s
            .chases(c.plan_id, chase.period.start)
            .await
            .expect("chases");
        assert_eq!(after[0].emailed_at, Some(clock.now()), "{}", db.backend);
    }
}

#[tokio::test]
async fn email_choices_are_each_persons_own() {
    for db in support::databases().await {
        let clock = support::clock();
        let s = support::open(&db, clock.clone()).await;
        let c = support::seed_council(&s, "Northbridge", "north.example", None).await;
        let o = support::seed_council(&s, "Southmere", "south.example", None).await;
        assert_eq!(
            s.email_frequency(c.lead.id).await.expect("f"),
            Frequency::Each
        );
        s.set_email_frequency(c.lead.id, Frequency::Weekly, &Actor::user(&c.lead))
            .await
            .expect("set");
        s.set_email_frequency(c.lead.id, Frequency::Off, &Actor::user(&c.lead))
            .await
            .expect("set again");
        assert_eq!(
            s.email_frequency(c.lead.id).await.expect("f"),
            Frequency::Off
        );
        assert_eq!(
            s.email_frequencies().await.expect("all"),
            vec![(c.lead.id, Frequency::Off)]
        );
        // In the person's trail, from and to.
        let trail = s.audit_trail(c.lead.id).await.expect("trail");
        let last = trail.iter().find(|e| {
            e.after
                .as_ref()
                .is_some_and(|a| a["email_frequency"] == "off")
        });
        let last = last.expect("the change is in the trail");
        assert_eq!(
            last.before.as_ref().expect("before")["email_frequency"],
            "weekly"
        );
        // Someone of another council cannot touch it.
        assert!(matches!(
            s.set_email_frequency(c.lead.id, Frequency::Each, &Actor::user(&o.lead))
                .await,
            Err(StoreError::NotFound { .. })
        ));
    }
}
