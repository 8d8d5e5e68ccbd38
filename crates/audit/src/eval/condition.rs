//! Evaluation of the `Condition` element against a request context.
//!
//! Implements the operators of "IAM JSON policy elements: Condition
//! operators"
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>)
//! and the set operators of "Multivalued context keys"
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html>):
//! all operators of a block must hold, all keys of an operator must hold, and
//! a key holds if any of its policy values matches.
//!
//! Decided: the `String*`, `Arn*`, `Numeric*` and `Bool` operators, `Null`,
//! the `IfExists` suffix and the `ForAnyValue:`/`ForAllValues:` prefixes.
//! Undecided, so [`Ternary::Unknown`]: `Date*`, `IpAddress`, `NotIpAddress`,
//! `BinaryEquals`, unknown operator names, and any key the context does not
//! supply. Policy variables inside condition values are not substituted, so
//! a value containing `${` is undecided as well.

use super::context::{ContextValue, RequestContext};
use super::ternary::Ternary;
use crate::glob;
use crate::policy::{Condition, ConditionValue};

/// A condition operator name split into its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Operator<'a> {
    /// `ForAnyValue:` or `ForAllValues:`, if present.
    pub set: Option<SetOperator>,

    /// The base operator, without prefix or `IfExists` suffix.
    pub base: &'a str,

    /// Whether the name ends in `IfExists`.
    pub if_exists: bool,
}

/// The set operator prefix of a condition operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SetOperator {
    /// `ForAnyValue:`: at least one request value matches.
    AnyValue,

    /// `ForAllValues:`: every request value matches (true when there are none).
    AllValues,
}

impl<'a> Operator<'a> {
    pub fn parse(name: &'a str) -> Self {
        let (set, rest) = if let Some(rest) = name.strip_prefix("ForAnyValue:") {
            (Some(SetOperator::AnyValue), rest)
        } else if let Some(rest) = name.strip_prefix("ForAllValues:") {
            (Some(SetOperator::AllValues), rest)
        } else {
            (None, name)
        };

        // `Null` cannot take `IfExists`; every other operator can.
        match rest.strip_suffix("IfExists") {
            Some(base) if !base.is_empty() => Self {
                set,
                base,
                if_exists: true,
            },
            _ => Self {
                set,
                base: rest,
                if_exists: false,
            },
        }
    }

    /// Returns whether the base operator is a negated one (`StringNotEquals`,
    /// `ArnNotLike`, `NumericNotEquals`, ...), which holds when the key is
    /// absent.
    pub fn is_negated(&self) -> bool {
        matches!(
            self.base,
            "StringNotEquals"
                | "StringNotEqualsIgnoreCase"
                | "StringNotLike"
                | "ArnNotEquals"
                | "ArnNotLike"
                | "NumericNotEquals"
                | "DateNotEquals"
                | "NotIpAddress"
        )
    }
}

/// Evaluates a statement's whole `Condition` element.
pub(crate) fn evaluate(condition: &Condition, context: &RequestContext) -> Ternary {
    Ternary::all(condition.entries().map(|(operator, key, values)| {
        evaluate_entry(Operator::parse(operator), key, values, context)
    }))
}

fn evaluate_entry(
    operator: Operator<'_>,
    key: &str,
    policy_values: &[ConditionValue],
    context: &RequestContext,
) -> Ternary {
    let request_values = match context.condition_value(key) {
        ContextValue::Unknown => return Ternary::Unknown,
        ContextValue::Absent => None,
        ContextValue::Present(values) => Some(values),
    };

    if operator.base == "Null" {
        return evaluate_null(policy_values, request_values.is_none());
    }

    let Some(request_values) = request_values else {
        // Key absent from the request.
        let holds = operator.if_exists
            || operator.set == Some(SetOperator::AllValues)
            || (operator.set.is_none() && operator.is_negated());
        return holds.into();
    };

    let negated = operator.is_negated();
    let positive_base = positive_form(operator.base);
    let per_value = request_values.iter().map(|request_value| {
        let any_match =
            Ternary::any(policy_values.iter().map(|policy_value| {
                compare(positive_base, &policy_value.as_text(), request_value)
            }));
        if negated {
            any_match.negate()
        } else {
            any_match
        }
    });

    match operator.set {
        Some(SetOperator::AllValues) => Ternary::all(per_value),
        Some(SetOperator::AnyValue) => Ternary::any(per_value),
        // A single-valued key with several request values is read as "any".
        None if negated => Ternary::all(per_value),
        None => Ternary::any(per_value),
    }
}

/// `Null`: `true` means "the key is absent", `false` means "the key is present".
fn evaluate_null(policy_values: &[ConditionValue], key_absent: bool) -> Ternary {
    Ternary::any(policy_values.iter().map(|value| {
        match value.as_text().to_ascii_lowercase().as_str() {
            "true" => Ternary::from(key_absent),
            "false" => Ternary::from(!key_absent),
            _ => Ternary::Unknown,
        }
    }))
}

/// Maps a negated operator to the positive one it negates.
fn positive_form(base: &str) -> &str {
    match base {
        "StringNotEquals" => "StringEquals",
        "StringNotEqualsIgnoreCase" => "StringEqualsIgnoreCase",
        "StringNotLike" => "StringLike",
        "ArnNotEquals" => "ArnEquals",
        "ArnNotLike" => "ArnLike",
        "NumericNotEquals" => "NumericEquals",
        "NotIpAddress" => "IpAddress",
        other => other,
    }
}

/// Compares one policy value with one request value under a positive operator.
fn compare(base: &str, policy_value: &str, request_value: &str) -> Ternary {
    if policy_value.contains("${") {
        return Ternary::Unknown;
    }

    match base {
        "StringEquals" => (policy_value == request_value).into(),
        "StringEqualsIgnoreCase" => policy_value
            .to_lowercase()
            .eq(&request_value.to_lowercase())
            .into(),
        "StringLike" => glob::matches(policy_value, request_value).into(),
        "ArnEquals" | "ArnLike" => arn_like(policy_value, request_value).into(),
        "Bool" => policy_value.eq_ignore_ascii_case(request_value).into(),
        "NumericEquals"
        | "NumericLessThan"
        | "NumericLessThanEquals"
        | "NumericGreaterThan"
        | "NumericGreaterThanEquals" => compare_numbers(base, policy_value, request_value),
        _ => Ternary::Unknown,
    }
}

/// `ArnEquals`/`ArnLike`: each of the six colon-separated ARN fields is
/// matched on its own, so a wildcard never spans a colon between fields.
fn arn_like(pattern: &str, arn: &str) -> bool {
    let pattern_fields: Vec<&str> = pattern.splitn(6, ':').collect();
    let arn_fields: Vec<&str> = arn.splitn(6, ':').collect();
    pattern_fields.len() == 6
        && arn_fields.len() == 6
        && pattern_fields
            .iter()
            .zip(&arn_fields)
            .all(|(p, a)| glob::matches(p, a))
}

fn compare_numbers(base: &str, policy_value: &str, request_value: &str) -> Ternary {
    let (Ok(policy_number), Ok(request_number)) =
        (policy_value.parse::<f64>(), request_value.parse::<f64>())
    else {
        // IAM does not match a value that is not a number.
        return Ternary::False;
    };
    let holds = match base {
        "NumericEquals" => request_number == policy_number,
        "NumericLessThan" => request_number < policy_number,
        "NumericLessThanEquals" => request_number <= policy_number,
        "NumericGreaterThan" => request_number > policy_number,
        _ => request_number >= policy_number,
    };
    holds.into()
}
