//! The IAM part of the account model: plain, serializable data.
//!
//! A collector fills this model from the live IAM API or from a snapshot
//! file, and checks read it. A snapshot on disk is this model serialized as
//! JSON; [`SCHEMA_VERSION`] changes whenever a change would make an older
//! snapshot read differently.
//!
//! The model separates "not collected" from "absent", because a check must
//! report ERROR, never PASS, when its input is missing:
//!
//! - account-level data uses [`Collected`];
//! - per-user data that `GetAccountAuthorizationDetails` does not return
//!   (console access, MFA devices, access keys) is an `Option`, where `None`
//!   means "not collected".
//!
//! [`IamModel::from_authorization_details`] loads the output of
//! `aws iam get-account-authorization-details`
//! (<https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html>).

mod account;
mod authorization_details;
mod entities;
mod managed_policy;

use serde::{Deserialize, Serialize};

pub use account::{AccountSummary, PasswordPolicy};
pub use authorization_details::ModelError;
pub use entities::{
    AccessKey, AccessKeyStatus, AttachedPolicy, Group, InlinePolicy, MfaDevice, Role, User,
};
pub use managed_policy::{ManagedPolicy, PolicyVersion};

/// The model's schema version, written into every snapshot.
pub const SCHEMA_VERSION: u32 = 1;

/// Account-level data that a collector may have failed to read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "value")]
pub enum Collected<T> {
    /// The collector read the data.
    Value(T),

    /// The collector tried and failed.
    Failed {
        /// The error the collector received.
        error: String,
    },

    /// The collector did not try (for example an offline export that lacks it).
    #[default]
    NotCollected,
}

/// The IAM configuration of one account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IamModel {
    /// The schema version, [`SCHEMA_VERSION`] for models built by this crate.
    pub schema_version: u32,

    /// The account id, when known.
    #[serde(default)]
    pub account_id: Option<String>,

    /// IAM users.
    #[serde(default)]
    pub users: Vec<User>,

    /// IAM groups.
    #[serde(default)]
    pub groups: Vec<Group>,

    /// IAM roles.
    #[serde(default)]
    pub roles: Vec<Role>,

    /// Managed policies, AWS-managed and customer-managed, with all versions.
    #[serde(default)]
    pub managed_policies: Vec<ManagedPolicy>,

    /// The account password policy. `Value(None)` means the account has none
    /// (IAM returns `NoSuchEntity`).
    #[serde(default)]
    pub password_policy: Collected<Option<PasswordPolicy>>,

    /// The root-user facts of `GetAccountSummary`.
    #[serde(default)]
    pub account_summary: Collected<AccountSummary>,
}

impl Default for IamModel {
    fn default() -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            account_id: None,
            users: Vec::new(),
            groups: Vec::new(),
            roles: Vec::new(),
            managed_policies: Vec::new(),
            password_policy: Collected::NotCollected,
            account_summary: Collected::NotCollected,
        }
    }
}

impl IamModel {
    /// Finds a managed policy by ARN.
    pub fn managed_policy(&self, arn: &str) -> Option<&ManagedPolicy> {
        self.managed_policies
            .iter()
            .find(|policy| policy.arn == arn)
    }

    /// Finds a group by name.
    pub fn group(&self, name: &str) -> Option<&Group> {
        self.groups.iter().find(|group| group.name == name)
    }

    /// Finds a role by name, ignoring letter case as IAM does for role names.
    pub fn role(&self, name: &str) -> Option<&Role> {
        self.roles
            .iter()
            .find(|role| role.name.eq_ignore_ascii_case(name))
    }
}
