//! Axon: the reasoning service. Every request on the main listener is
//! SigV4-verified, then authorized, before a handler runs.

#![forbid(unsafe_code)]
#![allow(clippy::print_stderr)]

mod app;
mod config;
mod events;
mod metrics;
mod policy;
mod replay_redis;
mod routes;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use agentsec_sigv4::{InMemoryReplayStore, Verifier, VerifierConfig};
use anyhow::Context;
use clap::Parser;

use crate::config::Config;
use crate::metrics::Metrics;
use crate::policy::Policy;
use crate::routes::AppState;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let config = Config::parse();
    agentsec_service::logging::init_json_logging();
    match run(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "axon failed");
            eprintln!("axon: {error:#}");
            std::process::ExitCode::from(1)
        }
    }
}

async fn run(config: Config) -> anyhow::Result<()> {
    let keys = agentsec_service::keys::load_and_watch(&config.keys).await?;
    let policy = match &config.policy {
        Some(path) => Policy::load(path)?,
        None => Policy::default_policy(),
    };
    let metrics = Arc::new(Metrics::new(keys.clone()));
    let state = AppState { policy: Arc::new(policy), metrics: metrics.clone() };

    let verifier = if config.insecure_no_verify {
        tracing::warn!("SigV4 verification is OFF (--insecure-no-verify): benchmark baseline only");
        None
    } else {
        Some(Arc::new(build_verifier(&config, keys).await?))
    };

    let timeout = Duration::from_secs(config.request_timeout_seconds);
    let main = app::main_router(state, verifier, timeout);
    let admin = app::admin_router(metrics);

    let main_listener = bind(config.listen, "main").await?;
    let admin_listener = bind(config.admin_listen, "admin").await?;
    tracing::info!(
        listen = %config.listen,
        admin_listen = %config.admin_listen,
        regions = ?config.region,
        services = ?config.service,
        replay_store = %config.replay_store,
        "axon started"
    );

    let header_timeout = Duration::from_secs(config.header_timeout_seconds);
    let (stop_admin, admin_stopped) = tokio::sync::oneshot::channel::<()>();
    let admin_task = tokio::spawn(agentsec_service::serve::serve(admin_listener, admin, header_timeout, async move {
        let _ = admin_stopped.await;
    }));

    agentsec_service::serve::serve(main_listener, main, header_timeout, agentsec_service::shutdown::signal()).await;
    let _ = stop_admin.send(());
    admin_task.await.context("admin listener task failed")?;
    tracing::info!("axon stopped");
    Ok(())
}

async fn build_verifier(config: &Config, keys: Arc<agentsec_keys::LiveKeys>) -> anyhow::Result<Verifier> {
    let policy = VerifierConfig::new(config.region.clone(), config.service.clone())
        .with_clock_skew(Duration::from_secs(config.clock_skew_seconds))
        .with_max_body_bytes(config.max_body_bytes);
    let verifier = Verifier::new(policy, keys);
    if config.replay_store == "memory" {
        return Ok(verifier.with_replay_store(InMemoryReplayStore::new(config.replay_capacity)));
    }
    if config.replay_store.starts_with("redis://") {
        let store = replay_redis::RedisReplayStore::connect(&config.replay_store).await?;
        return Ok(verifier.with_replay_store(store));
    }
    anyhow::bail!("invalid --replay-store {:?}: use memory or redis://HOST:PORT", config.replay_store)
}

async fn bind(addr: SocketAddr, name: &str) -> anyhow::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr} ({name} listener)"))
}
