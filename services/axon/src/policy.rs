//! Authorization after authentication: which access key ids may call which
//! methods and paths.
//!
//! The policy file is JSON:
//!
//! ```json
//! {"rules": [{"access_key_ids": ["AKIA..."], "methods": ["POST"], "paths": ["/reason"]}]}
//! ```
//!
//! A request is allowed when one rule lists its access key id (or `"*"`),
//! its method (or `"*"`) and its path (exactly, or by a prefix ending in
//! `*`). Without a file, any verified key may call GET and POST /reason.
//! `GET /auth/check` is always allowed to a verified key: the key rotation's
//! testSecret step calls it with the pending key.

use std::path::Path;

use anyhow::{Context, bail};
use serde::Deserialize;

/// The path every verified key may call to prove Axon accepts its key.
pub const AUTH_CHECK_PATH: &str = "/auth/check";

/// One allow rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Access key ids, or `"*"`.
    pub access_key_ids: Vec<String>,
    /// HTTP methods (uppercase), or `"*"`.
    pub methods: Vec<String>,
    /// Paths: exact, or a prefix ending in `*`.
    pub paths: Vec<String>,
}

/// The authorization policy.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Allow rules; anything not allowed is denied.
    pub rules: Vec<Rule>,
}

impl Policy {
    /// Any verified key may call GET and POST /reason.
    pub fn default_policy() -> Self {
        Self {
            rules: vec![Rule {
                access_key_ids: vec!["*".to_owned()],
                methods: vec!["GET".to_owned(), "POST".to_owned()],
                paths: vec!["/reason".to_owned()],
            }],
        }
    }

    /// Reads and validates a policy file.
    ///
    /// # Errors
    /// Fails when the file cannot be read, is not valid JSON of this shape,
    /// or has a rule with an empty list or a path not starting with `/`.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read policy file {}", path.display()))?;
        let policy: Policy =
            serde_json::from_str(&text).with_context(|| format!("invalid policy file {}", path.display()))?;
        for (index, rule) in policy.rules.iter().enumerate() {
            if rule.access_key_ids.is_empty() || rule.methods.is_empty() || rule.paths.is_empty() {
                bail!("invalid policy file {}: rule {index} has an empty list", path.display());
            }
            if let Some(path_pattern) = rule.paths.iter().find(|pattern| !pattern.starts_with('/')) {
                bail!("invalid policy file {}: rule {index} path {path_pattern:?} must start with '/'", path.display());
            }
        }
        Ok(policy)
    }

    /// Whether `access_key_id` may call `method` on `path`.
    pub fn allows(&self, access_key_id: &str, method: &str, path: &str) -> bool {
        if method == "GET" && path == AUTH_CHECK_PATH {
            return true;
        }
        self.rules.iter().any(|rule| {
            rule.access_key_ids.iter().any(|id| id == "*" || id == access_key_id)
                && rule.methods.iter().any(|allowed| allowed == "*" || allowed.eq_ignore_ascii_case(method))
                && rule.paths.iter().any(|pattern| path_matches(pattern, path))
        })
    }
}

fn path_matches(pattern: &str, path: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => path.starts_with(prefix),
        None => pattern == path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_allows_reason_only() {
        let policy = Policy::default_policy();
        assert!(policy.allows("AKIA1", "POST", "/reason"));
        assert!(policy.allows("AKIA1", "GET", "/reason"));
        assert!(!policy.allows("AKIA1", "DELETE", "/reason"));
        assert!(!policy.allows("AKIA1", "GET", "/admin"));
        assert!(policy.allows("AKIA1", "GET", AUTH_CHECK_PATH));
    }

    #[test]
    fn rules_match_keys_methods_and_prefixes() {
        let policy = Policy {
            rules: vec![Rule {
                access_key_ids: vec!["AKIAORBIT".to_owned()],
                methods: vec!["post".to_owned()],
                paths: vec!["/reason/*".to_owned()],
            }],
        };
        assert!(policy.allows("AKIAORBIT", "POST", "/reason/plan"));
        assert!(!policy.allows("AKIAOTHER", "POST", "/reason/plan"));
        assert!(!policy.allows("AKIAORBIT", "GET", "/reason/plan"));
        assert!(!policy.allows("AKIAORBIT", "POST", "/reasonable"));
    }
}
