//! A plan's glossary (added, edited and removed, audited, its abbreviations unique per
//! plan), several leads linked at once, and plans attached to a parent plan.

use crate::world::{demo_plan, invalid_message, is_conflict, is_not_found, worlds};
use assure_domain::PlanRole;
use assure_domain::audit::{AuditChange, AuditEntity};
use assure_domain::input::MAX_ABBREVIATION_CHARS;
use assure_domain::model::GlossaryFields;
use assure_store::{LeadLink, StoreError};

fn fields(abbreviation: &str, title: &str) -> GlossaryFields {
    GlossaryFields {
        abbreviation: abbreviation.into(),
        title: Some(title.into()),
        name: None,
        person_id: None,
    }
}

#[tokio::test]
async fn an_owner_adds_edits_and_removes_abbreviations_each_audited() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.admin);
        let before = w.plan().await.glossary.len();
        // Trimmed, blanks as nothing, after the plan's own entries.
        let mut f = fields("  SM  ", " Service Manager ");
        f.name = Some("   ".into());
        let id = s.add_glossary_entry(w.plan, &f, &me).await.expect("added");
        let plan = w.plan().await;
        assert_eq!(plan.glossary.len(), before + 1, "{}", w.backend);
        let added = plan.glossary.last().expect("the new entry");
        assert_eq!(
            (
                added.id,
                added.abbreviation.as_str(),
                added.title.as_deref(),
                added.name.as_deref()
            ),
            (id, "SM", Some("Service Manager"), None)
        );
        assert_eq!(added.version, 1);
        // It is in the plan document too.
        assert!(
            plan.to_document()
                .glossary
                .iter()
                .any(|g| g.abbreviation == "SM")
        );

        // Edited, with a person: the plan's leads written that way are linked to them.
        let mut f = fields("HoS CP", "Head of Service, Child Protection");
        f.person_id = Some(w.lead.id);
        let hos = plan
            .glossary
            .iter()
            .find(|g| g.abbreviation == "HoS CP")
            .expect("the demo's HoS CP");
        s.edit_glossary_entry(w.plan, hos.id, hos.version, &f, &me)
            .await
            .expect("edited");
        let plan = w.plan().await;
        let led: Vec<_> = plan
            .actions()
            .into_iter()
            .flat_map(|(_, _, a)| a.leads.iter().filter(|l| l.text == "HoS CP"))
            .collect();
        assert!(!led.is_empty());
        assert!(
            led.iter().all(|l| l.person_id == Some(w.lead.id)),
            "{}",
            w.backend
        );
        // A stale version is a conflict, and writes nothing.
        let stale = s
            .edit_glossary_entry(w.plan, hos.id, hos.version, &fields("HoS CP", "Other"), &me)
            .await;
        assert!(is_conflict(&stale), "{}: {stale:?}", w.backend);

        // Removed.
        let sm = plan.glossary.iter().find(|g| g.id == id).expect("SM");
        s.remove_glossary_entry(w.plan, id, sm.version, &me)
            .await
            .expect("removed");
        assert!(w.plan().await.glossary.iter().all(|g| g.id != id));
        assert!(is_not_found(
            &s.remove_glossary_entry(w.plan, id, sm.version, &me).await
        ));

        // Each change is in the plan's trail, with what it was and became.
        let trail = s.audit_trail(w.plan).await.expect("trail");
        let glossary: Vec<_> = trail
            .iter()
            .filter(|e| e.entity == AuditEntity::GlossaryEntry)
            .collect();
        let changes: Vec<AuditChange> = glossary.iter().map(|e| e.change).collect();
        assert_eq!(
            changes,
            [
                AuditChange::Create,
                AuditChange::Update,
                AuditChange::Delete
            ],
            "{}",
            w.backend
        );
        assert_eq!(
            glossary[1].before.as_ref().unwrap()["title"],
            "Head of Service, Child Protection and Court"
        );
        assert_eq!(
            glossary[1].after.as_ref().unwrap()["person_id"],
            w.lead.id.to_string()
        );
        assert_eq!(glossary[2].before.as_ref().unwrap()["abbreviation"], "SM");
    }
}

#[tokio::test]
async fn an_abbreviation_is_in_a_glossary_once_and_within_its_limits() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.admin);
        let rev = s.plan_revision(w.plan).await.expect("revision");
        // The demo has "HoS CP": another case is the same abbreviation.
        let twice = s
            .add_glossary_entry(w.plan, &fields(" hos cp", "x"), &me)
            .await;
        assert!(
            matches!(&twice, Err(StoreError::Duplicate(m)) if m.contains("HoS CP")),
            "{}: {twice:?}",
            w.backend
        );
        assert!(
            invalid_message(s.add_glossary_entry(w.plan, &fields("  ", "x"), &me).await)
                .contains("needs an abbreviation")
        );
        let long = "A".repeat(MAX_ABBREVIATION_CHARS + 1);
        assert!(
            invalid_message(s.add_glossary_entry(w.plan, &fields(&long, "x"), &me).await)
                .contains("characters or fewer")
        );
        assert_eq!(
            s.plan_revision(w.plan).await.expect("revision"),
            rev,
            "nothing written"
        );
        // Renaming an entry to another's abbreviation is refused too; to its own, not.
        let plan = w.plan().await;
        let dcs = plan
            .glossary
            .iter()
            .find(|g| g.abbreviation == "DCS")
            .expect("DCS");
        let renamed = s
            .edit_glossary_entry(w.plan, dcs.id, dcs.version, &fields("KM", "x"), &me)
            .await;
        assert!(
            matches!(renamed, Err(StoreError::Duplicate(_))),
            "{}",
            w.backend
        );
        s.edit_glossary_entry(w.plan, dcs.id, dcs.version, &fields("dcs", "Director"), &me)
            .await
            .expect("its own abbreviation, in another case");
        // The same abbreviation in another plan is another glossary; a person of another
        // council cannot be linked; another council's admin cannot touch this plan.
        s.add_glossary_entry(w.plan, &fields("SM", "x"), &me)
            .await
            .expect("this plan's glossary");
        s.add_glossary_entry(w.other_plan, &fields("SM", "x"), &w.actor(&w.other_admin))
            .await
            .expect("another plan's glossary");
        let mut f = fields("QA", "Quality assurance");
        f.person_id = Some(w.other_admin.id);
        assert!(is_not_found(&s.add_glossary_entry(w.plan, &f, &me).await));
        assert!(is_not_found(
            &s.add_glossary_entry(w.plan, &fields("QA", "x"), &w.actor(&w.other_admin))
                .await
        ));
    }
}

#[tokio::test]
async fn several_leads_are_linked_at_once_and_one_changed_meanwhile_is_left() {
    for w in worlds().await {
        let s = &w.store;
        let me = w.actor(&w.admin);
        let link = |text: &str, was, person| LeadLink {
            text: text.into(),
            was,
            person,
        };
        let outcome = s
            .link_leads(
                w.plan,
                &[
                    link("HoS CP", None, Some(w.lead.id)),
                    link("KM", None, Some(w.owner.id)),
                ],
                &me,
            )
            .await
            .expect("linked");
        assert_eq!(outcome.linked, ["HoS CP", "KM"], "{}", w.backend);
        assert!(outcome.conflicted.is_empty());
        let plan = w.plan().await;
        let person_of = |text: &str| {
            plan.actions()
                .into_iter()
                .flat_map(|(_, _, a)| a.leads.clone())
                .find(|l| l.text == text)
                .and_then(|l| l.person_id)
        };
        assert_eq!(person_of("HoS CP"), Some(w.lead.id));
        assert_eq!(person_of("KM"), Some(w.owner.id));
        assert_eq!(
            plan.glossary
                .iter()
                .find(|g| g.abbreviation == "KM")
                .and_then(|g| g.person_id),
            Some(w.owner.id),
            "the glossary entry is linked with its leads"
        );
        // Drawn before KM was linked: KM is left as someone else set it, HoS CP unlinked.
        let outcome = s
            .link_leads(
                w.plan,
                &[
                    link("HoS CP", Some(w.lead.id), None),
                    link("KM", None, Some(w.viewer.id)),
                ],
                &me,
            )
            .await
            .expect("saved what it could");
        assert_eq!(outcome.linked, ["HoS CP"]);
        assert_eq!(outcome.conflicted, ["KM"]);
        let plan = w.plan().await;
        assert!(
            plan.actions()
                .into_iter()
                .flat_map(|(_, _, a)| a.leads.clone())
                .all(|l| (l.text != "HoS CP" || l.person_id.is_none())
                    && (l.text != "KM" || l.person_id == Some(w.owner.id)))
        );
        // One event per lead linked, each saying from whom to whom.
        let links: Vec<_> = s
            .audit_trail(w.plan)
            .await
            .expect("trail")
            .into_iter()
            .filter(|e| e.change == AuditChange::LinkLead)
            .collect();
        assert_eq!(links.len(), 3, "{}", w.backend);
        assert_eq!(
            links[2].before.as_ref().unwrap()["person_id"],
            w.lead.id.to_string()
        );
        assert!(links[2].after.as_ref().unwrap()["person_id"].is_null());
        // Words the plan never uses write nothing at all.
        let rev = s.plan_revision(w.plan).await.expect("revision");
        let refused = s
            .link_leads(
                w.plan,
                &[
                    link("KM", Some(w.owner.id), None),
                    link("Nobody here", None, None),
                ],
                &me,
            )
            .await;
        assert!(invalid_message(refused).contains("not a lead of this plan"));
        assert_eq!(s.plan_revision(w.plan).await.expect("revision"), rev);
    }
}

#[tokio::test]
async fn a_plan_is_attached_to_a_parent_by_an_owner_of_both() {
    for w in worlds().await {
        let s = &w.store;
        let sys = assure_domain::model::Actor::system("test");
        let mut visit = demo_plan();
        visit.title = "Focused visit plan".into();
        let child = s.create_plan(w.org, &visit, &sys).await.expect("plan");
        let owner = w.actor(&w.owner);
        s.set_plan_role(child, w.owner.id, PlanRole::Owner, &sys)
            .await
            .expect("owner of the visit plan");
        let version = s.plan(child).await.expect("plan").version;
        // Not yet an owner of the parent: as good as unknown.
        assert!(is_not_found(
            &s.set_parent_plan(child, version, Some(w.plan), &owner)
                .await
        ));
        s.set_plan_role(w.plan, w.owner.id, PlanRole::Owner, &sys)
            .await
            .expect("owner of the improvement plan");
        let attached = s
            .set_parent_plan(child, version, Some(w.plan), &owner)
            .await
            .expect("attached");
        assert_eq!(attached.parent_id, Some(w.plan), "{}", w.backend);
        let listed = s.attached_plans(w.plan).await.expect("attached plans");
        assert_eq!(listed.len(), 1);
        assert_eq!((listed[0].id, listed[0].parent_id), (child, Some(w.plan)));
        // A stale version is a conflict; itself, another council's plan, a chain: refused.
        assert!(is_conflict(
            &s.set_parent_plan(child, version, None, &owner).await
        ));
        let v = attached.version;
        let admin = w.actor(&w.admin);
        assert!(
            invalid_message(s.set_parent_plan(child, v, Some(child), &admin).await)
                .contains("itself")
        );
        assert!(is_not_found(
            &s.set_parent_plan(child, v, Some(w.other_plan), &admin)
                .await
        ));
        let parent_version = s.plan(w.plan).await.expect("plan").version;
        assert!(
            invalid_message(
                s.set_parent_plan(w.plan, parent_version, Some(child), &admin)
                    .await
            )
            .contains("attached to another plan")
        );
        let third = s.create_plan(w.org, &visit, &sys).await.expect("plan");
        let third_version = s.plan(third).await.expect("plan").version;
        assert!(
            invalid_message(
                s.set_parent_plan(w.plan, parent_version, Some(third), &admin)
                    .await
            )
            .contains("other plans are attached to this one")
        );
        assert!(s.attached_plans(third).await.expect("none").is_empty());
        let _ = third_version;
        // Detached; both changes are in the plan's trail.
        let detached = s
            .set_parent_plan(child, v, None, &owner)
            .await
            .expect("detached");
        assert_eq!(detached.parent_id, None);
        assert!(s.attached_plans(w.plan).await.expect("none").is_empty());
        let trail: Vec<_> = s
            .audit_trail(child)
            .await
            .expect("trail")
            .into_iter()
            .filter(|e| e.change == AuditChange::SetParentPlan)
            .collect();
        assert_eq!(trail.len(), 2, "{}", w.backend);
        assert_eq!(
            trail[0].after.as_ref().unwrap()["parent_title"],
            w.plan().await.title
        );
        assert!(trail[1].after.as_ref().unwrap()["parent_id"].is_null());
    }
}
