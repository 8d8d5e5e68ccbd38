//! Isolation between the project's services, and the KMS and Secrets
//! Manager settings the isolation rests on.
//!
//! The project's resources follow these names, for project `P` and service
//! `S` (by default the services `orbit` and `axon`):
//!
//! | resource | name |
//! |---|---|
//! | service role | `P-S-role` |
//! | service KMS key | alias `alias/P-S` |
//! | service secrets | `P/S/...` |
//! | shared SigV4 signing secret | `P/sigv4/signing-key` |
//! | its KMS key | alias `alias/P-sigv4-signing` |
//! | rotation role | `P-rotation-role` |
//!
//! Every access question goes to the project's evaluator ([`crate::eval`])
//! with the principal's identity policies, its permissions boundary and the
//! resource's policy (key policy or secret policy). A decision of "allowed
//! under conditions the evaluator cannot decide" fails closed: the check
//! reports FAIL and says that the access is possible, not proven.
//!
//! Limits: service control policies, resource control policies, KMS grants
//! and VPC endpoint policies are not in the model, so an access they would
//! block is still reported.

mod cross_service;
mod descriptors;
pub mod principals;
mod resource_policies;
mod rotation;
mod signing;

pub use descriptors::*;

use crate::checks::Scope;
use crate::finding::{Finding, Status};
use crate::model::{Collected, IamModel, RegionModel, calls};

/// The KMS actions that count as using a key.
pub const KMS_USE_ACTIONS: &[&str] = &[
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:GenerateDataKeyPair",
    "kms:GenerateDataKeyPairWithoutPlaintext",
];

/// The project's resource names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectNames {
    /// The project name.
    pub project: String,

    /// The service names.
    pub services: Vec<String>,
}

impl ProjectNames {
    /// Returns the role name of a service.
    pub fn role(&self, service: &str) -> String {
        format!("{}-{service}-role", self.project)
    }

    /// Returns the KMS alias of a service's key.
    pub fn key_alias(&self, service: &str) -> String {
        format!("alias/{}-{service}", self.project)
    }

    /// Returns the secret name prefix of a service, with the trailing `/`.
    pub fn secret_prefix(&self, service: &str) -> String {
        format!("{}/{service}/", self.project)
    }

    /// Returns the name of the shared SigV4 signing secret.
    pub fn signing_secret(&self) -> String {
        format!("{}/sigv4/signing-key", self.project)
    }

    /// Returns the KMS alias of the signing secret's key.
    pub fn signing_key_alias(&self) -> String {
        format!("alias/{}-sigv4-signing", self.project)
    }

    /// Returns the name of the rotation role.
    pub fn rotation_role(&self) -> String {
        format!("{}-rotation-role", self.project)
    }
}

/// Runs every isolation, KMS and Secrets Manager check on one region.
pub fn run(
    iam: &Collected<IamModel>,
    region: &RegionModel,
    scope: &Scope<'_>,
    names: &ProjectNames,
) -> Vec<Finding> {
    let mut findings = Vec::new();

    match iam.require(calls::IAM, "the account") {
        Ok(iam) => {
            findings.extend(cross_service::kms(iam, region, scope, names));
            findings.extend(cross_service::secrets(iam, region, scope, names));
            findings.extend(signing::run(iam, region, scope, names));
        }
        Err(reason) => {
            for check in [
                &KMS_CROSS_SERVICE,
                &SECRET_CROSS_SERVICE,
                &SIGNING_KEY_EXCLUSIVE,
                &SIGNING_KEY_READERS,
            ] {
                findings.push(check.regional(
                    Status::Error,
                    scope,
                    scope.account_arn(),
                    format!("the IAM part is missing: {reason}"),
                ));
            }
        }
    }

    findings.extend(resource_policies::run(region, scope));
    findings.extend(rotation::run(region, scope));
    findings
}

#[cfg(test)]
mod tests;
