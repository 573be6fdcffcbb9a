//! The rules the web workspace applies: attention lists on the demo plan at a fixed date,
//! reporting periods that tile the calendar, evidence references that export exactly as
//! imported.

use assure_domain::attention::{
    attention, describe_meaning, due_date, is_overdue, last_update_date,
};
use assure_domain::model::{
    Actor, EvidenceKind, Lead, PlanSettings, SignOff, StoredAction, StoredArea, StoredEvidence,
    StoredPlan, StoredUpdate, evidence_from_text, evidence_text,
};
use assure_domain::periods::{
    Cadence, next_period, next_review_date, period_containing, previous_period,
};
use assure_domain::{Action, Meaning, PlanDocument};
use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use std::path::PathBuf;
use uuid::Uuid;

pub(crate) fn demo_doc() -> PlanDocument {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../assure/demo/plan.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("demo plan")).expect("parses")
}

pub(crate) fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
        .single()
        .expect("valid")
}

pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// The plan as the store would hold it just after import (fresh ids, version 1).
pub(crate) fn stored(doc: &PlanDocument) -> StoredPlan {
    fn action(a: &Action, area_id: Uuid, parent_id: Option<Uuid>) -> StoredAction {
        let id = Uuid::now_v7();
        StoredAction {
            id,
            area_id,
            parent_id,
            version: 1,
            created_at: at(),
            updated_at: at(),
            r#ref: a.r#ref.clone(),
            text: a.text.clone(),
            leads: a
                .leads
                .iter()
                .map(|t| Lead {
                    text: t.clone(),
                    person_id: None,
                })
                .collect(),
            sponsor: a.sponsor.clone(),
            start: a.start.clone(),
            due: a.due.clone(),
            milestones: a.milestones.clone(),
            assurance: a.assurance.clone(),
            impact: a.impact.clone(),
            measure: a.measure.clone(),
            resources: a.resources.clone(),
            updates: a
                .updates
                .iter()
                .map(|u| StoredUpdate {
                    id: Uuid::now_v7(),
                    date: u.date,
                    text: u.text.clone(),
                    status: None,
                    period: None,
                    author_id: None,
                    created_at: at(),
                })
                .collect(),
            status: a.status.clone(),
            evidence: a
                .evidence
                .iter()
                .map(|e| {
                    let (title, url) = evidence_from_text(e);
                    StoredEvidence {
                        id: Uuid::now_v7(),
                        kind: EvidenceKind::Link,
                        title,
                        url,
                        file_key: None,
                        file_name: None,
                        content_type: None,
                        size: None,
                        added_by: None,
                        created_at: at(),
                    }
                })
                .collect(),
            signoff: None,
            impact_checks: vec![],
            children: a
                .children
                .iter()
                .map(|c| action(c, area_id, Some(id)))
                .collect(),
        }
    }
    let mut plan = StoredPlan {
        id: Uuid::now_v7(),
        org_id: Uuid::now_v7(),
        version: 1,
        created_at: at(),
        updated_at: at(),
        title: doc.title.clone(),
        organisation: doc.organisation.clone(),
        inspection: doc.inspection.clone(),
        status_scheme: doc.status_scheme.clone(),
        glossary: doc
            .glossary
            .iter()
            .map(|g| assure_domain::model::StoredGlossaryEntry {
                id: Uuid::now_v7(),
                version: 1,
                abbreviation: g.abbreviation.clone(),
                title: g.title.clone(),
                name: g.name.clone(),
                person_id: None,
            })
            .collect(),
        narrative: doc.narrative.clone(),
        settings: PlanSettings::default(),
        parent_id: None,
        measures: Vec::new(),
        areas: doc
            .areas
            .iter()
            .map(|a| {
                let id = Uuid::now_v7();
                StoredArea {
                    id,
                    version: 1,
                    r#ref: a.r#ref.clone(),
                    group: a.group.clone(),
                    title: a.title.clone(),
                    objectives: a.objectives.clone(),
                    outcomes: a.outcomes.clone(),
                    measures: a.measures.clone(),
                    narrative: a.narrative.clone(),
                    actions: a.actions.iter().map(|x| action(x, id, None)).collect(),
                }
            })
            .collect(),
    };
    plan.measures = doc.measures.iter().map(|m| measure(&plan, m)).collect();
    plan
}

/// A measure of the document as the store keeps it: its links found by ref (an action's
/// first, else an area's), in the order the store gives them.
fn measure(
    plan: &StoredPlan,
    m: &assure_domain::measures::MeasureDoc,
) -> assure_domain::measures::Measure {
    use assure_domain::measures::{
        Measure, MeasureFields, MeasureLink, MeasureValue, parse_period,
    };
    let mut links: Vec<MeasureLink> = m
        .links
        .iter()
        .map(|r| {
            plan.actions()
                .into_iter()
                .find(|(_, _, a)| a.r#ref.as_deref() == Some(r))
                .map(|(_, _, a)| MeasureLink::Action(a.id))
                .or_else(|| {
                    plan.areas
                        .iter()
                        .find(|a| a.r#ref.as_deref() == Some(r))
                        .map(|a| MeasureLink::Area(a.id))
                })
                .expect("a link to a ref of the plan")
        })
        .collect();
    links.sort();
    Measure {
        id: Uuid::now_v7(),
        plan_id: plan.id,
        version: 1,
        fields: MeasureFields {
            name: m.name.clone(),
            definition: m.definition.clone(),
            unit: m.unit,
            direction: m.direction,
            frequency: m.frequency,
            source: m.source.clone(),
            owner: m.owner.clone(),
            tolerance: m.tolerance,
            links,
        },
        targets: m.target_history().expect("targets").all().to_vec(),
        values: m
            .values
            .iter()
            .map(|v| MeasureValue {
                period: parse_period(&v.period, m.frequency).expect("a period"),
                value: v.value,
                note: v.note.clone(),
                entered_at: at(),
                entered_by: "test".into(),
            })
            .collect(),
    }
}

/// How a test names an action: its reference, or its parent's and its words.
fn name(plan: &StoredPlan, a: &StoredAction) -> String {
    match (&a.r#ref, a.parent_id) {
        (Some(r), _) => r.clone(),
        (None, Some(p)) => {
            let parent = plan.find_action(p).expect("parent");
            format!("{} > {}", name(plan, parent), a.text)
        }
        (None, None) => a.text.clone(),
    }
}

fn names(plan: &StoredPlan, list: &[assure_domain::attention::Flagged<'_>]) -> Vec<String> {
    list.iter().map(|f| name(plan, f.action)).collect()
}

#[test]
fn the_demo_plan_on_23_november_2026() {
    let plan = stored(&demo_doc());
    assert_eq!(plan.to_document(), demo_doc(), "the conversion is faithful");
    let today = date(2026, 11, 23);
    let a = attention(&plan, today);

    assert_eq!(a.period.label, "November 2026 update");
    assert_eq!(names(&plan, &a.overdue), ["4.2", "4.5", "5.5", "3.4"]);
    assert_eq!(names(&plan, &a.off_track), ["2.5", "4.5", "5.4"]);
    assert_eq!(
        names(&plan, &a.at_risk),
        ["2.4", "3.3", "3.6", "4.2", "5.5"]
    );
    let stale = names(&plan, &a.no_update_this_period);
    assert_eq!(stale.len(), 18, "{stale:#?}");
    for expected in [
        "1.6",
        "2.5",
        "3.2",
        "3.5",
        "4.6",
        "5.4",
        "3.4 > Pilot in Area West",
    ] {
        assert!(
            stale.contains(&expected.to_string()),
            "{expected} in {stale:#?}"
        );
    }
    // Updated on 6 November (after an undated one): not stale. Complete: never stale.
    assert!(!stale.contains(&"1.5".to_string()));
    assert!(!stale.contains(&"1.1".to_string()));
    assert!(a.awaiting_sign_off.is_empty());
    assert!(a.impact_checks_due.is_empty());

    let s = &a.by_status;
    assert_eq!(s.get(Some(Meaning::Complete)), 11);
    assert_eq!(s.get(Some(Meaning::OnTrack)), 14);
    assert_eq!(s.get(Some(Meaning::AtRisk)), 5);
    assert_eq!(s.get(Some(Meaning::OffTrack)), 3);
    assert_eq!(s.get(Some(Meaning::Ahead)), 0);
    assert_eq!(s.get(None), 6);
    assert_eq!(s.total(), plan.actions().len());
    assert_eq!(s.counts.last(), Some(&(None, 6)));
    assert_eq!(describe_meaning(None), "No status");
    assert_eq!(describe_meaning(Some(Meaning::OffTrack)), "Off track");

    assert_eq!(a.by_area.len(), 5);
    let area_totals: usize = a.by_area.iter().map(|c| c.counts.total()).sum();
    assert_eq!(area_totals, s.total());
    let area4 = &a.by_area[3];
    assert_eq!(area4.area.r#ref.as_deref(), Some("4"));
    assert_eq!(area4.counts.get(Some(Meaning::OffTrack)), 1);
    assert_eq!(area4.counts.get(Some(Meaning::AtRisk)), 1);
    assert_eq!(area4.counts.get(None), 1);

    // The first of December makes every open action due an update, except one that
    // starts in January 2027.
    let dec = attention(&plan, date(2026, 12, 1));
    assert_eq!(dec.period.label, "December 2026 update");
    let open: Vec<String> = plan
        .actions()
        .iter()
        .filter(|(_, _, x)| {
            x.status
                .as_ref()
                .is_none_or(|s| s.meaning != Meaning::Complete)
        })
        .map(|(_, _, x)| name(&plan, x))
        .collect();
    let due: Vec<String> = names(&plan, &dec.no_update_this_period);
    let not_due: Vec<&String> = open.iter().filter(|n| !due.contains(n)).collect();
    assert_eq!(not_due, ["5.7"]);
    assert_eq!(
        plan.actions()
            .iter()
            .find(|(_, _, x)| x.r#ref.as_deref() == Some("5.7"))
            .and_then(|(_, _, x)| x.start.as_ref())
            .and_then(|s| s.date),
        Some(date(2027, 1, 1))
    );
}

#[test]
fn dates_undated_updates_and_overdue() {
    let plan = stored(&demo_doc());
    let today = date(2026, 11, 23);
    let by_ref = |r: &str| {
        plan.actions()
            .into_iter()
            .find(|(_, _, a)| a.r#ref.as_deref() == Some(r))
            .expect("action")
            .2
    };
    // A month timescale is due on its last day.
    assert_eq!(due_date(by_ref("4.2")), Some(date(2026, 7, 31)));
    assert!(is_overdue(by_ref("4.2"), today));
    // Complete, though its date has passed.
    assert!(!is_overdue(by_ref("1.1"), today));
    // Recurring: never overdue; TBC: no date.
    assert_eq!(due_date(by_ref("1.3")), None);
    assert_eq!(due_date(by_ref("3.6")), None);
    // 1.5's first update is undated; the latest date wins.
    assert_eq!(last_update_date(by_ref("1.5")), Some(date(2026, 11, 6)));
    // 3.5 has only an undated update: no date at all.
    assert_eq!(last_update_date(by_ref("3.5")), None);
}

#[test]
fn sign_off_states_and_my_actions() {
    let mut plan = stored(&demo_doc());
    let kate = Uuid::now_v7();
    let lead = Actor {
        user_id: Some(kate),
        label: "Kate".into(),
    };
    let owner = Actor {
        user_id: Some(Uuid::now_v7()),
        label: "Olu".into(),
    };
    {
        let area = &mut plan.areas[3];
        // 4.2: proposed, awaiting sign-off; led by Kate.
        let a = &mut area.actions[1];
        a.leads[0].person_id = Some(kate);
        a.signoff = Some(SignOff {
            proposed_by: lead.clone(),
            proposed_at: at(),
            proposal_note: Some("Checklist live".into()),
            signed_off_by: None,
            signed_off_at: None,
            signoff_note: None,
            impact_check_due: None,
        });
        // 4.1: signed off in August; re-check due 23 November.
        let b = &mut area.actions[0];
        b.signoff = Some(SignOff {
            proposed_by: lead,
            proposed_at: at(),
            proposal_note: None,
            signed_off_by: Some(owner),
            signed_off_at: Some(at()),
            signoff_note: None,
            impact_check_due: Some(date(2026, 11, 23)),
        });
    }
    let a = attention(&plan, date(2026, 11, 23));
    assert_eq!(names(&plan, &a.awaiting_sign_off), ["4.2"]);
    assert_eq!(names(&plan, &a.impact_checks_due), ["4.1"]);
    let earlier = attention(&plan, date(2026, 11, 22));
    assert!(earlier.impact_checks_due.is_empty());

    let mine = a.for_person(kate);
    assert_eq!(names(&plan, &mine.overdue), ["4.2"]);
    assert_eq!(names(&plan, &mine.awaiting_sign_off), ["4.2"]);
    assert!(mine.off_track.is_empty());
    assert_eq!(mine.by_status, a.by_status, "counts stay the plan's");

    // A signed-off action counts as complete even where its status says otherwise (a
    // plan whose key has no "complete" status to give it).
    let complete = a.by_status.get(Some(Meaning::Complete));
    plan.areas[3].actions[0].status = None;
    let a = attention(&plan, date(2026, 11, 23));
    assert_eq!(a.by_status.get(Some(Meaning::Complete)), complete);
    plan.areas[3].actions[0].signoff = None;
    let a = attention(&plan, date(2026, 11, 23));
    assert_eq!(a.by_status.get(Some(Meaning::Complete)), complete - 1);
}

#[test]
fn imported_evidence_exports_exactly() {
    for s in [
        "Audit report",
        "https://example.org/audit",
        "Audit report (https://example.org/audit)",
        "Minutes of DLT (see SharePoint)",
        "https://a.example (https://b.example)",
        "https://a.example (https://a.example)",
        " (https://x.example)",
        "",
        "http://",
    ] {
        let (title, url) = evidence_from_text(s);
        assert_eq!(evidence_text(EvidenceKind::Link, &title, url.as_deref()), s);
    }
    assert_eq!(
        evidence_from_text("Audit report (https://example.org/audit)"),
        (
            "Audit report".to_string(),
            Some("https://example.org/audit".to_string())
        )
    );
    assert_eq!(evidence_from_text("Audit report").1, None);
    assert_eq!(
        evidence_text(EvidenceKind::File, "Board minutes", None),
        "Board minutes"
    );
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    // 1990-01-01 to 2100-12-31.
    (0i64..40_541).prop_map(|n| date(1990, 1, 1) + Days::new(n as u64))
}

fn any_cadence() -> impl Strategy<Value = Cadence> {
    prop_oneof![
        Just(Cadence::Weekly),
        Just(Cadence::Fortnightly),
        Just(Cadence::Monthly),
        Just(Cadence::Quarterly),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn evidence_text_round_trips(s in ".{0,40}", url in "https?://[a-z./()]{1,20}", t in "[^()]{0,10}") {
        for s in [s.clone(), format!("{t} ({url})"), url.clone(), format!("{s} ({url})")] {
            let (title, u) = evidence_from_text(&s);
            prop_assert_eq!(evidence_text(EvidenceKind::Link, &title, u.as_deref()), s);
        }
    }

    #[test]
    fn every_date_is_in_exactly_one_period(d in any_date(), c in any_cadence()) {
        let p = period_containing(d, c);
        prop_assert!(p.start <= d && d <= p.end, "{d} not in {p:?}");
        // Every day of the period gives the same period: no overlaps.
        let mut day = p.start;
        while day <= p.end {
            prop_assert_eq!(&period_containing(day, c), &p);
            day = day + Days::new(1);
        }
        // The neighbours touch it: no gaps.
        let next = next_period(&p, c);
        prop_assert_eq!(next.start, p.end + Days::new(1));
        prop_assert_eq!(previous_period(&p, c).end, p.start - Days::new(1));
        prop_assert_ne!(next.label, p.label);
        let len = (p.end - p.start).num_days() + 1;
        let ok = match c {
            Cadence::Weekly => len == 7,
            Cadence::Fortnightly => len == 14,
            Cadence::Monthly => (28..=31).contains(&len),
            Cadence::Quarterly => (90..=92).contains(&len),
        };
        prop_assert!(ok, "{c:?} period of {len} days");
    }

    #[test]
    fn the_next_review_is_in_a_later_period(d in any_date(), c in any_cadence()) {
        let next = next_review_date(d, c);
        prop_assert!(next > d);
        let later = period_containing(next, c);
        prop_assert_eq!(later.start, next_period(&period_containing(d, c), c).start);
    }
}
