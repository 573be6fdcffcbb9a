//! The council and the inspection a plan answers, edited after import: the council's
//! name, the kind of inspection or visit, its framework and dates, when the report was
//! published (the plan is due 70 working days after), and its judgements and grades.

use crate::Error;
use crate::auth::CurrentUser;
use crate::components::Link;
use crate::routing::{Access, RouteDef, form_routes};
use crate::views::edit_form::{EditPage, Field, Sent, edit_form, last_change_by, optional};
use crate::views::format::day;
use crate::views::page::PlanPage;
use assure_domain::document::MAX_JUDGEMENTS;
use assure_domain::model::{Actor, InspectionRecord, StoredPlan};
use assure_domain::roles::Permission;
use assure_domain::{Inspection, Judgement};
use assure_store::StoreError;
use axum::Form;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};

/// Ofsted's first year: no inspection report is older.
const FIRST_REPORT_YEAR: i32 = 1992;

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    form_routes(
        "/plans/{plan_id}/inspection",
        Access::Plan(Permission::EditPlan),
        get,
        post,
    )
    .into_iter()
    .collect()
}

edit_form! {
    /// The council and inspection form as sent.
    InspectionSent { organisation, kind, framework, dates, published, judgements }
}

/// A judgement as one line of the form: "Overall effectiveness: Good".
fn judgement_line(j: &Judgement) -> String {
    format!("{}: {}", j.area, j.grade)
}

fn page(me: &CurrentUser, plan: &StoredPlan) -> EditPage {
    let i = plan.inspection.clone().unwrap_or_default();
    let fields = vec![
        Field::short(
            "organisation",
            "Council",
            "Optional. The council whose plan this is, for example Northbridge Borough Council",
        )
        .value(plan.organisation.clone().unwrap_or_default()),
        Field::short(
            "kind",
            "Inspection or visit",
            "Optional. For example Inspection of local authority children’s services, or Monitoring visit",
        )
        .value(i.kind.clone().unwrap_or_default()),
        Field::short("framework", "Framework", "Optional. For example ILACS or JTAI")
            .value(i.framework.clone().unwrap_or_default()),
        Field::short(
            "dates",
            "Inspection dates",
            "Optional. As the report gives them, for example 2 to 13 March 2020",
        )
        .value(i.dates.clone().unwrap_or_default()),
        Field::short(
            "published",
            "Report published",
            "Optional. The date the report was published, for example 4 May 2022. The plan is due 70 working days after it",
        )
        .value(i.report_published.map(day).unwrap_or_default()),
        Field::long(
            "judgements",
            "Judgements and grades",
            "Optional. One per line: the judgement, a colon, then its grade, for example Overall effectiveness: Requires improvement to be good",
            6,
        )
        .value(
            i.judgements
                .iter()
                .map(judgement_line)
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    ];
    let mut p = EditPage::new(me, "Council and inspection", fields);
    p.caption = plan.title.clone();
    p.intro = "What the plan answers: the council and the Ofsted inspection or visit, as its report records them.".into();
    p.breadcrumbs = vec![
        Link::new("Plans", "/plans"),
        Link::new(plan.title.clone(), format!("/plans/{}", plan.id)),
        Link::text("Council and inspection"),
    ];
    p.post_url = format!("/plans/{}/inspection", plan.id);
    p.cancel_url = format!("/plans/{}", plan.id);
    p.version = plan.version;
    p
}

/// A date as people type it: "4 May 2022", "4th May 2022", "4 Jun 2022", "04/05/2022"
/// or "2022-05-04".
pub(crate) fn parse_day(s: &str) -> Option<NaiveDate> {
    let s = s.trim().replace(',', " ");
    let words: Vec<String> = s
        .split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            // "4th" -> "4": only the day carries a suffix.
            let lower = w.to_lowercase();
            match lower
                .strip_suffix("st")
                .or_else(|| lower.strip_suffix("nd"))
                .or_else(|| lower.strip_suffix("rd"))
                .or_else(|| lower.strip_suffix("th"))
            {
                Some(d) if i == 0 && !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()) => {
                    d.to_string()
                }
                _ => w.to_string(),
            }
        })
        .collect();
    let s = words.join(" ");
    ["%d %B %Y", "%d %b %Y", "%d/%m/%Y", "%Y-%m-%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(&s, f).ok())
}

/// Whether inspection dates as typed say when: a year, 1990 or later.
fn names_a_year(s: &str) -> bool {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<i32>().ok())
        .any(|y| (1990..=2100).contains(&y))
}

/// Judgements one per line, each "area: grade"; the number of the first line without a
/// grade when one has none.
fn parse_judgements(s: &str) -> Result<Vec<Judgement>, usize> {
    let mut out = Vec::new();
    for (n, line) in s.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        // The grade is after the last colon: a judgement's own words may hold one.
        match line.rsplit_once(':') {
            Some((area, grade)) if !area.trim().is_empty() && !grade.trim().is_empty() => {
                out.push(Judgement {
                    area: area.trim().to_string(),
                    grade: grade.trim().to_string(),
                });
            }
            _ => return Err(n + 1),
        }
    }
    Ok(out)
}

#[tracing::instrument(name = "web.views.inspection.get", skip_all)]
pub(crate) async fn get(PlanPage { state, access, me }: PlanPage) -> Result<Response, Error> {
    let plan = state.plan(access.plan_id).await?;
    Ok(page(&me, &plan).respond())
}

#[tracing::instrument(name = "web.views.inspection.post", skip_all)]
pub(crate) async fn post(
    PlanPage { state, access, me }: PlanPage,
    Form(sent): Form<InspectionSent>,
) -> Result<Response, Error> {
    let plan = state.plan(access.plan_id).await?;
    let current = page(&me, &plan);
    let mut form = page(&me, &plan).sent_back(&sent);
    let stored = plan.inspection.clone().unwrap_or_default();
    let keep = |name| sent.untouched(&current, name);

    let published = if keep("published") {
        stored.report_published
    } else {
        match sent.get("published").trim() {
            "" => None,
            typed => {
                match parse_day(typed) {
                    None => {
                        form.error(
                        "published",
                        "Enter the date the report was published as a real date, for example 4 May 2022",
                    );
                        None
                    }
                    Some(d) if d.year() < FIRST_REPORT_YEAR => {
                        form.error(
                        "published",
                        format!("Enter a date the report was published from {FIRST_REPORT_YEAR} onwards"),
                    );
                        None
                    }
                    Some(d) if d > state.clock.today() => {
                        form.error(
                            "published",
                            "The date the report was published must be today or in the past",
                        );
                        None
                    }
                    Some(d) => Some(d),
                }
            }
        }
    };
    let dates = if keep("dates") {
        stored.dates.clone()
    } else {
        optional(sent.get("dates"))
    };
    if !keep("dates") && dates.as_deref().is_some_and(|d| !names_a_year(d)) {
        form.error(
            "dates",
            "Enter the inspection dates with their year, for example 2 to 13 March 2020",
        );
    }
    let judgements = if keep("judgements") {
        stored.judgements.clone()
    } else {
        match parse_judgements(sent.get("judgements")) {
            Ok(j) if j.len() > MAX_JUDGEMENTS => {
                form.error(
                    "judgements",
                    format!("Enter at most {MAX_JUDGEMENTS} judgements"),
                );
                Vec::new()
            }
            Ok(j) => j,
            Err(line) => {
                form.error(
                    "judgements",
                    format!(
                        "Write each judgement as the judgement, a colon, then its grade: line {line} has no grade"
                    ),
                );
                Vec::new()
            }
        }
    };
    if form.has_errors() {
        return Ok(form.respond());
    }
    if sent.version() != plan.version && !sent.drawn_from(&current) {
        let by = last_change_by(&state.store.audit_trail(plan.id).await?, plan.id);
        return Ok(form.into_conflict(&current, by).respond());
    }
    let text = |name, old: &Option<String>| {
        if keep(name) {
            old.clone()
        } else {
            optional(sent.get(name))
        }
    };
    let record = InspectionRecord {
        organisation: text("organisation", &plan.organisation),
        inspection: Some(Inspection {
            framework: text("framework", &stored.framework),
            kind: text("kind", &stored.kind),
            dates,
            report_published: published,
            judgements,
        }),
    };
    match state
        .store
        .update_inspection(plan.id, plan.version, &record, &Actor::user(&me.user))
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/plans/{}?done=inspection", plan.id)).into_response()),
        Err(StoreError::Conflict { .. }) => {
            let fresh = state.plan(plan.id).await?;
            let by = last_change_by(&state.store.audit_trail(plan.id).await?, plan.id);
            Ok(form.into_conflict(&page(&me, &fresh), by).respond())
        }
        Err(StoreError::Invalid(m)) => {
            form.error("judgements", m);
            form.has_errors();
            Ok(form.respond())
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_people_type_them() {
        let d = NaiveDate::from_ymd_opt(2022, 5, 4);
        for typed in [
            "4 May 2022",
            "4th May 2022",
            "04 may 2022",
            "4 May, 2022",
            "04/05/2022",
            "2022-05-04",
        ] {
            assert_eq!(parse_day(typed), d, "{typed}");
        }
        for bad in ["31 February 2022", "May 2022", "4/13/2022", "soon", "4th"] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn inspection_dates_need_a_year() {
        assert!(names_a_year("2 to 13 March 2020"));
        assert!(names_a_year("27/28 July 2022"));
        assert!(!names_a_year("last spring"));
        assert!(!names_a_year("March 20"));
    }

    #[test]
    fn judgements_are_lines_of_area_and_grade() {
        let j = parse_judgements("Overall effectiveness: Good\n\n Help and protection : Requires improvement to be good ").unwrap();
        assert_eq!(j.len(), 2);
        assert_eq!(j[1].area, "Help and protection");
        assert_eq!(j[1].grade, "Requires improvement to be good");
        assert_eq!(parse_judgements("Overall: Good\nLeaders"), Err(2));
        assert_eq!(parse_judgements("Overall:"), Err(1));
        let colon = parse_judgements("Impact of leaders: practice: Good").unwrap();
        assert_eq!(colon[0].area, "Impact of leaders: practice");
    }
}
