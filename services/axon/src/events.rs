//! Security events: one structured log line and one metric increment per
//! verification outcome that matters.

use std::net::SocketAddr;
use std::sync::Arc;

use agentsec_service::correlation;
use agentsec_sigv4::{SecurityObserver, VerifiedIdentity, VerifyError};
use axum::extract::ConnectInfo;
use http::request::Parts;

use crate::metrics::Metrics;

/// Paths longer than this are cut in log lines.
const MAX_LOGGED_PATH: usize = 256;

/// Logs `sigv4_rejected` events and counts every outcome.
#[derive(Debug, Clone)]
pub struct AxonObserver {
    metrics: Arc<Metrics>,
}

impl AxonObserver {
    /// Creates the observer.
    pub fn new(metrics: Arc<Metrics>) -> Self {
        Self { metrics }
    }
}

/// The peer address recorded by the server, or an empty string.
pub fn peer(parts: &Parts) -> String {
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|info| info.0.to_string()).unwrap_or_default()
}

/// The path, cut to a bounded length.
pub fn logged_path(parts: &Parts) -> &str {
    let path = parts.uri.path();
    match path.char_indices().nth(MAX_LOGGED_PATH) {
        Some((cut, _)) => &path[..cut],
        None => path,
    }
}

impl SecurityObserver for AxonObserver {
    fn rejected(&self, parts: &Parts, error: &VerifyError) {
        let reason = error.reason().code();
        tracing::warn!(
            event = "sigv4_rejected",
            reason,
            access_key_id = error.access_key_id().unwrap_or(""),
            correlation_id = %correlation::for_log(&parts.headers),
            peer = %peer(parts),
            method = %parts.method,
            path = logged_path(parts),
            "request rejected"
        );
        self.metrics.record_verification("rejected", reason);
    }

    fn accepted(&self, parts: &Parts, identity: &VerifiedIdentity) {
        tracing::debug!(
            event = "sigv4_accepted",
            access_key_id = %identity.access_key_id,
            key_name = %identity.key_name,
            correlation_id = %correlation::for_log(&parts.headers),
            "request verified"
        );
        self.metrics.record_verification("accepted", "none");
    }
}
