//! Cases modeled on the examples of AWS's IAM policy evaluation pages.

use super::*;

const ACCOUNT: &str = "111122223333";
const OTHER_ACCOUNT: &str = "444455556666";
const ALICE: &str = "arn:aws:iam::111122223333:user/alice";
const ORBIT_ROLE: &str = "arn:aws:iam::111122223333:role/service/orbit-role";
const KEY_ARN: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const SECRET_ARN: &str =
    "arn:aws:secretsmanager:us-east-1:111122223333:secret:orbit-signing-AbCdEf";

fn doc(text: &str) -> PolicyDocument {
    match PolicyDocument::parse(text) {
        Ok(document) => document,
        Err(error) => panic!("test policy should parse: {error}\n{text}"),
    }
}

fn request(principal: &str, action: &str, resource: &str) -> RequestContext {
    match RequestContext::new(principal, action, resource) {
        Ok(context) => context,
        Err(error) => panic!("test request should be valid: {error}"),
    }
}

fn with_identity<'a>(documents: &[&'a PolicyDocument]) -> PolicySet<'a> {
    PolicySet {
        identity_policies: documents.to_vec(),
        ..PolicySet::default()
    }
}

fn allow(action: &str, resource: &str) -> PolicyDocument {
    doc(&format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"{action}","Resource":"{resource}"}}]}}"#
    ))
}

#[test]
fn identity_policy_allows() {
    let identity = allow("s3:GetObject", "arn:aws:s3:::reports/*");
    let policies = with_identity(&[&identity]);

    let decision = evaluate(
        &policies,
        &request(ALICE, "s3:GetObject", "arn:aws:s3:::reports/q1.csv"),
    );

    assert_eq!(decision, Decision::Allowed);
}

#[test]
fn no_policy_is_implicit_deny() {
    let policies = PolicySet::default();

    let decision = evaluate(
        &policies,
        &request(ALICE, "s3:GetObject", "arn:aws:s3:::reports/q1.csv"),
    );

    assert_eq!(
        decision,
        Decision::Denied(Denial::Implicit(ImplicitDeny::NoAllow))
    );
}

#[test]
fn explicit_deny_overrides_allow() {
    let grant = allow("s3:*", "*");
    let deny = doc(
        r#"{"Version":"2012-10-17","Statement":{"Sid":"NoDelete","Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}}"#,
    );
    let policies = with_identity(&[&grant, &deny]);

    let decision = evaluate(
        &policies,
        &request(ALICE, "s3:DeleteObject", "arn:aws:s3:::reports/q1.csv"),
    );

    assert_eq!(
        decision,
        Decision::Denied(Denial::Explicit(StatementRef {
            source: PolicySource::Identity(1),
            index: 0,
            sid: Some("NoDelete".to_owned()),
        }))
    );
}

#[test]
fn boundary_limits_identity_allow() {
    // The boundary example of the IAM guide: the boundary allows S3,
    // CloudWatch and EC2; an identity policy that allows iam:CreateUser
    // grants nothing.
    let boundary = doc(
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:*","cloudwatch:*","ec2:*"],"Resource":"*"}}"#,
    );
    let identity = allow("iam:CreateUser", "*");
    let policies = PolicySet {
        identity_policies: vec![&identity],
        permissions_boundary: Some(&boundary),
        resource_policy: None,
    };

    let decision = evaluate(
        &policies,
        &request(
            ALICE,
            "iam:CreateUser",
            "arn:aws:iam::111122223333:user/bob",
        ),
    );

    assert_eq!(
        decision,
        Decision::Denied(Denial::Implicit(ImplicitDeny::PermissionsBoundary))
    );
}

#[test]
fn boundary_alone_grants_nothing() {
    let boundary = allow("s3:*", "*");
    let policies = PolicySet {
        identity_policies: vec![],
        permissions_boundary: Some(&boundary),
        resource_policy: None,
    };

    let decision = evaluate(
        &policies,
        &request(ALICE, "s3:GetObject", "arn:aws:s3:::reports/q1.csv"),
    );

    assert_eq!(
        decision,
        Decision::Denied(Denial::Implicit(ImplicitDeny::NoAllow))
    );
}

#[test]
fn boundary_and_identity_both_allow() {
    let boundary = allow("s3:*", "*");
    let identity = allow("s3:GetObject", "*");
    let policies = PolicySet {
        identity_policies: vec![&identity],
        permissions_boundary: Some(&boundary),
        resource_policy: None,
    };

    let decision = evaluate(
        &policies,
        &request(ALICE, "s3:GetObject", "arn:aws:s3:::reports/q1.csv"),
    );

    assert_eq!(decision, Decision::Allowed);
}

fn secret_policy(principal: &str) -> PolicyDocument {
    doc(&format!(
        r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Principal":{{"AWS":"{principal}"}},"Action":"secretsmanager:GetSecretValue","Resource":"*"}}}}"#
    ))
}

#[test]
fn same_account_resource_policy_alone_allows() {
    let resource = secret_policy(ALICE);
    let policies = PolicySet {
        resource_policy: Some(ResourcePolicy {
            document: &resource,
            kind: ResourcePolicyKind::Other,
        }),
        ..PolicySet::default()
    };

    let decision = evaluate(
        &policies,
        &request(ALICE, "secretsmanager:GetSecretValue", SECRET_ARN),
    );

    assert_eq!(decision, Decision::Allowed);
}

#[test]
fn same_account_identity_policy_alone_allows_with_resource_policy_present() {
    let identity = allow("secretsmanager:GetSecretValue", SECRET_ARN);
    let resource = secret_policy("arn:aws:iam::111122223333:user/bob");
    let policies = PolicySet {
        identity_policies: vec![&identity],
        permissions_boundary: None,
        resource_policy: Some(ResourcePolicy {
            document: &resource,
            kind: ResourcePolicyKind::Other,
        }),
    };

    let decision = evaluate(
        &policies,
        &request(ALICE, "secretsmanager:GetSecretValue", SECRET_ARN),
    );

    assert_eq!(decision, Decision::Allowed);
}

#[test]
fn resource_grant_to_user_arn_ignores_boundary() {
    let boundary = allow("s3:*", "*");
    let resource = secret_policy(ALICE);
    let policies = PolicySet {
        identity_policies: vec![],
        permissions_boundary: Some(&boundary),
        resource_policy: Some(ResourcePolicy {
            document: &resource,
            kind: ResourcePolicyKind::Other,
        }),
    };

    let decision = evaluate(
        &policies,
        &request(ALICE, "secretsmanager:GetSecretValue", SECRET_ARN),
    );

    assert_eq!(decision, Decision::Allowed);
}

#[test]
fn resource_grant_to_role_arn_is_limited_by_boundary() {
    let boundary = allow("s3:*", "*");
    let resource = secret_policy(ORBIT_ROLE);
    let policies = PolicySet {
        identity_policies: vec![],
        permissions_boundary: Some(&boundary),
        resource_policy: Some(ResourcePolicy {
            document: &resource,
            kind: ResourcePolicyKind::Other,
        }),
    };

    let decision = evaluate(
        &policies,
        &request(ORBIT_ROLE, "secretsmanager:GetSecretValue", SECRET_ARN),
    );

    assert_eq!(
        decision,
        Decision::Denied(Denial::Implicit(ImplicitDeny::PermissionsBoundary))
    );
}

#[test]
fn resource_grant_to_role_arn_covers_its_sessions() {
    let resource = secret_policy(ORBIT_ROLE);
    let policies = PolicySet {
        resource_policy: Some(ResourcePolicy {
            document: &resource,
            kind: ResourcePolicyKind::Other,
        }),
        ..PolicySet::default()
    };
    let session = "arn:aws:sts::111122223333:assumed-role/orbit-role/task-1";

    let decision = evaluate(
        &policies,
        &request(session, "secretsmanager:GetSecretValue", SECRET_ARN),
    );

    assert_eq!(decision, Decision::Allowed);
}

#[test]
fn resource_grant_to_account_needs_identity_allow() {
    let resource = secret_policy("arn:aws:iam::111122223333:root");
    let policies = PolicySet {
        resource_policy: Some(ResourcePolicy {
            document: &resource,
            kind: ResourcePolicyKind::Other,
        }),
        ..PolicySet::default()
    };

    let decision = evaluate(
        &policies,
        &request(ALICE, "secretsmanager:GetSecretValue", SECRET_ARN),
    );

    assert_eq!(
        decision,
        Decision::Denied(Denial::Implicit(ImplicitDeny::NoAllow))
    );
}

fn key_policy(principal: &str) -> PolicyDocument {
    doc(&format!(
        r#"{{"Version":"2012-10-17","Statement":{{"Sid":"KeyUse","Effect":"Allow","Principal":{{"AWS":"{principal}"}},"Action":["kms:Decrypt","kms:Encrypt"],"Resource":"*"}}}}"#
    ))
}

#[test]
fn kms_key_policy_must_allow() {
    let identity = allow("kms:Decrypt", "*");
    let key = key_policy("arn:aws:iam::111122223333:role/axon-role");
    let policies = PolicySet {
        identity_policies: vec![&identity],
        permissions_boundary: None,
        resource_policy: Some(ResourcePolicy {
            document: &key,
            kind: ResourcePolicyKind::KmsKey,
        }),
    };

    let decision = evaluate(&policies, &request(ORBIT_ROLE, "kms:Decrypt", KEY_ARN));

    assert_eq!(
        decision,
        Decision::Denied(Denial::Implicit(ImplicitDeny::ResourcePolicy))
    );
}

#[test]
fn kms_key_policy_naming_principal_allows_alone() {
    let key = key_policy(ORBIT_ROLE);
    let policies = PolicySet {
        resource_policy: Some(ResourcePolicy {
            document: &key,
            kind: ResourcePolicyKind::KmsKey,
        }),
        ..PolicySet::default()
    };

    let decision = evaluate(&policies, &request(ORBIT_ROLE, "kms:Decrypt", KEY_ARN));

    assert_eq!(decision, Decision::Allowed);
}

#[test]
fn kms_account_delegation_needs_identity_allow() {
    let key = key_policy("arn:aws:iam::111122223333:root");
    let without_identity = PolicySet {
        resource_policy: Some(ResourcePolicy {
            document: &key,
            kind: ResourcePolicyKind::KmsKey,
        }),
        ..PolicySet::default()
    };
    let identity = allow("kms:Decrypt", KEY_ARN);
    let with_identity_policy = PolicySet {
        identity_policies: vec![&identity],
        permissions_boundary: None,
        resource_policy: Some(ResourcePolicy {
            document: &key,
            kind: ResourcePolicyKind::KmsKey,
        }),
    };
    let context = request(ORBIT_ROLE, "kms:Decrypt", KEY_ARN);

    assert_eq!(
        evaluate(&without_identity, &context),
        Decision::Denied(Denial::Implicit(ImplicitDeny::IdentityPolicy))
    );
    assert_eq!(evaluate(&with_identity_policy, &context), Decision::Allowed);
}

#[test]
fn kms_account_id_principal_delegates_like_root_arn() {
    let key = key_policy(ACCOUNT);
    let identity = allow("kms:Decrypt", "*");
    let policies = PolicySet {
        identity_policies: vec![&identity],
        permissions_boundary: None,
        resource_policy: Some(ResourcePolicy {
            document: &key,
            kind: ResourcePolicyKind::KmsKey,
        }),
    };

    let decision = evaluate(&policies, &request(ORBIT_ROLE, "kms:Decrypt", KEY_ARN));

    assert_eq!(decision, Decision::Allowed);
}

#[test]
fn kms_delegation_respects_boundary() {
    let key = key_policy("arn:aws:iam::111122223333:root");
    let identity = allow("kms:Decrypt", "*");
    let boundary = allow("s3:*", "*");
    let policies = PolicySet {
        identity_policies: vec![&identity],
        permissions_boundary: Some(&boundary),
        resource_policy: Some(ResourcePolicy {
            document: &key,
            kind: ResourcePolicyKind::KmsKey,
        }),
    };

    let decision = evaluate(&policies, &request(ORBIT_ROLE, "kms:Decrypt", KEY_ARN));

    assert_eq!(
        decision,
        Decision::Denied(Denial::Implicit(ImplicitDeny::PermissionsBoundary))
    );
}

#[test]
fn cross_account_needs_both_sides() {
    let foreign_secret = "arn:aws:secretsmanager:us-east-1:444455556666:secret:shared-AbCdEf";
    let resource = secret_policy(ALICE);
    let identity = allow("secretsmanager:GetSecretValue", "*");
    let resource_only = PolicySet {
        resource_policy: Some(ResourcePolicy {
            document: &resource,
            kind: ResourcePolicyKind::Other,
        }),
        ..PolicySet::default()
    };
    let identity_only_set = with_identity(&[&identity]);
    let both = PolicySet {
        identity_policies: vec![&identity],
        permissions_boundary: None,
        resource_policy: Some(ResourcePolicy {
            document: &resource,
            kind: ResourcePolicyKind::Other,
        }),
    };
    let context = request(ALICE, "secretsmanager:GetSecretValue", foreign_secret);

    assert_eq!(context.resource_account(), Some(OTHER_ACCOUNT));
    assert_eq!(
        evaluate(&resource_only, &context),
        Decision::Denied(Denial::Implicit(ImplicitDeny::IdentityPolicy))
    );
    assert_eq!(
        evaluate(&identity_only_set, &context),
        Decision::Allowed,
        "without a resource policy the evaluator sees only the identity side"
    );
    assert_eq!(evaluate(&both, &context), Decision::Allowed);
}

#[test]
fn cross_account_resource_policy_must_allow() {
    let foreign_secret = "arn:aws:secretsmanager:us-east-1:444455556666:secret:shared-AbCdEf";
    let resource = secret_policy("arn:aws:iam::444455556666:root");
    let identity = allow("secretsmanager:GetSecretValue", "*");
    let policies = PolicySet {
        identity_policies: vec![&identity],
        permissions_boundary: None,
        resource_policy: Some(ResourcePolicy {
            document: &resource,
            kind: ResourcePolicyKind::Other,
        }),
    };

    let decision = evaluate(
        &policies,
        &request(ALICE, "secretsmanager:GetSecretValue", foreign_secret),
    );

    assert_eq!(
        decision,
        Decision::Denied(Denial::Implicit(ImplicitDeny::ResourcePolicy))
    );
}

#[test]
fn not_action_with_allow() {
    let identity = doc(
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}"#,
    );
    let policies = with_identity(&[&identity]);

    let s3 = evaluate(
        &policies,
        &request(ALICE, "s3:GetObject", "arn:aws:s3:::reports/q1.csv"),
    );
    let iam = evaluate(
        &policies,
        &request(
            ALICE,
            "iam:CreateUser",
            "arn:aws:iam::111122223333:user/bob",
        ),
    );

    assert_eq!(s3, Decision::Allowed);
    assert_eq!(
        iam,
        Decision::Denied(Denial::Implicit(ImplicitDeny::NoAllow))
    );
}

#[test]
fn not_resource_with_allow() {
    let identity = doc(
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::payroll/*"}}"#,
    );
    let policies = with_identity(&[&identity]);

    let reports = evaluate(
        &policies,
        &request(ALICE, "s3:GetObject", "arn:aws:s3:::reports/q1.csv"),
    );
    let payroll = evaluate(
        &policies,
        &request(ALICE, "s3:GetObject", "arn:aws:s3:::payroll/june.csv"),
    );

    assert_eq!(reports, Decision::Allowed);
    assert_eq!(
        payroll,
        Decision::Denied(Denial::Implicit(ImplicitDeny::NoAllow))
    );
}

#[test]
fn wildcard_in_middle_of_action() {
    let pass = allow("iam:Pass*", "*");
    let object = allow("s3:*Object", "*");
    let pass_set = with_identity(&[&pass]);
    let object_set = with_identity(&[&object]);
    let role = "arn:aws:iam::111122223333:role/axon-role";
    let key = "arn:aws:s3:::reports/q1.csv";

    assert_eq!(
        evaluate(&pass_set, &request(ALICE, "iam:PassRole", role)),
        Decision::Allowed
    );
    assert_eq!(
        evaluate(&pass_set, &request(ALICE, "IAM:passrole", role)),
        Decision::Allowed
    );
    assert!(!evaluate(&pass_set, &request(ALICE, "iam:GetRole", role)).may_be_allowed());
    assert_eq!(
        evaluate(&object_set, &request(ALICE, "s3:GetObject", key)),
        Decision::Allowed
    );
    assert_eq!(
        evaluate(&object_set, &request(ALICE, "s3:PutObject", key)),
        Decision::Allowed
    );
    assert!(!evaluate(&object_set, &request(ALICE, "s3:GetObjectAcl", key)).may_be_allowed());
}

#[test]
fn resource_match_is_case_sensitive() {
    let identity = allow("s3:GetObject", "arn:aws:s3:::reports/*");
    let policies = with_identity(&[&identity]);

    let decision = evaluate(
        &policies,
        &request(ALICE, "s3:GetObject", "arn:aws:s3:::Reports/q1.csv"),
    );

    assert!(!decision.may_be_allowed());
}

#[test]
fn single_object_statement() {
    let identity = doc(
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}}"#,
    );
    let policies = with_identity(&[&identity]);

    let decision = evaluate(
        &policies,
        &request(
            ALICE,
            "sqs:SendMessage",
            "arn:aws:sqs:us-east-1:111122223333:jobs",
        ),
    );

    assert_eq!(decision, Decision::Allowed);
}

fn conditional(effect: &str, sid: &str, condition: &str) -> String {
    format!(
        r#"{{"Sid":"{sid}","Effect":"{effect}","Action":"s3:GetObject","Resource":"*","Condition":{condition}}}"#
    )
}

#[test]
fn condition_key_in_other_letter_case() {
    let identity = doc(&format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        conditional(
            "Allow",
            "Team",
            r#"{"StringEquals":{"AWS:PrincipalTag/TEAM":"audit"}}"#
        )
    ));
    let policies = with_identity(&[&identity]);
    let base = request(ALICE, "s3:GetObject", "arn:aws:s3:::reports/q1.csv");

    let matching = base
        .clone()
        .with_condition_value("aws:principaltag/team", "audit");
    let other = base.with_condition_value("Aws:PrincipalTag/Team", "payroll");

    assert_eq!(evaluate(&policies, &matching), Decision::Allowed);
    assert!(!evaluate(&policies, &other).may_be_allowed());
}

#[test]
fn conditional_allow_is_allowed_under_conditions() {
    let identity = doc(&format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        conditional(
            "Allow",
            "FromVpc",
            r#"{"StringEquals":{"aws:SourceVpc":"vpc-1a2b3c4d"}}"#
        )
    ));
    let policies = with_identity(&[&identity]);

    let decision = evaluate(
        &policies,
        &request(ALICE, "s3:GetObject", "arn:aws:s3:::reports/q1.csv"),
    );

    assert_eq!(
        decision,
        Decision::AllowedUnderConditions {
            conditional_allows: vec![StatementRef {
                source: PolicySource::Identity(0),
                index: 0,
                sid: Some("FromVpc".to_owned()),
            }],
            conditional_denies: vec![],
        }
    );
    assert!(!decision.is_allowed());
    assert!(decision.may_be_allowed());
}

#[test]
fn conditional_deny_keeps_allow_but_marks_possible_deny() {
    let identity = doc(&format!(
        r#"{{"Version":"2012-10-17","Statement":[{},{}]}}"#,
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}"#,
        conditional(
            "Deny",
            "OutsideVpc",
            r#"{"StringNotEquals":{"aws:SourceVpc":"vpc-1a2b3c4d"}}"#
        )
    ));
    let policies = with_identity(&[&identity]);
    let base = request(ALICE, "s3:GetObject", "arn:aws:s3:::reports/q1.csv");

    let unknown = evaluate(&policies, &base);
    let inside = evaluate(
        &policies,
        &base
            .clone()
            .with_condition_value("aws:SourceVpc", "vpc-1a2b3c4d"),
    );
    let outside = evaluate(
        &policies,
        &base.with_condition_value("aws:SourceVpc", "vpc-99999999"),
    );

    assert!(unknown.is_possibly_denied(), "{unknown:?}");
    assert_eq!(
        unknown,
        Decision::AllowedUnderConditions {
            conditional_allows: vec![],
            conditional_denies: vec![StatementRef {
                source: PolicySource::Identity(0),
                index: 1,
                sid: Some("OutsideVpc".to_owned()),
            }],
        }
    );
    assert_eq!(inside, Decision::Allowed);
    assert!(
        matches!(outside, Decision::Denied(Denial::Explicit(_))),
        "{outside:?}"
    );
}

#[test]
fn conditional_deny_without_allow_is_implicit_deny() {
    let identity = doc(&format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        conditional(
            "Deny",
            "OutsideVpc",
            r#"{"StringNotEquals":{"aws:SourceVpc":"vpc-1a2b3c4d"}}"#
        )
    ));
    let policies = with_identity(&[&identity]);

    let decision = evaluate(
        &policies,
        &request(ALICE, "s3:GetObject", "arn:aws:s3:::reports/q1.csv"),
    );

    assert_eq!(
        decision,
        Decision::Denied(Denial::Implicit(ImplicitDeny::NoAllow))
    );
}

#[test]
fn principal_account_condition_is_filled_from_context() {
    let key = doc(
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*",
            "Condition":{"StringEquals":{"kms:CallerAccount":"111122223333"}}}}"#,
    );
    let policies = PolicySet {
        resource_policy: Some(ResourcePolicy {
            document: &key,
            kind: ResourcePolicyKind::KmsKey,
        }),
        ..PolicySet::default()
    };
    let outsider = "arn:aws:iam::444455556666:role/intruder";

    assert_eq!(
        evaluate(&policies, &request(ORBIT_ROLE, "kms:Decrypt", KEY_ARN)),
        Decision::Allowed
    );
    assert!(!evaluate(&policies, &request(outsider, "kms:Decrypt", KEY_ARN)).may_be_allowed());
}

#[test]
fn unrelated_statement_does_not_change_verdict() {
    let base = r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}"#;
    let unrelated = r#"{"Effect":"Deny","Action":"ec2:TerminateInstances","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}"#;
    let before = doc(&format!(
        r#"{{"Version":"2012-10-17","Statement":[{base}]}}"#
    ));
    let after = doc(&format!(
        r#"{{"Version":"2012-10-17","Statement":[{base},{unrelated}]}}"#
    ));
    let context = request(ALICE, "s3:GetObject", "arn:aws:s3:::reports/q1.csv");

    assert_eq!(
        evaluate(&with_identity(&[&before]), &context),
        Decision::Allowed
    );
    assert_eq!(
        evaluate(&with_identity(&[&after]), &context),
        Decision::Allowed
    );
}

/// Summarizes a decision as its verdict and the Sids it names, which do not
/// depend on statement order.
fn summary(decision: &Decision) -> (String, Vec<Option<String>>, Vec<Option<String>>) {
    let sids = |refs: &[StatementRef]| {
        let mut sids: Vec<Option<String>> = refs.iter().map(|r| r.sid.clone()).collect();
        sids.sort();
        sids
    };
    match decision {
        Decision::Allowed => ("allowed".to_owned(), vec![], vec![]),
        Decision::AllowedUnderConditions {
            conditional_allows,
            conditional_denies,
        } => (
            "under-conditions".to_owned(),
            sids(conditional_allows),
            sids(conditional_denies),
        ),
        Decision::Denied(Denial::Explicit(_)) => ("explicit-deny".to_owned(), vec![], vec![]),
        Decision::Denied(Denial::Implicit(reason)) => {
            (format!("implicit-deny {reason:?}"), vec![], vec![])
        }
    }
}

/// Visits every permutation of `items` (Heap's algorithm).
fn for_each_permutation<T: Clone>(items: &mut [T], visit: &mut impl FnMut(&[T])) {
    fn heap<T: Clone>(k: usize, items: &mut [T], visit: &mut impl FnMut(&[T])) {
        if k <= 1 {
            visit(items);
            return;
        }
        for i in 0..k - 1 {
            heap(k - 1, items, visit);
            if k.is_multiple_of(2) {
                items.swap(i, k - 1)
            } else {
                items.swap(0, k - 1)
            }
        }
        heap(k - 1, items, visit);
    }
    let len = items.len();
    heap(len, items, visit);
}

#[test]
fn verdict_independent_of_statement_order() {
    let mut statements = vec![
        r#"{"Sid":"Read","Effect":"Allow","Action":"s3:Get*","Resource":"*"}"#.to_owned(),
        conditional("Allow", "VpcRead", r#"{"StringEquals":{"aws:SourceVpc":"vpc-1"}}"#),
        conditional("Deny", "NoMfa", r#"{"Bool":{"aws:MultiFactorAuthPresent":"false"}}"#),
        r#"{"Sid":"NoPayroll","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::payroll/*"}"#.to_owned(),
        r#"{"Sid":"Other","Effect":"Allow","Action":"ec2:*","Resource":"*"}"#.to_owned(),
    ];
    let contexts = [
        request(ALICE, "s3:GetObject", "arn:aws:s3:::reports/q1.csv"),
        request(ALICE, "s3:GetObject", "arn:aws:s3:::payroll/june.csv"),
        request(ALICE, "s3:PutObject", "arn:aws:s3:::reports/q1.csv"),
        request(ALICE, "ec2:RunInstances", "*")
            .with_condition_value("aws:MultiFactorAuthPresent", "true"),
    ];
    let expected: Vec<_> = {
        let document = doc(&format!(
            r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
            statements.join(",")
        ));
        contexts
            .iter()
            .map(|c| summary(&evaluate(&with_identity(&[&document]), c)))
            .collect()
    };

    assert_eq!(expected[0].0, "under-conditions");
    assert_eq!(expected[1].0, "explicit-deny");
    assert_eq!(expected[2].0, "implicit-deny NoAllow");
    assert_eq!(expected[3].0, "allowed");

    let mut permutations = 0;
    for_each_permutation(&mut statements, &mut |order| {
        permutations += 1;
        let document = doc(&format!(
            r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
            order.join(",")
        ));
        for (context, expected) in contexts.iter().zip(&expected) {
            let actual = summary(&evaluate(&with_identity(&[&document]), context));
            assert_eq!(
                &actual,
                expected,
                "order {order:?}, action {}",
                context.action()
            );
        }
    });
    assert_eq!(permutations, 120);
}

#[test]
fn verdict_independent_of_policy_order() {
    let first = allow("s3:*", "*");
    let second = doc(
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Deny","Action":"s3:Delete*","Resource":"*"},{"Sid":"B","Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}"#,
    );
    let third = doc(
        r#"{"Version":"2012-10-17","Statement":{"Sid":"C","Effect":"Deny","Action":"*","Resource":"arn:aws:s3:::reports/*"}}"#,
    );
    let context = request(ALICE, "s3:DeleteObject", "arn:aws:s3:::reports/q1.csv");

    let forward = evaluate(&with_identity(&[&first, &second, &third]), &context);
    let backward = evaluate(&with_identity(&[&third, &second, &first]), &context);

    assert!(matches!(forward, Decision::Denied(Denial::Explicit(_))));
    assert_eq!(summary(&forward), summary(&backward));
}

#[test]
fn policy_variable_in_resource() {
    let identity = doc(
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home/${aws:username}/*"}}"#,
    );
    let policies = with_identity(&[&identity]);
    let base = request(ALICE, "s3:GetObject", "arn:aws:s3:::home/alice/notes.txt");

    let unknown = evaluate(&policies, &base);
    let own = evaluate(
        &policies,
        &base.clone().with_condition_value("aws:username", "alice"),
    );
    let foreign = evaluate(&policies, &base.with_condition_value("aws:username", "bob"));

    assert!(
        matches!(unknown, Decision::AllowedUnderConditions { .. }),
        "{unknown:?}"
    );
    assert_eq!(own, Decision::Allowed);
    assert!(!foreign.may_be_allowed());
}

#[test]
fn policy_variable_is_literal_in_version_2008() {
    let identity = doc(
        r#"{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home/${aws:username}/*"}}"#,
    );
    let policies = with_identity(&[&identity]);
    let context = request(ALICE, "s3:GetObject", "arn:aws:s3:::home/alice/notes.txt")
        .with_condition_value("aws:username", "alice");

    assert!(!evaluate(&policies, &context).may_be_allowed());
}

#[test]
fn any_resource_probe() {
    let scoped = allow("iam:CreatePolicyVersion", "arn:aws:iam::*:policy/team-*");
    let scoped_deny = doc(
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"iam:*","Resource":"arn:aws:iam::*:policy/admin-*"}}"#,
    );
    let full_deny = doc(
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"iam:*","Resource":"*"}}"#,
    );
    let probe = match RequestContext::for_any_resource(ALICE, "iam:CreatePolicyVersion") {
        Ok(context) => context,
        Err(error) => panic!("probe should be valid: {error}"),
    };

    assert_eq!(
        evaluate(&with_identity(&[&scoped]), &probe),
        Decision::Allowed
    );
    assert_eq!(
        evaluate(&with_identity(&[&scoped, &scoped_deny]), &probe),
        Decision::Allowed
    );
    assert!(matches!(
        evaluate(&with_identity(&[&scoped, &full_deny]), &probe),
        Decision::Denied(Denial::Explicit(_))
    ));
}

#[test]
fn rejects_invalid_request_context() {
    assert_eq!(
        RequestContext::new("alice", "s3:GetObject", "*"),
        Err(ContextError::InvalidPrincipalArn("alice".to_owned()))
    );
    assert_eq!(
        RequestContext::new(ALICE, "GetObject", "*"),
        Err(ContextError::InvalidAction("GetObject".to_owned()))
    );
    assert_eq!(
        RequestContext::new("arn:aws:iam::1234:user/x", "s3:GetObject", "*"),
        Err(ContextError::InvalidPrincipalArn(
            "arn:aws:iam::1234:user/x".to_owned()
        ))
    );
}

#[test]
fn principal_kinds() {
    let kind = |arn: &str| request(arn, "s3:GetObject", "*").principal_kind().clone();

    assert_eq!(
        kind("arn:aws:iam::111122223333:root"),
        PrincipalKind::AccountRoot
    );
    assert_eq!(kind(ALICE), PrincipalKind::User);
    assert_eq!(
        kind(ORBIT_ROLE),
        PrincipalKind::Role {
            name: "orbit-role".to_owned()
        }
    );
    assert_eq!(
        kind("arn:aws:sts::111122223333:assumed-role/orbit-role/s1"),
        PrincipalKind::RoleSession {
            role_name: "orbit-role".to_owned()
        }
    );
}

mod conditions;
mod restrictive;
