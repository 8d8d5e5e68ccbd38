//! Rotation of customer managed KMS keys and of secrets.
//!
//! Automatic rotation applies to enabled symmetric encryption keys
//! (`SYMMETRIC_DEFAULT`) that the customer manages; AWS managed keys rotate
//! every year without a setting
//! (<https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html>).
//! Other keys are NOT_APPLICABLE.

use super::{KMS_ROTATION, SECRET_ROTATION};
use crate::checks::Scope;
use crate::finding::{Finding, Status};
use crate::model::calls::{kms as kms_calls, secrets as secret_calls};
use crate::model::{KeyManager, KmsKey, RegionModel};

fn key_rotation(key: &KmsKey, scope: &Scope<'_>, scope_text: &str) -> Finding {
    let label = format!("key {}", key.key_id);
    let symmetric = key
        .key_spec
        .as_deref()
        .is_none_or(|spec| spec == "SYMMETRIC_DEFAULT");
    if key.key_manager == KeyManager::Aws {
        return KMS_ROTATION.regional(
            Status::NotApplicable,
            scope,
            &key.arn,
            format!("{label} is AWS managed; AWS rotates it"),
        );
    }
    if !symmetric || !key.is_enabled() {
        return KMS_ROTATION.regional(
            Status::NotApplicable,
            scope,
            &key.arn,
            format!(
                "{label} is {} with spec {}; rotation applies to enabled symmetric keys",
                key.key_state,
                key.key_spec.as_deref().unwrap_or("unknown")
            ),
        );
    }
    match key
        .rotation_enabled
        .require(kms_calls::ROTATION, &format!("{label} ({scope_text})"))
    {
        Err(reason) => KMS_ROTATION.regional(Status::Error, scope, &key.arn, reason),
        Ok(true) => KMS_ROTATION.regional(
            Status::Pass,
            scope,
            &key.arn,
            format!("{label} rotates automatically"),
        ),
        Ok(false) => KMS_ROTATION.regional(
            Status::Fail,
            scope,
            &key.arn,
            format!("{label} has automatic rotation disabled"),
        ),
    }
}

/// Runs both rotation checks on one region.
pub fn run(region: &RegionModel, scope: &Scope<'_>) -> Vec<Finding> {
    let scope_text = format!("region {}", scope.region);
    let mut findings = Vec::new();

    match region.kms.keys.require(kms_calls::KEYS, &scope_text) {
        Err(reason) => {
            findings.push(KMS_ROTATION.regional(Status::Error, scope, scope.account_arn(), reason));
        }
        Ok(keys) if keys.is_empty() => findings.push(KMS_ROTATION.regional(
            Status::NotApplicable,
            scope,
            scope.account_arn(),
            format!("region {} has no KMS keys", scope.region),
        )),
        Ok(keys) => findings.extend(keys.iter().map(|key| key_rotation(key, scope, &scope_text))),
    }

    match region
        .secrets
        .secrets
        .require(secret_calls::SECRETS, &scope_text)
    {
        Err(reason) => {
            findings.push(SECRET_ROTATION.regional(
                Status::Error,
                scope,
                scope.account_arn(),
                reason,
            ));
        }
        Ok(secrets) if secrets.is_empty() => findings.push(SECRET_ROTATION.regional(
            Status::NotApplicable,
            scope,
            scope.account_arn(),
            format!("region {} has no secrets", scope.region),
        )),
        Ok(secrets) => findings.extend(secrets.iter().map(|secret| {
            let label = format!("secret {}", secret.name);
            match (secret.rotation_enabled, &secret.rotation_lambda_arn) {
                (true, Some(lambda)) => SECRET_ROTATION.regional(
                    Status::Pass,
                    scope,
                    &secret.arn,
                    format!("{label} rotates with {lambda}"),
                ),
                (true, None) => SECRET_ROTATION.regional(
                    Status::Pass,
                    scope,
                    &secret.arn,
                    format!("{label} has rotation enabled"),
                ),
                (false, _) => SECRET_ROTATION.regional(
                    Status::Fail,
                    scope,
                    &secret.arn,
                    format!("{label} has automatic rotation disabled"),
                ),
            }
        })),
    }
    findings
}
