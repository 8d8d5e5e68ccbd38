//! The `Principal` and `NotPrincipal` values of resource-based policies.
//!
//! Grammar from the IAM reference page "AWS JSON policy elements: Principal"
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html>):
//! either the string `"*"` or a map from principal type (`AWS`, `Service`,
//! `Federated`, `CanonicalUser`) to one string or an array of strings.
//! Any other string, and any other map key, is rejected.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::StringList;

/// A principal value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// `"*"`: every principal, including anonymous ones.
    Any,

    /// Principals listed by type.
    Listed(PrincipalMap),
}

/// Principals listed by type, as in `{"AWS": [...], "Service": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrincipalMap {
    /// `AWS`: account ids, account root ARNs, IAM user and role ARNs, role
    /// session ARNs, or `"*"`.
    #[serde(rename = "AWS", default, skip_serializing_if = "StringList::is_empty")]
    pub aws: StringList,

    /// `Service`: service principals such as `lambda.amazonaws.com`.
    #[serde(
        rename = "Service",
        default,
        skip_serializing_if = "StringList::is_empty"
    )]
    pub service: StringList,

    /// `Federated`: identity providers.
    #[serde(
        rename = "Federated",
        default,
        skip_serializing_if = "StringList::is_empty"
    )]
    pub federated: StringList,

    /// `CanonicalUser`: Amazon S3 canonical user ids.
    #[serde(
        rename = "CanonicalUser",
        default,
        skip_serializing_if = "StringList::is_empty"
    )]
    pub canonical_user: StringList,
}

impl Serialize for Principal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Any => serializer.serialize_str("*"),
            Self::Listed(map) => map.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Principal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PrincipalVisitor)
    }
}

struct PrincipalVisitor;

impl<'de> Visitor<'de> for PrincipalVisitor {
    type Value = Principal;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("\"*\" or a map of principal type (AWS, Service, Federated, CanonicalUser) to principals")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Principal, E> {
        if value == "*" {
            return Ok(Principal::Any);
        }
        Err(E::custom(format!(
            "invalid principal {value:?}: a principal string must be \"*\"; write other principals as {{\"AWS\": {value:?}}}"
        )))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Principal, A::Error> {
        let listed = PrincipalMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(Principal::Listed(listed))
    }
}
