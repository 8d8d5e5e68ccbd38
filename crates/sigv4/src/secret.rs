//! Secret material: the secret access key and the derived signing key.
//!
//! Both are zeroized on drop and print as `***` in `Debug`. Neither type
//! implements `Display` or `Serialize`, so a secret cannot reach a log line
//! or a JSON body by accident.

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::amz_date::AmzDate;

type HmacSha256 = Hmac<Sha256>;

/// A secret access key.
///
/// # Invariants
/// The bytes are wiped when the value is dropped, and `Debug` never shows
/// them. Read the value only through [`SecretKey::expose_secret`], at the
/// point where it is handed to a signing routine.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SecretKey(String);

impl SecretKey {
    /// Wraps a secret access key.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// Returns the secret itself. Call this only to sign or derive a key.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(***)")
    }
}

impl From<String> for SecretKey {
    fn from(value: String) -> Self {
        Self(value)
    }
}

/// A SigV4 signing key, derived from a secret key for one date, region and
/// service.
///
/// # Invariants
/// Wiped on drop, redacted in `Debug`.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SigningKey([u8; 32]);

impl SigningKey {
    /// Derives the signing key (AWS: "derive a signing key for SigV4").
    pub fn derive(secret: &SecretKey, date: &AmzDate, region: &str, service: &str) -> Self {
        // kSecret = "AWS4" + secret access key.
        let mut k_secret = Zeroizing::new(Vec::with_capacity(4 + secret.0.len()));
        k_secret.extend_from_slice(b"AWS4");
        k_secret.extend_from_slice(secret.0.as_bytes());

        // kDate = HMAC(kSecret, YYYYMMDD).
        let k_date = Zeroizing::new(hmac(&k_secret, date.date_stamp().as_bytes()));

        // kRegion = HMAC(kDate, region).
        let k_region = Zeroizing::new(hmac(k_date.as_slice(), region.as_bytes()));

        // kService = HMAC(kRegion, service).
        let k_service = Zeroizing::new(hmac(k_region.as_slice(), service.as_bytes()));

        // kSigning = HMAC(kService, "aws4_request").
        Self(hmac(k_service.as_slice(), b"aws4_request"))
    }

    /// Computes the signature of a string to sign: HMAC-SHA256 with this key.
    pub fn sign(&self, string_to_sign: &[u8]) -> crate::Signature {
        crate::Signature::from_bytes(hmac(&self.0, string_to_sign))
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(***)")
    }
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail here.
    let mut mac = match HmacSha256::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("hmac takes keys of any length"),
    };
    mac.update(data);
    mac.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_debug_is_redacted() {
        let secret = SecretKey::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        let printed = format!("{secret:?}");
        assert!(!printed.contains("wJalr"), "{printed}");
    }

    #[test]
    fn signing_key_debug_is_redacted() {
        let secret = SecretKey::new("secret");
        let date = AmzDate::parse("20150830T123600Z").expect("valid date");
        let key = SigningKey::derive(&secret, &date, "us-east-1", "iam");
        assert_eq!(format!("{key:?}"), "SigningKey(***)");
    }

    #[test]
    fn derives_documented_signing_key() {
        // The example from AWS's "Examples of how to derive a signing key"
        // page: secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20120215,
        // us-east-1, iam.
        let secret = SecretKey::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        let date = AmzDate::parse("20120215T000000Z").expect("valid date");
        let key = SigningKey::derive(&secret, &date, "us-east-1", "iam");
        assert_eq!(
            hex::encode(key.0),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"
        );
    }
}
