//! Cross-service isolation: no service role can use another service's KMS
//! key or read another service's secrets.
//!
//! For each service `T` that has a key (alias `alias/P-T`) or secrets
//! (`P/T/...`) in the region, every other service's role is asked, through
//! the evaluator, whether it may use each of them. One finding per key or
//! secret lists every role that may.

use super::principals::{self, Access, KnownPrincipal};
use super::{KMS_CROSS_SERVICE, KMS_USE_ACTIONS, ProjectNames, SECRET_CROSS_SERVICE};
use crate::checks::{Check, Scope};
use crate::eval::{ResourcePolicy, ResourcePolicyKind};
use crate::finding::{Finding, Status};
use crate::model::calls::{kms as kms_calls, secrets as secret_calls};
use crate::model::{IamModel, KmsKey, KmsModel, RegionModel};
use crate::policy::PolicyDocument;

/// Builds the roles of the services other than `owner`, or returns the
/// reason one is missing.
fn other_roles<'a>(
    iam: &'a IamModel,
    names: &ProjectNames,
    owner: &str,
) -> Result<Vec<KnownPrincipal<'a>>, String> {
    names
        .services
        .iter()
        .filter(|service| service.as_str() != owner)
        .map(|service| {
            let name = names.role(service);
            principals::role(iam, &name)
                .ok_or_else(|| format!("role {name} of service {service} is not in the IAM part"))
        })
        .collect()
}

/// Resolves a KMS alias, or explains why it cannot be resolved. `Ok(None)`
/// means the alias does not exist in the region.
pub(super) fn resolve_alias<'a>(
    kms: &'a KmsModel,
    alias: &str,
    scope_text: &str,
) -> Result<Option<&'a KmsKey>, String> {
    let aliases = kms.aliases.require(kms_calls::ALIASES, scope_text)?;
    kms.keys.require(kms_calls::KEYS, scope_text)?;
    let Some(entry) = aliases.iter().find(|entry| entry.alias_name == alias) else {
        return Ok(None);
    };
    let Some(target) = entry.target_key_id.as_deref() else {
        return Ok(None);
    };
    kms.key(target)
        .map(Some)
        .ok_or_else(|| format!("{alias} points to key {target}, which is not in the model"))
}

/// Returns the key policy as a resource policy, or why it is missing.
pub(super) fn key_policy<'a>(
    key: &'a KmsKey,
    scope_text: &str,
) -> Result<ResourcePolicy<'a>, String> {
    let document = key.policy.require(
        kms_calls::POLICY,
        &format!("key {} ({scope_text})", key.key_id),
    )?;
    Ok(ResourcePolicy {
        document,
        kind: ResourcePolicyKind::KmsKey,
    })
}

/// Lists each principal and action that may be allowed, or returns the
/// first question the evaluator cannot answer.
pub(super) fn who_may(
    principals: &[KnownPrincipal<'_>],
    actions: &[&str],
    resource_arn: &str,
    policy: Option<ResourcePolicy<'_>>,
) -> Result<Vec<String>, String> {
    let mut offenders = Vec::new();
    for principal in principals {
        for action in actions {
            match principal.access(action, resource_arn, policy, &[]) {
                Access::Allowed => offenders.push(format!("{} can {action}", principal.label)),
                Access::Possibly(why) => offenders.push(format!(
                    "{} can possibly {action} (allowed under {why}; failing closed)",
                    principal.label
                )),
                Access::Denied => {}
                Access::Unknown(why) => return Err(why),
            }
        }
    }
    Ok(offenders)
}

fn verdict(
    check: &Check,
    scope: &Scope<'_>,
    resource: &str,
    label: &str,
    result: Result<Vec<String>, String>,
) -> Finding {
    match result {
        Err(reason) => check.regional(Status::Error, scope, resource, format!("{label}: {reason}")),
        Ok(offenders) if offenders.is_empty() => check.regional(
            Status::Pass,
            scope,
            resource,
            format!("{label}: no other service's role has access"),
        ),
        Ok(offenders) => check.regional(
            Status::Fail,
            scope,
            resource,
            format!("{label}: {}", offenders.join("; ")),
        ),
    }
}

/// Runs the cross-service KMS check.
pub fn kms(
    iam: &IamModel,
    region: &RegionModel,
    scope: &Scope<'_>,
    names: &ProjectNames,
) -> Vec<Finding> {
    let scope_text = format!("region {}", scope.region);
    names
        .services
        .iter()
        .map(|service| {
            let alias = names.key_alias(service);
            let key = match resolve_alias(&region.kms, &alias, &scope_text) {
                Err(reason) => {
                    return KMS_CROSS_SERVICE.regional(
                        Status::Error,
                        scope,
                        scope.account_arn(),
                        reason,
                    );
                }
                Ok(None) => {
                    return KMS_CROSS_SERVICE.regional(
                        Status::NotApplicable,
                        scope,
                        scope.account_arn(),
                        format!("{alias} does not exist in region {}", scope.region),
                    );
                }
                Ok(Some(key)) => key,
            };
            let label = format!("key {} ({alias}) of service {service}", key.key_id);
            let result = key_policy(key, &scope_text).and_then(|policy| {
                let roles = other_roles(iam, names, service)?;
                who_may(&roles, KMS_USE_ACTIONS, &key.arn, Some(policy))
            });
            verdict(&KMS_CROSS_SERVICE, scope, &key.arn, &label, result)
        })
        .collect()
}

/// Runs the cross-service secrets check.
pub fn secrets(
    iam: &IamModel,
    region: &RegionModel,
    scope: &Scope<'_>,
    names: &ProjectNames,
) -> Vec<Finding> {
    let scope_text = format!("region {}", scope.region);
    let secrets = match region
        .secrets
        .secrets
        .require(secret_calls::SECRETS, &scope_text)
    {
        Ok(secrets) => secrets,
        Err(reason) => {
            return vec![SECRET_CROSS_SERVICE.regional(
                Status::Error,
                scope,
                scope.account_arn(),
                reason,
            )];
        }
    };

    let mut findings = Vec::new();
    for service in &names.services {
        let prefix = names.secret_prefix(service);
        let owned: Vec<_> = secrets
            .iter()
            .filter(|secret| secret.name.starts_with(&prefix))
            .collect();
        if owned.is_empty() {
            findings.push(SECRET_CROSS_SERVICE.regional(
                Status::NotApplicable,
                scope,
                scope.account_arn(),
                format!(
                    "service {service} has no secret named {prefix}... in region {}",
                    scope.region
                ),
            ));
            continue;
        }
        for secret in owned {
            let label = format!("secret {} of service {service}", secret.name);
            let result = secret
                .resource_policy
                .require(
                    secret_calls::RESOURCE_POLICY,
                    &format!("secret {} ({scope_text})", secret.name),
                )
                .and_then(|policy| {
                    let roles = other_roles(iam, names, service)?;
                    let policy = policy.as_ref().map(other_policy);
                    who_may(
                        &roles,
                        &["secretsmanager:GetSecretValue"],
                        &secret.arn,
                        policy,
                    )
                });
            findings.push(verdict(
                &SECRET_CROSS_SERVICE,
                scope,
                &secret.arn,
                &label,
                result,
            ));
        }
    }
    findings
}

/// Wraps a secret's resource policy for the evaluator.
pub(super) fn other_policy(document: &PolicyDocument) -> ResourcePolicy<'_> {
    ResourcePolicy {
        document,
        kind: ResourcePolicyKind::Other,
    }
}
