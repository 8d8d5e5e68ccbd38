use time::macros::{date, datetime};

use super::*;
use crate::finding::{Finding, Severity, Status};

fn entry(status: Status, severity: Severity, suppressed: bool) -> ReportEntry {
    ReportEntry {
        finding: Finding {
            check_id: "iam-root-mfa".to_owned(),
            title: "Root user has MFA enabled".to_owned(),
            severity,
            status,
            resource: "arn:aws:iam::111122223333:root".to_owned(),
            region: None,
            message: "message".to_owned(),
            remediation: "remediation".to_owned(),
        },
        suppression: suppressed.then(|| AppliedSuppression {
            reason: "reviewed".to_owned(),
            expires: date!(2027 - 01 - 01),
        }),
    }
}

fn report(entries: Vec<ReportEntry>, fail_on: Severity) -> Report {
    Report {
        schema_version: REPORT_SCHEMA_VERSION,
        account_id: "111122223333".to_owned(),
        collected_at: datetime!(2026-06-01 12:00 UTC),
        fail_on,
        entries,
        warnings: Vec::new(),
    }
}

#[test]
fn exit_code_zero_without_failures() {
    let entries = vec![
        entry(Status::Pass, Severity::High, false),
        entry(Status::NotApplicable, Severity::High, false),
        entry(Status::Manual, Severity::High, false),
    ];

    assert_eq!(report(entries, Severity::Info).exit_code(), EXIT_OK);
}

#[test]
fn exit_code_one_at_or_above_fail_on() {
    let entries = vec![entry(Status::Fail, Severity::High, false)];

    assert_eq!(
        report(entries.clone(), Severity::High).exit_code(),
        EXIT_FAILED
    );
    assert_eq!(report(entries, Severity::Critical).exit_code(), EXIT_OK);
}

#[test]
fn exit_code_two_wins_over_failures() {
    let entries = vec![
        entry(Status::Fail, Severity::Critical, false),
        entry(Status::Error, Severity::Low, false),
    ];

    assert_eq!(report(entries, Severity::Info).exit_code(), EXIT_ERROR);
}

#[test]
fn suppressed_entries_do_not_count() {
    let entries = vec![
        entry(Status::Fail, Severity::Critical, true),
        entry(Status::Error, Severity::Critical, true),
    ];

    let report = report(entries, Severity::Info);

    assert_eq!(report.exit_code(), EXIT_OK);
    assert_eq!(report.summary().suppressed, 2);
    assert!(report.summary().failures_by_severity.is_empty());
}

#[test]
fn format_render_dispatches() {
    let report = report(
        vec![entry(Status::Fail, Severity::High, false)],
        Severity::Info,
    );

    assert!(Format::Json.render(&report).starts_with('{'));
    assert!(Format::Junit.render(&report).starts_with("<?xml"));
    assert!(Format::Html.render(&report).starts_with("<!DOCTYPE html>"));
    assert!(
        Format::Sarif
            .render(&report)
            .contains("\"version\": \"2.1.0\"")
    );
    assert!(Format::Text.render(&report).contains("iam-root-mfa [high]"));
}
