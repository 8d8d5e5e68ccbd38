//! Axon's Prometheus metrics, served on the admin listener's `/metrics`.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use agentsec_keys::LiveKeys;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// Labels of the verification counter.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct VerificationLabels {
    /// `accepted` or `rejected`.
    pub result: &'static str,
    /// The reason code of a rejection, `none` when accepted.
    pub reason: &'static str,
}

/// The metrics Axon records.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    /// Requests by verification result and reason.
    pub verifications: Family<VerificationLabels, Counter>,
    /// Verified requests denied by the authorization policy.
    pub authz_denied: Counter,
    /// Time from request start to response on the main listener, seconds.
    pub latency: Histogram,
    keys: Arc<LiveKeys>,
}

impl Metrics {
    /// Registers the metrics; key reload counters are read from `keys`.
    pub fn new(keys: Arc<LiveKeys>) -> Self {
        let mut registry = Registry::default();
        let verifications = Family::<VerificationLabels, Counter>::default();
        registry.register("axon_sigv4_requests", "Requests by SigV4 verification result and reason", verifications.clone());
        let authz_denied = Counter::default();
        registry.register("axon_authz_denied", "Verified requests denied by the authorization policy", authz_denied.clone());
        let latency = Histogram::new(exponential_buckets(0.000_05, 2.0, 18));
        registry.register("axon_request_duration_seconds", "Main listener request latency", latency.clone());
        Self { registry, verifications, authz_denied, latency, keys }
    }

    /// Counts a verification outcome.
    pub fn record_verification(&self, result: &'static str, reason: &'static str) {
        self.verifications.get_or_create(&VerificationLabels { result, reason }).inc();
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        if encode(&mut out, &self.registry).is_err() {
            return "# metrics encoding failed\n".to_owned();
        }
        // Key reload counters live in the key set; append them before the
        // OpenMetrics end marker.
        let end = out.rfind("# EOF").unwrap_or(out.len());
        let stats = self.keys.stats();
        let extra = format!(
            "# HELP axon_key_reloads Key sets swapped in after a change.\n# TYPE axon_key_reloads counter\naxon_key_reloads_total {}\n\
             # HELP axon_key_reload_failures Key reloads that failed; the last good key set stayed.\n# TYPE axon_key_reload_failures counter\naxon_key_reload_failures_total {}\n",
            stats.reloads.load(Ordering::Relaxed),
            stats.failures.load(Ordering::Relaxed),
        );
        out.insert_str(end, &extra);
        out
    }
}
