//! Check descriptors and the checks themselves, as pure functions from the
//! account model to findings.
//!
//! Every check has a stable kebab-case id that reports, suppressions and
//! docs refer to; [`ALL_CHECKS`] lists them and a test keeps the ids unique.
//! CIS references name the CIS AWS Foundations Benchmark version with the
//! control number, because the numbering changes between versions.

pub mod iam;

use serde::Serialize;

use crate::finding::{Finding, Severity, Status};

/// The description of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Stable kebab-case id, such as `iam-root-mfa`.
    pub id: &'static str,

    /// One-line title.
    pub title: &'static str,

    /// Severity of a failure.
    pub severity: Severity,

    /// Why the check matters.
    pub rationale: &'static str,

    /// How to fix a failure.
    pub remediation: &'static str,

    /// The CIS AWS Foundations Benchmark control, with the benchmark version.
    pub cis: Option<&'static str>,

    /// The Prowler check ids that cover the same ground.
    pub prowler: &'static [&'static str],
}

impl Check {
    /// Builds a finding of this check.
    pub fn finding(
        &self,
        status: Status,
        resource: impl Into<String>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            check_id: self.id.to_owned(),
            title: self.title.to_owned(),
            severity: self.severity,
            status,
            resource: resource.into(),
            region: None,
            message: message.into(),
            remediation: self.remediation.to_owned(),
        }
    }
}

/// Every check of this crate.
pub const ALL_CHECKS: &[&Check] = iam::CHECKS;

/// Finds a check by id.
pub fn check_by_id(id: &str) -> Option<&'static Check> {
    ALL_CHECKS.iter().copied().find(|check| check.id == id)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn check_ids_are_unique() {
        let mut seen = BTreeSet::new();
        for check in ALL_CHECKS {
            assert!(seen.insert(check.id), "duplicate check id {}", check.id);
        }
    }

    #[test]
    fn check_ids_are_kebab_case() {
        for check in ALL_CHECKS {
            let valid = !check.id.is_empty()
                && !check.id.starts_with('-')
                && !check.id.ends_with('-')
                && !check.id.contains("--")
                && check
                    .id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            assert!(valid, "check id {} is not kebab-case", check.id);
        }
    }

    #[test]
    fn checks_are_described() {
        for check in ALL_CHECKS {
            assert!(!check.title.is_empty(), "{} has no title", check.id);
            assert!(!check.rationale.is_empty(), "{} has no rationale", check.id);
            assert!(
                !check.remediation.is_empty(),
                "{} has no remediation",
                check.id
            );
        }
    }

    #[test]
    fn lookup_by_id() {
        assert_eq!(
            check_by_id("iam-root-mfa").map(|c| c.id),
            Some("iam-root-mfa")
        );
        assert_eq!(check_by_id("no-such-check"), None);
    }
}
