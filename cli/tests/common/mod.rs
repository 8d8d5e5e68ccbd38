//! Helpers shared by the tests that run `agentsec` against a moto server:
//! SDK configuration, running the binary, and reading its JSON report.

#![allow(dead_code)]

use std::process::{Command, Output};

use agentsec_testkit::Moto;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_iam::config::Credentials;
use serde_json::Value;

/// The region every test provisions into and audits.
pub const REGION: &str = "us-east-1";

/// Builds an SDK configuration that reaches only the moto server.
pub async fn sdk_config(moto: &Moto) -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .endpoint_url(&moto.endpoint)
        .region(Region::new(REGION))
        .credentials_provider(Credentials::new("testing", "testing", None, None, "moto"))
        .load()
        .await
}

/// Runs `agentsec` with the moto environment and no AWS profile.
pub fn agentsec(moto: &Moto, args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_agentsec"))
        .args(args)
        .envs(moto.aws_env())
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .env_remove("PROJECT_NAME")
        .output();
    match output {
        Ok(output) => output,
        Err(error) => panic!("cannot run agentsec {args:?}: {error}"),
    }
}

/// Parses the JSON report on standard output.
pub fn json_report(output: &Output) -> Value {
    match serde_json::from_slice(&output.stdout) {
        Ok(value) => value,
        Err(error) => panic!(
            "report is not JSON: {error}\nstderr: {}",
            String::from_utf8_lossy(&output.stderr)
        ),
    }
}

/// Returns the findings of a report.
pub fn findings(report: &Value) -> impl Iterator<Item = &Value> {
    report["findings"].as_array().into_iter().flatten()
}

/// Returns the statuses of one check's findings whose resource contains
/// `resource_part`.
pub fn statuses(report: &Value, check_id: &str, resource_part: &str) -> Vec<String> {
    findings(report)
        .filter(|finding| finding["check_id"] == check_id)
        .filter(|finding| {
            finding["resource"]
                .as_str()
                .is_some_and(|resource| resource.contains(resource_part))
        })
        .map(|finding| finding["status"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Asserts that the check has findings on the resource, all with the
/// expected status.
pub fn assert_status(report: &Value, check_id: &str, resource_part: &str, expected: &str) {
    let found = statuses(report, check_id, resource_part);
    assert!(
        !found.is_empty() && found.iter().all(|status| status == expected),
        "{check_id} on {resource_part}: expected {expected}, found {found:?}"
    );
}
