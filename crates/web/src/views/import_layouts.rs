//! An organisation's import layouts: the corrections a person made to how a plan file
//! was read, saved when they created the plan, and used at once for a later file whose
//! header is the same (`import.rs`). Here they are listed and deleted, by those who may
//! import; the helpers below are what the import pages use to find and save them.

use crate::auth::CurrentUser;
use crate::routing::{Access, RouteDef, form_routes};
use crate::views::chrome::Chrome;
use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::model::Actor;
use assure_domain::roles::Permission;
use assure_import::Corrections;
use assure_store::{
    MAX_CORRECTIONS_BYTES, MAX_LAYOUT_NAME_CHARS, MAX_SIGNATURE_CHARS, NewLayout, SavedLayout,
};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use uuid::Uuid;

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    let access = Access::Org(Permission::ImportPlan);
    let mut out = vec![RouteDef::get("/plans/import/layouts", access, list)];
    out.extend(form_routes(
        "/plans/import/layouts/{layout_id}/delete",
        access,
        delete_get,
        delete_post,
    ));
    out
}

/// A saved layout's corrections as the importer reads them, or why they cannot be used.
pub(crate) fn corrections_of(l: &SavedLayout) -> Result<Corrections, String> {
    let c: Corrections = serde_json::from_value(l.corrections.clone())
        .map_err(|e| format!("its corrections could not be read ({e})"))?;
    c.validate()?;
    Ok(c)
}

/// The layout the organisation saved for files with this header, if any, with its
/// corrections. One that cannot be used is passed over (and logged): the file is then
/// read as it is, which the person can correct.
pub(crate) async fn saved_for(
    state: &AppState,
    org_id: Uuid,
    signature: &str,
) -> Result<Option<(SavedLayout, Corrections)>, Error> {
    if signature.trim().is_empty() {
        return Ok(None);
    }
    let Some(l) = state.store.layout_for_signature(org_id, signature).await? else {
        return Ok(None);
    };
    match corrections_of(&l) {
        Ok(c) => Ok(Some((l, c))),
        Err(e) => {
            tracing::warn!(layout = %l.id, "a saved import layout was passed over: {e}");
            Ok(None)
        }
    }
}

/// The name a layout is offered under: the file's name without its extension, or the
/// plan's title for pasted text.
pub(crate) fn default_name(source_name: &str, title: &str) -> String {
    let stem = std::path::Path::new(source_name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .trim();
    let name = if stem.is_empty() || source_name == "pasted text.txt" {
        title.trim()
    } else {
        stem
    };
    let name = if name.is_empty() {
        "My plan layout"
    } else {
        name
    };
    name.chars().take(MAX_LAYOUT_NAME_CHARS).collect()
}

/// What the preview says of the organisation's saved layout for the file's header.
#[derive(Default)]
pub(crate) struct LayoutNotice {
    /// The layout's name ("" when the organisation has none for this header).
    pub name: String,
    /// Its id, carried between readings while it is applied ("" when it is not).
    pub applied_id: String,
    /// Read with it (and nothing since), read with it and corrected since, or not used.
    pub applied: bool,
    pub corrected_since: bool,
    /// The person chose to read without it.
    pub without: bool,
    /// Offer to save the corrections as a layout when the plan is created.
    pub offer_save: bool,
    /// The name the layout is offered under.
    pub save_name: String,
}

/// What the preview says of the saved layout for the file's header (`saved`), given the
/// layout the reading was made with (`layout_id`) and the corrections now in force.
pub(crate) fn layout_notice(
    saved: Option<&(SavedLayout, Corrections)>,
    layout_id: Option<uuid::Uuid>,
    corrections: &Corrections,
    without: bool,
    source_name: &str,
    title: &str,
    recognisable: bool,
) -> LayoutNotice {
    let unnamed = |c: &Corrections| Corrections {
        name: None,
        ..c.clone()
    };
    let mut n = LayoutNotice {
        without,
        save_name: default_name(source_name, title),
        ..LayoutNotice::default()
    };
    let mut unchanged = false;
    if let Some((l, c)) = saved {
        n.name.clone_from(&l.name);
        n.save_name.clone_from(&l.name);
        if !without && layout_id == Some(l.id) {
            n.applied = true;
            n.applied_id = l.id.to_string();
            unchanged = unnamed(c) == unnamed(corrections);
            n.corrected_since = !unchanged;
        }
    }
    n.offer_save = recognisable && !corrections.is_empty() && !unchanged;
    n
}

/// What the confirm step was asked to save as a layout, checked before the plan is
/// created so a bad request writes nothing.
#[derive(Debug)]
pub(crate) struct LayoutToSave {
    pub name: String,
    pub signature: String,
    pub corrections: Corrections,
}

/// Reads the confirm form's layout fields: `None` when the person did not ask to save.
///
/// # Errors
/// A sentence for the person when a field cannot be used.
pub(crate) fn layout_to_save(
    save: bool,
    name: &str,
    signature: &str,
    corrections_json: &[u8],
    title: &str,
) -> Result<Option<LayoutToSave>, String> {
    if !save {
        return Ok(None);
    }
    if corrections_json.len() > MAX_CORRECTIONS_BYTES {
        return Err("the corrections are too large to keep".into());
    }
    let corrections: Corrections = serde_json::from_slice(corrections_json)
        .map_err(|_| "the corrections could not be read".to_string())?;
    corrections.validate()?;
    if corrections.is_empty() {
        return Ok(None);
    }
    let signature = signature.trim();
    if signature.is_empty() || signature.chars().count() > MAX_SIGNATURE_CHARS {
        return Err(
            "the file's header could not be recognised, so a layout cannot be kept for it".into(),
        );
    }
    let name = name.trim();
    let name = if name.is_empty() {
        default_name("", title)
    } else {
        name.to_string()
    };
    if name.chars().count() > MAX_LAYOUT_NAME_CHARS {
        return Err(format!(
            "a layout's name is at most {MAX_LAYOUT_NAME_CHARS} characters"
        ));
    }
    Ok(Some(LayoutToSave {
        name,
        signature: signature.to_string(),
        corrections,
    }))
}

/// Saves a checked layout for the person's organisation.
pub(crate) async fn save(
    state: &AppState,
    me: &CurrentUser,
    l: LayoutToSave,
) -> Result<Uuid, Error> {
    let mut corrections = l.corrections;
    corrections.name = Some(l.name.clone());
    let value = serde_json::to_value(&corrections).map_err(|e| Error::Internal(Box::new(e)))?;
    Ok(state
        .store
        .save_layout(
            me.user.org_id,
            &NewLayout {
                name: l.name,
                signature: l.signature,
                corrections: value,
            },
            &Actor::user(&me.user),
        )
        .await?)
}

/// One saved layout on the list.
pub(crate) struct LayoutRow {
    pub id: Uuid,
    pub name: String,
    /// The header it is recognised by, as a person reads it.
    pub header: String,
    /// "2 columns, 1 row".
    pub corrections: String,
    pub saved: String,
}

/// The header signature as a person reads it: its columns' words, shortened.
fn header_words(signature: &str) -> String {
    let words = signature
        .split('|')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    if words.chars().count() > 160 {
        let mut s: String = words.chars().take(160).collect();
        s.push('…');
        s
    } else {
        words
    }
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// What a layout corrects, counted.
fn corrections_words(l: &SavedLayout) -> String {
    match corrections_of(l) {
        Ok(c) => {
            let mut parts = Vec::new();
            if !c.columns.is_empty() {
                parts.push(plural(c.columns.len(), "column"));
            }
            if !c.headers.is_empty() {
                parts.push(plural(c.headers.len(), "header row"));
            }
            if !c.rows.is_empty() {
                parts.push(plural(c.rows.len(), "row"));
            }
            if parts.is_empty() {
                "None".into()
            } else {
                parts.join(", ")
            }
        }
        Err(_) => "Cannot be used".into(),
    }
}

fn row(l: &SavedLayout) -> LayoutRow {
    LayoutRow {
        id: l.id,
        name: l.name.clone(),
        header: header_words(&l.signature),
        corrections: corrections_words(l),
        saved: format!(
            "{} by {}",
            crate::views::format::moment(l.saved_at),
            l.saved_by
        ),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "import_layouts.html")]
pub(crate) struct ListPage {
    chrome: Chrome,
    layouts: Vec<LayoutRow>,
    /// A layout was just deleted (the name is not carried: a link could say anything).
    deleted: bool,
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct ListQuery {
    #[serde(default)]
    deleted: String,
}

#[tracing::instrument(name = "web.views.import_layouts.list", skip_all)]
pub(crate) async fn list(
    State(state): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    axum::extract::Query(q): axum::extract::Query<ListQuery>,
) -> Result<ListPage, Error> {
    let layouts = state.store.layouts(me.user.org_id).await?;
    Ok(ListPage {
        chrome: Chrome::for_user(&me, "plans"),
        layouts: layouts.iter().map(row).collect(),
        deleted: q.deleted == "1",
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "import_layout_delete.html")]
pub(crate) struct DeletePage {
    chrome: Chrome,
    csrf: String,
    layout: LayoutRow,
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct LayoutPath {
    layout_id: Uuid,
}

async fn find(state: &AppState, me: &CurrentUser, id: Uuid) -> Result<SavedLayout, Error> {
    state
        .store
        .layout(me.user.org_id, id)
        .await?
        .ok_or(Error::NotFound)
}

#[tracing::instrument(name = "web.views.import_layouts.delete_get", skip_all)]
pub(crate) async fn delete_get(
    State(state): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    Path(p): Path<LayoutPath>,
) -> Result<DeletePage, Error> {
    let l = find(&state, &me, p.layout_id).await?;
    Ok(DeletePage {
        chrome: Chrome::for_user(&me, "plans"),
        csrf: me.csrf_token.clone(),
        layout: row(&l),
    })
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct DeleteForm {
    #[serde(default)]
    confirm: String,
}

#[tracing::instrument(name = "web.views.import_layouts.delete_post", skip_all)]
pub(crate) async fn delete_post(
    State(state): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    Path(p): Path<LayoutPath>,
    Form(form): Form<DeleteForm>,
) -> Result<Response, Error> {
    let l = find(&state, &me, p.layout_id).await?;
    // Only the confirm page's button deletes: a bare POST changes nothing.
    if form.confirm != "yes" {
        return Err(Error::BadRequest(
            "Confirm on the layout's delete page that it is to be deleted.".into(),
        ));
    }
    state
        .store
        .delete_layout(me.user.org_id, l.id, &Actor::user(&me.user))
        .await?;
    Ok(Redirect::to("/plans/import/layouts?deleted=1").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_name_is_the_files_or_the_plans() {
        assert_eq!(default_name("kpi-tracker.csv", "KPIs"), "kpi-tracker");
        assert_eq!(default_name("pasted text.txt", "Our plan"), "Our plan");
        assert_eq!(default_name("", " "), "My plan layout");
    }

    #[test]
    fn a_layout_is_saved_only_when_asked_and_readable() {
        let json = br#"{"column":[{"table":1,"column":4,"meaning":"measure"}]}"#;
        assert!(
            layout_to_save(false, "x", "a|b", json, "t")
                .unwrap()
                .is_none()
        );
        let l = layout_to_save(true, " KPI ", "a|b", json, "t")
            .unwrap()
            .expect("asked");
        assert_eq!(l.name, "KPI");
        assert_eq!(l.corrections.columns[0].meaning, "measure");
        assert!(layout_to_save(true, "x", "", json, "t").is_err());
        assert!(layout_to_save(true, "x", "a|b", b"{not json", "t").is_err());
        let bad = br#"{"column":[{"column":4,"meaning":"colour"}]}"#;
        assert!(
            layout_to_save(true, "x", "a|b", bad, "t")
                .unwrap_err()
                .contains("colour")
        );
        let long = "n".repeat(MAX_LAYOUT_NAME_CHARS + 1);
        assert!(layout_to_save(true, &long, "a|b", json, "t").is_err());
    }

    #[test]
    fn the_notice_says_how_the_saved_layout_was_used() {
        let json = br#"{"name":"KPI","column":[{"table":1,"column":4,"meaning":"measure"}]}"#;
        let c: Corrections = serde_json::from_slice(json).unwrap();
        let l = SavedLayout {
            id: Uuid::now_v7(),
            org_id: Uuid::now_v7(),
            name: "KPI".into(),
            signature: "a|b".into(),
            corrections: serde_json::from_slice(json).unwrap(),
            saved_at: chrono::Utc::now(),
            saved_by: "Ada".into(),
        };
        let saved = Some((l.clone(), c.clone()));
        // Read with it as it is: said so, nothing to save.
        let mut unnamed = c.clone();
        unnamed.name = None;
        let n = layout_notice(
            saved.as_ref(),
            Some(l.id),
            &unnamed,
            false,
            "f.csv",
            "T",
            true,
        );
        assert!(n.applied && !n.corrected_since && !n.offer_save);
        assert_eq!(n.applied_id, l.id.to_string());
        // Corrected since: said so, offered under the layout's name.
        let mut more = c.clone();
        more.columns[0].meaning = "lead".into();
        let n = layout_notice(saved.as_ref(), Some(l.id), &more, false, "f.csv", "T", true);
        assert!(n.applied && n.corrected_since && n.offer_save);
        assert_eq!(n.save_name, "KPI");
        // Read without it: not applied, offered again only with corrections.
        let none = Corrections::default();
        let n = layout_notice(saved.as_ref(), None, &none, true, "f.csv", "T", true);
        assert!(!n.applied && n.without && !n.offer_save && n.name == "KPI");
        // No layout: corrections are offered under the file's name; a file without a
        // header to recognise it by is not.
        let n = layout_notice(None, None, &more, false, "f.csv", "T", true);
        assert!(n.offer_save && n.name.is_empty());
        assert_eq!(n.save_name, "f");
        assert!(!layout_notice(None, None, &more, false, "f.csv", "T", false).offer_save);
    }

    #[test]
    fn the_header_is_shown_as_words() {
        assert_eq!(header_words("ref|action||lead"), "ref · action · lead");
        assert!(header_words(&"word|".repeat(100)).ends_with('…'));
    }
}
