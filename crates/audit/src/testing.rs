//! Generated account models for tests and benchmarks; not part of the
//! stable API.
//!
//! [`compliant_account`] builds a small account (one region, project
//! `agentsec`, services `orbit` and `axon`) on which every check passes or
//! is not applicable, so a test can break one thing and watch one check
//! fail. [`synthetic_account`] grows it to a chosen number of managed
//! policies, security groups and roles for benchmarks.

use time::macros::datetime;

use crate::model::{
    AccessAnalyzerModel, AccountModel, AccountSummary, Analyzer, AppMeshModel, AttachedPolicy,
    CloudTrailModel, Collected, Ec2Model, FlowLog, IamModel, InlinePolicy, InternetGateway,
    KeyManager, KmsAlias, KmsKey, KmsModel, Listener, ManagedPolicy, Mesh, MetricAlarm,
    MetricFilter, MetricTransformation, MonitoringModel, NetworkAcl, NetworkAclEntry,
    PasswordPolicy, PolicyVersion, PortRange, PrefixList, RegionModel, Role, Route, RouteTable,
    RouteTableAssociation, RuleAction, Secret, SecretsModel, SecurityGroup, SecurityGroupRule,
    SnsSubscription, SnsTopic, Subnet, Trail, VirtualNode, Vpc,
};
use crate::policy::PolicyDocument;

/// The account id of generated models.
pub const ACCOUNT: &str = "111122223333";

/// The region of generated models.
pub const REGION: &str = "eu-west-1";

/// The SNS topic that the generated alarms notify.
pub const TOPIC: &str = "arn:aws:sns:eu-west-1:111122223333:security-alarms";

/// The log group the generated trail delivers to.
pub const LOG_GROUP: &str = "cloudtrail-logs";

/// Parses a policy document, panicking on invalid test input.
///
/// # Panics
///
/// Panics when the text is not a valid policy; only for fixed test data.
pub fn policy(text: &str) -> PolicyDocument {
    match PolicyDocument::parse(text) {
        Ok(document) => document,
        Err(error) => panic!("generated policy should parse: {error}\n{text}"),
    }
}

/// Returns the ARN of a generated KMS key.
pub fn key_arn(key_id: &str) -> String {
    format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/{key_id}")
}

/// Returns the ARN of a generated secret.
pub fn secret_arn(name: &str) -> String {
    format!("arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:{name}-AbCdEf")
}

/// Returns the ARN of a role.
pub fn role_arn(name: &str) -> String {
    format!("arn:aws:iam::{ACCOUNT}:role/{name}")
}

const BOUNDARY_ARN: &str = "arn:aws:iam::111122223333:policy/agentsec-boundary";

/// Builds a role with one inline policy and the project boundary.
pub fn role(name: &str, inline: &str) -> Role {
    Role {
        name: name.to_owned(),
        arn: role_arn(name),
        id: None,
        path: Some("/".to_owned()),
        trust_policy: policy(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}}"#,
        ),
        inline_policies: vec![InlinePolicy {
            name: format!("{name}-policy"),
            document: policy(inline),
        }],
        attached_policies: Vec::new(),
        permissions_boundary_arn: Some(BOUNDARY_ARN.to_owned()),
    }
}

fn service_policy(service: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[
        {{"Effect":"Allow","Action":["kms:Decrypt","kms:Encrypt","kms:GenerateDataKey"],"Resource":"{key}"}},
        {{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":["arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:agentsec/{service}/*","arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:agentsec/sigv4/signing-key-*"]}},
        {{"Effect":"Allow","Action":"kms:Decrypt","Resource":"{signing}"}}]}}"#,
        key = key_arn(&format!("key-{service}")),
        signing = key_arn("key-signing"),
    )
}

fn iam() -> IamModel {
    let boundary = policy(&format!(
        r#"{{"Version":"2012-10-17","Statement":[
        {{"Effect":"Allow","Action":["kms:Decrypt","kms:Encrypt","kms:GenerateDataKey"],"Resource":"arn:aws:kms:*:{ACCOUNT}:key/*"}},
        {{"Effect":"Allow","Action":["secretsmanager:GetSecretValue","secretsmanager:PutSecretValue","secretsmanager:DescribeSecret","secretsmanager:UpdateSecretVersionStage"],"Resource":"arn:aws:secretsmanager:*:{ACCOUNT}:secret:agentsec/*"}}]}}"#
    ));
    let rotation = format!(
        r#"{{"Version":"2012-10-17","Statement":[
        {{"Effect":"Allow","Action":["secretsmanager:GetSecretValue","secretsmanager:PutSecretValue","secretsmanager:DescribeSecret","secretsmanager:UpdateSecretVersionStage"],"Resource":"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:agentsec/sigv4/signing-key-*"}},
        {{"Effect":"Allow","Action":["kms:Decrypt","kms:GenerateDataKey"],"Resource":"{signing}"}}]}}"#,
        signing = key_arn("key-signing"),
    );
    let reader = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::agentsec-reports/*"}}"#;

    IamModel {
        account_id: Some(ACCOUNT.to_owned()),
        roles: vec![
            role("agentsec-orbit-role", &service_policy("orbit")),
            role("agentsec-axon-role", &service_policy("axon")),
            role("agentsec-rotation-role", &rotation),
            role("reports-reader-role", reader),
        ],
        managed_policies: vec![ManagedPolicy {
            name: "agentsec-boundary".to_owned(),
            arn: BOUNDARY_ARN.to_owned(),
            id: None,
            path: None,
            default_version_id: "v1".to_owned(),
            attachment_count: Some(0),
            permissions_boundary_usage_count: Some(4),
            versions: vec![PolicyVersion {
                version_id: "v1".to_owned(),
                is_default: true,
                document: boundary,
            }],
        }],
        password_policy: Collected::Value(Some(PasswordPolicy {
            minimum_password_length: Some(14),
            require_symbols: true,
            require_numbers: true,
            require_uppercase_characters: true,
            require_lowercase_characters: true,
            allow_users_to_change_password: true,
            max_password_age: Some(90),
            password_reuse_prevention: Some(24),
            hard_expiry: Some(false),
        })),
        account_summary: Collected::Value(AccountSummary {
            root_access_keys_present: false,
            root_mfa_enabled: true,
        }),
        ..IamModel::default()
    }
}

/// Builds a key policy that delegates to the account and names `roles`.
pub fn key_policy(roles: &[&str]) -> PolicyDocument {
    let principals: Vec<String> = roles
        .iter()
        .map(|name| format!("\"{}\"", role_arn(name)))
        .collect();
    policy(&format!(
        r#"{{"Version":"2012-10-17","Statement":[
        {{"Sid":"EnableIamPolicies","Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{ACCOUNT}:root"}},"Action":"kms:*","Resource":"*"}},
        {{"Sid":"ServiceUse","Effect":"Allow","Principal":{{"AWS":[{}]}},"Action":["kms:Decrypt","kms:Encrypt","kms:GenerateDataKey"],"Resource":"*"}}]}}"#,
        principals.join(",")
    ))
}

fn key(id: &str, roles: &[&str]) -> KmsKey {
    KmsKey {
        key_id: id.to_owned(),
        arn: key_arn(id),
        key_manager: KeyManager::Customer,
        key_state: "Enabled".to_owned(),
        key_spec: Some("SYMMETRIC_DEFAULT".to_owned()),
        rotation_enabled: Collected::Value(true),
        policy: Collected::Value(key_policy(roles)),
    }
}

fn alias(name: &str, key_id: &str) -> KmsAlias {
    KmsAlias {
        alias_name: name.to_owned(),
        alias_arn: Some(format!("arn:aws:kms:{REGION}:{ACCOUNT}:{name}")),
        target_key_id: Some(key_id.to_owned()),
    }
}

fn kms() -> KmsModel {
    KmsModel {
        keys: Collected::Value(vec![
            key("key-orbit", &["agentsec-orbit-role"]),
            key("key-axon", &["agentsec-axon-role"]),
            key(
                "key-signing",
                &[
                    "agentsec-orbit-role",
                    "agentsec-axon-role",
                    "agentsec-rotation-role",
                ],
            ),
        ]),
        aliases: Collected::Value(vec![
            alias("alias/agentsec-orbit", "key-orbit"),
            alias("alias/agentsec-axon", "key-axon"),
            alias("alias/agentsec-sigv4-signing", "key-signing"),
        ]),
    }
}

/// Builds a secret with rotation and no resource policy.
pub fn secret(name: &str, key_id: &str) -> Secret {
    Secret {
        name: name.to_owned(),
        arn: secret_arn(name),
        kms_key_id: Some(key_arn(key_id)),
        rotation_enabled: true,
        rotation_lambda_arn: Some(format!(
            "arn:aws:lambda:{REGION}:{ACCOUNT}:function:agentsec-rotation"
        )),
        resource_policy: Collected::Value(None),
    }
}

fn secrets() -> SecretsModel {
    let mut signing = secret("agentsec/sigv4/signing-key", "key-signing");
    signing.resource_policy = Collected::Value(Some(policy(&format!(
        r#"{{"Version":"2012-10-17","Statement":{{"Sid":"OnlyServices","Effect":"Deny","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*",
        "Condition":{{"StringNotLike":{{"aws:PrincipalArn":["{}","{}","{}"]}}}}}}}}"#,
        role_arn("agentsec-orbit-role"),
        role_arn("agentsec-axon-role"),
        role_arn("agentsec-rotation-role"),
    ))));
    SecretsModel {
        secrets: Collected::Value(vec![
            secret("agentsec/orbit/database", "key-orbit"),
            secret("agentsec/axon/model-token", "key-axon"),
            signing,
        ]),
    }
}

/// Builds a TCP ingress rule from one IPv4 CIDR.
pub fn tcp_rule(from: i32, to: i32, cidr: &str) -> SecurityGroupRule {
    SecurityGroupRule {
        ip_protocol: "tcp".to_owned(),
        from_port: Some(from),
        to_port: Some(to),
        ipv4_ranges: vec![cidr.to_owned()],
        ipv6_ranges: Vec::new(),
        prefix_list_ids: Vec::new(),
        referenced_group_ids: Vec::new(),
    }
}

/// Builds a security group in `vpc-1`.
pub fn security_group(id: &str, name: &str, ingress: Vec<SecurityGroupRule>) -> SecurityGroup {
    SecurityGroup {
        group_id: id.to_owned(),
        group_name: name.to_owned(),
        vpc_id: Some("vpc-1".to_owned()),
        arn: None,
        ingress,
        egress: Vec::new(),
    }
}

/// Builds a network ACL entry; `cidr` containing `:` is IPv6.
pub fn nacl_entry(
    number: i32,
    egress: bool,
    protocol: &str,
    action: RuleAction,
    cidr: &str,
    ports: Option<(i32, i32)>,
) -> NetworkAclEntry {
    let ipv6 = cidr.contains(':');
    NetworkAclEntry {
        rule_number: number,
        egress,
        protocol: protocol.to_owned(),
        rule_action: action,
        cidr_block: (!ipv6).then(|| cidr.to_owned()),
        ipv6_cidr_block: ipv6.then(|| cidr.to_owned()),
        port_range: ports.map(|(from, to)| PortRange { from, to }),
    }
}

fn ec2() -> Ec2Model {
    let tags = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    let mut db = security_group("sg-db", "database", vec![]);
    db.ingress.push(SecurityGroupRule {
        referenced_group_ids: vec!["sg-web".to_owned()],
        ..tcp_rule(5432, 5432, "10.0.0.0/16")
    });
    let mut web = security_group("sg-web", "web", vec![tcp_rule(443, 443, "10.0.0.0/16")]);
    web.ingress.push(SecurityGroupRule {
        prefix_list_ids: vec!["pl-office".to_owned()],
        ipv4_ranges: Vec::new(),
        ..tcp_rule(22, 22, "")
    });

    Ec2Model {
        vpcs: Collected::Value(vec![Vpc {
            vpc_id: "vpc-1".to_owned(),
            cidr_block: Some("10.0.0.0/16".to_owned()),
            is_default: false,
            tags: tags(&[("Name", "agentsec")]),
        }]),
        subnets: Collected::Value(vec![
            Subnet {
                subnet_id: "subnet-public".to_owned(),
                vpc_id: "vpc-1".to_owned(),
                arn: None,
                cidr_block: Some("10.0.0.0/24".to_owned()),
                map_public_ip_on_launch: true,
                tags: tags(&[("Name", "agentsec-public-a")]),
            },
            Subnet {
                subnet_id: "subnet-private".to_owned(),
                vpc_id: "vpc-1".to_owned(),
                arn: None,
                cidr_block: Some("10.0.1.0/24".to_owned()),
                map_public_ip_on_launch: false,
                tags: tags(&[("Name", "agentsec-app-a"), ("Tier", "private")]),
            },
        ]),
        route_tables: Collected::Value(vec![
            RouteTable {
                route_table_id: "rtb-main".to_owned(),
                vpc_id: "vpc-1".to_owned(),
                routes: vec![
                    Route {
                        destination_cidr_block: Some("10.0.0.0/16".to_owned()),
                        destination_ipv6_cidr_block: None,
                        destination_prefix_list_id: None,
                        gateway_id: Some("local".to_owned()),
                        nat_gateway_id: None,
                        state: Some("active".to_owned()),
                    },
                    Route {
                        destination_cidr_block: Some("0.0.0.0/0".to_owned()),
                        destination_ipv6_cidr_block: None,
                        destination_prefix_list_id: None,
                        gateway_id: None,
                        nat_gateway_id: Some("nat-1".to_owned()),
                        state: Some("active".to_owned()),
                    },
                ],
                associations: vec![RouteTableAssociation {
                    main: true,
                    subnet_id: None,
                    gateway_id: None,
                }],
            },
            RouteTable {
                route_table_id: "rtb-public".to_owned(),
                vpc_id: "vpc-1".to_owned(),
                routes: vec![Route {
                    destination_cidr_block: Some("0.0.0.0/0".to_owned()),
                    destination_ipv6_cidr_block: None,
                    destination_prefix_list_id: None,
                    gateway_id: Some("igw-1".to_owned()),
                    nat_gateway_id: None,
                    state: Some("active".to_owned()),
                }],
                associations: vec![RouteTableAssociation {
                    main: false,
                    subnet_id: Some("subnet-public".to_owned()),
                    gateway_id: None,
                }],
            },
        ]),
        internet_gateways: Collected::Value(vec![InternetGateway {
            internet_gateway_id: "igw-1".to_owned(),
            attached_vpc_ids: vec!["vpc-1".to_owned()],
        }]),
        security_groups: Collected::Value(vec![
            security_group("sg-default", "default", vec![]),
            web,
            db,
        ]),
        prefix_lists: Collected::Value(vec![PrefixList {
            prefix_list_id: "pl-office".to_owned(),
            name: Some("office".to_owned()),
            address_family: Some("IPv4".to_owned()),
            entries: vec!["198.51.100.0/24".to_owned()],
        }]),
        network_acls: Collected::Value(vec![NetworkAcl {
            network_acl_id: "acl-1".to_owned(),
            vpc_id: "vpc-1".to_owned(),
            is_default: true,
            subnet_ids: vec!["subnet-public".to_owned(), "subnet-private".to_owned()],
            entries: vec![
                nacl_entry(
                    90,
                    false,
                    "6",
                    RuleAction::Deny,
                    "0.0.0.0/0",
                    Some((22, 22)),
                ),
                nacl_entry(
                    91,
                    false,
                    "6",
                    RuleAction::Deny,
                    "0.0.0.0/0",
                    Some((3389, 3389)),
                ),
                nacl_entry(92, false, "6", RuleAction::Deny, "::/0", Some((22, 22))),
                nacl_entry(93, false, "6", RuleAction::Deny, "::/0", Some((3389, 3389))),
                nacl_entry(100, false, "-1", RuleAction::Allow, "0.0.0.0/0", None),
                nacl_entry(101, false, "-1", RuleAction::Allow, "::/0", None),
                nacl_entry(32767, false, "-1", RuleAction::Deny, "0.0.0.0/0", None),
                nacl_entry(100, true, "-1", RuleAction::Allow, "0.0.0.0/0", None),
                nacl_entry(32767, true, "-1", RuleAction::Deny, "0.0.0.0/0", None),
            ],
        }]),
        flow_logs: Collected::Value(vec![FlowLog {
            flow_log_id: "fl-1".to_owned(),
            resource_id: "vpc-1".to_owned(),
            traffic_type: Some("ALL".to_owned()),
            flow_log_status: Some("ACTIVE".to_owned()),
            log_destination_type: Some("cloud-watch-logs".to_owned()),
        }]),
    }
}

/// Builds the multi-Region trail of the generated account.
pub fn trail() -> Trail {
    Trail {
        name: "agentsec-trail".to_owned(),
        arn: format!("arn:aws:cloudtrail:{REGION}:{ACCOUNT}:trail/agentsec-trail"),
        home_region: REGION.to_owned(),
        is_multi_region: true,
        is_organization_trail: false,
        log_file_validation_enabled: true,
        kms_key_id: Some(key_arn("key-trail")),
        cloud_watch_logs_log_group_arn: Some(format!(
            "arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{LOG_GROUP}:*"
        )),
        s3_bucket_name: Some("agentsec-trail-logs".to_owned()),
        is_logging: Collected::Value(true),
    }
}

fn any_of(source: Option<&str>, names: &[&str]) -> String {
    let names: Vec<String> = names
        .iter()
        .map(|name| format!("($.eventName = {name})"))
        .collect();
    match source {
        Some(source) => format!(
            "{{ ($.eventSource = {source}) && ({}) }}",
            names.join(" || ")
        ),
        None => format!("{{ {} }}", names.join(" || ")),
    }
}

/// Returns the CIS filter patterns of CIS AWS Foundations Benchmark
/// v3.0.0 4.1 to 4.15, in that order.
pub fn cis_patterns() -> Vec<String> {
    vec![
        r#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }"#.to_owned(),
        r#"{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }"#.to_owned(),
        r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }"#.to_owned(),
        any_of(None, &["DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy", "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy"]),
        any_of(None, &["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"]),
        r#"{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }"#.to_owned(),
        any_of(Some("kms.amazonaws.com"), &["DisableKey", "ScheduleKeyDeletion"]),
        any_of(Some("s3.amazonaws.com"), &["PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle", "PutBucketReplication", "DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication"]),
        any_of(Some("config.amazonaws.com"), &["StopConfigurationRecorder", "DeleteDeliveryChannel", "PutDeliveryChannel", "PutConfigurationRecorder"]),
        any_of(None, &["AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup"]),
        any_of(None, &["CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry", "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation"]),
        any_of(None, &["CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway", "CreateInternetGateway", "DeleteInternetGateway", "DetachInternetGateway"]),
        any_of(Some("ec2.amazonaws.com"), &["CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation", "DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable"]),
        any_of(None, &["CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection", "CreateVpcPeeringConnection", "DeleteVpcPeeringConnection", "RejectVpcPeeringConnection", "AttachClassicLinkVpc", "DetachClassicLinkVpc", "DisableVpcClassicLink", "EnableVpcClassicLink"]),
        any_of(Some("organizations.amazonaws.com"), &["AcceptHandshake", "AttachPolicy", "CreateAccount", "CreateOrganizationalUnit", "CreatePolicy", "DeclineHandshake", "DeleteOrganization", "DeleteOrganizationalUnit", "DeletePolicy", "DetachPolicy", "DisablePolicyType", "EnablePolicyType", "InviteAccountToOrganization", "LeaveOrganization", "MoveAccount", "RemoveAccountFromOrganization", "UpdatePolicy", "UpdateOrganizationalUnit"]),
    ]
}

/// Builds an alarm on a metric that notifies [`TOPIC`].
pub fn alarm(name: &str, namespace: &str, metric: &str) -> MetricAlarm {
    MetricAlarm {
        alarm_name: name.to_owned(),
        alarm_arn: Some(format!(
            "arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:{name}"
        )),
        metric_name: Some(metric.to_owned()),
        namespace: Some(namespace.to_owned()),
        actions_enabled: true,
        alarm_actions: vec![TOPIC.to_owned()],
    }
}

fn monitoring() -> MonitoringModel {
    let mut filters = Vec::new();
    let mut alarms = Vec::new();
    for (index, pattern) in cis_patterns().into_iter().enumerate() {
        let metric = format!("cis-4-{}", index + 1);
        filters.push(MetricFilter {
            filter_name: format!("{metric}-filter"),
            log_group_name: LOG_GROUP.to_owned(),
            filter_pattern: pattern,
            metric_transformations: vec![MetricTransformation {
                metric_name: metric.clone(),
                metric_namespace: "CISBenchmark".to_owned(),
                metric_value: Some("1".to_owned()),
            }],
        });
        alarms.push(alarm(&format!("{metric}-alarm"), "CISBenchmark", &metric));
    }
    alarms.push(alarm(
        "agentsec-sigv4-rejections",
        "agentsec/Security",
        "SigV4Rejections",
    ));

    MonitoringModel {
        metric_filters: Collected::Value(filters),
        alarms: Collected::Value(alarms),
        topics: Collected::Value(vec![SnsTopic {
            topic_arn: TOPIC.to_owned(),
            subscriptions: vec![SnsSubscription {
                subscription_arn: format!("{TOPIC}:0b1c2d3e"),
                protocol: Some("email".to_owned()),
                endpoint: Some("security@example.com".to_owned()),
            }],
        }]),
    }
}

/// Builds a virtual node with one STRICT listener and enforced backend TLS.
pub fn virtual_node(name: &str) -> VirtualNode {
    VirtualNode {
        name: name.to_owned(),
        arn: format!("arn:aws:appmesh:{REGION}:{ACCOUNT}:mesh/agentsec/virtualNode/{name}"),
        listeners: vec![Listener {
            port: 8080,
            protocol: "http".to_owned(),
            tls_mode: Some("STRICT".to_owned()),
        }],
        backend_defaults_tls_enforce: Some(true),
    }
}

fn app_mesh() -> AppMeshModel {
    AppMeshModel {
        meshes: Collected::Value(vec![Mesh {
            name: "agentsec".to_owned(),
            arn: format!("arn:aws:appmesh:{REGION}:{ACCOUNT}:mesh/agentsec"),
            egress_filter: "DROP_ALL".to_owned(),
            virtual_nodes: Collected::Value(vec![virtual_node("orbit"), virtual_node("axon")]),
        }]),
    }
}

/// Builds the compliant one-region account described in the module doc.
pub fn compliant_account() -> AccountModel {
    let mut model = AccountModel::new(ACCOUNT, &[REGION], datetime!(2026-06-01 12:00 UTC));
    model.iam = Collected::Value(iam());
    model.regions = vec![RegionModel {
        region: REGION.to_owned(),
        ec2: ec2(),
        kms: kms(),
        secrets: secrets(),
        cloudtrail: CloudTrailModel {
            trails: Collected::Value(vec![trail()]),
        },
        monitoring: monitoring(),
        access_analyzer: AccessAnalyzerModel {
            analyzers: Collected::Value(vec![Analyzer {
                name: "account-analyzer".to_owned(),
                arn: format!(
                    "arn:aws:access-analyzer:{REGION}:{ACCOUNT}:analyzer/account-analyzer"
                ),
                analyzer_type: "ACCOUNT".to_owned(),
                status: "ACTIVE".to_owned(),
                active_findings: Collected::Value(Vec::new()),
            }]),
        },
        app_mesh: app_mesh(),
    }];
    model
}

/// Builds [`compliant_account`] grown to `policies` extra customer managed
/// policies, `security_groups` extra security groups and `roles` extra
/// roles. Each extra role attaches five of the policies, round robin. Every
/// tenth policy allows `s3:*` on `*` and every tenth security group opens
/// TCP 22 to `0.0.0.0/0`, so the checks produce a mix of verdicts.
pub fn synthetic_account(policies: usize, security_groups: usize, roles: usize) -> AccountModel {
    let mut model = compliant_account();

    if let Collected::Value(iam) = &mut model.iam {
        for index in 0..policies {
            let document = if index % 10 == 0 {
                r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#.to_owned()
            } else {
                format!(
                    r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::bucket-{index}/*"}},{{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:{REGION}:{ACCOUNT}:queue-{index}","Condition":{{"StringEquals":{{"aws:RequestedRegion":"{REGION}"}}}}}}]}}"#
                )
            };
            let name = format!("generated-policy-{index}");
            iam.managed_policies.push(ManagedPolicy {
                arn: format!("arn:aws:iam::{ACCOUNT}:policy/{name}"),
                name,
                id: None,
                path: None,
                default_version_id: "v1".to_owned(),
                attachment_count: Some(1),
                permissions_boundary_usage_count: Some(0),
                versions: vec![PolicyVersion {
                    version_id: "v1".to_owned(),
                    is_default: true,
                    document: policy(&document),
                }],
            });
        }

        for index in 0..roles {
            let mut generated = role(
                &format!("generated-role-{index}"),
                r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"logs:PutLogEvents","Resource":"*"}}"#,
            );
            if policies > 0 {
                for offset in 0..5 {
                    let name = format!("generated-policy-{}", (index * 5 + offset) % policies);
                    generated.attached_policies.push(AttachedPolicy {
                        arn: format!("arn:aws:iam::{ACCOUNT}:policy/{name}"),
                        name,
                    });
                }
            }
            iam.roles.push(generated);
        }
    }

    if let Some(region) = model.regions.first_mut()
        && let Collected::Value(groups) = &mut region.ec2.security_groups
    {
        for index in 0..security_groups {
            let source = if index % 10 == 0 {
                "0.0.0.0/0"
            } else {
                "10.0.0.0/8"
            };
            groups.push(security_group(
                &format!("sg-gen{index}"),
                &format!("generated-{index}"),
                vec![tcp_rule(22, 22, source), tcp_rule(443, 443, "10.0.0.0/8")],
            ));
        }
    }
    model
}
