//! One box that finds actions, their updates and references across the plans a person
//! can see (never another council's, never a plan they have no role on), with the matched
//! words marked. Every word typed must appear, in any order, case ignored.

use crate::auth::CurrentUser;
use crate::routing::{Access, RouteDef};
use crate::views::chrome::Chrome;
use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{Query, State};
use serde::Deserialize;

/// Results shown at most: a search that finds more should be narrower.
const MAX_RESULTS: usize = 100;
/// Characters of context around the first match in a long text.
const CONTEXT: usize = 90;

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    vec![RouteDef::get("/search", Access::SignedIn, get)]
}

#[derive(Deserialize, Default)]
pub(crate) struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// A piece of text, marked when it matched.
pub(crate) struct Piece {
    pub text: String,
    pub matched: bool,
}

/// One action found, with where the words were found.
pub(crate) struct Hit {
    pub plan_title: String,
    pub href: String,
    pub name: Vec<Piece>,
    /// What matched besides the action's own words ("Update of 14 October 2026"), and
    /// the text around it.
    pub found_in: String,
    pub excerpt: Vec<Piece>,
}

#[derive(Template, WebTemplate)]
#[template(path = "search.html")]
pub(crate) struct SearchPage {
    chrome: Chrome,
    q: String,
    hits: Vec<Hit>,
    more: bool,
}

/// The words searched for, lower-cased, at most ten of them.
fn terms(q: &str) -> Vec<String> {
    q.split_whitespace()
        .map(str::to_lowercase)
        .filter(|t| !t.is_empty())
        .take(10)
        .collect()
}

/// `text` cut into pieces, the matches of `terms` marked. Works on chars, so that case
/// folding never splits a character.
pub(crate) fn mark(text: &str, terms: &[String]) -> Vec<Piece> {
    let chars: Vec<char> = text.chars().collect();
    let lower: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    // Only mark when lower-casing kept the length (it does for the text councils write).
    let mut marked = vec![false; chars.len()];
    if lower.len() == chars.len() {
        for t in terms {
            let t: Vec<char> = t.chars().collect();
            if t.is_empty() || t.len() > lower.len() {
                continue;
            }
            for i in 0..=lower.len() - t.len() {
                if lower[i..i + t.len()] == t[..] {
                    marked[i..i + t.len()].iter_mut().for_each(|m| *m = true);
                }
            }
        }
    }
    let mut out: Vec<Piece> = Vec::new();
    for (c, m) in chars.into_iter().zip(marked) {
        match out.last_mut() {
            Some(p) if p.matched == m => p.text.push(c),
            _ => out.push(Piece {
                text: c.to_string(),
                matched: m,
            }),
        }
    }
    out
}

/// The part of a long `text` around the first match, with an ellipsis where cut.
fn excerpt(text: &str, terms: &[String]) -> String {
    let lower = text.to_lowercase();
    let at = terms
        .iter()
        .filter_map(|t| lower.find(t.as_str()))
        .min()
        .unwrap_or(0);
    let chars: Vec<char> = text.chars().collect();
    // `at` is a byte offset of the lower-cased text: count the chars before it.
    let at_char = lower[..at.min(lower.len())].chars().count();
    let start = at_char.saturating_sub(CONTEXT);
    let end = (at_char + CONTEXT).min(chars.len());
    let mut s: String = chars[start..end].iter().collect();
    if start > 0 {
        s = format!("…{s}");
    }
    if end < chars.len() {
        s.push('…');
    }
    s
}

fn contains_all(text: &str, terms: &[String]) -> bool {
    let lower = text.to_lowercase();
    terms.iter().all(|t| lower.contains(t.as_str()))
}

#[tracing::instrument(name = "web.views.search.get", skip_all)]
pub(crate) async fn get(
    State(state): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    Query(query): Query<SearchQuery>,
) -> Result<SearchPage, Error> {
    let q: String = query.q.trim().chars().take(200).collect();
    let terms = terms(&q);
    let mut hits = Vec::new();
    let mut more = false;
    if !terms.is_empty() {
        'plans: for summary in state.store.plans_for_user(&me.user).await? {
            let plan = state.plan(summary.id).await?;
            for (_, _, a) in plan.actions() {
                let words = crate::views::naming::words(a);
                let name = match &a.r#ref {
                    Some(r) if !r.trim().is_empty() => format!("{r} {words}"),
                    _ => words,
                };
                let own = [
                    Some(name.as_str()),
                    Some(a.text.as_str()),
                    a.assurance.as_deref(),
                    a.measure.as_deref(),
                    a.impact.as_deref(),
                ];
                let (found_in, text) = if contains_all(&name, &terms) {
                    (String::new(), String::new())
                } else if let Some(t) = own.iter().flatten().find(|t| contains_all(t, &terms)) {
                    ("The action's details".to_string(), excerpt(t, &terms))
                } else if let Some(u) = a
                    .updates
                    .iter()
                    .rev()
                    .find(|u| contains_all(&u.text, &terms))
                {
                    let when = match u.date {
                        Some(d) => crate::views::format::day(d),
                        None => crate::views::format::moment(u.created_at),
                    };
                    (format!("Update of {when}"), excerpt(&u.text, &terms))
                } else {
                    continue;
                };
                if hits.len() == MAX_RESULTS {
                    more = true;
                    break 'plans;
                }
                hits.push(Hit {
                    plan_title: plan.title.clone(),
                    href: format!("/plans/{}/actions/{}", plan.id, a.id),
                    name: mark(&name, &terms),
                    found_in,
                    excerpt: mark(&text, &terms),
                });
            }
        }
    }
    Ok(SearchPage {
        chrome: Chrome::for_user(&me, ""),
        q,
        hits,
        more,
    })
}

#[cfg(test)]
mod tests {
    use super::{mark, terms};

    #[test]
    fn matches_are_marked_whatever_their_case() {
        let t = terms("Gateway  REVIEW");
        let pieces = mark("Legal gateway meeting to review", &t);
        let marked: Vec<&str> = pieces
            .iter()
            .filter(|p| p.matched)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(marked, ["gateway", "review"]);
        let whole: String = pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(whole, "Legal gateway meeting to review");
        assert!(terms("   ").is_empty());
    }
}
