//! The record of evidence files: a file nothing points to is found after the grace
//! period and forgotten in its council's trail; one pointed to again, or kept by another
//! council too, stays.

use crate::world::*;
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_store::NewEvidence;
use chrono::Duration;

fn pdf(key: &str) -> NewEvidence {
    NewEvidence::file("Audit", key, "audit.pdf", "application/pdf", 1_000)
}

#[tokio::test]
async fn a_file_nothing_points_to_goes_after_the_grace_period_in_the_trail() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.lead);
        let a = w.by_ref("2.3").await;
        let grace = Duration::days(30);
        s.record_file("evidence/aaa", w.org).await.unwrap();
        let kept = s
            .add_evidence(a.id, pdf("evidence/aaa"), &me)
            .await
            .unwrap();
        // A file recorded but never pointed to (the upload failed after its bytes).
        s.record_file("evidence/orphan", w.org).await.unwrap();

        // Pointed to: never due. The orphan is marked now, not yet due.
        assert!(
            s.unreferenced_files(grace).await.unwrap().is_empty(),
            "{}",
            w.backend
        );
        s.remove_evidence(kept.id, "No longer relevant", &w.actor(&w.owner))
            .await
            .unwrap();
        assert!(s.unreferenced_files(grace).await.unwrap().is_empty());

        w.clock.advance(Duration::days(31));
        let due = s.unreferenced_files(grace).await.unwrap();
        let keys: Vec<&str> = due.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["evidence/aaa", "evidence/orphan"], "{}", w.backend);
        assert!(due.iter().all(|f| f.org_id == w.org));

        for f in &due {
            assert!(s.forget_file(f).await.unwrap(), "the bytes may go");
            assert!(!s.forget_file(f).await.unwrap(), "forgotten once");
        }
        let removals: Vec<_> = s
            .audit_trail(w.org)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.entity == AuditEntity::EvidenceFile && e.change == AuditChange::Delete)
            .collect();
        assert_eq!(removals.len(), 2, "{}", w.backend);
        assert!(removals.iter().any(|e| {
            e.before
                .as_ref()
                .is_some_and(|b| b["key"] == "evidence/aaa")
        }));
        assert!(s.unreferenced_files(grace).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn a_file_pointed_to_again_or_kept_by_another_council_stays() {
    for w in worlds().await {
        let s = &w.store;
        let a = w.by_ref("2.3").await;
        let grace = Duration::days(30);
        // Both councils keep the same bytes (the same key).
        s.record_file("evidence/shared", w.org).await.unwrap();
        s.record_file("evidence/shared", w.other_org).await.unwrap();
        w.clock.advance(Duration::days(1));
        assert_eq!(s.unreferenced_files(grace).await.unwrap().len(), 0);
        w.clock.advance(Duration::days(40));
        let due = s.unreferenced_files(grace).await.unwrap();
        assert_eq!(due.len(), 2, "{}", w.backend);
        // Northbridge adds evidence pointing to it before the sweep gets to it.
        s.add_evidence(a.id, pdf("evidence/shared"), &w.actor(&w.lead))
            .await
            .unwrap();
        for f in &due {
            assert!(!s.forget_file(f).await.unwrap(), "pointed to again: kept");
        }
        // Marked as wanted again: not due, whatever the clock says.
        w.clock.advance(Duration::days(90));
        assert!(
            s.unreferenced_files(grace).await.unwrap().is_empty(),
            "{}",
            w.backend
        );
    }
}

#[tokio::test]
async fn bytes_go_only_when_no_council_keeps_the_file() {
    for w in worlds().await {
        let s = &w.store;
        let grace = Duration::days(30);
        // The grace period counts from when the housekeeping first finds a record
        // unpointed: Northbridge's on day 0, Southmere's on day 20.
        s.record_file("evidence/two", w.org).await.unwrap();
        s.unreferenced_files(grace).await.unwrap();
        w.clock.advance(Duration::days(20));
        s.record_file("evidence/two", w.other_org).await.unwrap();
        s.unreferenced_files(grace).await.unwrap();
        w.clock.advance(Duration::days(15));
        // Northbridge's record is due (35 days), Southmere's not yet (15).
        let due = s.unreferenced_files(grace).await.unwrap();
        assert_eq!(due.len(), 1, "{}", w.backend);
        assert_eq!(due[0].org_id, w.org);
        assert!(
            !s.forget_file(&due[0]).await.unwrap(),
            "Southmere still keeps it"
        );
        w.clock.advance(Duration::days(30));
        let due = s.unreferenced_files(grace).await.unwrap();
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].org_id, w.other_org);
        assert!(s.forget_file(&due[0]).await.unwrap(), "nobody keeps it now");
    }
}
