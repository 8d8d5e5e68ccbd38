//! The project's own IAM policy evaluator.
//!
//! Follows AWS's "Policy evaluation logic"
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html>)
//! and "Cross-account policy evaluation logic"
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html>),
//! with the KMS rule of "Key policies in AWS KMS"
//! (<https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html>):
//!
//! 1. An explicit `Deny` in any policy (identity, boundary, resource) wins.
//! 2. Identity-based policies grant only what the permissions boundary also
//!    allows.
//! 3. Same account, no KMS: an `Allow` in the identity-based policies or in
//!    the resource-based policy suffices. The boundary does not limit a
//!    resource policy grant to a user ARN or a role session ARN, but it does
//!    limit a grant to a role ARN. A grant to the account (`arn:aws:iam::ACCOUNT:root` or the
//!    account id) delegates to the identity-based policies.
//! 4. KMS key policies: the key policy must allow, either naming the
//!    principal, or delegating to the account, in which case the identity
//!    policies (and boundary) must allow as well.
//! 5. Cross account: both the identity side (with boundary) and the resource
//!    policy must allow.
//!
//! Conditions are not ignored. Each statement match is three-valued
//! ([`Ternary`]); see [`Decision`] for how open conditions surface. The
//! result does not depend on statement or policy order.
//!
//! Limits: service control policies, resource control policies, session
//! policies, the account root user's implicit full access, and per-service
//! exceptions other than KMS (for example S3 ACLs, or IAM role trust policies
//! being required for `sts:AssumeRole`) are not modeled.

mod condition;
mod context;
mod decision;
mod matching;
mod restrictive;
mod ternary;

pub(crate) use context::is_account_id;
pub use context::{ContextError, ContextValue, PrincipalKind, RequestContext, RequestResource};
pub use decision::{Decision, Denial, ImplicitDeny, PolicySource, StatementRef};
pub use restrictive::{RESTRICTIVE_CONDITION_KEYS, is_restrictive, restrictive_condition_keys};
pub use ternary::Ternary;

use crate::policy::{Effect, PolicyDocument, Statement};
use matching::PrincipalGrant;

/// Returns whether an `Action` or `NotAction` element covers `action`,
/// ignoring letter case.
pub fn action_covers(element: &crate::policy::ActionElement, action: &str) -> bool {
    matching::action_matches(element, action)
}

/// The kind of resource-based policy, which decides whether it must allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResourcePolicyKind {
    /// A KMS key policy: no principal uses a key unless the key policy allows.
    KmsKey,

    /// Any other resource-based policy (Secrets Manager secret, S3 bucket, ...).
    Other,
}

/// A resource-based policy with its kind.
#[derive(Debug, Clone, Copy)]
pub struct ResourcePolicy<'a> {
    /// The policy document.
    pub document: &'a PolicyDocument,

    /// The kind of resource it is attached to.
    pub kind: ResourcePolicyKind,
}

/// The policies that apply to one request.
#[derive(Debug, Clone, Default)]
pub struct PolicySet<'a> {
    /// The principal's identity-based policies (inline and managed; for a
    /// user, also those of its groups).
    pub identity_policies: Vec<&'a PolicyDocument>,

    /// The principal's permissions boundary, if it has one.
    pub permissions_boundary: Option<&'a PolicyDocument>,

    /// The resource's resource-based policy, if it has one.
    pub resource_policy: Option<ResourcePolicy<'a>>,
}

/// The statements of one policy that apply, split by effect.
#[derive(Debug)]
struct Matches {
    allow: Ternary,
    deny: Ternary,
    conditional_allows: Vec<StatementRef>,
    conditional_denies: Vec<StatementRef>,
    explicit_denies: Vec<StatementRef>,
}

impl Default for Matches {
    fn default() -> Self {
        Self {
            allow: Ternary::False,
            deny: Ternary::False,
            conditional_allows: Vec::new(),
            conditional_denies: Vec::new(),
            explicit_denies: Vec::new(),
        }
    }
}

impl Matches {
    fn record(&mut self, effect: Effect, applies: Ternary, statement: StatementRef) {
        match (effect, applies) {
            (_, Ternary::False) => {}
            (Effect::Allow, _) => {
                self.allow = self.allow.or(applies);
                if applies == Ternary::Unknown {
                    self.conditional_allows.push(statement);
                }
            }
            (Effect::Deny, Ternary::True) => {
                self.deny = Ternary::True;
                self.explicit_denies.push(statement);
            }
            (Effect::Deny, Ternary::Unknown) => {
                self.deny = self.deny.or(Ternary::Unknown);
                self.conditional_denies.push(statement);
            }
        }
    }

    fn absorb(&mut self, other: Self) {
        self.deny = self.deny.or(other.deny);
        self.conditional_allows.extend(other.conditional_allows);
        self.conditional_denies.extend(other.conditional_denies);
        self.explicit_denies.extend(other.explicit_denies);
    }
}

/// Decides whether a statement applies to the request, ignoring the principal.
fn statement_applies(
    statement: &Statement,
    document: &PolicyDocument,
    context: &RequestContext,
) -> Ternary {
    if !matching::action_matches(&statement.action, context.action()) {
        return Ternary::False;
    }
    let resource = matching::resource_matches(
        statement.resource.as_ref(),
        statement.effect == Effect::Allow,
        document.uses_policy_variables(),
        context,
    );
    resource.and(condition::evaluate(&statement.condition, context))
}

fn statement_ref(source: PolicySource, index: usize, statement: &Statement) -> StatementRef {
    StatementRef {
        source,
        index,
        sid: statement.sid.clone(),
    }
}

/// Matches an identity-based policy or a permissions boundary.
fn match_identity_document(
    document: &PolicyDocument,
    source: PolicySource,
    context: &RequestContext,
) -> Matches {
    let mut matches = Matches::default();
    for (index, statement) in document.statements.iter().enumerate() {
        let applies = statement_applies(statement, document, context);
        matches.record(
            statement.effect,
            applies,
            statement_ref(source.clone(), index, statement),
        );
    }
    matches
}

/// Resource-policy matches, with allows split by how the principal matched.
#[derive(Debug)]
struct ResourceMatches {
    matches: Matches,
    direct_unlimited: Ternary,
    direct_via_role: Ternary,
    account: Ternary,
}

fn match_resource_document(document: &PolicyDocument, context: &RequestContext) -> ResourceMatches {
    let mut result = ResourceMatches {
        matches: Matches::default(),
        direct_unlimited: Ternary::False,
        direct_via_role: Ternary::False,
        account: Ternary::False,
    };
    for (index, statement) in document.statements.iter().enumerate() {
        let grant = matching::principal_grant(statement.principal.as_ref(), context);
        if grant == PrincipalGrant::None {
            continue;
        }
        let applies = statement_applies(statement, document, context);
        result.matches.record(
            statement.effect,
            applies,
            statement_ref(PolicySource::Resource, index, statement),
        );

        if statement.effect == Effect::Allow {
            let slot = match grant {
                PrincipalGrant::Direct {
                    via_role_arn: false,
                } => &mut result.direct_unlimited,
                PrincipalGrant::Direct { via_role_arn: true } => &mut result.direct_via_role,
                _ => &mut result.account,
            };
            *slot = slot.or(applies);
        }
    }
    result
}

/// Evaluates a request against a set of policies.
///
/// # Examples
///
/// ```
/// use agentsec_audit::eval::{evaluate, Decision, PolicySet, RequestContext};
/// use agentsec_audit::policy::PolicyDocument;
///
/// let identity = PolicyDocument::parse(
///     r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}}"#,
/// )?;
/// let policies = PolicySet { identity_policies: vec![&identity], ..PolicySet::default() };
/// let request = RequestContext::new(
///     "arn:aws:iam::111122223333:user/alice",
///     "s3:GetObject",
///     "arn:aws:s3:::reports/q1.csv",
/// )?;
///
/// assert_eq!(evaluate(&policies, &request), Decision::Allowed);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn evaluate(policies: &PolicySet<'_>, context: &RequestContext) -> Decision {
    // Identity-based policies.
    let mut all = Matches::default();
    let mut identity_allow = Ternary::False;
    for (index, document) in policies.identity_policies.iter().enumerate() {
        let matches = match_identity_document(document, PolicySource::Identity(index), context);
        identity_allow = identity_allow.or(matches.allow);
        all.allow = all.allow.or(matches.allow);
        all.absorb(matches);
    }

    // The permissions boundary caps identity grants; without one there is no cap.
    let boundary_allow = match policies.permissions_boundary {
        None => Ternary::True,
        Some(document) => {
            let matches =
                match_identity_document(document, PolicySource::PermissionsBoundary, context);
            let allow = matches.allow;
            all.absorb(matches);
            allow
        }
    };
    let identity_side = identity_allow.and(boundary_allow);

    // The resource-based policy.
    let resource = policies.resource_policy.map(|policy| {
        (
            policy.kind,
            match_resource_document(policy.document, context),
        )
    });
    let (kind, direct_unlimited, direct_via_role, account) = match resource {
        None => (None, Ternary::False, Ternary::False, Ternary::False),
        Some((kind, matches)) => {
            let values = (
                matches.direct_unlimited,
                matches.direct_via_role,
                matches.account,
            );
            all.absorb(matches.matches);
            (Some(kind), values.0, values.1, values.2)
        }
    };
    let resource_direct = direct_unlimited.or(direct_via_role.and(boundary_allow));
    let resource_any = direct_unlimited.or(direct_via_role).or(account);

    // Combine the sides per the evaluation rules in the module doc.
    let allow = match kind {
        None => identity_side,
        Some(_) if context.is_cross_account() => identity_side.and(resource_any),
        Some(ResourcePolicyKind::KmsKey) => resource_direct.or(account.and(identity_side)),
        Some(ResourcePolicyKind::Other) => identity_side.or(resource_direct),
    };

    // An explicit deny wins over everything.
    if all.deny == Ternary::True {
        all.explicit_denies.sort();
        if let Some(first) = all.explicit_denies.into_iter().next() {
            return Decision::Denied(Denial::Explicit(first));
        }
    }

    match allow {
        Ternary::False => Decision::Denied(Denial::Implicit(implicit_reason(
            kind,
            context.is_cross_account(),
            identity_allow,
            boundary_allow,
            resource_any,
            direct_unlimited.or(direct_via_role),
        ))),
        Ternary::True if all.conditional_denies.is_empty() => Decision::Allowed,
        _ => {
            let mut conditional_allows = if allow == Ternary::True {
                Vec::new()
            } else {
                all.conditional_allows
            };
            let mut conditional_denies = all.conditional_denies;
            conditional_allows.sort();
            conditional_denies.sort();
            Decision::AllowedUnderConditions {
                conditional_allows,
                conditional_denies,
            }
        }
    }
}

/// Names the first missing piece of an implicitly denied request.
fn implicit_reason(
    kind: Option<ResourcePolicyKind>,
    cross_account: bool,
    identity_allow: Ternary,
    boundary_allow: Ternary,
    resource_any: Ternary,
    resource_direct: Ternary,
) -> ImplicitDeny {
    let identity_possible = identity_allow.is_possible();
    let boundary_possible = boundary_allow.is_possible();
    let resource_possible = resource_any.is_possible();

    match kind {
        None if identity_possible => ImplicitDeny::PermissionsBoundary,
        None => ImplicitDeny::NoAllow,
        Some(kind) if cross_account || kind == ResourcePolicyKind::KmsKey => {
            if !resource_possible {
                ImplicitDeny::ResourcePolicy
            } else if !identity_possible && (cross_account || !resource_direct.is_possible()) {
                ImplicitDeny::IdentityPolicy
            } else {
                ImplicitDeny::PermissionsBoundary
            }
        }
        Some(_) if !boundary_possible && (identity_possible || resource_direct.is_possible()) => {
            ImplicitDeny::PermissionsBoundary
        }
        Some(_) => ImplicitDeny::NoAllow,
    }
}

#[cfg(test)]
mod tests;
