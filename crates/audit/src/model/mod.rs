//! The account model: plain, serializable data that checks read.
//!
//! [`AccountModel`] contains the global IAM part ([`IamModel`]) and, per
//! audited region, the EC2/VPC, KMS, Secrets Manager, CloudTrail,
//! monitoring, Access Analyzer and App Mesh parts ([`RegionModel`]). A
//! collector fills it from the live AWS APIs or from a snapshot
//! ([`crate::snapshot`]). [`SCHEMA_VERSION`] changes whenever a change
//! would make an older snapshot read differently.
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

mod access_analyzer;
mod account;
mod account_model;
mod app_mesh;
mod authorization_details;
mod cloudtrail;
mod ec2;
mod entities;
mod index;
mod kms;
mod managed_policy;
mod monitoring;
mod secrets;

use serde::{Deserialize, Serialize};

pub use access_analyzer::{AccessAnalyzerModel, Analyzer, AnalyzerFinding};
pub use account::{AccountSummary, PasswordPolicy};
pub use account_model::{AccountModel, RegionModel};
pub use app_mesh::{AppMeshModel, Listener, Mesh, VirtualNode};
pub use cloudtrail::{CloudTrailModel, Trail};
pub use ec2::{
    Ec2Model, FlowLog, InternetGateway, NetworkAcl, NetworkAclEntry, PortRange, PrefixList, Route,
    RouteTable, RouteTableAssociation, RuleAction, SecurityGroup, SecurityGroupRule, Subnet, Vpc,
};
pub use kms::{KeyManager, KmsAlias, KmsKey, KmsModel};
pub use monitoring::{
    MetricAlarm, MetricFilter, MetricTransformation, MonitoringModel, SnsSubscription, SnsTopic,
};
pub use secrets::{Secret, SecretsModel};

/// The API call names that fill each part, for ERROR messages.
pub mod calls {
    pub use super::access_analyzer::calls as access_analyzer;
    pub use super::app_mesh::calls as app_mesh;
    pub use super::cloudtrail::calls as cloudtrail;
    pub use super::ec2::calls as ec2;
    pub use super::kms::calls as kms;
    pub use super::monitoring::calls as monitoring;
    pub use super::secrets::calls as secrets;

    /// The IAM part as a whole.
    pub const IAM: &str = "iam:GetAccountAuthorizationDetails";
}
pub use authorization_details::ModelError;
pub use entities::{
    AccessKey, AccessKeyStatus, AttachedPolicy, Group, InlinePolicy, MfaDevice, Role, User,
};
pub use index::IamIndex;
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
        /// The API call that failed, as `service:Action` (for example
        /// `ec2:DescribeSecurityGroups`); empty in snapshots that predate it.
        #[serde(default)]
        call: String,

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

impl<T> Collected<T> {
    /// Builds the record of a failed API call.
    pub fn failed(call: &str, error: impl Into<String>) -> Self {
        Self::Failed {
            call: call.to_owned(),
            error: error.into(),
        }
    }

    /// Applies `f` to the value, keeping a failure or NotCollected as it is.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Collected<U> {
        match self {
            Self::Value(value) => Collected::Value(f(value)),
            Self::Failed { call, error } => Collected::Failed { call, error },
            Self::NotCollected => Collected::NotCollected,
        }
    }

    /// Returns the value, if the collector read it.
    pub fn value(&self) -> Option<&T> {
        match self {
            Self::Value(value) => Some(value),
            _ => None,
        }
    }

    /// Returns the value, or a sentence for an ERROR finding that names the
    /// API call (`call`, used when the record lacks one) and the scope, such
    /// as a region.
    ///
    /// # Errors
    ///
    /// Returns the explanation when the data was not collected or its call
    /// failed.
    pub fn require(&self, call: &str, scope: &str) -> Result<&T, String> {
        match self {
            Self::Value(value) => Ok(value),
            Self::Failed {
                call: recorded,
                error,
            } => {
                let call = if recorded.is_empty() { call } else { recorded };
                Err(format!("{call} failed in {scope}: {error}"))
            }
            Self::NotCollected => Err(format!(
                "{call} was not collected in {scope}; collect it to run this check"
            )),
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
