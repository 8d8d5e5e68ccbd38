//! IAM policy documents: parsing and the typed grammar.
//!
//! Implements the policy grammar of the IAM JSON policy reference
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html>)
//! as far as evaluation needs it: `Version`, `Id`, `Statement` (one object or
//! an array), and in each statement `Sid`, `Effect`, `Principal` or
//! `NotPrincipal`, `Action` or `NotAction`, `Resource` or `NotResource`, and
//! `Condition`.
//!
//! Documents arrive in two forms. Snapshot files and the AWS CLI give JSON
//! objects. The IAM API (`GetAccountAuthorizationDetails`, `GetPolicyVersion`,
//! `GetRolePolicy`, ...) returns documents as strings percent-encoded per
//! RFC 3986, and the AWS SDK for Rust does not decode them.
//! [`PolicyDocument::parse`] accepts both.
//!
//! Limits: the parser checks structure, not meaning. It does not validate
//! action names, ARN syntax, or condition operator names (an unknown operator
//! is kept and the evaluator treats it as undecidable). Unknown elements are
//! rejected, because a field this parser ignored could change what the policy
//! grants.

mod condition;
mod principal;
mod statement;
mod string_list;

use std::borrow::Cow;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

pub use condition::{Condition, ConditionValue, ConditionValues};
pub use principal::{Principal, PrincipalMap};
pub use statement::{ActionElement, Effect, PrincipalElement, ResourceElement, Statement};
pub use string_list::StringList;

/// The policy language version that enables policy variables.
pub const VERSION_2012_10_17: &str = "2012-10-17";

/// The original policy language version, without policy variables.
pub const VERSION_2008_10_17: &str = "2008-10-17";

/// Error returned when a policy document cannot be parsed.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The text is not a valid policy document.
    #[error("invalid policy document: {0}")]
    Invalid(#[from] serde_json::Error),

    /// The percent-decoded bytes are not UTF-8.
    #[error("invalid percent-encoded policy document: decoded bytes are not UTF-8 ({0})")]
    PercentEncoding(#[from] std::str::Utf8Error),
}

/// A parsed IAM policy document.
///
/// Serializes as a JSON object with `Statement` always written as an array.
/// Deserializes from a JSON object or from a JSON string that contains the
/// document percent-encoded (or as plain JSON text).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyDocument {
    /// The `Version` element, if present (`2012-10-17` or `2008-10-17`).
    #[serde(rename = "Version", skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,

    /// The `Id` element, if present.
    #[serde(rename = "Id", skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,

    /// The statements, in document order.
    #[serde(rename = "Statement")]
    pub statements: Vec<Statement>,
}

impl PolicyDocument {
    /// Parses a policy document given as JSON text or as percent-encoded JSON
    /// text, as the IAM API returns it.
    ///
    /// Text whose first non-blank character is `{` is parsed as JSON
    /// directly, so a literal `%` inside a JSON document is never decoded.
    /// Any other text is percent-decoded first.
    ///
    /// # Errors
    ///
    /// Returns [`PolicyError::PercentEncoding`] if the decoded bytes are not
    /// UTF-8, and [`PolicyError::Invalid`] if the JSON is malformed or breaks
    /// the policy grammar (for example a statement with both `Action` and
    /// `NotAction`).
    ///
    /// # Examples
    ///
    /// ```
    /// use agentsec_audit::policy::PolicyDocument;
    ///
    /// let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGetObject%22%2C%22Resource%22%3A%22%2A%22%7D%7D";
    /// let document = PolicyDocument::parse(encoded)?;
    /// assert_eq!(document.statements.len(), 1);
    /// # Ok::<(), agentsec_audit::policy::PolicyError>(())
    /// ```
    pub fn parse(text: &str) -> Result<Self, PolicyError> {
        let json = decode_policy_text(text)?;
        let raw: RawDocument = serde_json::from_str(&json)?;
        Ok(raw.into_document())
    }

    /// Parses a policy document from a JSON value: an object, or a string
    /// holding the document as [`PolicyDocument::parse`] accepts it.
    ///
    /// # Errors
    ///
    /// Returns [`PolicyError`] as [`PolicyDocument::parse`] does, and
    /// [`PolicyError::Invalid`] for a value that is neither an object nor a
    /// string.
    pub fn from_value(value: serde_json::Value) -> Result<Self, PolicyError> {
        match value {
            serde_json::Value::String(text) => Self::parse(&text),
            other => {
                let raw: RawDocument = serde_json::from_value(other)?;
                Ok(raw.into_document())
            }
        }
    }

    /// Returns whether policy variables such as `${aws:username}` are
    /// substituted in this document, which IAM does only for version
    /// `2012-10-17`.
    pub fn uses_policy_variables(&self) -> bool {
        self.version.as_deref() == Some(VERSION_2012_10_17)
    }
}

/// Percent-decodes a policy document unless it already is JSON text.
///
/// # Errors
///
/// Returns [`PolicyError::PercentEncoding`] if the decoded bytes are not UTF-8.
pub fn decode_policy_text(text: &str) -> Result<Cow<'_, str>, PolicyError> {
    if text.trim_start().starts_with('{') {
        return Ok(Cow::Borrowed(text));
    }

    // RFC 3986 percent-encoding: `+` stays a plus sign, unlike form encoding.
    let decoded = percent_encoding::percent_decode_str(text).decode_utf8()?;
    Ok(decoded)
}

impl<'de> Deserialize<'de> for PolicyDocument {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DocumentVisitor)
    }
}

struct DocumentVisitor;

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = PolicyDocument;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a policy document as a JSON object or a percent-encoded string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<PolicyDocument, E> {
        PolicyDocument::parse(text).map_err(E::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<PolicyDocument, A::Error> {
        let raw = RawDocument::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(raw.into_document())
    }
}

/// The document as written, before `Statement` is normalized to a list.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    #[serde(rename = "Version", default, deserialize_with = "deserialize_version")]
    version: Option<String>,

    #[serde(rename = "Id", default)]
    id: Option<String>,

    #[serde(rename = "Statement")]
    statement: StatementList,
}

impl RawDocument {
    fn into_document(self) -> PolicyDocument {
        let statements = match self.statement {
            StatementList::One(statement) => vec![*statement],
            StatementList::Many(statements) => statements,
        };
        PolicyDocument {
            version: self.version,
            id: self.id,
            statements,
        }
    }
}

fn deserialize_version<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let version = String::deserialize(deserializer)?;
    if version != VERSION_2012_10_17 && version != VERSION_2008_10_17 {
        return Err(de::Error::custom(format!(
            "unsupported policy Version {version:?}; expected \"{VERSION_2012_10_17}\" or \"{VERSION_2008_10_17}\""
        )));
    }
    Ok(Some(version))
}

/// `Statement` is one object or an array of objects.
enum StatementList {
    One(Box<Statement>),
    Many(Vec<Statement>),
}

impl<'de> Deserialize<'de> for StatementList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StatementListVisitor)
    }
}

struct StatementListVisitor;

impl<'de> Visitor<'de> for StatementListVisitor {
    type Value = StatementList;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a statement object or an array of statement objects")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<StatementList, A::Error> {
        let statement = Statement::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(StatementList::One(Box::new(statement)))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<StatementList, A::Error> {
        let mut statements = Vec::new();
        while let Some(statement) = seq.next_element::<Statement>()? {
            statements.push(statement);
        }
        Ok(StatementList::Many(statements))
    }
}

#[cfg(test)]
mod tests;
