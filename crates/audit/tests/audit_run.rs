//! Runs the whole audit on the generated compliant account and on
//! variations of it, through the public API the CLI uses.

use agentsec_audit::finding::Status;
use agentsec_audit::report::{EXIT_ERROR, EXIT_FAILED, EXIT_OK};
use agentsec_audit::testing::compliant_account;
use agentsec_audit::{AuditOptions, run};
use time::macros::date;

fn options() -> AuditOptions {
    AuditOptions::new("agentsec", date!(2026 - 06 - 02))
}

#[test]
fn compliant_account_passes_every_check() {
    let report = run(&compliant_account(), &options());

    let bad: Vec<String> = report
        .entries
        .iter()
        .filter(|entry| matches!(entry.finding.status, Status::Fail | Status::Error))
        .map(|entry| {
            format!(
                "{} {:?} {}: {}",
                entry.finding.check_id,
                entry.finding.status,
                entry.finding.resource,
                entry.finding.message
            )
        })
        .collect();

    assert!(bad.is_empty(), "unexpected findings:\n{}", bad.join("\n"));
    assert_eq!(report.exit_code(), EXIT_OK);
}

#[test]
fn every_check_reports_on_the_compliant_account() {
    let report = run(&compliant_account(), &options());

    for check in agentsec_audit::checks::ALL_CHECKS {
        assert!(
            report
                .entries
                .iter()
                .any(|entry| entry.finding.check_id == check.id),
            "{} produced no finding",
            check.id
        );
    }
}

#[test]
fn exit_codes_follow_statuses() {
    let mut model = compliant_account();
    model.regions[0].ec2.security_groups =
        agentsec_audit::model::Collected::failed("ec2:DescribeSecurityGroups", "AccessDenied");
    assert_eq!(run(&model, &options()).exit_code(), EXIT_ERROR);

    let mut model = compliant_account();
    model.regions[0].secrets.secrets = agentsec_audit::model::Collected::Value(vec![{
        let mut secret = agentsec_audit::testing::secret("agentsec/orbit/extra", "key-orbit");
        secret.rotation_enabled = false;
        secret
    }]);
    let report = run(&model, &options());
    assert_eq!(report.exit_code(), EXIT_FAILED);

    let mut strict = options();
    strict.fail_on = agentsec_audit::finding::Severity::High;
    let report = run(&model, &strict);
    assert_eq!(
        report.exit_code(),
        EXIT_OK,
        "medium failures below fail_on high"
    );
}

#[test]
fn region_missing_from_model_reports_errors() {
    let mut opts = options();
    opts.regions = vec!["ap-south-1".to_owned()];

    let report = run(&compliant_account(), &opts);
    let regional: Vec<_> = report
        .entries
        .iter()
        .filter(|entry| entry.finding.region.as_deref() == Some("ap-south-1"))
        .collect();

    assert!(!regional.is_empty());
    assert!(
        regional
            .iter()
            .all(|entry| entry.finding.status == Status::Error)
    );
    assert_eq!(report.exit_code(), EXIT_ERROR);
}

#[test]
fn check_filter_and_minimum_severity_select_findings() {
    let mut opts = options();
    opts.checks = vec!["ec2-sg".to_owned()];
    let report = run(&compliant_account(), &opts);
    assert!(!report.entries.is_empty());
    assert!(
        report
            .entries
            .iter()
            .all(|e| e.finding.check_id.starts_with("ec2-sg-"))
    );

    let mut opts = options();
    opts.minimum_severity = agentsec_audit::finding::Severity::Critical;
    let report = run(&compliant_account(), &opts);
    assert!(
        report
            .entries
            .iter()
            .all(|e| e.finding.severity == agentsec_audit::finding::Severity::Critical)
    );
}

#[test]
fn suppression_keeps_finding_and_clears_exit_code() {
    let mut model = compliant_account();
    if let agentsec_audit::model::Collected::Value(secrets) = &mut model.regions[0].secrets.secrets
    {
        secrets[0].rotation_enabled = false;
    }
    let mut opts = options();
    opts.suppressions = vec![agentsec_audit::suppression::Suppression {
        check_id: "secretsmanager-rotation-enabled".to_owned(),
        resource: "arn:aws:secretsmanager:*:secret:agentsec/orbit/*".to_owned(),
        reason: "rotation lands next sprint".to_owned(),
        expires: date!(2026 - 07 - 01),
    }];

    let report = run(&model, &opts);
    let suppressed: Vec<_> = report
        .entries
        .iter()
        .filter(|e| e.suppression.is_some())
        .collect();

    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0].finding.status, Status::Fail);
    assert_eq!(report.exit_code(), EXIT_OK);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

#[test]
fn expired_suppression_is_not_applied_and_warned() {
    let mut model = compliant_account();
    if let agentsec_audit::model::Collected::Value(secrets) = &mut model.regions[0].secrets.secrets
    {
        secrets[0].rotation_enabled = false;
    }
    let mut opts = options();
    opts.suppressions = vec![agentsec_audit::suppression::Suppression {
        check_id: "secretsmanager-rotation-enabled".to_owned(),
        resource: "*".to_owned(),
        reason: "old exception".to_owned(),
        expires: date!(2026 - 06 - 01),
    }];

    let report = run(&model, &opts);

    assert!(report.entries.iter().all(|e| e.suppression.is_none()));
    assert_eq!(report.exit_code(), EXIT_FAILED);
    assert_eq!(report.warnings.len(), 1);
    assert!(
        report.warnings[0].contains("expired on 2026-06-01"),
        "{}",
        report.warnings[0]
    );
}

#[test]
fn missing_iam_part_errors_every_iam_check() {
    let mut model = compliant_account();
    model.iam = agentsec_audit::model::Collected::NotCollected;

    let report = run(&model, &options());
    let iam: Vec<_> = report
        .entries
        .iter()
        .filter(|e| e.finding.check_id.starts_with("iam-"))
        .collect();

    assert_eq!(iam.len(), agentsec_audit::checks::iam::CHECKS.len());
    assert!(iam.iter().all(|e| e.finding.status == Status::Error));
    assert!(
        iam[0]
            .finding
            .message
            .contains("iam:GetAccountAuthorizationDetails")
    );
}
