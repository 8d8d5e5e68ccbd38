//! `agentsec collect`: collect the account live and write a snapshot that
//! `agentsec audit --snapshot` reads offline.

use std::path::PathBuf;
use std::process::ExitCode;

use agentsec_audit::snapshot;
use anyhow::Context;

use super::audit_live;

/// Arguments of `collect`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The snapshot directory to write (created if missing; part files in
    /// it are replaced).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,

    /// A region to collect; repeatable. Default: the configured region.
    #[arg(long = "region", value_name = "REGION")]
    regions: Vec<String>,
}

const AFTER_HELP: &str = "\
A failed API call (access denied, throttled after retries, not supported)
is recorded in the snapshot and reported as ERROR by the checks that need
it; collection goes on. AWS settings come from the standard chain
(AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL, ...). No secret value is read.

Exit codes:
  0  snapshot written (failed API calls included)
  2  the collection could not start or the snapshot could not be written";

/// Runs `agentsec collect`.
///
/// # Errors
///
/// Returns an error when the collection cannot start or the snapshot
/// cannot be written.
pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let collection = audit_live::collect(&args.regions).await?;
    snapshot::write(&args.out, &collection.model)
        .with_context(|| format!("cannot write snapshot {}", args.out.display()))?;

    println!(
        "wrote snapshot {} for account {}: {} region(s), {} API calls ({} failed) in {:.1} s",
        args.out.display(),
        collection.model.account_id,
        collection.model.regions.len(),
        collection.api_calls,
        collection.failed_calls,
        collection.elapsed.as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
