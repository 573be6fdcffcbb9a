//! The health check (assets themselves are served by `crate::assets`).

pub(crate) async fn healthz() -> &'static str {
    "ok"
}
