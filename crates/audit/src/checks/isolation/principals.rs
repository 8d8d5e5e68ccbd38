//! The identity side of isolation questions: each known role and user with
//! its identity policies and permissions boundary, and a helper that runs
//! the evaluator on whether it may perform an action on a resource.
//!
//! A user's identity policies include those of its groups. A managed policy,
//! boundary or group that the IAM part lacks is recorded as missing, and a
//! question about such a principal has no answer ([`Access::Unknown`]).

use crate::eval::{Decision, PolicySet, RequestContext, ResourcePolicy, evaluate};
use crate::model::{AttachedPolicy, IamIndex, IamModel, InlinePolicy};
use crate::policy::PolicyDocument;

/// A role or user with the policies that apply to its requests.
#[derive(Debug, Clone)]
pub struct KnownPrincipal<'a> {
    /// `role NAME` or `user NAME`, for messages.
    pub label: String,

    /// The role or user name.
    pub name: &'a str,

    /// The role or user ARN.
    pub arn: &'a str,

    identity: Vec<&'a PolicyDocument>,
    boundary: Option<&'a PolicyDocument>,
    missing: Vec<String>,
}

/// The result of an access question about one principal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// Allowed without doubt.
    Allowed,

    /// Allowed only under conditions the evaluator could not decide; the
    /// text names the statements.
    Possibly(String),

    /// Denied.
    Denied,

    /// The question cannot be answered; the text says why.
    Unknown(String),
}

impl Access {
    /// Returns whether the principal may be able to act (allowed or
    /// possibly allowed), which is what fail-closed checks test.
    pub fn may_act(&self) -> bool {
        matches!(self, Self::Allowed | Self::Possibly(_))
    }
}

impl<'a> KnownPrincipal<'a> {
    fn new(label: String, name: &'a str, arn: &'a str) -> Self {
        Self {
            label,
            name,
            arn,
            identity: Vec::new(),
            boundary: None,
            missing: Vec::new(),
        }
    }

    fn add_inline(&mut self, policies: &'a [InlinePolicy]) {
        self.identity
            .extend(policies.iter().map(|policy| &policy.document));
    }

    fn add_attached(&mut self, iam: &IamIndex<'a>, attached: &'a [AttachedPolicy]) {
        for policy in attached {
            match default_document(iam, &policy.arn) {
                Some(document) => self.identity.push(document),
                None => self.missing.push(format!("managed policy {}", policy.arn)),
            }
        }
    }

    fn set_boundary(&mut self, iam: &IamIndex<'a>, arn: Option<&'a String>) {
        if let Some(arn) = arn {
            match default_document(iam, arn) {
                Some(document) => self.boundary = Some(document),
                None => self.missing.push(format!("permissions boundary {arn}")),
            }
        }
    }

    /// Asks whether the principal may perform `action` on `resource_arn`,
    /// under the resource's policy if it has one. `context_keys` adds
    /// condition keys the request is known to carry.
    pub fn access(
        &self,
        action: &str,
        resource_arn: &str,
        resource_policy: Option<ResourcePolicy<'_>>,
        context_keys: &[(&str, &[&str])],
    ) -> Access {
        if !self.missing.is_empty() {
            return Access::Unknown(format!(
                "{} uses policies that are not in the model: {}",
                self.label,
                self.missing.join(", ")
            ));
        }

        let mut context = match RequestContext::new(self.arn, action, resource_arn) {
            Ok(context) => context,
            Err(error) => return Access::Unknown(format!("{}: {error}", self.label)),
        };
        for (key, values) in context_keys {
            context = context.with_condition_values(key, values.iter().copied());
        }

        let set = PolicySet {
            identity_policies: self.identity.clone(),
            permissions_boundary: self.boundary,
            resource_policy,
        };
        match evaluate(&set, &context) {
            Decision::Allowed => Access::Allowed,
            Decision::Denied(_) => Access::Denied,
            Decision::AllowedUnderConditions {
                conditional_allows,
                conditional_denies,
            } => {
                let statements: Vec<String> = conditional_allows
                    .iter()
                    .chain(&conditional_denies)
                    .map(|statement| match &statement.sid {
                        Some(sid) => format!("{sid:?}"),
                        None => format!("#{} of {:?}", statement.index, statement.source),
                    })
                    .collect();
                Access::Possibly(format!(
                    "conditions the evaluator cannot decide ({})",
                    statements.join(", ")
                ))
            }
        }
    }
}

fn default_document<'a>(iam: &IamIndex<'a>, arn: &str) -> Option<&'a PolicyDocument> {
    iam.managed_policy(arn)
        .and_then(|policy| policy.default_version())
        .map(|version| &version.document)
}

/// Builds a role's principal, or `None` when the role is not in the model.
pub fn role<'a>(iam: &'a IamModel, name: &str) -> Option<KnownPrincipal<'a>> {
    indexed_role(&IamIndex::new(iam), name)
}

fn indexed_role<'a>(index: &IamIndex<'a>, name: &str) -> Option<KnownPrincipal<'a>> {
    let role = index.role(name)?;
    let mut principal = KnownPrincipal::new(format!("role {}", role.name), &role.name, &role.arn);
    principal.add_inline(&role.inline_policies);
    principal.add_attached(index, &role.attached_policies);
    principal.set_boundary(index, role.permissions_boundary_arn.as_ref());
    Some(principal)
}

/// Builds every user and every role except service-linked roles, which only
/// their AWS service can use.
pub fn all<'a>(iam: &'a IamModel) -> Vec<KnownPrincipal<'a>> {
    let index = IamIndex::new(iam);
    let mut principals = Vec::with_capacity(iam.users.len() + iam.roles.len());

    for user in &iam.users {
        let mut principal =
            KnownPrincipal::new(format!("user {}", user.name), &user.name, &user.arn);
        principal.add_inline(&user.inline_policies);
        principal.add_attached(&index, &user.attached_policies);
        for group_name in &user.groups {
            match index.group(group_name) {
                Some(group) => {
                    principal.add_inline(&group.inline_policies);
                    principal.add_attached(&index, &group.attached_policies);
                }
                None => principal.missing.push(format!("group {group_name}")),
            }
        }
        principal.set_boundary(&index, user.permissions_boundary_arn.as_ref());
        principals.push(principal);
    }

    for role_entry in iam.roles.iter().filter(|role| !role.is_service_linked()) {
        if let Some(principal) = indexed_role(&index, &role_entry.name) {
            principals.push(principal);
        }
    }
    principals
}
