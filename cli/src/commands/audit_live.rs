//! Live collection for `audit`, `collect` and `test-isolation`, with a
//! progress line on stderr when stderr is a terminal.

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Duration;

use agentsec_audit::collect::{self, CollectOptions, Collection};
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

/// Collects the account live from the regions given (the configured region
/// when empty).
///
/// # Errors
///
/// Returns an error when the collection cannot start: no region, invalid
/// region name, or `sts:GetCallerIdentity` failing.
pub async fn collect(regions: &[String]) -> anyhow::Result<Collection> {
    let mut options = CollectOptions {
        regions: regions.to_vec(),
        ..CollectOptions::default()
    };

    let progress = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    });
    if let Some(bar) = &progress {
        let bar = bar.clone();
        options.progress = Some(Arc::new(move |call: &str, total: u64| {
            bar.set_message(format!("{total} API calls, last {call}"));
        }));
    }

    let result = collect::collect(&options).await;
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let collection = result.context("live collection failed")?;

    if collection.failed_calls > 0 {
        tracing::warn!(
            failed_calls = collection.failed_calls,
            "some aws api calls failed; the checks that need them report ERROR"
        );
    }
    Ok(collection)
}
