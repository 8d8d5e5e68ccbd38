//! Managed policies with all their versions.
//!
//! IAM keeps up to five versions of a managed policy and applies only the
//! default one ("Versioning IAM policies",
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html>).
//! The other versions matter only because a principal allowed
//! `iam:SetDefaultPolicyVersion` can switch to them.

use serde::{Deserialize, Serialize};

use crate::policy::PolicyDocument;

/// One version of a managed policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicyVersion {
    /// The version id, such as `v3`.
    pub version_id: String,

    /// Whether IAM reports this version as the default.
    pub is_default: bool,

    /// The policy document of this version.
    pub document: PolicyDocument,
}

/// A managed policy, AWS-managed or customer-managed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManagedPolicy {
    /// The policy name.
    pub name: String,

    /// The policy ARN; AWS-managed policies have account `aws`.
    pub arn: String,

    /// The stable policy id.
    #[serde(default)]
    pub id: Option<String>,

    /// The IAM path.
    #[serde(default)]
    pub path: Option<String>,

    /// The id of the default version.
    pub default_version_id: String,

    /// Number of users, groups and roles the policy is attached to.
    #[serde(default)]
    pub attachment_count: Option<u32>,

    /// Number of users and roles that use the policy as permissions boundary.
    #[serde(default)]
    pub permissions_boundary_usage_count: Option<u32>,

    /// All versions the collector returned.
    pub versions: Vec<PolicyVersion>,
}

impl ManagedPolicy {
    /// Returns whether AWS owns the policy (ARN account field `aws`).
    pub fn is_aws_managed(&self) -> bool {
        self.arn.split(':').nth(4) == Some("aws")
    }

    /// Returns the version IAM applies: the one whose id is
    /// `default_version_id`, or else the one flagged as default. `None` when
    /// the collected versions contain neither.
    pub fn default_version(&self) -> Option<&PolicyVersion> {
        self.versions
            .iter()
            .find(|version| version.version_id == self.default_version_id)
            .or_else(|| self.versions.iter().find(|version| version.is_default))
    }
}
