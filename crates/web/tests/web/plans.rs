//! The plan overview and the plan table, in-process on both backends.

use crate::support;

use crate::support::{Client, PASSWORD, app};
use assure_domain::attention;
use assure_domain::model::Actor;
use assure_test_support as ts;
use axum::http::StatusCode;

#[tokio::test]
async fn the_overview_counts_by_status_with_a_chart_and_a_table_of_the_same_numbers() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        // Thirty more actions, all overdue, so the overdue list is longer than it shows.
        let area = state.store.plan(council.plan_id).await.unwrap().areas[0].id;
        for n in 0..30 {
            let fields = assure_domain::model::ActionFields {
                r#ref: None,
                text: format!("Overdue action number {n}"),
                sponsor: None,
                start: None,
                due: Some(assure_domain::When {
                    text: "January 2026".into(),
                    kind: assure_domain::WhenKind::Month,
                    date: chrono::NaiveDate::from_ymd_opt(2026, 1, 31),
                    recurrence: None,
                }),
                assurance: None,
                impact: None,
                measure: None,
                resources: None,
                status: None,
            };
            state
                .store
                .add_action(area, None, &fields, vec![], &Actor::user(&council.owner))
                .await
                .unwrap();
        }
        let plan = state.store.plan(council.plan_id).await.unwrap();
        let today = state.clock.now().date_naive();
        let att = attention::attention(&plan, today);
        let mut b = Client::new(&state);
        b.sign_in(&council.viewer.email, PASSWORD).await;
        let page = b.get(&format!("/plans/{}", council.plan_id)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", db.backend);
        assert!(page.body.contains("role=\"img\""));
        assert!(page.body.contains("<title id=\"status-by-area-title\">"));
        assert!(page.body.contains("id=\"status-by-area-table\""));
        for (m, n) in &att.by_status.counts {
            let key = m.map_or("none", |m| m.as_str());
            assert!(
                page.body
                    .contains(&format!("data-meaning=\"{key}\">{n}</td>")),
                "{key} {n}"
            );
        }
        // The chart's words as read: tags between them are spaces.
        let svg = &page.body[page.body.find("<svg").unwrap()..page.body.find("</svg>").unwrap()];
        let mut chart_words = String::new();
        let mut in_tag = false;
        for c in svg.chars() {
            match c {
                '<' => {
                    in_tag = true;
                    chart_words.push(' ');
                }
                '>' => in_tag = false,
                c if !in_tag => chart_words.push(c),
                _ => {}
            }
        }
        let chart_words = chart_words.split_whitespace().collect::<Vec<_>>().join(" ");
        for a in &att.by_area {
            let row: String = a
                .counts
                .counts
                .iter()
                .map(|(_, n)| {
                    format!("<td class=\"govuk-table__cell govuk-table__cell--numeric\">{n}</td>")
                })
                .collect();
            assert!(page.body.contains(&row), "area row {}", a.area.title);
            // Each bar's label, drawn whole (a long one over lines).
            let label = format!("{} ({})", chart_esc(&a.area.title), a.counts.total());
            assert!(
                chart_words.contains(&label.split_whitespace().collect::<Vec<_>>().join(" ")),
                "chart label {label}"
            );
        }
        for f in att.overdue.iter().take(25) {
            assert!(page.body.contains(&format!(
                "/plans/{}/actions/{}",
                council.plan_id, f.action.id
            )));
        }
        // Each list says how many there are in all and shows at most 25, with a way to
        // the rest.
        for (id, all) in [
            ("overdue", &att.overdue),
            ("no-update", &att.no_update_this_period),
        ] {
            let from = page.body.find(&format!("id=\"{id}\"")).expect(id);
            let section = &page.body[from..];
            let section = &section[..section[1..].find("<h3").map_or(section.len(), |i| i + 1)];
            assert!(section.contains(&format!("({})", all.len())), "{id} count");
            let shown = section.matches("<li>").count();
            assert_eq!(shown, all.len().min(25), "{id} shown");
            assert_eq!(
                section.contains("See every action in the plan table"),
                all.len() > 25,
                "{id}: a way to the rest exactly when some are not shown"
            );
        }
        assert!(att.overdue.len() > 30, "the overdue list is cut");
        assert!(
            page.body
                .contains(&format!("/plans/{}/actions\"", council.plan_id))
        );
    }
}

fn chart_esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('\'', "&#39;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn rows(body: &str) -> Vec<String> {
    body.split("data-action=\"")
        .skip(1)
        .map(|s| s[..36].to_string())
        .collect()
}

#[tokio::test]
async fn the_table_filters_and_sorts_and_shrugs_off_bad_query_values() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let plan = state.store.plan(council.plan_id).await.unwrap();
        let today = state.clock.now().date_naive();
        let all: Vec<_> = plan
            .areas
            .iter()
            .flat_map(|a| a.actions.iter())
            .flat_map(|a| a.walk())
            .collect();
        let mut b = Client::new(&state);
        b.sign_in(&council.viewer.email, PASSWORD).await;
        let base = format!("/plans/{}/actions", council.plan_id);

        let page = b.get(&base).await;
        assert_eq!(page.status, StatusCode::OK, "{}", db.backend);
        assert_eq!(rows(&page.body).len(), all.len());
        assert!(page.body.contains("aria-sort=\"ascending\""));

        // Area: only that area's actions.
        let area = &plan.areas[0];
        let page = b.get(&format!("{base}?area={}", area.id)).await;
        let want: usize = area.actions.iter().map(|a| a.walk().len()).sum();
        assert_eq!(rows(&page.body).len(), want);

        // Lead: every matching action shows, and only it or its parents.
        let lead = ts::Council::LEAD_TEXT;
        let page = b
            .get(&format!("{base}?lead={}", lead.replace(' ', "+")))
            .await;
        let shown = rows(&page.body);
        for a in &all {
            let leads = a.leads.iter().any(|l| l.text == lead);
            if leads {
                assert!(shown.contains(&a.id.to_string()), "{:?}", a.r#ref);
            } else if shown.contains(&a.id.to_string()) {
                assert!(
                    a.walk()
                        .iter()
                        .any(|c| c.leads.iter().any(|l| l.text == lead))
                );
            }
        }

        // Status, overdue, due before.
        for (q, keep) in [
            (
                "status=off_track",
                Box::new(|a: &assure_domain::model::StoredAction| {
                    a.status
                        .as_ref()
                        .is_some_and(|s| s.meaning == assure_domain::Meaning::OffTrack)
                }) as Box<dyn Fn(&assure_domain::model::StoredAction) -> bool>,
            ),
            (
                "overdue=yes",
                Box::new(move |a: &assure_domain::model::StoredAction| {
                    attention::is_overdue(a, today)
                }),
            ),
            (
                "due_before=2026-01-01",
                Box::new(|a: &assure_domain::model::StoredAction| {
                    attention::due_date(a)
                        .is_some_and(|d| d < chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
                }),
            ),
        ] {
            let page = b.get(&format!("{base}?{q}")).await;
            assert_eq!(page.status, StatusCode::OK);
            let shown = rows(&page.body);
            for a in &all {
                if keep(a) {
                    assert!(shown.contains(&a.id.to_string()), "{q} {:?}", a.r#ref);
                } else if shown.contains(&a.id.to_string()) {
                    assert!(a.walk().iter().any(|c| keep(c)), "{q} {:?}", a.r#ref);
                }
            }
        }

        // Sorting by due date: top-level rows of an area in date order.
        let page = b.get(&format!("{base}?sort=due")).await;
        assert!(page.body.contains("aria-sort=\"ascending\"><a class=\"govuk-link app-sort-link\" href=\"?sort=due\">Timescale"));
        let shown = rows(&page.body);
        for area in &plan.areas {
            let dates: Vec<_> = shown
                .iter()
                .filter_map(|id| area.actions.iter().find(|a| a.id.to_string() == *id))
                .map(|a| (attention::due_date(a).is_none(), attention::due_date(a)))
                .collect();
            let mut sorted = dates.clone();
            sorted.sort();
            assert_eq!(dates, sorted, "{}", area.title);
        }

        // Hostile values: ignored, or an error message; never a failure.
        for q in [
            "area=nope&lead=%00%FF&status=purple&overdue=maybe&sort=%3Cscript%3E",
            "due_before=31%2F31%2F2026&due_after=yesterday",
            "area=&&&=&sort",
            "due_before=2026-02-30",
        ] {
            let page = b.get(&format!("{base}?{q}")).await;
            assert_eq!(page.status, StatusCode::OK, "{q}");
            assert!(!page.body.contains("<script>"));
        }
        let page = b.get(&format!("{base}?due_before=soon")).await;
        assert!(page.body.contains("govuk-error-summary"));
        assert!(page.body.contains("href=\"#due_before\""));
    }
}

#[tokio::test]
async fn a_page_read_again_after_a_change_shows_the_change() {
    // Plans are held between requests while their revision stands: a change made
    // anywhere (here straight through the store, as another server would) must show.
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let mut b = Client::new(&state);
        b.sign_in(&council.viewer.email, PASSWORD).await;
        let table = format!("/plans/{}/actions", council.plan_id);
        let before = b.get(&table).await;
        assert_eq!(before.status, StatusCode::OK, "{}", db.backend);
        let plan = state.store.plan(council.plan_id).await.unwrap();
        let a = plan.areas[1].actions[0].clone();
        let words = "Panel now meets weekly; backlog down to four cases";
        assert!(!before.body.contains(words));
        state
            .store
            .write_update(
                a.id,
                a.version,
                assure_store::NewUpdate {
                    date: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
                    text: words.into(),
                    status: None,
                    period: None,
                },
                &Actor::user(&council.owner),
            )
            .await
            .unwrap();
        let after = b.get(&table).await;
        assert!(
            after.body.contains(words),
            "{}: the latest update shows",
            db.backend
        );
        // And a read that follows no change gives the same page (but for the CSRF
        // token, masked afresh in every response).
        let again = b.get(&table).await;
        assert_eq!(
            support::without_tokens(&again.body),
            support::without_tokens(&after.body)
        );
        assert_ne!(again.body, after.body, "the token is masked afresh");
    }
}

#[tokio::test]
async fn every_row_is_shown_by_words_and_no_link_is_nameless() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let plan = state.store.plan(council.plan_id).await.unwrap();
        // The demo plan has rows whose action cell is empty: they continue the action
        // above with words of their own elsewhere.
        let continuing: Vec<_> = plan
            .actions()
            .into_iter()
            .map(|(_, _, a)| a.clone())
            .filter(|a| a.text.trim().is_empty())
            .collect();
        assert!(!continuing.is_empty(), "the demo has continuing rows");
        let mut b = Client::new(&state);
        b.sign_in(&council.owner.email, PASSWORD).await;
        let mut pages = vec![
            format!("/plans/{}", council.plan_id),
            format!("/plans/{}/actions", council.plan_id),
            "/".to_string(),
        ];
        for a in &continuing {
            pages.push(format!("/plans/{}/actions/{}", council.plan_id, a.id));
            if let Some(p) = a.parent_id {
                pages.push(format!("/plans/{}/actions/{}", council.plan_id, p));
            }
        }
        for url in &pages {
            let page = b.get(url).await;
            assert_eq!(page.status, StatusCode::OK, "{url}");
            for gone in ["(continued row)", "no wording of its own"] {
                assert!(!page.body.contains(gone), "{url} shows {gone:?}");
            }
            for text in support::link_texts(&page.body) {
                assert!(!text.trim().is_empty(), "{url} has a nameless link");
            }
        }
        // The table names each continuing row by its first words.
        let table = b.get(&format!("/plans/{}/actions", council.plan_id)).await;
        for a in &continuing {
            let w = a.wording().expect("words").text;
            let shown = support::unescape(&table.body);
            assert!(shown.contains(&w), "the table shows {w:?}");
        }
    }
}

#[tokio::test]
async fn the_status_column_takes_its_name_from_the_plans_own_key() {
    for db in ts::databases().await {
        let (state, council) = app(&db).await;
        let mut b = Client::new(&state);
        b.sign_in(&council.owner.email, PASSWORD).await;
        let table = format!("/plans/{}/actions", council.plan_id);
        assert!(
            b.get(&table).await.body.contains(">BRAG status<"),
            "the demo's key is BRAG"
        );
        let plan = state.store.plan(council.plan_id).await.unwrap();
        let key = ["X", "-", "↓", "↑", "✓"]
            .iter()
            .zip([
                assure_domain::Meaning::NotStarted,
                assure_domain::Meaning::OnTrack,
                assure_domain::Meaning::AtRisk,
                assure_domain::Meaning::Ahead,
                assure_domain::Meaning::Complete,
            ])
            .map(|(l, m)| assure_domain::StatusDef {
                label: (*l).to_string(),
                meaning: m,
                description: None,
            })
            .collect();
        state
            .store
            .set_status_scheme(plan.id, plan.version, key, &Actor::user(&council.owner))
            .await
            .unwrap();
        let page = b.get(&table).await;
        assert!(!page.body.contains("BRAG status"), "{}", db.backend);
        assert!(page.body.contains(">Status</a>"), "{}", db.backend);
        let a = &state.store.plan(plan.id).await.unwrap().areas[0].actions[0];
        let action = b.get(&format!("/plans/{}/actions/{}", plan.id, a.id)).await;
        assert!(!action.body.contains("BRAG status"));
    }
}
