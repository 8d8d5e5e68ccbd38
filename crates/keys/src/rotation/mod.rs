//! The Secrets Manager rotation protocol for signing keys, shared by the
//! rotation Lambda function and `agentsec rotate-secrets`.
//!
//! Secrets Manager rotates a secret in four steps, each called with the
//! same `ClientRequestToken`, which is also the id of the new version
//! (<https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html>):
//!
//! 1. `createSecret`: store a new random key as version `token`, labelled
//!    AWSPENDING, unless that version already has a value.
//! 2. `setSecret`: update the external system that checks the key. Our
//!    receivers read the secret themselves, so this step only logs.
//! 3. `testSecret`: sign a request with the pending key to every receiver's
//!    check URL and require a 2xx from each, retrying until the test timeout
//!    so that receivers have time to load the pending version.
//! 4. `finishSecret`: move AWSCURRENT to version `token`. Secrets Manager
//!    moves AWSPREVIOUS to the version that was current.
//!
//! Every step can be run again with the same token and reaches the same
//! state, because Secrets Manager (or a person) may retry any of them.
//! Before each step, [`Rotator::run_step`] applies the checks of AWS's
//! rotation function templates. Rotation must be enabled, but only when
//! [`RotationConfig::require_rotation_enabled`] is set, as the Lambda front
//! end does. `token` must be a version of the secret. A version already
//! AWSCURRENT means the rotation is done, and a version that is not
//! AWSPENDING is an error.
//!
//! `createSecret` also accepts a token that is not a version yet. Secrets
//! Manager's RotateSecret creates that version (labelled AWSPENDING, no
//! value) before it invokes the function, but a rotation started by
//! [`manual::rotate_secret`] has no such call. It works on a secret with no
//! version at all: Secrets Manager then labels the first version
//! AWSCURRENT itself, and the remaining steps find it current and stop.
//!
//! Signers switch to the new key when they next poll the secret, and
//! receivers accept AWSPREVIOUS, so a signer that has not polled yet keeps
//! working. That holds for one rotation at a time only: the next
//! finishSecret takes the label from the key two rotations old.
//! NOTE: nothing checks that every signer has loaded the last AWSCURRENT
//! before the next rotation finishes, so space rotations by more than the
//! signers' poll interval.
//!
//! No secret value is logged or returned. Logs carry the step, the secret
//! and the version ids as structured fields.

mod receivers;
mod steps;

pub mod manual;

pub use steps::StepRequest;

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use aws_sdk_secretsmanager::Client;

use crate::secretsmanager::AwsError;

/// One step of the rotation protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Store a new key under AWSPENDING.
    CreateSecret,
    /// Update the external system (nothing to do here).
    SetSecret,
    /// Check that every receiver accepts the pending key.
    TestSecret,
    /// Move AWSCURRENT to the pending version.
    FinishSecret,
}

impl Step {
    /// The four steps in protocol order.
    pub const ALL: [Step; 4] = [Step::CreateSecret, Step::SetSecret, Step::TestSecret, Step::FinishSecret];

    /// The step's name in rotation events, e.g. `createSecret`.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::CreateSecret => "createSecret",
            Step::SetSecret => "setSecret",
            Step::TestSecret => "testSecret",
            Step::FinishSecret => "finishSecret",
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Step {
    type Err = RotationError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Step::ALL.into_iter().find(|step| step.as_str() == text).ok_or_else(|| {
            RotationError::InvalidRequest(format!(
                "invalid rotation step {text:?}: expected createSecret, setSecret, testSecret or finishSecret"
            ))
        })
    }
}

/// Settings of a rotation: the receivers to test and the checks to apply.
#[derive(Debug, Clone)]
pub struct RotationConfig {
    /// Receiver check URLs that must accept a request signed with the
    /// pending key (each must return 2xx), e.g. `http://axon:8081/auth/check`.
    pub check_urls: Vec<String>,
    /// How long testSecret keeps retrying the receivers.
    pub test_timeout: Duration,
    /// The pause between two attempts on a receiver that rejected the key.
    pub retry_interval: Duration,
    /// The SigV4 credential-scope region of the check requests.
    pub region: String,
    /// The SigV4 credential-scope service of the check requests.
    pub service: String,
    /// Reject secrets whose rotation is not enabled (`RotationEnabled`), as
    /// AWS's templates do. The Lambda front end sets this; the CLI does not,
    /// so that a secret without a schedule can be rotated by hand.
    pub require_rotation_enabled: bool,
}

impl Default for RotationConfig {
    fn default() -> Self {
        Self {
            check_urls: Vec::new(),
            test_timeout: Duration::from_secs(60),
            retry_interval: Duration::from_millis(500),
            region: "us-east-1".to_owned(),
            service: "execute-api".to_owned(),
            require_rotation_enabled: false,
        }
    }
}

/// The result of a step, for the CLI's output and for tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepOutcome {
    /// createSecret stored a new key.
    Created,
    /// createSecret found the version's value already stored.
    AlreadyCreated,
    /// setSecret: no external system to update.
    NothingToSet,
    /// testSecret: every receiver accepted the pending key.
    Tested {
        /// How many receivers were checked.
        receivers: usize,
    },
    /// finishSecret moved AWSCURRENT to the new version.
    Finished {
        /// The version that was AWSCURRENT before (now AWSPREVIOUS), if any.
        previous_version_id: Option<String>,
    },
    /// The version is already AWSCURRENT, so the rotation is done and the
    /// step did nothing.
    AlreadyCurrent,
}

impl fmt::Display for StepOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepOutcome::Created => f.write_str("created a new key under AWSPENDING"),
            StepOutcome::AlreadyCreated => f.write_str("the pending version already has a value"),
            StepOutcome::NothingToSet => f.write_str("no external system to update"),
            StepOutcome::Tested { receivers } => write!(f, "{receivers} receiver(s) accepted the pending key"),
            StepOutcome::Finished { previous_version_id: Some(previous) } => {
                write!(f, "moved AWSCURRENT from {previous}")
            }
            StepOutcome::Finished { previous_version_id: None } => f.write_str("labelled the first AWSCURRENT"),
            StepOutcome::AlreadyCurrent => f.write_str("the version is already AWSCURRENT"),
        }
    }
}

/// One finished step: which secret and versions, and what it did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepReport {
    /// The step.
    pub step: Step,
    /// The secret's ARN.
    pub secret_arn: String,
    /// The version being rotated in (the ClientRequestToken).
    pub version_id: String,
    /// The AWSCURRENT version when the step started.
    pub current_version_id: Option<String>,
    /// The result of the step.
    pub outcome: StepOutcome,
}

/// A failed rotation step. Messages never contain a secret value.
#[derive(Debug, thiserror::Error)]
pub enum RotationError {
    /// A Secrets Manager call failed.
    #[error("secret {secret_id}: {source}")]
    Aws {
        /// The secret id the call was about.
        secret_id: String,
        /// The AWS error.
        source: AwsError,
    },
    /// The request is invalid, or the secret is not in a state that allows
    /// the step (the templates' checks). Retrying will not help.
    #[error("{0}")]
    InvalidRequest(String),
    /// Another rotation has the AWSPENDING label.
    #[error("{0}")]
    InProgress(String),
    /// testSecret: a receiver did not accept the pending key in time.
    /// AWSCURRENT is unchanged.
    #[error("{0}")]
    TestFailed(String),
    /// The pending version contains no valid key.
    #[error("{0}")]
    InvalidKey(String),
    /// The operating system's random source failed.
    #[error("cannot generate a key: {0}")]
    Random(String),
}

/// Runs rotation steps against one Secrets Manager client.
#[derive(Debug, Clone)]
pub struct Rotator {
    client: Client,
    config: RotationConfig,
    http: reqwest::Client,
}

impl Rotator {
    /// Creates a rotator that calls Secrets Manager through `client`.
    ///
    /// # Errors
    /// Returns `InvalidRequest` when a check URL is not an http(s) URL or
    /// the HTTP client cannot be built.
    pub fn new(client: Client, config: RotationConfig) -> Result<Self, RotationError> {
        for url in &config.check_urls {
            let parsed = reqwest::Url::parse(url)
                .map_err(|error| RotationError::InvalidRequest(format!("invalid check URL {url:?}: {error}")))?;
            if !matches!(parsed.scheme(), "http" | "https") {
                return Err(RotationError::InvalidRequest(format!(
                    "invalid check URL {url:?}: expected http:// or https://"
                )));
            }
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .map_err(|error| RotationError::InvalidRequest(format!("cannot build the HTTP client: {error}")))?;
        Ok(Self { client, config, http })
    }

    /// The configuration.
    pub fn config(&self) -> &RotationConfig {
        &self.config
    }

    /// The Secrets Manager client.
    pub fn client(&self) -> &Client {
        &self.client
    }
}
