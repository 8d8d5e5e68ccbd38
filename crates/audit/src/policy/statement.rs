//! One policy statement, with its paired elements made exclusive by type.
//!
//! IAM allows exactly one of `Action`/`NotAction`, at most one of
//! `Resource`/`NotResource` and at most one of `Principal`/`NotPrincipal` per
//! statement (IAM JSON policy element reference,
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html>).
//! The parser rejects a statement that carries both halves of a pair, so an
//! evaluator never has to guess which one wins.
//!
//! `Resource` is optional here because role trust policies have none.
//! `Principal` is optional because identity-based policies have none.

use serde::{Deserialize, Serialize};

use super::{Condition, Principal, StringList};

/// The `Effect` element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Effect {
    /// `"Allow"`.
    Allow,

    /// `"Deny"`.
    Deny,
}

/// `Action` or `NotAction`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionElement {
    /// `Action`: the statement covers the listed action patterns.
    Action(StringList),

    /// `NotAction`: the statement covers every action except the listed ones.
    NotAction(StringList),
}

/// `Resource` or `NotResource`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResourceElement {
    /// `Resource`: the statement covers the listed resource patterns.
    Resource(StringList),

    /// `NotResource`: the statement covers every resource except the listed ones.
    NotResource(StringList),
}

/// `Principal` or `NotPrincipal`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalElement {
    /// `Principal`: the statement covers the listed principals.
    Principal(Principal),

    /// `NotPrincipal`: the statement covers every principal except the listed ones.
    NotPrincipal(Principal),
}

/// One statement of a policy document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawStatement", into = "RawStatement")]
pub struct Statement {
    /// The `Sid` element, if present.
    pub sid: Option<String>,

    /// The `Effect` element.
    pub effect: Effect,

    /// `Principal` or `NotPrincipal`, present in resource-based policies.
    pub principal: Option<PrincipalElement>,

    /// `Action` or `NotAction`.
    pub action: ActionElement,

    /// `Resource` or `NotResource`; absent in role trust policies.
    pub resource: Option<ResourceElement>,

    /// The `Condition` element; empty when the statement has none.
    pub condition: Condition,
}

impl Statement {
    /// Returns a short label for messages: the `Sid` if present, else the
    /// position of the statement in its document.
    pub fn label(&self, index: usize) -> String {
        match &self.sid {
            Some(sid) if !sid.is_empty() => format!("statement {sid:?}"),
            _ => format!("statement #{index}"),
        }
    }
}

/// The statement as written, with every element optional.
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawStatement {
    #[serde(rename = "Sid", default, skip_serializing_if = "Option::is_none")]
    sid: Option<String>,

    #[serde(rename = "Effect")]
    effect: Effect,

    #[serde(rename = "Principal", default, skip_serializing_if = "Option::is_none")]
    principal: Option<Principal>,

    #[serde(
        rename = "NotPrincipal",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    not_principal: Option<Principal>,

    #[serde(rename = "Action", default, skip_serializing_if = "Option::is_none")]
    action: Option<StringList>,

    #[serde(rename = "NotAction", default, skip_serializing_if = "Option::is_none")]
    not_action: Option<StringList>,

    #[serde(rename = "Resource", default, skip_serializing_if = "Option::is_none")]
    resource: Option<StringList>,

    #[serde(
        rename = "NotResource",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    not_resource: Option<StringList>,

    #[serde(rename = "Condition", default, skip_serializing_if = "Option::is_none")]
    condition: Option<Condition>,
}

/// Formats the statement's name for error messages.
fn describe(sid: Option<&str>) -> String {
    match sid {
        Some(sid) if !sid.is_empty() => format!("statement {sid:?}"),
        _ => "statement".to_owned(),
    }
}

impl TryFrom<RawStatement> for Statement {
    type Error = String;

    fn try_from(raw: RawStatement) -> Result<Self, Self::Error> {
        let name = describe(raw.sid.as_deref());

        let action = match (raw.action, raw.not_action) {
            (Some(list), None) => ActionElement::Action(list),
            (None, Some(list)) => ActionElement::NotAction(list),
            (Some(_), Some(_)) => {
                return Err(format!(
                    "{name} has both Action and NotAction; keep only one of them"
                ));
            }
            (None, None) => {
                return Err(format!(
                    "{name} has neither Action nor NotAction; add one of them"
                ));
            }
        };

        let resource = match (raw.resource, raw.not_resource) {
            (Some(list), None) => Some(ResourceElement::Resource(list)),
            (None, Some(list)) => Some(ResourceElement::NotResource(list)),
            (None, None) => None,
            (Some(_), Some(_)) => {
                return Err(format!(
                    "{name} has both Resource and NotResource; keep only one of them"
                ));
            }
        };

        let principal = match (raw.principal, raw.not_principal) {
            (Some(principal), None) => Some(PrincipalElement::Principal(principal)),
            (None, Some(principal)) => Some(PrincipalElement::NotPrincipal(principal)),
            (None, None) => None,
            (Some(_), Some(_)) => {
                return Err(format!(
                    "{name} has both Principal and NotPrincipal; keep only one of them"
                ));
            }
        };

        Ok(Self {
            sid: raw.sid,
            effect: raw.effect,
            principal,
            action,
            resource,
            condition: raw.condition.unwrap_or_default(),
        })
    }
}

impl From<Statement> for RawStatement {
    fn from(statement: Statement) -> Self {
        let (action, not_action) = match statement.action {
            ActionElement::Action(list) => (Some(list), None),
            ActionElement::NotAction(list) => (None, Some(list)),
        };
        let (resource, not_resource) = match statement.resource {
            Some(ResourceElement::Resource(list)) => (Some(list), None),
            Some(ResourceElement::NotResource(list)) => (None, Some(list)),
            None => (None, None),
        };
        let (principal, not_principal) = match statement.principal {
            Some(PrincipalElement::Principal(principal)) => (Some(principal), None),
            Some(PrincipalElement::NotPrincipal(principal)) => (None, Some(principal)),
            None => (None, None),
        };
        let condition = (!statement.condition.is_empty()).then_some(statement.condition);

        Self {
            sid: statement.sid,
            effect: statement.effect,
            principal,
            not_principal,
            action,
            not_action,
            resource,
            not_resource,
            condition,
        }
    }
}
