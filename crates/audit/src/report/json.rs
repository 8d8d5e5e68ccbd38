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
//!
//! The report is serialized from borrowed structs, without building a
//! `serde_json::Value` first: an audit of a large account has tens of
//! thousands of findings, and copying each string into a map cost more
//! than the audit itself.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Report, severity_name};
use crate::finding::{Finding, Status};

#[derive(Serialize)]
struct JsonReport<'a> {
    schema_version: u32,
    findings: Vec<&'a Finding>,
    summary: JsonSummary<'a>,
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    total: usize,
    pass: usize,
    fail: usize,
    error: usize,
    manual: usize,
    not_applicable: usize,
    failures_by_severity: BTreeMap<&'static str, usize>,
    exit_code: i32,
    fail_on: &'static str,
    account_id: &'a str,
    collected_at: String,
    suppressed: Vec<SuppressedFinding<'a>>,
    warnings: &'a [String],
}

#[derive(Serialize)]
struct SuppressedFinding<'a> {
    finding: usize,
    check_id: &'a str,
    resource: &'a str,
    reason: &'a str,
    expires: String,
}

fn json_report(report: &Report) -> JsonReport<'_> {
    let suppressed = report
        .entries
        .iter()
        .enumerate()
        .filter_map(|(index, entry)| {
            entry.suppression.as_ref().map(|s| SuppressedFinding {
                finding: index,
                check_id: &entry.finding.check_id,
                resource: &entry.finding.resource,
                reason: &s.reason,
                expires: s.expires.to_string(),
            })
        })
        .collect();

    let summary = report.summary();
    JsonReport {
        schema_version: report.schema_version,
        findings: report.entries.iter().map(|entry| &entry.finding).collect(),
        summary: JsonSummary {
            total: summary.total,
            pass: summary.count(Status::Pass),
            fail: summary.count(Status::Fail),
            error: summary.count(Status::Error),
            manual: summary.count(Status::Manual),
            not_applicable: summary.count(Status::NotApplicable),
            failures_by_severity: summary
                .failures_by_severity
                .iter()
                .map(|(severity, count)| (severity_name(*severity), *count))
                .collect(),
            exit_code: summary.exit_code,
            fail_on: severity_name(report.fail_on),
            account_id: &report.account_id,
            collected_at: report
                .collected_at
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            suppressed,
            warnings: &report.warnings,
        },
    }
}

/// Renders the report as pretty-printed JSON.
pub fn render(report: &Report) -> String {
    serde_json::to_string_pretty(&json_report(report)).unwrap_or_default()
}
