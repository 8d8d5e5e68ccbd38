//! The SARIF 2.1.0 report
//! (<https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html>).
//!
//! One run; the tool's rules are the descriptors of the checks that have
//! findings, and there is one result per finding that is not PASS. A FAIL
//! is `kind: fail` with a level from the check severity (critical and high:
//! `error`, medium: `warning`, low and info: `note`). The other statuses use
//! the kinds SARIF defines for them, with level `none` as the specification
//! requires for any kind but `fail`: ERROR is `open` (the tool could not
//! decide), MANUAL is `review` and NOT_APPLICABLE is `notApplicable`.
//! Findings point at AWS resources, not files, so a result's location is a
//! logical location holding the resource ARN. Suppressed findings carry an
//! external, accepted suppression with its reason.

use serde_json::{Value, json};

use super::{Report, severity_name};
use crate::checks::{ALL_CHECKS, Check};
use crate::finding::{Severity, Status};

/// The SARIF schema URI written into the log.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// Returns the `security-severity` property value, which code scanning
/// tools sort results by.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

fn rule(check: &Check) -> Value {
    let mut properties = json!({
        "severity": severity_name(check.severity),
        "security-severity": security_severity(check.severity),
        "tags": ["security", "aws"],
        "prowler": check.prowler,
    });
    if let Some(cis) = check.cis {
        properties["cis"] = json!(cis);
    }
    json!({
        "id": check.id,
        "shortDescription": {"text": check.title},
        "fullDescription": {"text": check.rationale},
        "help": {"text": check.remediation},
        "defaultConfiguration": {"level": level(check.severity)},
        "properties": properties,
    })
}

/// Builds the SARIF log of the report.
pub fn to_value(report: &Report) -> Value {
    let rules: Vec<&Check> = ALL_CHECKS
        .iter()
        .copied()
        .filter(|check| {
            report
                .entries
                .iter()
                .any(|e| e.finding.check_id == check.id)
        })
        .collect();

    let results: Vec<Value> = report
        .entries
        .iter()
        .filter(|entry| entry.finding.status != Status::Pass)
        .map(|entry| {
            let finding = &entry.finding;
            let (kind, level) = match finding.status {
                Status::Fail => ("fail", level(finding.severity)),
                Status::Error => ("open", "none"),
                Status::Manual => ("review", "none"),
                _ => ("notApplicable", "none"),
            };
            let mut result = json!({
                "ruleId": finding.check_id,
                "kind": kind,
                "level": level,
                "message": {"text": finding.message},
                "locations": [{
                    "logicalLocations": [{
                        "fullyQualifiedName": finding.resource,
                        "kind": "resource",
                    }]
                }],
                "properties": {
                    "status": finding.status,
                    "severity": severity_name(finding.severity),
                    "region": finding.region,
                },
            });
            if let Some(index) = rules.iter().position(|check| check.id == finding.check_id) {
                result["ruleIndex"] = json!(index);
            }
            if let Some(suppression) = &entry.suppression {
                result["suppressions"] = json!([{
                    "kind": "external",
                    "status": "accepted",
                    "justification": format!("{} (until {})", suppression.reason, suppression.expires),
                }]);
            }
            result
        })
        .collect();

    let notifications: Vec<Value> = report
        .warnings
        .iter()
        .map(|warning| json!({"level": "warning", "message": {"text": warning}}))
        .collect();
    let successful = !report
        .entries
        .iter()
        .any(|entry| entry.counts() && entry.finding.status == Status::Error);

    json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "agentsec-audit",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules.iter().map(|check| rule(check)).collect::<Vec<_>>(),
                }
            },
            "invocations": [{
                "executionSuccessful": successful,
                "toolExecutionNotifications": notifications,
            }],
            "properties": {"account_id": report.account_id},
            "results": results,
        }]
    })
}

/// Renders the report as pretty-printed SARIF JSON.
pub fn render(report: &Report) -> String {
    serde_json::to_string_pretty(&to_value(report)).unwrap_or_default()
}
