//! The `--keys secretsmanager:<secret id or ARN>[?poll=DURATION]` value.
//!
//! The poll interval comes from, in order: the `poll` option, the
//! `AGENTSEC_KEYS_POLL_SECONDS` environment variable, then 30 seconds.
//! Durations are a number with the unit `ms`, `s` or `m` (`500ms`, `2s`,
//! `1m`), or a bare number of seconds. Secret names cannot contain `?`, so
//! the first `?` starts the options.

use std::time::Duration;

use crate::source::KeySourceError;

/// The poll interval when neither the spec nor the environment sets one.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(30);

/// The shortest poll interval accepted. Each poll is one DescribeSecret
/// call, which Secrets Manager bills and throttles per account.
pub const MIN_POLL_INTERVAL: Duration = Duration::from_secs(1);

/// The environment variable that sets the poll interval in seconds.
pub const POLL_ENV_VAR: &str = "AGENTSEC_KEYS_POLL_SECONDS";

/// A parsed `secretsmanager:` key source value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretsManagerSpec {
    /// The secret name or ARN.
    pub secret_id: String,
    /// How often the label map is polled.
    pub poll_interval: Duration,
}

impl SecretsManagerSpec {
    /// Parses the part after `secretsmanager:`, reading
    /// `AGENTSEC_KEYS_POLL_SECONDS` when the value sets no `poll` option.
    ///
    /// # Errors
    /// `Invalid` for an empty secret id, an unknown option, or an invalid
    /// or too short poll interval.
    pub fn parse(value: &str) -> Result<Self, KeySourceError> {
        let env_poll = std::env::var(POLL_ENV_VAR).ok();
        Self::parse_with_env(value, env_poll.as_deref())
    }

    /// Parses like [`SecretsManagerSpec::parse`], with `env_poll` standing
    /// for the value of `AGENTSEC_KEYS_POLL_SECONDS`.
    ///
    /// # Errors
    /// As [`SecretsManagerSpec::parse`].
    pub fn parse_with_env(value: &str, env_poll: Option<&str>) -> Result<Self, KeySourceError> {
        let (secret_id, options) = match value.split_once('?') {
            Some((id, options)) => (id.trim(), Some(options)),
            None => (value.trim(), None),
        };
        if secret_id.is_empty() {
            return Err(KeySourceError::Invalid(
                "missing secret id: use secretsmanager:<secret name or ARN>".to_owned(),
            ));
        }

        let mut poll_interval = match env_poll.map(str::trim).filter(|text| !text.is_empty()) {
            Some(text) => parse_duration(text, true)
                .map_err(|message| KeySourceError::Invalid(format!("invalid {POLL_ENV_VAR}: {message}")))?,
            None => DEFAULT_POLL_INTERVAL,
        };
        for option in options.unwrap_or_default().split('&').filter(|option| !option.is_empty()) {
            match option.split_once('=') {
                Some(("poll", text)) => {
                    poll_interval = parse_duration(text, false)
                        .map_err(|message| KeySourceError::Invalid(format!("invalid poll option: {message}")))?;
                }
                _ => {
                    return Err(KeySourceError::Invalid(format!(
                        "unknown option {option:?} in secretsmanager:{value}: the only option is poll=DURATION (e.g. poll=5s)"
                    )));
                }
            }
        }

        if poll_interval < MIN_POLL_INTERVAL {
            return Err(KeySourceError::Invalid(format!(
                "poll interval {poll_interval:?} is shorter than the minimum {MIN_POLL_INTERVAL:?}: use poll=1s or longer"
            )));
        }
        Ok(Self { secret_id: secret_id.to_owned(), poll_interval })
    }
}

/// Parses `500ms`, `2s`, `1m`, or a bare number of seconds. `seconds_only`
/// rejects units, for the environment variable whose name carries the unit.
fn parse_duration(text: &str, seconds_only: bool) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit_millis) = if let Some(number) = text.strip_suffix("ms") {
        (number, 1)
    } else if let Some(number) = text.strip_suffix('s') {
        (number, 1000)
    } else if let Some(number) = text.strip_suffix('m') {
        (number, 60_000)
    } else {
        (text, 1000)
    };
    if seconds_only && number.len() != text.len() {
        return Err(format!("{text:?} is not a whole number of seconds"));
    }
    let value: u64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration: use a whole number with ms, s or m (e.g. 5s)"))?;
    value.checked_mul(unit_millis).map(Duration::from_millis).ok_or_else(|| format!("{text:?} is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_secret_id_with_default_poll() {
        let spec = SecretsManagerSpec::parse_with_env("agentsec/orbit", None).expect("valid");
        assert_eq!(spec.secret_id, "agentsec/orbit");
        assert_eq!(spec.poll_interval, DEFAULT_POLL_INTERVAL);
    }

    #[test]
    fn keeps_colons_of_an_arn() {
        let arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:agentsec/orbit-AbCdEf";
        let spec = SecretsManagerSpec::parse_with_env(&format!("{arn}?poll=2s"), None).expect("valid");
        assert_eq!(spec.secret_id, arn);
        assert_eq!(spec.poll_interval, Duration::from_secs(2));
    }

    #[test]
    fn poll_option_overrides_environment() {
        let spec = SecretsManagerSpec::parse_with_env("s?poll=1500ms", Some("10")).expect("valid");
        assert_eq!(spec.poll_interval, Duration::from_millis(1500));
        let spec = SecretsManagerSpec::parse_with_env("s", Some("10")).expect("valid");
        assert_eq!(spec.poll_interval, Duration::from_secs(10));
        let spec = SecretsManagerSpec::parse_with_env("s?poll=1m", None).expect("valid");
        assert_eq!(spec.poll_interval, Duration::from_secs(60));
    }

    #[test]
    fn rejects_invalid_values() {
        for value in ["", "?poll=2s", "s?poll=fast", "s?poll=100ms", "s?interval=2s", "s?poll=99999999999999999m"] {
            assert!(SecretsManagerSpec::parse_with_env(value, None).is_err(), "accepted {value:?}");
        }
        assert!(SecretsManagerSpec::parse_with_env("s", Some("2s")).is_err(), "accepted a unit in the env var");
        assert!(SecretsManagerSpec::parse_with_env("s", Some("0")).is_err(), "accepted a zero interval");
    }
}
