//! Whether a statement's conditions actually narrow who can use it.
//!
//! Resource policies that let a service principal or `"*"` in are safe only
//! when a condition pins the caller. The keys that can do so name a source
//! account or ARN, an organization, a principal account or ARN, a VPC or VPC
//! endpoint, or for KMS the calling account and the service the request came
//! through. The
//! keys are documented in "AWS global condition context keys"
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html>)
//! and "AWS KMS condition keys"
//! (<https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html>).
//!
//! A condition on such a key counts only if it restricts:
//!
//! - the operator is a positive match (`StringEquals`, `StringEqualsIgnoreCase`,
//!   `StringLike`, `ArnEquals`, `ArnLike`, alone or with `ForAnyValue:`);
//!   negated operators, `Null` checks, `...IfExists` operators (true when the
//!   key is missing) and `ForAllValues:` (true when the key is missing) do not;
//! - no value is wildcard-only: `*`, `?*`, or an ARN whose fields after
//!   `arn:PARTITION:` are all wildcards or empty (`arn:aws:*:*:*:*`).
//!
//! Limits: a partly wildcarded value such as `arn:aws:iam::*:root` counts as
//! restrictive although it admits every account.

use crate::glob;
use crate::policy::{ConditionValue, Statement};

use super::condition::{Operator, SetOperator};

/// Condition keys that can pin a request to known callers, lowercased.
pub const RESTRICTIVE_CONDITION_KEYS: &[&str] = &[
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceowner",
    "aws:sourceorgid",
    "aws:principalorgid",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "kms:calleraccount",
    "kms:viaservice",
];

const POSITIVE_OPERATORS: &[&str] = &[
    "StringEquals",
    "StringEqualsIgnoreCase",
    "StringLike",
    "ArnEquals",
    "ArnLike",
];

/// Lists the condition keys of the statement that restrict its callers, as
/// written in the policy.
pub fn restrictive_condition_keys(statement: &Statement) -> Vec<&str> {
    statement
        .condition
        .entries()
        .filter(|(operator, key, values)| entry_restricts(operator, key, values))
        .map(|(_, key, _)| key)
        .collect()
}

/// Returns whether any condition of the statement restricts its callers.
pub fn is_restrictive(statement: &Statement) -> bool {
    !restrictive_condition_keys(statement).is_empty()
}

fn entry_restricts(operator: &str, key: &str, values: &[ConditionValue]) -> bool {
    let key = key.to_lowercase();
    if !RESTRICTIVE_CONDITION_KEYS.contains(&key.as_str()) {
        return false;
    }

    let operator = Operator::parse(operator);
    let positive = POSITIVE_OPERATORS.contains(&operator.base);
    let set_ok = operator.set != Some(SetOperator::AllValues);
    if !positive || !set_ok || operator.if_exists {
        return false;
    }

    !values.is_empty()
        && values
            .iter()
            .all(|value| !is_unrestricted_value(&value.as_text()))
}

/// Returns whether a condition value admits every caller.
fn is_unrestricted_value(value: &str) -> bool {
    if value.is_empty() {
        return false;
    }
    if glob::is_wildcard_only(value) {
        return true;
    }

    // `arn:PARTITION:` followed by wildcard-only or empty fields.
    let mut fields = value.split(':');
    if fields.next() != Some("arn") {
        return false;
    }
    let _partition = fields.next();
    let rest: Vec<&str> = fields.collect();
    !rest.is_empty()
        && rest
            .iter()
            .all(|field| field.is_empty() || glob::is_wildcard_only(field))
}
