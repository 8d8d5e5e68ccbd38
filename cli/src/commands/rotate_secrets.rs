//! `agentsec rotate-secrets`: rotate a signing-key secret now, with the
//! same four steps as the rotation Lambda function, or cancel a stuck
//! rotation.

use std::process::ExitCode;
use std::time::Duration;

use agentsec_keys::rotation::manual::{self, CLI_TOKEN_PREFIX};
use agentsec_keys::rotation::{RotationConfig, RotationError, Rotator, StepReport};
use agentsec_keys::secretsmanager::load_client;

/// Arguments of `rotate-secrets`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The secret to rotate: name or ARN.
    #[arg(long, value_name = "ID")]
    secret_id: String,
    /// A receiver check URL (e.g. http://127.0.0.1:8081/auth/check) that
    /// must return 2xx to a request signed with the new key before it
    /// becomes AWSCURRENT; repeatable. Without any, only the key format is
    /// tested.
    #[arg(long = "verify-url", value_name = "URL")]
    verify_urls: Vec<String>,
    /// Time in seconds to retry the receivers before giving up (set it above
    /// the receivers' key poll interval).
    #[arg(long, value_name = "N", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    test_timeout_seconds: u64,
    /// Remove AWSPENDING from a version that is not AWSCURRENT (a stuck
    /// rotation) and exit; rotates nothing.
    #[arg(long, conflicts_with_all = ["verify_urls"])]
    cancel: bool,
    /// Credential-scope region of the check requests.
    #[arg(long, env = "AGENTSEC_REGION", default_value = "us-east-1")]
    region: String,
    /// Credential-scope service of the check requests.
    #[arg(long, env = "AGENTSEC_SERVICE", default_value = "execute-api")]
    service: String,
}

const AFTER_HELP: &str = "\
Steps: createSecret stores a new random key under AWSPENDING, setSecret has
nothing to update, testSecret calls every --verify-url with the new key,
finishSecret moves AWSCURRENT to it (AWSPREVIOUS follows automatically).

The secret does not need a rotation schedule (RotationEnabled), unlike the
Lambda function. An unfinished rotation is resumed: a pending version this
command created, or one left by Secrets Manager's rotation when the secret's
rotation is disabled. When rotation is enabled and its function's pending
version exists, the command stops, since that rotation may still be running;
--cancel removes it.

AWS settings come from the standard chain (AWS_PROFILE, AWS_REGION,
AWS_ENDPOINT_URL, ...). Secret values are never printed.

Exit codes:
  0  rotated (or nothing to cancel / cancelled)
  1  testSecret failed: a receiver rejected the new key; AWSCURRENT is
     unchanged and the next run resumes the same version
  2  invalid input, another rotation in progress, or an AWS error";

/// Rotates (or cancels) and prints each step. Returns exit code 1 when
/// testSecret fails; other failures are errors (exit code 2).
pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let client = load_client(&args.secret_id).await;
    let config = RotationConfig {
        check_urls: args.verify_urls.clone(),
        test_timeout: Duration::from_secs(args.test_timeout_seconds),
        region: args.region.clone(),
        service: args.service.clone(),
        require_rotation_enabled: false,
        ..RotationConfig::default()
    };
    let rotator = Rotator::new(client, config)?;

    if args.cancel {
        match manual::cancel_rotation(&rotator, &args.secret_id).await? {
            Some(version_id) => {
                println!("cancelled: removed AWSPENDING from version {version_id} of {}", args.secret_id)
            }
            None => println!("nothing to cancel: secret {} has no pending rotation", args.secret_id),
        }
        return Ok(ExitCode::SUCCESS);
    }

    match manual::rotate_secret(&rotator, &args.secret_id, print_step).await {
        Ok(summary) => {
            let origin = if summary.resumed { "resumed and finished" } else { "rotated" };
            println!("{origin} {}: AWSCURRENT is version {}", summary.secret_arn, summary.version_id);
            Ok(ExitCode::SUCCESS)
        }
        Err(RotationError::TestFailed(message)) => {
            eprintln!("error: {message}");
            eprintln!(
                "hint: run the same command again to retry this version (prefix {CLI_TOKEN_PREFIX}), or --cancel to drop it"
            );
            Ok(ExitCode::from(1))
        }
        Err(error) => Err(error.into()),
    }
}

fn print_step(report: &StepReport) {
    println!(
        "{:<12} secret={} version={} current={}: {}",
        report.step.as_str(),
        report.secret_arn,
        report.version_id,
        report.current_version_id.as_deref().unwrap_or("none"),
        report.outcome
    );
}
