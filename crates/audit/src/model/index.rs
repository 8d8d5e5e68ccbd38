//! Hash lookups over an [`IamModel`], for checks that resolve many
//! attachments: the model's own `managed_policy`, `group` and `role` scan
//! the lists, which is quadratic over a large account.

use std::collections::HashMap;

use super::{Group, IamModel, ManagedPolicy, Role};

/// Lookups by ARN and name into one [`IamModel`], built once per run.
///
/// When a list holds the same key twice, the first entry wins, as with the
/// model's scanning lookups.
#[derive(Debug, Clone)]
pub struct IamIndex<'a> {
    policies: HashMap<&'a str, &'a ManagedPolicy>,
    groups: HashMap<&'a str, &'a Group>,
    roles: HashMap<String, &'a Role>,
}

impl<'a> IamIndex<'a> {
    /// Indexes the managed policies by ARN, groups by name and roles by
    /// name without letter case (IAM role names are case-insensitive).
    pub fn new(model: &'a IamModel) -> Self {
        let mut policies = HashMap::with_capacity(model.managed_policies.len());
        for policy in &model.managed_policies {
            policies.entry(policy.arn.as_str()).or_insert(policy);
        }
        let mut groups = HashMap::with_capacity(model.groups.len());
        for group in &model.groups {
            groups.entry(group.name.as_str()).or_insert(group);
        }
        let mut roles = HashMap::with_capacity(model.roles.len());
        for role in &model.roles {
            roles.entry(role.name.to_ascii_lowercase()).or_insert(role);
        }
        Self {
            policies,
            groups,
            roles,
        }
    }

    /// Finds a managed policy by ARN.
    pub fn managed_policy(&self, arn: &str) -> Option<&'a ManagedPolicy> {
        self.policies.get(arn).copied()
    }

    /// Finds a group by name.
    pub fn group(&self, name: &str) -> Option<&'a Group> {
        self.groups.get(name).copied()
    }

    /// Finds a role by name, ignoring ASCII letter case.
    pub fn role(&self, name: &str) -> Option<&'a Role> {
        self.roles.get(&name.to_ascii_lowercase()).copied()
    }
}
