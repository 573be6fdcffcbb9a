//! Home: my actions across the plans I belong to (due an update this period, overdue,
//! awaiting my sign-off, impact checks due), then the plans themselves.

use crate::auth::CurrentUser;
use crate::routing::{Access, RouteDef};
use crate::views::chrome::Chrome;
use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::attention::{Flagged, attention};
use assure_domain::model::{OrgRole, PlanSummary};
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

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub(crate) struct HomePage {
    chrome: Chrome,
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
    if !signs_off_anywhere {
        // Nothing will ever wait for their sign-off: no list that is always empty.
        lists.retain(|l| l.id != "sign-off");
    }
    Ok(HomePage {
        chrome: Chrome::for_user(&me, "home"),
        lists,
        plans,
        period,
    })
}
