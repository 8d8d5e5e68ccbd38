//! Three-valued (Kleene) logic for statement matches that may depend on
//! facts the evaluator does not have.

/// A truth value that may be unknown.
///
/// `And` and `Or` follow Kleene's strong three-valued logic: `False` wins an
/// `And` and `True` wins an `Or` even when the other side is `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ternary {
    /// Holds for the request.
    True,

    /// Does not hold for the request.
    False,

    /// Depends on values the evaluator was not given.
    Unknown,
}

impl Ternary {
    /// Kleene conjunction.
    pub fn and(self, other: Self) -> Self {
        match (self, other) {
            (Self::False, _) | (_, Self::False) => Self::False,
            (Self::True, Self::True) => Self::True,
            _ => Self::Unknown,
        }
    }

    /// Kleene disjunction.
    pub fn or(self, other: Self) -> Self {
        match (self, other) {
            (Self::True, _) | (_, Self::True) => Self::True,
            (Self::False, Self::False) => Self::False,
            _ => Self::Unknown,
        }
    }

    /// Kleene negation.
    pub fn negate(self) -> Self {
        match self {
            Self::True => Self::False,
            Self::False => Self::True,
            Self::Unknown => Self::Unknown,
        }
    }

    /// Returns whether the value is `True` or `Unknown`.
    pub fn is_possible(self) -> bool {
        self != Self::False
    }

    /// Disjunction over an iterator; `False` when it is empty.
    pub fn any(values: impl IntoIterator<Item = Self>) -> Self {
        values.into_iter().fold(Self::False, Self::or)
    }

    /// Conjunction over an iterator; `True` when it is empty.
    pub fn all(values: impl IntoIterator<Item = Self>) -> Self {
        values.into_iter().fold(Self::True, Self::and)
    }
}

impl From<bool> for Ternary {
    fn from(value: bool) -> Self {
        if value { Self::True } else { Self::False }
    }
}
