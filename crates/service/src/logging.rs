//! One JSON object per log line on stdout, with event fields at the top
//! level (`{"timestamp":..., "level":"WARN", "event":"sigv4_rejected",
//! "reason":"replayed", ...}`), so that CloudWatch Logs metric filters can
//! match `$.event` and `$.reason`.

/// Installs the JSON subscriber. `RUST_LOG` overrides the default `info`
/// level.
pub fn init_json_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(false)
        .with_span_list(false)
        .with_target(false)
        .with_env_filter(filter)
        .init();
}
