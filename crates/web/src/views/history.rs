//! A plan's history for its owners and administrators: who did what and when, with the
//! values before and after, filtered by person, action and dates, newest first, a page at
//! a time, and the same rows as CSV. Everything comes from the audit trail, which nothing
//! in Assure edits.

use crate::Error;
use crate::components::{Choice, Link};
use crate::routing::{Access, RouteDef};
use crate::views::chrome::Chrome;
use crate::views::format::moment;
use crate::views::page::PlanPage;
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::model::{AuditEvent, StoredPlan};
use assure_domain::roles::Permission;
use axum::extract::RawQuery;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use std::collections::HashMap;
use uuid::Uuid;

/// Events on one page.
const PAGE_EVENTS: usize = 100;
/// A value longer than this is cut on the page (the CSV has it whole).
const SHOWN_CHARS: usize = 160;

/// This page's entries of the route table. Owners and administrators: the people who
/// may change the plan read its whole history.
pub(crate) fn routes() -> Vec<RouteDef> {
    vec![
        RouteDef::get(
            "/plans/{plan_id}/history",
            Access::Plan(Permission::EditPlan),
            get,
        ),
        RouteDef::get(
            "/plans/{plan_id}/history.csv",
            Access::Plan(Permission::EditPlan),
            csv,
        ),
    ]
}

/// The filters as typed (kept as text to show back).
#[derive(Debug, Default, Clone)]
pub(crate) struct Filters {
    pub person: String,
    pub action: String,
    pub from: String,
    pub to: String,
    pub page: usize,
}

impl Filters {
    fn parse(raw: Option<&str>) -> Self {
        let mut f = Filters {
            page: 1,
            ..Filters::default()
        };
        for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            let v: String = v.trim().chars().take(200).collect();
            match k.as_ref() {
                "person" => f.person = v,
                "action" => f.action = v,
                "from" => f.from = v,
                "to" => f.to = v,
                "page" => f.page = v.parse().ok().filter(|n| *n >= 1).unwrap_or(1),
                _ => {}
            }
        }
        f
    }

    /// The query string of these filters, on page `page` (none: the CSV's).
    fn query(&self, page: Option<usize>) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("person", &self.person),
            ("action", &self.action),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if !v.is_empty() {
                s.append_pair(k, v);
            }
        }
        if let Some(p) = page.filter(|p| *p > 1) {
            s.append_pair("page", &p.to_string());
        }
        let q = s.finish();
        if q.is_empty() { q } else { format!("?{q}") }
    }
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
}

/// One event as the page and the CSV show it.
pub(crate) struct Line {
    pub when: String,
    pub at: String,
    pub who: String,
    pub what: String,
    /// The action's page, when the event is about one that still exists.
    pub href: Option<String>,
    pub change: String,
    /// Each field that changed: name, before, after.
    pub fields: Vec<(String, String, String)>,
    pub before_json: String,
    pub after_json: String,
}

/// The names of the plan's actions and areas, by id.
fn names(plan: &StoredPlan) -> HashMap<Uuid, (String, Option<String>)> {
    let mut out = HashMap::new();
    for area in &plan.areas {
        out.insert(area.id, (format!("Area: {}", area.title), None));
    }
    for (_, _, a) in plan.actions() {
        // The first words are enough to know the action by; the link has the rest.
        let mut words: String = crate::views::naming::words(a).chars().take(70).collect();
        if words.chars().count() == 70 {
            words.push('…');
        }
        let name = match &a.r#ref {
            Some(r) if !r.trim().is_empty() => format!("{r} {words}"),
            _ => words,
        };
        let href = format!("/plans/{}/actions/{}", plan.id, a.id);
        out.insert(a.id, (name, Some(href)));
    }
    out
}

/// A JSON value in a sentence: strings as they are, the rest compact.
fn shown(v: Option<&serde_json::Value>) -> String {
    match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn cut(s: String) -> String {
    if s.chars().count() > SHOWN_CHARS {
        let mut c: String = s.chars().take(SHOWN_CHARS).collect();
        c.push('…');
        c
    } else {
        s
    }
}

/// The fields whose values differ between before and after.
fn changed_fields(e: &AuditEvent) -> Vec<(String, String, String)> {
    let empty = serde_json::Map::new();
    let before = e
        .before
        .as_ref()
        .and_then(|v| v.as_object())
        .unwrap_or(&empty);
    let after = e
        .after
        .as_ref()
        .and_then(|v| v.as_object())
        .unwrap_or(&empty);
    let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| before.get(*k) != after.get(*k))
        .map(|k| {
            (
                k.replace('_', " "),
                cut(shown(before.get(k))),
                cut(shown(after.get(k))),
            )
        })
        .collect()
}

/// The plan's events that pass the filters, newest first.
fn lines(plan: &StoredPlan, events: Vec<AuditEvent>, f: &Filters) -> Vec<Line> {
    let names = names(plan);
    let from = parse_date(&f.from);
    let to = parse_date(&f.to);
    let action = f.action.to_lowercase();
    let mut out: Vec<Line> = events
        .into_iter()
        .rev()
        .filter(|e| f.person.is_empty() || e.actor.label == f.person)
        .filter(|e| {
            let day = assure_domain::clock::uk_date(e.at);
            from.is_none_or(|d| day >= d) && to.is_none_or(|d| day <= d)
        })
        .map(|e| {
            let subject = e.subject_id.unwrap_or(e.entity_id);
            let (what, href) = names
                .get(&subject)
                .or_else(|| names.get(&e.entity_id))
                .cloned()
                .unwrap_or_else(|| {
                    let what = if subject == plan.id {
                        "The plan".to_string()
                    } else {
                        format!(
                            "A {} no longer in the plan",
                            e.entity.as_str().replace('_', " ")
                        )
                    };
                    (what, None)
                });
            Line {
                when: moment(e.at),
                at: e.at.to_rfc3339(),
                who: e.actor.label.clone(),
                what: if e.entity.as_str() == "action"
                    || e.entity.as_str() == "plan"
                    || e.entity.as_str() == "area"
                {
                    what
                } else {
                    format!("{what} ({})", e.entity.as_str().replace('_', " "))
                },
                href,
                change: e.change.as_str().replace('_', " "),
                fields: changed_fields(&e),
                before_json: e.before.as_ref().map(|v| v.to_string()).unwrap_or_default(),
                after_json: e.after.as_ref().map(|v| v.to_string()).unwrap_or_default(),
            }
        })
        .collect();
    if !action.is_empty() {
        out.retain(|l| l.what.to_lowercase().contains(&action));
    }
    out
}

#[derive(Template, WebTemplate)]
#[template(path = "history.html")]
pub(crate) struct HistoryPage {
    chrome: Chrome,
    plan_id: Uuid,
    plan_title: String,
    filters: Filters,
    people: Vec<Choice>,
    errors: Vec<Link>,
    from_error: String,
    to_error: String,
    lines: Vec<Line>,
    total: usize,
    page_no: usize,
    pages: usize,
    csv_href: String,
}

impl HistoryPage {
    /// The history's pages, with the filters in each link.
    fn paging(&self) -> crate::components::Paging<impl Fn(usize) -> String + '_> {
        crate::components::Paging {
            page: self.page_no,
            pages: self.pages,
            href: |n| self.filters.query(Some(n)),
        }
    }
}

#[tracing::instrument(name = "web.views.history.get", skip_all)]
pub(crate) async fn get(
    PlanPage { state, access, me }: PlanPage,
    RawQuery(raw): RawQuery,
) -> Result<HistoryPage, Error> {
    let plan = state.plan(access.plan_id).await?;
    let filters = Filters::parse(raw.as_deref());
    let events = state.store.plan_trail(plan.id, None).await?;
    let mut people: Vec<String> = events.iter().map(|e| e.actor.label.clone()).collect();
    people.sort_by_key(|p| p.to_lowercase());
    people.dedup();
    let mut choices = vec![Choice::new("", "Anyone")];
    choices.extend(
        people
            .iter()
            .map(|p| Choice::new(p.clone(), p.clone()).checked_if(&filters.person)),
    );
    let mut errors = Vec::new();
    let mut from_error = String::new();
    let mut to_error = String::new();
    if !filters.from.is_empty() && parse_date(&filters.from).is_none() {
        from_error = "Enter the ‘from’ date as year-month-day, like 2026-03-27".into();
        errors.push(Link::new(from_error.clone(), "#from"));
    }
    if !filters.to.is_empty() && parse_date(&filters.to).is_none() {
        to_error = "Enter the ‘to’ date as year-month-day, like 2026-03-27".into();
        errors.push(Link::new(to_error.clone(), "#to"));
    }
    let all = lines(&plan, events, &filters);
    let total = all.len();
    let pages = total.div_ceil(PAGE_EVENTS).max(1);
    let page_no = filters.page.clamp(1, pages);
    let shown = all
        .into_iter()
        .skip((page_no - 1) * PAGE_EVENTS)
        .take(PAGE_EVENTS)
        .collect();
    Ok(HistoryPage {
        chrome: Chrome::for_user(&me, "plans"),
        plan_id: plan.id,
        plan_title: plan.title.clone(),
        csv_href: format!("/plans/{}/history.csv{}", plan.id, filters.query(None)),
        filters,
        people: choices,
        errors,
        from_error,
        to_error,
        lines: shown,
        total,
        page_no,
        pages,
    })
}

/// A cell a spreadsheet would read as a formula starts with a quote instead (OWASP's
/// advice on CSV injection): the council opens this file in Excel.
fn safe_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

#[tracing::instrument(name = "web.views.history.csv", skip_all)]
pub(crate) async fn csv(
    PlanPage { state, access, .. }: PlanPage,
    RawQuery(raw): RawQuery,
) -> Result<Response, Error> {
    let plan = state.plan(access.plan_id).await?;
    let filters = Filters::parse(raw.as_deref());
    let events = state.store.plan_trail(plan.id, None).await?;
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let header = ["when", "who", "what", "change", "before", "after"];
    w.write_record(header)
        .map_err(|e| Error::Internal(Box::new(e)))?;
    for l in lines(&plan, events, &filters) {
        let row = [l.at, l.who, l.what, l.change, l.before_json, l.after_json];
        w.write_record(row.iter().map(|c| safe_cell(c)))
            .map_err(|e| Error::Internal(Box::new(e)))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Internal(Box::new(e.into_error())))?;
    let name = format!("history-{}.csv", plan.id);
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::safe_cell;

    #[test]
    fn formulas_are_not_left_for_a_spreadsheet_to_run() {
        assert_eq!(safe_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe_cell("+1"), "'+1");
        assert_eq!(safe_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(safe_cell("-2"), "'-2");
        assert_eq!(safe_cell("Helen Marsh"), "Helen Marsh");
    }
}
