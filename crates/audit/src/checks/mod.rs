//! Check descriptors and the checks themselves, as pure functions from the
//! account model to findings.
//!
//! Every check has a stable kebab-case id that reports, suppressions and
//! docs refer to; [`ALL_CHECKS`] lists them and a test keeps the ids unique.
//! CIS references name the CIS AWS Foundations Benchmark version with the
//! control number, because the numbering changes between versions.

pub mod access_analyzer;
pub mod app_mesh;
pub mod iam;
pub mod isolation;
pub mod logging;
pub mod network;

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
    /// Builds a finding of this check on a regional resource.
    pub fn regional(
        &self,
        status: Status,
        scope: &Scope<'_>,
        resource: impl Into<String>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            region: Some(scope.region.to_owned()),
            ..self.finding(status, resource, message)
        }
    }

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

/// The account and region a regional check runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope<'a> {
    /// The 12-digit account id.
    pub account_id: &'a str,

    /// The region name.
    pub region: &'a str,
}

impl Scope<'_> {
    /// Builds the ARN of a resource in this account and region, such as
    /// `arn:aws:ec2:eu-west-1:111122223333:security-group/sg-1`.
    pub fn arn(&self, service: &str, resource: &str) -> String {
        format!(
            "arn:aws:{service}:{}:{}:{resource}",
            self.region, self.account_id
        )
    }

    /// Returns the ARN that region-wide findings point at: the account root
    /// (the region is in the finding's `region` field).
    pub fn account_arn(&self) -> String {
        format!("arn:aws:iam::{}:root", self.account_id)
    }
}

/// The check families, in report order.
const FAMILIES: &[&[&Check]] = &[
    iam::CHECKS,
    isolation::CHECKS,
    network::CHECKS,
    app_mesh::CHECKS,
    logging::CHECKS,
    logging::cis_filters::CIS_CHECKS,
    access_analyzer::CHECKS,
];

const fn count_checks(families: &[&[&Check]]) -> usize {
    let mut total = 0;
    let mut i = 0;
    while i < families.len() {
        total += families[i].len();
        i += 1;
    }
    total
}

const fn concat_checks<const N: usize>(families: &[&[&'static Check]]) -> [&'static Check; N] {
    let mut all: [&'static Check; N] = [&iam::FULL_ADMIN; N];
    let mut next = 0;
    let mut family = 0;
    while family < families.len() {
        let mut i = 0;
        while i < families[family].len() {
            all[next] = families[family][i];
            next += 1;
            i += 1;
        }
        family += 1;
    }
    all
}

const CHECK_COUNT: usize = count_checks(FAMILIES);
const CHECK_ARRAY: [&Check; CHECK_COUNT] = concat_checks(FAMILIES);

/// Every check of this crate, grouped by family.
pub const ALL_CHECKS: &[&Check] = &CHECK_ARRAY;

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
    fn check_ids_are_pinned() {
        let ids: Vec<&str> = ALL_CHECKS.iter().map(|check| check.id).collect();
        let expected = [
            "iam-policy-full-admin",
            "iam-policy-service-wildcard",
            "iam-policy-not-action-allow",
            "iam-policy-wildcard-action",
            "iam-policy-sensitive-read-all",
            "iam-principal-privilege-escalation",
            "iam-service-role-permissions-boundary",
            "iam-password-policy-minimum-length",
            "iam-password-policy-reuse-prevention",
            "iam-password-policy-character-classes",
            "iam-password-policy-max-age",
            "iam-root-access-keys",
            "iam-root-mfa",
            "iam-console-user-mfa",
            "isolation-kms-cross-service",
            "isolation-secret-cross-service",
            "isolation-signing-key-exclusive",
            "isolation-signing-key-readers",
            "kms-key-policy-not-public",
            "secretsmanager-policy-not-public",
            "kms-cmk-rotation-enabled",
            "secretsmanager-rotation-enabled",
            "ec2-sg-open-all-traffic",
            "ec2-sg-open-any-port",
            "ec2-sg-open-admin-ports",
            "ec2-sg-open-database-ports",
            "ec2-nacl-open-admin-ports",
            "ec2-nacl-shadowed-deny",
            "ec2-default-sg-no-rules",
            "vpc-flow-logs-enabled",
            "vpc-private-subnet-no-igw-route",
            "appmesh-egress-drop-all",
            "appmesh-service-virtual-node",
            "appmesh-listener-tls-strict",
            "appmesh-backend-tls-enforced",
            "cloudtrail-multi-region-logging",
            "cloudtrail-log-file-validation",
            "cloudtrail-kms-encryption",
            "cloudtrail-cloudwatch-logs",
            "cloudwatch-sigv4-rejections-alarm",
            "cloudwatch-alarm-unauthorized-api-calls",
            "cloudwatch-alarm-console-signin-without-mfa",
            "cloudwatch-alarm-root-usage",
            "cloudwatch-alarm-iam-policy-changes",
            "cloudwatch-alarm-cloudtrail-changes",
            "cloudwatch-alarm-console-auth-failures",
            "cloudwatch-alarm-cmk-disable-deletion",
            "cloudwatch-alarm-s3-bucket-policy-changes",
            "cloudwatch-alarm-config-changes",
            "cloudwatch-alarm-security-group-changes",
            "cloudwatch-alarm-nacl-changes",
            "cloudwatch-alarm-network-gateway-changes",
            "cloudwatch-alarm-route-table-changes",
            "cloudwatch-alarm-vpc-changes",
            "cloudwatch-alarm-organizations-changes",
            "accessanalyzer-enabled",
            "accessanalyzer-active-findings",
        ];

        assert_eq!(ids, expected);
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
