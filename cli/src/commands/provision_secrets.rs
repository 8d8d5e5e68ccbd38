//! KMS and Secrets Manager part of `provision-local`: the per-service keys,
//! the signing secret with its key, resource policy, first key version and
//! rotation, as `infra/modules/secrets` defines them.

use anyhow::Context as _;
use serde_json::{Value, json};

use super::provision::Context;
use super::provision_iam::{
    PolicyTargets, SERVICES, rotation_role_name, secretsmanager_service, service_role_name,
};

/// Days between automatic rotations, the secrets module's default.
const ROTATION_DAYS: i64 = 30;

/// Key administration without key use, as in the secrets module: the
/// "Allow access for Key Administrators" list of the AWS default key policy
/// without kms:CreateGrant, because a grant can hand out kms:Decrypt.
const KMS_ADMINISTRATION_ACTIONS: &[&str] = &[
    "kms:CancelKeyDeletion",
    "kms:CreateAlias",
    "kms:DeleteAlias",
    "kms:DescribeKey",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListGrants",
    "kms:ListKeyPolicies",
    "kms:ListKeyRotations",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:RevokeGrant",
    "kms:RotateKeyOnDemand",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
];

/// The "Allow use of the key" list of the AWS default key policy.
const KMS_USE_ACTIONS: &[&str] = &[
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
];

/// Creates the keys, the signing secret and its first version, then the
/// role policies that name them.
///
/// # Errors
///
/// Returns an error naming the key or secret whose creation failed.
pub async fn provision(context: &Context) -> anyhow::Result<()> {
    let project = &context.project;
    let via_secretsmanager = json!({"StringEquals": {"kms:ViaService": secretsmanager_service(context)}});

    let mut service_key_arns = Vec::new();
    for service in SERVICES {
        let role_arn = context.role_arn(&service_role_name(project, service));
        let policy = key_policy(
            context,
            vec![json!({
                "Sid": "ServiceRoleUseThroughSecretsManager",
                "Effect": "Allow",
                "Principal": {"AWS": role_arn},
                "Action": KMS_USE_ACTIONS,
                "Resource": "*",
                "Condition": via_secretsmanager,
            })],
        );
        let arn = create_key(
            context,
            &format!("alias/{project}-{service}"),
            &format!("{project}: secrets of the {service} service"),
            &policy,
        )
        .await?;
        service_key_arns.push(arn);
    }

    let secret_name = format!("{project}/sigv4/signing-key");
    let secret_arn_pattern = format!(
        "arn:aws:secretsmanager:{}:{}:secret:{secret_name}-??????",
        context.region, context.account_id
    );
    let readers = signing_secret_readers(context);
    let signing_key_policy = key_policy(
        context,
        vec![
            json!({
                "Sid": "ServicesDecryptSigningSecret",
                "Effect": "Allow",
                "Principal": {"AWS": readers[..2]},
                "Action": "kms:Decrypt",
                "Resource": "*",
                "Condition": {
                    "StringEquals": {"kms:ViaService": secretsmanager_service(context)},
                    "StringLike": {"kms:EncryptionContext:SecretARN": secret_arn_pattern},
                },
            }),
            json!({
                "Sid": "RotationFunctionUseSigningSecret",
                "Effect": "Allow",
                "Principal": {"AWS": readers[2]},
                "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                "Resource": "*",
                "Condition": {
                    "StringEquals": {"kms:ViaService": secretsmanager_service(context)},
                    "StringLike": {"kms:EncryptionContext:SecretARN": secret_arn_pattern},
                },
            }),
        ],
    );
    let signing_key_arn = create_key(
        context,
        &format!("alias/{project}-sigv4-signing"),
        &format!("{project}: the SigV4 signing secret {secret_name}"),
        &signing_key_policy,
    )
    .await?;

    let signing_secret_arn = create_signing_secret(context, &secret_name, &signing_key_arn).await?;

    let [orbit_key_arn, axon_key_arn]: [String; 2] = service_key_arns
        .try_into()
        .map_err(|_| anyhow::anyhow!("expected one KMS key per service"))?;
    let targets = PolicyTargets {
        signing_secret_arn,
        signing_key_arn,
        service_key_arns: [orbit_key_arn, axon_key_arn],
    };
    super::provision_iam::put_role_policies(context, &targets).await
}

/// Creates a symmetric key with automatic rotation and an alias, and
/// returns its ARN.
///
/// # Errors
///
/// Returns an error naming the alias when a KMS call fails.
pub async fn create_key(context: &Context, alias: &str, description: &str, policy: &Value) -> anyhow::Result<String> {
    let kms = aws_sdk_kms::Client::new(&context.sdk);

    let created = kms
        .create_key()
        .description(description)
        .policy(policy.to_string())
        .send()
        .await
        .with_context(|| format!("cannot create the KMS key for {alias}"))?;
    let metadata = created.key_metadata().context("kms:CreateKey returned no key metadata")?;
    let key_id = metadata.key_id().to_owned();
    let arn = metadata.arn().context("kms:CreateKey returned no key ARN")?.to_owned();

    kms.enable_key_rotation()
        .key_id(&key_id)
        .send()
        .await
        .with_context(|| format!("cannot enable rotation of KMS key {alias}"))?;
    kms.create_alias()
        .alias_name(alias)
        .target_key_id(&key_id)
        .send()
        .await
        .with_context(|| format!("cannot create KMS alias {alias}"))?;

    println!("created KMS key {arn} ({alias}, rotation enabled)");
    Ok(arn)
}

/// Returns a key policy: administration for the account root, then
/// `use_statements`.
pub fn key_policy(context: &Context, use_statements: Vec<Value>) -> Value {
    let mut statements = vec![json!({
        "Sid": "KeyAdministration",
        "Effect": "Allow",
        "Principal": {"AWS": context.root_arn()},
        "Action": KMS_ADMINISTRATION_ACTIONS,
        "Resource": "*",
    })];
    statements.extend(use_statements);
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// Returns the principals that may read the signing secret: Orbit's role,
/// Axon's role and the rotation role, in that order.
fn signing_secret_readers(context: &Context) -> [String; 3] {
    let project = &context.project;
    [
        context.role_arn(&service_role_name(project, "orbit")),
        context.role_arn(&service_role_name(project, "axon")),
        context.role_arn(&rotation_role_name(project)),
    ]
}

/// Creates the signing secret with a first key, its resource policy and
/// rotation, and returns its ARN.
async fn create_signing_secret(context: &Context, name: &str, key_arn: &str) -> anyhow::Result<String> {
    let secrets = aws_sdk_secretsmanager::Client::new(&context.sdk);

    // The Terraform module leaves the value to the first rotation, which
    // needs the rotation Lambda function; here the first version is written
    // directly.
    let key = agentsec_keys::generate_key().map_err(|error| {
        anyhow::anyhow!("cannot generate a signing key: the operating system's random source failed: {error}")
    })?;
    let value = json!({
        "access_key_id": key.access_key_id,
        "secret_access_key": key.secret_access_key.expose_secret(),
    });
    let created = secrets
        .create_secret()
        .name(name)
        .description(format!(
            "SigV4 signing key shared by the orbit and axon services of {}: JSON with access_key_id and secret_access_key.",
            context.project
        ))
        .kms_key_id(key_arn)
        .secret_string(value.to_string())
        .send()
        .await
        .with_context(|| format!("cannot create secret {name}"))?;
    let arn = created.arn().context("secretsmanager:CreateSecret returned no ARN")?.to_owned();
    println!("created secret {arn} with signing key {}", key.access_key_id);

    secrets
        .put_resource_policy()
        .secret_id(&arn)
        .resource_policy(signing_secret_policy(context).to_string())
        .send()
        .await
        .with_context(|| format!("cannot put the resource policy of secret {name}"))?;
    println!("attached the resource policy of secret {name}");

    // NOTE: without a rotation function, only moto accepts RotateSecret. With
    // RotateImmediately false it copies the current value into a new
    // AWSCURRENT version, so the key stays the same and rotation is enabled.
    secrets
        .rotate_secret()
        .secret_id(&arn)
        .rotate_immediately(false)
        .rotation_rules(
            aws_sdk_secretsmanager::types::RotationRulesType::builder()
                .automatically_after_days(ROTATION_DAYS)
                .build(),
        )
        .send()
        .await
        .with_context(|| format!("cannot enable rotation of secret {name}"))?;
    println!("enabled rotation of secret {name} every {ROTATION_DAYS} days");

    Ok(arn)
}

/// Returns the signing secret's resource policy: the readers may read it,
/// everyone else but the root user may do nothing, and the root user may
/// manage it but not read its value.
fn signing_secret_policy(context: &Context) -> Value {
    let readers = signing_secret_readers(context);
    let mut exempt = readers.to_vec();
    exempt.push(context.root_arn());
    exempt.push(format!(
        "arn:aws:iam::{}:role/aws-service-role/access-analyzer.amazonaws.com/AWSServiceRoleForAccessAnalyzer",
        context.account_id
    ));

    json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadersGetSecretValue",
                "Effect": "Allow",
                "Principal": {"AWS": readers},
                "Action": ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
                "Resource": "*",
            },
            {
                "Sid": "DenyAllOtherPrincipals",
                "Effect": "Deny",
                "Principal": {"AWS": "*"},
                "Action": "secretsmanager:*",
                "Resource": "*",
                "Condition": {"ArnNotEquals": {"aws:PrincipalArn": exempt}},
            },
            {
                "Sid": "DenySecretValueToNonReaders",
                "Effect": "Deny",
                "Principal": {"AWS": "*"},
                "Action": "secretsmanager:GetSecretValue",
                "Resource": "*",
                "Condition": {"ArnNotEquals": {"aws:PrincipalArn": readers}},
            },
        ],
    })
}
