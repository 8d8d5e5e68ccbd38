//! The key-source trait.

use std::time::Duration;

use agentsec_sigv4::BoxFuture;

use crate::key_set::KeySet;

/// Why a key source could not load.
#[derive(Debug, thiserror::Error)]
pub enum KeySourceError {
    /// The source is misconfigured or its content is invalid; retrying will
    /// not help until someone fixes it.
    #[error("{0}")]
    Invalid(String),
    /// The source could not be reached or read; a retry may succeed.
    #[error("{0}")]
    Unavailable(String),
}

/// Something that yields key sets: a local file, a Secrets Manager secret.
pub trait KeySource: Send + Sync + 'static {
    /// Loads the current key set.
    fn load(&self) -> BoxFuture<'_, Result<KeySet, KeySourceError>>;

    /// How often the reloader polls this source.
    fn poll_interval(&self) -> Duration;

    /// A short description for logs (a path or a secret id, never a secret).
    fn describe(&self) -> String;
}

/// Builds a key source from a `--keys` value: a path to a local JSON key
/// file, or `secretsmanager:<secret id or ARN>[?poll=DURATION]` (see
/// [`crate::secretsmanager::SecretsManagerSpec`] for the poll interval).
///
/// # Errors
/// Returns `Invalid` for an empty value, an unknown scheme or an invalid
/// `secretsmanager:` value.
pub fn source_from_spec(spec: &str) -> Result<std::sync::Arc<dyn KeySource>, KeySourceError> {
    if spec.trim().is_empty() {
        return Err(KeySourceError::Invalid(
            "empty key source: pass a key file path or secretsmanager:<secret id>".to_owned(),
        ));
    }
    if let Some(rest) = spec.strip_prefix(crate::secretsmanager::SCHEME) {
        let parsed = crate::secretsmanager::SecretsManagerSpec::parse(rest)?;
        return Ok(std::sync::Arc::new(crate::secretsmanager::SecretsManagerKeySource::new(parsed)));
    }
    if let Some((scheme, _)) = spec.split_once(':')
        && scheme.len() > 1
        && !scheme.contains(['/', '\\', '.'])
    {
        return Err(KeySourceError::Invalid(format!(
            "unknown key source scheme {scheme:?}: use a key file path or secretsmanager:<secret id>"
        )));
    }
    Ok(std::sync::Arc::new(crate::file::FileKeySource::new(spec)))
}
