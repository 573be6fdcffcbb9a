//! An organisation's import layouts: saved (and replaced by signature), found by the
//! header signature of a later file, listed, deleted, audited, and never seen by another
//! organisation.

use crate::world::{invalid_message, is_not_found, worlds};
use assure_domain::{AuditChange, AuditEntity};
use assure_store::{MAX_LAYOUT_NAME_CHARS, NewLayout};
use serde_json::json;

const SIGNATURE: &str = "ref|action|owner|target|comments";

fn layout(name: &str, signature: &str, meaning: &str) -> NewLayout {
    NewLayout {
        name: name.into(),
        signature: signature.into(),
        corrections: json!({
            "column": [{ "table": 1, "column": 4, "meaning": meaning }],
            "row": [{ "table": 1, "row": 3, "class": "guidance" }],
        }),
    }
}

#[tokio::test]
async fn a_layout_is_saved_found_by_signature_replaced_and_deleted_audited() {
    for w in worlds().await {
        let s = &w.store;
        let b = w.backend;
        let id = s
            .save_layout(
                w.org,
                &layout("  KPI tracker ", SIGNATURE, "measure"),
                &w.actor(&w.admin),
            )
            .await
            .expect("saved");
        let found = s
            .layout_for_signature(w.org, SIGNATURE)
            .await
            .expect("looked up")
            .expect("found by its signature");
        assert_eq!(found.id, id, "{b}");
        assert_eq!(found.name, "KPI tracker", "trimmed");
        assert_eq!(found.corrections["column"][0]["meaning"], "measure");
        assert_eq!(found.saved_by, w.admin.name);
        assert!(
            s.layout_for_signature(w.org, "ref|action|lead")
                .await
                .expect("looked up")
                .is_none(),
            "another header is another layout"
        );

        // Saving the same signature again replaces it: same id, new corrections.
        let again = s
            .save_layout(
                w.org,
                &layout("KPI tracker (monthly)", SIGNATURE, "timescale"),
                &w.actor(&w.owner),
            )
            .await
            .expect("replaced");
        assert_eq!(again, id, "{b}");
        let other = s
            .save_layout(
                w.org,
                &layout("Action log", "ref|action|lead", "lead"),
                &w.actor(&w.admin),
            )
            .await
            .expect("second");
        let all = s.layouts(w.org).await.expect("list");
        assert_eq!(
            all.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(),
            ["Action log", "KPI tracker (monthly)"],
            "{b}: by name"
        );
        assert_eq!(all[1].corrections["column"][0]["meaning"], "timescale");
        assert_eq!(all[1].saved_by, w.owner.name);

        // Every save and the delete are in the organisation's trail.
        s.delete_layout(w.org, other, &w.actor(&w.admin))
            .await
            .expect("deleted");
        assert!(s.layout(w.org, other).await.expect("read").is_none());
        assert_eq!(s.layouts(w.org).await.expect("list").len(), 1);
        let trail: Vec<_> = s
            .audit_trail(w.org)
            .await
            .expect("trail")
            .into_iter()
            .filter(|e| e.entity == AuditEntity::ImportLayout)
            .collect();
        let changes: Vec<_> = trail.iter().map(|e| (e.entity_id, e.change)).collect();
        assert_eq!(
            changes,
            [
                (id, AuditChange::Create),
                (id, AuditChange::Update),
                (other, AuditChange::Create),
                (other, AuditChange::Delete),
            ],
            "{b}"
        );
        assert_eq!(
            trail[1].before.as_ref().unwrap()["corrections"]["column"][0]["meaning"],
            "measure"
        );
        assert_eq!(trail[3].before.as_ref().unwrap()["name"], "Action log");
        assert_eq!(trail[1].actor.user_id, Some(w.owner.id));
        assert!(is_not_found(
            &s.delete_layout(w.org, other, &w.actor(&w.admin)).await
        ));
    }
}

#[tokio::test]
async fn another_organisation_never_sees_nor_deletes_a_layout() {
    for w in worlds().await {
        let s = &w.store;
        let b = w.backend;
        let id = s
            .save_layout(
                w.org,
                &layout("KPI tracker", SIGNATURE, "measure"),
                &w.actor(&w.admin),
            )
            .await
            .expect("saved");
        assert!(
            s.layout_for_signature(w.other_org, SIGNATURE)
                .await
                .expect("looked up")
                .is_none(),
            "{b}"
        );
        assert!(s.layouts(w.other_org).await.expect("list").is_empty());
        assert!(s.layout(w.other_org, id).await.expect("read").is_none());
        // Deleting through the other organisation, or as its admin, finds nothing.
        assert!(is_not_found(
            &s.delete_layout(w.other_org, id, &w.actor(&w.other_admin))
                .await
        ));
        assert!(is_not_found(
            &s.delete_layout(w.org, id, &w.actor(&w.other_admin)).await
        ));
        // Nor can its admin save into this organisation.
        assert!(is_not_found(
            &s.save_layout(
                w.org,
                &layout("Theirs", "x|y", "lead"),
                &w.actor(&w.other_admin)
            )
            .await
        ));
        // The other organisation's own layout of the same header is its own.
        let theirs = s
            .save_layout(
                w.other_org,
                &layout("Theirs", SIGNATURE, "lead"),
                &w.actor(&w.other_admin),
            )
            .await
            .expect("their own");
        assert_ne!(theirs, id, "{b}");
        let ours = s
            .layout_for_signature(w.org, SIGNATURE)
            .await
            .expect("looked up")
            .expect("still ours");
        assert_eq!(ours.corrections["column"][0]["meaning"], "measure");
        assert_eq!(s.layouts(w.org).await.expect("list").len(), 1);
    }
}

#[tokio::test]
async fn a_layout_without_name_or_signature_or_too_long_is_refused_whole() {
    for w in worlds().await {
        let s = &w.store;
        let a = w.actor(&w.admin);
        let no_name = invalid_message(
            s.save_layout(w.org, &layout(" ", SIGNATURE, "lead"), &a)
                .await,
        );
        assert!(no_name.contains("name"), "{no_name}");
        let no_sig = invalid_message(s.save_layout(w.org, &layout("A", "  ", "lead"), &a).await);
        assert!(no_sig.contains("header"), "{no_sig}");
        let long = "n".repeat(MAX_LAYOUT_NAME_CHARS + 1);
        let too_long = invalid_message(
            s.save_layout(w.org, &layout(&long, SIGNATURE, "lead"), &a)
                .await,
        );
        assert!(too_long.contains("name"), "{too_long}");
        let mut not_object = layout("A", SIGNATURE, "lead");
        not_object.corrections = json!(["lead"]);
        let e = invalid_message(s.save_layout(w.org, &not_object, &a).await);
        assert!(e.contains("corrections"), "{e}");
        assert!(
            s.layouts(w.org).await.expect("list").is_empty(),
            "{}",
            w.backend
        );
    }
}
