//! Orbit: the dispatcher. `POST /dispatch` signs a call to Axon with the
//! current key (SigV4, body included) and returns Axon's response.

#![forbid(unsafe_code)]
#![allow(clippy::print_stderr)]

mod config;
mod dispatch;

use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::routing::{get, post};
use clap::Parser;
use tower_http::limit::RequestBodyLimitLayer;

use crate::config::Config;
use crate::dispatch::Dispatcher;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let config = Config::parse();
    agentsec_service::logging::init_json_logging();
    match run(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "orbit failed");
            eprintln!("orbit: {error:#}");
            std::process::ExitCode::from(1)
        }
    }
}

async fn run(config: Config) -> anyhow::Result<()> {
    let keys = agentsec_service::keys::load_and_watch(&config.keys).await?;
    let axon = reqwest::Url::parse(&config.axon_url).with_context(|| format!("invalid --axon-url {}", config.axon_url))?;
    let reason_url = axon.join("reason").with_context(|| format!("invalid --axon-url {}", config.axon_url))?;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(config.request_timeout_seconds))
        .build()
        .context("cannot build the HTTP client")?;

    let dispatcher = Dispatcher {
        keys,
        client,
        reason_url: reason_url.to_string(),
        region: config.region.clone(),
        service: config.service.clone(),
    };
    let app = Router::new()
        .route("/dispatch", post(dispatch::dispatch))
        .route("/healthz", get(|| async { axum::Json(serde_json::json!({"status": "ok"})) }))
        .layer(RequestBodyLimitLayer::new(config.max_body_bytes))
        .with_state(dispatcher);

    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    tracing::info!(listen = %config.listen, axon_url = %reason_url, "orbit started");
    let header_timeout = Duration::from_secs(config.header_timeout_seconds);
    agentsec_service::serve::serve(listener, app, header_timeout, agentsec_service::shutdown::signal()).await;
    tracing::info!("orbit stopped");
    Ok(())
}
