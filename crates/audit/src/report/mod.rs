//! The result of an audit run and its renderings for people (text, HTML)
//! and machines (JSON, SARIF 2.1.0, JUnit XML).
//!
//! Exit codes, for the CLI: [`EXIT_OK`] when nothing failed,
//! [`EXIT_FAILED`] when an unsuppressed FAIL reaches the `fail_on`
//! severity, [`EXIT_ERROR`] when an unsuppressed check could not run
//! (ERROR) or the input was invalid. ERROR wins over FAIL, because a run
//! with blind spots cannot vouch for anything.

pub mod html;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod text;
mod xml;

use std::collections::BTreeMap;

use time::{Date, OffsetDateTime};

use crate::finding::{Finding, Severity, Status};

/// The version of the JSON report layout.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

/// Exit code: no unsuppressed failure at or above `fail_on`, and no error.
pub const EXIT_OK: i32 = 0;

/// Exit code: an unsuppressed FAIL at or above `fail_on`.
pub const EXIT_FAILED: i32 = 1;

/// Exit code: a check could not run (ERROR), or the input was invalid.
pub const EXIT_ERROR: i32 = 2;

/// A suppression that applied to a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedSuppression {
    /// The reason the finding is accepted.
    pub reason: String,

    /// The last day the suppression applies.
    pub expires: Date,
}

/// A finding with the suppression that applied to it, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportEntry {
    /// The finding.
    pub finding: Finding,

    /// The suppression that applied, if any.
    pub suppression: Option<AppliedSuppression>,
}

impl ReportEntry {
    /// Returns whether the entry counts for the exit code.
    pub fn counts(&self) -> bool {
        self.suppression.is_none()
    }
}

/// The result of one audit run.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// [`REPORT_SCHEMA_VERSION`].
    pub schema_version: u32,

    /// The audited account.
    pub account_id: String,

    /// When the model was collected.
    pub collected_at: OffsetDateTime,

    /// The severity from which an unsuppressed FAIL sets exit code 1.
    pub fail_on: Severity,

    /// The findings, grouped by check family and region.
    pub entries: Vec<ReportEntry>,

    /// Warnings about the run, such as expired suppressions.
    pub warnings: Vec<String>,
}

/// Counts of a report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    /// Number of findings.
    pub total: usize,

    /// Findings per status, suppressed ones included.
    pub by_status: BTreeMap<Status, usize>,

    /// Unsuppressed FAIL findings per severity.
    pub failures_by_severity: BTreeMap<Severity, usize>,

    /// Suppressed findings.
    pub suppressed: usize,

    /// The exit code the report calls for.
    pub exit_code: i32,
}

impl Summary {
    /// Returns the count of one status.
    pub fn count(&self, status: Status) -> usize {
        self.by_status.get(&status).copied().unwrap_or(0)
    }
}

impl Report {
    /// Returns the exit code: [`EXIT_ERROR`] if any unsuppressed finding is
    /// ERROR, else [`EXIT_FAILED`] if any unsuppressed FAIL has a severity
    /// at or above `fail_on`, else [`EXIT_OK`].
    pub fn exit_code(&self) -> i32 {
        let counted = self.entries.iter().filter(|entry| entry.counts());
        let mut code = EXIT_OK;
        for entry in counted {
            match entry.finding.status {
                Status::Error => return EXIT_ERROR,
                Status::Fail if entry.finding.severity >= self.fail_on => code = EXIT_FAILED,
                _ => {}
            }
        }
        code
    }

    /// Counts the findings.
    pub fn summary(&self) -> Summary {
        let mut summary = Summary {
            total: self.entries.len(),
            exit_code: self.exit_code(),
            ..Summary::default()
        };
        for entry in &self.entries {
            *summary.by_status.entry(entry.finding.status).or_default() += 1;
            if entry.suppression.is_some() {
                summary.suppressed += 1;
            } else if entry.finding.status == Status::Fail {
                *summary
                    .failures_by_severity
                    .entry(entry.finding.severity)
                    .or_default() += 1;
            }
        }
        summary
    }
}

/// The report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text for a terminal.
    Text,

    /// JSON, see [`json`].
    Json,

    /// SARIF 2.1.0, see [`sarif`].
    Sarif,

    /// JUnit XML, see [`junit`].
    Junit,

    /// One self-contained HTML page, see [`html`].
    Html,
}

impl Format {
    /// Renders the report in this format.
    pub fn render(self, report: &Report) -> String {
        match self {
            Self::Text => text::render(report),
            Self::Json => json::render(report),
            Self::Sarif => sarif::render(report),
            Self::Junit => junit::render(report),
            Self::Html => html::render(report),
        }
    }
}

/// Returns the status name used in every format (`PASS`, `FAIL`, ...).
pub fn status_name(status: Status) -> &'static str {
    match status {
        Status::Pass => "PASS",
        Status::Fail => "FAIL",
        Status::Error => "ERROR",
        Status::Manual => "MANUAL",
        Status::NotApplicable => "NOT_APPLICABLE",
    }
}

/// Returns the severity name used in every format (`critical`, ...).
pub fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Info => "info",
        Severity::Low => "low",
        Severity::Medium => "medium",
        Severity::High => "high",
        Severity::Critical => "critical",
    }
}

#[cfg(test)]
mod tests;
