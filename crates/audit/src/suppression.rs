//! Suppressions: reviewed findings that should not fail the run, each with
//! a reason and an expiry date.
//!
//! The file is TOML, one `[[suppression]]` table per entry:
//!
//! ```toml
//! [[suppression]]
//! check = "ec2-sg-open-any-port"
//! resource = "arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0a1b*"
//! reason = "public load balancer, reviewed by the security team"
//! expires = 2027-01-31
//! ```
//!
//! `resource` is a wildcard pattern (`*` and `?`) matched against the whole
//! finding resource. A suppression applies through its `expires` day and
//! not after it; an expired one is not applied and the report warns about
//! it. A suppressed finding keeps its status but no longer counts for the
//! exit code.

use std::path::Path;

use serde::Deserialize;
use time::{Date, Month};

use crate::checks::check_by_id;
use crate::glob;

/// Error returned when a suppressions file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SuppressionError {
    /// The file cannot be read.
    #[error("cannot read suppressions file {path}: {source}")]
    Read {
        /// The file.
        path: String,

        /// The I/O error.
        source: std::io::Error,
    },

    /// The file is not valid TOML of the expected shape.
    #[error("invalid suppressions file {origin}: {source}")]
    Toml {
        /// The file.
        origin: String,

        /// The parse error, with line and column.
        source: toml::de::Error,
    },

    /// One entry is invalid.
    #[error("invalid suppressions file {origin}: suppression #{index}, field {field}: {problem}")]
    Entry {
        /// The file.
        origin: String,

        /// The entry's position, from 1.
        index: usize,

        /// The field at fault.
        field: &'static str,

        /// The problem.
        problem: String,
    },
}

/// One suppression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The check id it applies to.
    pub check_id: String,

    /// The wildcard pattern of resources it applies to.
    pub resource: String,

    /// The reason the finding is accepted.
    pub reason: String,

    /// The last day the suppression applies.
    pub expires: Date,
}

impl Suppression {
    /// Returns whether the suppression covers a finding of `check_id` on
    /// `resource`, ignoring expiry.
    pub fn covers(&self, check_id: &str, resource: &str) -> bool {
        self.check_id == check_id && glob::matches(&self.resource, resource)
    }

    /// Returns whether the suppression has expired on `today`.
    pub fn is_expired(&self, today: Date) -> bool {
        today > self.expires
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    suppression: Vec<RawSuppression>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSuppression {
    check: String,
    resource: String,
    reason: String,
    expires: toml::value::Datetime,
}

/// Reads a suppressions file.
///
/// # Errors
///
/// Returns [`SuppressionError`] naming the file, and for an invalid entry
/// its number and field.
pub fn load(path: &Path) -> Result<Vec<Suppression>, SuppressionError> {
    let text = std::fs::read_to_string(path).map_err(|source| SuppressionError::Read {
        path: path.display().to_string(),
        source,
    })?;
    parse(&text, &path.display().to_string())
}

/// Parses the text of a suppressions file; `origin` names it in errors.
///
/// # Errors
///
/// Returns [`SuppressionError::Toml`] for malformed TOML or unknown fields,
/// and [`SuppressionError::Entry`] for an unknown check id, an empty
/// resource or reason, or an expiry that is not a plain date.
pub fn parse(text: &str, origin: &str) -> Result<Vec<Suppression>, SuppressionError> {
    let raw: RawFile = toml::from_str(text).map_err(|source| SuppressionError::Toml {
        origin: origin.to_owned(),
        source,
    })?;

    raw.suppression
        .into_iter()
        .enumerate()
        .map(|(position, entry)| {
            let index = position + 1;
            let invalid = |field: &'static str, problem: String| SuppressionError::Entry {
                origin: origin.to_owned(),
                index,
                field,
                problem,
            };

            if check_by_id(&entry.check).is_none() {
                return Err(invalid(
                    "check",
                    format!("unknown check id {:?}", entry.check),
                ));
            }
            if entry.resource.trim().is_empty() {
                return Err(invalid(
                    "resource",
                    "empty resource pattern; use \"*\" for every resource".to_owned(),
                ));
            }
            if entry.reason.trim().is_empty() {
                return Err(invalid(
                    "reason",
                    "empty reason; say why the finding is accepted".to_owned(),
                ));
            }
            let expires = plain_date(&entry.expires).ok_or_else(|| {
                invalid(
                    "expires",
                    format!("{} is not a plain date such as 2027-01-31", entry.expires),
                )
            })?;

            Ok(Suppression {
                check_id: entry.check,
                resource: entry.resource,
                reason: entry.reason,
                expires,
            })
        })
        .collect()
}

fn plain_date(value: &toml::value::Datetime) -> Option<Date> {
    if value.time.is_some() || value.offset.is_some() {
        return None;
    }
    let date = value.date?;
    let month = Month::try_from(date.month).ok()?;
    Date::from_calendar_date(i32::from(date.year), month, date.day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_an_entry() {
        let text = r#"
            [[suppression]]
            check = "ec2-sg-open-any-port"
            resource = "arn:aws:ec2:*:*:security-group/sg-1*"
            reason = "public load balancer"
            expires = 2027-01-31
        "#;

        let parsed = match parse(text, "suppressions.toml") {
            Ok(parsed) => parsed,
            Err(error) => panic!("{error}"),
        };

        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].expires, time::macros::date!(2027 - 01 - 31));
        assert!(parsed[0].covers(
            "ec2-sg-open-any-port",
            "arn:aws:ec2:eu-west-1:1:security-group/sg-12"
        ));
    }

    #[test]
    fn error_names_entry_and_field() {
        let text = r#"
            [[suppression]]
            check = "no-such-check"
            resource = "*"
            reason = "x"
            expires = 2027-01-31
        "#;

        let message = match parse(text, "s.toml") {
            Ok(_) => panic!("unknown check should be rejected"),
            Err(error) => error.to_string(),
        };

        assert!(message.contains("s.toml"), "{message}");
        assert!(message.contains("suppression #1, field check"), "{message}");
    }

    #[test]
    fn rejects_datetime_expiry() {
        let text = r#"
            [[suppression]]
            check = "iam-root-mfa"
            resource = "*"
            reason = "x"
            expires = 2027-01-31T10:00:00Z
        "#;

        assert!(matches!(
            parse(text, "s.toml"),
            Err(SuppressionError::Entry {
                field: "expires",
                ..
            })
        ));
    }

    #[test]
    fn expiry_is_inclusive() {
        let suppression = Suppression {
            check_id: "iam-root-mfa".to_owned(),
            resource: "*".to_owned(),
            reason: "x".to_owned(),
            expires: time::macros::date!(2027 - 01 - 31),
        };

        assert!(!suppression.is_expired(time::macros::date!(2027 - 01 - 31)));
        assert!(suppression.is_expired(time::macros::date!(2027 - 02 - 01)));
    }
}
