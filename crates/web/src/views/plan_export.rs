//! The whole plan to download (`/plans/{id}/export?format=docx|xlsx|json`): Word or
//! Excel to edit and import again, or the plan document. Offered on the Reports page.
//! Whoever may read the plan may download it: it holds what the plan's pages show.

use crate::Error;
use crate::routing::{Access, RouteDef};
use crate::views::page::PlanPage;
use assure_domain::roles::Permission;
use assure_report::plan_export::{self, PlanFormat};
use axum::extract::Query;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub(crate) fn routes() -> Vec<RouteDef> {
    vec![RouteDef::get(
        "/plans/{plan_id}/export",
        Access::Plan(Permission::ViewPlan),
        download,
    )]
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct ExportQuery {
    format: Option<String>,
}

#[tracing::instrument(name = "web.views.plan_export.download", skip_all)]
pub(crate) async fn download(
    PlanPage { state, access, .. }: PlanPage,
    Query(q): Query<ExportQuery>,
) -> Result<Response, Error> {
    let plan = state.plan(access.plan_id).await?;
    let doc = plan.to_document();
    let format = q.format.as_deref().unwrap_or("");
    let (bytes, media, name) = if format == "json" {
        let json = serde_json::to_vec_pretty(&doc).map_err(|e| Error::Internal(Box::new(e)))?;
        let name = PlanFormat::Xlsx
            .file_name(&doc)
            .replace("-whole-plan.xlsx", "-plan.json");
        (json, "application/json", name)
    } else {
        let Ok(format) = PlanFormat::parse(format) else {
            return Ok((
                StatusCode::BAD_REQUEST,
                "Choose a format: docx, xlsx or json.",
            )
                .into_response());
        };
        let name = format.file_name(&doc);
        let bytes = tokio::task::spawn_blocking(move || plan_export::render(&doc, format))
            .await
            .map_err(|e| Error::Internal(Box::new(e)))?
            .map_err(|e| Error::Internal(Box::new(e)))?;
        (bytes, format.content_type(), name)
    };
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}
