//! Plan settings: the update and review cadences, the impact re-check interval, and the
//! plan's status scheme (its legend). Who works on the plan is `members.rs`.

use crate::Error;
use crate::components::Choice;
use crate::routing::{Access, RouteDef};
use crate::views::chrome::Chrome;
use crate::views::form::FieldErrors;
use crate::views::page::PlanPage;
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::model::{Actor, PlanSettings};
use assure_domain::roles::Permission;
use assure_domain::schedule::MAX_CUSTOM_DATES;
use assure_domain::{Cadence, Meaning, Schedule, StatusDef};
use assure_store::StoreError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    vec![
        RouteDef::get(
            "/plans/{plan_id}/settings",
            Access::Plan(Permission::EditPlan),
            get,
        ),
        RouteDef::post(
            "/plans/{plan_id}/settings",
            Access::Plan(Permission::EditPlan),
            post,
        ),
    ]
}

/// One row of the status scheme as typed.
#[derive(Debug, Clone, Default)]
pub(crate) struct SchemeRow {
    pub label: String,
    pub meaning: String,
    pub description: String,
    pub error: String,
    /// Ticked "Remove this status".
    pub remove: bool,
}

/// The form's values, as typed.
#[derive(Debug, Clone, Default)]
pub(crate) struct SettingsForm {
    pub version: i64,
    pub update_cadence: String,
    /// The custom dates, one a line, as typed.
    pub period_ends: String,
    pub review_cadence: String,
    pub impact: String,
    pub stalled: String,
    pub reminder: String,
    pub rows: Vec<SchemeRow>,
    pub new_row: SchemeRow,
}

#[derive(Template, WebTemplate)]
#[template(path = "settings.html")]
pub(crate) struct SettingsPage {
    chrome: Chrome,
    plan_id: uuid::Uuid,
    plan_title: String,
    form: SettingsForm,
    errors: FieldErrors,
    /// The success banner's words, after a save.
    saved: Option<&'static str>,
    csrf: String,
    /// Which plan this one is part of, and the plans it may be attached to.
    parent: crate::views::attached::ParentSection,
}

impl SettingsPage {
    /// The update cadences, then "Custom dates".
    fn update_choices(&self, current: &str) -> Vec<Choice> {
        let mut v = self.cadences(current);
        v.push(Choice::new("custom", "Custom dates").checked_if(current));
        v
    }

    fn cadences(&self, current: &str) -> Vec<Choice> {
        Cadence::ALL
            .into_iter()
            .map(|c| Choice::new(c.as_str(), c.describe()).checked_if(current))
            .collect()
    }

    fn meanings(&self, current: &str) -> Vec<Choice> {
        let mut v = vec![Choice::new("", "Choose a meaning").checked_if(current)];
        v.extend(
            Meaning::ALL
                .into_iter()
                .map(|m| Choice::new(m.as_str(), m.describe()).checked_if(current)),
        );
        v
    }
}

fn form_of(plan: &assure_domain::model::StoredPlan) -> SettingsForm {
    SettingsForm {
        version: plan.version,
        update_cadence: plan.settings.update_cadence.as_str().into(),
        period_ends: plan
            .settings
            .update_cadence
            .custom_dates()
            .iter()
            .map(|d| d.format("%-d %B %Y").to_string())
            .collect::<Vec<_>>()
            .join("\n"),
        review_cadence: plan.settings.review_cadence.as_str().into(),
        impact: plan.settings.impact_interval_months.to_string(),
        stalled: plan.settings.stalled_periods.to_string(),
        reminder: plan.settings.reminder_days.to_string(),
        rows: plan
            .status_scheme
            .iter()
            .map(|s| SchemeRow {
                label: s.label.clone(),
                meaning: s.meaning.as_str().into(),
                description: s.description.clone().unwrap_or_default(),
                error: String::new(),
                remove: false,
            })
            .collect(),
        new_row: SchemeRow::default(),
    }
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct Saved {
    saved: Option<String>,
}

#[tracing::instrument(name = "web.views.settings.get", skip_all)]
pub(crate) async fn get(
    page: PlanPage,
    axum::extract::Query(q): axum::extract::Query<Saved>,
) -> Result<SettingsPage, Error> {
    let plan = page.state.plan(page.access.plan_id).await?;
    let mut drawn = page_with_parent(&page, &plan, String::new()).await?;
    drawn.saved = match q.saved.as_deref() {
        Some("parent") => Some("Which plan this one is part of was saved."),
        Some(_) => Some("The settings were saved."),
        None => None,
    };
    Ok(drawn)
}

/// The settings page as stored, with `error` on the "Part of another plan" form.
pub(crate) async fn page_with_parent(
    page: &PlanPage,
    plan: &assure_domain::model::StoredPlan,
    error: String,
) -> Result<SettingsPage, Error> {
    let mut errors = FieldErrors::default();
    if !error.is_empty() {
        errors.add("parent", error.clone());
    }
    Ok(SettingsPage {
        chrome: Chrome::for_user(&page.me, "plans"),
        plan_id: plan.id,
        plan_title: plan.title.clone(),
        form: form_of(plan),
        errors,
        saved: None,
        csrf: page.me.csrf_token.clone(),
        parent: crate::views::attached::section(page, plan, error).await?,
    })
}

/// The form as the browser sends it. The status rows come as repeated fields, one of
/// each per row in the page's order (a browser sends a form's fields in document order,
/// and every row has all three); a ticked "remove" carries its row's number.
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct SettingsSent {
    #[serde(default)]
    version: Option<i64>,
    #[serde(default)]
    update_cadence: String,
    #[serde(default)]
    period_ends: String,
    #[serde(default)]
    review_cadence: String,
    #[serde(default)]
    impact_interval_months: String,
    #[serde(default)]
    stalled_periods: String,
    #[serde(default)]
    reminder_days: String,
    #[serde(default)]
    label: Vec<String>,
    #[serde(default)]
    meaning: Vec<String>,
    #[serde(default)]
    description: Vec<String>,
    #[serde(default)]
    remove: Vec<usize>,
    #[serde(default)]
    label_new: String,
    #[serde(default)]
    meaning_new: String,
    #[serde(default)]
    description_new: String,
}

impl SettingsSent {
    /// The form as typed, each value trimmed; -1 for a missing version (a conflict).
    fn form(self) -> SettingsForm {
        let cell =
            |v: &[String], i: usize| v.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
        let rows = (0..self.label.len().min(MAX_STATUSES))
            .map(|i| SchemeRow {
                label: cell(&self.label, i),
                meaning: cell(&self.meaning, i),
                description: cell(&self.description, i),
                error: String::new(),
                remove: self.remove.contains(&i),
            })
            .collect();
        SettingsForm {
            version: self.version.unwrap_or(-1),
            update_cadence: self.update_cadence.trim().to_string(),
            period_ends: self.period_ends.trim().to_string(),
            review_cadence: self.review_cadence.trim().to_string(),
            impact: self.impact_interval_months.trim().to_string(),
            stalled: self.stalled_periods.trim().to_string(),
            reminder: self.reminder_days.trim().to_string(),
            rows,
            new_row: SchemeRow {
                label: self.label_new.trim().to_string(),
                meaning: self.meaning_new.trim().to_string(),
                description: self.description_new.trim().to_string(),
                error: String::new(),
                remove: false,
            },
        }
    }
}

/// The update schedule chosen: a cadence, or custom dates read one a line (the dates are
/// read only when "Custom dates" is chosen, so switching back to monthly keeps nothing).
fn schedule(form: &SettingsForm, errors: &mut FieldErrors) -> Option<Schedule> {
    let mut dates = Vec::new();
    if form.update_cadence == "custom" {
        // Twice the most a plan keeps: enough to say "too many" with the count.
        for (i, line) in form
            .period_ends
            .lines()
            .enumerate()
            .take(2 * MAX_CUSTOM_DATES)
        {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            match crate::views::inspection::parse_day(line) {
                Some(d) => dates.push(d),
                None => {
                    let shown: String = line.chars().take(40).collect();
                    errors.add(
                        "period_ends",
                        format!(
                            "Line {}, \u{201c}{shown}\u{201d}, is not a date: write dates like 15 January 2027",
                            i + 1
                        ),
                    );
                    return None;
                }
            }
        }
    }
    match Schedule::from_parts(&form.update_cadence, dates) {
        Some(Ok(s)) => Some(s),
        Some(Err(e)) => {
            errors.add("period_ends", e.to_string());
            None
        }
        None => {
            errors.add("update_cadence", "Choose how often actions are updated");
            None
        }
    }
}

/// More statuses than any key has: a bound on what one form can ask for.
const MAX_STATUSES: usize = 200;

fn scheme_row(row: &mut SchemeRow, id: &str, errors: &mut FieldErrors) -> Option<StatusDef> {
    if row.label.is_empty() {
        row.error = "Enter the status label".into();
        errors.add(&format!("label-{id}"), row.error.clone());
        return None;
    }
    let Some(meaning) = Meaning::parse(&row.meaning) else {
        row.error = format!("Choose what the status \u{201c}{}\u{201d} means", row.label);
        errors.add(&format!("meaning-{id}"), row.error.clone());
        return None;
    };
    Some(StatusDef {
        label: row.label.clone(),
        meaning,
        description: (!row.description.is_empty()).then(|| row.description.clone()),
    })
}

#[tracing::instrument(name = "web.views.settings.post", skip_all)]
pub(crate) async fn post(
    page: PlanPage,
    axum_extra::extract::Form(sent): axum_extra::extract::Form<SettingsSent>,
) -> Result<Response, Error> {
    let PlanPage { state, access, me } = &page;
    let plan = state.plan(access.plan_id).await?;
    let mut form = sent.form();
    let mut errors = FieldErrors::default();
    let update_cadence = schedule(&form, &mut errors);
    let review_cadence = Cadence::parse(&form.review_cadence);
    if review_cadence.is_none() {
        errors.add("review_cadence", "Choose how often the plan is reviewed");
    }
    let impact = form
        .impact
        .parse::<u32>()
        .ok()
        .filter(|m| (1..=PlanSettings::MAX_IMPACT_INTERVAL_MONTHS).contains(m));
    if impact.is_none() {
        errors.add(
            "impact_interval_months",
            format!(
                "Enter the impact re-check interval as a whole number of months from 1 to {}",
                PlanSettings::MAX_IMPACT_INTERVAL_MONTHS
            ),
        );
    }
    let stalled = form
        .stalled
        .parse::<u32>()
        .ok()
        .filter(|m| (1..=PlanSettings::MAX_STALLED_PERIODS).contains(m));
    if stalled.is_none() {
        errors.add(
            "stalled_periods",
            format!(
                "Enter how many update periods make an action stalled, a whole number from 1 to {}",
                PlanSettings::MAX_STALLED_PERIODS
            ),
        );
    }
    let max_reminder = assure_domain::reminders::MAX_REMINDER_DAYS;
    let reminder = form
        .reminder
        .parse::<u32>()
        .ok()
        .filter(|d| *d <= max_reminder);
    if reminder.is_none() {
        errors.add(
            "reminder_days",
            format!(
                "Enter how many working days before the deadline the reminder goes, a whole number from 0 to {max_reminder}"
            ),
        );
    }
    let mut scheme = Vec::new();
    for (i, row) in form.rows.iter_mut().enumerate() {
        if row.remove {
            continue;
        }
        if let Some(s) = scheme_row(row, &i.to_string(), &mut errors) {
            scheme.push(s);
        }
    }
    let adding = !form.new_row.label.is_empty() || !form.new_row.meaning.is_empty();
    if adding && let Some(s) = scheme_row(&mut form.new_row, "new", &mut errors) {
        scheme.push(s);
    }
    let mut labels: Vec<String> = scheme.iter().map(|s| s.label.to_lowercase()).collect();
    labels.sort();
    if labels.windows(2).any(|w| w[0] == w[1]) {
        errors.add_at("labels", "#label-0", "Give each status a different label");
    }
    let mut conflict = false;
    if errors.is_empty()
        && let (Some(u), Some(r), Some(m), Some(n), Some(d)) =
            (update_cadence, review_cadence, impact, stalled, reminder)
    {
        let actor = Actor::user(&me.user);
        let settings = PlanSettings {
            update_cadence: u,
            review_cadence: r,
            impact_interval_months: m,
            stalled_periods: n,
            reminder_days: d,
        };
        let result = async {
            let mut version = form.version;
            if settings != plan.settings {
                version = state
                    .store
                    .update_plan_settings(plan.id, version, settings, &actor)
                    .await?
                    .version;
            }
            if scheme != plan.status_scheme {
                state
                    .store
                    .set_status_scheme(plan.id, version, scheme, &actor)
                    .await?;
            }
            Ok::<(), StoreError>(())
        }
        .await;
        match result {
            Ok(()) => {
                return Ok(
                    Redirect::to(&format!("/plans/{}/settings?saved=1", plan.id)).into_response(),
                );
            }
            Err(StoreError::Conflict { .. }) => {
                conflict = true;
                errors.general(
                    "Someone else changed these settings while you were editing them. Your changes are below but were not saved: check the current settings, then save again.",
                );
                form.version = state.plan(plan.id).await?.version;
            }
            Err(StoreError::Invalid(m)) => errors.general(m),
            Err(e) => return Err(e.into()),
        }
    }
    let status = if conflict {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let drawn = SettingsPage {
        chrome: Chrome::for_user(me, "plans"),
        plan_id: plan.id,
        plan_title: plan.title.clone(),
        form,
        errors,
        saved: None,
        csrf: me.csrf_token.clone(),
        parent: crate::views::attached::section(&page, &plan, String::new()).await?,
    };
    Ok((status, drawn).into_response())
}
