//! IAM Access Analyzer checks: an active analyzer in every audited region,
//! and its active findings.
//!
//! Access Analyzer is regional
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/what-is-access-analyzer.html>),
//! so each region needs its own analyzer. Only external access analyzers
//! (type `ACCOUNT` or `ORGANIZATION`) count; unused access analyzers
//! answer another question.

use super::{Check, Scope};
use crate::finding::{Finding, Severity, Status};
use crate::model::calls::access_analyzer as calls;
use crate::model::{AccessAnalyzerModel, Analyzer};

/// No active analyzer in a region.
pub const ANALYZER_ENABLED: Check = Check {
    id: "accessanalyzer-enabled",
    title: "IAM Access Analyzer is active in every audited region",
    severity: Severity::Medium,
    rationale: "Access Analyzer reports resources (keys, secrets, roles, buckets) shared outside the account or organization, which policy reviews miss.",
    remediation: "Create an analyzer of type ACCOUNT (or ORGANIZATION from the management account) in the region.",
    cis: Some("v3.0.0 1.20"),
    prowler: &["accessanalyzer_enabled"],
};

/// An analyzer has an active finding.
pub const ANALYZER_FINDINGS: Check = Check {
    id: "accessanalyzer-active-findings",
    title: "Access Analyzer has no active findings",
    severity: Severity::High,
    rationale: "An active finding is a resource that principals outside the zone of trust can access and nobody has archived as intended.",
    remediation: "Remove the external access from the resource's policy, or archive the finding with a reason if the access is intended.",
    cis: None,
    prowler: &["accessanalyzer_enabled_without_findings"],
};

/// Both Access Analyzer checks.
pub const CHECKS: &[&Check] = &[&ANALYZER_ENABLED, &ANALYZER_FINDINGS];

fn is_external(analyzer: &Analyzer) -> bool {
    matches!(analyzer.analyzer_type.as_str(), "ACCOUNT" | "ORGANIZATION")
}

/// Runs both checks on one region.
pub fn run(model: &AccessAnalyzerModel, scope: &Scope<'_>) -> Vec<Finding> {
    let scope_text = format!("region {}", scope.region);
    let analyzers = match model.analyzers.require(calls::ANALYZERS, &scope_text) {
        Ok(analyzers) => analyzers,
        Err(reason) => {
            return CHECKS
                .iter()
                .map(|check| check.regional(Status::Error, scope, scope.account_arn(), &reason))
                .collect();
        }
    };

    let active: Vec<&Analyzer> = analyzers
        .iter()
        .filter(|analyzer| is_external(analyzer) && analyzer.is_active())
        .collect();
    let mut findings = Vec::new();

    match active.first() {
        Some(first) => findings.push(ANALYZER_ENABLED.regional(
            Status::Pass,
            scope,
            &first.arn,
            format!(
                "analyzer {} ({}) is active",
                first.name, first.analyzer_type
            ),
        )),
        None => {
            let others: Vec<String> = analyzers
                .iter()
                .map(|a| format!("{} ({}, {})", a.name, a.analyzer_type, a.status))
                .collect();
            let message = if others.is_empty() {
                format!("region {} has no analyzer", scope.region)
            } else {
                format!(
                    "region {} has no active external access analyzer; found {}",
                    scope.region,
                    others.join(", ")
                )
            };
            findings.push(ANALYZER_ENABLED.regional(
                Status::Fail,
                scope,
                scope.account_arn(),
                message,
            ));
            findings.push(ANALYZER_FINDINGS.regional(
                Status::NotApplicable,
                scope,
                scope.account_arn(),
                format!(
                    "region {} has no active analyzer to report findings",
                    scope.region
                ),
            ));
        }
    }

    for analyzer in active {
        let context = format!("analyzer {} ({scope_text})", analyzer.name);
        match analyzer.active_findings.require(calls::FINDINGS, &context) {
            Err(reason) => {
                findings.push(ANALYZER_FINDINGS.regional(
                    Status::Error,
                    scope,
                    &analyzer.arn,
                    reason,
                ));
            }
            Ok(list) if list.is_empty() => findings.push(ANALYZER_FINDINGS.regional(
                Status::Pass,
                scope,
                &analyzer.arn,
                format!("analyzer {} has no active findings", analyzer.name),
            )),
            Ok(list) => findings.extend(list.iter().map(|finding| {
                let public = if finding.is_public {
                    "public access"
                } else {
                    "external access"
                };
                let principals_text = if finding.principals.is_empty() {
                    String::new()
                } else {
                    format!(" for {}", finding.principals.join(", "))
                };
                let actions_text = if finding.actions.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", finding.actions.join(", "))
                };
                ANALYZER_FINDINGS.regional(
                    Status::Fail,
                    scope,
                    &finding.resource,
                    format!(
                        "analyzer {} finding {}: {public} to {}{principals_text}{actions_text}",
                        analyzer.name,
                        finding.id,
                        finding.resource_type.as_deref().unwrap_or("resource")
                    ),
                )
            })),
        }
    }
    findings
}
