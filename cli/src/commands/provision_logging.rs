//! Logging and monitoring part of `provision-local`: the multi-Region trail
//! with its bucket, KMS key and log group, the CIS metric filters and
//! alarms, the alarm topic, the services' log groups with the SigV4 metric
//! filters and alarms (`infra/modules/security` and
//! `infra/modules/monitoring`), and an App Mesh mesh with TLS.

use std::time::SystemTime;

use anyhow::Context as _;
use aws_sdk_cloudwatch::types::{ComparisonOperator, Statistic};
use aws_sdk_cloudwatchlogs::types::MetricTransformation;
use serde_json::json;

use super::provision::Context;
use super::provision_iam::{SERVICES, cloudtrail_logs_role_name};
use super::provision_secrets::{create_key, key_policy};

/// The CIS AWS Foundations Benchmark controls that the security module
/// watches: control name (metric and alarm suffix) and CloudWatch Logs
/// filter pattern, exactly as `infra/modules/security/cis_alarms.tf` sets
/// them.
const CIS_CONTROLS: &[(&str, &str)] = &[
    ("unauthorized-api-calls", r#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }"#),
    ("console-signin-without-mfa", r#"{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }"#),
    ("root-account-usage", r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }"#),
    ("iam-policy-changes", "{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) }"),
    ("cloudtrail-config-changes", "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }"),
    ("console-authentication-failures", r#"{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }"#),
    ("cmk-disable-or-deletion", "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }"),
    ("s3-bucket-policy-changes", "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }"),
    ("config-changes", "{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }"),
    ("security-group-changes", "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }"),
    ("nacl-changes", "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }"),
    ("network-gateway-changes", "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }"),
    ("route-table-changes", "{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }"),
    ("vpc-changes", "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }"),
    ("organizations-changes", r#"{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }"#),
];

/// The reason codes of `sigv4_rejected` events that get their own metric,
/// as in `infra/modules/monitoring`.
const SIGV4_REASONS: &[&str] = &[
    "missing_authentication",
    "malformed",
    "unknown_key",
    "expired",
    "clock_skew",
    "scope_not_allowed",
    "signature_mismatch",
    "body_hash_mismatch",
    "replayed",
    "body_too_large",
    "not_implemented",
];

/// The service security events: filter suffix, metric name, pattern.
const SERVICE_EVENTS: &[(&str, &str, &str)] = &[
    ("sigv4-rejections", "SigV4Rejections", r#"{ $.event = "sigv4_rejected" }"#),
    ("sigv4-replays", "SigV4Replays", r#"{ ($.event = "sigv4_rejected") && ($.reason = "replayed") }"#),
    ("authz-denials", "AuthorizationDenials", r#"{ $.event = "authz_denied" }"#),
];

/// Returns the log group that the trail delivers to.
pub fn trail_log_group_name(project: &str) -> String {
    format!("/aws/cloudtrail/{project}")
}

/// Creates the trail, the alarms and the mesh. A mesh that cannot be
/// created is reported and skipped: moto 5.2 answers App Mesh calls with
/// timestamps the SDK cannot parse, and the audit then reports the App Mesh
/// checks as ERROR.
///
/// # Errors
///
/// Returns an error naming the resource whose creation failed.
pub async fn provision(context: &Context) -> anyhow::Result<()> {
    let topic_arn = create_alarm_topic(context).await?;
    create_trail(context, &topic_arn).await?;
    create_service_monitoring(context, &topic_arn).await?;
    if let Err(error) = create_mesh(context).await {
        println!("skipped App Mesh: {error:#}");
    }
    Ok(())
}

/// Creates a log group, encrypted with `kms_key_arn` when given, with a
/// retention of 365 days.
///
/// # Errors
///
/// Returns an error naming the log group.
pub async fn create_log_group(context: &Context, name: &str, kms_key_arn: Option<&str>) -> anyhow::Result<()> {
    let logs = aws_sdk_cloudwatchlogs::Client::new(&context.sdk);
    logs.create_log_group()
        .log_group_name(name)
        .set_kms_key_id(kms_key_arn.map(str::to_owned))
        .send()
        .await
        .with_context(|| format!("cannot create log group {name}"))?;
    logs.put_retention_policy()
        .log_group_name(name)
        .retention_in_days(365)
        .send()
        .await
        .with_context(|| format!("cannot set the retention of log group {name}"))?;
    println!("created log group {name}");
    Ok(())
}

/// Creates the encrypted topic `<project>-security-alarms` with one
/// subscription, and returns its ARN.
async fn create_alarm_topic(context: &Context) -> anyhow::Result<String> {
    let project = &context.project;
    let key_arn = create_key(
        context,
        &format!("alias/{project}-security-alarms"),
        &format!("{project}: the security alarm topic"),
        &service_use_key_policy(context, &["cloudwatch.amazonaws.com", "sns.amazonaws.com"]),
    )
    .await?;

    let sns = aws_sdk_sns::Client::new(&context.sdk);
    let name = format!("{project}-security-alarms");
    let created = sns
        .create_topic()
        .name(&name)
        .attributes("KmsMasterKeyId", key_arn)
        .send()
        .await
        .with_context(|| format!("cannot create SNS topic {name}"))?;
    let topic_arn = created.topic_arn().context("sns:CreateTopic returned no ARN")?.to_owned();

    // NOTE: the security module subscribes e-mail addresses, which need a
    // confirmation by a person. Here a queue ARN is used instead, which moto
    // accepts without the queue and reports as confirmed.
    let queue_arn = format!("arn:aws:sqs:{}:{}:{name}", context.region, context.account_id);
    sns.subscribe()
        .topic_arn(&topic_arn)
        .protocol("sqs")
        .endpoint(&queue_arn)
        .send()
        .await
        .with_context(|| format!("cannot subscribe to SNS topic {name}"))?;
    println!("created SNS topic {topic_arn} with a subscription of {queue_arn}");
    Ok(topic_arn)
}

/// Creates the bucket, KMS key and log group of the trail, the trail
/// `<project>-trail` (multi-Region, log file validation, logging), and the
/// CIS metric filters and alarms on its log group.
async fn create_trail(context: &Context, topic_arn: &str) -> anyhow::Result<()> {
    let project = &context.project;

    let bucket = format!("{project}-cloudtrail-{}", context.account_id);
    create_bucket(context, &bucket).await?;

    let key_arn = create_key(
        context,
        &format!("alias/{project}-cloudtrail"),
        &format!("{project}: CloudTrail logs"),
        &service_use_key_policy(context, &["cloudtrail.amazonaws.com", &format!("logs.{}.amazonaws.com", context.region)]),
    )
    .await?;

    let log_group = trail_log_group_name(project);
    create_log_group(context, &log_group, Some(&key_arn)).await?;

    let cloudtrail = aws_sdk_cloudtrail::Client::new(&context.sdk);
    let trail_name = format!("{project}-trail");
    let log_group_arn = format!("arn:aws:logs:{}:{}:log-group:{log_group}:*", context.region, context.account_id);
    cloudtrail
        .create_trail()
        .name(&trail_name)
        .s3_bucket_name(&bucket)
        .is_multi_region_trail(true)
        .include_global_service_events(true)
        .enable_log_file_validation(true)
        .kms_key_id(&key_arn)
        .cloud_watch_logs_log_group_arn(&log_group_arn)
        .cloud_watch_logs_role_arn(context.role_arn(&cloudtrail_logs_role_name(project)))
        .send()
        .await
        .with_context(|| format!("cannot create trail {trail_name}"))?;
    cloudtrail
        .start_logging()
        .name(&trail_name)
        .send()
        .await
        .with_context(|| format!("cannot start logging on trail {trail_name}"))?;
    println!("created trail {trail_name}: multi-Region, logging, log file validation, KMS, CloudWatch Logs {log_group}");

    let namespace = format!("{project}/CISBenchmark");
    for (control, pattern) in CIS_CONTROLS {
        let name = format!("{project}-cis-{control}");
        create_filter_and_alarm(context, &log_group, &name, pattern, &namespace, control, topic_arn).await?;
    }
    println!("created {} CIS metric filters and alarms on {log_group}", CIS_CONTROLS.len());
    Ok(())
}

/// Creates the services' log groups, their security event filters and the
/// three service alarms on namespace `<project>/Security`.
async fn create_service_monitoring(context: &Context, topic_arn: &str) -> anyhow::Result<()> {
    let project = &context.project;
    let key_arn = create_key(
        context,
        &format!("alias/{project}-service-logs"),
        &format!("{project}: service log groups"),
        &service_use_key_policy(context, &[&format!("logs.{}.amazonaws.com", context.region)]),
    )
    .await?;
    let namespace = format!("{project}/Security");
    let logs = aws_sdk_cloudwatchlogs::Client::new(&context.sdk);

    for service in SERVICES {
        let log_group = format!("/{project}/{service}");
        create_log_group(context, &log_group, Some(&key_arn)).await?;

        for (suffix, metric, pattern) in SERVICE_EVENTS {
            put_filter(&logs, &log_group, &format!("{project}-{service}-{suffix}"), pattern, &namespace, metric).await?;
        }
        for reason in SIGV4_REASONS {
            let pattern = format!(r#"{{ ($.event = "sigv4_rejected") && ($.reason = "{reason}") }}"#);
            let name = format!("{project}-{service}-sigv4-rejections-{reason}");
            put_filter(&logs, &log_group, &name, &pattern, &namespace, &format!("SigV4Rejections-{reason}")).await?;
        }
        println!(
            "created {} security event metric filters on {log_group}",
            SERVICE_EVENTS.len() + SIGV4_REASONS.len()
        );
    }

    for (suffix, metric, _) in SERVICE_EVENTS {
        put_alarm(context, &format!("{project}-{suffix}"), &namespace, metric, topic_arn).await?;
        println!("created alarm {project}-{suffix} on {namespace}/{metric}");
    }
    Ok(())
}

/// Creates an App Mesh mesh `<project>-mesh` that drops egress outside the
/// mesh, with one virtual node per service whose listener requires TLS and
/// whose backends must offer TLS.
async fn create_mesh(context: &Context) -> anyhow::Result<()> {
    use aws_sdk_appmesh::types::{
        BackendDefaults, ClientPolicy, ClientPolicyTls, DnsServiceDiscovery, EgressFilter,
        EgressFilterType, Listener, ListenerTls, ListenerTlsCertificate, ListenerTlsFileCertificate,
        ListenerTlsMode, MeshSpec, PortMapping, PortProtocol, ServiceDiscovery, TlsValidationContext,
        TlsValidationContextFileTrust, TlsValidationContextTrust, VirtualNodeSpec,
    };

    let project = &context.project;
    let mesh = aws_sdk_appmesh::Client::new(&context.sdk);
    let mesh_name = format!("{project}-mesh");

    let spec = MeshSpec::builder()
        .egress_filter(EgressFilter::builder().r#type(EgressFilterType::DropAll).build()?)
        .build();
    mesh.create_mesh()
        .mesh_name(&mesh_name)
        .spec(spec)
        .send()
        .await
        .with_context(|| format!("cannot create App Mesh mesh {mesh_name}"))?;

    // The certificate paths are where Envoy would read them; the emulator
    // stores them without reading.
    let certificate_chain = "/etc/envoy/tls/chain.pem";
    let ca_bundle = "/etc/envoy/tls/ca.pem";
    for (service, port) in [("orbit", 8080), ("axon", 8081)] {
        let node_name = format!("{project}-{service}");
        let certificate = ListenerTlsCertificate::File(
            ListenerTlsFileCertificate::builder()
                .certificate_chain(certificate_chain)
                .private_key("/etc/envoy/tls/key.pem")
                .build()?,
        );
        let listener = Listener::builder()
            .port_mapping(PortMapping::builder().port(port).protocol(PortProtocol::Http).build()?)
            .tls(ListenerTls::builder().mode(ListenerTlsMode::Strict).certificate(certificate).build()?)
            .build();
        let trust = TlsValidationContextTrust::File(
            TlsValidationContextFileTrust::builder().certificate_chain(ca_bundle).build()?,
        );
        let backend_defaults = BackendDefaults::builder()
            .client_policy(
                ClientPolicy::builder()
                    .tls(
                        ClientPolicyTls::builder()
                            .enforce(true)
                            .validation(TlsValidationContext::builder().trust(trust).build())
                            .build(),
                    )
                    .build(),
            )
            .build();
        let discovery = ServiceDiscovery::Dns(
            DnsServiceDiscovery::builder()
                .hostname(format!("{service}.{project}.local"))
                .build()?,
        );
        let spec = VirtualNodeSpec::builder()
            .listeners(listener)
            .backend_defaults(backend_defaults)
            .service_discovery(discovery)
            .build();

        mesh.create_virtual_node()
            .mesh_name(&mesh_name)
            .virtual_node_name(&node_name)
            .spec(spec)
            .send()
            .await
            .with_context(|| format!("cannot create virtual node {node_name} in mesh {mesh_name}"))?;
    }
    println!("created App Mesh mesh {mesh_name} (egress DROP_ALL) with virtual nodes {project}-orbit and {project}-axon (TLS STRICT, backend TLS enforced)");
    Ok(())
}

/// Returns a key policy that lets the given AWS service principals use the
/// key for resources of this account only.
fn service_use_key_policy(context: &Context, service_principals: &[&str]) -> serde_json::Value {
    key_policy(
        context,
        vec![json!({
            "Sid": "AwsServicesUseForThisAccount",
            "Effect": "Allow",
            "Principal": {"Service": service_principals},
            "Action": ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:SourceAccount": context.account_id}},
        })],
    )
}

/// Creates an S3 bucket with one SigV4-signed `PUT` to the emulator,
/// because no S3 SDK crate is a dependency.
async fn create_bucket(context: &Context, bucket: &str) -> anyhow::Result<()> {
    let secret = agentsec_sigv4::SecretKey::new("testing");
    let signer = agentsec_sigv4::Signer::new("testing", &secret, &context.region, "s3");
    let client = super::client::http_client(std::time::Duration::from_secs(30))?;

    let url = format!("{}/{bucket}", context.endpoint_url);
    let mut request = client
        .put(&url)
        .build()
        .with_context(|| format!("invalid bucket URL {url}"))?;
    signer
        .sign_reqwest(&mut request, SystemTime::now())
        .map_err(|error| anyhow::anyhow!("cannot sign the CreateBucket request: {error}"))?;

    let response = client
        .execute(request)
        .await
        .with_context(|| format!("cannot create S3 bucket {bucket} at {url}"))?;
    let status = response.status();
    if !status.is_success() {
        let body = response.text().await.unwrap_or_default();
        anyhow::bail!("cannot create S3 bucket {bucket}: HTTP {status}: {body}");
    }
    println!("created S3 bucket {bucket}");
    Ok(())
}

async fn put_filter(
    logs: &aws_sdk_cloudwatchlogs::Client,
    log_group: &str,
    name: &str,
    pattern: &str,
    namespace: &str,
    metric: &str,
) -> anyhow::Result<()> {
    let transformation = MetricTransformation::builder()
        .metric_name(metric)
        .metric_namespace(namespace)
        .metric_value("1")
        .build()?;
    logs.put_metric_filter()
        .log_group_name(log_group)
        .filter_name(name)
        .filter_pattern(pattern)
        .metric_transformations(transformation)
        .send()
        .await
        .with_context(|| format!("cannot create metric filter {name} on {log_group}"))?;
    Ok(())
}

/// Creates an alarm that fires on one or more events in five minutes and
/// notifies `topic_arn`.
async fn put_alarm(context: &Context, name: &str, namespace: &str, metric: &str, topic_arn: &str) -> anyhow::Result<()> {
    let cloudwatch = aws_sdk_cloudwatch::Client::new(&context.sdk);
    cloudwatch
        .put_metric_alarm()
        .alarm_name(name)
        .namespace(namespace)
        .metric_name(metric)
        .statistic(Statistic::Sum)
        .period(300)
        .evaluation_periods(1)
        .threshold(1.0)
        .comparison_operator(ComparisonOperator::GreaterThanOrEqualToThreshold)
        .treat_missing_data("notBreaching")
        .actions_enabled(true)
        .alarm_actions(topic_arn)
        .send()
        .await
        .with_context(|| format!("cannot create alarm {name}"))?;
    Ok(())
}

async fn create_filter_and_alarm(
    context: &Context,
    log_group: &str,
    name: &str,
    pattern: &str,
    namespace: &str,
    metric: &str,
    topic_arn: &str,
) -> anyhow::Result<()> {
    let logs = aws_sdk_cloudwatchlogs::Client::new(&context.sdk);
    put_filter(&logs, log_group, name, pattern, namespace, metric).await?;
    put_alarm(context, name, namespace, metric, topic_arn).await
}
