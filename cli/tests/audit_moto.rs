//! `agentsec audit` and `agentsec collect` against a moto server on
//! 127.0.0.1, populated through the AWS SDK with compliant and
//! non-compliant resources.
//!
//! Every process gets `AWS_ENDPOINT_URL` pointing at moto and
//! `AWS_EC2_METADATA_DISABLED=true`, so nothing leaves the loopback
//! interface. moto has no IAM Access Analyzer API, so every run also shows
//! that a missing API gives ERROR naming the call and exit code 2.

mod common;

use std::path::Path;

use agentsec_testkit::Moto;
use aws_config::SdkConfig;
use common::{REGION, agentsec, assert_status, json_report, sdk_config, statuses};
use serde_json::Value;

/// The resource ids the verdict assertions look for.
struct Fixture {
    admin_ports_ipv6_sg: String,
    prefix_list_sg: String,
    private_sg: String,
    shadowed_acl: String,
    ordered_acl: String,
    public_key: String,
    restricted_key: String,
    case_key: String,
}

async fn create_policy(iam: &aws_sdk_iam::Client, name: &str, document: &str) -> String {
    let output = iam
        .create_policy()
        .policy_name(name)
        .policy_document(document)
        .send()
        .await;
    match output {
        Ok(output) => output
            .policy()
            .and_then(|policy| policy.arn())
            .unwrap_or_default()
            .to_owned(),
        Err(error) => panic!("create_policy {name}: {error:?}"),
    }
}

async fn populate_iam(config: &SdkConfig) {
    let iam = aws_sdk_iam::Client::new(config);

    // Single-object Statement granting everything.
    create_policy(
        &iam,
        "trap-admin-single-object",
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#,
    )
    .await;
    // The same grant with an unrelated Deny added: the verdict must stay FAIL.
    create_policy(
        &iam,
        "trap-admin-plus-unrelated",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::unrelated-bucket"}]}"#,
    )
    .await;
    // A Deny under a condition does not remove the grant.
    create_policy(
        &iam,
        "trap-admin-conditional-deny",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}"#,
    )
    .await;
    create_policy(
        &iam,
        "trap-not-action",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}"#,
    )
    .await;
    create_policy(
        &iam,
        "trap-middle-wildcard",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:Put*Policy","Resource":"*"}]}"#,
    )
    .await;
    create_policy(
        &iam,
        "compliant-reader",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::agentsec-reports"}]}"#,
    )
    .await;

    // A risky first version replaced by a harmless default version.
    let versioned = create_policy(
        &iam,
        "trap-risky-old-version",
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#,
    )
    .await;
    let version = iam
        .create_policy_version()
        .policy_arn(&versioned)
        .policy_document(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::agentsec-reports"}}"#,
        )
        .set_as_default(true)
        .send()
        .await;
    assert!(version.is_ok(), "create_policy_version: {version:?}");
}

async fn populate_network(config: &SdkConfig) -> (String, String, String, String, String) {
    let ec2 = aws_sdk_ec2::Client::new(config);
    let vpc = ec2
        .create_vpc()
        .cidr_block("10.20.0.0/16")
        .send()
        .await
        .unwrap_or_else(|error| panic!("create_vpc: {error:?}"));
    let vpc_id = vpc
        .vpc()
        .and_then(|vpc| vpc.vpc_id())
        .unwrap_or_default()
        .to_owned();

    let group = |name: &'static str| {
        let ec2 = ec2.clone();
        let vpc_id = vpc_id.clone();
        async move {
            ec2.create_security_group()
                .group_name(name)
                .description(name)
                .vpc_id(vpc_id)
                .send()
                .await
                .unwrap_or_else(|error| panic!("create_security_group {name}: {error:?}"))
                .group_id()
                .unwrap_or_default()
                .to_owned()
        }
    };
    use aws_sdk_ec2::types::{IpPermission, Ipv6Range, IpRange, PrefixListId};

    // Open to the whole IPv6 internet only, on SSH.
    let ipv6_sg = group("trap-ipv6-ssh").await;
    let ipv6_rule = IpPermission::builder()
        .ip_protocol("tcp")
        .from_port(22)
        .to_port(22)
        .ipv6_ranges(Ipv6Range::builder().cidr_ipv6("::/0").build())
        .build();
    let result = ec2
        .authorize_security_group_ingress()
        .group_id(&ipv6_sg)
        .ip_permissions(ipv6_rule)
        .send()
        .await;
    assert!(result.is_ok(), "authorize ipv6 rule: {result:?}");

    // A prefix list that contains 0.0.0.0/0, as the source of a database port.
    let prefix_list = ec2
        .create_managed_prefix_list()
        .prefix_list_name("trap-everyone")
        .address_family("IPv4")
        .max_entries(5)
        .entries(
            aws_sdk_ec2::types::AddPrefixListEntry::builder()
                .cidr("0.0.0.0/0")
                .build(),
        )
        .send()
        .await
        .unwrap_or_else(|error| panic!("create_managed_prefix_list: {error:?}"));
    let prefix_list_id = prefix_list
        .prefix_list()
        .and_then(|list| list.prefix_list_id())
        .unwrap_or_default()
        .to_owned();
    let prefix_sg = group("trap-prefix-list-mysql").await;
    let prefix_rule = IpPermission::builder()
        .ip_protocol("tcp")
        .from_port(3306)
        .to_port(3306)
        .prefix_list_ids(PrefixListId::builder().prefix_list_id(&prefix_list_id).build())
        .build();
    let result = ec2
        .authorize_security_group_ingress()
        .group_id(&prefix_sg)
        .ip_permissions(prefix_rule)
        .send()
        .await;
    assert!(result.is_ok(), "authorize prefix list rule: {result:?}");

    // Private source only.
    let private_sg = group("compliant-private-https").await;
    let private_rule = IpPermission::builder()
        .ip_protocol("tcp")
        .from_port(443)
        .to_port(443)
        .ip_ranges(IpRange::builder().cidr_ip("10.20.0.0/16").build())
        .build();
    let result = ec2
        .authorize_security_group_ingress()
        .group_id(&private_sg)
        .ip_permissions(private_rule)
        .send()
        .await;
    assert!(result.is_ok(), "authorize private rule: {result:?}");

    // Network ACLs: allow 22 at 100 then deny 22 at 200 (the deny is
    // shadowed), and the reverse order (the deny wins).
    let acl = |entries: [(i32, aws_sdk_ec2::types::RuleAction); 2]| {
        let ec2 = ec2.clone();
        let vpc_id = vpc_id.clone();
        async move {
            let acl_id = ec2
                .create_network_acl()
                .vpc_id(vpc_id)
                .send()
                .await
                .unwrap_or_else(|error| panic!("create_network_acl: {error:?}"))
                .network_acl()
                .and_then(|acl| acl.network_acl_id())
                .unwrap_or_default()
                .to_owned();
            for (rule_number, action) in entries {
                let result = ec2
                    .create_network_acl_entry()
                    .network_acl_id(&acl_id)
                    .rule_number(rule_number)
                    .protocol("6")
                    .rule_action(action)
                    .egress(false)
                    .cidr_block("0.0.0.0/0")
                    .port_range(aws_sdk_ec2::types::PortRange::builder().from(22).to(22).build())
                    .send()
                    .await;
                assert!(result.is_ok(), "create_network_acl_entry: {result:?}");
            }
            acl_id
        }
    };
    use aws_sdk_ec2::types::RuleAction;
    let shadowed = acl([(100, RuleAction::Allow), (200, RuleAction::Deny)]).await;
    let ordered = acl([(100, RuleAction::Deny), (200, RuleAction::Allow)]).await;

    (ipv6_sg, prefix_sg, private_sg, shadowed, ordered)
}

async fn create_key(kms: &aws_sdk_kms::Client, policy: &str) -> String {
    let output = kms
        .create_key()
        .policy(policy)
        .send()
        .await
        .unwrap_or_else(|error| panic!("create_key: {error:?}"));
    output
        .key_metadata()
        .map(|metadata| metadata.key_id().to_owned())
        .unwrap_or_default()
}

async fn populate_kms_and_secrets(config: &SdkConfig, account: &str) -> (String, String, String) {
    let kms = aws_sdk_kms::Client::new(config);
    let admin = format!(
        r#"{{"Sid":"Admin","Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{account}:root"}},"Action":"kms:*","Resource":"*"}}"#
    );
    let public = create_key(
        &kms,
        &format!(
            r#"{{"Version":"2012-10-17","Statement":[{admin},{{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"}}]}}"#
        ),
    )
    .await;
    let restricted = create_key(
        &kms,
        &format!(
            r#"{{"Version":"2012-10-17","Statement":[{admin},{{"Effect":"Allow","Principal":{{"AWS":"*"}},"Action":"kms:Decrypt","Resource":"*","Condition":{{"StringEquals":{{"kms:CallerAccount":"{account}","kms:ViaService":"secretsmanager.{REGION}.amazonaws.com"}}}}}}]}}"#
        ),
    )
    .await;
    let other_case = create_key(
        &kms,
        &format!(
            r#"{{"Version":"2012-10-17","Statement":[{admin},{{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*","Condition":{{"StringEquals":{{"KMS:callerAccount":"{account}"}}}}}}]}}"#
        ),
    )
    .await;
    let rotation = kms.enable_key_rotation().key_id(&restricted).send().await;
    assert!(rotation.is_ok(), "enable_key_rotation: {rotation:?}");

    let secrets = aws_sdk_secretsmanager::Client::new(config);
    let created = secrets
        .create_secret()
        .name("agentsec/orbit/public")
        .secret_string("{}")
        .send()
        .await
        .unwrap_or_else(|error| panic!("create_secret: {error:?}"));
    let result = secrets
        .put_resource_policy()
        .secret_id(created.arn().unwrap_or_default())
        .resource_policy(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#,
        )
        .send()
        .await;
    assert!(result.is_ok(), "put_resource_policy: {result:?}");

    (public, restricted, other_case)
}

async fn populate_trail_and_mesh(moto: &Moto, config: &SdkConfig) {
    // CloudTrail needs an existing bucket; moto accepts an unsigned PUT.
    let bucket = reqwest::Client::new()
        .put(format!("{}/agentsec-trail-logs", moto.endpoint))
        .send()
        .await;
    assert!(bucket.is_ok(), "create bucket: {bucket:?}");

    let cloudtrail = aws_sdk_cloudtrail::Client::new(config);
    let trail = cloudtrail
        .create_trail()
        .name("trap-stopped-trail")
        .s3_bucket_name("agentsec-trail-logs")
        .is_multi_region_trail(true)
        .enable_log_file_validation(true)
        .send()
        .await;
    assert!(trail.is_ok(), "create_trail: {trail:?}");
    let started = cloudtrail
        .start_logging()
        .name("trap-stopped-trail")
        .send()
        .await;
    assert!(started.is_ok(), "start_logging: {started:?}");
    let stopped = cloudtrail
        .stop_logging()
        .name("trap-stopped-trail")
        .send()
        .await;
    assert!(stopped.is_ok(), "stop_logging: {stopped:?}");

    // moto (5.2.5) stores the mesh but writes timestamps such as
    // "04/12/2026, 22:26:07", which the SDK cannot parse, so the response
    // is an error; every App Mesh read fails the same way.
    let mesh = aws_sdk_appmesh::Client::new(config);
    let _ = mesh.create_mesh().mesh_name("trap-open-mesh").send().await;
}

async fn populate(moto: &Moto) -> Fixture {
    let config = sdk_config(moto).await;
    // moto's default account.
    let account = "123456789012";

    populate_iam(&config).await;
    let (admin_ports_ipv6_sg, prefix_list_sg, private_sg, shadowed_acl, ordered_acl) =
        populate_network(&config).await;
    let (public_key, restricted_key, case_key) = populate_kms_and_secrets(&config, account).await;
    populate_trail_and_mesh(moto, &config).await;

    Fixture {
        admin_ports_ipv6_sg,
        prefix_list_sg,
        private_sg,
        shadowed_acl,
        ordered_acl,
        public_key,
        restricted_key,
        case_key,
    }
}

fn assert_verdicts(report: &Value, fixture: &Fixture) {
    // IAM policy shapes.
    assert_status(report, "iam-policy-full-admin", "policy/trap-admin-single-object", "FAIL");
    assert_status(report, "iam-policy-full-admin", "policy/trap-admin-plus-unrelated", "FAIL");
    assert_status(report, "iam-policy-full-admin", "policy/trap-admin-conditional-deny", "FAIL");
    assert_status(report, "iam-policy-full-admin", "policy/trap-risky-old-version", "PASS");
    assert_status(report, "iam-policy-full-admin", "policy/compliant-reader", "PASS");
    assert_status(report, "iam-policy-not-action-allow", "policy/trap-not-action", "FAIL");
    assert_status(report, "iam-policy-not-action-allow", "policy/compliant-reader", "PASS");
    assert_status(report, "iam-policy-wildcard-action", "policy/trap-middle-wildcard", "FAIL");
    assert_status(report, "iam-policy-wildcard-action", "policy/compliant-reader", "PASS");

    // Security groups.
    assert_status(report, "ec2-sg-open-admin-ports", &fixture.admin_ports_ipv6_sg, "FAIL");
    assert_status(report, "ec2-sg-open-admin-ports", &fixture.private_sg, "PASS");
    assert_status(report, "ec2-sg-open-database-ports", &fixture.prefix_list_sg, "FAIL");
    assert_status(report, "ec2-sg-open-database-ports", &fixture.private_sg, "PASS");

    // Network ACL order.
    assert_status(report, "ec2-nacl-shadowed-deny", &fixture.shadowed_acl, "FAIL");
    assert_status(report, "ec2-nacl-shadowed-deny", &fixture.ordered_acl, "PASS");
    assert_status(report, "ec2-nacl-open-admin-ports", &fixture.shadowed_acl, "FAIL");
    assert_status(report, "ec2-nacl-open-admin-ports", &fixture.ordered_acl, "PASS");

    // KMS key policies and rotation.
    assert_status(report, "kms-key-policy-not-public", &fixture.public_key, "FAIL");
    assert_status(report, "kms-key-policy-not-public", &fixture.restricted_key, "PASS");
    assert_status(report, "kms-key-policy-not-public", &fixture.case_key, "PASS");
    assert_status(report, "kms-cmk-rotation-enabled", &fixture.restricted_key, "PASS");
    assert_status(report, "kms-cmk-rotation-enabled", &fixture.public_key, "FAIL");

    // Secrets Manager resource policy.
    assert_status(report, "secretsmanager-policy-not-public", "agentsec/orbit/public", "FAIL");

    // The stopped trail does not count as logging.
    let trail = statuses(report, "cloudtrail-multi-region-logging", "");
    assert!(
        trail.iter().any(|status| status == "FAIL"),
        "cloudtrail-multi-region-logging: expected FAIL, found {trail:?}"
    );

    // App Mesh responses from moto do not parse, so the checks report ERROR
    // naming the call.
    let mesh: Vec<&Value> = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|finding| finding["check_id"] == "appmesh-egress-drop-all")
        .collect();
    assert!(!mesh.is_empty(), "no appmesh-egress-drop-all finding");
    for finding in mesh {
        assert_eq!(finding["status"], "ERROR", "{finding}");
        let message = finding["message"].as_str().unwrap_or_default();
        assert!(message.contains("appmesh:ListMeshes"), "{message}");
    }
}

fn assert_access_analyzer_error(report: &Value) {
    let findings: Vec<&Value> = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|finding| finding["check_id"] == "accessanalyzer-enabled")
        .collect();
    assert!(!findings.is_empty(), "no accessanalyzer-enabled finding");
    for finding in findings {
        assert_eq!(finding["status"], "ERROR", "{finding}");
        let message = finding["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("access-analyzer:ListAnalyzers"),
            "message does not name the call: {message}"
        );
    }
}

/// Compares two reports finding by finding and names the first difference.
fn assert_same_findings(offline: &Value, live: &Value) {
    let empty = Vec::new();
    let offline = offline["findings"].as_array().unwrap_or(&empty);
    let live = live["findings"].as_array().unwrap_or(&empty);
    for (index, (a, b)) in offline.iter().zip(live).enumerate() {
        assert_eq!(a, b, "finding {index} differs (left: offline, right: live)");
    }
    assert_eq!(offline.len(), live.len(), "number of findings differs");
}

#[tokio::test(flavor = "multi_thread")]
async fn live_audit_reports_each_trap() {
    let moto = Moto::start();
    let fixture = populate(&moto).await;

    let output = agentsec(&moto, &["audit", "--format", "json"]);
    let report = json_report(&output);

    assert_verdicts(&report, &fixture);
    assert_access_analyzer_error(&report);
    assert_eq!(output.status.code(), Some(2), "exit code with a missing API");
    // moto leaves PolicyName out of GetAccountAuthorizationDetails; the
    // message still names the policy.
    let admin = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|finding| finding["resource"].as_str().is_some_and(|r| r.ends_with("/trap-admin-single-object")))
        .map(|finding| finding["message"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_default();
    assert!(admin.contains("managed policy trap-admin-single-object (v1)"), "{admin}");
    assert_eq!(report["summary"]["exit_code"], 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn snapshot_round_trip_matches_live() {
    let moto = Moto::start();
    let fixture = populate(&moto).await;
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("temp dir: {error}"));
    let snapshot = dir.path().join("snapshot");
    let snapshot_arg = snapshot.to_string_lossy().into_owned();

    let collected = agentsec(&moto, &["collect", "--out", &snapshot_arg]);
    assert!(
        collected.status.success(),
        "collect failed: {}",
        String::from_utf8_lossy(&collected.stderr)
    );
    let live = json_report(&agentsec(&moto, &["audit", "--format", "json"]));
    let offline_output = agentsec(
        &moto,
        &["audit", "--snapshot", &snapshot_arg, "--format", "json"],
    );
    let offline = json_report(&offline_output);

    assert_same_findings(&offline, &live);
    assert_verdicts(&offline, &fixture);
    assert_eq!(offline_output.status.code(), Some(2));
    assert!(Path::new(&snapshot).join("manifest.json").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn test_isolation_runs_only_its_checks() {
    let moto = Moto::start();
    let fixture = populate(&moto).await;

    let output = agentsec(&moto, &["test-isolation", "--format", "json"]);
    let report = json_report(&output);

    let families = ["isolation-", "kms-", "secretsmanager-", "ec2-", "vpc-", "appmesh-"];
    for finding in report["findings"].as_array().into_iter().flatten() {
        let id = finding["check_id"].as_str().unwrap_or_default();
        assert!(
            families.iter().any(|prefix| id.starts_with(prefix)),
            "unexpected check {id}"
        );
    }
    assert_status(&report, "ec2-sg-open-admin-ports", &fixture.admin_ports_ipv6_sg, "FAIL");
    // The account has no agentsec-orbit-role or agentsec-axon-role, so the
    // cross-service isolation checks report ERROR.
    assert_eq!(output.status.code(), Some(2));
}
