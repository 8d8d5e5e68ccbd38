//! The KMS part of a region: keys, aliases and key policies.
//!
//! Field meanings follow `KeyMetadata`, `AliasListEntry`,
//! `GetKeyRotationStatus` and `GetKeyPolicy` of the AWS KMS API reference
//! (<https://docs.aws.amazon.com/kms/latest/APIReference/>). Key policies
//! arrive as JSON text; they are parsed with [`crate::policy`], which also
//! accepts percent-encoded text.

use serde::{Deserialize, Serialize};

use super::Collected;
use crate::policy::PolicyDocument;

/// The API calls behind each field, for ERROR messages.
pub mod calls {
    /// [`super::KmsModel::keys`].
    pub const KEYS: &str = "kms:DescribeKey";
    /// [`super::KmsModel::aliases`].
    pub const ALIASES: &str = "kms:ListAliases";
    /// [`super::KmsKey::rotation_enabled`].
    pub const ROTATION: &str = "kms:GetKeyRotationStatus";
    /// [`super::KmsKey::policy`].
    pub const POLICY: &str = "kms:GetKeyPolicy";
}

/// The KMS keys and aliases of one region.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct KmsModel {
    /// Keys (`ListKeys` then `DescribeKey` per key).
    #[serde(default)]
    pub keys: Collected<Vec<KmsKey>>,

    /// Aliases.
    #[serde(default)]
    pub aliases: Collected<Vec<KmsAlias>>,
}

impl KmsModel {
    /// Finds a key by key id or key ARN.
    pub fn key(&self, id_or_arn: &str) -> Option<&KmsKey> {
        self.keys
            .value()?
            .iter()
            .find(|key| key.key_id == id_or_arn || key.arn == id_or_arn)
    }

    /// Returns the names of the aliases that point at a key (empty when the aliases
    /// were not collected).
    pub fn aliases_of(&self, key_id: &str) -> Vec<&str> {
        self.aliases.value().map_or_else(Vec::new, |aliases| {
            aliases
                .iter()
                .filter(|alias| alias.target_key_id.as_deref() == Some(key_id))
                .map(|alias| alias.alias_name.as_str())
                .collect()
        })
    }

    /// Resolves an alias name (`alias/...`), alias ARN, key id or key ARN to
    /// a key. `None` when either list was not collected or nothing matches.
    pub fn resolve(&self, reference: &str) -> Option<&KmsKey> {
        if let Some(key) = self.key(reference) {
            return Some(key);
        }
        let aliases = self.aliases.value()?;
        let alias = aliases.iter().find(|alias| {
            alias.alias_name == reference || alias.alias_arn.as_deref() == Some(reference)
        })?;
        self.key(alias.target_key_id.as_deref()?)
    }
}

/// The manager of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum KeyManager {
    /// `AWS`: an AWS managed key (`aws/service`); AWS rotates it.
    Aws,

    /// `CUSTOMER`: a customer managed key.
    Customer,
}

/// A KMS key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KmsKey {
    /// The key id (a UUID, or `mrk-...` for multi-Region keys).
    pub key_id: String,

    /// The key ARN.
    pub arn: String,

    /// The key manager.
    pub key_manager: KeyManager,

    /// `Enabled`, `Disabled`, `PendingDeletion`, ...
    pub key_state: String,

    /// `KeySpec`, such as `SYMMETRIC_DEFAULT`; rotation applies only to
    /// symmetric encryption keys.
    #[serde(default)]
    pub key_spec: Option<String>,

    /// Whether automatic rotation is enabled (`GetKeyRotationStatus`).
    #[serde(default)]
    pub rotation_enabled: Collected<bool>,

    /// The `default` key policy.
    #[serde(default)]
    pub policy: Collected<PolicyDocument>,
}

impl KmsKey {
    /// Returns whether the key is enabled.
    pub fn is_enabled(&self) -> bool {
        self.key_state == "Enabled"
    }
}

/// A KMS alias.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KmsAlias {
    /// The alias name, such as `alias/agentsec-orbit`.
    pub alias_name: String,

    /// The alias ARN.
    #[serde(default)]
    pub alias_arn: Option<String>,

    /// The key id the alias points to; `None` for an alias without a key.
    #[serde(default)]
    pub target_key_id: Option<String>,
}
