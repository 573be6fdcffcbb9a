//! The reminder composer at council scale: 1,000 plans (the demo plan's 39 actions each)
//! with 20 people each — 20,000 people — composed on 1 December 2026, the heaviest day
//! (every lead's invitation to December's round and every owner's escalation of
//! November's), with a proposal awaiting sign-off and an impact check due in each plan.
//! Issue 11 asks for a reminder run over that under 5 s. Figures in `docs/benchmarks.md`.
//!
//! `cargo bench -p assure-domain --bench reminders`

use assure_domain::model::{
    Actor, Lead, PlanSettings, SignOff, StoredAction, StoredArea, StoredPlan, StoredUpdate,
};
use assure_domain::reminders::{Frequency, Member, PlanContext, notices};
use assure_domain::roles::PlanRole;
use assure_domain::{Action, PlanDocument};
use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use uuid::Uuid;

const PLANS: usize = 1000;
const PEOPLE_PER_PLAN: usize = 20;

fn demo() -> PlanDocument {
    let raw = include_str!("../../assure/demo/plan.json");
    serde_json::from_str(raw).expect("the demo plan")
}

fn stored(doc: &PlanDocument, people: &[Member]) -> StoredPlan {
    let at = Utc
        .with_ymd_and_hms(2026, 9, 1, 9, 0, 0)
        .single()
        .expect("date");
    let leads: Vec<&Member> = people.iter().filter(|m| m.role == PlanRole::Lead).collect();
    let mut texts: Vec<String> = Vec::new();
    fn action(
        a: &Action,
        area: Uuid,
        parent: Option<Uuid>,
        at: chrono::DateTime<Utc>,
        texts: &mut Vec<String>,
        leads: &[&Member],
    ) -> StoredAction {
        let id = Uuid::now_v7();
        StoredAction {
            id,
            area_id: area,
            parent_id: parent,
            version: 1,
            created_at: at,
            updated_at: at,
            r#ref: a.r#ref.clone(),
            text: a.text.clone(),
            leads: a
                .leads
                .iter()
                .map(|t| {
                    let i = texts.iter().position(|x| x == t).unwrap_or_else(|| {
                        texts.push(t.clone());
                        texts.len() - 1
                    });
                    Lead {
                        text: t.clone(),
                        person_id: Some(leads[i % leads.len()].id),
                    }
                })
                .collect(),
            sponsor: None,
            start: a.start.clone(),
            due: a.due.clone(),
            milestones: vec![],
            assurance: None,
            impact: None,
            measure: None,
            resources: None,
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
                    created_at: at,
                })
                .collect(),
            status: a.status.clone(),
            evidence: vec![],
            signoff: None,
            impact_checks: vec![],
            children: a
                .children
                .iter()
                .map(|c| action(c, area, Some(id), at, texts, leads))
                .collect(),
        }
    }
    let mut plan = StoredPlan {
        id: Uuid::now_v7(),
        org_id: Uuid::now_v7(),
        version: 1,
        created_at: at,
        updated_at: at,
        title: doc.title.clone(),
        organisation: doc.organisation.clone(),
        inspection: None,
        status_scheme: doc.status_scheme.clone(),
        glossary: vec![],
        narrative: vec![],
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
                    group: None,
                    title: a.title.clone(),
                    objectives: vec![],
                    outcomes: vec![],
                    measures: vec![],
                    narrative: vec![],
                    actions: a
                        .actions
                        .iter()
                        .map(|x| action(x, id, None, at, &mut texts, &leads))
                        .collect(),
                }
            })
            .collect(),
    };
    // One proposal awaiting sign-off, one impact check due.
    let proposer = Actor {
        user_id: Some(leads[0].id),
        label: leads[0].name.clone(),
    };
    let first = &mut plan.areas[0].actions;
    first[1].signoff = Some(SignOff {
        proposed_by: proposer.clone(),
        proposed_at: at,
        proposal_note: None,
        signed_off_by: None,
        signed_off_at: None,
        signoff_note: None,
        impact_check_due: None,
    });
    first[2].signoff = Some(SignOff {
        proposed_by: proposer.clone(),
        proposed_at: at,
        proposal_note: None,
        signed_off_by: Some(proposer),
        signed_off_at: Some(at),
        signoff_note: None,
        impact_check_due: NaiveDate::from_ymd_opt(2026, 11, 30),
    });
    plan
}

fn council() -> Vec<(StoredPlan, Vec<Member>)> {
    let doc = demo();
    (0..PLANS)
        .map(|p| {
            let members: Vec<Member> = (0..PEOPLE_PER_PLAN)
                .map(|i| Member {
                    id: Uuid::now_v7(),
                    name: format!("Person {p}-{i}"),
                    email: format!("person{p}.{i}@council.example"),
                    role: if i < 2 {
                        PlanRole::Owner
                    } else {
                        PlanRole::Lead
                    },
                    frequency: Frequency::ALL[i % 4],
                    disabled: false,
                })
                .collect();
            (stored(&doc, &members), members)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let plans = council();
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let run = || {
        let mut n = 0;
        for (plan, members) in &plans {
            n += notices(
                &PlanContext {
                    plan,
                    council: "Northbridge Borough Council",
                    members,
                    review_meetings: &[],
                    unsent_chases: &[],
                },
                today,
            )
            .len();
        }
        n
    };
    let people: usize = plans.iter().map(|(_, m)| m.len()).sum();
    println!("{} plans, {people} people, {} notices", plans.len(), run());
    let mut g = c.benchmark_group("reminders");
    g.sample_size(10);
    g.bench_function("1000 plans, 20000 people", |b| b.iter(run));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
