//! The evaluator's verdict, with the statements that produced it.
//!
//! AWS's evaluation has two outcomes, allow and deny. Offline, a condition
//! may depend on request facts the evaluator does not have, so there is a
//! third outcome, [`Decision::AllowedUnderConditions`]. It covers both ways
//! conditions can leave the decision open:
//!
//! - "possibly allowed": the request is allowed only if some conditional
//!   `Allow` matches (`conditional_allows` is not empty);
//! - "possibly denied": the request is allowed, but a conditional `Deny` may
//!   apply (`conditional_denies` is not empty).
//!
//! A caller that must fail closed treats anything but [`Decision::Allowed`]
//! as "not proven allowed" ([`Decision::is_allowed`]) and anything but
//! [`Decision::Denied`] as "not proven denied" ([`Decision::may_be_allowed`]).

use serde::{Deserialize, Serialize};

/// The policy of the evaluated set that a statement belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicySource {
    /// The identity-based policy at this index of
    /// [`PolicySet::identity_policies`](super::PolicySet::identity_policies).
    Identity(usize),

    /// The permissions boundary.
    PermissionsBoundary,

    /// The resource-based policy (key policy, secret policy, ...).
    Resource,
}

/// A statement that took part in a decision.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct StatementRef {
    /// The policy the statement is in.
    pub source: PolicySource,

    /// The statement's position in its policy, from 0.
    pub index: usize,

    /// The statement's `Sid`, if any.
    pub sid: Option<String>,
}

/// The reason for an implicit deny.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImplicitDeny {
    /// No applicable policy allows the request.
    NoAllow,

    /// A policy allows the request, but the permissions boundary does not.
    PermissionsBoundary,

    /// The resource-based policy does not allow the principal, and this
    /// request needs it to: a KMS key policy must always allow, and so must
    /// the resource policy of a cross-account request.
    ResourcePolicy,

    /// The resource-based policy allows the request only by delegating to
    /// the principal's account (or across accounts), and no identity-based
    /// policy allows it.
    IdentityPolicy,
}

/// The reason for a deny.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Denial {
    /// A `Deny` statement applies without doubt. When several do, this is
    /// the first in [`StatementRef`] order, so the result does not depend on
    /// statement order within a policy.
    Explicit(StatementRef),

    /// No combination of `Allow` statements grants the request.
    Implicit(ImplicitDeny),
}

/// The outcome of evaluating one request.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "decision")]
pub enum Decision {
    /// Allowed, whatever the undecided conditions turn out to be.
    Allowed,

    /// Allowed only under conditions the evaluator could not decide.
    AllowedUnderConditions {
        /// Conditional `Allow` statements the allow depends on. Empty when an
        /// unconditional allow exists and only a conditional deny is open.
        conditional_allows: Vec<StatementRef>,

        /// Conditional `Deny` statements that may apply ("possibly denied").
        conditional_denies: Vec<StatementRef>,
    },

    /// Denied, explicitly or implicitly.
    Denied(Denial),
}

impl Decision {
    /// Returns whether the request is allowed without doubt.
    pub fn is_allowed(&self) -> bool {
        matches!(self, Self::Allowed)
    }

    /// Returns whether the request may be allowed: allowed, or allowed under
    /// undecided conditions.
    pub fn may_be_allowed(&self) -> bool {
        !matches!(self, Self::Denied(_))
    }

    /// Returns whether the request is allowed unless a conditional `Deny`
    /// applies.
    pub fn is_possibly_denied(&self) -> bool {
        matches!(self, Self::AllowedUnderConditions { conditional_denies, .. } if !conditional_denies.is_empty())
    }
}
