//! IAM checks over the account model.
//!
//! - Policy shape: customer-managed policies (default version only) and
//!   inline policies of users, groups and roles that allow `*`,
//!   `service:*`, `NotAction`, a wildcard action, or a sensitive read on all
//!   resources ([`policy_shape`]).
//! - Privilege escalation per user and role, over all of its identity
//!   policies, group policies and permissions boundary ([`escalation`]).
//! - Project service roles carry a permissions boundary ([`service_roles`]).
//! - Password policy, root user and console MFA ([`account`]).
//!
//! A check that lacks an input reports ERROR naming it; it never reports
//! PASS on missing data.

pub mod account;
mod descriptors;
pub mod escalation;
pub mod policy_shape;
pub mod service_roles;

pub use descriptors::*;

use crate::finding::Finding;
use crate::model::IamModel;

/// Password policy thresholds, CIS values by default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordRequirements {
    /// Minimum `MinimumPasswordLength`.
    pub minimum_length: u32,

    /// Minimum `PasswordReusePrevention`.
    pub reuse_prevention: u32,

    /// Maximum `MaxPasswordAge`, in days.
    pub max_age_days: u32,
}

impl Default for PasswordRequirements {
    fn default() -> Self {
        Self {
            minimum_length: 14,
            reuse_prevention: 24,
            max_age_days: 90,
        }
    }
}

/// Inputs of the IAM checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IamCheckConfig {
    /// Project name; service roles are named `<project>-<service>-role`.
    pub project: String,

    /// Service names whose roles must have a permissions boundary.
    pub services: Vec<String>,

    /// Password policy thresholds.
    pub password: PasswordRequirements,
}

impl IamCheckConfig {
    /// Builds the configuration for a project with the default services
    /// (`orbit`, `axon`) and CIS password thresholds.
    pub fn for_project(project: &str) -> Self {
        Self {
            project: project.to_owned(),
            services: vec!["orbit".to_owned(), "axon".to_owned()],
            password: PasswordRequirements::default(),
        }
    }
}

/// Runs every IAM check and returns the findings, grouped by check in
/// [`CHECKS`] order.
pub fn run(model: &IamModel, config: &IamCheckConfig) -> Vec<Finding> {
    let mut findings = policy_shape::run(model);
    findings.extend(escalation::run(model));
    findings.extend(service_roles::run(model, config));
    findings.extend(account::run(model, &config.password));
    findings
}

/// Returns the ARN that account-wide findings point at.
pub(crate) fn account_resource(model: &IamModel) -> String {
    match &model.account_id {
        Some(account) => format!("arn:aws:iam::{account}:root"),
        None => "arn:aws:iam::unknown-account:root".to_owned(),
    }
}

#[cfg(test)]
mod tests;
