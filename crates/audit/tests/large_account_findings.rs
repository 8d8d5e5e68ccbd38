//! Pins the IAM findings on the large example export, reviewed by hand.
//!
//! The export (`aws iam get-account-authorization-details` of a test account
//! full of deliberate privilege-escalation cases) has no password policy,
//! account summary, login profiles or MFA devices, so every check that
//! needs those reports ERROR.

use std::collections::BTreeMap;
use std::path::PathBuf;

use agentsec_audit::checks::iam::{IamCheckConfig, run};
use agentsec_audit::finding::{Finding, Status};
use agentsec_audit::model::IamModel;

fn findings() -> Vec<Finding> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/iam-authorization-details/large-account.json");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => panic!("cannot read {}: {error}", path.display()),
    };
    let model = match IamModel::from_authorization_details(&text) {
        Ok(model) => model,
        Err(error) => panic!("large-account.json should load: {error}"),
    };
    run(&model, &IamCheckConfig::for_project("agentsec"))
}

fn status_of(findings: &[Finding], check_id: &str, resource: &str) -> Option<Status> {
    findings
        .iter()
        .find(|f| f.check_id == check_id && f.resource == resource)
        .map(|f| f.status)
}

const POLICY: &str = "arn:aws:iam::200611803367:policy/";
const ROLE: &str = "arn:aws:iam::200611803367:role/";

#[test]
fn counts_per_check_and_status() {
    let mut counts: BTreeMap<(String, Status), usize> = BTreeMap::new();
    for finding in findings() {
        *counts
            .entry((finding.check_id, finding.status))
            .or_default() += 1;
    }
    let count =
        |id: &str, status: Status| counts.get(&(id.to_owned(), status)).copied().unwrap_or(0);

    // Shape checks run on 46 customer-managed policies and 39 inline
    // policies (2 user, 1 group, 36 role), so each has 85 findings.
    // `*` on `*`: fp2-allow-all, privesc-high-priv-service-policy,
    // privesc-AssumeRole-high-priv-policy.
    assert_eq!(count("iam-policy-full-admin", Status::Fail), 3);
    assert_eq!(count("iam-policy-full-admin", Status::Pass), 82);
    // `iam:*, ec2:*, s3:*` of privesc-sre-admin-policy; fp1-allow-and-deny
    // allows `iam:*` but denies it on `*` in the same policy, so it passes.
    assert_eq!(count("iam-policy-service-wildcard", Status::Fail), 1);
    assert_eq!(count("iam-policy-service-wildcard", Status::Pass), 84);
    // fn4-exploitableNotAction is the only NotAction Allow.
    assert_eq!(count("iam-policy-not-action-allow", Status::Fail), 1);
    // 16 regional QuickSetup roles allow `kms:GenerateDataKey*` and
    // `kms:ReEncrypt*` on `*` in an inline policy.
    assert_eq!(count("iam-policy-wildcard-action", Status::Fail), 16);
    // The 3 full-admin policies, privesc-sre-admin-policy (s3:*),
    // fn4-exploitableNotAction, the 16 QuickSetup inline policies
    // (kms:Decrypt), two users' and one group's inline s3:GetObject, and
    // OverprivilegedEC2's inline secretsmanager:GetSecretValue: 25.
    assert_eq!(count("iam-policy-sensitive-read-all", Status::Fail), 25);
    assert_eq!(count("iam-policy-sensitive-read-all", Status::Pass), 60);

    // Escalation runs on 44 users and 78 roles; the 8 service-linked roles
    // are not applicable.
    assert_eq!(
        count("iam-principal-privilege-escalation", Status::Fail),
        84
    );
    assert_eq!(
        count("iam-principal-privilege-escalation", Status::Pass),
        30
    );
    assert_eq!(
        count("iam-principal-privilege-escalation", Status::NotApplicable),
        8
    );
    assert_eq!(
        count("iam-principal-privilege-escalation", Status::Error),
        0
    );

    // No agentsec-orbit-role or agentsec-axon-role in this account.
    assert_eq!(
        count("iam-service-role-permissions-boundary", Status::Error),
        2
    );

    // Missing inputs are errors, never passes.
    for id in [
        "iam-password-policy-minimum-length",
        "iam-password-policy-reuse-prevention",
        "iam-password-policy-character-classes",
        "iam-password-policy-max-age",
        "iam-root-access-keys",
        "iam-root-mfa",
    ] {
        assert_eq!(count(id, Status::Error), 1, "{id}");
        assert_eq!(count(id, Status::Pass), 0, "{id}");
    }
    assert_eq!(count("iam-console-user-mfa", Status::Error), 44);
    assert_eq!(count("iam-console-user-mfa", Status::Pass), 0);
}

#[test]
fn named_policy_findings() {
    let findings = findings();

    assert_eq!(
        status_of(
            &findings,
            "iam-policy-full-admin",
            &format!("{POLICY}fp2-allow-all")
        ),
        Some(Status::Fail)
    );
    assert_eq!(
        status_of(
            &findings,
            "iam-policy-service-wildcard",
            &format!("{POLICY}fp1-allow-and-deny")
        ),
        Some(Status::Pass)
    );
    assert_eq!(
        status_of(
            &findings,
            "iam-policy-not-action-allow",
            &format!("{POLICY}fn4-exploitableNotAction")
        ),
        Some(Status::Fail)
    );
    // s3:PutObject on `*` is neither a wildcard nor a sensitive read.
    assert_eq!(
        status_of(
            &findings,
            "iam-policy-sensitive-read-all",
            "arn:aws:iam::012345678901:policy/InsecurePolicy"
        ),
        Some(Status::Pass)
    );
}

#[test]
fn named_escalation_findings() {
    let findings = findings();
    let check = "iam-principal-privilege-escalation";

    // fn1: iam:PassRole and ec2:RunInstances come from two different
    // policies; only the principal-level evaluation combines them.
    assert_eq!(
        status_of(
            &findings,
            check,
            "arn:aws:iam::200611803367:user/fn1-privesc3-partial-user"
        ),
        Some(Status::Fail)
    );
    // fn2: a resource constraint on customer policies still allows it.
    assert_eq!(
        status_of(
            &findings,
            check,
            &format!("{ROLE}fn2-exploitableResourceConstraint-role")
        ),
        Some(Status::Fail)
    );
    // fn3: DateGreaterThan on aws:TokenIssueTime cannot be decided offline,
    // so the method is possible and the check fails closed.
    assert_eq!(
        status_of(
            &findings,
            check,
            &format!("{ROLE}fn3-exploitableConditionConstraint-role")
        ),
        Some(Status::Fail)
    );
    // fp1 to fp3: the grants are removed by Deny statements on `*`.
    assert_eq!(
        status_of(&findings, check, &format!("{ROLE}fp1-allow-and-deny-role")),
        Some(Status::Pass)
    );
    assert_eq!(
        status_of(
            &findings,
            check,
            &format!("{ROLE}fp2-allow-and-deny-multiple-policies-role")
        ),
        Some(Status::Pass)
    );
    assert_eq!(
        status_of(&findings, check, &format!("{ROLE}fp3-deny-iam-role")),
        Some(Status::Pass)
    );
    // fp4 (CreatePolicyVersion only on AWS-managed policy ARNs, which no
    // account can change) and fp5 (a DateLessThan in the past) are known
    // false positives of this check: resource scoping is not analysed and
    // date conditions are undecidable, so both fail closed.
    assert_eq!(
        status_of(
            &findings,
            check,
            &format!("{ROLE}fp4-nonExploitableResourceConstraint-role")
        ),
        Some(Status::Fail)
    );
    assert_eq!(
        status_of(
            &findings,
            check,
            &format!("{ROLE}fp5-nonExploitableConditionConstraint-role")
        ),
        Some(Status::Fail)
    );
    // ViewOnlyAccess grants no write action.
    assert_eq!(
        status_of(
            &findings,
            check,
            &format!(
                "{ROLE}aws-reserved/sso.amazonaws.com/AWSReservedSSO_ViewOnlyAccess_0ace44bbc7092ea8"
            )
        ),
        Some(Status::Pass)
    );
}
