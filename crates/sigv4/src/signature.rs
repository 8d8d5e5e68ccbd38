//! The `Signature` value: 32 bytes compared only in constant time.

use std::fmt;

use subtle::ConstantTimeEq;

/// A SigV4 signature (HMAC-SHA256 output).
///
/// # Invariants
/// `Signature` has no `PartialEq`: the only comparison is
/// [`Signature::ct_eq`], which takes the same time whatever bytes differ.
/// `Debug` does not print the bytes, so a signature never reaches a log line
/// by accident.
#[derive(Clone)]
pub struct Signature([u8; 32]);

impl Signature {
    pub(crate) fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Parses the 64 lowercase hex digits of the `Signature=` field.
    ///
    /// # Errors
    /// Returns `None` unless the input is exactly 64 lowercase hex digits.
    pub fn from_hex(hex_digits: &str) -> Option<Self> {
        let digits: &[u8; 64] = hex_digits.as_bytes().try_into().ok()?;
        // Check every digit first, without branching per digit, so the
        // decoding loop below needs no error path.
        let valid = digits.iter().fold(true, |valid, digit| valid & matches!(digit, b'0'..=b'9' | b'a'..=b'f'));
        if !valid {
            return None;
        }
        let mut out = [0u8; 32];
        for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
            *byte = (lowercase_hex_value(pair[0]) << 4) | lowercase_hex_value(pair[1]);
        }
        Some(Self(out))
    }

    /// Compares two signatures in constant time.
    pub fn ct_eq(&self, other: &Signature) -> bool {
        self.0.ct_eq(&other.0).into()
    }

    /// Formats the signature as 64 lowercase hex digits, as sent on the wire.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// The key under which a replay store records this signature.
    pub fn replay_key(&self) -> crate::replay::ReplayKey {
        crate::replay::ReplayKey::new(self.0)
    }
}

/// Returns the value of a digit already checked to be `0-9` or `a-f`. The
/// low four bits of `'0'..='9'` are the value, and those of `'a'..='f'` are
/// 1 to 6, so letters (bit 6 set) add 9.
fn lowercase_hex_value(digit: u8) -> u8 {
    (digit & 0x0f) + 9 * (digit >> 6)
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Signature(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

    #[test]
    fn parses_lowercase_hex() {
        let signature = Signature::from_hex(HEX).expect("valid");
        assert_eq!(signature.to_hex(), HEX);
    }

    #[test]
    fn rejects_uppercase_hex() {
        assert!(Signature::from_hex(&HEX.to_uppercase()).is_none());
    }

    #[test]
    fn decodes_every_digit() {
        let digits = "0123456789abcdef".repeat(4);
        let signature = Signature::from_hex(&digits).expect("valid");
        assert_eq!(signature.to_hex(), digits);
    }

    #[test]
    fn rejects_non_hex_digits() {
        for bad in ["g", "G", "A", "/", ":", "`", " ", "\u{e9}"] {
            let digits = format!("{bad}{}", &HEX[bad.len()..]);
            assert!(Signature::from_hex(&digits).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn rejects_wrong_length() {
        assert!(Signature::from_hex(&HEX[..63]).is_none());
        assert!(Signature::from_hex(&format!("{HEX}0")).is_none());
    }

    #[test]
    fn ct_eq_detects_one_bit() {
        let a = Signature::from_hex(HEX).expect("valid");
        let mut bytes = a.0;
        bytes[31] ^= 1;
        assert!(a.ct_eq(&a.clone()));
        assert!(!a.ct_eq(&Signature::from_bytes(bytes)));
    }
}
