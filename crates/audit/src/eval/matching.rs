//! Whether a statement's `Action`, `Resource` and `Principal` elements cover
//! a request.
//!
//! Actions match case-insensitively and resources case-sensitively, with the
//! wildcards of [`crate::glob`]. In documents of version `2012-10-17`, policy
//! variables (`${aws:username}`, `${aws:PrincipalTag/team}`, ...) in
//! resources are replaced with single-valued context keys. A variable the
//! context does not supply makes the match [`Ternary::Unknown`]. So does a
//! `${key, 'default'}` form, because defaults are not implemented.
//!
//! Principals follow "AWS JSON policy elements: Principal"
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html>):
//! an account id or `arn:aws:iam::ACCOUNT:root` delegates to the account
//! (its identity policies must also allow), while a user, role or role
//! session ARN, or `"*"`, names the principal itself.

use super::context::{ContextValue, PrincipalKind, RequestContext, RequestResource, arn_account};
use super::ternary::Ternary;
use crate::glob;
use crate::policy::{ActionElement, Principal, PrincipalElement, ResourceElement, StringList};

/// Returns whether the action element covers the request's action.
pub(crate) fn action_matches(element: &ActionElement, action: &str) -> bool {
    match element {
        ActionElement::Action(patterns) => patterns
            .iter()
            .any(|p| glob::matches_ignore_case(p, action)),
        ActionElement::NotAction(patterns) => !patterns
            .iter()
            .any(|p| glob::matches_ignore_case(p, action)),
    }
}

/// Returns whether a statement of `effect_is_allow` with this resource
/// element covers the request's resource.
///
/// A missing element matches: only trust policies lack it, and there the
/// resource is the role the policy is attached to.
pub(crate) fn resource_matches(
    element: Option<&ResourceElement>,
    effect_is_allow: bool,
    substitute_variables: bool,
    context: &RequestContext,
) -> Ternary {
    let Some(element) = element else {
        return Ternary::True;
    };

    match context.resource() {
        RequestResource::Arn(arn) => match element {
            ResourceElement::Resource(patterns) => {
                any_pattern(patterns, arn, substitute_variables, context)
            }
            ResourceElement::NotResource(patterns) => {
                any_pattern(patterns, arn, substitute_variables, context).negate()
            }
        },

        // "Some resource": an Allow naming any resource grants something, a
        // Deny removes everything only if it covers every resource.
        RequestResource::Any if effect_is_allow => match element {
            ResourceElement::Resource(patterns) => Ternary::from(!patterns.is_empty()),
            ResourceElement::NotResource(_) => Ternary::True,
        },
        RequestResource::Any => match element {
            ResourceElement::Resource(patterns) => {
                Ternary::from(patterns.iter().any(|p| glob::is_wildcard_only(p)))
            }
            ResourceElement::NotResource(patterns) => Ternary::from(patterns.is_empty()),
        },
    }
}

fn any_pattern(
    patterns: &StringList,
    arn: &str,
    substitute_variables: bool,
    context: &RequestContext,
) -> Ternary {
    Ternary::any(patterns.iter().map(|pattern| {
        if !substitute_variables || !pattern.contains("${") {
            return glob::matches(pattern, arn).into();
        }
        match substitute(pattern, context) {
            Some(resolved) => glob::matches(&resolved, arn).into(),
            None => Ternary::Unknown,
        }
    }))
}

/// Replaces `${key}` policy variables with single context values; `None` if
/// one cannot be resolved.
fn substitute(pattern: &str, context: &RequestContext) -> Option<String> {
    let mut resolved = String::with_capacity(pattern.len());
    let mut rest = pattern;

    while let Some(start) = rest.find("${") {
        resolved.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find('}')?;
        let key = &after[..end];

        // `${*}`, `${?}` and `${$}` stand for the literal characters.
        // NOTE: the literal `*` and `?` then act as wildcards in the match,
        // which can only widen it.
        match key {
            "*" | "?" | "$" => resolved.push_str(key),
            _ => match context.condition_value(key) {
                ContextValue::Present([value]) => resolved.push_str(value),
                _ => return None,
            },
        }
        rest = &after[end + 1..];
    }
    resolved.push_str(rest);
    Some(resolved)
}

/// The way a resource-based statement's principal element covers the
/// request's principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PrincipalGrant {
    /// The statement does not name the principal.
    None,

    /// The statement names the principal itself (or `"*"`). `via_role_arn`
    /// is set when it matched a role ARN, because a permissions boundary
    /// still limits such a grant. Grants to a user ARN or a role session ARN
    /// are not limited.
    Direct { via_role_arn: bool },

    /// The statement names the principal's account: the account's identity
    /// policies decide.
    Account,
}

/// Matches a resource-based statement's principal element.
///
/// A statement without a principal element matches no principal; IAM
/// rejects such resource policies, so this only happens with invalid input.
pub(crate) fn principal_grant(
    element: Option<&PrincipalElement>,
    context: &RequestContext,
) -> PrincipalGrant {
    match element {
        None => PrincipalGrant::None,
        Some(PrincipalElement::Principal(principal)) => listed_grant(principal, context),
        Some(PrincipalElement::NotPrincipal(principal)) => match listed_grant(principal, context) {
            PrincipalGrant::None => PrincipalGrant::Direct {
                via_role_arn: false,
            },
            _ => PrincipalGrant::None,
        },
    }
}

fn listed_grant(principal: &Principal, context: &RequestContext) -> PrincipalGrant {
    let map = match principal {
        Principal::Any => {
            return PrincipalGrant::Direct {
                via_role_arn: false,
            };
        }
        Principal::Listed(map) => map,
    };

    let mut grant = PrincipalGrant::None;
    let others = map
        .service
        .iter()
        .chain(&map.federated)
        .chain(&map.canonical_user);
    if others
        .into_iter()
        .any(|value| value == context.principal_arn())
    {
        return PrincipalGrant::Direct {
            via_role_arn: false,
        };
    }

    for value in &map.aws {
        match aws_principal_grant(value, context) {
            PrincipalGrant::Direct {
                via_role_arn: false,
            } => {
                return PrincipalGrant::Direct {
                    via_role_arn: false,
                };
            }
            direct @ PrincipalGrant::Direct { via_role_arn: true } => grant = direct,
            PrincipalGrant::Account if grant == PrincipalGrant::None => {
                grant = PrincipalGrant::Account
            }
            _ => {}
        }
    }
    grant
}

fn aws_principal_grant(value: &str, context: &RequestContext) -> PrincipalGrant {
    let account = context.principal_account();

    if value == "*" {
        return PrincipalGrant::Direct {
            via_role_arn: false,
        };
    }
    if value == context.principal_arn() {
        let via_role_arn = matches!(context.principal_kind(), PrincipalKind::Role { .. });
        return PrincipalGrant::Direct { via_role_arn };
    }
    let partition = context.principal_arn().split(':').nth(1).unwrap_or("aws");
    if value == account || value == format!("arn:{partition}:iam::{account}:root") {
        return match context.principal_kind() {
            PrincipalKind::AccountRoot => PrincipalGrant::Direct {
                via_role_arn: false,
            },
            _ => PrincipalGrant::Account,
        };
    }

    // A role ARN also names every session of that role.
    if let PrincipalKind::RoleSession { role_name } = context.principal_kind() {
        let same_account = arn_account(value) == Some(account);
        let names_role = value
            .split_once(":role/")
            .is_some_and(|(_, path_and_name)| {
                path_and_name.rsplit('/').next() == Some(role_name.as_str())
            });
        if same_account && names_role {
            return PrincipalGrant::Direct { via_role_arn: true };
        }
    }
    PrincipalGrant::None
}
