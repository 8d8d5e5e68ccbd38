//! The Secrets Manager rotation function for signing keys.
//!
//! Secrets Manager invokes the function four times per rotation, once per
//! step, with an event like
//! `{"Step": "createSecret", "SecretId": "arn:...", "ClientRequestToken": "...", "RotationToken": "..."}`
//! (<https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html>).
//! [`RotationHandler::handle`] runs that step with
//! [`agentsec_keys::rotation`], the same code as `agentsec rotate-secrets`,
//! and requires the secret to have rotation enabled.
//!
//! Configuration, from environment variables:
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `RECEIVER_CHECK_URLS` | comma-separated receiver check URLs that testSecret calls with the pending key | none: testSecret then checks the key format only |
//! | `TEST_TIMEOUT_SECONDS` | how long testSecret retries the receivers; keep it below the function timeout | 60 |
//! | `SIGV4_REGION` | credential-scope region of the check requests | `AWS_REGION`, else `us-east-1` |
//! | `SIGV4_SERVICE` | credential-scope service of the check requests | `execute-api` |
//!
//! The receivers must load the pending version within the test timeout:
//! set it above their key poll interval.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::time::Duration;

use agentsec_keys::rotation::{RotationConfig, RotationError, Rotator, Step, StepReport, StepRequest};
use agentsec_keys::secretsmanager::{SecretsManagerClient, load_default_client};
use serde::Deserialize;

/// A rotation event from Secrets Manager.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct RotationEvent {
    /// `createSecret`, `setSecret`, `testSecret` or `finishSecret`.
    #[serde(rename = "Step")]
    pub step: String,
    /// The secret's ARN or name.
    #[serde(rename = "SecretId")]
    pub secret_id: String,
    /// The id of the version being rotated in.
    #[serde(rename = "ClientRequestToken")]
    pub client_request_token: String,
    /// Present in newer events; passed on to PutSecretValue.
    #[serde(rename = "RotationToken", default)]
    pub rotation_token: Option<String>,
}

/// The function's settings (see the crate docs for the variables).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandlerConfig {
    /// Receiver check URLs.
    pub check_urls: Vec<String>,
    /// How long testSecret retries the receivers.
    pub test_timeout: Duration,
    /// Credential-scope region of the check requests.
    pub region: String,
    /// Credential-scope service of the check requests.
    pub service: String,
}

/// The largest accepted `TEST_TIMEOUT_SECONDS`: a Lambda function runs for
/// at most 15 minutes.
const MAX_TEST_TIMEOUT_SECONDS: u64 = 900;

impl HandlerConfig {
    /// Reads the configuration from the process environment.
    ///
    /// # Errors
    /// Returns a message naming the invalid variable.
    pub fn from_env() -> Result<Self, String> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the configuration through `lookup` (a variable name to its
    /// value), so tests need not change the process environment.
    ///
    /// # Errors
    /// Returns a message naming the invalid variable.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let check_urls: Vec<String> = lookup("RECEIVER_CHECK_URLS")
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|url| !url.is_empty())
            .map(str::to_owned)
            .collect();

        let test_timeout = match lookup("TEST_TIMEOUT_SECONDS").filter(|text| !text.trim().is_empty()) {
            None => Duration::from_secs(60),
            Some(text) => {
                let seconds: u64 = text.trim().parse().map_err(|_| {
                    format!("invalid TEST_TIMEOUT_SECONDS {text:?}: expected a whole number of seconds")
                })?;
                if !(1..=MAX_TEST_TIMEOUT_SECONDS).contains(&seconds) {
                    return Err(format!(
                        "invalid TEST_TIMEOUT_SECONDS {seconds}: expected 1 to {MAX_TEST_TIMEOUT_SECONDS}"
                    ));
                }
                Duration::from_secs(seconds)
            }
        };

        let region = lookup("SIGV4_REGION")
            .or_else(|| lookup("AWS_REGION"))
            .filter(|region| !region.is_empty())
            .unwrap_or_else(|| "us-east-1".to_owned());
        let service =
            lookup("SIGV4_SERVICE").filter(|service| !service.is_empty()).unwrap_or_else(|| "execute-api".to_owned());
        Ok(Self { check_urls, test_timeout, region, service })
    }

    fn rotation_config(&self) -> RotationConfig {
        RotationConfig {
            check_urls: self.check_urls.clone(),
            test_timeout: self.test_timeout,
            region: self.region.clone(),
            service: self.service.clone(),
            require_rotation_enabled: true,
            ..RotationConfig::default()
        }
    }
}

/// Runs rotation events.
#[derive(Debug, Clone)]
pub struct RotationHandler {
    rotator: Rotator,
}

impl RotationHandler {
    /// A handler that calls Secrets Manager through `client`.
    ///
    /// # Errors
    /// Returns `InvalidRequest` for an invalid check URL.
    pub fn new(client: SecretsManagerClient, config: &HandlerConfig) -> Result<Self, RotationError> {
        Ok(Self { rotator: Rotator::new(client, config.rotation_config())? })
    }

    /// A handler with a client from the standard AWS configuration chain
    /// (in Lambda: the function's role and region).
    ///
    /// # Errors
    /// As [`RotationHandler::new`].
    pub async fn from_config(config: &HandlerConfig) -> Result<Self, RotationError> {
        Self::new(load_default_client().await, config)
    }

    /// Runs the step the event names.
    ///
    /// # Errors
    /// `InvalidRequest` for an unknown step, and the errors of
    /// [`Rotator::run_step`]. Secrets Manager marks the rotation failed and
    /// retries it later.
    pub async fn handle(&self, event: &RotationEvent) -> Result<StepReport, RotationError> {
        let step: Step = event.step.parse()?;
        let request = StepRequest {
            secret_id: &event.secret_id,
            token: &event.client_request_token,
            rotation_token: event.rotation_token.as_deref(),
        };
        self.rotator.run_step(step, request).await.inspect_err(|error| {
            tracing::error!(
                step = %step,
                secret_id = %event.secret_id,
                version_id = %event.client_request_token,
                %error,
                "rotation step failed"
            );
        })
    }
}

/// Converts a failed step into the Lambda error: `RotationTestFailed` when a
/// receiver rejected the key, `RotationFailed` otherwise.
pub fn diagnostic(error: &RotationError) -> lambda_runtime::Diagnostic {
    let error_type = match error {
        RotationError::TestFailed(_) => "RotationTestFailed",
        _ => "RotationFailed",
    };
    lambda_runtime::Diagnostic { error_type: error_type.to_owned(), error_message: error.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| vars.iter().find(|(key, _)| *key == name).map(|(_, value)| (*value).to_owned())
    }

    #[test]
    fn event_parses_with_and_without_rotation_token() {
        let text = r#"{"Step": "createSecret", "SecretId": "arn:aws:secretsmanager:us-east-1:1:secret:s", "ClientRequestToken": "t"}"#;
        let event: RotationEvent = serde_json::from_str(text).expect("valid event");
        assert_eq!(event.step, "createSecret");
        assert_eq!(event.rotation_token, None);

        let text = r#"{"Step": "finishSecret", "SecretId": "s", "ClientRequestToken": "t", "RotationToken": "r"}"#;
        let event: RotationEvent = serde_json::from_str(text).expect("valid event");
        assert_eq!(event.rotation_token.as_deref(), Some("r"));
    }

    #[test]
    fn config_reads_urls_and_timeout() {
        let vars = [
            ("RECEIVER_CHECK_URLS", " http://127.0.0.1:1/auth/check, ,http://127.0.0.1:2/auth/check "),
            ("TEST_TIMEOUT_SECONDS", "45"),
            ("AWS_REGION", "eu-west-1"),
        ];
        let config = HandlerConfig::from_lookup(lookup(&vars)).expect("valid");
        assert_eq!(config.check_urls, ["http://127.0.0.1:1/auth/check", "http://127.0.0.1:2/auth/check"]);
        assert_eq!(config.test_timeout, Duration::from_secs(45));
        assert_eq!(config.region, "eu-west-1");
        assert_eq!(config.service, "execute-api");
    }

    #[test]
    fn config_rejects_invalid_timeout() {
        for value in ["abc", "0", "901", "-1"] {
            let vars = [("TEST_TIMEOUT_SECONDS", value)];
            assert!(HandlerConfig::from_lookup(lookup(&vars)).is_err(), "accepted {value:?}");
        }
    }
}
