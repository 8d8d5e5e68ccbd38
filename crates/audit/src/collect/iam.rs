//! IAM collection: `GetAccountAuthorizationDetails` (all pages), the
//! password policy, the account summary, and per user the login profile,
//! MFA devices and access keys, which that call does not return.
//!
//! Policy documents arrive percent-encoded (RFC 3986) and are decoded by
//! [`PolicyDocument::parse`]. An invalid document makes the whole IAM part
//! Failed, naming the entity and policy, as the offline loader does.

use aws_sdk_iam::Client;
use aws_sdk_iam::primitives::{DateTime, DateTimeFormat};
use aws_sdk_iam::types::{
    AttachedPolicy as SdkAttached, GroupDetail, ManagedPolicyDetail, PolicyDetail, RoleDetail,
    StatusType, SummaryKeyType, UserDetail,
};
use futures_util::future::join_all;

use super::{CallContext, CallFailure, collected, for_each_page};
use crate::model::{
    AccessKey, AccessKeyStatus, AccountSummary, AttachedPolicy, Collected, Group, IamModel,
    InlinePolicy, ManagedPolicy, MfaDevice, PasswordPolicy, PolicyVersion, Role, User, calls,
};
use crate::policy::PolicyDocument;

const PASSWORD_POLICY: &str = "iam:GetAccountPasswordPolicy";
const ACCOUNT_SUMMARY: &str = "iam:GetAccountSummary";
const LOGIN_PROFILE: &str = "iam:GetLoginProfile";
const MFA_DEVICES: &str = "iam:ListMFADevices";
const ACCESS_KEYS: &str = "iam:ListAccessKeys";

/// Collects the IAM part.
pub(super) async fn collect(context: &CallContext, client: &Client) -> Collected<IamModel> {
    let (details, password_policy, account_summary) = tokio::join!(
        authorization_details(context, client),
        password_policy(context, client),
        account_summary(context, client),
    );
    let mut model = match details {
        Ok(model) => model,
        Err(failure) => return failure.into(),
    };
    model.password_policy = password_policy;
    model.account_summary = account_summary;

    let per_user = join_all(
        model
            .users
            .iter()
            .map(|user| user_facts(context, client, user.name.clone())),
    )
    .await;
    for (user, (console_access, mfa_devices, access_keys)) in model.users.iter_mut().zip(per_user) {
        user.console_access = console_access;
        user.mfa_devices = mfa_devices;
        user.access_keys = access_keys;
    }
    Collected::Value(model)
}

async fn authorization_details(
    context: &CallContext,
    client: &Client,
) -> Result<IamModel, CallFailure> {
    let mut model = IamModel::default();
    let mut invalid: Option<String> = None;

    for_each_page!(
        context,
        calls::IAM,
        client.get_account_authorization_details().into_paginator(),
        |page| {
            let converted = convert_page(
                &mut model,
                page.user_detail_list(),
                page.group_detail_list(),
                page.role_detail_list(),
                page.policies(),
            );
            if let Err(message) = converted {
                invalid.get_or_insert(message);
            }
        }
    )?;

    match invalid {
        Some(message) => Err(context.invalid_response(calls::IAM, message)),
        None => Ok(model),
    }
}

/// Adds one page of `GetAccountAuthorizationDetails` to the model.
fn convert_page(
    model: &mut IamModel,
    users: &[UserDetail],
    groups: &[GroupDetail],
    roles: &[RoleDetail],
    policies: &[ManagedPolicyDetail],
) -> Result<(), String> {
    for user in users {
        let name = text(user.user_name());
        let owner = format!("user {name:?}");
        model.users.push(User {
            inline_policies: inline_policies(&owner, user.user_policy_list())?,
            attached_policies: attached(user.attached_managed_policies()),
            permissions_boundary_arn: user
                .permissions_boundary()
                .and_then(|boundary| boundary.permissions_boundary_arn())
                .map(str::to_owned),
            arn: text(user.arn()),
            id: user.user_id().map(str::to_owned),
            path: user.path().map(str::to_owned),
            groups: user.group_list().to_vec(),
            console_access: None,
            mfa_devices: None,
            access_keys: None,
            name,
        });
    }

    for group in groups {
        let name = text(group.group_name());
        let owner = format!("group {name:?}");
        model.groups.push(Group {
            inline_policies: inline_policies(&owner, group.group_policy_list())?,
            attached_policies: attached(group.attached_managed_policies()),
            arn: text(group.arn()),
            id: group.group_id().map(str::to_owned),
            path: group.path().map(str::to_owned),
            name,
        });
    }

    for role in roles {
        let name = text(role.role_name());
        let owner = format!("role {name:?}");
        let trust_policy = document(
            role.assume_role_policy_document(),
            &format!("{owner}: trust policy"),
        )?;
        model.roles.push(Role {
            inline_policies: inline_policies(&owner, role.role_policy_list())?,
            attached_policies: attached(role.attached_managed_policies()),
            permissions_boundary_arn: role
                .permissions_boundary()
                .and_then(|boundary| boundary.permissions_boundary_arn())
                .map(str::to_owned),
            trust_policy,
            arn: text(role.arn()),
            id: role.role_id().map(str::to_owned),
            path: role.path().map(str::to_owned),
            name,
        });
    }

    for policy in policies {
        let arn = text(policy.arn());
        let mut versions = Vec::with_capacity(policy.policy_version_list().len());
        for version in policy.policy_version_list() {
            let version_id = text(version.version_id());
            let location = format!("managed policy {arn}: version {version_id}");
            versions.push(PolicyVersion {
                document: document(version.document(), &location)?,
                is_default: version.is_default_version(),
                version_id,
            });
        }
        model.managed_policies.push(ManagedPolicy {
            // Some endpoints (moto among them) leave PolicyName out; the
            // ARN ends with the name.
            name: policy
                .policy_name()
                .filter(|name| !name.is_empty())
                .map_or_else(|| name_from_arn(&arn), str::to_owned),
            id: policy.policy_id().map(str::to_owned),
            path: policy.path().map(str::to_owned),
            default_version_id: text(policy.default_version_id()),
            attachment_count: policy.attachment_count().and_then(count),
            permissions_boundary_usage_count: policy
                .permissions_boundary_usage_count()
                .and_then(count),
            versions,
            arn,
        });
    }
    Ok(())
}

fn text(value: Option<&str>) -> String {
    value.unwrap_or_default().to_owned()
}

fn count(value: i32) -> Option<u32> {
    u32::try_from(value).ok()
}

fn document(text: Option<&str>, location: &str) -> Result<PolicyDocument, String> {
    let Some(text) = text else {
        return Err(format!("missing policy document in {location}"));
    };
    PolicyDocument::parse(text)
        .map_err(|error| format!("invalid policy document in {location}: {error}"))
}

fn inline_policies(owner: &str, policies: &[PolicyDetail]) -> Result<Vec<InlinePolicy>, String> {
    policies
        .iter()
        .map(|policy| {
            let name = text(policy.policy_name());
            let location = format!("{owner}: inline policy {name:?}");
            Ok(InlinePolicy {
                document: document(policy.policy_document(), &location)?,
                name,
            })
        })
        .collect()
}

/// Returns the last path segment of an ARN: the name of a policy, role or user.
fn name_from_arn(arn: &str) -> String {
    arn.rsplit('/').next().unwrap_or(arn).to_owned()
}

fn attached(policies: &[SdkAttached]) -> Vec<AttachedPolicy> {
    policies
        .iter()
        .map(|policy| AttachedPolicy {
            name: text(policy.policy_name()),
            arn: text(policy.policy_arn()),
        })
        .collect()
}

async fn password_policy(
    context: &CallContext,
    client: &Client,
) -> Collected<Option<PasswordPolicy>> {
    let _permit = context.permit().await;
    let result = client.get_account_password_policy().send().await;
    context.count(PASSWORD_POLICY);
    let output = match result {
        Ok(output) => output,
        // NoSuchEntity: the account has no password policy.
        Err(error)
            if error
                .as_service_error()
                .is_some_and(|error| error.is_no_such_entity_exception()) =>
        {
            return Collected::Value(None);
        }
        Err(error) => return context.failure(PASSWORD_POLICY, &error).into(),
    };
    let Some(policy) = output.password_policy() else {
        return Collected::Value(None);
    };
    Collected::Value(Some(PasswordPolicy {
        minimum_password_length: policy.minimum_password_length().and_then(count),
        require_symbols: policy.require_symbols(),
        require_numbers: policy.require_numbers(),
        require_uppercase_characters: policy.require_uppercase_characters(),
        require_lowercase_characters: policy.require_lowercase_characters(),
        allow_users_to_change_password: policy.allow_users_to_change_password(),
        max_password_age: if policy.expire_passwords() {
            policy.max_password_age().and_then(count)
        } else {
            None
        },
        password_reuse_prevention: policy.password_reuse_prevention().and_then(count),
        hard_expiry: policy.hard_expiry(),
    }))
}

async fn account_summary(context: &CallContext, client: &Client) -> Collected<AccountSummary> {
    let result = context
        .call(ACCOUNT_SUMMARY, client.get_account_summary().send())
        .await;
    collected(result.and_then(|output| {
        let map = output.summary_map();
        let flag = |key: SummaryKeyType| {
            map.and_then(|map| map.get(&key))
                .map(|value| *value > 0)
                .ok_or_else(|| {
                    context.invalid_response(
                        ACCOUNT_SUMMARY,
                        format!("the summary map lacks {}", key.as_str()),
                    )
                })
        };
        Ok(AccountSummary {
            root_access_keys_present: flag(SummaryKeyType::AccountAccessKeysPresent)?,
            root_mfa_enabled: flag(SummaryKeyType::AccountMfaEnabled)?,
        })
    }))
}

type UserFacts = (
    Option<bool>,
    Option<Vec<MfaDevice>>,
    Option<Vec<AccessKey>>,
);

/// Reads the console access, MFA devices and access keys of one user. A
/// failed call leaves its fact `None` (not collected), so the checks that
/// need it report ERROR for that user.
async fn user_facts(context: &CallContext, client: &Client, user: String) -> UserFacts {
    let (console_access, mfa_devices, access_keys) = tokio::join!(
        login_profile(context, client, &user),
        mfa_devices(context, client, &user),
        access_keys(context, client, &user),
    );
    (console_access.ok(), mfa_devices.ok(), access_keys.ok())
}

async fn login_profile(
    context: &CallContext,
    client: &Client,
    user: &str,
) -> Result<bool, CallFailure> {
    let _permit = context.permit().await;
    let result = client.get_login_profile().user_name(user).send().await;
    context.count(LOGIN_PROFILE);
    match result {
        Ok(_) => Ok(true),
        // NoSuchEntity: the user has no console password.
        Err(error)
            if error
                .as_service_error()
                .is_some_and(|error| error.is_no_such_entity_exception()) =>
        {
            Ok(false)
        }
        Err(error) => Err(context.failure(LOGIN_PROFILE, &error)),
    }
}

async fn mfa_devices(
    context: &CallContext,
    client: &Client,
    user: &str,
) -> Result<Vec<MfaDevice>, CallFailure> {
    let mut devices = Vec::new();
    for_each_page!(
        context,
        MFA_DEVICES,
        client.list_mfa_devices().user_name(user).into_paginator(),
        |page| {
            devices.extend(page.mfa_devices().iter().map(|device| MfaDevice {
                serial_number: device.serial_number().to_owned(),
                enable_date: date(Some(device.enable_date())),
            }));
        }
    )?;
    Ok(devices)
}

async fn access_keys(
    context: &CallContext,
    client: &Client,
    user: &str,
) -> Result<Vec<AccessKey>, CallFailure> {
    let mut keys = Vec::new();
    for_each_page!(
        context,
        ACCESS_KEYS,
        client.list_access_keys().user_name(user).into_paginator(),
        |page| {
            keys.extend(page.access_key_metadata().iter().map(|key| AccessKey {
                access_key_id: text(key.access_key_id()),
                // An unknown status counts as active, which fails closed.
                status: match key.status() {
                    Some(StatusType::Inactive) => AccessKeyStatus::Inactive,
                    _ => AccessKeyStatus::Active,
                },
                create_date: date(key.create_date()),
            }));
        }
    )?;
    Ok(keys)
}

/// Formats an API timestamp as RFC 3339.
pub(super) fn date(value: Option<&DateTime>) -> Option<String> {
    value.and_then(|value| value.fmt(DateTimeFormat::DateTime).ok())
}
