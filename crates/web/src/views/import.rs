//! Import a plan: upload a file (.docx, .xlsx, .csv, .txt) or paste text copied from Word,
//! see a preview of the parsed plan with the import report's things to check, and only
//! then create the plan. Nothing is saved before the person confirms.
//!
//! The preview carries the parsed document to the confirm step in a hidden field, as
//! JSON; the confirm step treats it as hostile (size limit, weight before parsing,
//! parse, `validate()`, which holds the maximum plan size).
//!
//! Reading a file and parsing a document each take a turn (`AppState::imports`): at
//! most `max_concurrent_imports` at once, the rest wait `import_wait` and are then
//! asked to try again (503), so imports add a bounded amount to the server's memory.

use crate::auth::CurrentUser;
use crate::components::Link;
use crate::routing::{Access, RouteDef, only};
use crate::views::chrome::Chrome;
use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::PlanDocument;
use assure_domain::import_report::{ReportItem, bounded};
use assure_domain::model::Actor;
use assure_domain::roles::{Permission, PlanRole};
use assure_import::understand::corrections::{ColumnFix, RowFix};
use assure_import::{Corrections, ImportOptions, RowClass, import_bytes_with};
use axum::Extension;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine as _;
use std::sync::Arc;
use tokio::sync::OwnedSemaphorePermit;

/// The most any request to these routes may carry; the configured upload limit (which is
/// smaller by default) is enforced while reading.
const BODY_CEILING: usize = 256 * 1024 * 1024;

/// The most the confirm step reads of the things to check: thousands of items of a
/// few hundred characters each, far more than an import reports.
const MAX_REPORT_BYTES: usize = 8 * 1024 * 1024;

/// The most the corrections carried between readings may take.
const MAX_CORRECTIONS_BYTES: usize = 256 * 1024;

const REREAD_LOST: &str =
    "The plan to read again could not be read, so nothing was saved. Import the file again.";

/// Folds the person's choices into the corrections: a column or row whose choice differs
/// from what it was read as becomes a correction (the latest wins).
fn merge_choices(c: &mut Corrections, choices: &[(String, String)]) {
    let was = |field: &str| {
        choices
            .iter()
            .find(|(n, _)| n.strip_prefix("was-") == Some(field))
            .map(|(_, v)| v.trim().to_string())
    };
    let numbers = |rest: &str| -> Option<(usize, usize)> {
        let (t, r) = rest.split_once('-')?;
        let (t, r) = (t.parse().ok()?, r.parse().ok()?);
        (t > 0 && r > 0 && t < 100_000 && r < 10_000_000).then_some((t, r))
    };
    for (name, value) in choices {
        let value = value.trim();
        if was(name).as_deref() == Some(value) {
            continue;
        }
        if let Some((table, column)) = name.strip_prefix("col-").and_then(numbers) {
            c.columns
                .retain(|f| !(f.table == Some(table) && f.column == Some(column)));
            c.columns.push(ColumnFix {
                table: Some(table),
                column: Some(column),
                header: None,
                meaning: value.to_string(),
            });
        } else if let Some((table, row)) = name.strip_prefix("row-").and_then(numbers)
            && let Some(class) = RowClass::parse(value)
        {
            c.rows.retain(|f| !(f.table == table && f.row == row));
            c.rows.push(RowFix { table, row, class });
        }
    }
}

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    vec![
        RouteDef::get("/plans/import", Access::Org(Permission::ImportPlan), get),
        RouteDef {
            method: Method::POST,
            path: "/plans/import",
            access: Access::Org(Permission::ImportPlan),
            handler: only(Method::POST, post).layer(DefaultBodyLimit::max(BODY_CEILING)),
        },
        RouteDef {
            method: Method::POST,
            path: "/plans/import/confirm",
            access: Access::Org(Permission::ImportPlan),
            handler: only(Method::POST, confirm).layer(DefaultBodyLimit::max(BODY_CEILING)),
        },
    ]
}

#[derive(Template, WebTemplate)]
#[template(path = "import.html")]
pub(crate) struct ImportPage {
    chrome: Chrome,
    csrf: String,
    text: String,
    file_error: String,
    summary: Vec<Link>,
}

/// One area of the preview.
pub(crate) struct AreaPreview {
    pub heading: String,
    pub actions: usize,
    pub rows: Vec<RowPreview>,
}

pub(crate) struct RowPreview {
    pub r#ref: String,
    pub text: String,
    pub lead: String,
    pub timescale: String,
    pub status: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "import_preview.html")]
pub(crate) struct PreviewPage {
    chrome: Chrome,
    csrf: String,
    title: String,
    organisation: String,
    format: String,
    action_count: usize,
    areas: Vec<AreaPreview>,
    checks: Vec<ReportItem>,
    /// The plan checks' findings, as the plan's Checks page will show them.
    findings: crate::views::checks::preview::PreviewFindings,
    document_json: String,
    /// The things to check, kept with the plan when it is created.
    report_json: String,
    /// How the file was read: its columns and what they were read as.
    reading: Vec<ColumnRow>,
    /// Rows by class ("action 42, banner 3").
    row_classes: String,
    /// Rows read with little confidence, to look at first.
    unsure: Vec<UnsureRow>,
    /// The file again, so "Read the plan again" can re-read it with the person's
    /// corrections without a second upload (base64; treated as a new upload).
    source_name: String,
    source_b64: String,
    /// The corrections made so far (JSON), carried from one reading to the next.
    corrections_json: String,
    meanings: Vec<&'static str>,
    classes: Vec<&'static str>,
    /// The organisation's saved layout for this file's header, and how it was used.
    layout: crate::views::import_layouts::LayoutNotice,
    /// The header signature, carried to the confirm step to save the layout under.
    signature: String,
}

/// One source column in "How we read your plan".
pub(crate) struct ColumnRow {
    /// The form field: "col-1-4".
    pub field: String,
    pub table: usize,
    pub column: usize,
    pub header: String,
    pub meaning: String,
    pub sure: &'static str,
    pub why: String,
}

pub(crate) struct UnsureRow {
    /// The form field: "row-1-7".
    pub field: String,
    pub place: String,
    pub class: String,
    pub text: String,
}

/// How sure, in words a person reads at a glance.
fn sure_words(confidence: f32) -> &'static str {
    if confidence >= 0.95 {
        "Certain"
    } else if confidence >= 0.8 {
        "Sure"
    } else if confidence >= 0.6 {
        "Fairly sure"
    } else {
        "Unsure"
    }
}

/// The most columns and unsure rows the preview lists.
const READING_ROWS: usize = 60;

fn reading_rows(r: &assure_import::Reading) -> (Vec<ColumnRow>, String, Vec<UnsureRow>) {
    let columns = r
        .columns
        .iter()
        .take(READING_ROWS)
        .map(|c| ColumnRow {
            field: format!("col-{}-{}", c.table, c.column),
            table: c.table,
            column: c.column,
            header: c.header.clone(),
            meaning: c.meaning.clone(),
            sure: sure_words(c.confidence),
            why: c.reason.clone().unwrap_or_else(|| {
                if c.header.is_empty() {
                    String::new()
                } else {
                    "its header says so".to_string()
                }
            }),
        })
        .collect();
    let classes = r
        .class_counts()
        .into_iter()
        .map(|(c, n)| format!("{} {n}", c.as_str().replace('_', " ")))
        .collect::<Vec<_>>()
        .join(", ");
    let unsure = r
        .unsure_rows(0.7)
        .take(READING_ROWS)
        .map(|u| UnsureRow {
            field: format!("row-{}-{}", u.table, u.row),
            place: format!("Table {}, row {}", u.table, u.row),
            class: u.class.as_str().to_string(),
            text: u.text.clone(),
        })
        .collect();
    (columns, classes, unsure)
}

/// How many rows of each area the preview shows.
const PREVIEW_ROWS: usize = 5;

/// The area's first rows in the plan's order, sub-actions and continuation rows
/// included, so the preview shows what the count counts.
fn preview_rows(actions: &[assure_domain::Action]) -> Vec<RowPreview> {
    fn walk(actions: &[assure_domain::Action], depth: usize, out: &mut Vec<RowPreview>) {
        for x in actions {
            if out.len() == PREVIEW_ROWS {
                return;
            }
            let text = crate::views::naming::document_words(x);
            out.push(RowPreview {
                r#ref: x.r#ref.clone().unwrap_or_default(),
                text: if depth > 0 {
                    format!("↳ {text}")
                } else {
                    text
                },
                lead: x.leads.join(", "),
                timescale: x.due.as_ref().map(|w| w.text.clone()).unwrap_or_default(),
                status: x
                    .status
                    .as_ref()
                    .map(|s| s.label.clone())
                    .unwrap_or_default(),
            });
            walk(&x.children, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(actions, 0, &mut out);
    out
}

fn count(actions: &[assure_domain::Action]) -> usize {
    actions.iter().map(|a| 1 + count(&a.children)).sum()
}

fn form_page(me: &CurrentUser, text: String, error: Option<String>) -> ImportPage {
    let mut summary = Vec::new();
    let mut file_error = String::new();
    if let Some(e) = error {
        file_error.clone_from(&e);
        summary.push(Link::new(e, "#file"));
    }
    ImportPage {
        chrome: Chrome::for_user(me, "plans"),
        csrf: me.csrf_token.clone(),
        text,
        file_error,
        summary,
    }
}

#[tracing::instrument(name = "web.views.import.get", skip_all)]
pub(crate) async fn get(Extension(me): Extension<CurrentUser>) -> ImportPage {
    form_page(&me, String::new(), None)
}

/// Reads one multipart field whole, refusing more than `limit` bytes. `expected` (the
/// request's length) sizes the buffer once: grown by doubling, a 20 MB upload would
/// hold 32.
pub(crate) async fn read_field(
    field: &mut axum::extract::multipart::Field<'_>,
    limit: usize,
    expected: usize,
) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::with_capacity(expected.min(limit));
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|e| Error::BadRequest(format!("The form could not be read: {e}")))?
    {
        if bytes.len() + chunk.len() > limit {
            return Err(Error::TooLarge);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// The request body's declared length (0 when absent): a hint, never trusted beyond the
/// limit.
pub(crate) fn content_length(headers: &HeaderMap) -> usize {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn to_json(doc: &PlanDocument) -> Result<String, Error> {
    serde_json::to_string(doc).map_err(|e| Error::Internal(Box::new(e)))
}

/// A turn to read an import: at most `max_concurrent_imports` are read at once, as
/// each may hold tens of megabytes. One that gets no turn within `import_wait` is
/// answered 503, asking the person to try again.
pub(crate) async fn turn(state: &AppState) -> Result<Arc<OwnedSemaphorePermit>, Error> {
    let wait = state.config.import_wait;
    match tokio::time::timeout(wait, state.imports.clone().acquire_owned()).await {
        Ok(Ok(permit)) => Ok(Arc::new(permit)),
        _ => Err(Error::ImportsBusy),
    }
}

#[tracing::instrument(name = "web.views.import.post", skip_all)]
pub(crate) async fn post(
    State(state): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Response, Error> {
    let limit = state.config.max_upload_bytes;
    let expected = content_length(&headers);
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut text = String::new();
    // A re-read: the file as the preview carried it, the corrections so far, and the
    // person's choices ("col-1-4" = "timescale", "was-col-1-4" = what it was read as).
    let mut source: Option<Vec<u8>> = None;
    let mut source_name = String::new();
    let mut corrections = Corrections::default();
    let mut choices: Vec<(String, String)> = Vec::new();
    // The saved layout the reading so far was made with, and the person's choice to read
    // without (or again with) the organisation's saved layout.
    let mut layout_id: Option<uuid::Uuid> = None;
    let mut without_layout = false;
    let mut layout_choice = String::new();
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| Error::BadRequest(format!("The form could not be read: {e}")))?
    {
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or("").to_string();
                let bytes = read_field(&mut field, limit, expected).await?;
                if !name.is_empty() && !bytes.is_empty() {
                    file = Some((name, bytes));
                }
            }
            Some("text") => {
                let bytes = read_field(&mut field, limit, 0).await?;
                text = String::from_utf8_lossy(&bytes).into_owned();
            }
            Some("source") => {
                let b64 = read_field(&mut field, limit.saturating_mul(4) / 3 + 4, expected).await?;
                source = Some(
                    base64::engine::general_purpose::STANDARD
                        .decode(b64.trim_ascii())
                        .map_err(|_| Error::BadRequest(REREAD_LOST.into()))?,
                );
            }
            Some("source_name") => {
                let bytes = read_field(&mut field, 1024, 0).await?;
                source_name = String::from_utf8_lossy(&bytes).into_owned();
            }
            Some("corrections") => {
                let bytes = read_field(&mut field, MAX_CORRECTIONS_BYTES, 0).await?;
                if !bytes.trim_ascii().is_empty() {
                    corrections = serde_json::from_slice(&bytes)
                        .map_err(|_| Error::BadRequest(REREAD_LOST.into()))?;
                }
            }
            // The state carried between readings (`without_layout`, `layout_id`) and
            // the buttons that read with or without the saved layout (`layout_choice`).
            Some(flag @ ("without_layout" | "layout_choice" | "layout_id")) => {
                let flag = flag.to_string();
                let bytes = read_field(&mut field, 64, 0).await?;
                let value = String::from_utf8_lossy(&bytes).trim().to_string();
                match flag.as_str() {
                    "without_layout" => without_layout = value == "1",
                    "layout_choice" => layout_choice = value,
                    _ => layout_id = value.parse().ok(),
                }
            }
            Some(name)
                if name.starts_with("col-")
                    || name.starts_with("row-")
                    || name.starts_with("was-") =>
            {
                if choices.len() >= 2 * assure_import::understand::corrections::MAX_ENTRIES {
                    return Err(Error::BadRequest("Too many corrections in one go.".into()));
                }
                let name = name.to_string();
                let bytes = read_field(&mut field, 64, 0).await?;
                choices.push((name, String::from_utf8_lossy(&bytes).into_owned()));
            }
            _ => {}
        }
    }
    if matches!(layout_choice.as_str(), "with" | "without") {
        // Reading with or without the saved layout starts again from the file as it is.
        corrections = Corrections::default();
        choices.clear();
        layout_id = None;
        without_layout = layout_choice == "without";
    }
    if let Some(bytes) = source {
        merge_choices(&mut corrections, &choices);
        corrections
            .validate()
            .map_err(|e| Error::BadRequest(format!("The corrections could not be used: {e}")))?;
        let name = if source_name.trim().is_empty() {
            "plan.txt".to_string()
        } else {
            source_name
        };
        file = Some((name, bytes));
    }
    let (name, bytes) = match file {
        Some(f) => f,
        None if !text.trim().is_empty() => {
            ("pasted text.txt".to_string(), text.clone().into_bytes())
        }
        None => {
            let page = form_page(
                &me,
                text,
                Some("Choose a file to import, or paste the plan's text".into()),
            );
            return Ok((StatusCode::BAD_REQUEST, page).into_response());
        }
    };
    let opts = ImportOptions {
        max_bytes: limit as u64,
        ..ImportOptions::default()
    };
    // The turn is held until the preview is drawn, and by the reading itself, which
    // goes on should the person leave before it ends.
    let turn = turn(&state).await?;
    let reading = turn.clone();
    let today = state.clock.today();
    let read_with = corrections.clone();
    // The organisation's saved layout for the file's header is looked up from the
    // reading task (it knows the header only once read), and read with at once when the
    // person has made no corrections and not asked to read without it.
    let apply = corrections.is_empty() && !without_layout;
    let lookup = (
        state.clone(),
        me.user.org_id,
        tokio::runtime::Handle::current(),
    );
    let outcome = tokio::task::spawn_blocking(move || {
        let mut outcome = import_bytes_with(&name, &bytes, &opts, &read_with);
        let signature = outcome
            .as_ref()
            .map(|o| o.reading.signature.clone())
            .unwrap_or_default();
        let (state, org, handle) = lookup;
        let saved = handle
            .block_on(crate::views::import_layouts::saved_for(
                &state, org, &signature,
            ))
            .unwrap_or_else(|e| {
                tracing::warn!("the saved import layouts could not be read: {e}");
                None
            });
        let mut applied = false;
        if apply && let Some((_, c)) = &saved {
            outcome = import_bytes_with(&name, &bytes, &opts, c);
            applied = true;
        }
        let outcome = outcome.map(|o| {
            (
                (o, saved, applied),
                name,
                base64::engine::general_purpose::STANDARD.encode(&bytes),
            )
        });
        drop(bytes);
        // The checks run in the same turn: on a plan of thousands of rows they take
        // longer than an async task should hold its thread.
        let outcome = outcome.map(|(o, name, b64)| {
            let findings = crate::views::checks::preview::preview(&o.0.document, today);
            (o, findings, name, b64)
        });
        drop(reading);
        outcome
    })
    .await
    .map_err(|e| Error::Internal(Box::new(e)))?;
    let ((outcome, saved, applied_now), findings, source_name, source_b64) = match outcome {
        Ok(o) => o,
        Err(e) => {
            let page = form_page(
                &me,
                text,
                Some(format!("The plan could not be imported. {e}")),
            );
            return Ok((StatusCode::BAD_REQUEST, page).into_response());
        }
    };
    let mut doc = outcome.document;
    // Updates ask for a status from the plan's key; a plan written without one gets the
    // key most councils use, said plainly below and editable in the plan's settings.
    let given_key = doc.status_scheme.is_empty();
    if given_key {
        doc.status_scheme = assure_domain::status::brag_scheme();
    }
    let areas = doc
        .areas
        .iter()
        .enumerate()
        .map(|(i, a)| AreaPreview {
            heading: crate::views::naming::document_area_heading(&doc.areas, i),
            actions: count(&a.actions),
            rows: preview_rows(&a.actions),
        })
        .collect::<Vec<_>>();
    let mut checks = outcome.report.to_keep();
    if given_key {
        checks.push(ReportItem {
            concern: "Status key".into(),
            place: "The whole plan".into(),
            text: "The plan has no status key, so it will be given the usual BRAG key: Blue (complete), Red (off track), Amber (at risk) and Green (on track).".into(),
            advice: "Change it in the plan's settings if the plan uses other statuses.".into(),
        });
    }
    let checks = bounded(checks);
    let (reading, row_classes, unsure) = reading_rows(&outcome.reading);
    if applied_now && let Some((l, c)) = &saved {
        corrections = c.clone();
        layout_id = Some(l.id);
    }
    let layout = crate::views::import_layouts::layout_notice(
        saved.as_ref(),
        layout_id,
        &corrections,
        without_layout,
        &source_name,
        &doc.title,
        !outcome.reading.signature.is_empty(),
    );
    let page = PreviewPage {
        layout,
        signature: outcome.reading.signature.clone(),
        reading,
        row_classes,
        unsure,
        source_name,
        source_b64,
        corrections_json: serde_json::to_string(&corrections)
            .map_err(|e| Error::Internal(Box::new(e)))?,
        meanings: assure_import::understand::reading::MEANINGS
            .iter()
            .map(|(m, _)| *m)
            .collect(),
        classes: assure_import::RowClass::ALL
            .iter()
            .map(|c| c.as_str())
            .collect(),
        chrome: Chrome::for_user(&me, "plans"),
        csrf: me.csrf_token.clone(),
        title: doc.title.clone(),
        organisation: doc.organisation.clone().unwrap_or_default(),
        format: outcome.report.format.clone(),
        action_count: areas.iter().map(|a| a.actions).sum(),
        areas,
        findings,
        document_json: to_json(&doc)?,
        report_json: serde_json::to_string(&checks).map_err(|e| Error::Internal(Box::new(e)))?,
        checks,
    };
    drop(doc);
    let response = page.into_response();
    drop(turn);
    Ok(response)
}

#[tracing::instrument(name = "web.views.import.confirm", skip_all)]
pub(crate) async fn confirm(
    State(state): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Response, Error> {
    let expected = content_length(&headers);
    let unreadable = || {
        Error::BadRequest(
            "The plan to create could not be read, so nothing was saved. Import the file again."
                .into(),
        )
    };
    // The JSON of a plan is a few times its text; allow a generous multiple of the limit.
    let limit = state.config.max_upload_bytes.saturating_mul(4);
    let mut json = None;
    let mut report_json = None;
    let (mut save_layout, mut layout_name, mut layout_signature) =
        (false, String::new(), String::new());
    let mut layout_corrections = Vec::new();
    while let Some(mut field) = multipart.next_field().await.map_err(|_| unreadable())? {
        match field.name() {
            Some("document") => json = Some(read_field(&mut field, limit, expected).await?),
            Some("save_layout") => {
                save_layout = read_field(&mut field, 16, 0).await?.trim_ascii() == b"yes";
            }
            Some("layout_name") => {
                let bytes = read_field(&mut field, 4096, 0).await?;
                layout_name = String::from_utf8_lossy(&bytes).into_owned();
            }
            Some("layout_signature") => {
                let max = assure_store::MAX_SIGNATURE_CHARS * 4;
                let bytes = read_field(&mut field, max, 0).await?;
                layout_signature = String::from_utf8_lossy(&bytes).into_owned();
            }
            Some("layout_corrections") => {
                let max = assure_store::MAX_CORRECTIONS_BYTES;
                layout_corrections = read_field(&mut field, max, 0).await?;
            }
            Some("report") => {
                report_json = Some(read_field(&mut field, MAX_REPORT_BYTES, 0).await?);
            }
            _ => {}
        }
    }
    let json = json.ok_or_else(unreadable)?;
    // The report is a list of strings bounded in number and length (checked again by the
    // store); one that cannot be read is as unreadable as the plan.
    let report: Vec<ReportItem> = match report_json {
        Some(r) => serde_json::from_slice(&r).map_err(|_| unreadable())?,
        None => Vec::new(),
    };
    assure_domain::import_report::check(&report).map_err(|e| {
        Error::BadRequest(format!(
            "The plan's things to check could not be kept ({e}), so nothing was saved. Import the file again."
        ))
    })?;
    // The document is weighed before it is parsed, and parsed in its turn: both can
    // take tens of megabytes.
    assure_domain::document::check_json(&json).map_err(|e| {
        Error::BadRequest(format!(
            "The plan to create is too large ({e}), so nothing was saved."
        ))
    })?;
    let turn = turn(&state).await?;
    let axum::Json(doc) =
        axum::Json::<PlanDocument>::from_bytes(&json).map_err(|_| unreadable())?;
    drop(json);
    doc.validate().map_err(|e| {
        Error::BadRequest(format!(
            "The plan to create is not valid ({e}), so nothing was saved. Import the file again."
        ))
    })?;
    // The layout to keep is checked before anything is written.
    let layout = crate::views::import_layouts::layout_to_save(
        save_layout,
        &layout_name,
        &layout_signature,
        &layout_corrections,
        &doc.title,
    )
    .map_err(|e| {
        Error::BadRequest(format!(
            "The layout could not be kept: {e}. Nothing was saved; import the file again."
        ))
    })?;
    let actor = Actor::user(&me.user);
    let id = state
        .store
        .create_imported_plan(me.user.org_id, &doc, &report, &actor)
        .await?;
    drop((doc, turn));
    if let Some(l) = layout {
        crate::views::import_layouts::save(&state, &me, l).await?;
    }
    state
        .store
        .set_plan_role(id, me.user.id, PlanRole::Owner, &actor)
        .await?;
    Ok(Redirect::to(&format!("/plans/{id}")).into_response())
}
