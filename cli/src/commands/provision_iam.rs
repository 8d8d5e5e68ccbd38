//! IAM part of `provision-local`: the service roles under their permissions
//! boundary, the rotation role, the log delivery roles and the account
//! password policy, as `infra/modules/sigv4`, `infra/modules/secrets` and
//! `infra/modules/security` define them.

use anyhow::Context as _;
use serde_json::{Value, json};

use super::provision::Context;

/// The services that sign or verify with the shared signing key.
pub const SERVICES: [&str; 2] = ["orbit", "axon"];

/// The ARNs that the role policies name, known once the keys and the secret
/// exist.
pub struct PolicyTargets {
    /// The signing secret's ARN.
    pub signing_secret_arn: String,

    /// The signing secret's KMS key ARN.
    pub signing_key_arn: String,

    /// Each service's KMS key ARN, in [`SERVICES`] order.
    pub service_key_arns: [String; 2],
}

/// Returns the name of a service's role.
pub fn service_role_name(project: &str, service: &str) -> String {
    format!("{project}-{service}-role")
}

/// Returns the name of the rotation function's role.
pub fn rotation_role_name(project: &str) -> String {
    format!("{project}-rotation-role")
}

/// Returns the name of the role that delivers flow logs.
pub fn flow_logs_role_name(project: &str) -> String {
    format!("{project}-flow-logs-role")
}

/// Returns the name of the role that CloudTrail delivers logs with.
pub fn cloudtrail_logs_role_name(project: &str) -> String {
    format!("{project}-cloudtrail-logs-role")
}

/// Creates the boundary, the roles without their policies, and the password
/// policy.
///
/// # Errors
///
/// Returns an error naming the resource whose creation failed.
pub async fn provision(context: &Context) -> anyhow::Result<()> {
    let iam = aws_sdk_iam::Client::new(&context.sdk);
    let project = &context.project;

    let boundary_name = format!("{project}-service-boundary");
    let boundary = iam
        .create_policy()
        .policy_name(&boundary_name)
        .description(format!("Permissions boundary of the {project} service roles"))
        .policy_document(boundary_policy(context).to_string())
        .send()
        .await
        .with_context(|| format!("cannot create IAM policy {boundary_name}"))?;
    let boundary_arn = boundary
        .policy()
        .and_then(|policy| policy.arn())
        .context("iam:CreatePolicy returned no policy ARN")?
        .to_owned();
    println!("created IAM policy {boundary_arn}");

    // The trust policy of the services names ECS tasks, as the sigv4
    // module's default trusted_service_principal does.
    let service_trust = trust_policy("ecs-tasks.amazonaws.com", Some(&context.account_id));
    for service in SERVICES {
        let name = service_role_name(project, service);
        create_role(&iam, &name, &service_trust, Some(&boundary_arn)).await?;
    }

    let lambda_trust = trust_policy("lambda.amazonaws.com", None);
    create_role(&iam, &rotation_role_name(project), &lambda_trust, None).await?;

    let flow_logs_trust = trust_policy("vpc-flow-logs.amazonaws.com", Some(&context.account_id));
    create_role(&iam, &flow_logs_role_name(project), &flow_logs_trust, None).await?;

    let cloudtrail_trust = trust_policy("cloudtrail.amazonaws.com", Some(&context.account_id));
    create_role(&iam, &cloudtrail_logs_role_name(project), &cloudtrail_trust, None).await?;

    // The CIS AWS Foundations Benchmark values that the password checks
    // require: length 14, 24 remembered passwords, all character classes,
    // expiry after 90 days.
    iam.update_account_password_policy()
        .minimum_password_length(14)
        .password_reuse_prevention(24)
        .require_uppercase_characters(true)
        .require_lowercase_characters(true)
        .require_numbers(true)
        .require_symbols(true)
        .max_password_age(90)
        .allow_users_to_change_password(true)
        .send()
        .await
        .context("cannot set the account password policy")?;
    println!("set the account password policy");

    Ok(())
}

/// Attaches the inline policies of the service, rotation and log delivery
/// roles.
///
/// # Errors
///
/// Returns an error naming the role whose policy could not be attached.
pub async fn put_role_policies(context: &Context, targets: &PolicyTargets) -> anyhow::Result<()> {
    let iam = aws_sdk_iam::Client::new(&context.sdk);
    let project = &context.project;

    for (service, key_arn) in SERVICES.iter().zip(&targets.service_key_arns) {
        let role = service_role_name(project, service);
        let policy = service_policy(context, service, key_arn, targets);
        put_role_policy(&iam, &role, &format!("{project}-{service}-policy"), &policy).await?;
    }

    let rotation = rotation_policy(context, targets);
    put_role_policy(
        &iam,
        &rotation_role_name(project),
        &format!("{project}-rotation-policy"),
        &rotation,
    )
    .await?;

    let flow_logs_group = super::provision_network::flow_logs_group_name(project);
    let flow_logs = log_delivery_policy(context, &flow_logs_group);
    put_role_policy(
        &iam,
        &flow_logs_role_name(project),
        &format!("{project}-flow-logs-policy"),
        &flow_logs,
    )
    .await?;

    let trail_group = super::provision_logging::trail_log_group_name(project);
    let trail_logs = log_delivery_policy(context, &trail_group);
    put_role_policy(
        &iam,
        &cloudtrail_logs_role_name(project),
        &format!("{project}-cloudtrail-logs-policy"),
        &trail_logs,
    )
    .await?;

    Ok(())
}

async fn create_role(
    iam: &aws_sdk_iam::Client,
    name: &str,
    trust: &Value,
    boundary_arn: Option<&str>,
) -> anyhow::Result<()> {
    iam.create_role()
        .role_name(name)
        .assume_role_policy_document(trust.to_string())
        .set_permissions_boundary(boundary_arn.map(str::to_owned))
        .send()
        .await
        .with_context(|| format!("cannot create IAM role {name}"))?;
    println!("created IAM role {name}");
    Ok(())
}

async fn put_role_policy(
    iam: &aws_sdk_iam::Client,
    role: &str,
    name: &str,
    policy: &Value,
) -> anyhow::Result<()> {
    iam.put_role_policy()
        .role_name(role)
        .policy_name(name)
        .policy_document(policy.to_string())
        .send()
        .await
        .with_context(|| format!("cannot put inline policy {name} on IAM role {role}"))?;
    println!("attached inline policy {name} to IAM role {role}");
    Ok(())
}

/// Returns a trust policy for an AWS service principal, limited to this
/// account when `source_account` is given.
fn trust_policy(service_principal: &str, source_account: Option<&str>) -> Value {
    let mut statement = json!({
        "Effect": "Allow",
        "Principal": {"Service": service_principal},
        "Action": "sts:AssumeRole",
    });
    if let Some(account) = source_account {
        statement["Condition"] = json!({"StringEquals": {"aws:SourceAccount": account}});
    }
    json!({"Version": "2012-10-17", "Statement": [statement]})
}

/// Returns the `kms:ViaService` value of calls that Secrets Manager makes
/// in the context region.
pub fn secretsmanager_service(context: &Context) -> String {
    format!("secretsmanager.{}.amazonaws.com", context.region)
}

fn boundary_policy(context: &Context) -> Value {
    let (region, account, project) = (&context.region, &context.account_id, &context.project);
    json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadProjectSecrets",
                "Effect": "Allow",
                "Action": ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
                "Resource": format!("arn:aws:secretsmanager:{region}:{account}:secret:{project}/*"),
            },
            {
                "Sid": "DecryptWithProjectKeys",
                "Effect": "Allow",
                "Action": "kms:Decrypt",
                "Resource": format!("arn:aws:kms:{region}:{account}:key/*"),
                "Condition": {
                    "ForAnyValue:StringLike": {"kms:ResourceAliases": format!("alias/{project}-*")},
                    "StringEquals": {"kms:ViaService": secretsmanager_service(context)},
                },
            },
            {
                "Sid": "InvokeApisInThisAccount",
                "Effect": "Allow",
                "Action": "execute-api:Invoke",
                "Resource": format!("arn:aws:execute-api:{region}:{account}:*"),
            },
            {
                "Sid": "DenyIdentityAndOrganizationChanges",
                "Effect": "Deny",
                "Action": ["iam:*", "organizations:*"],
                "Resource": "*",
            },
        ],
    })
}

fn service_policy(context: &Context, service: &str, own_key_arn: &str, targets: &PolicyTargets) -> Value {
    let (region, account, project) = (&context.region, &context.account_id, &context.project);
    let via_secretsmanager = json!({"StringEquals": {"kms:ViaService": secretsmanager_service(context)}});
    let mut statements = Vec::new();

    if service == "orbit" {
        statements.push(json!({
            "Sid": "InvokeAxonApi",
            "Effect": "Allow",
            "Action": "execute-api:Invoke",
            "Resource": format!("arn:aws:execute-api:{region}:{account}:*/*/POST/reason"),
        }));
    }
    statements.push(json!({
        "Sid": "ReadSigningSecret",
        "Effect": "Allow",
        "Action": ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
        "Resource": targets.signing_secret_arn,
    }));
    statements.push(json!({
        "Sid": "DecryptSigningSecret",
        "Effect": "Allow",
        "Action": "kms:Decrypt",
        "Resource": targets.signing_key_arn,
        "Condition": via_secretsmanager,
    }));

    // Secrets Manager appends "-" and six random characters to a secret
    // name to form its ARN, so the prefix pattern ends with "*".
    statements.push(json!({
        "Sid": "ReadOwnSecrets",
        "Effect": "Allow",
        "Action": ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
        "Resource": format!("arn:aws:secretsmanager:{region}:{account}:secret:{project}/{service}/*"),
    }));
    statements.push(json!({
        "Sid": "DecryptOwnSecrets",
        "Effect": "Allow",
        "Action": "kms:Decrypt",
        "Resource": own_key_arn,
        "Condition": via_secretsmanager,
    }));

    json!({"Version": "2012-10-17", "Statement": statements})
}

/// Returns the rotation role's policy without the network interface, X-Ray
/// and dead-letter queue statements of the secrets module, because
/// provision-local creates no Lambda function.
fn rotation_policy(context: &Context, targets: &PolicyTargets) -> Value {
    let log_group_arn = format!(
        "arn:aws:logs:{}:{}:log-group:/aws/lambda/{}-sigv4-rotation",
        context.region, context.account_id, context.project
    );
    json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "RotateSigningSecret",
                "Effect": "Allow",
                "Action": [
                    "secretsmanager:DescribeSecret",
                    "secretsmanager:GetSecretValue",
                    "secretsmanager:PutSecretValue",
                    "secretsmanager:UpdateSecretVersionStage",
                ],
                "Resource": targets.signing_secret_arn,
            },
            {
                "Sid": "GenerateRandomKey",
                "Effect": "Allow",
                "Action": "secretsmanager:GetRandomPassword",
                "Resource": "*",
            },
            {
                "Sid": "UseSigningKey",
                "Effect": "Allow",
                "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                "Resource": targets.signing_key_arn,
                "Condition": {"StringEquals": {"kms:ViaService": secretsmanager_service(context)}},
            },
            {
                "Sid": "WriteLogs",
                "Effect": "Allow",
                "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": format!("{log_group_arn}:log-stream:*"),
            },
        ],
    })
}

fn log_delivery_policy(context: &Context, log_group: &str) -> Value {
    let log_group_arn = format!(
        "arn:aws:logs:{}:{}:log-group:{log_group}",
        context.region, context.account_id
    );
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "WriteLogs",
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            "Resource": [log_group_arn.clone(), format!("{log_group_arn}:log-stream:*")],
        }],
    })
}
