//! Reminders on the demo plan at fixed days: the round's invitation, then its reminder,
//! the escalation to owners after the deadline, sign-off requests, impact checks and
//! chases — one digest per person per kind, whatever their email choice.

use crate::rules::{at, date, demo_doc, stored};
use assure_domain::Cadence;
use assure_domain::model::{Actor, SignOff, StoredPlan};
use assure_domain::periods::period_containing;
use assure_domain::reminders::{Frequency, Kind, Member, Notice, PlanContext, notices};
use assure_domain::roles::PlanRole;
use assure_domain::rounds::{Chase, round_actions};
use chrono::NaiveDate;
use uuid::Uuid;

struct World {
    plan: StoredPlan,
    members: Vec<Member>,
    claire: Uuid,
    helen: Uuid,
    daniel: Uuid,
}

fn member(name: &str, role: PlanRole) -> Member {
    Member {
        id: Uuid::now_v7(),
        name: name.into(),
        email: format!(
            "{}@northbridge.example",
            name.to_lowercase().replace(' ', ".")
        ),
        role,
        frequency: Frequency::Each,
        disabled: false,
    }
}

fn world() -> World {
    let mut plan = stored(&demo_doc());
    let members = vec![
        member("Helen Marsh", PlanRole::Owner),
        member("Daniel Okafor", PlanRole::Owner),
        member("Claire Doyle", PlanRole::Lead),
        member("Jane Whitfield", PlanRole::Viewer),
    ];
    let claire = members[2].id;
    for area in &mut plan.areas {
        for a in &mut area.actions {
            link(a, "HoS CP", claire);
        }
    }
    World {
        helen: members[0].id,
        daniel: members[1].id,
        claire,
        members,
        plan,
    }
}

fn link(a: &mut assure_domain::model::StoredAction, text: &str, person: Uuid) {
    for l in &mut a.leads {
        if l.text == text {
            l.person_id = Some(person);
        }
    }
    for c in &mut a.children {
        link(c, text, person);
    }
}

fn run(w: &World, today: NaiveDate, chases: &[Chase]) -> Vec<Notice> {
    notices(
        &PlanContext {
            plan: &w.plan,
            council: "Northbridge Borough Council",
            members: &w.members,
            review_meetings: &[],
            unsent_chases: chases,
        },
        today,
    )
}

fn of(ns: &[Notice], person: Uuid, kind: Kind) -> Vec<&Notice> {
    ns.iter()
        .filter(|n| n.person_id == person && n.kind == kind)
        .collect()
}

fn by_ref(plan: &StoredPlan, r: &str) -> Uuid {
    plan.actions()
        .into_iter()
        .find(|(_, _, a)| a.r#ref.as_deref() == Some(r))
        .map(|(_, _, a)| a.id)
        .unwrap_or_else(|| panic!("{r}"))
}

#[test]
fn the_round_invites_then_reminds_then_escalates() {
    let w = world();
    let november = period_containing(date(2026, 11, 23), Cadence::Monthly);
    let outstanding = round_actions(&w.plan, &november).outstanding_for(w.claire);
    assert!(outstanding.len() >= 2, "{outstanding:?}");

    // Monday 23 November: the deadline is Monday 30th, the reminder from Thursday 26th
    // (two working days before): an invitation, one digest naming all of Claire's.
    let ns = run(&w, date(2026, 11, 23), &[]);
    let inv = of(&ns, w.claire, Kind::Invitation);
    assert_eq!(inv.len(), 1, "one digest, never one per action");
    assert_eq!(inv[0].action_ids(), outstanding);
    assert!(inv[0].action_ids().contains(&by_ref(&w.plan, "3.4")));
    // 2.3 was updated on 6 November: not asked for again.
    assert!(!inv[0].action_ids().contains(&by_ref(&w.plan, "2.3")));
    assert_eq!(inv[0].deadline, Some(date(2026, 11, 30)));
    assert_eq!(inv[0].window, "2026-11-01");
    assert_eq!(inv[0].council, "Northbridge Borough Council");
    // No escalation yet; the viewer leads nothing and gets nothing.
    assert!(ns.iter().all(|n| n.kind != Kind::Escalation), "{ns:#?}");
    assert!(ns.iter().all(|n| n.person_id != w.members[3].id));
    assert!(of(&ns, w.claire, Kind::Reminder).is_empty());

    // Thursday 26th: the reminder instead, in the same round's window.
    let ns = run(&w, date(2026, 11, 26), &[]);
    assert!(of(&ns, w.claire, Kind::Invitation).is_empty());
    let rem = of(&ns, w.claire, Kind::Reminder);
    assert_eq!(rem.len(), 1);
    assert_eq!(rem[0].action_ids(), outstanding);
    // The deadline day itself still reminds.
    assert_eq!(
        of(&run(&w, date(2026, 11, 30), &[]), w.claire, Kind::Reminder).len(),
        1
    );

    // Tuesday 1 December: December's invitation, and November's escalation to both
    // owners, naming who has not updated what.
    let ns = run(&w, date(2026, 12, 1), &[]);
    for owner in [w.helen, w.daniel] {
        let esc = of(&ns, owner, Kind::Escalation);
        assert_eq!(esc.len(), 1, "{owner}");
        assert_eq!(esc[0].window, "2026-11-01");
        assert_eq!(esc[0].deadline, Some(date(2026, 11, 30)));
        let line = esc[0]
            .lines
            .iter()
            .find(|l| l.action_id == by_ref(&w.plan, "3.4"))
            .expect("3.4 is named");
        assert!(line.detail.contains("Claire Doyle"), "{}", line.detail);
        assert!(
            esc[0]
                .summary
                .iter()
                .any(|s| s.starts_with("Claire Doyle: ")),
            "{:?}",
            esc[0].summary
        );
    }
    assert!(of(&ns, w.claire, Kind::Escalation).is_empty());
    assert_eq!(of(&ns, w.claire, Kind::Invitation)[0].window, "2026-12-01");
    // A week later November is no longer escalated.
    let ns = run(&w, date(2026, 12, 10), &[]);
    assert!(ns.iter().all(|n| n.kind != Kind::Escalation));
}

#[test]
fn choices_decide_the_email_not_the_notice() {
    let mut w = world();
    w.members[2].frequency = Frequency::Off;
    w.members[0].frequency = Frequency::Off;
    let ns = run(&w, date(2026, 12, 1), &[]);
    // The home page still shows Claire's invitation; email does not send it.
    let inv = of(&ns, w.claire, Kind::Invitation);
    assert_eq!(inv.len(), 1);
    assert!(!inv[0].emailed());
    // Helen turned email off, but the escalation is not optional.
    assert!(of(&ns, w.helen, Kind::Escalation)[0].emailed());
    // A disabled account gets nothing at all.
    w.members[2].disabled = true;
    let ns = run(&w, date(2026, 12, 1), &[]);
    assert!(ns.iter().all(|n| n.person_id != w.claire));
}

#[test]
fn sign_offs_impact_checks_and_chases() {
    let mut w = world();
    let claire = w.claire;
    let helen = w.helen;
    let propose = |a: &mut assure_domain::model::StoredAction, by: Uuid, label: &str| {
        a.signoff = Some(SignOff {
            proposed_by: Actor {
                user_id: Some(by),
                label: label.into(),
            },
            proposed_at: at(),
            proposal_note: None,
            signed_off_by: None,
            signed_off_at: None,
            signoff_note: None,
            impact_check_due: None,
        });
    };
    let id34 = by_ref(&w.plan, "3.4");
    let id24 = by_ref(&w.plan, "2.4");
    let id16 = by_ref(&w.plan, "1.6");
    for area in &mut w.plan.areas {
        for a in &mut area.actions {
            if a.id == id34 {
                propose(a, claire, "Claire Doyle");
            }
            if a.id == id24 {
                propose(a, helen, "Helen Marsh");
            }
            if a.id == id16 {
                a.signoff = Some(SignOff {
                    proposed_by: Actor::system("test"),
                    proposed_at: at(),
                    proposal_note: None,
                    signed_off_by: Some(Actor::system("test")),
                    signed_off_at: Some(at()),
                    signoff_note: None,
                    impact_check_due: Some(date(2026, 11, 20)),
                });
            }
        }
    }
    let ns = run(&w, date(2026, 11, 23), &[]);
    // Daniel is asked about both proposals; Helen only about Claire's, not her own.
    let d = of(&ns, w.daniel, Kind::SignOff);
    assert_eq!(d.len(), 1);
    let mut ids = d[0].action_ids();
    ids.sort();
    let mut both = vec![id34, id24];
    both.sort();
    assert_eq!(ids, both);
    assert!(d[0].lines.iter().any(|l| l.detail.contains("Claire Doyle")));
    assert_eq!(of(&ns, w.helen, Kind::SignOff)[0].action_ids(), vec![id34]);
    // The windows follow each owner's choice: "each" is the set of actions waiting.
    assert!(d[0].window.starts_with("set-"));
    // The impact check fell due on 20 November: both owners hear of it.
    for owner in [w.helen, w.daniel] {
        assert_eq!(
            of(&ns, owner, Kind::ImpactCheck)[0].action_ids(),
            vec![id16]
        );
    }
    w.members[1].frequency = Frequency::Weekly;
    let ns = run(&w, date(2026, 11, 23), &[]);
    assert_eq!(of(&ns, w.daniel, Kind::SignOff)[0].window, "2026-W48");

    // An owner's chase not yet emailed goes to Claire while its round lasts.
    let november = period_containing(date(2026, 11, 23), Cadence::Monthly);
    let chase = Chase {
        id: Uuid::now_v7(),
        plan_id: w.plan.id,
        person_id: claire,
        period: november.clone(),
        deadline: date(2026, 11, 30),
        action_ids: round_actions(&w.plan, &november).outstanding_for(claire),
        chased_by: Actor::system("Helen Marsh"),
        created_at: at(),
        emailed_at: None,
    };
    let ns = run(&w, date(2026, 11, 24), std::slice::from_ref(&chase));
    let c = of(&ns, claire, Kind::Chase);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].chase_id, Some(chase.id));
    assert_eq!(c[0].window, chase.id.to_string());
    assert_eq!(c[0].chased_by.as_deref(), Some("Helen Marsh"));
    // Once its round is over it is not sent.
    assert!(of(&run(&w, date(2026, 12, 2), &[chase]), claire, Kind::Chase).is_empty());
}
