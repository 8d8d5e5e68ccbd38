//! KMS key policies and secret resource policies must not grant access to
//! any principal without a condition that pins the caller.
//!
//! A statement is open when it is an `Allow` whose `Principal` is `"*"`, or
//! lists `"*"` under `AWS`, or which uses `NotPrincipal`, and none of its
//! conditions restricts the caller ([`crate::eval::is_restrictive`]: for
//! example `kms:CallerAccount` with `kms:ViaService`, or
//! `aws:PrincipalOrgID`). Condition key names are compared without letter
//! case, as IAM does.

use super::{KMS_POLICY_PUBLIC, SECRET_POLICY_PUBLIC};
use crate::checks::{Check, Scope};
use crate::eval::is_restrictive;
use crate::finding::{Finding, Status};
use crate::model::RegionModel;
use crate::model::calls::{kms as kms_calls, secrets as secret_calls};
use crate::policy::{Effect, PolicyDocument, Principal, PrincipalElement, Statement};

/// Returns whether the statement lets any principal in.
fn admits_anyone(statement: &Statement) -> bool {
    match &statement.principal {
        Some(PrincipalElement::Principal(Principal::Any)) => true,
        Some(PrincipalElement::Principal(Principal::Listed(map))) => {
            map.aws.iter().any(|principal| principal == "*")
        }
        Some(PrincipalElement::NotPrincipal(_)) => true,
        None => false,
    }
}

/// Lists the open statements of a policy.
pub fn open_statements(document: &PolicyDocument) -> Vec<String> {
    document
        .statements
        .iter()
        .enumerate()
        .filter(|(_, statement)| statement.effect == Effect::Allow)
        .filter(|(_, statement)| admits_anyone(statement) && !is_restrictive(statement))
        .map(|(index, statement)| statement.label(index))
        .collect()
}

fn judge(
    check: &Check,
    scope: &Scope<'_>,
    resource: &str,
    label: &str,
    document: &PolicyDocument,
) -> Finding {
    let open = open_statements(document);
    if open.is_empty() {
        check.regional(
            Status::Pass,
            scope,
            resource,
            format!("{label}: every statement names its principals or restricts the caller"),
        )
    } else {
        check.regional(
            Status::Fail,
            scope,
            resource,
            format!(
                "{label}: {} allow(s) any principal without a restrictive condition",
                open.join(", ")
            ),
        )
    }
}

/// Runs both policy checks on one region.
pub fn run(region: &RegionModel, scope: &Scope<'_>) -> Vec<Finding> {
    let scope_text = format!("region {}", scope.region);
    let mut findings = Vec::new();

    match region.kms.keys.require(kms_calls::KEYS, &scope_text) {
        Err(reason) => {
            findings.push(KMS_POLICY_PUBLIC.regional(
                Status::Error,
                scope,
                scope.account_arn(),
                reason,
            ));
        }
        Ok(keys) if keys.is_empty() => findings.push(KMS_POLICY_PUBLIC.regional(
            Status::NotApplicable,
            scope,
            scope.account_arn(),
            format!("region {} has no KMS keys", scope.region),
        )),
        Ok(keys) => {
            for key in keys {
                let label = format!("key {}", key.key_id);
                let context = format!("{label} ({scope_text})");
                findings.push(match key.policy.require(kms_calls::POLICY, &context) {
                    Ok(document) => judge(&KMS_POLICY_PUBLIC, scope, &key.arn, &label, document),
                    Err(reason) => {
                        KMS_POLICY_PUBLIC.regional(Status::Error, scope, &key.arn, reason)
                    }
                });
            }
        }
    }

    match region
        .secrets
        .secrets
        .require(secret_calls::SECRETS, &scope_text)
    {
        Err(reason) => findings.push(SECRET_POLICY_PUBLIC.regional(
            Status::Error,
            scope,
            scope.account_arn(),
            reason,
        )),
        Ok(secrets) if secrets.is_empty() => findings.push(SECRET_POLICY_PUBLIC.regional(
            Status::NotApplicable,
            scope,
            scope.account_arn(),
            format!("region {} has no secrets", scope.region),
        )),
        Ok(secrets) => {
            for secret in secrets {
                let label = format!("secret {}", secret.name);
                let context = format!("{label} ({scope_text})");
                findings.push(
                    match secret
                        .resource_policy
                        .require(secret_calls::RESOURCE_POLICY, &context)
                    {
                        Ok(Some(document)) => {
                            judge(&SECRET_POLICY_PUBLIC, scope, &secret.arn, &label, document)
                        }
                        Ok(None) => SECRET_POLICY_PUBLIC.regional(
                            Status::Pass,
                            scope,
                            &secret.arn,
                            format!("{label} has no resource policy"),
                        ),
                        Err(reason) => {
                            SECRET_POLICY_PUBLIC.regional(Status::Error, scope, &secret.arn, reason)
                        }
                    },
                );
            }
        }
    }
    findings
}
