//! The plan checks, each with the spec's example and our own fictional cases, found and
//! not found (borderline wording stays silent).

use assure_domain::checks::{Finding, Settings, Severity, check};
use assure_domain::document::{Action, Area, Milestone, PlanDocument, StatusValue, Update};
use assure_domain::when::{WhenContext, parse_timescale};
use assure_domain::{Meaning, When};
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn when(text: &str) -> Option<When> {
    parse_timescale(text, &WhenContext::with_year(2025)).due
}

/// An action with a lead, a timescale, a measure: nothing to find.
fn good(text: &str) -> Action {
    Action {
        text: text.into(),
        leads: vec!["Head of Service".into()],
        due: when("March 2026"),
        measure: Some("Audits show 80% of plans good or better".into()),
        ..Default::default()
    }
}

fn status(label: &str, meaning: Meaning) -> Option<StatusValue> {
    Some(StatusValue {
        label: label.into(),
        meaning,
    })
}

fn update(date: Option<NaiveDate>, text: &str) -> Update {
    Update {
        date,
        text: text.into(),
    }
}

fn plan(actions: Vec<Action>) -> PlanDocument {
    let mut doc = PlanDocument::new("Improvement plan");
    doc.areas.push(Area {
        r#ref: Some("1".into()),
        title: "Plans for children are not specific enough".into(),
        actions,
        ..Default::default()
    });
    doc
}

fn file() -> Settings {
    Settings {
        evidence_tracked: true,
        report_published: None,
        plan_in_place: None,
        from_file: false,
        update_cadence: assure_domain::periods::Cadence::Monthly.into(),
        stalled_periods: assure_domain::checks::STALLED_PERIODS,
    }
}

fn run(actions: Vec<Action>, as_of: NaiveDate) -> Vec<Finding> {
    check(&plan(actions), as_of, &file())
}

fn codes(findings: &[Finding], code: &str) -> usize {
    findings.iter().filter(|f| f.code == code).count()
}

fn only(action: Action, code: &str) -> usize {
    codes(
        &run(vec![good("Another action"), action], d(2025, 10, 6)),
        code,
    )
}

#[test]
fn a_good_action_has_no_findings() {
    assert!(
        run(
            vec![good("Introduce a monthly audit of CP plans")],
            d(2025, 10, 6)
        )
        .is_empty()
    );
}

#[test]
fn no_lead() {
    for lead in ["TBC", "?", "-", "N/A", "tba", "To be confirmed"] {
        let mut a = good("Review the threshold document");
        a.leads = vec![lead.into()];
        assert_eq!(only(a, "no_lead"), 1, "{lead}");
    }
    let mut a = good("Review the threshold document");
    a.leads.clear();
    assert_eq!(only(a, "no_lead"), 1, "empty");
    // Named leads, "All staff" included, and a sub-row under a parent that has one.
    for lead in ["All staff", "KA", "HoS / PLO Coordinator"] {
        let mut a = good("Review the threshold document");
        a.leads = vec![lead.into()];
        assert_eq!(only(a, "no_lead"), 0, "{lead}");
    }
    let mut parent = good("Improve supervision");
    let mut child = good("");
    child.leads.clear();
    child.assurance = Some("Supervision audit quarterly".into());
    parent.children.push(child);
    assert_eq!(
        only(parent, "no_lead"),
        0,
        "a continuing row takes its parent's lead"
    );
    // Leads written only on the sub-rows.
    let mut parent = good("Improve supervision");
    parent.leads.clear();
    parent
        .children
        .push(good("Team managers' supervision audit"));
    assert_eq!(only(parent, "no_lead"), 0);
}

#[test]
fn due_tbc() {
    for t in ["TBC", "To be confirmed", "March 2025 TBC", "tba"] {
        let mut a = good("Agree the permanence policy");
        a.due = Some(When {
            text: t.into(),
            ..when(t).unwrap_or(When {
                text: t.into(),
                kind: assure_domain::WhenKind::Text,
                date: None,
                recurrence: None,
            })
        });
        assert_eq!(only(a, "due_tbc"), 1, "{t}");
    }
    let mut a = good("Agree the permanence policy");
    a.due = None;
    assert_eq!(only(a, "due_tbc"), 1, "no timescale");
    // Dated milestones give the timescale; so does the parent for a continuing row.
    let mut a = good("Agree the permanence policy");
    a.due = None;
    a.milestones.push(Milestone {
        text: "Draft to DLT".into(),
        due: when("January 2026"),
    });
    assert_eq!(only(a, "due_tbc"), 0);
    let mut parent = good("Improve supervision");
    let mut child = good("");
    child.due = None;
    child.measure = Some("Audit".into());
    parent.children.push(child);
    assert_eq!(only(parent, "due_tbc"), 0);
    for t in ["Already in place", "Monthly", "31/03/2026"] {
        let mut a = good("Agree the permanence policy");
        a.due = when(t);
        assert_eq!(only(a, "due_tbc"), 0, "{t}");
    }
}

#[test]
fn due_vague() {
    for t in [
        "Following restructure",
        "When the new system goes live",
        "Phase 2",
        "Spring",
    ] {
        let mut a = good("Launch the new front door model");
        a.due = when(t);
        assert_eq!(only(a, "due_vague"), 1, "{t}");
    }
    // A start named ("commence August 2021"), in place, recurring, dated: not vague.
    for t in [
        "August 2025 (commence)",
        "Already in place",
        "Monthly",
        "Ongoing",
        "September 2020 March 2021",
        "Completed",
    ] {
        let mut a = good("Launch the new front door model");
        a.due = when(t).or(Some(When {
            text: t.into(),
            kind: assure_domain::WhenKind::Text,
            date: None,
            recurrence: None,
        }));
        assert_eq!(only(a, "due_vague"), 0, "{t}");
    }
}

#[test]
fn vague_action() {
    for t in [
        "Further actions to be scoped with partners",
        "Other actions to be considered",
        "Additional work to be agreed with health colleagues",
        "Further actions will be identified as the framework is agreed",
        "TBC",
        "Explore options",
    ] {
        assert_eq!(only(good(t), "vague_action"), 1, "{t}");
    }
    for t in [
        "Explore options for a regional adoption agency and report the preferred option to Cabinet by March, with costs, risks and the staffing model agreed with the two neighbouring councils",
        "Agree further actions with the LSCB at the March meeting and record them in this plan",
        "Consider the findings of the audit at DLT",
        "Deliver training to all managers",
        "Review the threshold document with partners",
    ] {
        assert_eq!(only(good(t), "vague_action"), 0, "{t}");
    }
}

#[test]
fn no_measure() {
    let mut a = good("Deliver training to all managers");
    a.measure = None;
    // Another action of the area measures something, so the plan records measures; this
    // area has none on the row.
    let mut doc = plan(vec![]);
    doc.areas.push(Area {
        title: "Other area".into(),
        actions: vec![good("Measured action")],
        ..Default::default()
    });
    doc.areas[0].actions.push(a.clone());
    let f = check(&doc, d(2025, 10, 6), &file());
    assert_eq!(codes(&f, "no_measure"), 1);
    // Measured by its sub-row, by its area, or by its milestone: no finding.
    let mut parent = a.clone();
    let mut child = good("");
    child.leads.clear();
    child.measure = Some("80% of audits good".into());
    parent.children.push(child);
    assert_eq!(only(parent, "no_measure"), 0);
    let mut m = a.clone();
    m.milestones.push(Milestone {
        text: "Training delivered".into(),
        due: None,
    });
    assert_eq!(only(m, "no_measure"), 0);
    let mut doc = plan(vec![a.clone()]);
    doc.areas[0]
        .measures
        .push("Children's plans audited good".into());
    assert_eq!(
        codes(&check(&doc, d(2025, 10, 6), &file()), "no_measure"),
        0
    );
    // A plan that records no measures anywhere is told once, not per action.
    let f = check(
        &plan(vec![a.clone(), a.clone(), a]),
        d(2025, 10, 6),
        &file(),
    );
    let nm: Vec<_> = f.iter().filter(|f| f.code == "no_measure").collect();
    assert_eq!(nm.len(), 1);
    assert_eq!(nm[0].area_index, None);
}

#[test]
fn complete_without_evidence() {
    let mut a = good("Publish the new practice standards");
    a.status = status("Blue", Meaning::Complete);
    assert_eq!(
        only(a.clone(), "complete_without_evidence"),
        1,
        "Blue, evidence 0"
    );
    a.status = status("✓", Meaning::Complete);
    assert_eq!(
        only(a.clone(), "complete_without_evidence"),
        1,
        "the plan's own key"
    );
    let mut with = a.clone();
    with.evidence
        .push("https://intranet.example/standards".into());
    assert_eq!(only(with, "complete_without_evidence"), 0);
    let mut green = a.clone();
    green.status = status("Green", Meaning::OnTrack);
    assert_eq!(only(green, "complete_without_evidence"), 0);
    // A file with no evidence column says nothing about evidence.
    let untracked = Settings {
        evidence_tracked: false,
        ..file()
    };
    assert!(
        check(&plan(vec![a]), d(2025, 10, 6), &untracked)
            .iter()
            .all(|f| f.code != "complete_without_evidence")
    );
}

#[test]
fn status_contradicts_update() {
    let mut a = good("Arrange training for all managers");
    a.status = status("Green", Meaning::OnTrack);
    for t in [
        "Training still to be arranged",
        "Not yet started because of vacancies",
        "Delayed until the new system is live",
        "Work has not started",
        "Practice standards not yet embedded",
    ] {
        let mut x = a.clone();
        x.updates = vec![update(Some(d(2025, 9, 1)), t)];
        assert_eq!(only(x, "status_contradicts_update"), 1, "{t}");
    }
    let mut red = a.clone();
    red.status = status("Red", Meaning::OffTrack);
    red.updates = vec![update(None, "Achieved")];
    assert_eq!(
        only(red, "status_contradicts_update"),
        1,
        "off track but achieved"
    );
    let mut blue = a.clone();
    blue.status = status("Blue", Meaning::Complete);
    blue.evidence.push("report".into());
    blue.updates = vec![update(None, "Recruitment in progress")];
    assert_eq!(
        only(blue, "status_contradicts_update"),
        1,
        "complete but in progress"
    );
    // Agreement, and borderline wording, stay silent.
    for (label, meaning, t) in [
        (
            "Green",
            Meaning::OnTrack,
            "Training booked for all managers in November",
        ),
        (
            "Green",
            Meaning::OnTrack,
            "Recruitment in progress; interviews in May",
        ),
        ("Amber", Meaning::AtRisk, "Delayed by two months"),
        ("Red", Meaning::OffTrack, "Not yet complete"),
        (
            "Green",
            Meaning::OnTrack,
            "Completed on time with no delays",
        ),
    ] {
        let mut x = a.clone();
        x.status = status(label, meaning);
        x.updates = vec![update(None, t)];
        assert_eq!(only(x, "status_contradicts_update"), 0, "{label}: {t}");
    }
}

#[test]
fn overdue_not_complete() {
    // The spec's example: due June 2025, as of 1 October 2025, Amber.
    let mut a = good("Every child in care to have a life-story book started");
    a.due = when("June 2025");
    a.status = status("Amber", Meaning::AtRisk);
    a.updates = vec![update(
        Some(d(2025, 9, 2)),
        "templates agreed, rollout next",
    )];
    let f = run(vec![a.clone()], d(2025, 10, 1));
    let o: Vec<_> = f
        .iter()
        .filter(|f| f.code == "overdue_not_complete")
        .collect();
    assert_eq!(o.len(), 1);
    assert_eq!(o[0].severity, Severity::Error);
    assert_eq!(
        o[0].message,
        "Due by 30 June 2025 and not reported complete."
    );
    assert!(o[0].why.contains("'June 2025'") && o[0].why.contains("Amber"));
    // A Green action past its date is overdue too.
    let mut g = a.clone();
    g.status = status("Green", Meaning::OnTrack);
    assert_eq!(
        codes(&run(vec![g], d(2025, 10, 1)), "overdue_not_complete"),
        1
    );
    // Complete, reported complete, not yet due, or a timescale that is never overdue.
    let mut done = a.clone();
    done.status = status("Blue", Meaning::Complete);
    done.evidence.push("x".into());
    let mut said = a.clone();
    said.updates.push(update(Some(d(2025, 9, 30)), "Achieved"));
    let mut later = a.clone();
    later.due = when("December 2025");
    let mut in_place = a.clone();
    in_place.due = when("Already in place");
    let mut monthly = a.clone();
    monthly.due = when("Monthly");
    for (name, x) in [
        ("complete", done),
        ("achieved", said),
        ("later", later),
        ("in place", in_place),
        ("monthly", monthly),
    ] {
        assert_eq!(
            codes(&run(vec![x], d(2025, 10, 1)), "overdue_not_complete"),
            0,
            "{name}"
        );
    }
}

#[test]
fn a_forward_plan_read_from_a_file_is_not_overdue() {
    let mut a = good("Agree the permanence policy");
    a.due = when("June 2015");
    let from_file = Settings {
        from_file: true,
        ..file()
    };
    let f = check(&plan(vec![a.clone()]), d(2025, 10, 1), &from_file);
    assert_eq!(
        codes(&f, "overdue_not_complete"),
        0,
        "no update or status anywhere"
    );
    let mut tracked = a;
    tracked.status = status("Amber", Meaning::AtRisk);
    let f = check(&plan(vec![tracked]), d(2025, 10, 1), &from_file);
    assert_eq!(codes(&f, "overdue_not_complete"), 1);
}

#[test]
fn uncovered_area() {
    let mut no_lead = good("Audit plans");
    no_lead.leads.clear();
    let mut no_date = good("Audit plans");
    no_date.due = None;
    let f = run(vec![no_lead, no_date], d(2025, 10, 6));
    assert_eq!(codes(&f, "uncovered_area"), 1);
    let area = f.iter().find(|f| f.code == "uncovered_area").unwrap();
    assert_eq!((area.area_index, area.action_path.len()), (Some(0), 0));
    // One covering action is enough; an empty area is uncovered.
    let mut no_lead = good("Audit plans");
    no_lead.leads.clear();
    assert_eq!(
        codes(
            &run(vec![no_lead, good("Audit plans monthly")], d(2025, 10, 6)),
            "uncovered_area"
        ),
        0
    );
    assert_eq!(codes(&run(vec![], d(2025, 10, 6)), "uncovered_area"), 1);
    // An area split under two groups is covered by either part.
    let mut doc = plan(vec![good("Audit plans")]);
    doc.areas.push(Area {
        r#ref: Some("1".into()),
        title: "Plans for children are not specific enough".into(),
        group: Some("Phase 2".into()),
        ..Default::default()
    });
    assert_eq!(
        codes(&check(&doc, d(2025, 10, 6), &file()), "uncovered_area"),
        0
    );
}

#[test]
fn plan_deadline() {
    let published = Settings {
        report_published: Some(d(2022, 5, 4)),
        ..file()
    };
    let f = check(&plan(vec![good("Audit plans")]), d(2022, 6, 1), &published);
    let dl: Vec<_> = f.iter().filter(|f| f.code == "plan_deadline").collect();
    assert_eq!(dl.len(), 1);
    assert_eq!(dl[0].severity, Severity::Advice);
    assert!(
        dl[0].message.contains("12 August 2022"),
        "{}",
        dl[0].message
    );
    let late = Settings {
        plan_in_place: Some(d(2022, 9, 1)),
        ..published.clone()
    };
    let f = check(&plan(vec![good("Audit plans")]), d(2022, 9, 5), &late);
    let dl: Vec<_> = f.iter().filter(|f| f.code == "plan_deadline").collect();
    assert_eq!(dl[0].severity, Severity::Warning);
    let on_time = Settings {
        plan_in_place: Some(d(2022, 8, 12)),
        ..published
    };
    assert_eq!(
        codes(
            &check(&plan(vec![good("Audit plans")]), d(2022, 9, 5), &on_time),
            "plan_deadline"
        ),
        0
    );
}

#[test]
fn findings_name_their_row_and_say_why_and_what_to_do() {
    let mut tbc = good("Supervision audit");
    tbc.leads = vec!["TBC".into()];
    tbc.r#ref = Some("1.2a".into());
    let f = run(vec![good("First"), tbc], d(2025, 10, 6));
    let nl = f.iter().find(|f| f.code == "no_lead").expect("a finding");
    assert_eq!(nl.action_path, vec![1]);
    assert_eq!(nl.r#ref.as_deref(), Some("1.2a"));
    assert_eq!(nl.text_start, "Supervision audit");
    assert_eq!(nl.message, "The lead is 'TBC': nobody is named.");
    assert!(!nl.why.is_empty() && !nl.fix.is_empty());
    // Only the topmost row without a lead is reported, not each row beneath it too.
    let mut parent = good("Improve supervision");
    parent.leads.clear();
    let mut child = good("Supervision audit");
    child.leads.clear();
    parent.children.push(child);
    let f = run(vec![good("First"), parent], d(2025, 10, 6));
    let nl: Vec<_> = f.iter().filter(|f| f.code == "no_lead").collect();
    assert_eq!(nl.len(), 1);
    assert_eq!(nl[0].action_path, vec![1]);
}

/// The spec's example: Amber since March, last update in February, read in June: stalled.
#[test]
fn stalled() {
    let amber = || {
        let mut a = good("Embed the new supervision model");
        a.due = when("December 2026");
        a.status = status("Amber", Meaning::AtRisk);
        a
    };
    let mut a = amber();
    a.updates = vec![update(Some(d(2025, 2, 14)), "Model agreed at DMT")];
    let f = run(vec![a.clone()], d(2025, 6, 2));
    assert_eq!(codes(&f, "stalled"), 1, "{f:?}");
    let s = f.iter().find(|x| x.code == "stalled").unwrap();
    assert!(
        s.message.contains("3 months") && s.message.contains("Amber"),
        "{}",
        s.message
    );
    assert!(s.why.contains("14 February 2025"), "{}", s.why);
    // Two whole months on is not yet three.
    assert_eq!(codes(&run(vec![a.clone()], d(2025, 5, 2)), "stalled"), 0);
    // A newer update, a complete or not-started status, or no dated update: not stalled.
    let mut fresh = a.clone();
    fresh
        .updates
        .push(update(Some(d(2025, 5, 20)), "Training dates set"));
    assert_eq!(codes(&run(vec![fresh], d(2025, 6, 2)), "stalled"), 0);
    let mut done = a.clone();
    done.status = status("Blue", Meaning::Complete);
    assert_eq!(codes(&run(vec![done], d(2025, 6, 2)), "stalled"), 0);
    let mut later = a.clone();
    later.status = status("Not started", Meaning::NotStarted);
    assert_eq!(codes(&run(vec![later], d(2025, 6, 2)), "stalled"), 0);
    let mut undated = a.clone();
    undated.updates = vec![update(None, "Model agreed at DMT")];
    assert_eq!(codes(&run(vec![undated], d(2025, 6, 2)), "stalled"), 0);
    // A continuation row reports through the action it continues.
    let mut parent = a.clone();
    parent.updates = vec![update(Some(d(2025, 5, 20)), "On track")];
    let mut child = amber();
    child.text = String::new();
    parent.children = vec![child];
    assert_eq!(codes(&run(vec![parent], d(2025, 6, 2)), "stalled"), 0);
    // Quarterly updates: three quarters without one.
    let quarterly = Settings {
        update_cadence: assure_domain::periods::Cadence::Quarterly.into(),
        ..file()
    };
    assert_eq!(
        codes(
            &check(&plan(vec![a.clone()]), d(2025, 6, 2), &quarterly),
            "stalled"
        ),
        0
    );
    assert_eq!(
        codes(
            &check(&plan(vec![a.clone()]), d(2026, 1, 5), &quarterly),
            "stalled"
        ),
        1
    );
    // The plan sets how many periods: two months is enough for a plan that says two,
    // and one month reads in the singular.
    let two = Settings {
        stalled_periods: 2,
        ..file()
    };
    let f = check(&plan(vec![a.clone()]), d(2025, 5, 2), &two);
    let s = f
        .iter()
        .find(|x| x.code == "stalled")
        .expect("stalled at two");
    assert!(
        s.message.contains("No update for 2 months"),
        "{}",
        s.message
    );
    let one = Settings {
        stalled_periods: 1,
        ..file()
    };
    let f = check(&plan(vec![a.clone()]), d(2025, 4, 2), &one);
    let s = f
        .iter()
        .find(|x| x.code == "stalled")
        .expect("stalled at one");
    assert!(
        s.message.contains("No update for 1 month "),
        "{}",
        s.message
    );
    let six = Settings {
        stalled_periods: 6,
        ..file()
    };
    assert_eq!(
        codes(
            &check(&plan(vec![a.clone()]), d(2025, 6, 2), &six),
            "stalled"
        ),
        0
    );
    // A board's own dates: the last update (14 February) falls in the period ending
    // 20 March; three whole periods after it have ended by 1 September, two by 1 August.
    let dates = [
        d(2025, 3, 20),
        d(2025, 5, 1),
        d(2025, 6, 12),
        d(2025, 7, 31),
    ];
    let custom = Settings {
        update_cadence: assure_domain::Schedule::Custom(
            assure_domain::schedule::CustomDates::new(dates.to_vec()).expect("dates"),
        ),
        ..file()
    };
    assert_eq!(
        codes(
            &check(&plan(vec![a.clone()]), d(2025, 7, 31), &custom),
            "stalled"
        ),
        0
    );
    let f = check(&plan(vec![a]), d(2025, 8, 1), &custom);
    let s = f
        .iter()
        .find(|x| x.code == "stalled")
        .expect("stalled after three custom periods");
    assert!(
        s.message.contains("No update for 3 periods"),
        "{}",
        s.message
    );
}

#[test]
fn lead_not_in_glossary() {
    let with_glossary = |leads: &[&str]| {
        let mut a = good("Review the threshold document");
        a.leads = leads.iter().map(|l| l.to_string()).collect();
        let mut doc = plan(vec![a]);
        doc.glossary = vec![assure_domain::GlossaryEntry {
            abbreviation: "DM (CIN)".into(),
            title: Some("Divisional Manager Children in Need".into()),
            name: None,
        }];
        check(&doc, d(2025, 10, 6), &file())
    };
    // Initials the glossary does not list; one it spells another way says so.
    let found = with_glossary(&["DM SG"]);
    assert_eq!(codes(&found, "lead_not_in_glossary"), 1);
    let f = found
        .iter()
        .find(|f| f.code == "lead_not_in_glossary")
        .unwrap();
    assert_eq!(f.severity, Severity::Advice);
    assert_eq!(f.message, "The lead “DM SG” is not in the plan’s glossary.");
    let slip = with_glossary(&["DM CIN"]);
    let f = slip
        .iter()
        .find(|f| f.code == "lead_not_in_glossary")
        .unwrap();
    assert!(f.message.contains("is written “DM (CIN)”"), "{}", f.message);
    // Listed as written, or written out in words: nothing to say.
    for leads in [&["DM (CIN)"][..], &["All staff", "Alison Botham"][..]] {
        assert_eq!(
            codes(&with_glossary(leads), "lead_not_in_glossary"),
            0,
            "{leads:?}"
        );
    }
    // A plan with no glossary expects none.
    let mut a = good("Review the threshold document");
    a.leads = vec!["DM SG".into()];
    assert_eq!(only(a, "lead_not_in_glossary"), 0);
}

#[test]
fn status_contradicts_measure() {
    let measure = |values: &[(&str, f64)], links: &[&str]| -> assure_domain::measures::MeasureDoc {
        serde_json::from_value(serde_json::json!({
            "name": "Audits graded good",
            "unit": "percentage",
            "direction": "higher_is_better",
            "targets": [{"from": "2025-04-01", "value": 80}],
            "values": values.iter().map(|(p, v)| serde_json::json!({"period": p, "value": v})).collect::<Vec<_>>(),
            "links": links,
        }))
        .unwrap()
    };
    let with = |action_status, values: &[(&str, f64)], links: &[&str]| {
        let mut a = good("Audit every team's cases monthly");
        a.r#ref = Some("1.1".into());
        a.status = status(action_status, Meaning::OnTrack);
        if action_status == "Red" {
            a.status = status("Red", Meaning::OffTrack);
        }
        let mut doc = plan(vec![a]);
        doc.measures = vec![measure(values, links)];
        check(&doc, d(2025, 10, 6), &file())
    };
    let red_twice = [("2025-07", 82.0), ("2025-08", 60.0), ("2025-09", 61.0)];
    let found = with("Green", &red_twice, &["1.1"]);
    assert_eq!(codes(&found, "status_contradicts_measure"), 1);
    let f = found
        .iter()
        .find(|f| f.code == "status_contradicts_measure")
        .unwrap();
    assert_eq!(
        f.message,
        "Reported 'Green' but 'Audits graded good' has been off target for 2 periods in a row."
    );
    assert_eq!(
        f.why,
        "status 'Green'; 'Audits graded good' off target since August 2025, latest 61% in September 2025 against a target of 80%"
    );
    // Red once is not yet a contradiction; near the target (within 5 points) is not red.
    assert_eq!(
        codes(
            &with("Green", &[("2025-08", 82.0), ("2025-09", 60.0)], &["1.1"]),
            "status_contradicts_measure"
        ),
        0
    );
    assert_eq!(
        codes(
            &with("Green", &[("2025-08", 76.0), ("2025-09", 75.0)], &["1.1"]),
            "status_contradicts_measure"
        ),
        0
    );
    // A Red action agrees with the data; an unlinked measure says nothing of the action.
    assert_eq!(
        codes(
            &with("Red", &red_twice, &["1.1"]),
            "status_contradicts_measure"
        ),
        0
    );
    assert_eq!(
        codes(
            &with("Green", &red_twice, &["2.1"]),
            "status_contradicts_measure"
        ),
        0
    );
    // A gap between the red months breaks the run.
    assert_eq!(
        codes(
            &with("Green", &[("2025-07", 60.0), ("2025-09", 61.0)], &["1.1"]),
            "status_contradicts_measure"
        ),
        0
    );
}
