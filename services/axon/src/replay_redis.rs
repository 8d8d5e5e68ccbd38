//! A replay store shared by Axon replicas through Redis.
//!
//! Each accepted signature is written with `SET key 1 NX PX ttl`: Redis
//! replies OK the first time and nil while the key lives, atomically across
//! replicas. Any Redis error (unreachable, timeout) fails closed: the
//! verifier rejects the request with 503.

use std::time::{Duration, SystemTime};

use agentsec_sigv4::{BoxFuture, ReplayKey, ReplayOutcome, ReplayStore, ReplayStoreError};
use anyhow::Context;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

/// The prefix of every key Axon writes.
const KEY_PREFIX: &str = "agentsec:replay:";

/// How long one Redis command may take before the request is rejected.
const COMMAND_TIMEOUT: Duration = Duration::from_millis(500);

/// A Redis-backed replay store.
#[derive(Clone)]
pub struct RedisReplayStore {
    connection: ConnectionManager,
}

impl RedisReplayStore {
    /// Connects to `url` (`redis://HOST:PORT`).
    ///
    /// # Errors
    /// Fails when the URL is invalid or Redis cannot be reached at start.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        let client = redis::Client::open(url).with_context(|| format!("invalid redis url {url}"))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(COMMAND_TIMEOUT))
            .set_response_timeout(Some(COMMAND_TIMEOUT))
            .set_number_of_retries(1);
        let connection = ConnectionManager::new_with_config(client, config)
            .await
            .with_context(|| format!("cannot connect to redis at {url}"))?;
        Ok(Self { connection })
    }
}

impl ReplayStore for RedisReplayStore {
    fn check_and_record<'a>(
        &'a self,
        key: ReplayKey,
        expires_at: SystemTime,
        now: SystemTime,
    ) -> BoxFuture<'a, Result<ReplayOutcome, ReplayStoreError>> {
        let mut connection = self.connection.clone();
        Box::pin(async move {
            let ttl = expires_at.duration_since(now).unwrap_or_default().max(Duration::from_secs(1));
            let name = format!("{KEY_PREFIX}{}", hex::encode(key.as_bytes()));
            let mut command = redis::cmd("SET");
            command.arg(&name).arg(1).arg("NX").arg("PX").arg(u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX));
            let command = command.query_async::<Option<String>>(&mut connection);
            match tokio::time::timeout(COMMAND_TIMEOUT, command).await {
                Ok(Ok(Some(_))) => Ok(ReplayOutcome::Fresh),
                Ok(Ok(None)) => Ok(ReplayOutcome::Replayed),
                Ok(Err(error)) => Err(ReplayStoreError::Unavailable(format!("redis: {error}"))),
                Err(_) => Err(ReplayStoreError::Unavailable("redis: command timed out".to_owned())),
            }
        })
    }
}
