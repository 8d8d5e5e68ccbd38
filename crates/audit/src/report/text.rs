//! The plain-text report: findings grouped by check, one line each, then a
//! summary and the warnings.

use std::fmt::Write;

use super::{Report, severity_name, status_name};
use crate::checks::check_by_id;
use crate::finding::Status;

/// Renders the report as text.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "agentsec audit of account {} (collected {})",
        report.account_id,
        report
            .collected_at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    );

    let mut current: Option<&str> = None;
    for entry in &report.entries {
        let finding = &entry.finding;
        if current != Some(finding.check_id.as_str()) {
            current = Some(&finding.check_id);
            let title = check_by_id(&finding.check_id).map_or(finding.title.as_str(), |c| c.title);
            let _ = writeln!(
                out,
                "\n{} [{}] {title}",
                finding.check_id,
                severity_name(finding.severity)
            );
        }
        let region = finding.region.as_deref().unwrap_or("global");
        let suppressed = match &entry.suppression {
            Some(s) => format!(" (suppressed until {}: {})", s.expires, s.reason),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "  {:<14} {region:<14} {}: {}{suppressed}",
            status_name(finding.status),
            finding.resource,
            finding.message
        );
    }

    let summary = report.summary();
    let counts: Vec<String> = [
        Status::Pass,
        Status::Fail,
        Status::Error,
        Status::Manual,
        Status::NotApplicable,
    ]
    .iter()
    .map(|status| format!("{} {}", summary.count(*status), status_name(*status)))
    .collect();
    let _ = writeln!(
        out,
        "\nSummary: {} findings: {}; {} suppressed. Exit code {} (fail on {}).",
        summary.total,
        counts.join(", "),
        summary.suppressed,
        summary.exit_code,
        severity_name(report.fail_on)
    );
    for warning in &report.warnings {
        let _ = writeln!(out, "warning: {warning}");
    }
    out
}
