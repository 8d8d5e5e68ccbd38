//! Account-wide IAM settings: the password policy and the root-user facts of
//! the account summary.
//!
//! Field meanings follow `GetAccountPasswordPolicy`
//! (<https://docs.aws.amazon.com/IAM/latest/APIReference/API_PasswordPolicy.html>)
//! and `GetAccountSummary`
//! (<https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html>).

use serde::{Deserialize, Serialize};

/// The account password policy.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PasswordPolicy {
    /// Minimum number of characters.
    pub minimum_password_length: Option<u32>,

    /// Whether at least one symbol is required.
    pub require_symbols: bool,

    /// Whether at least one digit is required.
    pub require_numbers: bool,

    /// Whether at least one uppercase Latin letter is required.
    pub require_uppercase_characters: bool,

    /// Whether at least one lowercase Latin letter is required.
    pub require_lowercase_characters: bool,

    /// Whether users may change their own password.
    pub allow_users_to_change_password: bool,

    /// Days a password stays valid; `None` when passwords do not expire.
    pub max_password_age: Option<u32>,

    /// Number of previous passwords a user may not reuse; `None` when unset.
    pub password_reuse_prevention: Option<u32>,

    /// Whether an expired password blocks the user until an administrator resets it.
    pub hard_expiry: Option<bool>,
}

/// Root-user facts from the account summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    /// `AccountAccessKeysPresent`: whether the root user has access keys.
    pub root_access_keys_present: bool,

    /// `AccountMFAEnabled`: whether the root user has MFA enabled.
    pub root_mfa_enabled: bool,
}
