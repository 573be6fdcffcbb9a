//! Update rounds on the demo plan at a fixed clock: which actions are due, which are
//! not and why, who has updated ("HoS CP: 3 of 6"), what a chase names.

use crate::rules::{at, date, demo_doc, stored};
use assure_domain::clock::{Clock, FixedClock};
use assure_domain::model::{Actor, SignOff, StoredPlan};
use assure_domain::periods::Cadence;
use assure_domain::rounds::{Due, LeadKey, NotDue, Round, by_lead, due, round_actions};
use uuid::Uuid;

fn by_ref<'a>(plan: &'a StoredPlan, r: &str) -> &'a assure_domain::model::StoredAction {
    plan.actions()
        .into_iter()
        .map(|(_, _, a)| a)
        .find(|a| a.r#ref.as_deref() == Some(r))
        .unwrap_or_else(|| panic!("{r}"))
}

#[test]
fn due_and_not_due_in_the_november_round() {
    let clock = FixedClock::new(at());
    let plan = stored(&demo_doc());
    let round = Round::containing(clock.today(), Cadence::Monthly, &[]);
    assert_eq!(round.period.label, "November 2026 update");
    assert_eq!(round.deadline, date(2026, 11, 30));
    let p = &round.period;

    // Complete (Blue, as imported): nothing more to report.
    assert_eq!(due(by_ref(&plan, "1.1"), p), Due::NotDue(NotDue::Complete));
    // Starts in January 2027: not due yet; starts this month: due.
    assert_eq!(
        due(by_ref(&plan, "5.7"), p),
        Due::NotDue(NotDue::NotStarted {
            start: date(2027, 1, 1)
        })
    );
    assert_eq!(due(by_ref(&plan, "1.6"), p), Due::Due { updated: None });
    // Updated on 6 November: due, and updated.
    assert_eq!(
        due(by_ref(&plan, "2.3"), p),
        Due::Due {
            updated: Some(date(2026, 11, 6))
        }
    );
    // Last updated in October: due, not updated.
    assert_eq!(due(by_ref(&plan, "3.4"), p), Due::Due { updated: None });
    // A weekly timescale in a monthly plan is due every month.
    assert!(matches!(due(by_ref(&plan, "1.5"), p), Due::Due { .. }));

    // 1.3's sub-action recurs quarterly and was updated on 9 October: not due this month,
    // but due again in January.
    let quarterly = &by_ref(&plan, "1.3").children[0];
    match due(quarterly, p) {
        Due::NotDue(NotDue::RecurringUpdated { on, recurrence }) => {
            assert_eq!(on, date(2026, 10, 9));
            assert_eq!(recurrence.label, "October to December 2026");
            assert_eq!(
                NotDue::RecurringUpdated { on, recurrence }.describe(),
                "updated 9 October 2026 for its recurring timescale (October to December 2026)"
            );
        }
        other => panic!("{other:?}"),
    }
    let january = Round::containing(date(2027, 1, 12), Cadence::Monthly, &[]);
    assert_eq!(due(quarterly, &january.period), Due::Due { updated: None });
    // In a quarterly plan the same action is simply due, not yet updated this quarter...
    let q4 = Round::containing(clock.today(), Cadence::Quarterly, &[]);
    assert_eq!(
        due(quarterly, &q4.period),
        Due::Due {
            updated: Some(date(2026, 10, 9))
        }
    );

    // Signed off: not due, whatever the status says.
    let mut signed = by_ref(&plan, "2.4").clone();
    signed.signoff = Some(SignOff {
        proposed_by: Actor::system("test"),
        proposed_at: at(),
        proposal_note: None,
        signed_off_by: Some(Actor::system("owner")),
        signed_off_at: Some(at()),
        signoff_note: None,
        impact_check_due: None,
    });
    assert_eq!(due(&signed, p), Due::NotDue(NotDue::Complete));

    // The whole round: every action is either due or excused.
    let all = round_actions(&plan, p);
    assert_eq!(all.due.len() + all.not_due.len(), plan.actions().len());
    assert_eq!(
        all.not_due
            .iter()
            .filter(|x| x.why == NotDue::Complete)
            .count(),
        11,
        "the eleven Blue actions"
    );
}

#[test]
fn counts_by_lead_and_what_a_chase_names() {
    let clock = FixedClock::new(at());
    let mut plan = stored(&demo_doc());
    let claire = Uuid::now_v7();
    // Claire is "HoS CP", and also "KM" (two of the plan's words for one person).
    for area in &mut plan.areas {
        for top in &mut area.actions {
            let mut stack = vec![top];
            while let Some(a) = stack.pop() {
                for l in &mut a.leads {
                    if l.text == "HoS CP" || l.text == "KM" {
                        l.person_id = Some(claire);
                    }
                }
                stack.extend(a.children.iter_mut());
            }
        }
    }
    let round = Round::containing(clock.today(), Cadence::Monthly, &[]);
    let all = round_actions(&plan, &round.period);
    let tallies = by_lead(&all.due);
    let c = tallies
        .iter()
        .find(|t| t.key == LeadKey::Person(claire))
        .expect("Claire");
    // HoS CP: 1.5, 2.3, 2.4 updated in November; 2.1's second sub-action, 3.4, 3.5 not.
    // KM: 2.5 (red, last updated in October) and 4.4 (13 November); 2.2 is complete.
    assert_eq!(c.text, "HoS CP");
    assert_eq!((c.updated, c.due), (4, 8));
    assert_eq!(c.outstanding.len(), 4);
    assert_eq!(all.outstanding_for(claire), c.outstanding);
    let refs: Vec<String> = c
        .outstanding
        .iter()
        .map(|id| {
            plan.find_action(*id)
                .and_then(|a| a.r#ref.clone())
                .unwrap_or_else(|| "(sub-action)".into())
        })
        .collect();
    assert_eq!(refs, ["(sub-action)", "2.5", "3.4", "3.5"]);
    // Unlinked leads are counted by their words; 4.6 has no lead at all.
    // RT: 3.1 is complete; 3.2 (in place) and 3.3 (monthly) were last updated before
    // November.
    let rt = tallies
        .iter()
        .find(|t| t.key == LeadKey::Text("RT".into()))
        .expect("RT");
    assert_eq!((rt.updated, rt.due, rt.outstanding.len()), (0, 2, 2));
    // PSW's actions are complete or, recurring quarterly, updated this quarter.
    assert!(!tallies.iter().any(|t| t.key == LeadKey::Text("PSW".into())));
    assert!(tallies.iter().any(|t| t.key == LeadKey::Nobody));
    // Every due action is counted once per lead, never twice for one person.
    let total_updated: usize = all.due.iter().filter(|l| l.updated.is_some()).count();
    assert!(total_updated <= tallies.iter().map(|t| t.updated).sum());
    assert!(all.outstanding_for(Uuid::now_v7()).is_empty());
}
