//! Replay protection: a signature accepted once is rejected on every later
//! use within its validity window.
//!
//! A signature is valid while the request date is within the clock-skew
//! window (header authentication) or until `X-Amz-Date + X-Amz-Expires`
//! (presigned URLs). The verifier checks the store before accepting a request
//! and records each accepted signature until then; only signatures that verified are
//! recorded, so an attacker cannot fill the store without a valid key.
//!
//! [`InMemoryReplayStore`] keeps at most `capacity` signatures. When it is
//! full of signatures that have not yet expired it fails closed: the request
//! is rejected with `replay_store_unavailable` (HTTP 503) rather than
//! accepted unrecorded. Size it for your request rate times the validity
//! window (1,000 requests per second with a 5-minute skew needs about
//! 600,000 entries, since a request dated up to 5 minutes ahead stays valid
//! for 10). The [`ReplayStore`] trait lets several replicas share a store.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::keys::BoxFuture;

/// The key a signature is recorded under.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReplayKey([u8; 32]);

impl ReplayKey {
    pub(crate) fn new(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The bytes, for stores that serialize the key (for example as a Redis
    /// key). A signature is not a secret, but it should not be logged.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl std::fmt::Debug for ReplayKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReplayKey(..)")
    }
}

/// The result of a replay-store check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplayOutcome {
    /// First use: the signature is now recorded.
    Fresh,
    /// The signature was already recorded and has not expired.
    Replayed,
}

/// A replay store that failed to check a signature. The verifier rejects the request.
#[derive(Debug, thiserror::Error)]
pub enum ReplayStoreError {
    /// The store contains its maximum number of unexpired signatures.
    #[error("replay store is full ({capacity} unexpired signatures)")]
    Full {
        /// The configured capacity.
        capacity: usize,
    },
    /// The store's backend failed or is unreachable.
    #[error("replay store unavailable: {0}")]
    Unavailable(String),
}

/// Records accepted signatures and reports replays.
pub trait ReplayStore: Send + Sync + 'static {
    /// Atomically checks whether `key` is recorded and, if not, records it
    /// until `expires_at`.
    fn check_and_record<'a>(
        &'a self,
        key: ReplayKey,
        expires_at: SystemTime,
        now: SystemTime,
    ) -> BoxFuture<'a, Result<ReplayOutcome, ReplayStoreError>>;

    /// Checks and records without awaiting, when the store can (an in-process store
    /// always can). The verifier tries this first and falls back to
    /// [`ReplayStore::check_and_record`] on `None`.
    fn check_and_record_now(
        &self,
        _key: ReplayKey,
        _expires_at: SystemTime,
        _now: SystemTime,
    ) -> Option<Result<ReplayOutcome, ReplayStoreError>> {
        None
    }
}

const SHARDS: usize = 16;

/// The default capacity of [`InMemoryReplayStore`]: about 40 MB at most.
pub const DEFAULT_REPLAY_CAPACITY: usize = 1_000_000;

/// A bounded in-process replay store, sharded to limit lock contention.
#[derive(Debug)]
pub struct InMemoryReplayStore {
    shards: Vec<Mutex<Shard>>,
    shard_capacity: usize,
    capacity: usize,
}

#[derive(Debug, Default)]
struct Shard {
    /// Signature prefix -> expiry in Unix seconds. A 128-bit prefix of an
    /// HMAC-SHA256 output does not collide in practice.
    entries: HashMap<u128, u64>,
}

impl InMemoryReplayStore {
    /// Creates a store of at most `capacity` signatures (rounded up
    /// to a multiple of its shard count).
    pub fn new(capacity: usize) -> Self {
        let shard_capacity = capacity.div_ceil(SHARDS).max(1);
        Self {
            shards: (0..SHARDS).map(|_| Mutex::new(Shard::default())).collect(),
            shard_capacity,
            capacity: shard_capacity * SHARDS,
        }
    }

    /// The maximum number of signatures held.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The number of signatures held now, expired ones included until the
    /// next purge.
    pub fn len(&self) -> usize {
        self.shards.iter().map(|shard| lock(shard).entries.len()).sum()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn record(&self, key: ReplayKey, expires_at: SystemTime, now: SystemTime) -> Result<ReplayOutcome, ReplayStoreError> {
        let prefix = u128::from_le_bytes(key.0[..16].try_into().unwrap_or([0; 16]));
        let index = (key.0[16] as usize) % SHARDS;
        let now_seconds = unix_seconds(now);
        let mut shard = lock(&self.shards[index]);

        if let Some(expiry) = shard.entries.get(&prefix)
            && *expiry >= now_seconds
        {
            return Ok(ReplayOutcome::Replayed);
        }

        if shard.entries.len() >= self.shard_capacity && !shard.entries.contains_key(&prefix) {
            shard.entries.retain(|_, expiry| *expiry >= now_seconds);
            if shard.entries.len() >= self.shard_capacity {
                return Err(ReplayStoreError::Full { capacity: self.capacity });
            }
        }
        shard.entries.insert(prefix, unix_seconds(expires_at));
        Ok(ReplayOutcome::Fresh)
    }
}

impl Default for InMemoryReplayStore {
    fn default() -> Self {
        Self::new(DEFAULT_REPLAY_CAPACITY)
    }
}

impl ReplayStore for InMemoryReplayStore {
    fn check_and_record<'a>(
        &'a self,
        key: ReplayKey,
        expires_at: SystemTime,
        now: SystemTime,
    ) -> BoxFuture<'a, Result<ReplayOutcome, ReplayStoreError>> {
        Box::pin(std::future::ready(self.record(key, expires_at, now)))
    }

    fn check_and_record_now(
        &self,
        key: ReplayKey,
        expires_at: SystemTime,
        now: SystemTime,
    ) -> Option<Result<ReplayOutcome, ReplayStoreError>> {
        Some(self.record(key, expires_at, now))
    }
}

/// A store that records nothing and never reports a replay. For benchmarks
/// and for deployments that accept replays knowingly; never the default.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoReplayProtection;

impl ReplayStore for NoReplayProtection {
    fn check_and_record<'a>(
        &'a self,
        _key: ReplayKey,
        _expires_at: SystemTime,
        _now: SystemTime,
    ) -> BoxFuture<'a, Result<ReplayOutcome, ReplayStoreError>> {
        Box::pin(std::future::ready(Ok(ReplayOutcome::Fresh)))
    }

    fn check_and_record_now(
        &self,
        _key: ReplayKey,
        _expires_at: SystemTime,
        _now: SystemTime,
    ) -> Option<Result<ReplayOutcome, ReplayStoreError>> {
        Some(Ok(ReplayOutcome::Fresh))
    }
}

fn lock(shard: &Mutex<Shard>) -> std::sync::MutexGuard<'_, Shard> {
    // Entries are plain data inserted whole, so a poisoned lock holds no
    // half-written state.
    shard.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn unix_seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn key(byte: u8, shard: u8) -> ReplayKey {
        let mut bytes = [byte; 32];
        bytes[16] = shard;
        ReplayKey(bytes)
    }

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn second_use_is_replayed() {
        let store = InMemoryReplayStore::new(64);
        assert_eq!(store.record(key(1, 0), at(100), at(0)).ok(), Some(ReplayOutcome::Fresh));
        assert_eq!(store.record(key(1, 0), at(100), at(50)).ok(), Some(ReplayOutcome::Replayed));
    }

    #[test]
    fn expired_entry_is_fresh_again() {
        let store = InMemoryReplayStore::new(64);
        store.record(key(1, 0), at(100), at(0)).ok();
        assert_eq!(store.record(key(1, 0), at(300), at(101)).ok(), Some(ReplayOutcome::Fresh));
    }

    #[test]
    fn full_store_fails_closed() {
        let store = InMemoryReplayStore::new(SHARDS * 2);
        for byte in 0..2 {
            assert!(store.record(key(byte, 3), at(100), at(0)).is_ok());
        }
        let error = store.record(key(9, 3), at(100), at(0)).expect_err("full");
        assert!(matches!(error, ReplayStoreError::Full { .. }));
    }

    #[test]
    fn full_store_purges_expired_entries() {
        let store = InMemoryReplayStore::new(SHARDS * 2);
        for byte in 0..2 {
            store.record(key(byte, 3), at(100), at(0)).ok();
        }
        assert_eq!(store.record(key(9, 3), at(300), at(200)).ok(), Some(ReplayOutcome::Fresh));
        assert_eq!(store.len(), 1);
    }
}
