//! `agentsec audit --snapshot` on snapshot files only: report formats,
//! authorization-details exports, broken input and the documented exit
//! codes. No AWS endpoint is involved; the environment still points any
//! stray client at an unused loopback port.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use agentsec_audit::snapshot;
use agentsec_audit::testing::compliant_account;
use serde_json::Value;

fn agentsec(args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_agentsec"))
        .args(args)
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("PROJECT_NAME")
        .output();
    match output {
        Ok(output) => output,
        Err(error) => panic!("cannot run agentsec {args:?}: {error}"),
    }
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|error| panic!("temp dir: {error}"))
}

fn write_compliant(dir: &Path) -> String {
    let path = dir.join("snapshot");
    if let Err(error) = snapshot::write(&path, &compliant_account()) {
        panic!("write snapshot: {error}");
    }
    path.to_string_lossy().into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn compliant_snapshot_exits_zero() {
    let dir = temp_dir();
    let snapshot = write_compliant(dir.path());

    let output = agentsec(&["audit", "--snapshot", &snapshot]);

    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout: {}\nstderr: {}",
        stdout(&output),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn json_and_sarif_reports_parse() {
    let dir = temp_dir();
    let snapshot = write_compliant(dir.path());

    for format in ["json", "sarif"] {
        let output = agentsec(&["audit", "--snapshot", &snapshot, "--format", format]);
        let parsed: Result<Value, _> = serde_json::from_slice(&output.stdout);
        assert!(parsed.is_ok(), "{format} report is not JSON: {parsed:?}");
    }
}

#[test]
fn junit_report_is_well_formed_xml() {
    let dir = temp_dir();
    let snapshot = write_compliant(dir.path());
    let report = dir.path().join("report.xml");
    let report_arg = report.to_string_lossy().into_owned();

    let output = agentsec(&[
        "audit", "--snapshot", &snapshot, "--format", "junit", "--output", &report_arg,
    ]);
    assert_eq!(output.status.code(), Some(0));
    let text = std::fs::read_to_string(&report).unwrap_or_default();

    let mut reader = quick_xml::Reader::from_str(&text);
    let mut elements = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(_) | quick_xml::events::Event::Empty(_)) => {
                elements += 1;
            }
            Ok(_) => {}
            Err(error) => panic!("invalid JUnit XML: {error}"),
        }
    }
    assert!(elements > 1, "JUnit report has no test cases");
}

#[test]
fn html_report_contains_summary() {
    let dir = temp_dir();
    let snapshot = write_compliant(dir.path());

    let output = agentsec(&["audit", "--snapshot", &snapshot, "--format", "html"]);
    let html = stdout(&output);

    assert!(html.contains("<html"), "not an HTML page");
    assert!(html.to_lowercase().contains("summary"), "no summary in the page");
}

#[test]
fn fail_on_threshold_sets_exit_code() {
    let dir = temp_dir();
    let mut model = compliant_account();
    if let agentsec_audit::model::Collected::Value(iam) = &mut model.iam {
        iam.password_policy = agentsec_audit::model::Collected::Value(None);
    }
    let path = dir.path().join("snapshot");
    if let Err(error) = snapshot::write(&path, &model) {
        panic!("write snapshot: {error}");
    }
    let snapshot = path.to_string_lossy().into_owned();

    let failing = agentsec(&["audit", "--snapshot", &snapshot]);
    let tolerant = agentsec(&["audit", "--snapshot", &snapshot, "--fail-on", "critical"]);

    assert_eq!(failing.status.code(), Some(1));
    assert_eq!(tolerant.status.code(), Some(0));
}

#[test]
fn broken_snapshot_exits_two() {
    let dir = temp_dir();
    let snapshot = write_compliant(dir.path());
    let ec2 = PathBuf::from(&snapshot).join("regions/eu-west-1/ec2.json");
    if let Err(error) = std::fs::write(&ec2, "{\"vpcs\": [") {
        panic!("write {}: {error}", ec2.display());
    }

    let output = agentsec(&["audit", "--snapshot", &snapshot]);
    let stderr = String::from_utf8_lossy(&output.stderr);

    assert_eq!(output.status.code(), Some(2));
    assert!(stderr.contains("ec2.json"), "error does not name the file: {stderr}");
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
}

#[test]
fn missing_snapshot_exits_two() {
    let dir = temp_dir();
    let missing = dir.path().join("nothing").to_string_lossy().into_owned();

    let output = agentsec(&["audit", "--snapshot", &missing]);

    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("manifest.json"));
}

#[test]
fn unknown_check_filter_exits_two() {
    let dir = temp_dir();
    let snapshot = write_compliant(dir.path());

    let output = agentsec(&["audit", "--snapshot", &snapshot, "--checks", "no-such"]);

    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn authorization_details_exports_audit_without_crash() {
    let exports = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/iam-authorization-details");
    let Ok(entries) = std::fs::read_dir(&exports) else {
        panic!("cannot list {}", exports.display());
    };
    let mut audited = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|ext| ext.to_str()) != Some("json") {
            continue;
        }
        let dir = temp_dir();
        let snapshot = write_compliant(dir.path());
        if let Err(error) = std::fs::copy(&path, PathBuf::from(&snapshot).join("iam.json")) {
            panic!("copy {}: {error}", path.display());
        }

        let output = agentsec(&["audit", "--snapshot", &snapshot, "--format", "json"]);
        let stderr = String::from_utf8_lossy(&output.stderr);

        assert!(!stderr.contains("panicked"), "{}: {stderr}", path.display());
        let report: Result<Value, _> = serde_json::from_slice(&output.stdout);
        assert!(report.is_ok(), "{}: no JSON report: {stderr}", path.display());
        // The exports lack the password policy and MFA facts, so ERROR.
        assert_eq!(output.status.code(), Some(2), "{}", path.display());
        audited += 1;
    }
    assert!(audited >= 2, "expected at least two exports, found {audited}");
}

#[test]
fn help_documents_exit_codes() {
    for command in ["audit", "test-isolation"] {
        let output = agentsec(&[command, "--help"]);
        let help = stdout(&output);

        assert!(help.contains("Exit codes:"), "{command} --help: {help}");
        assert!(help.contains("--fail-on"), "{command} --help: {help}");
    }
}
