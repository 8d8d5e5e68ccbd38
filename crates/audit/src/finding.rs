//! The result of one check on one resource.
//!
//! Statuses and severities serialize as the exact strings below, which
//! reports (JSON, SARIF, JUnit) and exit codes rely on.

use serde::{Deserialize, Serialize};

/// Whether a check passed on a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Status {
    /// `PASS`: the resource meets the check.
    #[serde(rename = "PASS")]
    Pass,

    /// `FAIL`: the resource does not meet the check.
    #[serde(rename = "FAIL")]
    Fail,

    /// `ERROR`: the check could not run, usually because an input was not
    /// collected; the message names the missing input.
    #[serde(rename = "ERROR")]
    Error,

    /// `MANUAL`: a person has to decide.
    #[serde(rename = "MANUAL")]
    Manual,

    /// `NOT_APPLICABLE`: the check does not apply to the resource.
    #[serde(rename = "NOT_APPLICABLE")]
    NotApplicable,
}

/// How much a failure of the check matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// `info`.
    Info,

    /// `low`.
    Low,

    /// `medium`.
    Medium,

    /// `high`.
    High,

    /// `critical`.
    Critical,
}

/// The result of one check on one resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The stable id of the check, as in [`crate::checks::Check::id`].
    pub check_id: String,

    /// The check title.
    pub title: String,

    /// The check severity.
    pub severity: Severity,

    /// The outcome.
    pub status: Status,

    /// The resource ARN, or the account root ARN for account-wide checks.
    pub resource: String,

    /// The region, for regional resources; `None` for global ones such as IAM.
    pub region: Option<String>,

    /// The result in words, naming the resource and the offending item.
    pub message: String,

    /// How to fix a failure.
    pub remediation: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_strings() {
        let statuses = [
            Status::Pass,
            Status::Fail,
            Status::Error,
            Status::Manual,
            Status::NotApplicable,
        ];

        let text = serde_json::to_string(&statuses).ok();

        assert_eq!(
            text.as_deref(),
            Some(r#"["PASS","FAIL","ERROR","MANUAL","NOT_APPLICABLE"]"#)
        );
    }

    #[test]
    fn severity_strings_and_order() {
        let severities = [
            Severity::Critical,
            Severity::High,
            Severity::Medium,
            Severity::Low,
            Severity::Info,
        ];

        let text = serde_json::to_string(&severities).ok();

        assert_eq!(
            text.as_deref(),
            Some(r#"["critical","high","medium","low","info"]"#)
        );
        assert!(Severity::Critical > Severity::High);
        assert!(Severity::Low > Severity::Info);
    }
}
