//! One plan: its areas, and each area's actions in the table layout councils use.

use crate::auth::CurrentUser;
use crate::routes::PlanAccess;
use crate::views::chrome::Chrome;
use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::model::{StoredAction, StoredPlan};
use assure_domain::{Meaning, When};
use axum::Extension;
use axum::extract::State;

/// One table row: an action or a child row, with how deep it sits.
pub(crate) struct Row<'a> {
    pub depth: usize,
    pub action: &'a StoredAction,
}

impl Row<'_> {
    pub fn leads(&self) -> String {
        self.action
            .leads
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn due(&self) -> String {
        self.action
            .due
            .as_ref()
            .map(|w: &When| w.text.clone())
            .unwrap_or_default()
    }

    pub fn latest_update(&self) -> String {
        match self.action.updates.last() {
            None => String::new(),
            Some(u) => match u.date {
                Some(d) => format!("{} – {}", d.format("%-d %B %Y"), u.text),
                None => u.text.clone(),
            },
        }
    }

    /// The class that colours a status tag; the label is always shown as text too.
    pub fn status_class(&self) -> &'static str {
        match self.action.status.as_ref().map(|s| s.meaning) {
            Some(Meaning::Complete) => "tag tag--complete",
            Some(Meaning::OffTrack) => "tag tag--off-track",
            Some(Meaning::AtRisk) => "tag tag--at-risk",
            Some(Meaning::OnTrack | Meaning::Ahead) => "tag tag--on-track",
            Some(Meaning::NotStarted) | None => "tag",
        }
    }
}

pub(crate) struct AreaView<'a> {
    pub heading: String,
    pub group: Option<&'a str>,
    pub rows: Vec<Row<'a>>,
}

#[derive(Template, WebTemplate)]
#[template(path = "plan.html")]
pub(crate) struct PlanPage {
    chrome: Chrome,
    plan: StoredPlan,
}

impl PlanPage {
    fn areas(&self) -> Vec<AreaView<'_>> {
        self.plan
            .areas
            .iter()
            .map(|area| {
                let mut rows = Vec::new();
                for a in &area.actions {
                    flatten(a, 0, &mut rows);
                }
                AreaView {
                    heading: match &area.r#ref {
                        Some(r) => format!("{r}. {}", area.title),
                        None => area.title.clone(),
                    },
                    group: area.group.as_deref(),
                    rows,
                }
            })
            .collect()
    }

    fn action_count(&self) -> usize {
        self.plan
            .areas
            .iter()
            .flat_map(|a| a.actions.iter())
            .map(|a| a.walk().len())
            .sum()
    }
}

fn flatten<'a>(action: &'a StoredAction, depth: usize, rows: &mut Vec<Row<'a>>) {
    rows.push(Row { depth, action });
    for c in &action.children {
        flatten(c, depth + 1, rows);
    }
}

#[tracing::instrument(name = "web.views.plan.get", skip_all)]
pub(crate) async fn get(
    State(state): State<AppState>,
    Extension(access): Extension<PlanAccess>,
    Extension(me): Extension<CurrentUser>,
) -> Result<PlanPage, Error> {
    let plan = state.store.plan(access.plan_id).await?;
    Ok(PlanPage {
        chrome: Chrome::for_user(&me, "plans"),
        plan,
    })
}
