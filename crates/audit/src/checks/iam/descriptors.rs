//! Descriptors of the IAM checks.

use crate::checks::Check;
use crate::finding::Severity;

/// A policy allows every action on every resource.
pub const FULL_ADMIN: Check = Check {
    id: "iam-policy-full-admin",
    title: "Policy allows \"*\" on all resources",
    severity: Severity::Critical,
    rationale: "A policy that allows every action on every resource makes its holder an administrator; least privilege starts by granting named actions.",
    remediation: "Replace \"Action\": \"*\" with the actions the principal needs, and scope \"Resource\" to the resources it uses.",
    cis: Some("v3.0.0 1.16"),
    prowler: &[
        "iam_customer_attached_policy_no_administrative_privileges",
        "iam_inline_policy_no_administrative_privileges",
    ],
};

/// A policy allows every action of a service on every resource.
pub const SERVICE_WILDCARD: Check = Check {
    id: "iam-policy-service-wildcard",
    title: "Policy allows \"service:*\" on all resources",
    severity: Severity::High,
    rationale: "Allowing every action of a service (for example iam:* or kms:*) grants administrative and destructive actions along with the ones needed.",
    remediation: "List the actions the principal needs instead of \"service:*\", and scope \"Resource\".",
    cis: None,
    prowler: &[
        "iam_policy_no_full_access_to_kms",
        "iam_policy_no_full_access_to_cloudtrail",
    ],
};

/// A policy uses NotAction in an Allow statement.
pub const NOT_ACTION_ALLOW: Check = Check {
    id: "iam-policy-not-action-allow",
    title: "Policy allows NotAction on all resources",
    severity: Severity::High,
    rationale: "An Allow with NotAction grants every action except the listed ones, including actions of services added later.",
    remediation: "Rewrite the statement as an Allow with an explicit Action list, or as a Deny with NotAction.",
    cis: None,
    prowler: &[],
};

/// A policy allows a partially wildcarded action such as `iam:Pass*`.
pub const WILDCARD_ACTION: Check = Check {
    id: "iam-policy-wildcard-action",
    title: "Policy allows a wildcard action on all resources",
    severity: Severity::Medium,
    rationale: "A wildcard inside an action name (iam:Pass*, s3:*Object) matches more actions than a reader expects, including ones AWS adds later.",
    remediation: "Replace the wildcard pattern with the full action names.",
    cis: None,
    prowler: &[],
};

/// A policy allows reading secrets or data on every resource.
pub const SENSITIVE_READ: Check = Check {
    id: "iam-policy-sensitive-read-all",
    title: "Policy allows reading secrets or data on all resources",
    severity: Severity::High,
    rationale: "secretsmanager:GetSecretValue, kms:Decrypt, ssm:GetParameter* and s3:GetObject on \"*\" let the holder read every secret, key-protected value, parameter or object in the account.",
    remediation: "Scope \"Resource\" to the secrets, keys, parameters or buckets the principal owns.",
    cis: None,
    prowler: &[],
};

/// A principal can grant itself more permissions.
pub const PRIVILEGE_ESCALATION: Check = Check {
    id: "iam-principal-privilege-escalation",
    title: "Principal can escalate its privileges",
    severity: Severity::Critical,
    rationale: "Some action sets let a principal raise its own permissions (create a policy version, attach a policy, pass a role to new compute, ...), so its policies understate what it can do.",
    remediation: "Remove the escalation actions, scope them to resources the principal cannot use against itself, or cap the principal with a permissions boundary.",
    cis: None,
    prowler: &[
        "iam_policy_allows_privilege_escalation",
        "iam_inline_policy_allows_privilege_escalation",
    ],
};

/// A project service role lacks a permissions boundary.
pub const SERVICE_ROLE_BOUNDARY: Check = Check {
    id: "iam-service-role-permissions-boundary",
    title: "Service role has a permissions boundary",
    severity: Severity::High,
    rationale: "A permissions boundary caps what a service role can ever be granted, so a mistaken policy attachment cannot widen it.",
    remediation: "Attach the project's permissions boundary policy to the role (iam:PutRolePermissionsBoundary).",
    cis: None,
    prowler: &[],
};

/// The password policy minimum length.
pub const PASSWORD_MINIMUM_LENGTH: Check = Check {
    id: "iam-password-policy-minimum-length",
    title: "Password policy requires a minimum length",
    severity: Severity::Medium,
    rationale: "Short passwords are cheap to guess.",
    remediation: "Set MinimumPasswordLength to at least 14 (iam:UpdateAccountPasswordPolicy).",
    cis: Some("v3.0.0 1.8"),
    prowler: &["iam_password_policy_minimum_length_14"],
};

/// The password policy reuse prevention.
pub const PASSWORD_REUSE_PREVENTION: Check = Check {
    id: "iam-password-policy-reuse-prevention",
    title: "Password policy prevents password reuse",
    severity: Severity::Medium,
    rationale: "Reusing an old, possibly leaked password undoes a password change.",
    remediation: "Set PasswordReusePrevention to 24.",
    cis: Some("v3.0.0 1.9"),
    prowler: &["iam_password_policy_reuse_24"],
};

/// The password policy character classes.
pub const PASSWORD_CHARACTER_CLASSES: Check = Check {
    id: "iam-password-policy-character-classes",
    title: "Password policy requires all character classes",
    severity: Severity::Medium,
    rationale: "Requiring uppercase and lowercase letters, digits and symbols widens the space an attacker has to search.",
    remediation: "Set RequireUppercaseCharacters, RequireLowercaseCharacters, RequireNumbers and RequireSymbols to true.",
    cis: Some("v1.2.0 1.5-1.8"),
    prowler: &[
        "iam_password_policy_uppercase",
        "iam_password_policy_lowercase",
        "iam_password_policy_number",
        "iam_password_policy_symbol",
    ],
};

/// The password policy maximum age.
pub const PASSWORD_MAX_AGE: Check = Check {
    id: "iam-password-policy-max-age",
    title: "Password policy expires passwords",
    severity: Severity::Medium,
    rationale: "An expiry bounds how long a leaked password stays usable.",
    remediation: "Set MaxPasswordAge to 90 days or less.",
    cis: Some("v1.2.0 1.11"),
    prowler: &["iam_password_policy_expires_passwords_within_90_days_or_less"],
};

/// The root user has access keys.
pub const ROOT_ACCESS_KEYS: Check = Check {
    id: "iam-root-access-keys",
    title: "Root user has no access keys",
    severity: Severity::Critical,
    rationale: "Root access keys give unrestricted, unscopable API access to the whole account.",
    remediation: "Delete the root user's access keys and use IAM roles instead.",
    cis: Some("v3.0.0 1.4"),
    prowler: &["iam_no_root_access_key"],
};

/// The root user has no MFA.
pub const ROOT_MFA: Check = Check {
    id: "iam-root-mfa",
    title: "Root user has MFA enabled",
    severity: Severity::Critical,
    rationale: "Without MFA, the root password alone controls the whole account.",
    remediation: "Enable an MFA device for the root user.",
    cis: Some("v3.0.0 1.5"),
    prowler: &["iam_root_mfa_enabled"],
};

/// A console user has no MFA.
pub const CONSOLE_USER_MFA: Check = Check {
    id: "iam-console-user-mfa",
    title: "Console users have MFA enabled",
    severity: Severity::High,
    rationale: "A console password without MFA is one phishing page away from account access.",
    remediation: "Enable an MFA device for the user, or remove the console password if the user does not need it.",
    cis: Some("v3.0.0 1.10"),
    prowler: &["iam_user_mfa_enabled_console_access"],
};

/// Every IAM check.
pub const CHECKS: &[&Check] = &[
    &FULL_ADMIN,
    &SERVICE_WILDCARD,
    &NOT_ACTION_ALLOW,
    &WILDCARD_ACTION,
    &SENSITIVE_READ,
    &PRIVILEGE_ESCALATION,
    &SERVICE_ROLE_BOUNDARY,
    &PASSWORD_MINIMUM_LENGTH,
    &PASSWORD_REUSE_PREVENTION,
    &PASSWORD_CHARACTER_CLASSES,
    &PASSWORD_MAX_AGE,
    &ROOT_ACCESS_KEYS,
    &ROOT_MFA,
    &CONSOLE_USER_MFA,
];
