//! Reminders: what is due from each person of a plan now, as notices — the same list the
//! home page shows and the mailer sends.
//!
//! Pure and on a fixed day (`today`, England's), so the scheduler, `assure remind` and the
//! home page agree, and tests need no clock. Each notice is a digest: one per person per
//! kind per plan per window, naming every action it concerns (never one per action).
//!
//! - **invitation**: the round has opened; the actions the person leads that are due and
//!   not yet updated, and the deadline. Sent before the reminder's days begin.
//! - **reminder**: the plan's `reminder_days` working days before the deadline (and up to
//!   it), to those with updates still due.
//! - **escalation**: after the deadline, to the plan's owners: who has not updated what.
//!   Also for the previous round in the first working days of the next, so a deadline
//!   on a period's last working day is still escalated. Not optional.
//! - **sign_off**: actions proposed complete, to the owners who did not propose them.
//! - **impact_check**: signed-off actions whose impact re-check has fallen due, to owners.
//! - **chase**: an owner's chase from the round page that has not been emailed yet.
//!
//! The window is the digest's key beside person, kind and plan: the round's period start
//! for the round's messages (once a round), the chase's id for a chase, and for sign-offs
//! and impact checks the person's choice — "each" (a new digest when the set of actions
//! waiting changes), "daily" (one a day while any wait) or "weekly" (one a week).

use crate::calendar::{add_working_days, working_days_before};
use crate::model::{StoredAction, StoredPlan};
use crate::periods::{Period, previous_period};
use crate::roles::PlanRole;
use crate::rounds::{Chase, Round, by_lead, round_actions};
use crate::signoff::impact_check_is_due;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// How many working days before a round's deadline the reminder goes, by default.
pub const REMINDER_WORKING_DAYS: u32 = 2;

/// The most working days before the deadline a plan may set for the reminder.
pub const MAX_REMINDER_DAYS: u32 = 20;

/// How many working days after a period ends its round's escalation may still go.
pub const ESCALATION_GRACE_WORKING_DAYS: u32 = 5;

/// What a notice is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Invitation,
    Reminder,
    Escalation,
    SignOff,
    ImpactCheck,
    Chase,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Invitation,
        Kind::Reminder,
        Kind::Escalation,
        Kind::SignOff,
        Kind::ImpactCheck,
        Kind::Chase,
    ];

    /// The word stored in the sent-log and printed by `assure remind`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Invitation => "invitation",
            Kind::Reminder => "reminder",
            Kind::Escalation => "escalation",
            Kind::SignOff => "sign_off",
            Kind::ImpactCheck => "impact_check",
            Kind::Chase => "chase",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether a person may turn its email off: everything but the owner's escalation.
    pub fn optional(self) -> bool {
        self != Kind::Escalation
    }
}

/// How often a person wants email for what waits on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// An email whenever something new is waiting.
    #[default]
    Each,
    /// At most one digest a day of each kind.
    Daily,
    /// At most one digest a week of each kind.
    Weekly,
    /// No email (but the owner's escalation); the home page still shows everything.
    Off,
}

impl Frequency {
    pub const ALL: [Frequency; 4] = [
        Frequency::Each,
        Frequency::Daily,
        Frequency::Weekly,
        Frequency::Off,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Each => "each",
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
            Frequency::Off => "off",
        }
    }

    pub fn parse(s: &str) -> Option<Frequency> {
        Frequency::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// Words for the account page.
    pub fn describe(self) -> &'static str {
        match self {
            Frequency::Each => "An email each time something new is waiting for me",
            Frequency::Daily => "One email a day while anything is waiting",
            Frequency::Weekly => "One email a week while anything is waiting",
            Frequency::Off => "No email (the home page still shows everything)",
        }
    }
}

/// A person with a role on the plan, as reminders need them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub role: PlanRole,
    pub frequency: Frequency,
    /// Disabled accounts get nothing.
    pub disabled: bool,
}

/// Everything the composer reads about one plan.
#[derive(Debug, Clone, Copy)]
pub struct PlanContext<'a> {
    pub plan: &'a StoredPlan,
    /// The council's name, for the subject line.
    pub council: &'a str,
    pub members: &'a [Member],
    /// The dates of the plan's review meetings (a round's deadline counts back from them).
    pub review_meetings: &'a [NaiveDate],
    /// The plan's chases not yet emailed.
    pub unsent_chases: &'a [Chase],
}

/// One action a notice names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub action_id: Uuid,
    /// The action as people know it: its reference and its first words.
    pub name: String,
    /// What about it, in a sentence: "Claire Doyle has not updated it", "proposed complete
    /// by Kerry Moss on 3 December 2026". Empty when the kind says it all.
    pub detail: String,
}

/// One digest for one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    pub person_id: Uuid,
    pub name: String,
    pub email: String,
    pub frequency: Frequency,
    pub kind: Kind,
    pub plan_id: Uuid,
    pub plan_title: String,
    pub council: String,
    /// With person, kind and plan, what makes the digest once-only in the sent-log.
    pub window: String,
    /// The round it belongs to (for sign-offs and impact checks: the round of today).
    pub period: Period,
    /// The round's deadline, for the round's messages.
    pub deadline: Option<NaiveDate>,
    /// For an escalation: each lead's count ("Claire Doyle: 3 of 5 updated").
    pub summary: Vec<String>,
    pub lines: Vec<Line>,
    /// The chase it sends, for a chase, and who asked.
    pub chase_id: Option<Uuid>,
    pub chased_by: Option<String>,
}

impl Notice {
    /// The ids of the actions it names.
    pub fn action_ids(&self) -> Vec<Uuid> {
        self.lines.iter().map(|l| l.action_id).collect()
    }

    /// Whether it goes by email: the person's choice, except the owner's escalation.
    pub fn emailed(&self) -> bool {
        !self.kind.optional() || self.frequency != Frequency::Off
    }
}

/// An action as people know it: "1.2 Audit the quality of …" (at most about 90 characters).
pub fn action_name(action: &StoredAction) -> String {
    const MAX: usize = 90;
    let text = action.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut short = String::new();
    for word in text.split(' ') {
        if short.chars().count() + word.chars().count() + 1 > MAX {
            short.push('…');
            break;
        }
        if !short.is_empty() {
            short.push(' ');
        }
        short.push_str(word);
    }
    match action
        .r#ref
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        Some(r) => format!("{r} {short}"),
        None => short,
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// The window of a sign-off or impact-check digest for a person who chose `frequency`.
fn choice_window(frequency: Frequency, today: NaiveDate, ids: &[Uuid]) -> String {
    match frequency {
        Frequency::Daily => today.to_string(),
        Frequency::Weekly => {
            let w = today.iso_week();
            format!("{}-W{:02}", w.year(), w.week())
        }
        // "Each" (and "off", which is not emailed): the set of actions waiting, so a new
        // one makes a new digest and an unchanged set none.
        Frequency::Each | Frequency::Off => {
            let mut sorted = ids.to_vec();
            sorted.sort();
            let mut h = Sha256::new();
            for id in &sorted {
                h.update(id.as_bytes());
            }
            let digest = h.finalize();
            let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
            format!("set-{hex}")
        }
    }
}

/// Everything due from and to the plan's people on `today`, people in the order of the
/// members given, kinds in [`Kind::ALL`]'s order. Preferences do not filter here (the
/// home page shows all); [`Notice::emailed`] says which go by email.
pub fn notices(ctx: &PlanContext<'_>, today: NaiveDate) -> Vec<Notice> {
    let plan = ctx.plan;
    let cadence = &plan.settings.update_cadence;
    let round = Round::containing(today, cadence, ctx.review_meetings);
    let reminder_from = working_days_before(round.deadline, plan.settings.reminder_days);
    let actions = round_actions(plan, &round.period);
    let active: Vec<&Member> = ctx.members.iter().filter(|m| !m.disabled).collect();
    let owners: Vec<&Member> = active
        .iter()
        .copied()
        .filter(|m| m.role == PlanRole::Owner)
        .collect();
    let base = |m: &Member, kind: Kind, window: String, period: &Period| Notice {
        person_id: m.id,
        name: m.name.clone(),
        email: m.email.clone(),
        frequency: m.frequency,
        kind,
        plan_id: plan.id,
        plan_title: plan.title.clone(),
        council: ctx.council.to_string(),
        window,
        period: period.clone(),
        deadline: None,
        summary: Vec::new(),
        lines: Vec::new(),
        chase_id: None,
        chased_by: None,
    };
    let name_of = |id: Uuid| active.iter().find(|m| m.id == id).map(|m| m.name.clone());
    let mut out = Vec::new();

    // The round's invitation or reminder, to each lead with something still to update.
    if today <= round.deadline {
        let kind = if today >= reminder_from {
            Kind::Reminder
        } else {
            Kind::Invitation
        };
        for m in &active {
            let lines: Vec<Line> = actions
                .due
                .iter()
                .filter(|l| l.updated.is_none() && l.action.is_led_by(m.id))
                .map(|l| Line {
                    action_id: l.action.id,
                    name: action_name(l.action),
                    detail: String::new(),
                })
                .collect();
            if lines.is_empty() {
                continue;
            }
            let mut n = base(m, kind, round.period.start.to_string(), &round.period);
            n.deadline = Some(round.deadline);
            n.lines = lines;
            out.push(n);
        }
    }

    // The escalation: this round once its deadline has passed, else the previous round
    // in the first working days after it ended.
    let late_round = if today > round.deadline {
        Some(round.clone())
    } else {
        let prev = Round::new(previous_period(&round.period, cadence), ctx.review_meetings);
        (today <= add_working_days(prev.period.end, ESCALATION_GRACE_WORKING_DAYS)).then_some(prev)
    };
    if let Some(late) = late_round {
        let late_actions = round_actions(plan, &late.period);
        let outstanding: Vec<_> = late_actions
            .due
            .iter()
            .filter(|l| l.updated.is_none())
            .collect();
        if !outstanding.is_empty() {
            let lines: Vec<Line> = outstanding
                .iter()
                .map(|l| {
                    let leads: Vec<String> = l
                        .action
                        .leads
                        .iter()
                        .map(|lead| match lead.person_id.and_then(name_of) {
                            Some(name) => name,
                            None => lead.text.trim().to_string(),
                        })
                        .collect();
                    Line {
                        action_id: l.action.id,
                        name: action_name(l.action),
                        detail: match leads.as_slice() {
                            [] => "no lead is named, and it has not been updated".into(),
                            _ => format!("not updated (led by {})", leads.join(", ")),
                        },
                    }
                })
                .collect();
            let summary: Vec<String> = by_lead(&late_actions.due)
                .into_iter()
                .filter(|t| t.updated < t.due)
                .map(|t| {
                    let who = match &t.key {
                        crate::rounds::LeadKey::Person(p) => {
                            name_of(*p).unwrap_or_else(|| t.text.clone())
                        }
                        _ => t.text.clone(),
                    };
                    format!("{who}: {} of {} updated", t.updated, t.due)
                })
                .collect();
            for m in &owners {
                let mut n = base(
                    m,
                    Kind::Escalation,
                    late.period.start.to_string(),
                    &late.period,
                );
                n.deadline = Some(late.deadline);
                n.summary = summary.clone();
                n.lines = lines.clone();
                out.push(n);
            }
        }
    }

    // Sign-off requests, to owners who did not propose the action themselves.
    let proposed: Vec<&StoredAction> = plan
        .actions()
        .into_iter()
        .map(|(_, _, a)| a)
        .filter(|a| a.signoff.as_ref().is_some_and(|s| !s.is_signed_off()))
        .collect();
    for m in &owners {
        let lines: Vec<Line> = proposed
            .iter()
            .filter_map(|a| {
                let s = a.signoff.as_ref()?;
                if s.proposed_by.user_id == Some(m.id) {
                    return None;
                }
                Some(Line {
                    action_id: a.id,
                    name: action_name(a),
                    detail: format!(
                        "proposed complete by {} on {}",
                        s.proposed_by.label,
                        day(crate::clock::uk_date(s.proposed_at))
                    ),
                })
            })
            .collect();
        if lines.is_empty() {
            continue;
        }
        let ids: Vec<Uuid> = lines.iter().map(|l| l.action_id).collect();
        let window = choice_window(m.frequency, today, &ids);
        let mut n = base(m, Kind::SignOff, window, &round.period);
        n.lines = lines;
        out.push(n);
    }

    // Impact re-checks fallen due, to owners.
    let impact: Vec<Line> = plan
        .actions()
        .into_iter()
        .map(|(_, _, a)| a)
        .filter(|a| impact_check_is_due(a, today))
        .map(|a| Line {
            action_id: a.id,
            name: action_name(a),
            detail: match a.signoff.as_ref().and_then(|s| s.impact_check_due) {
                Some(d) => format!("impact check due {}", day(d)),
                None => String::new(),
            },
        })
        .collect();
    if !impact.is_empty() {
        let ids: Vec<Uuid> = impact.iter().map(|l| l.action_id).collect();
        for m in &owners {
            let window = choice_window(m.frequency, today, &ids);
            let mut n = base(m, Kind::ImpactCheck, window, &round.period);
            n.lines = impact.clone();
            out.push(n);
        }
    }

    // Chases from the round page not yet emailed, while their round lasts and something
    // they named is still to update.
    for chase in ctx.unsent_chases {
        if chase.plan_id != plan.id || chase.period.end < today {
            continue;
        }
        let Some(m) = active.iter().find(|m| m.id == chase.person_id) else {
            continue;
        };
        let chased = round_actions(plan, &chase.period);
        let lines: Vec<Line> = chased
            .due
            .iter()
            .filter(|l| l.updated.is_none() && chase.action_ids.contains(&l.action.id))
            .map(|l| Line {
                action_id: l.action.id,
                name: action_name(l.action),
                detail: String::new(),
            })
            .collect();
        if lines.is_empty() {
            continue;
        }
        let mut n = base(m, Kind::Chase, chase.id.to_string(), &chase.period);
        n.deadline = Some(chase.deadline);
        n.lines = lines;
        n.chase_id = Some(chase.id);
        n.chased_by = Some(chase.chased_by.label.clone());
        out.push(n);
    }

    // One order: by person as given, then kind.
    let order = |id: Uuid| ctx.members.iter().position(|m| m.id == id);
    out.sort_by_key(|n| (order(n.person_id), n.kind));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_frequencies_round_trip_their_words() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        for f in Frequency::ALL {
            assert_eq!(Frequency::parse(f.as_str()), Some(f));
        }
        assert!(!Kind::Escalation.optional());
        assert!(Kind::Reminder.optional());
    }

    #[test]
    fn windows_follow_the_choice() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).expect("date");
        let a = Uuid::from_u128(1);
        let b = Uuid::from_u128(2);
        assert_eq!(choice_window(Frequency::Daily, today, &[a]), "2026-12-07");
        assert_eq!(choice_window(Frequency::Weekly, today, &[a]), "2026-W50");
        // The same set in any order is the same window; another set another.
        let ab = choice_window(Frequency::Each, today, &[a, b]);
        assert_eq!(ab, choice_window(Frequency::Each, today, &[b, a]));
        assert_ne!(ab, choice_window(Frequency::Each, today, &[a]));
        assert!(ab.starts_with("set-") && ab.len() == 20, "{ab}");
    }
}
