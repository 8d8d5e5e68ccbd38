//! IAM users, groups and roles, and the policies attached to them.
//!
//! Fields follow `UserDetail`, `GroupDetail` and `RoleDetail` of
//! `GetAccountAuthorizationDetails`
//! (<https://docs.aws.amazon.com/IAM/latest/APIReference/API_UserDetail.html>),
//! plus per-user facts from `GetLoginProfile`, `ListMFADevices` and
//! `ListAccessKeys`, which that call does not return.

use serde::{Deserialize, Serialize};

use crate::policy::PolicyDocument;

/// An inline policy embedded in a user, group or role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InlinePolicy {
    /// The policy name, unique within its owner.
    pub name: String,

    /// The policy document.
    pub document: PolicyDocument,
}

/// A managed policy attached to a user, group or role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachedPolicy {
    /// The policy name.
    pub name: String,

    /// The policy ARN; look the policy up with
    /// [`IamModel::managed_policy`](super::IamModel::managed_policy).
    pub arn: String,
}

/// An MFA device of a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MfaDevice {
    /// The serial number, or the ARN of a virtual device.
    pub serial_number: String,

    /// When the device was enabled, as reported by IAM.
    #[serde(default)]
    pub enable_date: Option<String>,
}

/// Whether an access key can be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccessKeyStatus {
    /// The key can sign requests.
    Active,

    /// The key is disabled.
    Inactive,
}

/// An access key of a user. The secret is never part of the model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessKey {
    /// The access key id.
    pub access_key_id: String,

    /// Whether the key is active.
    pub status: AccessKeyStatus,

    /// When the key was created, as reported by IAM.
    #[serde(default)]
    pub create_date: Option<String>,
}

/// An IAM user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// The user name.
    pub name: String,

    /// The user ARN.
    pub arn: String,

    /// The stable user id.
    #[serde(default)]
    pub id: Option<String>,

    /// The IAM path, such as `/`.
    #[serde(default)]
    pub path: Option<String>,

    /// Names of the groups the user belongs to.
    #[serde(default)]
    pub groups: Vec<String>,

    /// Inline policies.
    #[serde(default)]
    pub inline_policies: Vec<InlinePolicy>,

    /// Attached managed policies.
    #[serde(default)]
    pub attached_policies: Vec<AttachedPolicy>,

    /// ARN of the permissions boundary policy, if one is set.
    #[serde(default)]
    pub permissions_boundary_arn: Option<String>,

    /// Whether the user has a console password (a login profile); `None`
    /// when not collected.
    #[serde(default)]
    pub console_access: Option<bool>,

    /// The user's MFA devices; `None` when not collected.
    #[serde(default)]
    pub mfa_devices: Option<Vec<MfaDevice>>,

    /// The user's access keys; `None` when not collected.
    #[serde(default)]
    pub access_keys: Option<Vec<AccessKey>>,
}

/// An IAM group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// The group name.
    pub name: String,

    /// The group ARN.
    pub arn: String,

    /// The stable group id.
    #[serde(default)]
    pub id: Option<String>,

    /// The IAM path.
    #[serde(default)]
    pub path: Option<String>,

    /// Inline policies.
    #[serde(default)]
    pub inline_policies: Vec<InlinePolicy>,

    /// Attached managed policies.
    #[serde(default)]
    pub attached_policies: Vec<AttachedPolicy>,
}

/// An IAM role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Role {
    /// The role name.
    pub name: String,

    /// The role ARN.
    pub arn: String,

    /// The stable role id.
    #[serde(default)]
    pub id: Option<String>,

    /// The IAM path; service-linked roles live under `/aws-service-role/`.
    #[serde(default)]
    pub path: Option<String>,

    /// The trust policy (`AssumeRolePolicyDocument`).
    pub trust_policy: PolicyDocument,

    /// Inline policies.
    #[serde(default)]
    pub inline_policies: Vec<InlinePolicy>,

    /// Attached managed policies.
    #[serde(default)]
    pub attached_policies: Vec<AttachedPolicy>,

    /// ARN of the permissions boundary policy, if one is set.
    #[serde(default)]
    pub permissions_boundary_arn: Option<String>,
}

impl Role {
    /// Returns whether this is a service-linked role, which only its AWS
    /// service can assume or change.
    pub fn is_service_linked(&self) -> bool {
        self.path
            .as_deref()
            .is_some_and(|path| path.starts_with("/aws-service-role/"))
    }
}
