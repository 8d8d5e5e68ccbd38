//! Which conditions restrict the callers of a statement.

use super::*;
use crate::eval::{is_restrictive, restrictive_condition_keys};

fn statement(condition: &str) -> crate::policy::Statement {
    let document = doc(&format!(
        r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Principal":{{"Service":"sns.amazonaws.com"}},"Action":"kms:Decrypt","Resource":"*","Condition":{condition}}}}}"#
    ));
    document.statements[0].clone()
}

#[test]
fn specific_values_restrict() {
    let cases = [
        r#"{"StringEquals":{"aws:SourceAccount":"111122223333"}}"#,
        r#"{"ArnLike":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:alerts"}}"#,
        r#"{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}"#,
        r#"{"StringEquals":{"kms:ViaService":"secretsmanager.us-east-1.amazonaws.com"}}"#,
        r#"{"StringLike":{"kms:ViaService":"secretsmanager.*.amazonaws.com"}}"#,
        r#"{"StringEquals":{"AWS:SOURCEVPCE":"vpce-1a2b3c4d"}}"#,
        r#"{"ForAnyValue:StringEquals":{"aws:PrincipalAccount":["111122223333","444455556666"]}}"#,
    ];

    for case in cases {
        assert!(is_restrictive(&statement(case)), "{case}");
    }
}

#[test]
fn wildcards_and_weak_operators_do_not_restrict() {
    let cases = [
        r#"{"StringEquals":{"aws:SourceAccount":"*"}}"#,
        r#"{"StringLike":{"aws:SourceAccount":"*"}}"#,
        r#"{"StringLike":{"aws:PrincipalArn":["arn:aws:iam::111122223333:role/x","*"]}}"#,
        r#"{"ArnLike":{"aws:SourceArn":"arn:aws:*:*:*:*"}}"#,
        r#"{"StringEqualsIfExists":{"aws:SourceAccount":"111122223333"}}"#,
        r#"{"Null":{"aws:SourceAccount":"false"}}"#,
        r#"{"StringNotEquals":{"aws:SourceAccount":"444455556666"}}"#,
        r#"{"ForAllValues:StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}"#,
        r#"{"StringEquals":{"aws:SecureTransport":"true"}}"#,
    ];

    for case in cases {
        assert!(!is_restrictive(&statement(case)), "{case}");
    }
}

#[test]
fn lists_only_restricting_keys() {
    let statement = statement(
        r#"{"StringEquals":{"aws:SourceAccount":"111122223333","aws:SourceVpc":"*"},"Bool":{"aws:SecureTransport":"true"}}"#,
    );

    assert_eq!(
        restrictive_condition_keys(&statement),
        vec!["aws:SourceAccount"]
    );
}
