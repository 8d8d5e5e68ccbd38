//! IAM wildcard matching: `*` matches any run of characters (including none)
//! and `?` matches exactly one character, anywhere in the pattern.
//!
//! IAM uses these wildcards in `Action`, `Resource` and the `*Like` condition
//! operators (IAM JSON policy elements: Action, Resource; Condition operators,
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>).
//! Action names are case-insensitive, so match them with
//! [`matches_ignore_case`]. ARNs are case-sensitive except where a service
//! documents otherwise, so match resources with [`matches()`].
//!
//! Complexity: the pattern is split at each `*`. The first and last pieces
//! are anchored at the ends of the text and each middle piece is placed at
//! its leftmost fit after the previous one, which is optimal, so the matcher
//! never backtracks. The worst case is O(pattern length × text length), with
//! no exponential blow-up on patterns like `a*a*a*a*b`.
//!
//! Limits: there is no escape for a literal `*` or `?`, as in IAM itself.

/// Returns whether `text` matches the case-sensitive wildcard `pattern`.
///
/// # Examples
///
/// ```
/// use agentsec_audit::glob::matches;
///
/// assert!(matches("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/key"));
/// assert!(!matches("arn:aws:s3:::bucket/*", "arn:aws:s3:::Bucket/key"));
/// ```
pub fn matches(pattern: &str, text: &str) -> bool {
    if pattern.is_ascii() && text.is_ascii() {
        return match_slices(pattern.as_bytes(), text.as_bytes(), b'*', b'?', |p, t| p == t);
    }
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    match_slices(&pattern, &text, '*', '?', |p, t| p == t)
}

/// Returns whether `text` matches the wildcard `pattern`, ignoring letter
/// case (Unicode lowercase mapping of both sides).
///
/// ASCII input, which every AWS action name is, is compared byte by byte
/// without allocating; other input is lowercased into buffers first.
///
/// # Examples
///
/// ```
/// use agentsec_audit::glob::matches_ignore_case;
///
/// assert!(matches_ignore_case("iam:Pass*", "IAM:PASSROLE"));
/// assert!(matches_ignore_case("s3:*Object", "s3:GetObject"));
/// ```
pub fn matches_ignore_case(pattern: &str, text: &str) -> bool {
    if pattern.is_ascii() && text.is_ascii() {
        return match_slices(pattern.as_bytes(), text.as_bytes(), b'*', b'?', |p, t| {
            p.eq_ignore_ascii_case(&t)
        });
    }
    let pattern: Vec<char> = pattern.chars().flat_map(char::to_lowercase).collect();
    let text: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    match_slices(&pattern, &text, '*', '?', |p, t| p == t)
}

/// Returns whether the pattern consists only of `*` and `?`, so it matches
/// every text of at least as many characters as it has `?`.
pub fn is_wildcard_only(pattern: &str) -> bool {
    !pattern.is_empty() && pattern.chars().all(|c| c == '*' || c == '?')
}

/// Returns whether the pattern contains `*` or `?`.
pub fn has_wildcard(pattern: &str) -> bool {
    pattern.contains(['*', '?'])
}

/// Matches over bytes (ASCII input) or chars (other input); `same` compares
/// one pattern element with one text element.
fn match_slices<T: Copy + PartialEq>(
    pattern: &[T],
    text: &[T],
    star: T,
    question: T,
    same: impl Fn(T, T) -> bool + Copy,
) -> bool {
    let piece_matches = |piece: &[T], window: &[T]| {
        piece
            .iter()
            .zip(window)
            .all(|(&p, &t)| p == question || same(p, t))
    };

    // No star: the pattern must cover the whole text.
    let Some(first_star) = pattern.iter().position(|&c| c == star) else {
        return pattern.len() == text.len() && piece_matches(pattern, text);
    };
    let last_star = pattern.iter().rposition(|&c| c == star).unwrap_or(first_star);
    let first = &pattern[..first_star];
    let last = &pattern[last_star + 1..];

    // The first piece is anchored at the start, the last at the end.
    if text.len() < first.len() + last.len() {
        return false;
    }
    let tail_start = text.len() - last.len();
    if !piece_matches(first, &text[..first.len()]) || !piece_matches(last, &text[tail_start..]) {
        return false;
    }

    // Each middle piece takes its leftmost fit; a later fit never helps the
    // pieces after it, so no backtracking is needed.
    let middle: &[T] = if last_star > first_star {
        &pattern[first_star + 1..last_star]
    } else {
        &[]
    };
    let mut position = first.len();
    for piece in middle.split(|&c| c == star) {
        if piece.is_empty() {
            continue;
        }
        let window = &text[position..tail_start];
        if piece.len() > window.len() {
            return false;
        }
        let found = (0..=window.len() - piece.len())
            .find(|&start| piece_matches(piece, &window[start..start + piece.len()]));
        match found {
            Some(offset) => position += offset + piece.len(),
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_patterns() {
        assert!(matches("s3:GetObject", "s3:GetObject"));
        assert!(!matches("s3:GetObject", "s3:GetObjects"));
        assert!(!matches("s3:GetObject", "s3:GetObjec"));
        assert!(matches("", ""));
        assert!(!matches("", "a"));
    }

    #[test]
    fn star_positions() {
        assert!(matches("*", ""));
        assert!(matches("*", "anything"));
        assert!(matches("iam:Pass*", "iam:PassRole"));
        assert!(matches("s3:*Object", "s3:GetObject"));
        assert!(!matches("s3:*Object", "s3:GetObjectAcl"));
        assert!(matches("s3:*Object*", "s3:GetObjectAcl"));
        assert!(matches("a*b*c", "abc"));
        assert!(matches("a*b*c", "aXbYbZc"));
        assert!(!matches("a*b*c", "acb"));
        assert!(matches("**", "x"));
    }

    #[test]
    fn question_mark_is_one_character() {
        assert!(matches("s3:?etObject", "s3:GetObject"));
        assert!(!matches("s3:?etObject", "s3:etObject"));
        assert!(matches("a?*", "ab"));
        assert!(!matches("a?*", "a"));
        assert!(matches("*?", "x"));
        assert!(!matches("*?", ""));
    }

    #[test]
    fn overlapping_first_and_last_pieces() {
        // "ab" and "ba" would overlap in "aba"; both must fit separately.
        assert!(!matches("ab*ba", "aba"));
        assert!(matches("ab*ba", "abba"));
    }

    #[test]
    fn case_sensitivity() {
        assert!(!matches("iam:PassRole", "IAM:passrole"));
        assert!(matches_ignore_case("iam:PassRole", "IAM:passrole"));
        assert!(matches_ignore_case("IAM:PASS*", "iam:PassRole"));
        assert!(!matches_ignore_case("iam:Pass*", "iam:GetRole"));
    }

    #[test]
    fn non_ascii_text() {
        assert!(matches("arn:aws:s3:::b/?", "arn:aws:s3:::b/é"));
        assert!(matches_ignore_case("ÄB*", "äbc"));
    }

    #[test]
    fn adversarial_pattern_stays_fast() {
        // A backtracking matcher needs exponential time for this input.
        let pattern = "a*".repeat(40) + "b";
        let text = "a".repeat(20_000);

        assert!(!matches(&pattern, &text));
        assert!(matches(&pattern, &(text.clone() + "b")));
    }

    #[test]
    fn wildcard_only_patterns() {
        assert!(is_wildcard_only("*"));
        assert!(is_wildcard_only("*?*"));
        assert!(!is_wildcard_only(""));
        assert!(!is_wildcard_only("a*"));
        assert!(has_wildcard("iam:Pass*"));
        assert!(!has_wildcard("iam:PassRole"));
    }
}
