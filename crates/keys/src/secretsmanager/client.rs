//! The Secrets Manager client, its errors and the secret's label map.

use std::collections::BTreeMap;
use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

use super::{AWSCURRENT, AWSPENDING};

/// Builds a client from the standard AWS configuration chain.
///
/// When `secret_id` is an ARN, its region wins over the configured one,
/// because a secret can only be read in its own region.
pub async fn load_client(secret_id: &str) -> Client {
    let mut loader = config_loader();
    if let Some(region) = arn_region(secret_id) {
        loader = loader.region(aws_config::Region::new(region.to_owned()));
    }
    Client::new(&loader.load().await)
}

/// Builds a client from the standard AWS configuration chain, for callers
/// that handle secrets of the configured region only (the rotation Lambda).
pub async fn load_default_client() -> Client {
    Client::new(&config_loader().load().await)
}

/// Starts the configuration chain with bounded timeouts, so that an
/// unreachable endpoint fails a call (and a key reload) instead of hanging it.
fn config_loader() -> aws_config::ConfigLoader {
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(3))
        .operation_attempt_timeout(Duration::from_secs(10))
        .operation_timeout(Duration::from_secs(30))
        .build();
    aws_config::defaults(BehaviorVersion::latest()).timeout_config(timeouts)
}

/// Extracts the region field of `arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME`.
fn arn_region(secret_id: &str) -> Option<&str> {
    let mut fields = secret_id.strip_prefix("arn:")?.split(':');
    let _partition = fields.next()?;
    if fields.next()? != "secretsmanager" {
        return None;
    }
    fields.next().filter(|region| !region.is_empty())
}

/// A failed Secrets Manager call: the operation, the AWS error code when
/// the service sent one, and the message with its causes.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{operation} failed: {message}")]
pub struct AwsError {
    /// The API operation, e.g. `GetSecretValue`.
    pub operation: &'static str,
    /// The AWS error code, e.g. `ResourceNotFoundException`.
    pub code: Option<String>,
    /// The message, with the chain of causes.
    pub message: String,
    /// Whether the call may succeed when retried: a connection failure, a
    /// timeout, throttling or a server-side error.
    pub transient: bool,
}

impl AwsError {
    /// Converts an SDK error.
    pub fn from_sdk<E, R>(operation: &'static str, error: SdkError<E, R>) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        R: std::fmt::Debug + Send + Sync + 'static,
    {
        let code = error.code().map(str::to_owned);
        let transient = match &error {
            SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) | SdkError::ResponseError(_) => true,
            SdkError::ServiceError(_) => matches!(
                code.as_deref(),
                Some("InternalServiceError" | "ThrottlingException" | "ServiceUnavailable" | "RequestTimeout")
            ),
            _ => false,
        };
        let message = DisplayErrorContext(&error).to_string();
        Self { operation, code, message, transient }
    }

    /// Whether the service returned this error code.
    pub fn is(&self, code: &str) -> bool {
        self.code.as_deref() == Some(code)
    }
}

/// The DescribeSecret view of a secret: its ARN, whether rotation is
/// enabled and the staging labels of each version.
#[derive(Debug, Clone)]
pub struct SecretState {
    /// The secret's ARN (or the requested id, when the service omits it).
    pub arn: String,
    /// Whether a rotation schedule is configured (`RotationEnabled`).
    pub rotation_enabled: bool,
    /// Version id to staging labels. Versions without labels are omitted.
    pub versions: BTreeMap<String, Vec<String>>,
}

impl SecretState {
    /// Calls DescribeSecret.
    ///
    /// # Errors
    /// Returns the AWS error (`ResourceNotFoundException` when the secret
    /// does not exist).
    pub async fn describe(client: &Client, secret_id: &str) -> Result<Self, AwsError> {
        let output = client
            .describe_secret()
            .secret_id(secret_id)
            .send()
            .await
            .map_err(|error| AwsError::from_sdk("DescribeSecret", error))?;

        let versions = output
            .version_ids_to_stages()
            .map(|map| {
                map.iter()
                    .filter(|(_, labels)| !labels.is_empty())
                    .map(|(id, labels)| (id.clone(), labels.clone()))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Self {
            arn: output.arn().unwrap_or(secret_id).to_owned(),
            rotation_enabled: output.rotation_enabled().unwrap_or(false),
            versions,
        })
    }

    /// The labels of `version_id` (empty when it has none or does not exist).
    pub fn labels(&self, version_id: &str) -> &[String] {
        self.versions.get(version_id).map(Vec::as_slice).unwrap_or_default()
    }

    /// Whether `version_id` carries `label`.
    pub fn has_label(&self, version_id: &str, label: &str) -> bool {
        self.labels(version_id).iter().any(|held| held == label)
    }

    /// The version labelled `label`, if any. Labels are unique within a
    /// secret, so there is at most one.
    pub fn version_with(&self, label: &str) -> Option<&str> {
        self.versions.iter().find(|(_, labels)| labels.iter().any(|held| held == label)).map(|(id, _)| id.as_str())
    }

    /// The version labelled AWSCURRENT.
    pub fn current(&self) -> Option<&str> {
        self.version_with(AWSCURRENT)
    }

    /// The version labelled AWSPENDING, unless it is also AWSCURRENT (a
    /// finished rotation may leave both labels on one version).
    pub fn pending_rotation(&self) -> Option<&str> {
        self.version_with(AWSPENDING).filter(|id| !self.has_label(id, AWSCURRENT))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_region_from_secret_arn() {
        assert_eq!(arn_region("arn:aws:secretsmanager:eu-west-1:123456789012:secret:orbit-AbCdEf"), Some("eu-west-1"));
        assert_eq!(arn_region("arn:aws-cn:secretsmanager:cn-north-1:1:secret:x"), Some("cn-north-1"));
        assert_eq!(arn_region("agentsec/orbit"), None);
        assert_eq!(arn_region("arn:aws:ssm:eu-west-1:1:parameter/x"), None);
    }

    #[test]
    fn pending_rotation_ignores_pending_on_current() {
        let mut state = SecretState { arn: "arn".to_owned(), rotation_enabled: false, versions: BTreeMap::new() };
        state.versions.insert("v1".to_owned(), vec![AWSCURRENT.to_owned(), AWSPENDING.to_owned()]);
        assert_eq!(state.current(), Some("v1"));
        assert_eq!(state.pending_rotation(), None);

        state.versions.insert("v1".to_owned(), vec![AWSCURRENT.to_owned()]);
        state.versions.insert("v2".to_owned(), vec![AWSPENDING.to_owned()]);
        assert_eq!(state.pending_rotation(), Some("v2"));
    }
}
