//! `bootstrap`: the rotation function's executable for the provided.al2023
//! Lambda runtime. Logs go to stdout as JSON lines (CloudWatch Logs), at
//! `info` unless `RUST_LOG` sets another filter.

#![forbid(unsafe_code)]

use agentsec_rotation_lambda::{HandlerConfig, RotationEvent, RotationHandler, diagnostic};
use lambda_runtime::{LambdaEvent, service_fn};

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt().json().with_env_filter(filter).with_current_span(false).without_time().init();

    // A configuration error stops the function at start, so every
    // invocation fails with the message instead of rotating half-configured.
    let config = HandlerConfig::from_env()?;
    let handler = RotationHandler::from_config(&config).await.map_err(|error| error.to_string())?;
    tracing::info!(
        receivers = config.check_urls.len(),
        test_timeout_seconds = config.test_timeout.as_secs(),
        "rotation function started"
    );

    lambda_runtime::run(service_fn(|event: LambdaEvent<RotationEvent>| {
        let handler = &handler;
        async move { handler.handle(&event.payload).await.map(|_| ()).map_err(|error| diagnostic(&error)) }
    }))
    .await
}
