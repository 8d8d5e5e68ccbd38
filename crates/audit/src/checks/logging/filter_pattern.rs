//! CloudWatch Logs JSON filter patterns: parsing and matching against
//! events.
//!
//! Implements the JSON form of "Filter pattern syntax for metric filters"
//! (<https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html>):
//!
//! ```text
//! { ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }
//! ```
//!
//! Supported:
//!
//! - selectors `$.a.b` and `$.a[0]`;
//! - `=` and `!=` on strings (quoted or bare, with `*` as a wildcard) and
//!   numbers, and `<`, `<=`, `>`, `>=` on numbers;
//! - `IS NULL`, `NOT EXISTS`, `IS TRUE`, `IS FALSE`;
//! - parentheses, `&&` and `||`, where `&&` binds tighter than `||`.
//!
//! An unsupported pattern (space-delimited or plain-text patterns, regular
//! expressions in `%...%`) is an error, never a silent match.
//!
//! Limits: a comparison on a field the event lacks is false for every
//! operator except `NOT EXISTS`; CloudWatch Logs documents no other rule,
//! so patterns that rely on `!=` matching an absent field are judged
//! stricter than CloudWatch may apply them.

use serde_json::Value;

use crate::glob;

/// A parsed JSON filter pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterPattern {
    root: Expr,
}

#[derive(Debug, Clone, PartialEq)]
enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Compare {
        selector: Vec<Segment>,
        operator: Operator,
        value: Literal,
    },
    IsNull(Vec<Segment>),
    NotExists(Vec<Segment>),
    IsBool(Vec<Segment>, bool),
}

#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Field(String),
    Index(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operator {
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

#[derive(Debug, Clone, PartialEq)]
enum Literal {
    Text(String),
    Number(f64),
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    OpenBrace,
    CloseBrace,
    OpenParen,
    CloseParen,
    And,
    Or,
    Operator(Operator),
    Selector(String),
    Quoted(String),
    Word(String),
}

impl FilterPattern {
    /// Parses a JSON filter pattern.
    ///
    /// # Errors
    ///
    /// Returns a message naming the problem when the pattern is not a
    /// supported JSON filter pattern.
    pub fn parse(pattern: &str) -> Result<Self, String> {
        let tokens = tokenize(pattern)?;
        let mut parser = Parser {
            tokens,
            position: 0,
        };
        parser.expect(&Token::OpenBrace, "a JSON filter pattern starts with {")?;
        let root = parser.or_expression()?;
        parser.expect(&Token::CloseBrace, "expected } at the end of the pattern")?;
        if parser.position != parser.tokens.len() {
            return Err("unexpected text after the closing }".to_owned());
        }
        Ok(Self { root })
    }

    /// Returns whether the pattern selects the JSON event.
    pub fn matches(&self, event: &Value) -> bool {
        evaluate(&self.root, event)
    }
}

fn tokenize(pattern: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;

    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            c if c.is_whitespace() => i += 1,
            '{' => {
                tokens.push(Token::OpenBrace);
                i += 1;
            }
            '}' => {
                tokens.push(Token::CloseBrace);
                i += 1;
            }
            '(' => {
                tokens.push(Token::OpenParen);
                i += 1;
            }
            ')' => {
                tokens.push(Token::CloseParen);
                i += 1;
            }
            '&' if next == Some('&') => {
                tokens.push(Token::And);
                i += 2;
            }
            '|' if next == Some('|') => {
                tokens.push(Token::Or);
                i += 2;
            }
            '!' if next == Some('=') => {
                tokens.push(Token::Operator(Operator::NotEqual));
                i += 2;
            }
            '<' | '>' => {
                let or_equal = next == Some('=');
                let operator = match (c, or_equal) {
                    ('<', false) => Operator::Less,
                    ('<', true) => Operator::LessOrEqual,
                    ('>', false) => Operator::Greater,
                    _ => Operator::GreaterOrEqual,
                };
                tokens.push(Token::Operator(operator));
                i += if or_equal { 2 } else { 1 };
            }
            '=' => {
                tokens.push(Token::Operator(Operator::Equal));
                i += 1;
            }
            '"' => {
                let mut text = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err("unterminated quoted value".to_owned()),
                        Some('"') => break,
                        Some('\\') => {
                            if let Some(escaped) = chars.get(i + 1) {
                                text.push(*escaped);
                            }
                            i += 2;
                        }
                        Some(other) => {
                            text.push(*other);
                            i += 1;
                        }
                    }
                }
                i += 1;
                tokens.push(Token::Quoted(text));
            }
            _ => {
                let start = i;
                while i < chars.len() && !is_delimiter(&chars, i) {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                if word.is_empty() {
                    return Err(format!("unexpected character {c:?}"));
                }
                if word.starts_with('$') {
                    tokens.push(Token::Selector(word));
                } else {
                    tokens.push(Token::Word(word));
                }
            }
        }
    }
    Ok(tokens)
}

fn is_delimiter(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    let next = chars.get(i + 1).copied();
    c.is_whitespace()
        || matches!(c, '{' | '}' | '(' | ')' | '=' | '<' | '>' | '"')
        || (c == '!' && next == Some('='))
        || (c == '&' && next == Some('&'))
        || (c == '|' && next == Some('|'))
}

struct Parser {
    tokens: Vec<Token>,
    position: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.position)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.position).cloned();
        self.position += 1;
        token
    }

    fn expect(&mut self, token: &Token, message: &str) -> Result<(), String> {
        if self.peek() == Some(token) {
            self.position += 1;
            Ok(())
        } else {
            Err(message.to_owned())
        }
    }

    fn or_expression(&mut self) -> Result<Expr, String> {
        let mut left = self.and_expression()?;
        while self.peek() == Some(&Token::Or) {
            self.position += 1;
            let right = self.and_expression()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and_expression(&mut self) -> Result<Expr, String> {
        let mut left = self.term()?;
        while self.peek() == Some(&Token::And) {
            self.position += 1;
            let right = self.term()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn term(&mut self) -> Result<Expr, String> {
        match self.next() {
            Some(Token::OpenParen) => {
                let inner = self.or_expression()?;
                self.expect(&Token::CloseParen, "missing )")?;
                Ok(inner)
            }
            Some(Token::Selector(text)) => {
                let selector = parse_selector(&text)?;
                self.comparison(selector, &text)
            }
            Some(other) => Err(format!("expected a $. selector or (, found {other:?}")),
            None => Err("the pattern ends where a comparison was expected".to_owned()),
        }
    }

    fn comparison(&mut self, selector: Vec<Segment>, text: &str) -> Result<Expr, String> {
        match self.next() {
            Some(Token::Operator(operator)) => {
                let value = match self.next() {
                    Some(Token::Quoted(value)) => Literal::Text(value),
                    Some(Token::Word(word)) => match word.parse::<f64>() {
                        Ok(number) => Literal::Number(number),
                        Err(_) => Literal::Text(word),
                    },
                    _ => return Err(format!("missing value after the operator on {text}")),
                };
                if let Literal::Text(value) = &value
                    && value.starts_with('%')
                    && value.ends_with('%')
                    && value.len() > 1
                {
                    return Err(format!("regular expression {value} is not supported"));
                }
                if matches!(value, Literal::Text(_))
                    && !matches!(operator, Operator::Equal | Operator::NotEqual)
                {
                    return Err(format!("{text}: ordering operators need a number"));
                }
                Ok(Expr::Compare {
                    selector,
                    operator,
                    value,
                })
            }
            Some(Token::Word(word)) if word.eq_ignore_ascii_case("IS") => match self.next() {
                Some(Token::Word(kind)) if kind.eq_ignore_ascii_case("NULL") => {
                    Ok(Expr::IsNull(selector))
                }
                Some(Token::Word(kind)) if kind.eq_ignore_ascii_case("TRUE") => {
                    Ok(Expr::IsBool(selector, true))
                }
                Some(Token::Word(kind)) if kind.eq_ignore_ascii_case("FALSE") => {
                    Ok(Expr::IsBool(selector, false))
                }
                _ => Err(format!("{text}: expected NULL, TRUE or FALSE after IS")),
            },
            Some(Token::Word(word)) if word.eq_ignore_ascii_case("NOT") => match self.next() {
                Some(Token::Word(kind)) if kind.eq_ignore_ascii_case("EXISTS") => {
                    Ok(Expr::NotExists(selector))
                }
                _ => Err(format!("{text}: expected EXISTS after NOT")),
            },
            _ => Err(format!("{text}: expected an operator")),
        }
    }
}

fn parse_selector(text: &str) -> Result<Vec<Segment>, String> {
    let invalid = || format!("invalid selector {text:?}");
    let rest = text.strip_prefix("$.").ok_or_else(invalid)?;
    let mut segments = Vec::new();
    for part in rest.split('.') {
        let (name, indexes) = match part.find('[') {
            Some(at) => (&part[..at], &part[at..]),
            None => (part, ""),
        };
        if name.is_empty() {
            return Err(invalid());
        }
        segments.push(Segment::Field(name.to_owned()));
        let mut remaining = indexes;
        while let Some(inner) = remaining.strip_prefix('[') {
            let (number, after) = inner.split_once(']').ok_or_else(invalid)?;
            segments.push(Segment::Index(number.parse().map_err(|_| invalid())?));
            remaining = after;
        }
        if !remaining.is_empty() {
            return Err(invalid());
        }
    }
    Ok(segments)
}

fn resolve<'a>(event: &'a Value, selector: &[Segment]) -> Option<&'a Value> {
    selector
        .iter()
        .try_fold(event, |value, segment| match segment {
            Segment::Field(name) => value.get(name),
            Segment::Index(index) => value.get(index),
        })
}

fn evaluate(expr: &Expr, event: &Value) -> bool {
    match expr {
        Expr::And(left, right) => evaluate(left, event) && evaluate(right, event),
        Expr::Or(left, right) => evaluate(left, event) || evaluate(right, event),
        Expr::IsNull(selector) => resolve(event, selector).is_some_and(Value::is_null),
        Expr::NotExists(selector) => resolve(event, selector).is_none(),
        Expr::IsBool(selector, expected) => {
            resolve(event, selector).and_then(Value::as_bool) == Some(*expected)
        }
        Expr::Compare {
            selector,
            operator,
            value,
        } => {
            let Some(field) = resolve(event, selector) else {
                return false;
            };
            compare(field, *operator, value)
        }
    }
}

fn compare(field: &Value, operator: Operator, value: &Literal) -> bool {
    match value {
        Literal::Text(pattern) => {
            let text = match field {
                Value::String(text) => text.clone(),
                Value::Number(number) => number.to_string(),
                Value::Bool(flag) => flag.to_string(),
                _ => return false,
            };
            let equal = glob::matches(pattern, &text);
            match operator {
                Operator::Equal => equal,
                Operator::NotEqual => !equal,
                _ => false,
            }
        }
        Literal::Number(expected) => {
            let actual = match field {
                Value::Number(number) => number.as_f64(),
                Value::String(text) => text.parse::<f64>().ok(),
                _ => None,
            };
            let Some(actual) = actual else {
                return false;
            };
            match operator {
                Operator::Equal => actual == *expected,
                Operator::NotEqual => actual != *expected,
                Operator::Less => actual < *expected,
                Operator::LessOrEqual => actual <= *expected,
                Operator::Greater => actual > *expected,
                Operator::GreaterOrEqual => actual >= *expected,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(text: &str) -> FilterPattern {
        match FilterPattern::parse(text) {
            Ok(pattern) => pattern,
            Err(error) => panic!("{text}: {error}"),
        }
    }

    #[test]
    fn wildcards_and_or() {
        let p = pattern(
            r#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }"#,
        );
        assert!(p.matches(&serde_json::json!({"errorCode": "Client.UnauthorizedOperation"})));
        assert!(p.matches(&serde_json::json!({"errorCode": "AccessDeniedException"})));
        assert!(!p.matches(&serde_json::json!({"errorCode": "ThrottlingException"})));
        assert!(!p.matches(&serde_json::json!({"eventName": "GetObject"})));
    }

    #[test]
    fn not_exists_and_not_equal() {
        let p = pattern(
            r#"{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}"#,
        );
        let root = serde_json::json!({"userIdentity": {"type": "Root"}, "eventType": "AwsApiCall"});
        let service = serde_json::json!({"userIdentity": {"type": "Root", "invokedBy": "s3.amazonaws.com"}, "eventType": "AwsApiCall"});
        assert!(p.matches(&root));
        assert!(!p.matches(&service));
    }

    #[test]
    fn and_binds_tighter_than_or() {
        let p = pattern(r#"{ $.a = 1 || $.b = 2 && $.c = 3 }"#);
        assert!(p.matches(&serde_json::json!({"a": 1})));
        assert!(!p.matches(&serde_json::json!({"b": 2})));
    }

    #[test]
    fn array_index_and_bare_words() {
        let p =
            pattern("{ $.resources[0].type = AWS::KMS::Key && $.eventSource = kms.amazonaws.com }");
        let event = serde_json::json!({"resources": [{"type": "AWS::KMS::Key"}], "eventSource": "kms.amazonaws.com"});
        assert!(p.matches(&event));
    }

    #[test]
    fn rejects_unsupported_patterns() {
        assert!(FilterPattern::parse("ERROR Exception").is_err());
        assert!(FilterPattern::parse(r#"{ $.eventName = %Delete.*% }"#).is_err());
        assert!(FilterPattern::parse(r#"{ $.eventName = "x" "#).is_err());
        assert!(FilterPattern::parse(r#"{ $.eventName = "x }"#).is_err());
    }
}
