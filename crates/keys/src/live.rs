//! The live key set: swapped atomically, read without locks.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use agentsec_sigv4::{BoxFuture, KeyResolveError, KeyResolver, VerificationKey};
use arc_swap::ArcSwap;

use crate::key_set::KeySet;
use crate::source::{KeySource, KeySourceError};

/// Counters of the reloader, for metrics.
#[derive(Debug, Default)]
pub struct ReloadStats {
    /// Key sets swapped in after a change.
    pub reloads: AtomicU64,
    /// Reload attempts that failed (the last good set stayed).
    pub failures: AtomicU64,
}

/// The current key set of a running service.
#[derive(Debug)]
pub struct LiveKeys {
    current: ArcSwap<KeySet>,
    stats: ReloadStats,
}

impl LiveKeys {
    /// Starts with `set`.
    pub fn new(set: KeySet) -> Arc<Self> {
        Arc::new(Self { current: ArcSwap::from_pointee(set), stats: ReloadStats::default() })
    }

    /// Loads the first set from `source`.
    ///
    /// # Errors
    /// Returns the source's error: a service must not start without keys.
    pub async fn load(source: &dyn KeySource) -> Result<Arc<Self>, KeySourceError> {
        let set = source.load().await?;
        tracing::info!(source = %source.describe(), keys = %set.describe(), "keys loaded");
        Ok(Self::new(set))
    }

    /// The current set.
    pub fn current(&self) -> Arc<KeySet> {
        self.current.load_full()
    }

    /// Swaps in a new set. Requests in flight keep the set they started with.
    pub fn store(&self, set: KeySet) {
        self.current.store(Arc::new(set));
    }

    /// The reloader's counters.
    pub fn stats(&self) -> &ReloadStats {
        &self.stats
    }
}

impl KeyResolver for LiveKeys {
    fn resolve<'a>(
        &'a self,
        access_key_id: &'a str,
    ) -> BoxFuture<'a, Result<Vec<Arc<VerificationKey>>, KeyResolveError>> {
        let found = self.current.load().lookup(access_key_id);
        Box::pin(std::future::ready(Ok(found)))
    }

    fn resolve_now(&self, access_key_id: &str) -> Option<Result<Vec<Arc<VerificationKey>>, KeyResolveError>> {
        Some(Ok(self.current.load().lookup(access_key_id)))
    }
}

/// Polls `source` every [`KeySource::poll_interval`] (with up to 10% random
/// jitter, so replicas do not poll in step) and swaps in each changed set.
/// A failed load keeps the last good set and is logged and counted.
pub fn spawn_reloader(source: Arc<dyn KeySource>, live: Arc<LiveKeys>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(jittered(source.poll_interval())).await;
            match source.load().await {
                Ok(set) if set.same_keys(&live.current()) => {}
                Ok(set) => {
                    tracing::info!(event = "keys_reloaded", source = %source.describe(), keys = %set.describe(), "key set reloaded");
                    live.store(set);
                    live.stats.reloads.fetch_add(1, Ordering::Relaxed);
                }
                Err(error) => {
                    let failures = live.stats.failures.fetch_add(1, Ordering::Relaxed) + 1;
                    tracing::warn!(
                        event = "key_reload_failed",
                        source = %source.describe(),
                        %error,
                        failures,
                        "key reload failed, keeping the last good key set"
                    );
                }
            }
        }
    })
}

fn jittered(interval: Duration) -> Duration {
    let mut byte = [0u8; 1];
    let fraction = match getrandom::fill(&mut byte) {
        Ok(()) => f64::from(byte[0]) / 255.0,
        Err(_) => 0.5,
    };
    interval.mul_f64(0.9 + 0.2 * fraction)
}
