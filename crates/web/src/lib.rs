//! The web app: an axum router over the [`Store`](assure_store::Store).
//!
//! [`router`] is apart from serving, so tests call it in-process. Every route is an entry
//! of the route table (`views::routes`), behind the guard in [`routing`] that checks the
//! person's access and CSRF before any handler runs.

pub mod assets;
pub mod auth;
pub mod components;
pub mod config;
pub mod error;
pub mod files;
mod fresh;
mod gzip_pieces;
pub mod password;
mod plan_cache;
mod recent;
pub mod routing;
mod security;
mod views;

use assure_domain::clock::Clock;
use assure_store::Store;
use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;

pub use config::WebConfig;
pub use error::Error;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub config: Arc<WebConfig>,
    /// Where evidence files are kept (a local folder when serving; in memory by default).
    pub files: Arc<dyn object_store::ObjectStore>,
    /// Plans as last read, while their revision stands.
    plans: Arc<plan_cache::PlanCache>,
    /// Rate limits on writes (per instance).
    pub(crate) limits: Arc<auth::limits::Limits>,
    /// Turns for imports: at most `config.max_concurrent_imports` are read at once.
    pub imports: Arc<tokio::sync::Semaphore>,
    /// What every request reads, kept for a moment (`fresh.rs`).
    pub(crate) recent: Arc<recent::Recent>,
    /// How long those are trusted: the configured window on SQLite, zero on PostgreSQL.
    trust: std::time::Duration,
}

impl AppState {
    /// A state with the default settings.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Self::with_config(store, clock, WebConfig::default())
    }

    /// A state with the given settings.
    pub fn with_config(store: Arc<dyn Store>, clock: Arc<dyn Clock>, config: WebConfig) -> Self {
        // Only this server writes a SQLite file, but for the CLI now and then; other
        // instances may write a PostgreSQL database at any moment, unseen by this one.
        let trust = if store.backend() == "sqlite" {
            config.read_trust
        } else {
            std::time::Duration::ZERO
        };
        Self {
            trust,
            recent: Arc::default(),
            store,
            clock,
            limits: Arc::new(auth::limits::Limits::new(config.rates)),
            imports: Arc::new(tokio::sync::Semaphore::new(
                config.max_concurrent_imports.max(1),
            )),
            config: Arc::new(config),
            files: Arc::new(object_store::memory::InMemory::new()),
            plans: Arc::default(),
        }
    }

    /// The store's count of writes and the trust window, taken before a read whose answer
    /// may be kept (`fresh.rs`).
    pub(crate) fn moment(&self) -> fresh::Moment {
        fresh::Moment {
            changes: self.store.changes(),
            window: self.trust,
        }
    }

    /// The plan `id` as it is now (from the held copy while no change has been recorded
    /// for it since).
    ///
    /// # Errors
    /// The store's, such as not found for an unknown plan.
    pub async fn plan(
        &self,
        id: uuid::Uuid,
    ) -> Result<Arc<assure_domain::model::StoredPlan>, Error> {
        let now = self.moment();
        Ok(self.plans.plan(self.store.as_ref(), id, now).await?)
    }

    /// The plan checks on `plan` as of today, kept with the copy of the plan they were
    /// worked out from.
    pub(crate) async fn checked(
        &self,
        plan: &Arc<assure_domain::model::StoredPlan>,
    ) -> Result<Arc<views::checks::findings::Checked>, Error> {
        let today = self.clock.today();
        if let Some(found) = self.plans.checked(plan, today) {
            return Ok(found);
        }
        let dismissals = self.store.dismissals(plan.id).await?;
        let found = Arc::new(views::checks::findings::run(plan, today, &dismissals));
        self.plans.keep_checked(plan, today, &found);
        Ok(found)
    }

    /// `render()` worked out from this copy of `plan`, or kept from an earlier request on
    /// the same copy under the same `key` (which must name everything else `render` reads).
    pub(crate) fn rendered<T: Send + Sync + 'static>(
        &self,
        plan: &Arc<assure_domain::model::StoredPlan>,
        key: String,
        render: impl FnOnce() -> Result<(T, usize), Error>,
    ) -> Result<Arc<T>, Error> {
        if let Some(kept) = self.plans.rendered(plan, &key) {
            return Ok(kept);
        }
        let (value, bytes) = render()?;
        let value = Arc::new(value);
        self.plans
            .keep_rendered(plan, key, Arc::clone(&value), bytes);
        Ok(value)
    }

    /// The same state, keeping evidence files in `files`.
    #[must_use]
    pub fn with_files(mut self, files: Arc<dyn object_store::ObjectStore>) -> Self {
        self.files = files;
        self
    }
}

/// The route table: every route, its method, and the access it needs.
pub fn route_table() -> Vec<routing::RouteDef> {
    views::all_routes()
}

/// Every route of the app, with the security headers on every response, and pages,
/// styles and scripts compressed (gzip or brotli, as the browser accepts).
///
/// Compression is safe from BREACH here because the one secret a page repeats, the CSRF
/// token, is masked afresh in every response (`auth::csrf::mask`).
pub fn router(state: AppState) -> Router {
    use tower_http::compression::predicate::{Predicate, SizeAbove};
    use tower_http::compression::{CompressionLayer, CompressionLevel};
    let config = state.config.clone();
    let app = routing::build(&state, route_table())
        .fallback(views::not_found)
        .with_state(state);
    let compress = CompressionLayer::new()
        .gzip(true)
        .br(true)
        // Brotli's own default (quality 11) costs a 140 KB page some 30 ms; 4 is as quick
        // as gzip's default and still smaller.
        .quality(CompressionLevel::Precise(4))
        .compress_when(SizeAbove::new(1024).and(compressible));
    security::headers(app, &config).layer(compress)
}

/// Text is worth compressing; evidence files (PDFs, images, Office files) already are.
fn compressible(
    _: axum::http::StatusCode,
    _: axum::http::Version,
    headers: &axum::http::HeaderMap,
    _: &axum::http::Extensions,
) -> bool {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            ct.starts_with("text/html")
                || ct.starts_with("text/css")
                || ct.starts_with("text/javascript")
                || ct.starts_with("image/svg+xml")
        })
}

/// Serves the app on `listener` until `shutdown` resolves.
///
/// Alongside, it clears expired sessions and old sign-in attempts once at start and then
/// hourly ([`auth::housekeeping`]); that stops with the server.
///
/// # Errors
/// When the server fails while serving.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // Dropping the sender (when the shutdown signal comes, or when serving fails and the
    // signal is dropped unfired) stops the housekeeping.
    let (stop, stopped) = tokio::sync::watch::channel(());
    let housekeeping = tokio::spawn(auth::housekeeping::run(
        state.store.clone(),
        state.files.clone(),
        auth::housekeeping::INTERVAL,
        stopped.clone(),
    ));
    // Rate limiters forget clients that have gone quiet, so memory stays flat.
    let limits = state.limits.clone();
    let mut limits_stop = stopped;
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            tokio::select! {
                _ = limits_stop.changed() => break,
                _ = ticks.tick() => limits.forget_idle(),
            }
        }
    });
    let shutdown = async move {
        shutdown.await;
        drop(stop);
    };
    let served = axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    if let Err(e) = housekeeping.await {
        tracing::warn!(error = %e, "housekeeping ended abnormally");
    }
    served
}
