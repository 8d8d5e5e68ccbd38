//! Loads the two example exports of `aws iam get-account-authorization-details`
//! that the workspace keeps as shared test data.

use std::path::PathBuf;

use agentsec_audit::model::{Collected, IamModel, SCHEMA_VERSION};

fn load(name: &str) -> IamModel {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/iam-authorization-details")
        .join(name);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => panic!("cannot read {}: {error}", path.display()),
    };
    match IamModel::from_authorization_details(&text) {
        Ok(model) => model,
        Err(error) => panic!("{name} should load: {error}"),
    }
}

#[test]
fn small_account_loads() {
    let model = load("small-account.json");

    assert_eq!(model.schema_version, SCHEMA_VERSION);
    assert_eq!(model.users.len(), 3);
    assert_eq!(model.groups.len(), 2);
    assert_eq!(model.roles.len(), 3);
    assert_eq!(model.managed_policies.len(), 32);
    assert_eq!(model.account_id.as_deref(), Some("012345678901"));
}

#[test]
fn large_account_loads() {
    let model = load("large-account.json");

    assert_eq!(model.users.len(), 44);
    assert_eq!(model.groups.len(), 5);
    assert_eq!(model.roles.len(), 78);
    assert_eq!(model.managed_policies.len(), 84);
    assert_eq!(model.account_id.as_deref(), Some("200611803367"));
}

#[test]
fn large_account_policy_split() {
    let model = load("large-account.json");

    let aws_managed = model
        .managed_policies
        .iter()
        .filter(|p| p.is_aws_managed())
        .count();
    let inline: usize = model
        .users
        .iter()
        .map(|u| u.inline_policies.len())
        .sum::<usize>()
        + model
            .groups
            .iter()
            .map(|g| g.inline_policies.len())
            .sum::<usize>()
        + model
            .roles
            .iter()
            .map(|r| r.inline_policies.len())
            .sum::<usize>();

    assert_eq!(aws_managed, 38);
    assert_eq!(model.managed_policies.len() - aws_managed, 46);
    assert_eq!(inline, 2 + 1 + 36);
    assert!(
        model
            .managed_policies
            .iter()
            .all(|p| p.default_version().is_some())
    );
}

#[test]
fn export_lacks_account_level_data() {
    let model = load("large-account.json");

    assert_eq!(model.password_policy, Collected::NotCollected);
    assert_eq!(model.account_summary, Collected::NotCollected);
    assert!(
        model
            .users
            .iter()
            .all(|u| u.console_access.is_none() && u.mfa_devices.is_none())
    );
}

#[test]
fn model_round_trips_through_json() {
    let model = load("small-account.json");

    let text = match serde_json::to_string(&model) {
        Ok(text) => text,
        Err(error) => panic!("model should serialize: {error}"),
    };
    let back: IamModel = match serde_json::from_str(&text) {
        Ok(model) => model,
        Err(error) => panic!("snapshot should parse: {error}"),
    };

    assert_eq!(back, model);
}
