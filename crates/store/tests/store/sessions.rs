//! Sessions (expiry by the clock, sliding, sign-out) and sign-in throttling.

use crate::world::{World, is_not_found, worlds};
use assure_domain::clock::Clock;
use assure_store::{NewSession, StoreError};
use chrono::Duration;
use uuid::Uuid;

#[tokio::test]
async fn sessions_expire_by_the_clock_slide_when_touched_and_end_on_sign_out() {
    for w in worlds().await {
        let s = &w.store;
        let now = w.clock.now();
        let new = |hash: &str| NewSession {
            id_hash: hash.into(),
            user_id: w.lead.id,
            csrf_token: format!("csrf-{hash}"),
            expires_at: now + Duration::hours(1),
            user_agent: Some("Firefox".into()),
        };
        s.create_session(new("h1")).await.expect("session");
        let dup = s.create_session(new("h1")).await;
        assert!(matches!(dup, Err(StoreError::Duplicate(_))), "{dup:?}");
        let mut ghost = new("h-ghost");
        ghost.user_id = Uuid::now_v7();
        assert!(is_not_found(&s.create_session(ghost).await));

        let (session, user) = s.session("h1").await.expect("read").expect("live");
        assert_eq!(user.id, w.lead.id);
        assert_eq!(session.csrf_token, "csrf-h1");
        let logged = format!("{session:?} {:?}", new("h1"));
        assert!(
            !logged.contains("csrf-") && !logged.contains("h1"),
            "{logged}"
        );
        assert_eq!(session.created_at, now);
        assert_eq!(session.last_seen_at, now);
        assert_eq!(session.user_agent.as_deref(), Some("Firefox"));
        assert!(s.session("nope").await.expect("read").is_none());

        // Half an hour on, a request slides the expiry another hour.
        w.clock.advance(Duration::minutes(30));
        let later = w.clock.now();
        s.touch_session("h1", later + Duration::hours(1))
            .await
            .expect("touch");
        let (session, _) = s.session("h1").await.expect("read").expect("live");
        assert_eq!(session.last_seen_at, later);
        assert_eq!(session.expires_at, later + Duration::hours(1));

        // Sixty-one minutes of silence: expired, and cannot be revived.
        w.clock.advance(Duration::minutes(61));
        assert!(
            s.session("h1").await.expect("read").is_none(),
            "{}",
            w.backend
        );
        assert!(is_not_found(
            &s.touch_session("h1", w.clock.now() + Duration::hours(1))
                .await
        ));
        assert_eq!(s.delete_expired_sessions().await.expect("sweep"), 1);
        assert_eq!(s.delete_expired_sessions().await.expect("sweep"), 0);

        // Sign out one; sign out everywhere.
        let now = w.clock.now();
        for h in ["a", "b", "c"] {
            let mut n = new(h);
            n.expires_at = now + Duration::hours(8);
            s.create_session(n).await.expect("session");
        }
        s.delete_session("a").await.expect("sign out");
        s.delete_session("a").await.expect("already gone is fine");
        assert!(s.session("a").await.expect("read").is_none());
        let listed: Vec<String> = s
            .user_sessions(w.lead.id)
            .await
            .expect("list")
            .into_iter()
            .map(|x| x.id_hash)
            .collect();
        assert_eq!(listed.len(), 2, "{listed:?}");
        assert!(listed.contains(&"b".to_string()) && listed.contains(&"c".to_string()));
        // Signing out the others keeps the one asking.
        let me = assure_domain::model::Actor::user(&w.lead);
        assert_eq!(
            s.delete_user_sessions(w.lead.id, Some("c"), &me)
                .await
                .expect("others"),
            1
        );
        assert!(s.session("b").await.expect("read").is_none());
        assert!(s.session("c").await.expect("read").is_some());
        assert_eq!(
            s.delete_user_sessions(w.lead.id, None, &me)
                .await
                .expect("all"),
            1
        );
        assert!(s.session("c").await.expect("read").is_none());
        assert!(s.user_sessions(w.lead.id).await.expect("list").is_empty());

        let trail = s.audit_trail(w.lead.id).await.expect("trail");
        let changes: Vec<&str> = trail.iter().map(|e| e.change.as_str()).collect();
        assert_eq!(
            changes,
            [
                "create",
                "sign_in",
                "sign_in",
                "sign_in",
                "sign_in",
                "sign_out",
                "sign_out_everywhere",
                "sign_out_everywhere"
            ],
            "{}",
            w.backend
        );
        let text = serde_json::to_string(&trail).expect("json");
        assert!(!text.contains("csrf-"), "no token in the trail");
        assert!(!text.contains("\"h1\""), "no session hash in the trail");
    }
}

#[tokio::test]
async fn failed_sign_ins_are_counted_per_key_and_a_success_clears_them() {
    for w in worlds().await {
        let s = &w.store;
        let email = "email:lead@north.example";
        let ip = "ip:192.0.2.7";
        for _ in 0..3 {
            s.record_login_attempt(email, false).await.expect("record");
        }
        s.record_login_attempt(ip, false).await.expect("record");
        let window = |w: &World| w.clock.now() - Duration::minutes(15);
        assert_eq!(
            s.login_failures_since(email, window(&w))
                .await
                .expect("count"),
            3
        );
        assert_eq!(
            s.login_failures_since(ip, window(&w)).await.expect("count"),
            1
        );

        w.clock.advance(Duration::minutes(20));
        s.record_login_attempt(email, false).await.expect("record");
        assert_eq!(
            s.login_failures_since(email, window(&w))
                .await
                .expect("count"),
            1,
            "{}: older failures fall out of the window",
            w.backend
        );
        let start = w.clock.now() - Duration::hours(1);
        assert_eq!(
            s.login_failures_since(email, start).await.expect("count"),
            4
        );

        s.record_login_attempt(email, true).await.expect("success");
        assert_eq!(
            s.login_failures_since(email, start).await.expect("count"),
            0
        );
        assert_eq!(
            s.login_failures_since(ip, start).await.expect("count"),
            1,
            "other keys keep theirs"
        );

        // Attempts older than a day are swept with the expired sessions.
        w.clock.advance(Duration::days(2));
        s.delete_expired_sessions().await.expect("sweep");
        assert_eq!(
            s.login_failures_since(ip, start - Duration::days(1))
                .await
                .expect("count"),
            0
        );
    }
}
