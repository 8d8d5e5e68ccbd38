use super::*;
use crate::checks::Scope;
use crate::finding::{Finding, Status};
use crate::model::{AccountModel, Collected, IamModel, KeyManager};
use crate::testing::{compliant_account, key_arn, policy, role, secret_arn};

const SCOPE: Scope<'static> = Scope {
    account_id: "111122223333",
    region: "eu-west-1",
};

fn names() -> ProjectNames {
    ProjectNames {
        project: "agentsec".to_owned(),
        services: vec!["orbit".to_owned(), "axon".to_owned()],
    }
}

fn findings(model: &AccountModel) -> Vec<Finding> {
    run(&model.iam, &model.regions[0], &SCOPE, &names())
}

fn iam_mut(model: &mut AccountModel) -> &mut IamModel {
    match &mut model.iam {
        Collected::Value(iam) => iam,
        _ => panic!("the generated account has an IAM part"),
    }
}

fn matching<'a>(findings: &'a [Finding], check_id: &str, resource_part: &str) -> Vec<&'a Finding> {
    findings
        .iter()
        .filter(|f| f.check_id == check_id && f.resource.contains(resource_part))
        .collect()
}

fn only(findings: &[Finding], check_id: &str, resource_part: &str) -> Finding {
    let found = matching(findings, check_id, resource_part);
    assert_eq!(found.len(), 1, "{check_id} on {resource_part}: {found:?}");
    found[0].clone()
}

/// Lets the axon role use every key and read every secret by identity.
fn widen_axon(model: &mut AccountModel, document: &str) {
    let iam = iam_mut(model);
    if let Some(axon) = iam
        .roles
        .iter_mut()
        .find(|r| r.name == "agentsec-axon-role")
    {
        axon.inline_policies[0].document = policy(document);
        axon.permissions_boundary_arn = None;
    }
}

#[test]
fn broad_kms_grant_crosses_services() {
    let mut model = compliant_account();
    widen_axon(
        &mut model,
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"kms:*","Resource":"*"}}"#,
    );

    let finding = only(&findings(&model), KMS_CROSS_SERVICE.id, "key-orbit");

    assert_eq!(finding.status, Status::Fail);
    assert!(
        finding
            .message
            .contains("role agentsec-axon-role can kms:Decrypt"),
        "{}",
        finding.message
    );
}

#[test]
fn key_policy_without_account_delegation_blocks_identity_grant() {
    let mut model = compliant_account();
    widen_axon(
        &mut model,
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"kms:*","Resource":"*"}}"#,
    );
    if let Collected::Value(keys) = &mut model.regions[0].kms.keys {
        keys[0].policy = Collected::Value(policy(&format!(
            r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Principal":{{"AWS":"{}"}},"Action":"kms:*","Resource":"*"}}}}"#,
            crate::testing::role_arn("agentsec-orbit-role")
        )));
    }

    let finding = only(&findings(&model), KMS_CROSS_SERVICE.id, "key-orbit");

    assert_eq!(finding.status, Status::Pass);
}

#[test]
fn undecidable_condition_fails_closed() {
    let mut model = compliant_account();
    widen_axon(
        &mut model,
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*",
            "Condition":{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}}}"#,
    );

    let finding = only(
        &findings(&model),
        SECRET_CROSS_SERVICE.id,
        "agentsec/orbit/database",
    );

    assert_eq!(finding.status, Status::Fail);
    assert!(
        finding
            .message
            .contains("can possibly secretsmanager:GetSecretValue"),
        "{}",
        finding.message
    );
    assert!(
        finding.message.contains("failing closed"),
        "{}",
        finding.message
    );
}

#[test]
fn secret_policy_deny_protects_secret() {
    let mut model = compliant_account();
    widen_axon(
        &mut model,
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}}"#,
    );
    if let Collected::Value(secrets) = &mut model.regions[0].secrets.secrets {
        secrets[0].resource_policy = Collected::Value(Some(policy(&format!(
            r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Deny","Principal":{{"AWS":"{}"}},"Action":"secretsmanager:*","Resource":"*"}}}}"#,
            crate::testing::role_arn("agentsec-axon-role")
        ))));
    }

    let found = findings(&model);

    assert_eq!(
        only(&found, SECRET_CROSS_SERVICE.id, "agentsec/orbit/database").status,
        Status::Pass
    );
}

#[test]
fn missing_service_role_is_error() {
    let mut model = compliant_account();
    iam_mut(&mut model)
        .roles
        .retain(|r| r.name != "agentsec-axon-role");

    let finding = only(&findings(&model), KMS_CROSS_SERVICE.id, "key-orbit");

    assert_eq!(finding.status, Status::Error);
    assert!(
        finding.message.contains("agentsec-axon-role"),
        "{}",
        finding.message
    );
}

#[test]
fn missing_iam_part_is_error_naming_the_call() {
    let mut model = compliant_account();
    model.iam = Collected::NotCollected;

    let found = findings(&model);
    let finding = only(&found, KMS_CROSS_SERVICE.id, "root");

    assert_eq!(finding.status, Status::Error);
    assert!(
        finding
            .message
            .contains("iam:GetAccountAuthorizationDetails"),
        "{}",
        finding.message
    );
}

#[test]
fn missing_key_policy_is_error() {
    let mut model = compliant_account();
    if let Collected::Value(keys) = &mut model.regions[0].kms.keys {
        keys[0].policy = Collected::failed("kms:GetKeyPolicy", "AccessDeniedException");
    }

    let finding = only(&findings(&model), KMS_CROSS_SERVICE.id, "key-orbit");

    assert_eq!(finding.status, Status::Error);
    assert!(
        finding.message.contains("kms:GetKeyPolicy failed"),
        "{}",
        finding.message
    );
}

#[test]
fn admin_role_breaks_signing_secret_exclusivity() {
    let mut model = compliant_account();
    iam_mut(&mut model).roles.push(role(
        "ops-admin-role",
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#,
    ));
    if let Some(admin) = iam_mut(&mut model).roles.last_mut() {
        admin.permissions_boundary_arn = None;
    }

    let found = findings(&model);
    let secret = only(&found, SIGNING_KEY_EXCLUSIVE.id, "signing-key");
    let key = only(&found, SIGNING_KEY_EXCLUSIVE.id, "key-signing");

    // The secret policy denies everyone but the services; the key policy
    // delegates to IAM, where the admin's "*" allows.
    assert_eq!(secret.status, Status::Pass, "{}", secret.message);
    assert_eq!(key.status, Status::Fail);
    assert!(
        key.message.contains("role ops-admin-role can kms:Decrypt"),
        "{}",
        key.message
    );
}

#[test]
fn signing_secret_without_deny_is_readable_by_admin() {
    let mut model = compliant_account();
    iam_mut(&mut model).roles.push(role(
        "ops-admin-role",
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"secretsmanager:*","Resource":"*"}}"#,
    ));
    if let Collected::Value(secrets) = &mut model.regions[0].secrets.secrets {
        secrets[2].resource_policy = Collected::Value(None);
    }

    let secret = only(&findings(&model), SIGNING_KEY_EXCLUSIVE.id, "signing-key");

    assert_eq!(secret.status, Status::Fail);
    assert!(
        secret.message.contains("ops-admin-role"),
        "{}",
        secret.message
    );
}

#[test]
fn service_role_missing_signing_grant_fails_readers() {
    let mut model = compliant_account();
    widen_axon(
        &mut model,
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}}"#,
    );

    let finding = only(
        &findings(&model),
        SIGNING_KEY_READERS.id,
        "agentsec-axon-role",
    );

    assert_eq!(finding.status, Status::Fail);
    assert!(finding.message.contains("is denied"), "{}", finding.message);
}

#[test]
fn via_service_key_policy_allows_readers() {
    let mut model = compliant_account();
    if let Collected::Value(keys) = &mut model.regions[0].kms.keys {
        keys[2].policy = Collected::Value(policy(&format!(
            r#"{{"Version":"2012-10-17","Statement":[
            {{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::111122223333:root"}},"Action":"kms:*","Resource":"*"}},
            {{"Effect":"Allow","Principal":{{"AWS":["{}","{}"]}},"Action":"kms:Decrypt","Resource":"*",
              "Condition":{{"StringEquals":{{"KMS:ViaService":"secretsmanager.eu-west-1.amazonaws.com"}}}}}}]}}"#,
            crate::testing::role_arn("agentsec-orbit-role"),
            crate::testing::role_arn("agentsec-axon-role"),
        )));
    }

    let found = findings(&model);

    assert_eq!(
        only(&found, SIGNING_KEY_READERS.id, "agentsec-orbit-role").status,
        Status::Pass
    );
    assert_eq!(
        only(&found, SIGNING_KEY_READERS.id, "agentsec-axon-role").status,
        Status::Pass
    );
}

/// Rewrites the signing key policy and the boundary as the Terraform modules
/// write them: the key policy names the secret in the encryption context and
/// the boundary names the key by alias. The key policy does not delegate to
/// the account, so it alone decides.
fn restrict_signing_key_to_secret(model: &mut AccountModel, secret_pattern: &str) {
    if let Collected::Value(keys) = &mut model.regions[0].kms.keys {
        keys[2].policy = Collected::Value(policy(&format!(
            r#"{{"Version":"2012-10-17","Statement":[
            {{"Effect":"Allow","Principal":{{"AWS":["{}","{}"]}},"Action":"kms:Decrypt","Resource":"*",
              "Condition":{{"StringEquals":{{"kms:ViaService":"secretsmanager.eu-west-1.amazonaws.com"}},
                           "StringLike":{{"kms:EncryptionContext:SecretARN":"{secret_pattern}"}}}}}}]}}"#,
            crate::testing::role_arn("agentsec-orbit-role"),
            crate::testing::role_arn("agentsec-axon-role"),
        )));
    }
    let boundary = policy(
        r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:eu-west-1:111122223333:secret:agentsec/*"},
        {"Effect":"Allow","Action":"kms:Decrypt","Resource":"arn:aws:kms:eu-west-1:111122223333:key/*",
         "Condition":{"ForAnyValue:StringLike":{"kms:ResourceAliases":"alias/agentsec-*"},
                      "StringEquals":{"kms:ViaService":"secretsmanager.eu-west-1.amazonaws.com"}}}]}"#,
    );
    for managed in &mut iam_mut(model).managed_policies {
        if managed.arn.contains("boundary") {
            managed.versions[0].document = boundary.clone();
        }
    }
}

#[test]
fn encryption_context_and_alias_conditions_allow_readers() {
    let mut model = compliant_account();
    restrict_signing_key_to_secret(
        &mut model,
        "arn:aws:secretsmanager:eu-west-1:111122223333:secret:agentsec/sigv4/signing-key-??????",
    );

    let found = findings(&model);

    for role in ["agentsec-orbit-role", "agentsec-axon-role"] {
        let finding = only(&found, SIGNING_KEY_READERS.id, role);
        assert_eq!(finding.status, Status::Pass, "{}", finding.message);
    }
}

#[test]
fn encryption_context_of_another_secret_denies_readers() {
    let mut model = compliant_account();
    restrict_signing_key_to_secret(
        &mut model,
        "arn:aws:secretsmanager:eu-west-1:111122223333:secret:agentsec/other-??????",
    );

    let finding = only(&findings(&model), SIGNING_KEY_READERS.id, "agentsec-orbit-role");

    assert_eq!(finding.status, Status::Fail);
    assert!(finding.message.contains("is denied"), "{}", finding.message);
}

#[test]
fn public_key_policy_fails() {
    let mut model = compliant_account();
    if let Collected::Value(keys) = &mut model.regions[0].kms.keys {
        keys[0].policy = Collected::Value(policy(
            r#"{"Version":"2012-10-17","Statement":{"Sid":"Open","Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Decrypt","Resource":"*"}}"#,
        ));
    }

    let finding = only(&findings(&model), KMS_POLICY_PUBLIC.id, "key-orbit");

    assert_eq!(finding.status, Status::Fail);
    assert!(finding.message.contains("\"Open\""), "{}", finding.message);
}

#[test]
fn caller_account_condition_is_not_open() {
    let mut model = compliant_account();
    if let Collected::Value(keys) = &mut model.regions[0].kms.keys {
        keys[0].key_manager = KeyManager::Aws;
        keys[0].policy = Collected::Value(policy(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"*"},
              "Action":["kms:Encrypt","kms:Decrypt","kms:GenerateDataKey*"],"Resource":"*",
              "Condition":{"StringEquals":{"kms:CallerAccount":"111122223333","kms:ViaService":"secretsmanager.eu-west-1.amazonaws.com"}}}}"#,
        ));
    }

    let finding = only(&findings(&model), KMS_POLICY_PUBLIC.id, "key-orbit");

    assert_eq!(finding.status, Status::Pass, "{}", finding.message);
}

#[test]
fn condition_key_letter_case_is_ignored() {
    let mut model = compliant_account();
    if let Collected::Value(secrets) = &mut model.regions[0].secrets.secrets {
        secrets[0].resource_policy = Collected::Value(Some(policy(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*",
              "Condition":{"StringEquals":{"AWS:PRINCIPALORGID":"o-a1b2c3d4e5"}}}}"#,
        )));
    }

    let finding = only(
        &findings(&model),
        SECRET_POLICY_PUBLIC.id,
        "agentsec/orbit/database",
    );

    assert_eq!(finding.status, Status::Pass, "{}", finding.message);
}

#[test]
fn public_secret_policy_with_negated_condition_fails() {
    let mut model = compliant_account();
    if let Collected::Value(secrets) = &mut model.regions[0].secrets.secrets {
        secrets[0].resource_policy = Collected::Value(Some(policy(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*",
              "Condition":{"StringNotEquals":{"aws:PrincipalAccount":"444455556666"}}}}"#,
        )));
    }

    let finding = only(
        &findings(&model),
        SECRET_POLICY_PUBLIC.id,
        "agentsec/orbit/database",
    );

    assert_eq!(finding.status, Status::Fail);
}

#[test]
fn rotation_verdicts_per_key_kind() {
    let mut model = compliant_account();
    if let Collected::Value(keys) = &mut model.regions[0].kms.keys {
        keys[0].rotation_enabled = Collected::Value(false);
        keys[1].key_manager = KeyManager::Aws;
        keys[2].rotation_enabled = Collected::NotCollected;
    }
    if let Collected::Value(secrets) = &mut model.regions[0].secrets.secrets {
        secrets[1].rotation_enabled = false;
    }

    let found = findings(&model);

    assert_eq!(
        only(&found, KMS_ROTATION.id, "key-orbit").status,
        Status::Fail
    );
    assert_eq!(
        only(&found, KMS_ROTATION.id, "key-axon").status,
        Status::NotApplicable
    );
    let unknown = only(&found, KMS_ROTATION.id, "key-signing");
    assert_eq!(unknown.status, Status::Error);
    assert!(
        unknown.message.contains("kms:GetKeyRotationStatus"),
        "{}",
        unknown.message
    );
    assert_eq!(
        only(&found, SECRET_ROTATION.id, "agentsec/axon/model-token").status,
        Status::Fail
    );
}

#[test]
fn absent_service_key_is_not_applicable() {
    let mut model = compliant_account();
    if let Collected::Value(aliases) = &mut model.regions[0].kms.aliases {
        aliases.retain(|alias| alias.alias_name != "alias/agentsec-axon");
    }

    let found = findings(&model);
    let axon: Vec<&Finding> = found
        .iter()
        .filter(|f| f.check_id == KMS_CROSS_SERVICE.id && f.message.contains("alias/agentsec-axon"))
        .collect();

    assert_eq!(axon.len(), 1);
    assert_eq!(axon[0].status, Status::NotApplicable);
}

#[test]
fn generated_arns_are_consistent() {
    assert!(key_arn("key-orbit").ends_with(":key/key-orbit"));
    assert!(secret_arn("agentsec/orbit/database").contains(":secret:agentsec/orbit/database-"));
}
