//! The JUnit XML report, in the layout CI systems read: one `<testsuite>`
//! per check and one `<testcase>` per check and resource (and region).
//!
//! FAIL is a `<failure>`, ERROR an `<error>`, NOT_APPLICABLE and MANUAL are
//! `<skipped>`, and so is a suppressed finding, with its reason.

use std::fmt::Write;

use super::xml::escape;
use super::{Report, ReportEntry, severity_name};
use crate::finding::Status;

/// Renders the report as JUnit XML.
pub fn render(report: &Report) -> String {
    // Group by check in order of first appearance.
    let mut suites: Vec<(&str, Vec<&ReportEntry>)> = Vec::new();
    for entry in &report.entries {
        let id = entry.finding.check_id.as_str();
        match suites.iter_mut().find(|(suite, _)| *suite == id) {
            Some((_, entries)) => entries.push(entry),
            None => suites.push((id, vec![entry])),
        }
    }

    let count = |entries: &[&ReportEntry], outcome: Outcome| {
        entries.iter().filter(|e| outcome_of(e) == outcome).count()
    };
    let all: Vec<&ReportEntry> = report.entries.iter().collect();

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"agentsec audit {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
        escape(&report.account_id),
        all.len(),
        count(&all, Outcome::Failure),
        count(&all, Outcome::Error),
        count(&all, Outcome::Skipped)
    );
    for (id, entries) in &suites {
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
            escape(id),
            entries.len(),
            count(entries, Outcome::Failure),
            count(entries, Outcome::Error),
            count(entries, Outcome::Skipped)
        );
        for entry in entries {
            write_case(&mut out, entry);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Passed,
    Failure,
    Error,
    Skipped,
}

fn outcome_of(entry: &ReportEntry) -> Outcome {
    if entry.suppression.is_some() {
        return Outcome::Skipped;
    }
    match entry.finding.status {
        Status::Pass => Outcome::Passed,
        Status::Fail => Outcome::Failure,
        Status::Error => Outcome::Error,
        Status::Manual | Status::NotApplicable => Outcome::Skipped,
    }
}

fn write_case(out: &mut String, entry: &ReportEntry) {
    let finding = &entry.finding;
    let name = match &finding.region {
        Some(region) => format!("{} ({region})", finding.resource),
        None => finding.resource.clone(),
    };
    let _ = write!(
        out,
        "    <testcase classname=\"{}\" name=\"{}\">",
        escape(&finding.check_id),
        escape(&name)
    );
    let message = escape(&finding.message);
    match outcome_of(entry) {
        Outcome::Passed => {}
        Outcome::Failure => {
            let _ = write!(
                out,
                "<failure message=\"{message}\" type=\"{}\">{message}\nRemediation: {}</failure>",
                severity_name(finding.severity),
                escape(&finding.remediation)
            );
        }
        Outcome::Error => {
            let _ = write!(
                out,
                "<error message=\"{message}\" type=\"ERROR\">{message}</error>"
            );
        }
        Outcome::Skipped => {
            let reason = match &entry.suppression {
                Some(s) => format!("suppressed until {}: {}", s.expires, s.reason),
                None => format!(
                    "{}: {}",
                    super::status_name(finding.status),
                    finding.message
                ),
            };
            let _ = write!(out, "<skipped message=\"{}\"/>", escape(&reason));
        }
    }
    out.push_str("</testcase>\n");
}
