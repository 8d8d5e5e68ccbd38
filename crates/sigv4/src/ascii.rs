//! Splitting text at an ASCII separator byte.
//!
//! `str::split` and `str::split_once` with a `char` pattern call memchr and
//! then memcmp for every match. The `memchr` crate finds the byte alone, and
//! because the separator is ASCII every piece still starts and ends on a
//! character boundary.

/// Splits `text` at every `separator`, like `str::split`.
pub(crate) fn split(text: &str, separator: u8) -> impl Iterator<Item = &str> {
    debug_assert!(separator.is_ascii());
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match memchr::memchr(separator, current.as_bytes()) {
            Some(index) => {
                rest = Some(&current[index + 1..]);
                Some(&current[..index])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

/// Splits `text` at the first `separator`, like `str::split_once`.
pub(crate) fn split_once(text: &str, separator: u8) -> Option<(&str, &str)> {
    debug_assert!(separator.is_ascii());
    let index = memchr::memchr(separator, text.as_bytes())?;
    Some((&text[..index], &text[index + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_matches_str_split() {
        for text in ["", ";", "a", "a;b", ";a;;b;", "é;ü;", "host;x-amz-date"] {
            let pieces: Vec<&str> = split(text, b';').collect();
            let expected: Vec<&str> = text.split(';').collect();
            assert_eq!(pieces, expected, "{text:?}");
        }
    }

    #[test]
    fn split_once_matches_str_split_once() {
        for text in ["", "=", "a=b", "a=b=c", "no separator", "é=ü"] {
            assert_eq!(split_once(text, b'='), text.split_once('='), "{text:?}");
        }
    }
}
