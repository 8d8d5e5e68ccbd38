//! Every audit check against a moto server on 127.0.0.1. First the checks
//! run on the compliant environment that `agentsec provision-local` creates
//! (the resources of the Terraform modules): every check must PASS except
//! what moto cannot represent. Then one control per check is broken through
//! the AWS SDK, and each broken control must FAIL.
//!
//! The policy-shape, security-group, network ACL and key-policy traps are in
//! `audit_moto.rs`; this file covers the account-level controls.

mod common;

use std::collections::BTreeSet;

use agentsec_audit::checks::ALL_CHECKS;
use agentsec_testkit::Moto;
use aws_config::SdkConfig;
use common::{REGION, agentsec, assert_status, findings, json_report, sdk_config};
use serde_json::Value;

const PROJECT: &str = "agentsec";

/// Findings that are not PASS on the compliant environment, and why.
const EXPECTED_NOT_PASS: &[(&str, &str, &str)] = &[
    (
        "accessanalyzer-enabled",
        "ERROR",
        "moto has no Access Analyzer API",
    ),
    (
        "accessanalyzer-active-findings",
        "ERROR",
        "moto has no Access Analyzer API",
    ),
    (
        "appmesh-egress-drop-all",
        "ERROR",
        "moto's App Mesh timestamps do not parse",
    ),
    (
        "appmesh-service-virtual-node",
        "ERROR",
        "moto's App Mesh timestamps do not parse",
    ),
    (
        "appmesh-listener-tls-strict",
        "ERROR",
        "moto's App Mesh timestamps do not parse",
    ),
    (
        "appmesh-backend-tls-enforced",
        "ERROR",
        "moto's App Mesh timestamps do not parse",
    ),
    (
        "iam-root-mfa",
        "FAIL",
        "moto always reports root MFA disabled",
    ),
    (
        "iam-console-user-mfa",
        "NOT_APPLICABLE",
        "the environment has no IAM users",
    ),
    (
        "isolation-secret-cross-service",
        "NOT_APPLICABLE",
        "the modules create no per-service secret",
    ),
];

fn provision(moto: &Moto) {
    let output = agentsec(
        moto,
        &[
            "provision-local",
            "--endpoint-url",
            &moto.endpoint,
            "--project-name",
            PROJECT,
            "--region",
            REGION,
        ],
    );
    assert!(
        output.status.success(),
        "provision-local failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn audit(moto: &Moto) -> Value {
    json_report(&agentsec(
        moto,
        &["audit", "--project-name", PROJECT, "--format", "json"],
    ))
}

fn assert_compliant(report: &Value) {
    let seen: BTreeSet<&str> = findings(report)
        .filter_map(|f| f["check_id"].as_str())
        .collect();
    for check in ALL_CHECKS {
        assert!(seen.contains(check.id), "no finding for check {}", check.id);
    }
    for finding in findings(report) {
        let (check, status) = (
            finding["check_id"].as_str().unwrap_or_default(),
            finding["status"].as_str().unwrap_or_default(),
        );
        if status == "PASS" {
            continue;
        }
        let expected = EXPECTED_NOT_PASS
            .iter()
            .any(|(id, expected, _)| *id == check && *expected == status);
        assert!(
            expected,
            "compliant environment: unexpected {status} of {check}: {}",
            finding["message"]
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn compliant_environment_passes_and_each_broken_control_fails() {
    let moto = Moto::start();
    provision(&moto);
    assert_compliant(&audit(&moto));

    let config = sdk_config(&moto).await;
    break_iam(&config).await;
    break_logging(&config).await;
    break_keys_and_secrets(&config).await;
    break_network(&config).await;

    let report = audit(&moto);
    let failures = [
        ("iam-password-policy-minimum-length", "root"),
        ("iam-password-policy-character-classes", "root"),
        ("iam-password-policy-reuse-prevention", "root"),
        ("iam-password-policy-max-age", "root"),
        ("iam-console-user-mfa", "user/console-without-mfa"),
        (
            "iam-service-role-permissions-boundary",
            "role/agentsec-orbit-role",
        ),
        ("cloudwatch-alarm-root-usage", ""),
        ("cloudwatch-sigv4-rejections-alarm", ""),
        ("cloudtrail-log-file-validation", "trail/agentsec-trail"),
        (
            "kms-cmk-rotation-enabled",
            &key_arn(&config, "alias/agentsec-orbit").await,
        ),
        (
            "isolation-kms-cross-service",
            &key_arn(&config, "alias/agentsec-orbit").await,
        ),
        (
            "secretsmanager-rotation-enabled",
            "agentsec/orbit/unrotated",
        ),
        ("isolation-secret-cross-service", "agentsec/orbit/unrotated"),
        ("vpc-flow-logs-enabled", ""),
        ("ec2-default-sg-no-rules", ""),
        ("vpc-private-subnet-no-igw-route", ""),
    ];
    for (check, resource) in failures {
        let matching: Vec<&Value> = findings(&report)
            .filter(|f| {
                f["check_id"] == check
                    && f["resource"].as_str().is_some_and(|r| r.contains(resource))
            })
            .collect();
        assert!(
            matching.iter().any(|f| f["status"] == "FAIL"),
            "{check} on {resource:?}: expected a FAIL, found {:?}",
            matching
                .iter()
                .map(|f| (&f["status"], &f["message"]))
                .collect::<Vec<_>>()
        );
    }
    // Controls left alone keep their verdict.
    assert_status(
        &report,
        "iam-service-role-permissions-boundary",
        "role/agentsec-axon-role",
        "PASS",
    );
    assert_status(&report, "cloudwatch-alarm-iam-policy-changes", "", "PASS");
    assert_status(
        &report,
        "secretsmanager-rotation-enabled",
        "agentsec/sigv4/signing-key",
        "PASS",
    );
}

fn must<T, E: std::fmt::Debug>(what: &str, result: Result<T, E>) -> T {
    match result {
        Ok(value) => value,
        Err(error) => panic!("{what}: {error:?}"),
    }
}

async fn key_arn(config: &SdkConfig, alias: &str) -> String {
    let kms = aws_sdk_kms::Client::new(config);
    let key = must(
        "kms:DescribeKey",
        kms.describe_key().key_id(alias).send().await,
    );
    key.key_metadata()
        .map(|m| m.arn().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

/// Weakens the password policy, adds a console user without MFA and removes
/// a service role's permission boundary.
async fn break_iam(config: &SdkConfig) {
    let iam = aws_sdk_iam::Client::new(config);
    must(
        "iam:UpdateAccountPasswordPolicy",
        iam.update_account_password_policy()
            .minimum_password_length(8)
            .require_symbols(false)
            .password_reuse_prevention(1)
            .max_password_age(365)
            .send()
            .await,
    );
    must(
        "iam:CreateUser",
        iam.create_user()
            .user_name("console-without-mfa")
            .send()
            .await,
    );
    must(
        "iam:CreateLoginProfile",
        iam.create_login_profile()
            .user_name("console-without-mfa")
            .password("Not-a-real-password-0")
            .send()
            .await,
    );
    must(
        "iam:DeleteRolePermissionsBoundary",
        iam.delete_role_permissions_boundary()
            .role_name("agentsec-orbit-role")
            .send()
            .await,
    );
}

/// Deletes the root-usage and SigV4-rejection alarms and turns off log file
/// validation on the trail.
async fn break_logging(config: &SdkConfig) {
    let cloudwatch = aws_sdk_cloudwatch::Client::new(config);
    must(
        "cloudwatch:DeleteAlarms",
        cloudwatch
            .delete_alarms()
            .alarm_names(format!("{PROJECT}-cis-root-account-usage"))
            .alarm_names(format!("{PROJECT}-sigv4-rejections"))
            .send()
            .await,
    );
    let cloudtrail = aws_sdk_cloudtrail::Client::new(config);
    must(
        "cloudtrail:UpdateTrail",
        cloudtrail
            .update_trail()
            .name(format!("{PROJECT}-trail"))
            .enable_log_file_validation(false)
            .send()
            .await,
    );
}

/// Turns off Orbit's key rotation, adds an Orbit secret without rotation,
/// and lets Axon's role use Orbit's key and read Orbit's secrets.
async fn break_keys_and_secrets(config: &SdkConfig) {
    let kms = aws_sdk_kms::Client::new(config);
    let orbit_key = key_arn(config, "alias/agentsec-orbit").await;
    must(
        "kms:DisableKeyRotation",
        kms.disable_key_rotation().key_id(&orbit_key).send().await,
    );
    let account = orbit_key.split(':').nth(4).unwrap_or_default().to_owned();
    let policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[
        {{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{account}:root"}},"Action":["kms:Describe*","kms:Put*","kms:Enable*","kms:Disable*"],"Resource":"*"}},
        {{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{account}:role/agentsec-axon-role"}},"Action":"kms:Decrypt","Resource":"*"}}]}}"#
    );
    must(
        "kms:PutKeyPolicy",
        kms.put_key_policy()
            .key_id(&orbit_key)
            .policy_name("default")
            .policy(policy)
            .send()
            .await,
    );

    // moto's CancelRotateSecret responds as if rotation were being enabled,
    // so the unrotated secret is a new one: Orbit's own, under its key.
    let secrets = aws_sdk_secretsmanager::Client::new(config);
    must(
        "secretsmanager:CreateSecret",
        secrets
            .create_secret()
            .name("agentsec/orbit/unrotated")
            .kms_key_id("alias/agentsec-orbit")
            .secret_string("{}")
            .send()
            .await,
    );
    let iam = aws_sdk_iam::Client::new(config);
    let read_orbit_secrets = format!(
        r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Action":"secretsmanager:GetSecretValue",
        "Resource":"arn:aws:secretsmanager:{REGION}:{account}:secret:agentsec/orbit/*"}}}}"#
    );
    must(
        "iam:PutRolePolicy",
        iam.put_role_policy()
            .role_name("agentsec-axon-role")
            .policy_name("read-orbit-secrets")
            .policy_document(read_orbit_secrets)
            .send()
            .await,
    );
}

/// Deletes the flow logs, adds a rule to a default security group and
/// routes the private subnets to a new internet gateway.
async fn break_network(config: &SdkConfig) {
    let ec2 = aws_sdk_ec2::Client::new(config);
    let flow_logs = must(
        "ec2:DescribeFlowLogs",
        ec2.describe_flow_logs().send().await,
    );
    let ids: Vec<String> = flow_logs
        .flow_logs()
        .iter()
        .filter_map(|f| f.flow_log_id().map(str::to_owned))
        .collect();
    must(
        "ec2:DeleteFlowLogs",
        ec2.delete_flow_logs()
            .set_flow_log_ids(Some(ids))
            .send()
            .await,
    );

    let groups = must(
        "ec2:DescribeSecurityGroups",
        ec2.describe_security_groups()
            .filters(
                aws_sdk_ec2::types::Filter::builder()
                    .name("group-name")
                    .values("default")
                    .build(),
            )
            .send()
            .await,
    );
    let default_group = groups
        .security_groups()
        .first()
        .and_then(|g| g.group_id())
        .unwrap_or_default();
    let rule = aws_sdk_ec2::types::IpPermission::builder()
        .ip_protocol("tcp")
        .from_port(443)
        .to_port(443)
        .ip_ranges(
            aws_sdk_ec2::types::IpRange::builder()
                .cidr_ip("10.0.0.0/8")
                .build(),
        )
        .build();
    must(
        "ec2:AuthorizeSecurityGroupIngress",
        ec2.authorize_security_group_ingress()
            .group_id(default_group)
            .ip_permissions(rule)
            .send()
            .await,
    );

    let tables = must(
        "ec2:DescribeRouteTables",
        ec2.describe_route_tables()
            .filters(
                aws_sdk_ec2::types::Filter::builder()
                    .name("tag:Name")
                    .values(format!("{PROJECT}-private"))
                    .build(),
            )
            .send()
            .await,
    );
    let Some(table) = tables.route_tables().first() else {
        panic!("the private route table {PROJECT}-private does not exist");
    };
    let gateway = must(
        "ec2:CreateInternetGateway",
        ec2.create_internet_gateway().send().await,
    );
    let gateway_id = gateway
        .internet_gateway()
        .and_then(|g| g.internet_gateway_id())
        .unwrap_or_default();
    must(
        "ec2:AttachInternetGateway",
        ec2.attach_internet_gateway()
            .internet_gateway_id(gateway_id)
            .vpc_id(table.vpc_id().unwrap_or_default())
            .send()
            .await,
    );
    must(
        "ec2:CreateRoute",
        ec2.create_route()
            .route_table_id(table.route_table_id().unwrap_or_default())
            .destination_cidr_block("0.0.0.0/0")
            .gateway_id(gateway_id)
            .send()
            .await,
    );
}
