//! `agentsec provision-local`: creates a compliant agentsec environment in a
//! local AWS emulator (a moto server on loopback) for the acceptance run.
//!
//! It creates, through the AWS SDK, the resources that the Terraform
//! modules under `infra/` create, with the same names (see `infra/README.md`),
//! plus a VPC with private subnets that the modules leave to the caller.
//! `agentsec audit` against the result should report no FAIL, except where
//! the emulator cannot represent a setting (see `docs/security-audit.md`).
//!
//! Limits, all because the emulator or the allowed SDK crates lack them: no
//! Lambda function (rotation is enabled without one, which only moto
//! accepts), no AWS Config recorder or rules, no IAM Access Analyzer, no SQS
//! dead-letter queue. The S3 bucket of the trail is created with one signed
//! `PUT` because no S3 SDK crate is a dependency.
//!
//! The command talks only to the `--endpoint-url` given, which must be a
//! plain-HTTP loopback URL, and uses fixed dummy credentials, so that it can
//! never change a real AWS account.

use std::process::ExitCode;

use anyhow::{Context as _, bail};
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_sts::config::Credentials;

use super::{provision_iam, provision_logging, provision_network, provision_secrets};

/// Arguments of `provision-local`.
#[derive(Debug, clap::Args)]
#[command(after_help = "For local tests only: every call goes to --endpoint-url, which must be \
http://127.0.0.1, http://localhost or http://[::1] (any port), with dummy credentials.\n\n\
Exit status: 0 when every resource was created, 2 on any error.")]
pub struct Args {
    /// The emulator's URL, for example http://127.0.0.1:5000.
    #[arg(long, value_name = "URL")]
    endpoint_url: String,

    /// The project name that prefixes every resource name.
    #[arg(long, env = "PROJECT_NAME", default_value = "agentsec")]
    project_name: String,

    /// The region to create the resources in.
    #[arg(long, default_value = "us-east-1")]
    region: String,

    /// Instead of provisioning, break one control of an environment
    /// provisioned before. `open-security-group` opens TCP 22 of the
    /// Axon security group to 0.0.0.0/0.
    #[arg(long, value_enum, value_name = "VIOLATION")]
    inject_violation: Option<Violation>,
}

/// A control that `--inject-violation` breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Violation {
    /// An ingress rule for TCP 22 from 0.0.0.0/0 on `<project>-axon`.
    OpenSecurityGroup,
}

/// The shared inputs of every provisioning step.
pub struct Context {
    /// The SDK configuration: endpoint, region and dummy credentials.
    pub sdk: SdkConfig,

    /// The validated endpoint URL, without a trailing slash.
    pub endpoint_url: String,

    /// The project name.
    pub project: String,

    /// The region.
    pub region: String,

    /// The account id that the emulator reports.
    pub account_id: String,
}

impl Context {
    /// Returns the ARN of an IAM role of this account.
    pub fn role_arn(&self, name: &str) -> String {
        format!("arn:aws:iam::{}:role/{name}", self.account_id)
    }

    /// Returns the ARN of the account root.
    pub fn root_arn(&self) -> String {
        format!("arn:aws:iam::{}:root", self.account_id)
    }
}

/// Provisions the environment, or injects a violation, and prints each
/// resource created.
///
/// # Errors
///
/// Returns an error when the endpoint is not a loopback URL or an AWS call
/// fails; the message names the resource.
pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let endpoint_url = validate_endpoint(&args.endpoint_url)?;
    if args.project_name.is_empty()
        || !args.project_name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        bail!(
            "invalid project name {:?}: use letters, digits and '-'",
            args.project_name
        );
    }

    // Static dummy credentials: the default chain could read real
    // credentials or query an instance metadata address.
    let credentials = Credentials::new("testing", "testing", None, None, "provision-local");
    let sdk = aws_config::defaults(BehaviorVersion::latest())
        .endpoint_url(&endpoint_url)
        .region(Region::new(args.region.clone()))
        .credentials_provider(credentials)
        .load()
        .await;

    let identity = aws_sdk_sts::Client::new(&sdk)
        .get_caller_identity()
        .send()
        .await
        .with_context(|| format!("cannot call sts:GetCallerIdentity at {endpoint_url}; is the emulator running?"))?;
    let account_id = identity
        .account()
        .context("sts:GetCallerIdentity returned no account id")?
        .to_owned();

    let context = Context {
        sdk,
        endpoint_url,
        project: args.project_name,
        region: args.region,
        account_id,
    };

    if let Some(violation) = args.inject_violation {
        match violation {
            Violation::OpenSecurityGroup => provision_network::open_security_group(&context).await?,
        }
        return Ok(ExitCode::SUCCESS);
    }

    println!(
        "provisioning project {} in account {} region {} at {}",
        context.project, context.account_id, context.region, context.endpoint_url
    );
    provision_iam::provision(&context).await?;
    provision_secrets::provision(&context).await?;
    provision_network::provision(&context).await?;
    provision_logging::provision(&context).await?;
    println!("done");
    Ok(ExitCode::SUCCESS)
}

/// Returns the endpoint without a trailing slash when it is a plain-HTTP URL
/// whose host is 127.0.0.1, localhost or [::1].
fn validate_endpoint(text: &str) -> anyhow::Result<String> {
    let url = reqwest::Url::parse(text).with_context(|| format!("invalid endpoint URL {text:?}"))?;

    // The URL parser lowercases hosts and normalizes IP addresses
    // (127.1 becomes 127.0.0.1), so comparing the text is enough.
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    if url.scheme() != "http" || !loopback {
        bail!(
            "endpoint {text} rejected: provision-local only talks to a local emulator at \
             http://127.0.0.1, http://localhost or http://[::1]"
        );
    }
    if url.path() != "/" || url.query().is_some() || !url.username().is_empty() {
        bail!("endpoint {text} rejected: give only scheme, host and port, such as http://127.0.0.1:5000");
    }

    Ok(text.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::validate_endpoint;

    #[test]
    fn endpoint_accepts_loopback_hosts() {
        for url in ["http://127.0.0.1:5000", "http://localhost:5000/", "http://[::1]:5000"] {
            assert!(validate_endpoint(url).is_ok(), "{url}");
        }
    }

    #[test]
    fn endpoint_rejects_other_hosts() {
        for url in [
            "https://127.0.0.1:5000",
            "http://10.0.0.1:5000",
            "http://169.254.169.254",
            "http://127.0.0.2:5000",
            "http://localhost.example.com",
            "https://iam.amazonaws.com",
            "http://127.0.0.1:5000/path",
        ] {
            assert!(validate_endpoint(url).is_err(), "{url}");
        }
    }
}
