//! Descriptors of the isolation, KMS and Secrets Manager checks.

use crate::checks::Check;
use crate::finding::Severity;

/// A service role can use another service's KMS key.
pub const KMS_CROSS_SERVICE: Check = Check {
    id: "isolation-kms-cross-service",
    title: "No service role can use another service's KMS key",
    severity: Severity::Critical,
    rationale: "Each service's data is encrypted with its own key; a role that can decrypt or encrypt with another service's key can read or forge that service's data.",
    remediation: "Scope kms:Decrypt, kms:Encrypt and kms:GenerateDataKey* in the role's policies to its own key ARN, and name only the owning role in the key policy.",
    cis: None,
    prowler: &[],
};

/// A service role can read another service's secrets.
pub const SECRET_CROSS_SERVICE: Check = Check {
    id: "isolation-secret-cross-service",
    title: "No service role can read another service's secrets",
    severity: Severity::Critical,
    rationale: "A service that reads another service's secrets can impersonate it.",
    remediation: "Scope secretsmanager:GetSecretValue to the role's own secret prefix, and deny other services' roles in each secret's resource policy.",
    cis: None,
    prowler: &[],
};

/// Someone other than the services and the rotation role can use the
/// signing secret or its key.
pub const SIGNING_KEY_EXCLUSIVE: Check = Check {
    id: "isolation-signing-key-exclusive",
    title: "Only the services and the rotation role can use the SigV4 signing secret and key",
    severity: Severity::Critical,
    rationale: "Whoever reads the shared signing secret can sign requests that the receiving service accepts as coming from the sender.",
    remediation: "Deny secretsmanager:GetSecretValue and kms:Decrypt to every principal but the service roles and the rotation role in the secret's resource policy and the key policy, and remove broad grants from other principals.",
    cis: None,
    prowler: &[],
};

/// A service cannot read the signing secret it needs.
pub const SIGNING_KEY_READERS: Check = Check {
    id: "isolation-signing-key-readers",
    title: "Each service role can read the SigV4 signing secret",
    severity: Severity::Medium,
    rationale: "A service that cannot read the signing secret cannot sign or verify calls, and a rotation would break it.",
    remediation: "Allow the service role secretsmanager:GetSecretValue on the signing secret and kms:Decrypt on its key (via Secrets Manager).",
    cis: None,
    prowler: &[],
};

/// A key policy grants any principal without a restrictive condition.
pub const KMS_POLICY_PUBLIC: Check = Check {
    id: "kms-key-policy-not-public",
    title: "KMS key policy does not grant access to any principal",
    severity: Severity::Critical,
    rationale: "A key policy statement with Principal \"*\" and no condition on the caller's account, organization or calling service lets any AWS account use the key.",
    remediation: "Name the principals in the statement, or add a condition such as kms:CallerAccount, aws:PrincipalOrgID or kms:ViaService.",
    cis: None,
    prowler: &["kms_key_not_publicly_accessible"],
};

/// A secret policy grants any principal without a restrictive condition.
pub const SECRET_POLICY_PUBLIC: Check = Check {
    id: "secretsmanager-policy-not-public",
    title: "Secret resource policy does not grant access to any principal",
    severity: Severity::Critical,
    rationale: "A secret policy statement with Principal \"*\" and no condition pinning the caller lets any AWS account read or change the secret.",
    remediation: "Name the principals in the statement, or add a condition such as aws:PrincipalAccount or aws:PrincipalOrgID.",
    cis: None,
    prowler: &["secretsmanager_not_publicly_accessible"],
};

/// A customer managed key does not rotate.
pub const KMS_ROTATION: Check = Check {
    id: "kms-cmk-rotation-enabled",
    title: "Customer managed KMS keys rotate automatically",
    severity: Severity::Medium,
    rationale: "Automatic rotation limits how much data one key version protects and how long a leaked key version stays useful.",
    remediation: "Enable automatic key rotation (kms:EnableKeyRotation).",
    cis: Some("v3.0.0 3.6"),
    prowler: &["kms_cmk_rotation_enabled"],
};

/// A secret does not rotate.
pub const SECRET_ROTATION: Check = Check {
    id: "secretsmanager-rotation-enabled",
    title: "Secrets rotate automatically",
    severity: Severity::Medium,
    rationale: "A secret that never changes stays valid for as long as any copy of it leaks.",
    remediation: "Configure rotation with a rotation Lambda function and a schedule (secretsmanager:RotateSecret).",
    cis: None,
    prowler: &["secretsmanager_automatic_rotation_enabled"],
};

/// Every isolation, KMS and Secrets Manager check.
pub const CHECKS: &[&Check] = &[
    &KMS_CROSS_SERVICE,
    &SECRET_CROSS_SERVICE,
    &SIGNING_KEY_EXCLUSIVE,
    &SIGNING_KEY_READERS,
    &KMS_POLICY_PUBLIC,
    &SECRET_POLICY_PUBLIC,
    &KMS_ROTATION,
    &SECRET_ROTATION,
];
