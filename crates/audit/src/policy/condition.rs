//! The `Condition` element: operator -> condition key -> values.
//!
//! Grammar from the IAM reference page "IAM JSON policy elements: Condition"
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html>).
//! Values are a string, a boolean, a number, or an array of those. Operator
//! names are stored as written; condition key names are stored as written and
//! compared case-insensitively by the evaluator, as IAM does.

use std::collections::BTreeMap;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// The `Condition` element of a statement: a map from condition operator
/// (such as `StringEquals` or `ForAnyValue:StringLike`) to a map from
/// condition key to its values.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Condition(pub BTreeMap<String, BTreeMap<String, ConditionValues>>);

impl Condition {
    /// Returns whether the statement has no condition.
    pub fn is_empty(&self) -> bool {
        self.0.values().all(BTreeMap::is_empty)
    }

    /// Iterates over `(operator, key, values)` triples.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str, &[ConditionValue])> {
        self.0.iter().flat_map(|(operator, keys)| {
            keys.iter()
                .map(move |(key, values)| (operator.as_str(), key.as_str(), values.0.as_slice()))
        })
    }
}

/// One scalar value of a condition key.
#[derive(Debug, Clone, PartialEq)]
pub enum ConditionValue {
    /// A JSON string.
    String(String),

    /// A JSON boolean, as in `{"Bool": {"aws:SecureTransport": false}}`.
    Bool(bool),

    /// A JSON number, as in `{"NumericLessThan": {"s3:max-keys": 10}}`.
    Number(serde_json::Number),
}

impl ConditionValue {
    /// Returns the value as IAM compares it: the string itself, or the JSON
    /// text of a boolean or number (`true`, `10`).
    pub fn as_text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Self::String(text) => std::borrow::Cow::Borrowed(text),
            Self::Bool(flag) => std::borrow::Cow::Owned(flag.to_string()),
            Self::Number(number) => std::borrow::Cow::Owned(number.to_string()),
        }
    }
}

/// The values of one condition key: one scalar or an array of scalars.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ConditionValues(pub Vec<ConditionValue>);

impl Serialize for ConditionValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::String(text) => serializer.serialize_str(text),
            Self::Bool(flag) => serializer.serialize_bool(*flag),
            Self::Number(number) => number.serialize(serializer),
        }
    }
}

impl Serialize for ConditionValues {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [only] => only.serialize(serializer),
            all => all.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for ConditionValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

impl<'de> Deserialize<'de> for ConditionValues {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValuesVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = ConditionValue;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a condition value (string, boolean or number)")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<ConditionValue, E> {
        Ok(ConditionValue::String(value.to_owned()))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<ConditionValue, E> {
        Ok(ConditionValue::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<ConditionValue, E> {
        Ok(ConditionValue::Number(value.into()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<ConditionValue, E> {
        Ok(ConditionValue::Number(value.into()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<ConditionValue, E> {
        serde_json::Number::from_f64(value)
            .map(ConditionValue::Number)
            .ok_or_else(|| {
                E::custom(format!(
                    "invalid condition value {value}: not a finite number"
                ))
            })
    }
}

struct ValuesVisitor;

impl<'de> Visitor<'de> for ValuesVisitor {
    type Value = ConditionValues;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a condition value or an array of condition values")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<ConditionValues, E> {
        ScalarVisitor
            .visit_str(value)
            .map(|one| ConditionValues(vec![one]))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<ConditionValues, E> {
        ScalarVisitor
            .visit_bool(value)
            .map(|one| ConditionValues(vec![one]))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<ConditionValues, E> {
        ScalarVisitor
            .visit_i64(value)
            .map(|one| ConditionValues(vec![one]))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<ConditionValues, E> {
        ScalarVisitor
            .visit_u64(value)
            .map(|one| ConditionValues(vec![one]))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<ConditionValues, E> {
        ScalarVisitor
            .visit_f64(value)
            .map(|one| ConditionValues(vec![one]))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ConditionValues, A::Error> {
        let mut values = Vec::new();
        while let Some(value) = seq.next_element::<ConditionValue>()? {
            values.push(value);
        }
        Ok(ConditionValues(values))
    }
}
