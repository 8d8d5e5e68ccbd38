//! Writes snapshots and reads them back: round trip, missing parts,
//! schema versions, authorization details exports and broken files.

use std::path::Path;

use agentsec_audit::finding::Status;
use agentsec_audit::model::{Collected, SCHEMA_VERSION};
use agentsec_audit::snapshot::{self, SnapshotError};
use agentsec_audit::testing::compliant_account;
use agentsec_audit::{AuditOptions, run};
use time::macros::date;

fn temp_dir() -> tempfile::TempDir {
    match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(error) => panic!("cannot create a temporary directory: {error}"),
    }
}

fn write_file(path: &Path, text: &str) {
    if let Err(error) = std::fs::write(path, text) {
        panic!("cannot write {}: {error}", path.display());
    }
}

fn read_error(dir: &Path) -> String {
    match snapshot::read(dir) {
        Ok(_) => panic!("reading {} should fail", dir.display()),
        Err(error) => error.to_string(),
    }
}

#[test]
fn schema_version_is_pinned() {
    assert_eq!(SCHEMA_VERSION, 1);
}

#[test]
fn round_trip_keeps_the_model() {
    let dir = temp_dir();
    let mut model = compliant_account();
    model.regions[0].ec2.flow_logs = Collected::failed("ec2:DescribeFlowLogs", "AccessDenied");

    if let Err(error) = snapshot::write(dir.path(), &model) {
        panic!("write failed: {error}");
    }
    let read = match snapshot::read(dir.path()) {
        Ok(read) => read,
        Err(error) => panic!("read failed: {error}"),
    };

    assert_eq!(read, model);
}

#[test]
fn missing_part_errors_with_call() {
    let dir = temp_dir();
    if let Err(error) = snapshot::write(dir.path(), &compliant_account()) {
        panic!("write failed: {error}");
    }
    let part = dir.path().join("regions/eu-west-1/accessanalyzer.json");
    if let Err(error) = std::fs::remove_file(&part) {
        panic!("cannot remove {}: {error}", part.display());
    }

    let model = match snapshot::read(dir.path()) {
        Ok(model) => model,
        Err(error) => panic!("read failed: {error}"),
    };
    let report = run(
        &model,
        &AuditOptions::new("agentsec", date!(2026 - 06 - 02)),
    );
    let finding = report
        .entries
        .iter()
        .map(|entry| &entry.finding)
        .find(|finding| finding.check_id == "accessanalyzer-enabled");

    assert_eq!(
        model.regions[0].access_analyzer.analyzers,
        Collected::NotCollected
    );
    assert_eq!(finding.map(|f| f.status), Some(Status::Error));
    assert!(finding.is_some_and(|f| {
        f.message
            .contains("access-analyzer:ListAnalyzers was not collected in region eu-west-1")
    }));
}

#[test]
fn missing_iam_file_is_not_collected() {
    let dir = temp_dir();
    let mut model = compliant_account();
    model.iam = Collected::NotCollected;
    if let Err(error) = snapshot::write(dir.path(), &model) {
        panic!("write failed: {error}");
    }

    assert!(!dir.path().join("iam.json").exists());
    assert_eq!(
        snapshot::read(dir.path()).ok().map(|m| m.iam),
        Some(Collected::NotCollected)
    );
}

#[test]
fn rejects_newer_schema_version() {
    let dir = temp_dir();
    write_file(
        &dir.path().join("manifest.json"),
        r#"{"schema_version": 99, "account_id": "111122223333", "collected_at": "2026-06-01T12:00:00Z", "regions": []}"#,
    );

    let message = read_error(dir.path());

    assert!(message.contains("manifest.json"), "{message}");
    assert!(
        message.contains("schema_version 99 is newer than the supported version 1"),
        "{message}"
    );
}

#[test]
fn rejects_missing_schema_version() {
    let dir = temp_dir();
    write_file(
        &dir.path().join("manifest.json"),
        r#"{"account_id": "111122223333", "collected_at": "2026-06-01T12:00:00Z", "regions": []}"#,
    );

    assert!(read_error(dir.path()).contains("field schema_version"));
}

#[test]
fn rejects_region_names_that_leave_the_directory() {
    let dir = temp_dir();
    write_file(
        &dir.path().join("manifest.json"),
        r#"{"schema_version": 1, "account_id": "111122223333", "collected_at": "2026-06-01T12:00:00Z", "regions": ["../etc"]}"#,
    );

    let error = snapshot::read(dir.path());

    assert!(matches!(error, Err(SnapshotError::InvalidRegion { .. })));
}

#[test]
fn broken_part_names_file_and_field() {
    let dir = temp_dir();
    if let Err(error) = snapshot::write(dir.path(), &compliant_account()) {
        panic!("write failed: {error}");
    }
    write_file(
        &dir.path().join("regions/eu-west-1/ec2.json"),
        r#"{"vpcs": {"state": "value", "value": [{"vpc_id": 7}]}}"#,
    );

    let message = read_error(dir.path());

    assert!(message.contains("regions/eu-west-1/ec2.json"), "{message}");
    assert!(message.contains("vpcs.value[0].vpc_id"), "{message}");
}

#[test]
fn malformed_json_names_the_file() {
    let dir = temp_dir();
    if let Err(error) = snapshot::write(dir.path(), &compliant_account()) {
        panic!("write failed: {error}");
    }
    write_file(&dir.path().join("regions/eu-west-1/kms.json"), "{ not json");

    let message = read_error(dir.path());

    assert!(message.contains("kms.json"), "{message}");
}

#[test]
fn missing_manifest_is_an_error_naming_it() {
    let dir = temp_dir();

    assert!(read_error(dir.path()).contains("manifest.json"));
}

#[test]
fn accepts_authorization_details_as_iam_part() {
    let dir = temp_dir();
    if let Err(error) = snapshot::write(dir.path(), &compliant_account()) {
        panic!("write failed: {error}");
    }
    write_file(
        &dir.path().join("iam.json"),
        r#"{"RoleDetailList": [{"RoleName": "agentsec-orbit-role", "Arn": "arn:aws:iam::111122223333:role/agentsec-orbit-role",
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}}}],
            "UserDetailList": [], "GroupDetailList": [], "Policies": [], "IsTruncated": false}"#,
    );

    let model = match snapshot::read(dir.path()) {
        Ok(model) => model,
        Err(error) => panic!("read failed: {error}"),
    };

    match &model.iam {
        Collected::Value(iam) => {
            assert_eq!(iam.roles.len(), 1);
            assert_eq!(iam.account_id.as_deref(), Some("111122223333"));
            assert_eq!(iam.password_policy, Collected::NotCollected);
        }
        other => panic!("IAM part should load, got {other:?}"),
    }
}

#[test]
fn invalid_policy_in_export_names_the_file() {
    let dir = temp_dir();
    if let Err(error) = snapshot::write(dir.path(), &compliant_account()) {
        panic!("write failed: {error}");
    }
    write_file(
        &dir.path().join("iam.json"),
        r#"{"UserDetailList": [{"UserName": "bob", "Arn": "arn:aws:iam::111122223333:user/bob",
            "UserPolicyList": [{"PolicyName": "bad", "PolicyDocument": {"Statement": {"Effect": "Maybe", "Action": "s3:*"}}}]}]}"#,
    );

    let message = read_error(dir.path());

    assert!(message.contains("iam.json"), "{message}");
    assert!(
        message.contains("user \"bob\": inline policy \"bad\""),
        "{message}"
    );
}
