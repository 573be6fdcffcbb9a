//! Add evidence — a link with a title, or an uploaded file — and download a file.
//!
//! Files are accepted by extension and by their first bytes (see [`crate::files`]),
//! limited in size by `max_upload_bytes`, kept in the object store under the hash of
//! their content, and served only as attachments, to people who can see the plan.

use crate::auth::CurrentUser;
use crate::components::Link;
use crate::files;
use crate::routing::{Access, PlanAccess, RouteDef, only};
use crate::views::chrome::Chrome;
use crate::views::form::FieldErrors;
use crate::views::locate::{ActionPath, Located, locate};
use crate::views::page::PlanPage;
use crate::{AppState, Error};
use askama::Template;
use askama_web::WebTemplate;
use assure_domain::model::{Actor, EvidenceKind};
use assure_domain::roles::Permission;
use assure_store::NewEvidence;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;
use uuid::Uuid;

/// Room for the form's other fields and the multipart framing around the file.
const FRAMING_BYTES: usize = 64 * 1024;
/// The longest title or address accepted: the store's limits, checked here first to
/// say which field is wrong.
const MAX_TITLE_CHARS: usize = assure_domain::input::MAX_EVIDENCE_TITLE_CHARS;
const MAX_URL_CHARS: usize = assure_domain::input::MAX_URL_CHARS;

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    let path = "/plans/{plan_id}/actions/{action_id}/evidence";
    let access = Access::Plan(Permission::AddEvidence);
    vec![
        RouteDef {
            method: Method::GET,
            path,
            access,
            handler: only(Method::GET, get),
        },
        RouteDef {
            method: Method::POST,
            path,
            access,
            // The handler limits the body to the configured upload size itself.
            handler: only(Method::POST, post).layer(DefaultBodyLimit::disable()),
        },
        RouteDef::get(
            "/plans/{plan_id}/evidence/{evidence_id}",
            Access::Plan(Permission::ViewPlan),
            download,
        ),
    ]
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct LinkForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    url: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "evidence.html")]
pub(crate) struct EvidencePage {
    chrome: Chrome,
    csrf_token: String,
    breadcrumbs: Vec<Link>,
    action_url: String,
    action_text: String,
    link: LinkForm,
    file_title: String,
    errors: FieldErrors,
    max_size: String,
    allowed: &'static str,
}

fn page(
    state: &AppState,
    me: &CurrentUser,
    located: &Located,
    link: LinkForm,
    file_title: String,
    errors: FieldErrors,
) -> EvidencePage {
    let mut breadcrumbs = located.breadcrumbs(false);
    breadcrumbs.push(Link::text("Add evidence"));
    EvidencePage {
        chrome: Chrome::for_user(me, "plans"),
        csrf_token: me.csrf_token.clone(),
        breadcrumbs,
        action_url: located.action_url(),
        action_text: crate::views::naming::words(located.action()),
        link,
        file_title,
        errors,
        max_size: megabytes(state.config.max_upload_bytes),
        allowed: files::ALLOWED_TEXT,
    }
}

fn megabytes(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{}MB", bytes / (1024 * 1024))
    } else {
        format!("{}KB", bytes.div_ceil(1024))
    }
}

async fn located_for_evidence(
    state: &AppState,
    access: &PlanAccess,
    me: &CurrentUser,
    action_id: Uuid,
) -> Result<Located, Error> {
    let located = locate(state, access, action_id).await?;
    access.require(
        Permission::AddEvidence,
        located.action().is_led_by(me.user.id),
    )?;
    Ok(located)
}

#[tracing::instrument(name = "web.views.evidence.get", skip_all)]
pub(crate) async fn get(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<ActionPath>,
) -> Result<EvidencePage, Error> {
    let located = located_for_evidence(&state, &access, &me, path.action_id).await?;
    Ok(page(
        &state,
        &me,
        &located,
        LinkForm::default(),
        String::new(),
        FieldErrors::default(),
    ))
}

fn unprocessable(p: EvidencePage) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, p).into_response()
}

#[tracing::instrument(name = "web.views.evidence.post", skip_all)]
pub(crate) async fn post(
    PlanPage { state, access, me }: PlanPage,
    Path(path): Path<ActionPath>,
    req: Request,
) -> Result<Response, Error> {
    let located = located_for_evidence(&state, &access, &me, path.action_id).await?;
    let is_multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("multipart/form-data"));
    if is_multipart {
        upload(&state, &me, &located, req).await
    } else {
        let Form(form) = Form::<LinkForm>::from_request(req, &state)
            .await
            .map_err(|_| Error::BadRequest("That form could not be read.".into()))?;
        add_link(&state, &me, &located, form).await
    }
}

async fn add_link(
    state: &AppState,
    me: &CurrentUser,
    located: &Located,
    form: LinkForm,
) -> Result<Response, Error> {
    let title = form.title.trim().to_string();
    let url = form.url.trim().to_string();
    let mut errors = FieldErrors::default();
    if title.is_empty() {
        errors.add("title", "Enter a title for the link");
    } else if title.chars().count() > MAX_TITLE_CHARS {
        errors.add(
            "title",
            format!("The title must be {MAX_TITLE_CHARS} characters or fewer"),
        );
    }
    if url.is_empty() {
        errors.add("url", "Enter the web address of the evidence");
    } else if url.chars().count() > MAX_URL_CHARS || !assure_domain::input::is_web_address(&url) {
        errors.add("url", "Enter a web address starting with https:// or http://, like https://intranet.example/report");
    }
    if errors.has("title") || errors.has("url") {
        return Ok(unprocessable(page(
            state,
            me,
            located,
            form,
            String::new(),
            errors,
        )));
    }
    state
        .store
        .add_evidence(
            located.action().id,
            NewEvidence::link(title, url),
            &Actor::user(&me.user),
        )
        .await?;
    Ok(Redirect::to(&format!("{}?done=evidence", located.action_url())).into_response())
}

async fn upload(
    state: &AppState,
    me: &CurrentUser,
    located: &Located,
    req: Request,
) -> Result<Response, Error> {
    let limit = state.config.max_upload_bytes;
    let req = req.map(|b| Body::new(http_body_util::Limited::new(b, limit + FRAMING_BYTES)));
    let mut multipart = Multipart::from_request(req, state)
        .await
        .map_err(|_| Error::BadRequest("That upload could not be read.".into()))?;
    let too_large_or_bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Error::TooLarge
        } else {
            Error::BadRequest("That upload could not be read.".into())
        }
    };
    let mut title = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(mut field) = multipart.next_field().await.map_err(too_large_or_bad)? {
        match field.name().unwrap_or("") {
            "file_title" => {
                title = field.text().await.map_err(too_large_or_bad)?;
            }
            "file" => {
                let name = field.file_name().unwrap_or("").to_string();
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(too_large_or_bad)? {
                    if bytes.len() + chunk.len() > limit {
                        return Err(Error::TooLarge);
                    }
                    bytes.extend_from_slice(&chunk);
                }
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    let title = title.trim().to_string();
    let mut errors = FieldErrors::default();
    if title.chars().count() > MAX_TITLE_CHARS {
        errors.add(
            "file_title",
            format!("The title must be {MAX_TITLE_CHARS} characters or fewer"),
        );
    }
    let accepted = match &file {
        None => {
            errors.add("file", "Select a file");
            None
        }
        Some((name, bytes)) if name.is_empty() || bytes.is_empty() => {
            errors.add("file", "Select a file");
            None
        }
        Some((name, bytes)) => {
            let safe = files::sanitise_name(name);
            match files::accept(&safe, bytes) {
                Some(content_type) => Some((safe, content_type)),
                None => {
                    errors.add(
                        "file",
                        format!("The selected file must be a {}", files::ALLOWED_TEXT),
                    );
                    None
                }
            }
        }
    };
    let (Some((name, content_type)), true) = (accepted, !errors.has("file_title")) else {
        return Ok(unprocessable(page(
            state,
            me,
            located,
            LinkForm::default(),
            title,
            errors,
        )));
    };
    let bytes = file.map(|(_, b)| b).unwrap_or_default();
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    // Recorded before the bytes are kept, so no file is ever kept without a record (the
    // housekeeping removes recorded files nothing points to).
    let key = files::key_for(&bytes);
    state.store.record_file(&key, located.plan.org_id).await?;
    files::put(state.files.as_ref(), bytes)
        .await
        .map_err(|e| Error::Internal(Box::new(e)))?;
    state
        .store
        .add_evidence(
            located.action().id,
            NewEvidence::file(title, key, name, content_type, size),
            &Actor::user(&me.user),
        )
        .await?;
    Ok(Redirect::to(&format!("{}?done=evidence", located.action_url())).into_response())
}

#[derive(Debug, Deserialize)]
pub(crate) struct EvidencePath {
    #[allow(dead_code)]
    plan_id: Uuid,
    evidence_id: Uuid,
}

/// `filename*=UTF-8''…`: every byte but letters, digits and `-._~` percent-encoded.
fn encode_filename(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// An ASCII stand-in for old clients: anything else becomes `_`.
fn ascii_filename(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | ' ' | '(' | ')') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[tracing::instrument(name = "web.views.evidence.download", skip_all)]
pub(crate) async fn download(
    State(state): State<AppState>,
    Extension(access): Extension<PlanAccess>,
    Path(path): Path<EvidencePath>,
) -> Result<Response, Error> {
    let (evidence, _action_id, plan_id, _org_id) = state.store.evidence(path.evidence_id).await?;
    // Evidence of another plan does not exist as far as this plan's address goes.
    if plan_id != access.plan_id || evidence.kind != EvidenceKind::File {
        return Err(Error::NotFound);
    }
    let key = evidence.file_key.as_deref().ok_or(Error::NotFound)?;
    let bytes = match files::get(state.files.as_ref(), key).await {
        Ok(b) => b,
        Err(object_store::Error::NotFound { .. }) => return Err(Error::NotFound),
        Err(e) => return Err(Error::Internal(Box::new(e))),
    };
    let name = files::sanitise_name(evidence.file_name.as_deref().unwrap_or("evidence"));
    let content_type = evidence
        .content_type
        .as_deref()
        .filter(|t| files::is_allowed_type(t))
        .unwrap_or("application/octet-stream");
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        ascii_filename(&name),
        encode_filename(&name)
    );
    let mut res = Response::new(Body::from(bytes));
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}

/// A piece of evidence as the page lists it.
pub(crate) struct EvidenceView {
    pub title: String,
    /// A link's address, or the file's download route.
    pub href: Option<String>,
    pub is_file: bool,
    pub detail: String,
    /// The page that removes it, for those who may.
    pub remove_href: Option<String>,
}

/// The action's evidence as pages show it; `remover` (the person, and whether they may
/// change the plan) adds a link to remove what they may remove.
pub(crate) fn evidence_views(
    plan_id: Uuid,
    a: &assure_domain::model::StoredAction,
    remover: Option<(Uuid, bool)>,
) -> Vec<EvidenceView> {
    a.evidence
        .iter()
        .map(|e| {
            let mut v = evidence_view(plan_id, e);
            v.remove_href = remover
                .filter(|(me, owner)| crate::views::evidence_remove::may_remove(e, *me, *owner))
                .map(|_| format!("/plans/{plan_id}/actions/{}/evidence/{}/remove", a.id, e.id));
            v
        })
        .collect()
}

fn evidence_view(plan_id: Uuid, e: &assure_domain::model::StoredEvidence) -> EvidenceView {
    match e.kind {
        assure_domain::model::EvidenceKind::File => EvidenceView {
            title: e.title.clone(),
            href: Some(format!("/plans/{plan_id}/evidence/{}", e.id)),
            is_file: true,
            detail: format!(
                "File{}, added {}",
                e.size
                    .map(|s| format!(", {}", crate::views::format::file_size(s)))
                    .unwrap_or_default(),
                crate::views::format::day(assure_domain::clock::uk_date(e.created_at))
            ),
            remove_href: None,
        },
        assure_domain::model::EvidenceKind::Link => EvidenceView {
            title: e.title.clone(),
            // Only web addresses become links: a reference as the plan wrote it
            // stays text.
            href: e
                .url
                .clone()
                .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
            is_file: false,
            detail: format!(
                "Link, added {}",
                crate::views::format::day(assure_domain::clock::uk_date(e.created_at))
            ),
            remove_href: None,
        },
    }
}
