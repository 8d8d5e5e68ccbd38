use super::*;

fn parse(text: &str) -> PolicyDocument {
    match PolicyDocument::parse(text) {
        Ok(document) => document,
        Err(error) => panic!("policy should parse: {error}"),
    }
}

fn parse_error(text: &str) -> String {
    match PolicyDocument::parse(text) {
        Ok(document) => panic!("policy should be rejected, parsed as {document:?}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn single_statement_object_becomes_list() {
    let document = parse(
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}"#,
    );

    assert_eq!(document.statements.len(), 1);
    assert_eq!(document.statements[0].effect, Effect::Allow);
    assert_eq!(
        document.statements[0].action,
        ActionElement::Action(StringList(vec!["s3:GetObject".to_owned()]))
    );
}

#[test]
fn string_or_array_elements() {
    let document = parse(
        r#"{"Version":"2012-10-17","Statement":[
            {"Sid":"One","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::bucket/*"},
            {"Effect":"Deny","NotAction":"iam:*","NotResource":["arn:aws:s3:::a","arn:aws:s3:::b"]}
        ]}"#,
    );

    assert_eq!(document.statements.len(), 2);
    assert_eq!(document.statements[0].sid.as_deref(), Some("One"));
    assert_eq!(
        document.statements[0].action,
        ActionElement::Action(StringList::from_iter(["s3:GetObject", "s3:PutObject"]))
    );
    assert_eq!(
        document.statements[1].action,
        ActionElement::NotAction(StringList::from_iter(["iam:*"]))
    );
    assert_eq!(
        document.statements[1].resource,
        Some(ResourceElement::NotResource(StringList::from_iter([
            "arn:aws:s3:::a",
            "arn:aws:s3:::b"
        ])))
    );
}

#[test]
fn rejects_action_with_not_action() {
    let message = parse_error(
        r#"{"Statement":{"Sid":"Both","Effect":"Allow","Action":"s3:*","NotAction":"iam:*","Resource":"*"}}"#,
    );

    assert!(
        message.contains("statement \"Both\" has both Action and NotAction"),
        "{message}"
    );
}

#[test]
fn rejects_resource_with_not_resource() {
    let message = parse_error(
        r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","NotResource":"arn:aws:s3:::a"}}"#,
    );

    assert!(
        message.contains("both Resource and NotResource"),
        "{message}"
    );
}

#[test]
fn rejects_principal_with_not_principal() {
    let message = parse_error(
        r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Principal":"*","NotPrincipal":{"AWS":"111122223333"}}}"#,
    );

    assert!(
        message.contains("both Principal and NotPrincipal"),
        "{message}"
    );
}

#[test]
fn rejects_statement_without_action() {
    let message = parse_error(r#"{"Statement":{"Effect":"Allow","Resource":"*"}}"#);

    assert!(
        message.contains("neither Action nor NotAction"),
        "{message}"
    );
}

#[test]
fn rejects_unknown_statement_element() {
    let message = parse_error(
        r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Resources":"*"}}"#,
    );

    assert!(message.contains("unknown field `Resources`"), "{message}");
}

#[test]
fn rejects_invalid_effect() {
    let message = parse_error(r#"{"Statement":{"Effect":"allow","Action":"s3:*","Resource":"*"}}"#);

    assert!(message.contains("unknown variant `allow`"), "{message}");
}

#[test]
fn rejects_unsupported_version() {
    let message = parse_error(r#"{"Version":"2024-01-01","Statement":[]}"#);

    assert!(
        message.contains("unsupported policy Version \"2024-01-01\""),
        "{message}"
    );
}

#[test]
fn principal_forms() {
    let document = parse(
        r#"{"Statement":[
            {"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"},
            {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","444455556666"],"Service":"lambda.amazonaws.com"},"Action":"kms:Decrypt","Resource":"*"}
        ]}"#,
    );

    assert_eq!(
        document.statements[0].principal,
        Some(PrincipalElement::Principal(Principal::Any))
    );
    let Some(PrincipalElement::Principal(Principal::Listed(map))) =
        &document.statements[1].principal
    else {
        panic!(
            "expected a listed principal, got {:?}",
            document.statements[1].principal
        );
    };
    assert_eq!(
        map.aws,
        StringList::from_iter(["arn:aws:iam::111122223333:root", "444455556666"])
    );
    assert_eq!(map.service, StringList::from_iter(["lambda.amazonaws.com"]));
    assert!(map.federated.is_empty());
}

#[test]
fn rejects_principal_string_other_than_star() {
    let message = parse_error(
        r#"{"Statement":{"Effect":"Allow","Principal":"111122223333","Action":"s3:*"}}"#,
    );

    assert!(
        message.contains("a principal string must be \"*\""),
        "{message}"
    );
}

#[test]
fn rejects_unknown_principal_type() {
    let message = parse_error(
        r#"{"Statement":{"Effect":"Allow","Principal":{"Aws":"111122223333"},"Action":"s3:*"}}"#,
    );

    assert!(message.contains("unknown field `Aws`"), "{message}");
}

#[test]
fn condition_value_types() {
    let document = parse(
        r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{
            "StringEquals":{"aws:SourceAccount":"111122223333","aws:PrincipalTag/team":["a","b"]},
            "Bool":{"aws:SecureTransport":false},
            "NumericLessThan":{"s3:max-keys":10}
        }}}"#,
    );
    let condition = &document.statements[0].condition;

    let entries: Vec<(&str, &str, Vec<String>)> = condition
        .entries()
        .map(|(operator, key, values)| {
            (
                operator,
                key,
                values.iter().map(|v| v.as_text().into_owned()).collect(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        vec![
            ("Bool", "aws:SecureTransport", vec!["false".to_owned()]),
            ("NumericLessThan", "s3:max-keys", vec!["10".to_owned()]),
            (
                "StringEquals",
                "aws:PrincipalTag/team",
                vec!["a".to_owned(), "b".to_owned()]
            ),
            (
                "StringEquals",
                "aws:SourceAccount",
                vec!["111122223333".to_owned()]
            ),
        ]
    );
}

#[test]
fn rejects_object_as_condition_value() {
    let message = parse_error(
        r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Condition":{"StringEquals":{"k":{"x":1}}}}}"#,
    );

    assert!(
        message.contains("a condition value or an array of condition values"),
        "{message}"
    );
}

#[test]
fn percent_encoded_document() {
    // The form GetAccountAuthorizationDetails returns, RFC 3986 encoded.
    let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22sts%3AAssumeRole%22%2C%22Principal%22%3A%7B%22Service%22%3A%22lambda.amazonaws.com%22%7D%7D%5D%7D";

    let document = parse(encoded);

    assert_eq!(document.version.as_deref(), Some(VERSION_2012_10_17));
    assert_eq!(document.statements.len(), 1);
    assert_eq!(document.statements[0].resource, None);
}

#[test]
fn plus_sign_stays_literal_when_decoding() {
    let encoded = "%7B%22Statement%22%3A%7B%22Sid%22%3A%22a+b%22%2C%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A*%22%7D%7D";

    let document = parse(encoded);

    assert_eq!(document.statements[0].sid.as_deref(), Some("a+b"));
}

#[test]
fn json_text_with_percent_is_not_decoded() {
    let document = parse(r#"{"Statement":{"Sid":"a%20b","Effect":"Allow","Action":"s3:*"}}"#);

    assert_eq!(document.statements[0].sid.as_deref(), Some("a%20b"));
}

#[test]
fn rejects_percent_encoding_of_invalid_utf8() {
    let message = parse_error("%7B%FF%7D");

    assert!(message.contains("not UTF-8"), "{message}");
}

#[test]
fn deserializes_from_object_or_encoded_string() {
    let object: PolicyDocument = match serde_json::from_str(
        r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#,
    ) {
        Ok(document) => document,
        Err(error) => panic!("object form should parse: {error}"),
    };
    let string: PolicyDocument = match serde_json::from_str(
        r#""%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A*%22%2C%22Resource%22%3A%22*%22%7D%7D""#,
    ) {
        Ok(document) => document,
        Err(error) => panic!("string form should parse: {error}"),
    };

    assert_eq!(object, string);
}

#[test]
fn serializes_and_parses_back() {
    let original = parse(
        r#"{"Version":"2012-10-17","Statement":[
            {"Sid":"A","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":["kms:Decrypt","kms:Encrypt"],"Resource":"*",
             "Condition":{"StringEquals":{"kms:ViaService":"secretsmanager.us-east-1.amazonaws.com"}}},
            {"Effect":"Deny","NotPrincipal":"*","NotAction":"s3:*","NotResource":"arn:aws:s3:::a"}
        ]}"#,
    );

    let text = match serde_json::to_string(&original) {
        Ok(text) => text,
        Err(error) => panic!("document should serialize: {error}"),
    };

    assert_eq!(parse(&text), original);
}
