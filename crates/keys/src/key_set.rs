//! A key set: the key to sign with and the keys to accept.

use std::fmt;
use std::sync::Arc;

use agentsec_sigv4::{SecretKey, Signer, VerificationKey};
use serde::Deserialize;

/// One signing key: `{"access_key_id": "...", "secret_access_key": "..."}`.
#[derive(Clone, Deserialize)]
pub struct KeyMaterial {
    /// The access key id.
    pub access_key_id: String,
    /// The secret access key.
    #[serde(deserialize_with = "secret_from_string")]
    pub secret_access_key: SecretKey,
}

fn secret_from_string<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<SecretKey, D::Error> {
    String::deserialize(deserializer).map(SecretKey::new)
}

impl fmt::Debug for KeyMaterial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyMaterial")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &self.secret_access_key)
            .finish()
    }
}

impl KeyMaterial {
    /// Checks the fields: an access key id of 16 to 128 ASCII letters and
    /// digits, and a secret of at least 16 characters.
    ///
    /// # Errors
    /// Returns a message naming the invalid field (never its value, for the
    /// secret).
    pub fn validate(&self) -> Result<(), String> {
        let id = &self.access_key_id;
        if !(16..=128).contains(&id.len()) || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(format!("invalid access_key_id {id:?}: expected 16 to 128 ASCII letters and digits"));
        }
        if self.secret_access_key.expose_secret().len() < 16 {
            return Err(format!("secret_access_key of {id} is shorter than 16 characters"));
        }
        Ok(())
    }
}

fn sorted_keys(set: &KeySet) -> Vec<&Arc<VerificationKey>> {
    let mut keys: Vec<&Arc<VerificationKey>> = set.accepted.iter().collect();
    keys.sort_by(|a, b| (a.access_key_id(), &**a.name()).cmp(&(b.access_key_id(), &**b.name())));
    keys
}

/// The keys a service signs and verifies with.
#[derive(Debug, Clone)]
pub struct KeySet {
    signing: Option<(KeyMaterial, Arc<str>)>,
    accepted: Vec<Arc<VerificationKey>>,
    description: String,
}

impl KeySet {
    /// Creates a set that signs with `signing` (named `signing_name`) and
    /// accepts every key of `accepted` (each with its name).
    pub fn new(signing: Option<(KeyMaterial, String)>, accepted: Vec<(KeyMaterial, String)>, description: String) -> Self {
        let accepted = accepted
            .into_iter()
            .map(|(key, name)| Arc::new(VerificationKey::new(key.access_key_id, name, key.secret_access_key)))
            .collect();
        Self { signing: signing.map(|(key, name)| (key, Arc::from(name))), accepted, description }
    }

    /// The key to sign with, when the set has one.
    pub fn signing_key(&self) -> Option<&KeyMaterial> {
        self.signing.as_ref().map(|(key, _)| key)
    }

    /// Which key signs (a file index or a Secrets Manager version id).
    pub fn signing_key_name(&self) -> Option<&str> {
        self.signing.as_ref().map(|(_, name)| &**name)
    }

    /// A signer for this set's signing key.
    pub fn signer(&self, region: &str, service: &str) -> Option<Signer> {
        self.signing_key().map(|key| Signer::new(&key.access_key_id, &key.secret_access_key, region, service))
    }

    /// Every accepted key.
    pub fn accepted(&self) -> &[Arc<VerificationKey>] {
        &self.accepted
    }

    /// Accepted keys with this access key id.
    pub fn lookup(&self, access_key_id: &str) -> Vec<Arc<VerificationKey>> {
        self.accepted.iter().filter(|key| key.access_key_id() == access_key_id).cloned().collect()
    }

    /// Where the set came from and which keys it has, for logs: access key
    /// ids and key names only.
    pub fn describe(&self) -> String {
        let names: Vec<String> =
            self.accepted.iter().map(|key| format!("{} ({})", key.access_key_id(), key.name())).collect();
        format!("{}: {} accepted [{}]", self.description, names.len(), names.join(", "))
    }

    /// Whether two sets hold the same keys under the same names (secrets
    /// are compared too, so a changed secret counts as a change).
    pub fn same_keys(&self, other: &KeySet) -> bool {
        if self.signing_key_name() != other.signing_key_name() || self.accepted.len() != other.accepted.len() {
            return false;
        }
        sorted_keys(self).iter().zip(sorted_keys(other)).all(|(a, b)| {
            a.access_key_id() == b.access_key_id()
                && a.name() == b.name()
                && a.secret().expose_secret() == b.secret().expose_secret()
        })
    }
}
