//! The Secrets Manager part of a region: secrets with rotation settings and
//! resource policies.
//!
//! Field meanings follow `SecretListEntry` and `GetResourcePolicy` of the
//! Secrets Manager API reference
//! (<https://docs.aws.amazon.com/secretsmanager/latest/apireference/>).
//! Secret values are never part of the model.

use serde::{Deserialize, Serialize};

use super::Collected;
use crate::policy::PolicyDocument;

/// The API calls behind each field, for ERROR messages.
pub mod calls {
    /// [`super::SecretsModel::secrets`].
    pub const SECRETS: &str = "secretsmanager:ListSecrets";
    /// [`super::Secret::resource_policy`].
    pub const RESOURCE_POLICY: &str = "secretsmanager:GetResourcePolicy";
}

/// The secrets of one region.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SecretsModel {
    /// Secrets.
    #[serde(default)]
    pub secrets: Collected<Vec<Secret>>,
}

/// A secret, without its value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Secret {
    /// The secret name, such as `agentsec/orbit/db`.
    pub name: String,

    /// The secret ARN.
    pub arn: String,

    /// The KMS key that encrypts the secret (key id, key ARN, alias name or
    /// alias ARN); `None` means the AWS managed key `aws/secretsmanager`.
    #[serde(default)]
    pub kms_key_id: Option<String>,

    /// Whether automatic rotation is enabled.
    #[serde(default)]
    pub rotation_enabled: bool,

    /// The ARN of the rotation Lambda function.
    #[serde(default)]
    pub rotation_lambda_arn: Option<String>,

    /// The resource policy; `Value(None)` when the secret has none.
    #[serde(default)]
    pub resource_policy: Collected<Option<PolicyDocument>>,
}
