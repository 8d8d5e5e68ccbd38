//! Loading the key set a service starts with, and keeping it fresh.

use std::sync::Arc;

use agentsec_keys::{LiveKeys, source_from_spec, spawn_reloader};
use anyhow::anyhow;

/// Loads the keys named by `--keys` and starts the background reloader.
///
/// # Errors
/// Fails when the source is invalid or no key could be loaded: a service
/// must not start without keys.
pub async fn load_and_watch(spec: &str) -> anyhow::Result<Arc<LiveKeys>> {
    let source = source_from_spec(spec).map_err(|error| anyhow!("invalid --keys {spec:?}: {error}"))?;
    let live = LiveKeys::load(source.as_ref())
        .await
        .map_err(|error| anyhow!("cannot load keys from {}: {error}", source.describe()))?;
    spawn_reloader(source, live.clone());
    Ok(live)
}
