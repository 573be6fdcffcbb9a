//! The plan table: every action in the layout councils know, grouped by area, children
//! under their parents; filters (a GET form) and sorting. Query values are untrusted:
//! unknown ones are ignored, bad dates are reported on the page.

use crate::Error;
use crate::components::{Choice, Link};
use crate::gzip_pieces::Deflated;
use crate::routing::{Access, RouteDef};
use crate::views::chrome::Chrome;
use crate::views::naming::{area_heading, names_group};
use crate::views::page::PlanPage;
use crate::views::plan::Row;
use askama::Template;
use assure_domain::Meaning;
use assure_domain::attention::{due_date, is_overdue};
use assure_domain::model::{StoredAction, StoredPlan};
use assure_domain::roles::Permission;
use axum::extract::RawQuery;
use chrono::NaiveDate;

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    vec![RouteDef::get(
        "/plans/{plan_id}/actions",
        Access::Plan(Permission::ViewPlan),
        get,
    )]
}

/// The filters and sort as typed; every field is kept as text to show it back.
#[derive(Debug, Default, Clone)]
pub(crate) struct Query {
    pub area: String,
    pub lead: String,
    pub status: String,
    pub overdue: bool,
    pub due_before: String,
    pub due_after: String,
    pub sort: String,
    /// What the page was sent back after (`done=deleted`); not a filter.
    pub done: String,
    /// Which page of rows (from 1); anything else is the first.
    pub page: usize,
    /// How many past periods to show as status columns (`status_columns::TABLE_CHOICES`).
    pub periods: usize,
}

/// Rows on one page of the table. A plan may hold 20,000 actions: one page of them all
/// would be tens of megabytes. A page ends only between top-level actions, so an action
/// and its sub-actions are never split.
pub(crate) const PAGE_ROWS: usize = 200;

impl Query {
    fn parse(raw: Option<&str>) -> Self {
        let mut q = Query::default();
        for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            let v = v.trim().chars().take(200).collect::<String>();
            match k.as_ref() {
                "area" => q.area = v,
                "lead" => q.lead = v,
                "status" => q.status = v,
                "overdue" => q.overdue = v == "yes",
                "due_before" => q.due_before = v,
                "due_after" => q.due_after = v,
                "sort" => q.sort = v,
                "done" => q.done = v,
                "page" => q.page = v.parse().ok().filter(|n| *n >= 1).unwrap_or(1),
                "periods" => q.periods = crate::views::status_columns::table_periods(&v),
                _ => {}
            }
        }
        q
    }

    /// This query as a URL with another sort (from the first page: the order changes).
    fn with_sort(&self, sort: &str) -> String {
        self.url(Some(sort), None)
    }

    /// This query as a URL on page `page`, with its filters and sort.
    fn on_page(&self, page: usize) -> String {
        let sort = Some(self.sort.as_str()).filter(|s| !s.is_empty());
        self.url(sort, Some(page))
    }

    fn url(&self, sort: Option<&str>, page: Option<usize>) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("area", self.area.as_str()),
            ("lead", self.lead.as_str()),
            ("status", self.status.as_str()),
            ("due_before", self.due_before.as_str()),
            ("due_after", self.due_after.as_str()),
        ] {
            if !v.is_empty() {
                s.append_pair(k, v);
            }
        }
        if self.overdue {
            s.append_pair("overdue", "yes");
        }
        if self.periods > 0 {
            s.append_pair("periods", &self.periods.to_string());
        }
        if let Some(sort) = sort {
            s.append_pair("sort", sort);
        }
        if let Some(p) = page.filter(|p| *p > 1) {
            s.append_pair("page", &p.to_string());
        }
        format!("?{}", s.finish())
    }
}

/// A date typed as YYYY-MM-DD (or D/M/YYYY).
fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sort {
    Ref,
    Due,
    Status,
    Lead,
}

impl Sort {
    fn parse(s: &str) -> Sort {
        match s {
            "due" => Sort::Due,
            "status" => Sort::Status,
            "lead" => Sort::Lead,
            _ => Sort::Ref,
        }
    }
}

/// A column header: its text, the link that sorts by it, and its `aria-sort`.
pub(crate) struct Header {
    pub text: &'static str,
    pub href: Option<String>,
    pub aria_sort: &'static str,
}

pub(crate) struct AreaView<'a> {
    pub id: String,
    pub heading: String,
    pub group: Option<&'a str>,
    pub rows: Vec<Row<'a>>,
    /// Its first rows are on an earlier page.
    pub continued: bool,
}

/// Which page each run of rows falls on: `(area, first row, end row, page)`, one entry
/// per top-level action with its sub-actions, and one (empty) for an area without rows.
fn paging(areas: &[AreaView<'_>]) -> Vec<(usize, usize, usize, usize)> {
    let mut out = Vec::new();
    let (mut page, mut on_page) = (1, 0);
    for (ai, area) in areas.iter().enumerate() {
        if area.rows.is_empty() {
            out.push((ai, 0, 0, page));
            continue;
        }
        let mut start = 0;
        while start < area.rows.len() {
            let end = area.rows[start + 1..]
                .iter()
                .position(|r| r.depth == 0)
                .map_or(area.rows.len(), |i| start + 1 + i);
            if on_page > 0 && on_page + (end - start) > PAGE_ROWS {
                page += 1;
                on_page = 0;
            }
            on_page += end - start;
            out.push((ai, start, end, page));
            start = end;
        }
    }
    out
}

#[derive(Template)]
#[template(path = "table.html")]
pub(crate) struct TablePage {
    chrome: Chrome,
    plan: std::sync::Arc<StoredPlan>,
    query: Query,
    errors: Vec<Link>,
    due_before_error: String,
    due_after_error: String,
    areas_choices: Vec<Choice>,
    lead_choices: Vec<Choice>,
    status_choices: Vec<Choice>,
    period_choices: Vec<Choice>,
    can_edit_plan: bool,
    banner: Option<&'static str>,
    /// The rows, as rendered for this copy of the plan and this query.
    rows: std::sync::Arc<RenderedRows>,
    /// The browser takes gzip: the page is sent as the gzip of the page around the rows
    /// joined to the rows' own, kept (`gzip_pieces.rs`).
    gzip: bool,
}

/// Where the rows go in the page rendered around them.
const ROWS_MARK: &str = "\u{1}rows\u{1}";

impl TablePage {
    fn rows_html(&self) -> &str {
        ROWS_MARK
    }
}

impl axum::response::IntoResponse for TablePage {
    /// The page around the rows is rendered per request (its forms carry the person's
    /// CSRF token); the rows, kept, are sent after it as they are, or joined to its gzip
    /// as their own kept gzip (`gzip_pieces.rs`): never copied into each response.
    fn into_response(self) -> axum::response::Response {
        let mut page = String::with_capacity(24 * 1024);
        if let Err(e) = self.render_into(&mut page) {
            return Error::Internal(Box::new(e)).into_response();
        }
        // The last mark is the one the template wrote: only fixed text follows the rows.
        let Some((before, after)) = page.rsplit_once(ROWS_MARK) else {
            return Error::Internal("the table page lost its rows".into()).into_response();
        };
        if self.gzip {
            let rows = self
                .rows
                .gzip
                .get_or_init(|| Deflated::piece(&self.rows.html));
            crate::gzip_pieces::html_response(before, rows, after)
        } else {
            crate::gzip_pieces::plain_html_response(before, self.rows.html.clone(), after)
        }
    }
}

/// The table's rows rendered, with the page shown and how many there are (for the title).
pub(crate) struct RenderedRows {
    /// Shared by every response that sends them.
    html: axum::body::Bytes,
    /// The rows deflated, once a browser that takes gzip has asked for them.
    gzip: std::sync::OnceLock<Deflated>,
    page_no: usize,
    pages: usize,
}

/// The part of the table page worked out from the plan alone (and the query, the day and
/// what the person may do): the rows of every area on the page, and the pages' links.
/// Rendered once per copy of the plan for each such view (see `plan_cache`).
#[derive(Template)]
#[template(path = "table_rows.html")]
struct TableRows<'a> {
    plan: &'a StoredPlan,
    query: &'a Query,
    headers: Vec<Header>,
    shown: usize,
    page_no: usize,
    pages: usize,
    filtered: bool,
    can_edit: bool,
    can_edit_plan: bool,
    today: NaiveDate,
    /// How many findings of the plan checks each action has.
    findings: std::collections::HashMap<uuid::Uuid, usize>,
    /// The status at the end of past periods, when asked for.
    columns: crate::views::status_columns::TableColumns,
}

impl TableRows<'_> {
    /// How many findings of the plan checks the action has.
    fn findings_of(&self, id: &uuid::Uuid) -> usize {
        self.findings.get(id).copied().unwrap_or(0)
    }

    /// The areas and rows of the page shown.
    fn areas(&self) -> Vec<AreaView<'_>> {
        let all = self.all_areas();
        let runs = paging(&all);
        let mut out = Vec::new();
        for (ai, area) in all.into_iter().enumerate() {
            let mine: Vec<_> = runs.iter().filter(|r| r.0 == ai).collect();
            let here: Vec<_> = mine.iter().filter(|r| r.3 == self.page_no).collect();
            let (Some(first), Some(last)) = (here.first(), here.last()) else {
                continue;
            };
            let continued = mine.first().is_some_and(|r| r.3 < self.page_no);
            let (from, to) = (first.1, last.2);
            out.push(AreaView {
                rows: area.rows.into_iter().skip(from).take(to - from).collect(),
                continued,
                ..area
            });
        }
        out
    }

    /// The table's pages, with the query's filters and sort in each link.
    fn paging(&self) -> crate::components::Paging<impl Fn(usize) -> String + '_> {
        crate::components::Paging {
            page: self.page_no,
            pages: self.pages,
            href: |n| self.query.on_page(n),
        }
    }

    /// Every area with its rows, before paging.
    fn all_areas(&self) -> Vec<AreaView<'_>> {
        let f = Filter::new(self.query, self.plan, self.today);
        let sort = Sort::parse(&self.query.sort);
        self.plan
            .areas
            .iter()
            .filter(|a| f.area.is_none_or(|id| id == a.id))
            .map(|area| {
                let mut rows = Vec::new();
                let mut tops: Vec<&StoredAction> = area.actions.iter().collect();
                sort_actions(&mut tops, sort);
                for a in tops {
                    collect(a, 0, &f, sort, &mut rows);
                }
                let heading = area_heading(self.plan, area);
                AreaView {
                    id: area.id.to_string(),
                    group: area
                        .group
                        .as_deref()
                        .filter(|g| !names_group(&heading, Some(g))),
                    heading,
                    rows,
                    continued: false,
                }
            })
            .filter(|a| !a.rows.is_empty() || !self.filtered)
            .collect()
    }
}

struct Filter {
    area: Option<uuid::Uuid>,
    lead: Option<String>,
    status: Option<Option<Meaning>>,
    overdue: bool,
    before: Option<NaiveDate>,
    after: Option<NaiveDate>,
    today: NaiveDate,
}

impl Filter {
    fn new(q: &Query, plan: &StoredPlan, today: NaiveDate) -> Self {
        Filter {
            area: uuid::Uuid::parse_str(&q.area)
                .ok()
                .filter(|id| plan.areas.iter().any(|a| a.id == *id)),
            lead: Some(q.lead.clone()).filter(|l| {
                !l.is_empty()
                    && plan
                        .areas
                        .iter()
                        .flat_map(|a| a.actions.iter())
                        .flat_map(|a| a.walk())
                        .any(|a| a.leads.iter().any(|x| &x.text == l))
            }),
            status: match q.status.as_str() {
                "none" => Some(None),
                s => Meaning::parse(s).map(Some),
            },
            overdue: q.overdue,
            before: parse_date(&q.due_before),
            after: parse_date(&q.due_after),
            today,
        }
    }

    fn any(&self) -> bool {
        self.lead.is_some()
            || self.status.is_some()
            || self.overdue
            || self.before.is_some()
            || self.after.is_some()
    }

    fn matches(&self, a: &StoredAction) -> bool {
        if let Some(l) = &self.lead
            && !a.leads.iter().any(|x| &x.text == l)
        {
            return false;
        }
        if let Some(m) = self.status
            && a.status.as_ref().map(|s| s.meaning) != m
        {
            return false;
        }
        if self.overdue && !is_overdue(a, self.today) {
            return false;
        }
        if let Some(b) = self.before
            && due_date(a).is_none_or(|d| d >= b)
        {
            return false;
        }
        if let Some(b) = self.after
            && due_date(a).is_none_or(|d| d <= b)
        {
            return false;
        }
        true
    }
}

fn status_rank(a: &StoredAction) -> usize {
    let m = a.status.as_ref().map(|s| s.meaning);
    // Worst first: off track, at risk, not started, on track, ahead, complete, none.
    match m {
        Some(Meaning::OffTrack) => 0,
        Some(Meaning::AtRisk) => 1,
        Some(Meaning::NotStarted) => 2,
        Some(Meaning::OnTrack) => 3,
        Some(Meaning::Ahead) => 4,
        Some(Meaning::Complete) => 5,
        None => 6,
    }
}

fn sort_actions(v: &mut [&StoredAction], sort: Sort) {
    match sort {
        Sort::Ref => {}
        Sort::Due => v.sort_by_key(|a| (due_date(a).is_none(), due_date(a))),
        Sort::Status => v.sort_by_key(|a| status_rank(a)),
        Sort::Lead => v.sort_by_key(|a| {
            (
                a.leads.is_empty(),
                a.leads.first().map(|l| l.text.to_lowercase()),
            )
        }),
    }
}

/// Adds `a` and its children to `rows`; returns whether anything was added. With
/// filters, a parent is shown (for context) when a child below it matches.
fn collect<'a>(
    a: &'a StoredAction,
    depth: usize,
    f: &Filter,
    sort: Sort,
    rows: &mut Vec<Row<'a>>,
) -> bool {
    let at = rows.len();
    let own = !f.any() || f.matches(a);
    rows.push(Row {
        depth,
        action: a,
        context_only: !own,
    });
    let mut kids: Vec<&StoredAction> = a.children.iter().collect();
    sort_actions(&mut kids, sort);
    let mut any_child = false;
    for c in kids {
        any_child |= collect(c, depth + 1, f, sort, rows);
    }
    if !own && !any_child {
        rows.truncate(at);
        return false;
    }
    true
}

#[tracing::instrument(name = "web.views.table.get", skip_all)]
pub(crate) async fn get(
    PlanPage { state, access, me }: PlanPage,
    RawQuery(raw): RawQuery,
    headers: axum::http::HeaderMap,
) -> Result<TablePage, Error> {
    let plan = state.plan(access.plan_id).await?;
    let today = state.clock.today();
    let findings = crate::views::checks::findings::checked(&state, &plan).await?;
    let query = Query::parse(raw.as_deref());
    let columns =
        crate::views::status_columns::TableColumns::load(&state, &plan, today, query.periods)
            .await?;
    let period_choices = crate::views::status_columns::TABLE_CHOICES
        .iter()
        .map(|n| {
            let text = match n {
                0 => "None".to_string(),
                n => format!("The last {n}"),
            };
            Choice::new(n.to_string(), text).checked_if(&query.periods.to_string())
        })
        .collect();
    let mut errors = Vec::new();
    let mut due_before_error = String::new();
    let mut due_after_error = String::new();
    if !query.due_before.is_empty() && parse_date(&query.due_before).is_none() {
        due_before_error = "Enter the ‘due before’ date as year-month-day, like 2026-03-27".into();
        errors.push(Link::new(due_before_error.clone(), "#due_before"));
    }
    if !query.due_after.is_empty() && parse_date(&query.due_after).is_none() {
        due_after_error = "Enter the ‘due after’ date as year-month-day, like 2026-03-27".into();
        errors.push(Link::new(due_after_error.clone(), "#due_after"));
    }
    // The areas' names and the plan's distinct leads are the plan's alone: worked out
    // once per copy of it.
    let named = state.rendered(&plan, "table filters".into(), || {
        let areas: Vec<(String, String)> = plan
            .areas
            .iter()
            .map(|a| (a.id.to_string(), area_heading(&plan, a)))
            .collect();
        let mut leads: Vec<String> = plan
            .areas
            .iter()
            .flat_map(|a| a.actions.iter())
            .flat_map(|a| a.walk())
            .flat_map(|a| a.leads.iter().map(|l| l.text.clone()))
            .collect();
        leads.sort_by_cached_key(|l| l.to_lowercase());
        leads.dedup();
        let bytes = areas.iter().map(|(i, n)| i.len() + n.len()).sum::<usize>()
            + leads.iter().map(String::len).sum::<usize>();
        Ok(((areas, leads), bytes))
    })?;
    let (area_names, leads) = &*named;
    let mut areas_choices = vec![Choice::new("", "All areas")];
    areas_choices.extend(
        area_names
            .iter()
            .map(|(id, name)| Choice::new(id.clone(), name.clone()).checked_if(&query.area)),
    );
    let mut lead_choices = vec![Choice::new("", "Any lead")];
    lead_choices.extend(
        leads
            .iter()
            .map(|l| Choice::new(l.clone(), l.clone()).checked_if(&query.lead)),
    );
    let mut status_choices = vec![Choice::new("", "Any status")];
    status_choices.extend(Meaning::ALL.iter().map(|m| {
        let labels = crate::views::naming::labels_for(&plan, Some(*m));
        let text = if labels.is_empty() || labels.eq_ignore_ascii_case(m.describe()) {
            m.describe().to_string()
        } else {
            format!("{} ({labels})", m.describe())
        };
        Choice::new(m.as_str(), text).checked_if(&query.status)
    }));
    status_choices.push(Choice::new("none", "No status").checked_if(&query.status));
    let can_edit = access.allows(Permission::EditAction, false);
    let can_edit_plan = access.allows(Permission::EditPlan, false);
    let banner = match query.done.as_str() {
        "deleted" => Some("The action has been deleted."),
        "area-edited" => Some("The area has been changed."),
        "area-added" => Some("The area has been added. Add its actions below."),
        _ => None,
    };
    // Everything the rows are rendered from besides the plan's copy: the day (what is
    // overdue), the query (filters, sort and page; not `done`) and what the person may do.
    let key = format!(
        "table {today} {can_edit} {can_edit_plan} {}",
        query.on_page(query.page)
    );
    let rows = state.rendered(&plan, key, || {
        let found = findings.count_by_action();
        render_rows(
            &plan,
            &query,
            today,
            (can_edit, can_edit_plan),
            found,
            columns,
        )
    })?;
    Ok(TablePage {
        chrome: Chrome::for_user(&me, "plans"),
        plan,
        query,
        errors,
        due_before_error,
        due_after_error,
        areas_choices,
        lead_choices,
        status_choices,
        period_choices,
        can_edit_plan,
        banner,
        rows,
        gzip: crate::gzip_pieces::accepts_gzip(&headers),
    })
}

/// Renders the rows of the table for `query` (see [`TableRows`]); the size is the
/// rendered text's.
fn render_rows(
    plan: &StoredPlan,
    query: &Query,
    today: NaiveDate,
    (can_edit, can_edit_plan): (bool, bool),
    findings: std::collections::HashMap<uuid::Uuid, usize>,
    columns: crate::views::status_columns::TableColumns,
) -> Result<(RenderedRows, usize), Error> {
    let sort = Sort::parse(&query.sort);
    let header = |text, key: Option<(&str, Sort)>| Header {
        text,
        href: key.map(|(k, _)| query.with_sort(k)),
        aria_sort: match key {
            Some((_, s)) if s == sort => "ascending",
            Some(_) => "none",
            None => "",
        },
    };
    let headers = vec![
        header("Ref", Some(("ref", Sort::Ref))),
        header("Action", None),
        header("Lead", Some(("lead", Sort::Lead))),
        header("Timescale", Some(("due", Sort::Due))),
        header(
            assure_domain::status::column_name(&plan.status_scheme),
            Some(("status", Sort::Status)),
        ),
        header("Latest update", None),
        header("Evidence", None),
    ];
    let f = Filter::new(query, plan, today);
    let filtered = f.any() || f.area.is_some();
    let mut rows = TableRows {
        plan,
        query,
        headers,
        shown: 0,
        page_no: 1,
        pages: 1,
        filtered,
        can_edit,
        can_edit_plan,
        today,
        findings,
        columns,
    };
    let (shown, pages) = {
        let all = rows.all_areas();
        let shown = all
            .iter()
            .map(|a| a.rows.iter().filter(|r| !r.context_only).count())
            .sum();
        let pages = paging(&all).last().map_or(1, |r| r.3);
        (shown, pages)
    };
    rows.shown = shown;
    rows.pages = pages;
    // A page past the last (a bookmark of a longer plan) shows the last.
    rows.page_no = query.page.clamp(1, pages);
    let html = rows.render().map_err(|e| Error::Internal(Box::new(e)))?;
    // With room for its gzip, about a tenth of it.
    let bytes = html.len() + html.len() / 8;
    Ok((
        RenderedRows {
            html: axum::body::Bytes::from(html),
            gzip: std::sync::OnceLock::new(),
            page_no: rows.page_no,
            pages,
        },
        bytes,
    ))
}
