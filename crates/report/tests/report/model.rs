//! The report model over the demo plan on a fixed day.

use crate::common::{glossary_names, november, today};
use assure_domain::Meaning;
use assure_report::Audience;
use assure_report::model::HistoryCell;

#[test]
fn the_cover_names_the_council_plan_period_and_inspection() {
    let (plan, r) = november(Audience::Board);
    assert_eq!(
        r.cover.council.as_deref(),
        Some("Northbridge Borough Council")
    );
    assert_eq!(r.cover.title, plan.title);
    assert_eq!(r.cover.period, "November 2026 update");
    assert_eq!(r.cover.made, today());
    assert_eq!(r.cover.version, 1);
    assert_eq!(
        r.cover.inspection.as_deref(),
        Some("ILACS Inspection of local authority children's services, 6 to 17 January 2026")
    );
    assert_eq!(r.cover.judgements.len(), 5);
    assert_eq!(r.previous.label, "October 2026 update");
}

#[test]
fn counts_are_in_the_plans_words_and_add_up() {
    let (plan, r) = november(Audience::Board);
    let total = plan.actions().len();
    assert_eq!(r.total, total);
    let count = |label: &str| {
        r.statuses
            .iter()
            .find(|s| s.cell.as_ref().is_some_and(|c| c.label == label))
            .map(|s| s.count)
    };
    // Imported: 11 Blue, 3 Red, 5 Amber, 14 Green, 6 none; in November one Red became
    // Blue and one Amber became Red.
    assert_eq!(count("Blue"), Some(12));
    assert_eq!(count("Red"), Some(3));
    assert_eq!(count("Amber"), Some(4));
    assert_eq!(count("Green"), Some(14));
    let none = r.statuses.last().expect("no status line");
    assert!(none.cell.is_none());
    assert_eq!((none.text().as_str(), none.count), ("No status", 6));
    // The key's order is the plan's, and each word says what it means.
    let words: Vec<String> = r.statuses.iter().map(|s| s.text()).collect();
    assert_eq!(
        words,
        [
            "Blue (Complete)",
            "Red (Off track)",
            "Amber (At risk)",
            "Green (On track)",
            "No status"
        ]
    );
    assert_eq!(r.status_column, "BRAG status");
}

#[test]
fn change_since_last_period_finds_up_down_and_complete() {
    let (_, r) = november(Audience::Board);
    assert_eq!(r.changes.since, "October 2026 update");
    assert_eq!(r.changes.up.len(), 1, "{:?}", r.changes.up);
    assert_eq!(r.changes.down.len(), 1);
    assert_eq!(r.changes.completed.len(), 1);
    assert_eq!(r.changes.new_actions, 0);
    let up = &r.changes.up[0];
    assert_eq!(up.from.as_ref().map(|s| s.label.as_str()), Some("Red"));
    assert_eq!(up.to.as_ref().map(|s| s.label.as_str()), Some("Green"));
    let down = &r.changes.down[0];
    assert_eq!(
        down.to.as_ref().and_then(|s| s.meaning),
        Some(Meaning::OffTrack)
    );
}

#[test]
fn exceptions_hold_each_kind_with_the_latest_update() {
    let (_, r) = november(Audience::Board);
    let codes: Vec<&str> = r.exceptions.iter().map(|l| l.code).collect();
    assert_eq!(
        codes,
        [
            "off_track",
            "at_risk",
            "overdue",
            "stalled",
            "awaiting_sign_off",
            "impact_failed"
        ]
    );
    let list = |c: &str| &r.exceptions.iter().find(|l| l.code == c).expect(c).items;
    assert_eq!(list("off_track").len(), 3);
    assert_eq!(list("at_risk").len(), 4);
    for i in list("off_track") {
        assert_eq!(
            i.status.as_ref().and_then(|s| s.meaning),
            Some(Meaning::OffTrack)
        );
        assert!(!i.leads.is_empty());
    }
    // Overdue: due before the report's day and not complete, most overdue first.
    let overdue = list("overdue");
    assert!(!overdue.is_empty());
    assert!(overdue.iter().all(|i| i.why.starts_with("due ")));
    // Every exception that has updates shows the latest written by the period's end.
    assert!(
        r.exceptions
            .iter()
            .flat_map(|l| &l.items)
            .filter_map(|i| i.latest_update.as_ref())
            .all(|u| u.date.is_none_or(|d| d <= r.period.end))
    );
}

#[test]
fn tables_keep_the_councils_layout_with_children_under_parents() {
    let (plan, r) = november(Audience::Board);
    assert_eq!(r.areas.len(), plan.areas.len());
    let rows: Vec<_> = r.rows().collect();
    assert_eq!(rows.len(), plan.actions().len());
    // Every ref of the plan is in the tables, in plan order.
    let refs: Vec<Option<String>> = plan
        .actions()
        .iter()
        .map(|(_, _, a)| a.r#ref.clone())
        .collect();
    let shown: Vec<Option<String>> = rows.iter().map(|(_, r)| r.r#ref.clone()).collect();
    assert_eq!(refs, shown);
    // A sub-action comes straight after its parent (or its parent's other children), one
    // level down, naming the parent's ref.
    let child = rows
        .iter()
        .position(|(_, r)| r.depth == 1)
        .expect("the demo plan has a sub-action");
    assert_eq!(rows[child].1.parent_ref, rows[child - 1].1.r#ref);
    assert_eq!(rows[child - 1].1.depth, 0);
    // History columns: six periods ending with November; the plan was imported in
    // September, so before that is not recorded.
    assert_eq!(r.history.len(), 6);
    assert_eq!(
        r.history.last().map(|p| p.label.as_str()),
        Some("November 2026 update")
    );
    let first = &rows[0].1;
    assert_eq!(first.history[0], HistoryCell::NotRecorded);
    assert!(matches!(first.history[3], HistoryCell::Status(_)));
    // Updates in the period are the ones dated in November.
    for (_, row) in &rows {
        assert!(
            row.updates_in_period
                .iter()
                .all(|u| u.date.is_some_and(|d| r.period.contains(d)))
        );
    }
    assert!(
        rows.iter()
            .any(|(_, row)| !row.updates_in_period.is_empty())
    );
    // The timescale as written: the start month, then the due date.
    assert_eq!(rows[0].1.timescale(), "February 2026 to 27th March 2026");
}

#[test]
fn the_glossary_lists_abbreviations_used_with_names_for_the_board() {
    let mut plan = crate::common::demo();
    plan.glossary
        .push(assure_domain::model::StoredGlossaryEntry {
            id: uuid::Uuid::nil(),
            version: 1,
            abbreviation: "ZQX".into(),
            title: Some("Never written".into()),
            name: None,
            person_id: None,
        });
    let r = crate::common::report_of(&plan, Audience::Board);
    let dcs = r
        .glossary
        .iter()
        .find(|g| g.abbreviation == "DCS")
        .expect("DCS is used");
    assert_eq!(
        dcs.title.as_deref(),
        Some("Director of Children's Services")
    );
    assert_eq!(dcs.name.as_deref(), Some("Helen Marsh"));
    // An abbreviation the plan never writes is left out.
    assert!(r.glossary.iter().all(|g| g.abbreviation != "ZQX"));
}

#[test]
fn scrutiny_and_exceptions_name_no_one() {
    for audience in [Audience::Scrutiny, Audience::Exceptions] {
        let (plan, r) = november(audience);
        let all = format!("{r:?}");
        for name in glossary_names(&plan)
            .iter()
            .chain(["Zara Quinn".to_string()].iter())
        {
            assert!(!all.contains(name.as_str()), "{audience}: {name} appears");
        }
        // Initials that stand for a person are not shown either.
        for (_, row) in r.rows() {
            for l in &row.leads {
                assert!(l != "KM" && l != "RT", "{audience}: lead {l}");
            }
        }
        assert!(r.glossary.iter().all(|g| g.name.is_none()));
        // Leads are roles: DCS is shown as what it stands for.
        let dcs = r
            .rows()
            .find(|(_, row)| row.r#ref.as_deref() == Some("1.1"))
            .map(|(_, row)| row.leads.clone());
        if audience == Audience::Scrutiny {
            assert_eq!(
                dcs,
                Some(vec!["Director of Children's Services".to_string()])
            );
        }
    }
}

#[test]
fn the_exceptions_version_has_only_the_actions_listed_as_exceptions() {
    let (_, r) = november(Audience::Exceptions);
    let listed: Vec<_> = r
        .exceptions
        .iter()
        .flat_map(|l| l.items.iter().map(|i| i.action.id))
        .collect();
    let rows: Vec<_> = r.rows().map(|(_, row)| row.id).collect();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|id| listed.contains(id)));
    let (_, board) = november(Audience::Board);
    assert!(rows.len() < board.rows().count());
}

#[test]
fn the_report_is_the_same_every_time_and_names_a_safe_file() {
    let (_, a) = november(Audience::Board);
    let (_, b) = november(Audience::Board);
    assert_eq!(a, b);
    let stem = a.file_stem();
    assert_eq!(
        stem,
        "northbridge-children-s-services-improvement-action-plan-2026-27-2026-11-board"
    );
    assert!(stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    // The chart is the overview's drawing, with a text alternative giving the numbers.
    assert!(a.chart.svg.contains("role=\"img\""));
    assert!(a.chart.description.contains(&a.areas[0].heading()));
    assert_eq!(a.chart.rows.len(), a.areas.len());
}

fn rank(m: &assure_report::measures::MeasureLine) -> u8 {
    match m.status.as_ref().and_then(|s| s.meaning) {
        Some(Meaning::OffTrack) => 0,
        Some(Meaning::AtRisk) => 1,
        _ => 2,
    }
}

#[test]
fn measures_stand_against_their_targets_off_target_first_in_the_plans_words() {
    let (plan, r) = november(Audience::Board);
    assert_eq!(r.measures.len(), plan.measures.len());
    let ranks: Vec<u8> = r.measures.iter().map(rank).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    assert_eq!(ranks.first(), Some(&0));
    let care = r
        .measures
        .iter()
        .find(|m| m.name == "Care proceedings concluded within 26 weeks")
        .expect("the demo's care proceedings measure");
    // The data's status in the plan's own word, with what it means.
    let status = care.status.as_ref().expect("a status");
    assert_eq!(status.text(), "Red (Off track)");
    assert!(
        care.latest.ends_with(" in November 2026"),
        "{}",
        care.latest
    );
    assert!(
        care.previous
            .as_deref()
            .is_some_and(|p| p.ends_with(" in October 2026")),
        "{:?}",
        care.previous
    );
    assert_eq!(care.links, ["2.5"]);
    assert!(
        care.streak
            .as_deref()
            .is_some_and(|s| s.starts_with("Off target for "))
    );
    // Six recent periods beside the chart, the last the report's; the chart says in words
    // what it draws.
    let recent = care.recent();
    assert_eq!(recent.len(), 6);
    assert_eq!(recent.last().map(|p| p.key.as_str()), Some("2026-11"));
    assert!(care.chart.svg.contains("role=\"img\""));
    assert!(care.chart.description.contains(&care.latest));
    // The demo's raised target is told, with its reason.
    let changed: Vec<_> = r
        .measures
        .iter()
        .flat_map(|m| m.target_changes.iter())
        .collect();
    assert!(
        changed.iter().any(|c| c.starts_with("Target raised from")),
        "{changed:?}"
    );
}

#[test]
fn a_report_for_an_earlier_period_leaves_out_values_entered_for_later_ones() {
    let plan = crate::common::demo();
    let history = crate::common::history(&plan);
    let cadence = assure_report::model::report_cadence(&plan);
    let period = assure_report::model::parse_period("2026-09", cadence, today()).expect("period");
    let r = assure_report::build(&assure_report::ReportRequest {
        plan: &plan,
        history: &history,
        period: &period,
        audience: Audience::Board,
        today: today(),
        people: &[],
    });
    assert_eq!(r.measures.len(), plan.measures.len());
    for m in &r.measures {
        assert!(
            m.points.iter().all(|p| p.key.as_str() <= "2026-09"),
            "{}: {:?}",
            m.name,
            m.points.last()
        );
        assert!(
            !m.latest.contains("October") && !m.latest.contains("November"),
            "{}",
            m.latest
        );
    }
}

#[test]
fn the_exceptions_version_keeps_only_measures_off_target_or_at_risk() {
    let (_, board) = november(Audience::Board);
    let (_, ex) = november(Audience::Exceptions);
    assert!(!ex.measures.is_empty());
    assert!(ex.measures.iter().all(|m| rank(m) < 2));
    let flagged = board.measures.iter().filter(|m| rank(m) < 2).count();
    assert_eq!(ex.measures.len(), flagged);
    assert!(flagged < board.measures.len());
}
