//! The JSON report.
//!
//! ```json
//! {"schema_version": 1,
//!  "findings": [{"check_id", "title", "severity", "status", "resource", "region", "message", "remediation"}],
//!  "summary": {"total", "pass", "fail", "error", "manual", "not_applicable",
//!              "failures_by_severity", "exit_code", "fail_on", "account_id",
//!              "collected_at", "suppressed", "warnings"}}
//! ```
//!
//! Each finding has exactly the eight fields above; which findings are
//! suppressed is in `summary.suppressed`, by index into `findings`.

use serde_json::{Value, json};

use super::{Report, severity_name};
use crate::finding::Status;

/// Builds the JSON value of the report.
pub fn to_value(report: &Report) -> Value {
    let findings: Vec<Value> = report
        .entries
        .iter()
        .map(|entry| {
            let f = &entry.finding;
            json!({
                "check_id": f.check_id,
                "title": f.title,
                "severity": f.severity,
                "status": f.status,
                "resource": f.resource,
                "region": f.region,
                "message": f.message,
                "remediation": f.remediation,
            })
        })
        .collect();

    let suppressed: Vec<Value> = report
        .entries
        .iter()
        .enumerate()
        .filter_map(|(index, entry)| {
            entry.suppression.as_ref().map(|s| {
                json!({
                    "finding": index,
                    "check_id": entry.finding.check_id,
                    "resource": entry.finding.resource,
                    "reason": s.reason,
                    "expires": s.expires.to_string(),
                })
            })
        })
        .collect();

    let summary = report.summary();
    let by_severity: serde_json::Map<String, Value> = summary
        .failures_by_severity
        .iter()
        .map(|(severity, count)| (severity_name(*severity).to_owned(), json!(count)))
        .collect();

    json!({
        "schema_version": report.schema_version,
        "findings": findings,
        "summary": {
            "total": summary.total,
            "pass": summary.count(Status::Pass),
            "fail": summary.count(Status::Fail),
            "error": summary.count(Status::Error),
            "manual": summary.count(Status::Manual),
            "not_applicable": summary.count(Status::NotApplicable),
            "failures_by_severity": by_severity,
            "exit_code": summary.exit_code,
            "fail_on": severity_name(report.fail_on),
            "account_id": report.account_id,
            "collected_at": report
                .collected_at
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            "suppressed": suppressed,
            "warnings": report.warnings,
        }
    })
}

/// Renders the report as pretty-printed JSON.
pub fn render(report: &Report) -> String {
    serde_json::to_string_pretty(&to_value(report)).unwrap_or_default()
}
