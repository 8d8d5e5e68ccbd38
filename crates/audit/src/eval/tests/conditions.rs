//! Condition operators, decided and undecided.

use super::super::condition::evaluate as evaluate_condition;
use super::*;

fn condition_of(block: &str) -> crate::policy::Condition {
    let document = doc(&format!(
        r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{block}}}}}"#
    ));
    document.statements[0].condition.clone()
}

fn context() -> RequestContext {
    request(ALICE, "s3:GetObject", "arn:aws:s3:::reports/q1.csv")
}

fn check(block: &str, context: &RequestContext) -> Ternary {
    evaluate_condition(&condition_of(block), context)
}

#[test]
fn unknown_key_is_undecided() {
    assert_eq!(
        check(r#"{"StringEquals":{"aws:SourceVpc":"vpc-1"}}"#, &context()),
        Ternary::Unknown
    );
}

#[test]
fn string_operators() {
    let ctx = context().with_condition_value("aws:SourceVpc", "vpc-1");

    assert_eq!(
        check(
            r#"{"StringEquals":{"aws:SourceVpc":["vpc-2","vpc-1"]}}"#,
            &ctx
        ),
        Ternary::True
    );
    assert_eq!(
        check(r#"{"StringEquals":{"aws:SourceVpc":"VPC-1"}}"#, &ctx),
        Ternary::False
    );
    assert_eq!(
        check(
            r#"{"StringEqualsIgnoreCase":{"aws:SourceVpc":"VPC-1"}}"#,
            &ctx
        ),
        Ternary::True
    );
    assert_eq!(
        check(r#"{"StringNotEquals":{"aws:SourceVpc":"vpc-1"}}"#, &ctx),
        Ternary::False
    );
    assert_eq!(
        check(r#"{"StringLike":{"aws:SourceVpc":"vpc-?"}}"#, &ctx),
        Ternary::True
    );
    assert_eq!(
        check(r#"{"StringNotLike":{"aws:SourceVpc":"vpc-*"}}"#, &ctx),
        Ternary::False
    );
}

#[test]
fn all_operators_and_keys_must_hold() {
    let ctx = context().with_condition_value("aws:SourceVpc", "vpc-1");

    assert_eq!(
        check(
            r#"{"StringEquals":{"aws:SourceVpc":"vpc-1","aws:PrincipalAccount":"111122223333"}}"#,
            &ctx
        ),
        Ternary::True
    );
    assert_eq!(
        check(
            r#"{"StringEquals":{"aws:SourceVpc":"vpc-1"},"StringNotEquals":{"aws:PrincipalAccount":"111122223333"}}"#,
            &ctx
        ),
        Ternary::False
    );
    assert_eq!(
        check(
            r#"{"StringEquals":{"aws:SourceVpc":"vpc-1","aws:SourceVpce":"vpce-1"}}"#,
            &ctx
        ),
        Ternary::Unknown
    );
}

#[test]
fn absent_key_rules() {
    let ctx = context().with_absent_condition_key("aws:SourceVpc");

    assert_eq!(
        check(r#"{"StringEquals":{"aws:SourceVpc":"vpc-1"}}"#, &ctx),
        Ternary::False
    );
    assert_eq!(
        check(
            r#"{"StringEqualsIfExists":{"aws:SourceVpc":"vpc-1"}}"#,
            &ctx
        ),
        Ternary::True
    );
    assert_eq!(
        check(r#"{"StringNotEquals":{"aws:SourceVpc":"vpc-1"}}"#, &ctx),
        Ternary::True
    );
    assert_eq!(
        check(r#"{"Null":{"aws:SourceVpc":"true"}}"#, &ctx),
        Ternary::True
    );
    assert_eq!(
        check(r#"{"Null":{"aws:SourceVpc":false}}"#, &ctx),
        Ternary::False
    );
    assert_eq!(
        check(
            r#"{"ForAllValues:StringEquals":{"aws:SourceVpc":"vpc-1"}}"#,
            &ctx
        ),
        Ternary::True
    );
    assert_eq!(
        check(
            r#"{"ForAnyValue:StringEquals":{"aws:SourceVpc":"vpc-1"}}"#,
            &ctx
        ),
        Ternary::False
    );
}

#[test]
fn multivalued_keys() {
    let ctx = context().with_condition_values("aws:TagKeys", ["team", "cost-center"]);

    assert_eq!(
        check(
            r#"{"ForAnyValue:StringEquals":{"aws:TagKeys":"team"}}"#,
            &ctx
        ),
        Ternary::True
    );
    assert_eq!(
        check(
            r#"{"ForAllValues:StringEquals":{"aws:TagKeys":"team"}}"#,
            &ctx
        ),
        Ternary::False
    );
    assert_eq!(
        check(
            r#"{"ForAllValues:StringEquals":{"aws:TagKeys":["team","cost-center","owner"]}}"#,
            &ctx
        ),
        Ternary::True
    );
}

#[test]
fn arn_operators_match_per_field() {
    let ctx = context().with_condition_value(
        "aws:SourceArn",
        "arn:aws:lambda:us-east-1:111122223333:function:rotate",
    );

    assert_eq!(
        check(
            r#"{"ArnLike":{"aws:SourceArn":"arn:aws:lambda:*:111122223333:function:*"}}"#,
            &ctx
        ),
        Ternary::True
    );
    assert_eq!(
        check(
            r#"{"ArnLike":{"aws:SourceArn":"arn:aws:lambda:*:444455556666:function:*"}}"#,
            &ctx
        ),
        Ternary::False
    );
    assert_eq!(
        check(
            r#"{"ArnNotLike":{"aws:SourceArn":"arn:aws:lambda:*:111122223333:*"}}"#,
            &ctx
        ),
        Ternary::False
    );
    // A wildcard does not span the colon between region and account.
    assert_eq!(
        check(
            r#"{"ArnLike":{"aws:SourceArn":"arn:aws:lambda:*:function:rotate"}}"#,
            &ctx
        ),
        Ternary::False
    );
}

#[test]
fn numeric_and_bool_operators() {
    let ctx = context()
        .with_condition_value("s3:max-keys", "10")
        .with_condition_value("aws:SecureTransport", "true");

    assert_eq!(
        check(r#"{"NumericLessThanEquals":{"s3:max-keys":10}}"#, &ctx),
        Ternary::True
    );
    assert_eq!(
        check(r#"{"NumericLessThan":{"s3:max-keys":"10"}}"#, &ctx),
        Ternary::False
    );
    assert_eq!(
        check(r#"{"NumericNotEquals":{"s3:max-keys":5}}"#, &ctx),
        Ternary::True
    );
    assert_eq!(
        check(r#"{"NumericGreaterThan":{"s3:max-keys":"ten"}}"#, &ctx),
        Ternary::False
    );
    assert_eq!(
        check(r#"{"Bool":{"aws:SecureTransport":true}}"#, &ctx),
        Ternary::True
    );
    assert_eq!(
        check(r#"{"Bool":{"aws:SecureTransport":"false"}}"#, &ctx),
        Ternary::False
    );
}

#[test]
fn undecidable_operators() {
    let ctx = context()
        .with_condition_value("aws:CurrentTime", "2025-01-01T00:00:00Z")
        .with_condition_value("aws:SourceIp", "203.0.113.7");

    assert_eq!(
        check(
            r#"{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}"#,
            &ctx
        ),
        Ternary::Unknown
    );
    assert_eq!(
        check(r#"{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#, &ctx),
        Ternary::Unknown
    );
    assert_eq!(
        check(
            r#"{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#,
            &ctx
        ),
        Ternary::Unknown
    );
    assert_eq!(
        check(r#"{"StringEqualsCaseless":{"aws:SourceIp":"x"}}"#, &ctx),
        Ternary::Unknown
    );
}

#[test]
fn policy_variable_in_condition_value_is_undecided() {
    let ctx = context().with_condition_value("s3:prefix", "home/alice/");

    assert_eq!(
        check(
            r#"{"StringLike":{"s3:prefix":"home/${aws:username}/*"}}"#,
            &ctx
        ),
        Ternary::Unknown
    );
}
