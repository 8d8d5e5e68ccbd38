//! The key source that polls a Secrets Manager secret.
//!
//! Each load is one DescribeSecret call (the `VersionIdsToStages` label
//! map) plus one GetSecretValue call, by `VersionId`, for each labelled
//! version not fetched before. Secrets Manager never changes the value of
//! a version, so a fetched version is kept for as long as it carries a
//! label and is never fetched again.
//!
//! A load either returns the whole set or an error: the reloader then keeps
//! the last good set. Only the reloader and the first load at start call
//! AWS; verifying and signing requests read the in-memory set.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use agentsec_sigv4::BoxFuture;
use aws_sdk_secretsmanager::Client;
use tokio::sync::{Mutex, OnceCell};

use super::client::{AwsError, SecretState, load_client};
use super::spec::SecretsManagerSpec;
use super::{AWSCURRENT, AWSPENDING, AWSPREVIOUS};
use crate::key_set::{KeyMaterial, KeySet};
use crate::source::{KeySource, KeySourceError};

/// The labels whose versions are accepted, in the order keys are listed.
const ACCEPTED_LABELS: [&str; 3] = [AWSCURRENT, AWSPENDING, AWSPREVIOUS];

/// A key source backed by one Secrets Manager secret.
///
/// Signs with the AWSCURRENT version and accepts the AWSCURRENT,
/// AWSPENDING and AWSPREVIOUS versions. Each key is named after its
/// version id and labels, e.g. `3f2c... (AWSCURRENT)`.
#[derive(Debug)]
pub struct SecretsManagerKeySource {
    secret_id: String,
    poll_interval: Duration,
    client: OnceCell<Client>,
    /// Version id to key. Versions are immutable, so entries never go stale.
    fetched: Mutex<HashMap<String, KeyMaterial>>,
    get_secret_value_calls: AtomicU64,
}

impl SecretsManagerKeySource {
    /// A source for `spec`. The AWS client is built on the first load.
    pub fn new(spec: SecretsManagerSpec) -> Self {
        Self {
            secret_id: spec.secret_id,
            poll_interval: spec.poll_interval,
            client: OnceCell::new(),
            fetched: Mutex::new(HashMap::new()),
            get_secret_value_calls: AtomicU64::new(0),
        }
    }

    /// A source that uses `client` in place of one from the environment.
    #[must_use]
    pub fn with_client(self, client: Client) -> Self {
        Self { client: OnceCell::new_with(Some(client)), ..self }
    }

    /// The secret name or ARN.
    pub fn secret_id(&self) -> &str {
        &self.secret_id
    }

    /// How many GetSecretValue calls this source has made, for metrics and
    /// for tests that check each version is fetched once.
    pub fn get_secret_value_calls(&self) -> u64 {
        self.get_secret_value_calls.load(Ordering::Relaxed)
    }

    async fn client(&self) -> &Client {
        self.client.get_or_init(|| load_client(&self.secret_id)).await
    }

    async fn load_set(&self) -> Result<KeySet, KeySourceError> {
        let client = self.client().await;
        let state = SecretState::describe(client, &self.secret_id).await.map_err(|error| self.describe_error(error))?;

        let Some(current) = state.current() else {
            return Err(KeySourceError::Invalid(format!(
                "secret {} has no AWSCURRENT version: create the first key with `agentsec rotate-secrets --secret-id {}`",
                self.secret_id, self.secret_id
            )));
        };
        let labelled: Vec<(&str, Vec<&str>)> = state
            .versions
            .iter()
            .map(|(id, labels)| {
                let accepted: Vec<&str> =
                    ACCEPTED_LABELS.into_iter().filter(|label| labels.iter().any(|held| held == label)).collect();
                (id.as_str(), accepted)
            })
            .filter(|(_, accepted)| !accepted.is_empty())
            .collect();

        // The lock is held across the calls: only one load runs at a time,
        // so each version is fetched once even if loads overlap.
        let mut fetched = self.fetched.lock().await;
        fetched.retain(|id, _| labelled.iter().any(|(labelled_id, _)| labelled_id == id));
        for (version_id, labels) in &labelled {
            if fetched.contains_key(*version_id) {
                continue;
            }
            match self.fetch_version(client, version_id).await {
                Ok(key) => {
                    fetched.insert((*version_id).to_owned(), key);
                }
                // RotateSecret labels the new version AWSPENDING before the
                // rotation function's createSecret step stores its value.
                Err(FetchError::NoValueYet) if labels == &[AWSPENDING] => {
                    tracing::debug!(secret_id = %self.secret_id, version_id, "pending version has no value yet, skipping it");
                }
                Err(FetchError::NoValueYet) => {
                    return Err(KeySourceError::Invalid(format!(
                        "version {version_id} ({}) of secret {} has no value",
                        labels.join(", "),
                        self.secret_id
                    )));
                }
                Err(FetchError::Source(error)) => return Err(error),
            }
        }

        let mut signing = None;
        let mut accepted = Vec::new();
        for label in ACCEPTED_LABELS {
            for (version_id, labels) in &labelled {
                // A version with several labels is listed once, under its first.
                if labels.first() != Some(&label) {
                    continue;
                }
                let Some(key) = fetched.get(*version_id) else { continue };
                let name = format!("{version_id} ({})", labels.join(", "));
                if *version_id == current {
                    signing = Some((key.clone(), name.clone()));
                }
                accepted.push((key.clone(), name));
            }
        }
        Ok(KeySet::new(signing, accepted, self.describe()))
    }

    async fn fetch_version(&self, client: &Client, version_id: &str) -> Result<KeyMaterial, FetchError> {
        self.get_secret_value_calls.fetch_add(1, Ordering::Relaxed);
        let output = client
            .get_secret_value()
            .secret_id(&self.secret_id)
            .version_id(version_id)
            .send()
            .await
            .map_err(|error| AwsError::from_sdk("GetSecretValue", error));
        let output = match output {
            Ok(output) => output,
            Err(error) if error.is("ResourceNotFoundException") => return Err(FetchError::NoValueYet),
            Err(error) => return Err(FetchError::Source(self.aws_error(version_id, error))),
        };
        tracing::debug!(secret_id = %self.secret_id, version_id, "secret version fetched");

        let text = zeroize::Zeroizing::new(output.secret_string().unwrap_or_default().to_owned());
        let key = parse_key(&text).map_err(|message| {
            FetchError::Source(KeySourceError::Invalid(format!(
                "version {version_id} of secret {}: {message}",
                self.secret_id
            )))
        })?;
        Ok(key)
    }

    fn describe_error(&self, error: AwsError) -> KeySourceError {
        if error.is("ResourceNotFoundException") {
            return KeySourceError::Invalid(format!(
                "secret {} not found: check the secret id, the region (AWS_REGION) and the account of the credentials ({error})",
                self.secret_id
            ));
        }
        self.aws_error("(label map)", error)
    }

    fn aws_error(&self, version_id: &str, error: AwsError) -> KeySourceError {
        let message = format!("secret {} version {version_id}: {error}", self.secret_id);
        if error.transient { KeySourceError::Unavailable(message) } else { KeySourceError::Invalid(message) }
    }
}

enum FetchError {
    /// The version exists in the label map but has no value.
    NoValueYet,
    Source(KeySourceError),
}

/// Parses and validates a secret value. Messages never contain the value.
pub(crate) fn parse_key(text: &str) -> Result<KeyMaterial, String> {
    if text.is_empty() {
        return Err("the value is not a SecretString (binary secrets are not supported)".to_owned());
    }
    let key: KeyMaterial = serde_json::from_str(text).map_err(|error| {
        format!("invalid key JSON ({error}): expected {{\"access_key_id\": ..., \"secret_access_key\": ...}}")
    })?;
    key.validate()?;
    Ok(key)
}

impl KeySource for SecretsManagerKeySource {
    fn load(&self) -> BoxFuture<'_, Result<KeySet, KeySourceError>> {
        Box::pin(self.load_set())
    }

    fn poll_interval(&self) -> Duration {
        self.poll_interval
    }

    fn describe(&self) -> String {
        format!("secretsmanager:{}", self.secret_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_key_rejects_without_echoing_the_value() {
        let broken = r#"{"access_key_id": "AKIAPARSETEST0000001", "secret_access_key": "parseSecret0123456789abcd""#;
        let message = parse_key(broken).expect_err("accepted");
        assert!(!message.contains("parseSecret"), "{message}");

        let short = r#"{"access_key_id": "AKIAPARSETEST0000001", "secret_access_key": "tooShortValue"}"#;
        let message = parse_key(short).expect_err("accepted");
        assert!(!message.contains("tooShortValue"), "{message}");

        assert!(parse_key("").is_err());
    }
}
