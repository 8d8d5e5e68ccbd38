//! Account-level IAM checks: the password policy (CIS thresholds by
//! default), root access keys, root MFA, and MFA for console users.
//!
//! Inputs come from `GetAccountPasswordPolicy`, `GetAccountSummary`,
//! `GetLoginProfile` and `ListMFADevices`; when one was not collected or its
//! call failed, the check reports ERROR with the reason.

use super::{
    CONSOLE_USER_MFA, PASSWORD_CHARACTER_CLASSES, PASSWORD_MAX_AGE, PASSWORD_MINIMUM_LENGTH,
    PASSWORD_REUSE_PREVENTION, PasswordRequirements, ROOT_ACCESS_KEYS, ROOT_MFA, account_resource,
};
use crate::checks::Check;
use crate::finding::{Finding, Status};
use crate::model::{Collected, IamModel, PasswordPolicy};

/// Runs the account-level checks.
pub fn run(model: &IamModel, requirements: &PasswordRequirements) -> Vec<Finding> {
    let mut findings = password_policy(model, requirements);
    findings.extend(root_user(model));
    findings.extend(console_users(model));
    findings
}

/// Explains why a collected value is missing, for ERROR findings.
fn missing_reason<T>(collected: &Collected<T>, input: &str) -> Option<String> {
    match collected {
        Collected::Value(_) => None,
        Collected::Failed { error, .. } => Some(format!("{input} could not be read: {error}")),
        Collected::NotCollected => Some(format!(
            "{input} was not collected; collect it to run this check"
        )),
    }
}

/// One password policy rule: a PASS message, or a FAIL message.
type PasswordRule = fn(&PasswordPolicy, &PasswordRequirements) -> Result<String, String>;

fn password_policy(model: &IamModel, requirements: &PasswordRequirements) -> Vec<Finding> {
    let resource = account_resource(model);
    let checks: [(&Check, PasswordRule); 4] = [
        (&PASSWORD_MINIMUM_LENGTH, check_length),
        (&PASSWORD_REUSE_PREVENTION, check_reuse),
        (&PASSWORD_CHARACTER_CLASSES, check_classes),
        (&PASSWORD_MAX_AGE, check_max_age),
    ];

    checks
        .iter()
        .map(|(check, evaluate)| match &model.password_policy {
            Collected::Value(Some(policy)) => match evaluate(policy, requirements) {
                Ok(message) => check.finding(Status::Pass, &resource, message),
                Err(message) => check.finding(Status::Fail, &resource, message),
            },
            Collected::Value(None) => check.finding(
                Status::Fail,
                &resource,
                "the account has no password policy",
            ),
            missing => {
                let reason = missing_reason(
                    missing,
                    "the account password policy (GetAccountPasswordPolicy)",
                );
                check.finding(Status::Error, &resource, reason.unwrap_or_default())
            }
        })
        .collect()
}

fn check_length(
    policy: &PasswordPolicy,
    requirements: &PasswordRequirements,
) -> Result<String, String> {
    let required = requirements.minimum_length;
    match policy.minimum_password_length {
        Some(length) if length >= required => Ok(format!(
            "minimum password length is {length} (required: {required})"
        )),
        Some(length) => Err(format!(
            "minimum password length is {length}, below the required {required}"
        )),
        None => Err(format!(
            "the password policy sets no minimum length; {required} is required"
        )),
    }
}

fn check_reuse(
    policy: &PasswordPolicy,
    requirements: &PasswordRequirements,
) -> Result<String, String> {
    let required = requirements.reuse_prevention;
    match policy.password_reuse_prevention {
        Some(count) if count >= required => Ok(format!(
            "the last {count} passwords cannot be reused (required: {required})"
        )),
        Some(count) => Err(format!(
            "only the last {count} passwords are blocked from reuse; {required} is required"
        )),
        None => Err(format!(
            "password reuse is not prevented; blocking the last {required} is required"
        )),
    }
}

fn check_classes(
    policy: &PasswordPolicy,
    _requirements: &PasswordRequirements,
) -> Result<String, String> {
    let missing: Vec<&str> = [
        (policy.require_uppercase_characters, "uppercase letters"),
        (policy.require_lowercase_characters, "lowercase letters"),
        (policy.require_numbers, "numbers"),
        (policy.require_symbols, "symbols"),
    ]
    .iter()
    .filter(|(required, _)| !required)
    .map(|(_, name)| *name)
    .collect();

    if missing.is_empty() {
        Ok("uppercase letters, lowercase letters, numbers and symbols are required".to_owned())
    } else {
        Err(format!(
            "the password policy does not require {}",
            missing.join(", ")
        ))
    }
}

fn check_max_age(
    policy: &PasswordPolicy,
    requirements: &PasswordRequirements,
) -> Result<String, String> {
    let limit = requirements.max_age_days;
    match policy.max_password_age {
        Some(days) if days <= limit => Ok(format!(
            "passwords expire after {days} days (limit: {limit})"
        )),
        Some(days) => Err(format!(
            "passwords expire after {days} days, more than the limit of {limit}"
        )),
        None => Err(format!(
            "passwords never expire; an expiry of at most {limit} days is required"
        )),
    }
}

fn root_user(model: &IamModel) -> Vec<Finding> {
    let resource = account_resource(model);
    let summary = match &model.account_summary {
        Collected::Value(summary) => summary,
        missing => {
            let reason = missing_reason(missing, "the account summary (GetAccountSummary)")
                .unwrap_or_default();
            return vec![
                ROOT_ACCESS_KEYS.finding(Status::Error, &resource, reason.clone()),
                ROOT_MFA.finding(Status::Error, &resource, reason),
            ];
        }
    };

    let keys = if summary.root_access_keys_present {
        ROOT_ACCESS_KEYS.finding(Status::Fail, &resource, "the root user has access keys")
    } else {
        ROOT_ACCESS_KEYS.finding(Status::Pass, &resource, "the root user has no access keys")
    };
    let mfa = if summary.root_mfa_enabled {
        ROOT_MFA.finding(Status::Pass, &resource, "the root user has MFA enabled")
    } else {
        ROOT_MFA.finding(Status::Fail, &resource, "the root user has no MFA device")
    };
    vec![keys, mfa]
}

fn console_users(model: &IamModel) -> Vec<Finding> {
    if model.users.is_empty() {
        return vec![CONSOLE_USER_MFA.finding(
            Status::NotApplicable,
            account_resource(model),
            "the account has no IAM users",
        )];
    }

    model
        .users
        .iter()
        .map(|user| {
            let name = &user.name;
            match (user.console_access, &user.mfa_devices) {
                (None, _) => CONSOLE_USER_MFA.finding(
                    Status::Error,
                    &user.arn,
                    format!("console access of user {name} was not collected (GetLoginProfile)"),
                ),
                (Some(false), _) => CONSOLE_USER_MFA.finding(
                    Status::Pass,
                    &user.arn,
                    format!("user {name} has no console password"),
                ),
                (Some(true), None) => CONSOLE_USER_MFA.finding(
                    Status::Error,
                    &user.arn,
                    format!(
                        "MFA devices of console user {name} were not collected (ListMFADevices)"
                    ),
                ),
                (Some(true), Some(devices)) if devices.is_empty() => CONSOLE_USER_MFA.finding(
                    Status::Fail,
                    &user.arn,
                    format!("user {name} has a console password and no MFA device"),
                ),
                (Some(true), Some(devices)) => CONSOLE_USER_MFA.finding(
                    Status::Pass,
                    &user.arn,
                    format!(
                        "user {name} has a console password and {} MFA device(s)",
                        devices.len()
                    ),
                ),
            }
        })
        .collect()
}
