//! The shared SigV4 signing secret and its KMS key: usable by the service
//! roles and the rotation role only, and readable by every service role.
//!
//! "Everyone else" is every user and every role in the IAM part except
//! service-linked roles. A service role's read is checked the way Secrets
//! Manager performs it: `secretsmanager:GetSecretValue` on the secret, then
//! `kms:Decrypt` on its key with `kms:ViaService` set to
//! `secretsmanager.<region>.amazonaws.com`
//! (<https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service>),
//! the encryption context key `SecretARN` set to the secret's ARN, and
//! `kms:ResourceAliases` set to the aliases of the key.

use super::cross_service::{key_policy, other_policy, resolve_alias, who_may};
use super::principals::{self, Access, KnownPrincipal};
use super::{KMS_USE_ACTIONS, ProjectNames, SIGNING_KEY_EXCLUSIVE, SIGNING_KEY_READERS};
use crate::checks::Scope;
use crate::finding::{Finding, Status};
use crate::model::calls::secrets as secret_calls;
use crate::model::{IamModel, KmsKey, RegionModel, Secret};

/// Runs both signing-secret checks on one region.
pub fn run(
    iam: &IamModel,
    region: &RegionModel,
    scope: &Scope<'_>,
    names: &ProjectNames,
) -> Vec<Finding> {
    let scope_text = format!("region {}", scope.region);
    let secret_name = names.signing_secret();
    let alias = names.signing_key_alias();

    let secret = region
        .secrets
        .secrets
        .require(secret_calls::SECRETS, &scope_text)
        .map(|secrets| secrets.iter().find(|secret| secret.name == secret_name));
    let key = resolve_alias(&region.kms, &alias, &scope_text);

    let mut allowed: Vec<String> = names.services.iter().map(|s| names.role(s)).collect();
    allowed.push(names.rotation_role());
    let others: Vec<KnownPrincipal<'_>> = principals::all(iam)
        .into_iter()
        .filter(|principal| {
            !principal.arn.contains(":role/")
                || !allowed
                    .iter()
                    .any(|name| name.eq_ignore_ascii_case(principal.name))
        })
        .collect();

    let mut findings = Vec::new();

    // The secret.
    match &secret {
        Err(reason) => findings.push(error(scope, reason)),
        Ok(None) => findings.push(absent(scope, &format!("secret {secret_name}"))),
        Ok(Some(secret)) => {
            let label = format!("signing secret {}", secret.name);
            let result = secret
                .resource_policy
                .require(
                    secret_calls::RESOURCE_POLICY,
                    &format!("secret {} ({scope_text})", secret.name),
                )
                .and_then(|policy| {
                    who_may(
                        &others,
                        &["secretsmanager:GetSecretValue"],
                        &secret.arn,
                        policy.as_ref().map(other_policy),
                    )
                });
            findings.push(exclusive(scope, &secret.arn, &label, result));
        }
    }

    // The key.
    match &key {
        Err(reason) => findings.push(error(scope, reason)),
        Ok(None) => findings.push(absent(scope, &alias)),
        Ok(Some(key)) => {
            let label = format!("signing key {} ({alias})", key.key_id);
            let result = key_policy(key, &scope_text)
                .and_then(|policy| who_may(&others, KMS_USE_ACTIONS, &key.arn, Some(policy)));
            findings.push(exclusive(scope, &key.arn, &label, result));
        }
    }

    // The services can read it.
    findings.extend(readers(iam, region, scope, names, &secret, &key));
    findings
}

fn error(scope: &Scope<'_>, reason: &str) -> Finding {
    SIGNING_KEY_EXCLUSIVE.regional(Status::Error, scope, scope.account_arn(), reason)
}

fn absent(scope: &Scope<'_>, resource_name: &str) -> Finding {
    SIGNING_KEY_EXCLUSIVE.regional(
        Status::NotApplicable,
        scope,
        scope.account_arn(),
        format!("{resource_name} does not exist in region {}", scope.region),
    )
}

fn exclusive(
    scope: &Scope<'_>,
    resource: &str,
    label: &str,
    result: Result<Vec<String>, String>,
) -> Finding {
    match result {
        Err(reason) => SIGNING_KEY_EXCLUSIVE.regional(
            Status::Error,
            scope,
            resource,
            format!("{label}: {reason}"),
        ),
        Ok(offenders) if offenders.is_empty() => SIGNING_KEY_EXCLUSIVE.regional(
            Status::Pass,
            scope,
            resource,
            format!(
                "{label}: no user or role outside the services and the rotation role has access"
            ),
        ),
        Ok(offenders) => SIGNING_KEY_EXCLUSIVE.regional(
            Status::Fail,
            scope,
            resource,
            format!("{label}: {}", offenders.join("; ")),
        ),
    }
}

fn readers(
    iam: &IamModel,
    region: &RegionModel,
    scope: &Scope<'_>,
    names: &ProjectNames,
    secret: &Result<Option<&Secret>, String>,
    key: &Result<Option<&KmsKey>, String>,
) -> Vec<Finding> {
    let scope_text = format!("region {}", scope.region);
    let (secret, key) = match (secret, key) {
        (Err(reason), _) | (_, Err(reason)) => {
            return vec![SIGNING_KEY_READERS.regional(
                Status::Error,
                scope,
                scope.account_arn(),
                reason,
            )];
        }
        (Ok(None), _) | (_, Ok(None)) => {
            return vec![SIGNING_KEY_READERS.regional(
                Status::NotApplicable,
                scope,
                scope.account_arn(),
                format!(
                    "the signing secret {} or its key {} does not exist in region {}",
                    names.signing_secret(),
                    names.signing_key_alias(),
                    scope.region
                ),
            )];
        }
        (Ok(Some(secret)), Ok(Some(key))) => (*secret, *key),
    };

    let secret_policy = secret.resource_policy.require(
        secret_calls::RESOURCE_POLICY,
        &format!("secret {} ({scope_text})", secret.name),
    );
    let key_policy = key_policy(key, &scope_text);
    let via_service = format!("secretsmanager.{}.amazonaws.com", scope.region);
    let aliases = region.kms.aliases_of(&key.key_id);
    // What Secrets Manager sends with its kms:Decrypt call for this secret.
    let decrypt_context: [(&str, &[&str]); 3] = [
        ("kms:ViaService", &[via_service.as_str()]),
        ("kms:EncryptionContext:SecretARN", &[secret.arn.as_str()]),
        ("kms:ResourceAliases", &aliases),
    ];

    names
        .services
        .iter()
        .map(|service| {
            let role_name = names.role(service);
            let Some(role) = principals::role(iam, &role_name) else {
                return SIGNING_KEY_READERS.regional(
                    Status::Error,
                    scope,
                    scope.account_arn(),
                    format!("role {role_name} of service {service} is not in the IAM part"),
                );
            };
            let resource = role.arn.to_owned();
            let answers = match (&secret_policy, &key_policy) {
                (Err(reason), _) | (_, Err(reason)) => {
                    return SIGNING_KEY_READERS.regional(
                        Status::Error,
                        scope,
                        resource,
                        reason.clone(),
                    );
                }
                (Ok(secret_policy), Ok(key_policy)) => [
                    (
                        "secretsmanager:GetSecretValue on the signing secret",
                        role.access(
                            "secretsmanager:GetSecretValue",
                            &secret.arn,
                            secret_policy.as_ref().map(other_policy),
                            &[],
                        ),
                    ),
                    (
                        "kms:Decrypt on the signing key via Secrets Manager",
                        role.access(
                            "kms:Decrypt",
                            &key.arn,
                            Some(*key_policy),
                            &decrypt_context,
                        ),
                    ),
                ],
            };
            let problems: Vec<String> = answers
                .iter()
                .filter_map(|(permission, access)| match access {
                    Access::Allowed => None,
                    Access::Denied => Some(format!("{permission} is denied")),
                    Access::Possibly(why) => Some(format!(
                        "{permission} is not proven: allowed only under {why}"
                    )),
                    Access::Unknown(why) => Some(format!("{permission} cannot be decided: {why}")),
                })
                .collect();
            if problems.is_empty() {
                SIGNING_KEY_READERS.regional(
                    Status::Pass,
                    scope,
                    resource,
                    format!("{} can read the signing secret and decrypt it", role.label),
                )
            } else {
                SIGNING_KEY_READERS.regional(
                    Status::Fail,
                    scope,
                    resource,
                    format!("{}: {}", role.label, problems.join("; ")),
                )
            }
        })
        .collect()
}
