//! `assure serve`: the web app.

use crate::cli::{Global, ServeArgs};
use crate::config::{database_url, open_store};
use crate::failure::Failure;
use assure_domain::clock::SystemClock;
use assure_web::{AppState, WebConfig};
use std::sync::Arc;

pub async fn run(global: &Global, args: ServeArgs) -> Result<(), Failure> {
    // Checked before the store is opened, so bad input changes nothing. The public URL
    // makes cookies Secure and turns on HSTS when it is https, and is the origin forms
    // are trusted from behind a proxy that rewrites Host.
    let config = WebConfig {
        trusted_proxies: args.trusted_proxies.clone(),
        ..WebConfig::default()
    }
    .with_public_url(args.public_url.as_deref())
    .map_err(Failure::input)?;
    let mailer = super::remind::mailer(&args.mail)?;
    let links = super::remind::public_url(args.public_url.as_deref())?;
    if !(1..=24 * 60).contains(&args.remind_every) {
        return Err(Failure::input(
            "--remind-every must be between 1 and 1440 minutes",
        ));
    }
    let demo = if args.demo {
        let mut plan = crate::demo::plan_with(args.demo_actions).map_err(Failure::input)?;
        if let Some(n) = args.demo_measures {
            crate::demo_measures::grow(&mut plan, n).map_err(Failure::input)?;
        }
        Some(plan)
    } else {
        None
    };
    let store = open_store(global).await?;
    if let Some(plan) = &demo
        && store.plans(None).await?.is_empty()
    {
        crate::demo::load(store.as_ref(), plan).await?;
        tracing::info!(
            actions = crate::demo_grow::count(plan),
            "loaded the demo council"
        );
    }
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .map_err(|e| Failure::other(format!("cannot listen on {}: {e}", args.bind)))?;
    let url = assure_store::redact_url(&database_url(global));
    tracing::info!(store = %url, "Assure is running at http://{}/", args.bind);
    // Evidence keys are `evidence/<sha256>`, so files land in <data dir>/evidence/.
    let evidence_dir = global.data_dir.join("evidence");
    std::fs::create_dir_all(&evidence_dir)
        .map_err(|e| Failure::other(format!("cannot create {}: {e}", evidence_dir.display())))?;
    let files = object_store::local::LocalFileSystem::new_with_prefix(&global.data_dir)
        .map_err(|e| Failure::other(format!("cannot use {}: {e}", global.data_dir.display())))?;
    match mailer {
        Some(mailer) => {
            tracing::info!(server = %mailer.server, every_minutes = args.remind_every, "sending reminder emails");
            tokio::spawn(crate::scheduler::run(
                store.clone(),
                mailer,
                links,
                std::time::Duration::from_secs(args.remind_every * 60),
            ));
        }
        None => tracing::info!(
            "no --smtp-url: reminder emails are not sent (the home page still shows them)"
        ),
    }
    let state =
        AppState::with_config(store, Arc::new(SystemClock), config).with_files(Arc::new(files));
    assure_web::serve(listener, state, shutdown_signal())
        .await
        .map_err(|e| Failure::other(format!("the server stopped: {e}")))
}

/// Ctrl-C, or SIGTERM from a service manager.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
    tracing::info!("shutting down");
}
