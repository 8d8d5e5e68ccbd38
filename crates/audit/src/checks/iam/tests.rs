use super::*;
use crate::finding::Status;
use crate::model::{
    AccountSummary, AttachedPolicy, Collected, IamModel, InlinePolicy, ManagedPolicy, MfaDevice,
    PasswordPolicy, PolicyVersion, Role, User,
};
use crate::policy::PolicyDocument;

fn doc(text: &str) -> PolicyDocument {
    match PolicyDocument::parse(text) {
        Ok(document) => document,
        Err(error) => panic!("test policy should parse: {error}"),
    }
}

const ADMIN: &str =
    r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#;
const READ_ONE: &str = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::reports"}}"#;

fn managed(name: &str, default_version: &str, versions: &[(&str, &str)]) -> ManagedPolicy {
    ManagedPolicy {
        name: name.to_owned(),
        arn: format!("arn:aws:iam::111122223333:policy/{name}"),
        id: None,
        path: None,
        default_version_id: default_version.to_owned(),
        attachment_count: Some(1),
        permissions_boundary_usage_count: Some(0),
        versions: versions
            .iter()
            .map(|(id, text)| PolicyVersion {
                version_id: (*id).to_owned(),
                is_default: *id == default_version,
                document: doc(text),
            })
            .collect(),
    }
}

fn user(name: &str) -> User {
    User {
        name: name.to_owned(),
        arn: format!("arn:aws:iam::111122223333:user/{name}"),
        id: None,
        path: None,
        groups: vec![],
        inline_policies: vec![],
        attached_policies: vec![],
        permissions_boundary_arn: None,
        console_access: None,
        mfa_devices: None,
        access_keys: None,
    }
}

fn role(name: &str, boundary: Option<&str>) -> Role {
    Role {
        name: name.to_owned(),
        arn: format!("arn:aws:iam::111122223333:role/{name}"),
        id: None,
        path: Some("/".to_owned()),
        trust_policy: doc(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}}"#,
        ),
        inline_policies: vec![],
        attached_policies: vec![],
        permissions_boundary_arn: boundary.map(str::to_owned),
    }
}

fn statuses(findings: &[crate::finding::Finding], check_id: &str) -> Vec<Status> {
    findings
        .iter()
        .filter(|f| f.check_id == check_id)
        .map(|f| f.status)
        .collect()
}

fn model() -> IamModel {
    IamModel {
        account_id: Some("111122223333".to_owned()),
        ..IamModel::default()
    }
}

#[test]
fn risky_non_default_version_does_not_fail() {
    let mut model = model();
    model
        .managed_policies
        .push(managed("app", "v2", &[("v1", ADMIN), ("v2", READ_ONE)]));

    let findings = policy_shape::run(&model);

    assert_eq!(statuses(&findings, FULL_ADMIN.id), vec![Status::Pass]);
    assert_eq!(statuses(&findings, SENSITIVE_READ.id), vec![Status::Pass]);
}

#[test]
fn risky_default_version_fails() {
    let mut model = model();
    model
        .managed_policies
        .push(managed("app", "v1", &[("v1", ADMIN), ("v2", READ_ONE)]));

    let findings = policy_shape::run(&model);

    assert_eq!(statuses(&findings, FULL_ADMIN.id), vec![Status::Fail]);
}

#[test]
fn missing_default_version_is_error() {
    let mut model = model();
    model
        .managed_policies
        .push(managed("app", "v3", &[("v1", READ_ONE)]));
    model.managed_policies[0].versions[0].is_default = false;

    let findings = policy_shape::run(&model);

    assert_eq!(statuses(&findings, FULL_ADMIN.id), vec![Status::Error]);
}

#[test]
fn aws_managed_policies_are_out_of_scope() {
    let mut model = model();
    let mut admin = managed("AdministratorAccess", "v1", &[("v1", ADMIN)]);
    admin.arn = "arn:aws:iam::aws:policy/AdministratorAccess".to_owned();
    model.managed_policies.push(admin);

    assert!(policy_shape::run(&model).is_empty());
}

#[test]
fn shape_checks_on_inline_policies() {
    let mut model = model();
    let mut app = role("app", None);
    app.inline_policies = vec![
        InlinePolicy {
            name: "pass".to_owned(),
            document: doc(
                r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["iam:Pass*","s3:*Object"],"Resource":"*"}}"#,
            ),
        },
        InlinePolicy {
            name: "secrets".to_owned(),
            document: doc(
                r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"secretsmanager:Get*","NotResource":"arn:aws:secretsmanager:*:*:secret:axon-*"}}"#,
            ),
        },
        InlinePolicy {
            name: "scoped".to_owned(),
            document: doc(
                r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"kms:*","Resource":"arn:aws:kms:us-east-1:111122223333:key/k"}}"#,
            ),
        },
    ];
    model.roles.push(app);

    let findings = policy_shape::run(&model);

    assert_eq!(
        statuses(&findings, WILDCARD_ACTION.id),
        vec![Status::Fail, Status::Fail, Status::Pass]
    );
    assert_eq!(
        statuses(&findings, SENSITIVE_READ.id),
        vec![Status::Fail, Status::Fail, Status::Pass]
    );
    assert_eq!(
        statuses(&findings, SERVICE_WILDCARD.id),
        vec![Status::Pass, Status::Pass, Status::Pass]
    );
}

fn strict_password_policy() -> PasswordPolicy {
    PasswordPolicy {
        minimum_password_length: Some(14),
        require_symbols: true,
        require_numbers: true,
        require_uppercase_characters: true,
        require_lowercase_characters: true,
        allow_users_to_change_password: true,
        max_password_age: Some(90),
        password_reuse_prevention: Some(24),
        hard_expiry: Some(false),
    }
}

const PASSWORD_CHECKS: [&str; 4] = [
    "iam-password-policy-minimum-length",
    "iam-password-policy-reuse-prevention",
    "iam-password-policy-character-classes",
    "iam-password-policy-max-age",
];

#[test]
fn cis_password_policy_passes() {
    let mut model = model();
    model.password_policy = Collected::Value(Some(strict_password_policy()));

    let findings = account::run(&model, &PasswordRequirements::default());

    for id in PASSWORD_CHECKS {
        assert_eq!(statuses(&findings, id), vec![Status::Pass], "{id}");
    }
}

#[test]
fn weak_password_policy_fails_each_check() {
    let mut model = model();
    model.password_policy = Collected::Value(Some(PasswordPolicy {
        minimum_password_length: Some(8),
        require_symbols: false,
        max_password_age: None,
        password_reuse_prevention: Some(5),
        ..strict_password_policy()
    }));

    let findings = account::run(&model, &PasswordRequirements::default());

    for id in PASSWORD_CHECKS {
        assert_eq!(statuses(&findings, id), vec![Status::Fail], "{id}");
    }
}

#[test]
fn password_thresholds_are_configurable() {
    let mut model = model();
    model.password_policy = Collected::Value(Some(PasswordPolicy {
        minimum_password_length: Some(12),
        ..strict_password_policy()
    }));
    let relaxed = PasswordRequirements {
        minimum_length: 12,
        ..PasswordRequirements::default()
    };

    let findings = account::run(&model, &relaxed);

    assert_eq!(
        statuses(&findings, "iam-password-policy-minimum-length"),
        vec![Status::Pass]
    );
}

#[test]
fn missing_password_policy_fails_and_unread_one_errors() {
    let mut absent = model();
    absent.password_policy = Collected::Value(None);
    let mut failed = model();
    failed.password_policy = Collected::failed("iam:GetAccountPasswordPolicy", "AccessDenied");

    let absent_findings = account::run(&absent, &PasswordRequirements::default());
    let failed_findings = account::run(&failed, &PasswordRequirements::default());

    for id in PASSWORD_CHECKS {
        assert_eq!(statuses(&absent_findings, id), vec![Status::Fail], "{id}");
        assert_eq!(statuses(&failed_findings, id), vec![Status::Error], "{id}");
    }
    let message = failed_findings
        .iter()
        .find(|f| f.check_id == PASSWORD_CHECKS[0])
        .map(|f| f.message.clone());
    assert!(
        message
            .is_some_and(|m| m.contains("AccessDenied") && m.contains("GetAccountPasswordPolicy"))
    );
}

#[test]
fn root_user_checks() {
    let mut model = model();
    model.account_summary = Collected::Value(AccountSummary {
        root_access_keys_present: true,
        root_mfa_enabled: true,
    });

    let findings = account::run(&model, &PasswordRequirements::default());

    assert_eq!(statuses(&findings, ROOT_ACCESS_KEYS.id), vec![Status::Fail]);
    assert_eq!(statuses(&findings, ROOT_MFA.id), vec![Status::Pass]);
}

#[test]
fn console_user_mfa_states() {
    let mut model = model();
    let mut no_console = user("batch");
    no_console.console_access = Some(false);
    let mut without_mfa = user("alice");
    without_mfa.console_access = Some(true);
    without_mfa.mfa_devices = Some(vec![]);
    let mut with_mfa = user("bob");
    with_mfa.console_access = Some(true);
    with_mfa.mfa_devices = Some(vec![MfaDevice {
        serial_number: "arn:aws:iam::111122223333:mfa/bob".to_owned(),
        enable_date: None,
    }]);
    let mut devices_unknown = user("carol");
    devices_unknown.console_access = Some(true);
    model.users = vec![
        no_console,
        without_mfa,
        with_mfa,
        devices_unknown,
        user("dave"),
    ];

    let findings = account::run(&model, &PasswordRequirements::default());

    assert_eq!(
        statuses(&findings, CONSOLE_USER_MFA.id),
        vec![
            Status::Pass,
            Status::Fail,
            Status::Pass,
            Status::Error,
            Status::Error
        ]
    );
}

#[test]
fn service_roles_need_boundary() {
    let mut model = model();
    model.roles.push(role(
        "agentsec-orbit-role",
        Some("arn:aws:iam::111122223333:policy/boundary"),
    ));
    model.roles.push(role("AgentSec-Axon-Role", None));
    let mut config = IamCheckConfig::for_project("agentsec");
    config.services.push("gateway".to_owned());

    let findings = service_roles::run(&model, &config);

    assert_eq!(
        statuses(&findings, SERVICE_ROLE_BOUNDARY.id),
        vec![Status::Pass, Status::Fail, Status::Error]
    );
}

#[test]
fn escalation_through_group_policy() {
    let mut model = model();
    model.managed_policies.push(managed(
        "keys",
        "v1",
        &[("v1", r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"*"}}"#)],
    ));
    model.groups.push(crate::model::Group {
        name: "ops".to_owned(),
        arn: "arn:aws:iam::111122223333:group/ops".to_owned(),
        id: None,
        path: None,
        inline_policies: vec![],
        attached_policies: vec![AttachedPolicy {
            name: "keys".to_owned(),
            arn: "arn:aws:iam::111122223333:policy/keys".to_owned(),
        }],
    });
    let mut alice = user("alice");
    alice.groups = vec!["ops".to_owned()];
    model.users.push(alice);

    let findings = escalation::run(&model);

    assert_eq!(
        statuses(&findings, PRIVILEGE_ESCALATION.id),
        vec![Status::Fail]
    );
}

#[test]
fn escalation_capped_by_boundary() {
    let mut model = model();
    model
        .managed_policies
        .push(managed("admin", "v1", &[("v1", ADMIN)]));
    model
        .managed_policies
        .push(managed("boundary", "v1", &[("v1", READ_ONE)]));
    let mut app = role("app", Some("arn:aws:iam::111122223333:policy/boundary"));
    app.attached_policies.push(AttachedPolicy {
        name: "admin".to_owned(),
        arn: "arn:aws:iam::111122223333:policy/admin".to_owned(),
    });
    model.roles.push(app);

    let findings = escalation::run(&model);

    assert_eq!(
        statuses(&findings, PRIVILEGE_ESCALATION.id),
        vec![Status::Pass]
    );
}

#[test]
fn escalation_with_missing_policy_is_error() {
    let mut model = model();
    let mut app = role("app", None);
    app.attached_policies.push(AttachedPolicy {
        name: "gone".to_owned(),
        arn: "arn:aws:iam::111122223333:policy/gone".to_owned(),
    });
    model.roles.push(app);

    let findings = escalation::run(&model);

    assert_eq!(
        statuses(&findings, PRIVILEGE_ESCALATION.id),
        vec![Status::Error]
    );
    assert!(
        findings[0]
            .message
            .contains("arn:aws:iam::111122223333:policy/gone")
    );
}

#[test]
fn run_covers_every_check() {
    let model = model();

    let findings = run(&model, &IamCheckConfig::for_project("agentsec"));

    for check in CHECKS {
        let produced = findings.iter().any(|f| f.check_id == check.id);
        let per_policy = [
            FULL_ADMIN.id,
            SERVICE_WILDCARD.id,
            NOT_ACTION_ALLOW.id,
            WILDCARD_ACTION.id,
            SENSITIVE_READ.id,
            PRIVILEGE_ESCALATION.id,
        ];
        assert!(
            produced || per_policy.contains(&check.id),
            "{} produced no finding on an empty model",
            check.id
        );
    }
    assert!(
        findings.iter().all(|f| f.status != Status::Pass),
        "an empty model must not pass account checks"
    );
}
