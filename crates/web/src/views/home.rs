//! Home: my actions across the plans I belong to (due an update this period, overdue,
//! awaiting my sign-off, impact checks due), then the plans themselves.

use crate::auth::CurrentUser;
use crate::routing::{Access, RouteDef};
use crate::views::chrome::Chrome;
use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::attention::{Flagged, attention};
use assure_domain::model::{OrgRole, PlanSummary, StoredPlan};
use assure_domain::reminders::{Frequency, Kind, Member, PlanContext, notices as due_notices};
use assure_domain::roles::PlanRole;
use axum::Extension;
use axum::extract::State;

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    vec![RouteDef::get("/", Access::SignedIn, get)]
}

/// One action in one of my lists.
pub(crate) struct MyAction {
    pub plan_title: String,
    pub href: String,
    pub r#ref: String,
    pub text: String,
    pub due: String,
    pub status: String,
}

/// One of the lists of my actions.
pub(crate) struct MyList {
    pub id: &'static str,
    pub heading: &'static str,
    pub empty: &'static str,
    pub items: Vec<MyAction>,
}

/// Someone asked me to update actions of a round (a chase), while some are still to do.
pub(crate) struct Notice {
    pub text: String,
}

/// One of the reminders the mailer sends me, as the home page shows it.
pub(crate) struct Reminder {
    pub text: String,
    pub href: String,
    pub link: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub(crate) struct HomePage {
    chrome: Chrome,
    notices: Vec<Notice>,
    reminders: Vec<Reminder>,
    /// How I am emailed about them, in words.
    emailed: String,
    lists: Vec<MyList>,
    plans: Vec<PlanSummary>,
    period: String,
}

fn my_action(plan_id: uuid::Uuid, plan_title: &str, f: &Flagged<'_>) -> MyAction {
    let a = f.action;
    MyAction {
        plan_title: plan_title.to_string(),
        href: format!("/plans/{plan_id}/actions/{}", a.id),
        r#ref: a.r#ref.clone().unwrap_or_default(),
        text: crate::views::naming::words(a),
        due: a.due.as_ref().map(|w| w.text.clone()).unwrap_or_default(),
        status: a
            .status
            .as_ref()
            .map(|s| s.label.clone())
            .unwrap_or_default(),
    }
}

#[tracing::instrument(name = "web.views.home.get", skip_all)]
pub(crate) async fn get(
    State(state): State<AppState>,
    Extension(me): Extension<CurrentUser>,
) -> Result<HomePage, Error> {
    let today = state.clock.today();
    let plans = state.store.plans_for_user(&me.user).await?;
    let mut lists = vec![
        MyList {
            id: "due-update",
            heading: "Due an update this period",
            empty: "None of your actions is waiting for an update this period.",
            items: Vec::new(),
        },
        MyList {
            id: "overdue",
            heading: "Overdue",
            empty: "None of your actions is overdue.",
            items: Vec::new(),
        },
        MyList {
            id: "sign-off",
            heading: "Awaiting my sign-off",
            empty: "No action is waiting for your sign-off.",
            items: Vec::new(),
        },
        MyList {
            id: "impact",
            heading: "Impact checks due",
            empty: "No impact check is due.",
            items: Vec::new(),
        },
    ];
    let mut period = String::new();
    let mut signs_off_anywhere = false;
    let mut reminders = Vec::new();
    for summary in &plans {
        let plan = state.plan(summary.id).await?;
        let signs_off = me.user.role == OrgRole::Admin
            || state.store.plan_role(plan.id, me.user.id).await? == Some(PlanRole::Owner);
        signs_off_anywhere |= signs_off;
        let all = attention(&plan, today);
        let mine = all.for_person(me.user.id);
        if period.is_empty() {
            period = all.period.label.clone();
        }
        let add = |list: &mut MyList, flagged: &[Flagged<'_>]| {
            list.items
                .extend(flagged.iter().map(|f| my_action(plan.id, &plan.title, f)));
        };
        reminders.extend(my_reminders(&state, &me, &plan, today).await?);
        add(&mut lists[0], &mine.no_update_this_period);
        add(&mut lists[1], &mine.overdue);
        if signs_off {
            // Nobody signs off their own proposal, so it is not theirs to wait on.
            let others: Vec<Flagged<'_>> = all
                .awaiting_sign_off
                .iter()
                .copied()
                .filter(|f| {
                    f.action
                        .signoff
                        .as_ref()
                        .is_none_or(|s| s.proposed_by.user_id != Some(me.user.id))
                })
                .collect();
            add(&mut lists[2], &others);
            add(&mut lists[3], &all.impact_checks_due);
        } else {
            add(&mut lists[3], &mine.impact_checks_due);
        }
    }
    let notices = notices(&state, &me, &plans, today).await?;
    if !signs_off_anywhere {
        // Nothing will ever wait for their sign-off: no list that is always empty.
        lists.retain(|l| l.id != "sign-off");
    }
    let emailed = match state.store.email_frequency(me.user.id).await? {
        Frequency::Each => "Assure emails you each time something new is waiting for you.",
        Frequency::Daily => "Assure emails you once a day while anything is waiting for you.",
        Frequency::Weekly => "Assure emails you once a week while anything is waiting for you.",
        Frequency::Off => "You have turned reminder emails off (a plan's owner is still told who has not updated by a deadline).",
    }
    .to_string();
    Ok(HomePage {
        chrome: Chrome::for_user(&me, "home"),
        notices,
        reminders,
        emailed,
        lists,
        plans,
        period,
    })
}

/// What the reminders would tell me about `plan` today: the same notices the mailer
/// sends (chases are shown on their own, above).
async fn my_reminders(
    state: &AppState,
    me: &CurrentUser,
    plan: &StoredPlan,
    today: chrono::NaiveDate,
) -> Result<Vec<Reminder>, Error> {
    let members: Vec<Member> = state
        .store
        .plan_members(plan.id)
        .await?
        .into_iter()
        .map(|(u, role)| Member {
            id: u.id,
            name: u.name,
            email: u.email,
            role,
            frequency: Frequency::Each,
            disabled: u.disabled,
        })
        .collect();
    if !members.iter().any(|m| m.id == me.user.id) {
        return Ok(Vec::new());
    }
    let review_meetings: Vec<chrono::NaiveDate> = state
        .store
        .meetings(plan.id)
        .await?
        .into_iter()
        .filter(|m| m.kind == assure_domain::rounds::REVIEW_MEETING)
        .map(|m| m.date)
        .collect();
    let ctx = PlanContext {
        plan,
        council: "",
        members: &members,
        review_meetings: &review_meetings,
        unsent_chases: &[],
    };
    let count = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    Ok(due_notices(&ctx, today)
        .into_iter()
        .filter(|n| n.person_id == me.user.id && n.kind != Kind::Chase)
        .map(|n| {
            let deadline = n
                .deadline
                .map(|d| d.format("%A %-d %B %Y").to_string())
                .unwrap_or_default();
            let actions = count(n.lines.len(), "action", "actions");
            let (text, href, link) = match n.kind {
                Kind::Invitation | Kind::Reminder | Kind::Chase => (
                    format!(
                        "{}: {actions} you lead {} an update for the {} by {deadline}.",
                        plan.title,
                        if n.lines.len() == 1 { "needs" } else { "need" },
                        n.period.label
                    ),
                    "/my-updates".to_string(),
                    "Update them",
                ),
                Kind::Escalation => (
                    format!(
                        "{}: {actions} had no update by the {} deadline ({deadline}).",
                        plan.title, n.period.label
                    ),
                    format!("/plans/{}/round?period={}", plan.id, n.period.start),
                    "See who has not updated",
                ),
                Kind::SignOff => (
                    format!(
                        "{}: {actions} {} for your sign-off.",
                        plan.title,
                        if n.lines.len() == 1 { "waits" } else { "wait" }
                    ),
                    "#sign-off".to_string(),
                    "See them",
                ),
                Kind::ImpactCheck => (
                    format!(
                        "{}: {} due.",
                        plan.title,
                        count(n.lines.len(), "impact check is", "impact checks are")
                    ),
                    "#impact".to_string(),
                    "See them",
                ),
            };
            Reminder { text, href, link }
        })
        .collect())
}

/// The chases of me in rounds not yet over, the latest per plan and round, while some of
/// the actions they named are still due and not updated.
async fn notices(
    state: &AppState,
    me: &CurrentUser,
    plans: &[PlanSummary],
    today: chrono::NaiveDate,
) -> Result<Vec<Notice>, Error> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for c in state.store.chases_for(me.user.id, today).await? {
        let Some(summary) = plans.iter().find(|p| p.id == c.plan_id) else {
            continue;
        };
        if !seen.insert((c.plan_id, c.period.start)) {
            continue;
        }
        let plan = state.plan(c.plan_id).await?;
        let left = c
            .action_ids
            .iter()
            .filter_map(|id| plan.find_action(*id))
            .filter(|a| {
                matches!(
                    assure_domain::rounds::due(a, &c.period),
                    assure_domain::rounds::Due::Due { updated: None }
                )
            })
            .count();
        if left == 0 {
            continue;
        }
        out.push(Notice {
            text: format!(
                "{} asked you on {} to update {} for the {} of {}, by {}.",
                c.chased_by.label,
                crate::views::format::day(assure_domain::clock::uk_date(c.created_at)),
                if left == 1 {
                    "1 action".to_string()
                } else {
                    format!("{left} actions")
                },
                c.period.label,
                summary.title,
                c.deadline.format("%A %-d %B %Y")
            ),
        });
    }
    Ok(out)
}
