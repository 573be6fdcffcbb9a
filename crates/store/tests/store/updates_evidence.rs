//! What leads write against an action: progress updates with a status, and evidence.

use crate::world::{
    date, demo_plan, invalid_message, is_not_found, new_org, status, update, worlds,
};
use assure_domain::input::{MAX_EVIDENCE_TITLE_CHARS, MAX_UPDATE_CHARS, MAX_URL_CHARS};
use assure_domain::model::{Actor, EvidenceKind};
use assure_domain::{AuditEntity, Meaning};
use assure_store::{NewEvidence, NewUpdate, StoreError};
use assure_test_support as support;
use uuid::Uuid;

#[tokio::test]
async fn writing_an_update_sets_the_status_and_moves_the_version_in_one_go() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.lead);
        let a = w.by_ref("2.3").await;
        let before_updates = a.updates.len();

        let saved = s
            .write_update(
                a.id,
                a.version,
                update(
                    "Slipped: court dates moved",
                    Some(status("Amber", Meaning::AtRisk)),
                ),
                &me,
            )
            .await
            .expect("update");
        assert_eq!(saved.version, a.version + 1);
        assert_eq!(saved.status, Some(status("Amber", Meaning::AtRisk)));
        assert_eq!(saved.updates.len(), before_updates + 1);
        let u = saved.updates.last().expect("update");
        assert_eq!(u.text, "Slipped: court dates moved");
        assert_eq!(u.date, Some(date(2026, 11, 23)));
        assert_eq!(u.status, saved.status);
        assert_eq!(u.period.as_deref(), Some("November 2026 update"));
        assert_eq!(u.author_id, Some(w.lead.id));
        assert_eq!(
            w.action(a.id).await,
            saved,
            "{}: what was returned is what is stored",
            w.backend
        );

        // Without a status, the status stays; without a period, the date's period is used.
        let mut next = update("Recovery plan agreed", None);
        next.period = None;
        next.date = date(2026, 12, 1);
        let saved = s
            .write_update(a.id, saved.version, next, &me)
            .await
            .expect("update");
        assert_eq!(saved.status, Some(status("Amber", Meaning::AtRisk)));
        assert_eq!(
            saved.updates.last().and_then(|u| u.period.as_deref()),
            Some("December 2026 update")
        );

        // The timeline: both updates, the first with its status change.
        let trail = s.audit_trail(a.id).await.expect("trail");
        assert_eq!(trail.len(), 2);
        assert!(
            trail
                .iter()
                .all(|e| e.entity == AuditEntity::Update && e.actor.user_id == Some(w.lead.id))
        );
        let first = &trail[0];
        assert_eq!(first.after.as_ref().unwrap()["status"]["label"], "Amber");
        assert_eq!(first.after.as_ref().unwrap()["status_changed"], true);
        assert_eq!(first.before.as_ref().unwrap()["status"]["label"], "Green");
        assert_eq!(trail[1].after.as_ref().unwrap()["status_changed"], false);
        assert_eq!(trail[0].plan_id, Some(w.plan));

        // The export writes the new updates as any other.
        let doc = w.plan().await.to_document();
        let exported = doc
            .actions()
            .into_iter()
            .find(|(_, x)| x.r#ref.as_deref() == Some("2.3"))
            .expect("2.3")
            .1
            .updates
            .clone();
        assert_eq!(
            exported.last().map(|u| u.text.as_str()),
            Some("Recovery plan agreed")
        );
    }
}

#[tokio::test]
async fn a_refused_update_writes_nothing() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.lead);
        let a = w.by_ref("2.3").await;
        let before_updates = a.updates.len();
        let saved = s
            .write_update(a.id, a.version, update("Progress", None), &me)
            .await
            .expect("update");

        // Stale, empty, too long, unknown status, complete, another council, no action.
        let stale = s
            .write_update(a.id, a.version, update("Mine", None), &me)
            .await;
        assert!(
            matches!(stale, Err(StoreError::Conflict { current, .. }) if current == saved.version),
            "{stale:?}"
        );
        assert!(matches!(
            s.write_update(a.id, saved.version, update("  ", None), &me)
                .await,
            Err(StoreError::Invalid(_))
        ));
        let long = "x".repeat(MAX_UPDATE_CHARS + 1);
        assert!(
            invalid_message(
                s.write_update(a.id, saved.version, update(&long, None), &me)
                    .await
            )
            .contains("characters or fewer")
        );
        assert!(
            invalid_message(
                s.write_update(
                    a.id,
                    saved.version,
                    update("x", Some(status("Mauve", Meaning::AtRisk))),
                    &me
                )
                .await
            )
            .contains("not a status")
        );
        assert!(
            invalid_message(
                s.write_update(
                    a.id,
                    saved.version,
                    update("Done", Some(status("Blue", Meaning::Complete))),
                    &me
                )
                .await
            )
            .contains("propose it complete")
        );
        assert!(is_not_found(
            &s.write_update(
                a.id,
                saved.version,
                update("x", None),
                &w.actor(&w.other_admin)
            )
            .await
        ));
        assert!(is_not_found(
            &s.write_update(Uuid::now_v7(), 1, update("x", None), &me)
                .await
        ));
        let now = w.action(a.id).await;
        assert_eq!(now.version, saved.version, "{}", w.backend);
        assert_eq!(now.updates.len(), before_updates + 1);
        assert_eq!(s.audit_trail(a.id).await.expect("trail").len(), 1);
    }
}

#[tokio::test]
async fn of_two_writers_with_the_same_version_exactly_one_wins() {
    for w in worlds().await {
        let a = w.by_ref("2.4").await;
        for round in 0..8 {
            let current = w.action(a.id).await;
            let mut tasks = Vec::new();
            for who in ["first", "second"] {
                let store = w.store.clone();
                let actor = w.actor(&w.lead);
                let version = current.version;
                tasks.push(tokio::spawn(async move {
                    store
                        .write_update(
                            a.id,
                            version,
                            update(
                                &format!("{who} in round {round}"),
                                Some(status("Red", Meaning::OffTrack)),
                            ),
                            &actor,
                        )
                        .await
                }));
            }
            let mut wins = 0;
            let mut conflicts = 0;
            for t in tasks {
                match t.await.expect("task") {
                    Ok(saved) => {
                        assert_eq!(saved.version, current.version + 1);
                        wins += 1;
                    }
                    Err(StoreError::Conflict { current: c, .. }) => {
                        assert_eq!(c, current.version + 1);
                        conflicts += 1;
                    }
                    Err(e) => panic!("{}: unexpected {e}", w.backend),
                }
            }
            assert_eq!((wins, conflicts), (1, 1), "{} round {round}", w.backend);
            let after = w.action(a.id).await;
            assert_eq!(
                after.updates.len(),
                current.updates.len() + 1,
                "the loser wrote nothing"
            );
        }
        assert_eq!(w.store.audit_trail(a.id).await.expect("trail").len(), 8);
    }
}

#[tokio::test]
async fn updates_append_in_order_and_concurrent_writers_all_land() {
    for db in support::databases().await {
        let store = support::open(&db, support::clock()).await;
        let org_id = new_org(&store, "Northbridge").await;
        let plan_id = store
            .create_plan(org_id, &demo_plan(), &Actor::system("t"))
            .await
            .expect("plan");
        let action = store.plan(plan_id).await.expect("plan").areas[1].actions[0].clone();
        let before = action.updates.len();

        let mut tasks = Vec::new();
        for n in 0..20 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                // Each writer re-reads the version after losing a race, as a person
                // would after the conflict page.
                loop {
                    let plan = store.plan(plan_id).await?;
                    let version = plan.find_action(action.id).expect("action").version;
                    let new = NewUpdate::new(date(2026, 11, 23), format!("update {n}"));
                    match store
                        .write_update(action.id, version, new, &Actor::system("t"))
                        .await
                    {
                        Err(StoreError::Conflict { .. }) => continue,
                        other => break other,
                    }
                }
            }));
        }
        for t in tasks {
            t.await
                .expect("task")
                .expect("every concurrent update lands");
        }
        let after = store.plan(plan_id).await.expect("plan");
        let updates = &after.find_action(action.id).expect("action").updates;
        assert_eq!(updates.len(), before + 20, "{}", db.backend);
        let latest = after.find_action(action.id).expect("action").version;
        assert!(matches!(
            store
                .write_update(
                    action.id,
                    latest,
                    NewUpdate::new(date(2026, 11, 23), "  "),
                    &Actor::system("t")
                )
                .await,
            Err(StoreError::Invalid(_))
        ));
    }
}

#[tokio::test]
async fn evidence_links_and_files_are_kept_in_the_order_added() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.lead);
        let a = w.by_ref("2.3").await;
        assert!(a.evidence.is_empty());

        let link = s
            .add_evidence(
                a.id,
                NewEvidence::link("DLT report", "https://intranet.example/dlt.pdf"),
                &me,
            )
            .await
            .expect("link");
        assert_eq!(link.kind, EvidenceKind::Link);
        assert_eq!(link.added_by, Some(w.lead.id));
        let bare = s
            .add_evidence(
                a.id,
                NewEvidence::link("", "https://intranet.example/tracker"),
                &me,
            )
            .await
            .expect("link");
        assert_eq!(bare.title, "https://intranet.example/tracker");
        let file = s
            .add_evidence(
                a.id,
                NewEvidence::file(
                    "",
                    "evidence/2026/abc",
                    "audit summary.pdf",
                    "application/pdf",
                    48_213,
                ),
                &me,
            )
            .await
            .expect("file");
        assert_eq!(file.title, "audit summary.pdf");
        assert_eq!(file.size, Some(48_213));
        assert_eq!(file.url, None);

        let stored = w.action(a.id).await;
        assert_eq!(
            stored.version, a.version,
            "evidence does not move the version"
        );
        assert_eq!(
            stored.evidence.iter().map(|e| e.id).collect::<Vec<_>>(),
            [link.id, bare.id, file.id]
        );
        assert_eq!(stored.evidence[2], file);
        assert_eq!(
            stored.to_document().evidence,
            [
                "DLT report (https://intranet.example/dlt.pdf)",
                "https://intranet.example/tracker",
                "audit summary.pdf"
            ]
        );
    }
}

#[tokio::test]
async fn evidence_that_is_not_a_web_address_or_a_stored_file_is_refused() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.lead);
        let a = w.by_ref("2.3").await;
        let long_url = format!("https://intranet.example/{}", "a".repeat(MAX_URL_CHARS));
        for bad in [
            NewEvidence::link("x", "javascript:alert(1)"),
            NewEvidence::link("x", "intranet/page"),
            NewEvidence::link("x", "https://a b"),
            // Rules the web form checked first, and the store now holds for every caller.
            NewEvidence::link("x", "https://"),
            NewEvidence::link("x", "https://@intranet.example"),
            NewEvidence::link("x", "https://intranet.example/\u{7}"),
            NewEvidence::link("x", long_url.as_str()),
            NewEvidence::link(
                "t".repeat(MAX_EVIDENCE_TITLE_CHARS + 1),
                "https://intranet.example",
            ),
            NewEvidence {
                url: None,
                ..NewEvidence::link("x", "")
            },
            NewEvidence {
                file_key: None,
                ..NewEvidence::file("x", "", "a.pdf", "application/pdf", 1)
            },
        ] {
            assert!(
                matches!(
                    s.add_evidence(a.id, bad.clone(), &me).await,
                    Err(StoreError::Invalid(_))
                ),
                "{}: {bad:?}",
                w.backend
            );
        }
        assert!(is_not_found(
            &s.add_evidence(
                a.id,
                NewEvidence::link("x", "https://x.example"),
                &w.actor(&w.other_admin)
            )
            .await
        ));
        assert!(is_not_found(
            &s.add_evidence(
                Uuid::now_v7(),
                NewEvidence::link("x", "https://x.example"),
                &me
            )
            .await
        ));
        assert!(w.action(a.id).await.evidence.is_empty(), "nothing written");
        assert!(s.audit_trail(a.id).await.expect("trail").is_empty());
    }
}

#[tokio::test]
async fn evidence_is_found_and_removed_within_its_council() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.lead);
        let a = w.by_ref("2.3").await;
        for n in 0..2 {
            s.add_evidence(
                a.id,
                NewEvidence::link("", format!("https://intranet.example/{n}")),
                &me,
            )
            .await
            .expect("link");
        }
        let file = s
            .add_evidence(
                a.id,
                NewEvidence::file(
                    "",
                    "evidence/2026/abc",
                    "audit summary.pdf",
                    "application/pdf",
                    48_213,
                ),
                &me,
            )
            .await
            .expect("file");

        let (found, action_id, plan_id, org_id) = s.evidence(file.id).await.expect("evidence");
        assert_eq!(found, file);
        assert_eq!((action_id, plan_id, org_id), (a.id, w.plan, w.org));
        assert!(is_not_found(&s.evidence(Uuid::now_v7()).await));

        assert!(is_not_found(
            &s.remove_evidence(file.id, "No longer relevant", &w.actor(&w.other_admin))
                .await
        ));
        let removed = s
            .remove_evidence(file.id, "No longer relevant", &me)
            .await
            .expect("remove");
        assert_eq!(removed, file);
        assert!(is_not_found(&s.evidence(file.id).await));
        assert!(is_not_found(
            &s.remove_evidence(file.id, "No longer relevant", &me).await
        ));

        let trail = s.audit_trail(a.id).await.expect("trail");
        let kinds: Vec<(&str, &str)> = trail
            .iter()
            .map(|e| (e.entity.as_str(), e.change.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("evidence", "create"),
                ("evidence", "create"),
                ("evidence", "create"),
                ("evidence", "delete")
            ]
        );
        assert_eq!(
            trail[3].before.as_ref().unwrap()["file_name"],
            "audit summary.pdf"
        );
    }
}
