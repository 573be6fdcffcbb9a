//! The demo plan grown to a given number of actions, for load tests and for trying Assure
//! with a plan the size of a large real one.
//!
//! The added actions are fictional, written by us in the style of the demo: each goes in
//! one of the demo's own areas, continuing its numbering, with leads the demo already
//! uses, timescales across the plan's year, a status from the plan's own scheme, and a few
//! dated updates. Every sixth added action has two sub-actions. Nothing is random: the
//! same count always gives the same plan.

use assure_domain::{
    Action, Meaning, Milestone, PlanDocument, Recurrence, StatusValue, Update, When, WhenKind,
};

/// The most actions a grown demo may have: the most any plan may have.
pub const MAX_ACTIONS: usize = assure_domain::MAX_ACTIONS;

/// Every action of `plan`, sub-actions included.
pub fn count(plan: &PlanDocument) -> usize {
    plan.actions().len()
}

/// Adds actions to `plan` until it has exactly `target` (sub-actions included).
///
/// # Errors
/// A sentence for the person at the terminal when `target` is below the plan's own count
/// or above [`MAX_ACTIONS`], or when the plan has no area to put actions in.
pub fn grow(plan: &mut PlanDocument, target: usize) -> Result<(), String> {
    let own = count(plan);
    if target > MAX_ACTIONS {
        return Err(format!(
            "cannot grow the demo to {target} actions: it grows to at most {MAX_ACTIONS}"
        ));
    }
    if target < own {
        return Err(format!(
            "cannot grow the demo to {target} actions: it has {own} of its own"
        ));
    }
    if plan.areas.is_empty() {
        return Err("the demo plan has no area to add actions to".into());
    }
    let words = Words::from_plan(plan);
    let mut next_ref: Vec<usize> = plan.areas.iter().map(|a| a.actions.len() + 1).collect();
    let mut remaining = target - own;
    let mut i = 0usize;
    while remaining > 0 {
        let area_index = i % plan.areas.len();
        let children = if i % 6 == 5 && remaining >= 3 { 2 } else { 0 };
        let area_ref = plan.areas[area_index]
            .r#ref
            .clone()
            .unwrap_or_else(|| (area_index + 1).to_string());
        let r#ref = format!("{area_ref}.{}", next_ref[area_index]);
        next_ref[area_index] += 1;
        let action = words.action(i, area_index, r#ref, children);
        plan.areas[area_index].actions.push(action);
        remaining -= 1 + children;
        i += 1;
    }
    debug_assert_eq!(count(plan), target);
    Ok(())
}

/// Months from January 2026 to March 2027: name, year, month, last day.
const MONTHS: [(&str, i32, u32, u32); 15] = [
    ("January", 2026, 1, 31),
    ("February", 2026, 2, 28),
    ("March", 2026, 3, 31),
    ("April", 2026, 4, 30),
    ("May", 2026, 5, 31),
    ("June", 2026, 6, 30),
    ("July", 2026, 7, 31),
    ("August", 2026, 8, 31),
    ("September", 2026, 9, 30),
    ("October", 2026, 10, 31),
    ("November", 2026, 11, 30),
    ("December", 2026, 12, 31),
    ("January", 2027, 1, 31),
    ("February", 2027, 2, 28),
    ("March", 2027, 3, 31),
];

/// The first month index (into [`MONTHS`]) not yet over when the demo was written:
/// November 2026. Actions due before it are mostly complete or off track.
const CURRENT_MONTH: usize = 10;

/// The dates updates are written on: the Friday of each month's progress report.
const UPDATE_DATES: [&str; 9] = [
    "2026-03-27",
    "2026-04-24",
    "2026-05-29",
    "2026-06-26",
    "2026-07-31",
    "2026-08-28",
    "2026-09-25",
    "2026-10-30",
    "2026-11-13",
];

const VERBS: [&str; 10] = [
    "Review",
    "Strengthen",
    "Embed",
    "Audit",
    "Refresh",
    "Introduce",
    "Extend",
    "Evaluate",
    "Develop",
    "Publish",
];

const TEAMS: [&str; 12] = [
    "Assessment Team North",
    "Assessment Team South",
    "Area West Safeguarding Team",
    "Area East Safeguarding Team",
    "the Children in Care Team",
    "the Leaving Care Team",
    "the Disabled Children's Team",
    "the Court Team",
    "the MASH",
    "the Edge of Care Service",
    "the Fostering Team",
    "the Adolescent Safeguarding Team",
];

/// What each of the demo's five areas is about; `{team}` is replaced. An area beyond the
/// fifth uses the first list.
const SUBJECTS: [[&str; 8]; 5] = [
    [
        "the monthly audit programme for {team}",
        "performance scorecards for {team}",
        "moderation of audit grades in {team}",
        "the learning-from-audit log for {team}",
        "dip samples of supervision records in {team}",
        "the practice week programme with {team}",
        "feedback from children and families on audits of {team}",
        "data quality checks on the case records of {team}",
    ],
    [
        "pre-proceedings letters issued by {team}",
        "legal gateway panel decisions for {team}",
        "the PLO tracker entries for {team}",
        "family group conferences before proceedings in {team}",
        "pre-birth assessments in {team}",
        "the timeliness of parenting assessments for {team}",
        "the use of independent assessors by {team}",
        "case summaries for court prepared by {team}",
    ],
    [
        "threshold decisions at the front door for referrals to {team}",
        "step-down plans from {team} to early help",
        "strategy discussions involving {team}",
        "the recording of consent at the front door by {team}",
        "repeat referrals to {team}",
        "the multi-agency threshold guidance used by {team}",
        "return home interviews arranged by {team}",
        "contacts from schools passed to {team}",
    ],
    [
        "IRO midway reviews for children open to {team}",
        "the IRO dispute resolution process with {team}",
        "permanence planning meetings in {team}",
        "children's participation in their reviews in {team}",
        "the timeliness of review records for {team}",
        "later-life letters for children open to {team}",
        "placement stability meetings in {team}",
        "IRO footprints on the files of children open to {team}",
    ],
    [
        "pathway plans written with young people by {team}",
        "staying put arrangements supported by {team}",
        "personal adviser contact with care leavers in {team}",
        "the local offer for care leavers as {team} explains it",
        "supported accommodation reviews with {team}",
        "health passports for care leavers in {team}",
        "education, employment and training support from {team}",
        "feedback from the care leavers' forum to {team}",
    ],
];

const PURPOSES: [&str; 8] = [
    "so that children's plans are clear and timely",
    "so that leaders know the quality of practice",
    "so that drift is identified and acted on",
    "so that children's views shape their plans",
    "so that managers' oversight is recorded and effective",
    "so that partners share the same understanding of need",
    "so that young people are ready for adulthood",
    "so that decisions are made within the child's timescale",
];

const UPDATES: [&str; 10] = [
    "Dip sample of {n} cases in {team} completed; most graded good or better, learning shared at the team meeting.",
    "Discussed at DLT; recovery plan agreed and progress to be reported next month.",
    "Briefings held for all managers in {team}; attendance {n} of 14.",
    "Progress reported to the Improvement Board, which asked for evidence of impact for children.",
    "Delayed by vacancies in {team}; two agency social workers start next month.",
    "Performance data for the month shows improvement in {team}; to be tested by audit.",
    "First draft shared with partners for comment; responses due by the end of the month.",
    "Workshop held with {n} young people; their feedback is reflected in the revised guidance.",
    "Guidance updated and published on the practice hub; {team} briefed.",
    "Re-audit of {n} cases shows the change is embedded in {team}.",
];

const ASSURANCES: [&str; 5] = [
    "Monthly audit findings reported to DLT.",
    "Performance scorecard reviewed at the Improvement Board.",
    "Practice observations by the Principal Social Worker.",
    "Dip samples by Heads of Service, moderated by the QA team.",
    "Feedback from children, families and partners collected each quarter.",
];

const IMPACTS: [&str; 5] = [
    "Children's plans are clearer and reviewed on time.",
    "Leaders have an accurate picture of practice.",
    "Fewer children experience drift and delay.",
    "Children and young people say they were listened to.",
    "Managers' oversight makes a difference to the child's plan.",
];

const MEASURES: [&str; 4] = [
    "80% of audits graded good or better",
    "95% of reviews held within timescale",
    "Fewer than 10% of referrals repeated within 12 months",
    "90% of care leavers in touch with their personal adviser",
];

/// What the added actions are made of.
struct Words {
    leads: Vec<String>,
    sponsors: Vec<String>,
    statuses: Vec<StatusValue>,
}

impl Words {
    fn from_plan(plan: &PlanDocument) -> Self {
        let mut leads: Vec<String> = Vec::new();
        let mut sponsors: Vec<String> = Vec::new();
        for (_, a) in plan.actions() {
            for l in &a.leads {
                if !leads.contains(l) {
                    leads.push(l.clone());
                }
            }
            if let Some(s) = &a.sponsor
                && !sponsors.contains(s)
            {
                sponsors.push(s.clone());
            }
        }
        if leads.is_empty() {
            leads = plan
                .glossary
                .iter()
                .map(|g| g.abbreviation.clone())
                .collect();
        }
        let statuses = plan
            .status_scheme
            .iter()
            .map(|s| StatusValue {
                label: s.label.clone(),
                meaning: s.meaning,
            })
            .collect();
        Self {
            leads,
            sponsors,
            statuses,
        }
    }

    /// The plan's status that means `m`, if it has one; else its first status.
    fn status(&self, m: Meaning) -> Option<StatusValue> {
        self.statuses
            .iter()
            .find(|s| s.meaning == m)
            .or(self.statuses.first())
            .cloned()
    }

    /// The `i`th added action, in the area at `area_index`, with `children` sub-actions.
    fn action(&self, i: usize, area_index: usize, r#ref: String, children: usize) -> Action {
        let team = TEAMS[(i / 3 + area_index) % TEAMS.len()];
        let subjects = &SUBJECTS[area_index % SUBJECTS.len()];
        let subject = subjects[(i / 5 + i) % subjects.len()].replace("{team}", team);
        let text = format!(
            "{} {subject} {}.",
            VERBS[(i * 7) % VERBS.len()],
            PURPOSES[(i / 2) % PURPOSES.len()]
        );
        let mut action = self.filled(i, team, text);
        action.r#ref = Some(r#ref);
        if i.is_multiple_of(4) && !self.sponsors.is_empty() {
            action.sponsor = Some(self.sponsors[(i / 4) % self.sponsors.len()].clone());
        }
        if i % 10 == 3 {
            action.milestones = vec![
                Milestone {
                    text: format!("Baseline audit in {team}"),
                    due: None,
                },
                Milestone {
                    text: "Findings reported to DLT".into(),
                    due: None,
                },
            ];
        }
        for c in 0..children {
            let j = i * 3 + c + 1;
            let text = if c == 0 {
                format!("Pilot the change in {team}.")
            } else {
                "Evaluate the pilot and roll it out to every team.".into()
            };
            action.children.push(self.filled(j, team, text));
        }
        action
    }

    /// An action with leads, timescales, status, updates and evidence chosen by `i`.
    fn filled(&self, i: usize, team: &str, text: String) -> Action {
        let mut leads = vec![self.leads[i % self.leads.len()].clone()];
        let second = &self.leads[(i * 7 + 3) % self.leads.len()];
        if i % 3 == 1 && !leads.contains(second) {
            leads.push(second.clone());
        }
        let (start, due, due_month) = timescales(i);
        // Before the current month: mostly done, some missed; after: mostly on track.
        let meaning = match due_month {
            Some(m) if m < CURRENT_MONTH => match i % 5 {
                0 => Meaning::OffTrack,
                1 => Meaning::AtRisk,
                _ => Meaning::Complete,
            },
            Some(m) if m > CURRENT_MONTH + 2 && i.is_multiple_of(4) => Meaning::NotStarted,
            _ => match i % 6 {
                0 => Meaning::AtRisk,
                1 => Meaning::OffTrack,
                _ => Meaning::OnTrack,
            },
        };
        let status = match meaning {
            Meaning::NotStarted => None,
            m => self.status(m),
        };
        let updates = if status.is_none() {
            Vec::new()
        } else {
            let n = 1 + i % 3;
            let first = i % (UPDATE_DATES.len() - n + 1);
            (0..n)
                .map(|k| Update {
                    date: UPDATE_DATES[first + k].parse().ok(),
                    text: UPDATES[(i + k * 3) % UPDATES.len()]
                        .replace("{team}", team)
                        .replace("{n}", &(6 + (i * 5 + k) % 19).to_string()),
                })
                .collect()
        };
        let evidence = if meaning == Meaning::Complete {
            vec![format!(
                "Audit summary for {team}, {} {} (Improvement share)",
                MONTHS[due_month.unwrap_or(CURRENT_MONTH)].0,
                MONTHS[due_month.unwrap_or(CURRENT_MONTH)].1
            )]
        } else {
            Vec::new()
        };
        Action {
            r#ref: None,
            text,
            leads,
            sponsor: None,
            start,
            due,
            milestones: Vec::new(),
            assurance: Some(ASSURANCES[i % ASSURANCES.len()].into()),
            impact: Some(IMPACTS[(i / 2) % IMPACTS.len()].into()),
            measure: i
                .is_multiple_of(3)
                .then(|| MEASURES[(i / 3) % MEASURES.len()].into()),
            resources: None,
            updates,
            status,
            evidence,
            children: Vec::new(),
        }
    }
}

/// The start and due timescales of the `i`th action, and the month index it is due in.
fn timescales(i: usize) -> (Option<When>, Option<When>, Option<usize>) {
    let recurring = |text: &str, r| When {
        text: text.into(),
        kind: WhenKind::Recurring,
        date: None,
        recurrence: Some(r),
    };
    let plain = |text: &str, kind| When {
        text: text.into(),
        kind,
        date: None,
        recurrence: None,
    };
    match i % 20 {
        16 => (None, Some(recurring("Monthly", Recurrence::Monthly)), None),
        17 => (
            None,
            Some(recurring("Quarterly", Recurrence::Quarterly)),
            None,
        ),
        18 => (None, Some(plain("Ongoing", WhenKind::Text)), None),
        19 => (None, Some(plain("TBC", WhenKind::Tbc)), None),
        k => {
            // Due from April 2026 to March 2027; started one to three months before.
            let due = 3 + (i * 5 + k) % 12;
            let start = due - 1 - i % 3;
            let (name, year, month, last) = MONTHS[due];
            let due_when = if k >= 14 {
                let day = 10 + i % 18;
                When {
                    text: format!("{day}{} {name} {year}", ordinal(day)),
                    kind: WhenKind::Date,
                    date: format!("{year}-{month:02}-{day:02}").parse().ok(),
                    recurrence: None,
                }
            } else {
                When {
                    text: format!("{name} {year}"),
                    kind: WhenKind::Month,
                    date: format!("{year}-{month:02}-{last:02}").parse().ok(),
                    recurrence: None,
                }
            };
            let (s_name, s_year, s_month, _) = MONTHS[start];
            let start_when = When {
                text: format!("{s_name} {s_year}"),
                kind: WhenKind::Month,
                date: format!("{s_year}-{s_month:02}-01").parse().ok(),
                recurrence: None,
            };
            (Some(start_when), Some(due_when), Some(due))
        }
    }
}

fn ordinal(day: usize) -> &'static str {
    match day {
        11..=13 => "th",
        _ if day % 10 == 1 => "st",
        _ if day % 10 == 2 => "nd",
        _ if day % 10 == 3 => "rd",
        _ => "th",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grown_demo_has_exactly_the_actions_asked_for() {
        let own = count(&crate::demo::plan());
        for target in [own, own + 1, own + 2, own + 3, 100, 500, 1001] {
            let mut plan = crate::demo::plan();
            grow(&mut plan, target).unwrap();
            assert_eq!(count(&plan), target);
            assert_eq!(plan.validate(), Ok(()));
        }
    }

    #[test]
    fn the_grown_demo_varies_and_stays_within_the_plan() {
        let mut plan = crate::demo::plan();
        grow(&mut plan, 500).unwrap();
        let actions = plan.actions();
        let texts: std::collections::HashSet<&str> =
            actions.iter().map(|(_, a)| a.text.as_str()).collect();
        assert!(texts.len() > 300, "only {} distinct texts", texts.len());
        let scheme: Vec<&str> = plan
            .status_scheme
            .iter()
            .map(|s| s.label.as_str())
            .collect();
        let own_leads: std::collections::HashSet<String> = crate::demo::plan()
            .actions()
            .iter()
            .flat_map(|(_, a)| a.leads.clone())
            .collect();
        for (_, a) in &actions {
            if let Some(s) = &a.status {
                assert!(scheme.contains(&s.label.as_str()), "{}", s.label);
            }
            for l in &a.leads {
                assert!(own_leads.contains(l), "{l} is not a demo lead");
            }
            if let Some(d) = a.due.as_ref().filter(|d| d.kind == WhenKind::Month) {
                assert!(d.date.is_some(), "{}", d.text);
            }
            let dates: Vec<_> = a.updates.iter().map(|u| u.date).collect();
            assert!(dates.windows(2).all(|w| w[0] < w[1]), "oldest first");
        }
        // References continue each area's own numbering and stay unique.
        let refs: Vec<&str> = actions
            .iter()
            .filter_map(|(_, a)| a.r#ref.as_deref())
            .collect();
        let unique: std::collections::HashSet<&&str> = refs.iter().collect();
        assert_eq!(refs.len(), unique.len());
        assert!(refs.contains(&"1.7") && refs.contains(&"5.8"));
    }

    #[test]
    fn out_of_bounds_counts_are_refused() {
        let mut plan = crate::demo::plan();
        let own = count(&plan);
        assert!(
            grow(&mut plan, MAX_ACTIONS + 1)
                .unwrap_err()
                .contains("at most")
        );
        assert!(grow(&mut plan, own - 1).unwrap_err().contains("of its own"));
        assert_eq!(count(&plan), own);
    }
}
