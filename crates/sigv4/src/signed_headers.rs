//! The `SignedHeaders` list: lowercase header names, sorted, `;`-separated.

use crate::error::VerifyError;

/// A parsed `SignedHeaders` value, borrowed from the request.
///
/// # Invariants
/// Non-empty; every name is a lowercase HTTP token; names are strictly
/// ascending, so there are no duplicates.
#[derive(Debug, Clone, Copy)]
pub struct SignedHeaders<'a>(&'a str);

impl<'a> SignedHeaders<'a> {
    /// Parses and validates the list.
    ///
    /// # Errors
    /// Returns a `malformed` error when the list is empty, unsorted, has a
    /// duplicate or a name that is not a lowercase token.
    pub fn parse(text: &'a str) -> Result<Self, VerifyError> {
        if text.is_empty() {
            return Err(VerifyError::malformed("SignedHeaders is empty"));
        }
        let mut previous: Option<&str> = None;
        for name in crate::ascii::split(text, b';') {
            if name.is_empty() || !name.bytes().all(is_lowercase_token_byte) {
                return Err(VerifyError::malformed(
                    "SignedHeaders must list lowercase header names separated by ';'",
                ));
            }
            if previous.is_some_and(|previous| previous >= name) {
                return Err(VerifyError::malformed(
                    "SignedHeaders must be sorted and must not repeat a name",
                ));
            }
            previous = Some(name);
        }
        Ok(Self(text))
    }

    pub(crate) fn new_unchecked(text: &'a str) -> Self {
        Self(text)
    }

    /// The names, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        crate::ascii::split(self.0, b';')
    }

    /// Whether `name` (lowercase) is signed.
    pub fn contains(&self, name: &str) -> bool {
        // Lists are short, so comparing name by name is cheaper than a
        // substring search, whose setup alone costs more.
        self.iter().any(|signed| signed == name)
    }

    /// The list as sent.
    pub fn as_str(&self) -> &'a str {
        self.0
    }
}

fn is_lowercase_token_byte(byte: u8) -> bool {
    // RFC 9110 tchar, without uppercase letters.
    byte.is_ascii_lowercase()
        || byte.is_ascii_digit()
        || matches!(
            byte,
            b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`' | b'|' | b'~'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_sorted_list() {
        let list = SignedHeaders::parse("content-type;host;x-amz-date").expect("valid");
        assert_eq!(list.iter().count(), 3);
        assert!(list.contains("host"));
        assert!(!list.contains("date"));
        assert!(!list.contains("content"));
        assert!(!list.contains("type;host"));
        assert!(list.contains("x-amz-date"));
        assert!(list.contains("content-type"));
    }

    #[test]
    fn iter_splits_like_str_split() {
        for text in ["host", "content-type;host;x-amz-date", "a;b;c;d"] {
            let names: Vec<&str> = SignedHeaders::new_unchecked(text).iter().collect();
            let expected: Vec<&str> = text.split(';').collect();
            assert_eq!(names, expected, "{text}");
        }
    }

    #[test]
    fn rejects_invalid_lists() {
        for text in ["", "host;", ";host", "x-amz-date;host", "host;host", "Host", "ho st", "host;;x"] {
            assert!(SignedHeaders::parse(text).is_err(), "{text:?} accepted");
        }
    }
}
