//! Loader for the output of `aws iam get-account-authorization-details`.
//!
//! Reads the keys `UserDetailList`, `GroupDetailList`, `RoleDetailList` and
//! `Policies` of `GetAccountAuthorizationDetails`
//! (<https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html>);
//! other keys (`IsTruncated`, `Marker`, tags, role last use) are ignored.
//! Policy documents may be JSON objects (AWS CLI output) or percent-encoded
//! strings (raw API output).
//!
//! The export has no password policy, account summary, login profiles, MFA
//! devices or access keys, so those stay "not collected" and the checks that
//! need them report ERROR.
//!
//! Limits: one document per call; a collector that pages through the API
//! builds one model from all pages itself.

use serde::Deserialize;

use super::{
    AttachedPolicy, Group, IamModel, InlinePolicy, ManagedPolicy, PolicyVersion, Role, User,
};
use crate::policy::{PolicyDocument, PolicyError};

/// Error returned when an authorization details export cannot be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The text is not JSON of the expected shape.
    #[error("invalid authorization details JSON: {0}")]
    Json(#[from] serde_json::Error),

    /// The top-level JSON value is not an object.
    #[error(
        "invalid authorization details: expected a JSON object with UserDetailList, GroupDetailList, RoleDetailList and Policies"
    )]
    NotAnObject,

    /// One policy document in the export is invalid.
    #[error("invalid policy document in {location}: {source}")]
    Policy {
        /// The failing document, such as `role "app": trust policy`.
        location: String,

        /// The parse error.
        source: PolicyError,
    },
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawDetails {
    #[serde(default)]
    user_detail_list: Vec<RawUser>,
    #[serde(default)]
    group_detail_list: Vec<RawGroup>,
    #[serde(default)]
    role_detail_list: Vec<RawRole>,
    #[serde(default)]
    policies: Vec<RawPolicy>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawUser {
    user_name: String,
    arn: String,
    user_id: Option<String>,
    path: Option<String>,
    #[serde(default)]
    group_list: Vec<String>,
    #[serde(default)]
    user_policy_list: Vec<RawInline>,
    #[serde(default)]
    attached_managed_policies: Vec<RawAttached>,
    permissions_boundary: Option<RawBoundary>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawGroup {
    group_name: String,
    arn: String,
    group_id: Option<String>,
    path: Option<String>,
    #[serde(default)]
    group_policy_list: Vec<RawInline>,
    #[serde(default)]
    attached_managed_policies: Vec<RawAttached>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawRole {
    role_name: String,
    arn: String,
    role_id: Option<String>,
    path: Option<String>,
    assume_role_policy_document: serde_json::Value,
    #[serde(default)]
    role_policy_list: Vec<RawInline>,
    #[serde(default)]
    attached_managed_policies: Vec<RawAttached>,
    permissions_boundary: Option<RawBoundary>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawPolicy {
    policy_name: String,
    arn: String,
    policy_id: Option<String>,
    path: Option<String>,
    default_version_id: String,
    attachment_count: Option<u32>,
    permissions_boundary_usage_count: Option<u32>,
    #[serde(default)]
    policy_version_list: Vec<RawVersion>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawVersion {
    version_id: String,
    #[serde(default)]
    is_default_version: bool,
    document: serde_json::Value,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawInline {
    policy_name: String,
    policy_document: serde_json::Value,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawAttached {
    policy_name: String,
    policy_arn: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawBoundary {
    permissions_boundary_arn: String,
}

fn parse_document(
    value: serde_json::Value,
    location: impl FnOnce() -> String,
) -> Result<PolicyDocument, ModelError> {
    PolicyDocument::from_value(value).map_err(|source| ModelError::Policy {
        location: location(),
        source,
    })
}

fn convert_inline(owner: &str, raw: Vec<RawInline>) -> Result<Vec<InlinePolicy>, ModelError> {
    raw.into_iter()
        .map(|inline| {
            let document = parse_document(inline.policy_document, || {
                format!("{owner}: inline policy {:?}", inline.policy_name)
            })?;
            Ok(InlinePolicy {
                name: inline.policy_name,
                document,
            })
        })
        .collect()
}

fn convert_attached(raw: Vec<RawAttached>) -> Vec<AttachedPolicy> {
    raw.into_iter()
        .map(|attached| AttachedPolicy {
            name: attached.policy_name,
            arn: attached.policy_arn,
        })
        .collect()
}

impl IamModel {
    /// Loads the JSON output of `aws iam get-account-authorization-details`.
    ///
    /// The account id is taken from the first user, group, role or
    /// customer-managed policy ARN.
    ///
    /// # Errors
    ///
    /// Returns [`ModelError::Json`] or [`ModelError::NotAnObject`] if the
    /// text is not JSON of the expected shape, and [`ModelError::Policy`] naming the entity and policy if a
    /// policy document is invalid.
    pub fn from_authorization_details(json: &str) -> Result<Self, ModelError> {
        let value: serde_json::Value = serde_json::from_str(json)?;
        if !value.is_object() {
            return Err(ModelError::NotAnObject);
        }
        let raw: RawDetails = serde_json::from_value(value)?;
        Self::from_raw(raw)
    }

    fn from_raw(raw: RawDetails) -> Result<Self, ModelError> {
        let mut model = Self::default();

        for user in raw.user_detail_list {
            let owner = format!("user {:?}", user.user_name);
            model.users.push(User {
                inline_policies: convert_inline(&owner, user.user_policy_list)?,
                attached_policies: convert_attached(user.attached_managed_policies),
                permissions_boundary_arn: user
                    .permissions_boundary
                    .map(|b| b.permissions_boundary_arn),
                name: user.user_name,
                arn: user.arn,
                id: user.user_id,
                path: user.path,
                groups: user.group_list,
                console_access: None,
                mfa_devices: None,
                access_keys: None,
            });
        }

        for group in raw.group_detail_list {
            let owner = format!("group {:?}", group.group_name);
            model.groups.push(Group {
                inline_policies: convert_inline(&owner, group.group_policy_list)?,
                attached_policies: convert_attached(group.attached_managed_policies),
                name: group.group_name,
                arn: group.arn,
                id: group.group_id,
                path: group.path,
            });
        }

        for role in raw.role_detail_list {
            let owner = format!("role {:?}", role.role_name);
            let trust_policy = parse_document(role.assume_role_policy_document, || {
                format!("{owner}: trust policy")
            })?;
            model.roles.push(Role {
                inline_policies: convert_inline(&owner, role.role_policy_list)?,
                attached_policies: convert_attached(role.attached_managed_policies),
                permissions_boundary_arn: role
                    .permissions_boundary
                    .map(|b| b.permissions_boundary_arn),
                trust_policy,
                name: role.role_name,
                arn: role.arn,
                id: role.role_id,
                path: role.path,
            });
        }

        for policy in raw.policies {
            let mut versions = Vec::with_capacity(policy.policy_version_list.len());
            for version in policy.policy_version_list {
                let document = parse_document(version.document, || {
                    format!(
                        "managed policy {}: version {}",
                        policy.arn, version.version_id
                    )
                })?;
                versions.push(PolicyVersion {
                    version_id: version.version_id,
                    is_default: version.is_default_version,
                    document,
                });
            }
            model.managed_policies.push(ManagedPolicy {
                name: policy.policy_name,
                arn: policy.arn,
                id: policy.policy_id,
                path: policy.path,
                default_version_id: policy.default_version_id,
                attachment_count: policy.attachment_count,
                permissions_boundary_usage_count: policy.permissions_boundary_usage_count,
                versions,
            });
        }

        model.account_id = model.first_account_id();
        Ok(model)
    }

    fn first_account_id(&self) -> Option<String> {
        let arns = self
            .users
            .iter()
            .map(|u| &u.arn)
            .chain(self.groups.iter().map(|g| &g.arn))
            .chain(self.roles.iter().map(|r| &r.arn))
            .chain(
                self.managed_policies
                    .iter()
                    .filter(|p| !p.is_aws_managed())
                    .map(|p| &p.arn),
            );

        arns.filter_map(|arn| arn.split(':').nth(4))
            .find(|account| crate::eval::is_account_id(account))
            .map(str::to_owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_percent_encoded_documents() {
        let json = r#"{
            "RoleDetailList": [{
                "RoleName": "app", "Arn": "arn:aws:iam::111122223333:role/app",
                "AssumeRolePolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22lambda.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D",
                "RolePolicyList": [{"PolicyName": "inline", "PolicyDocument": "%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A*%22%2C%22Resource%22%3A%22*%22%7D%7D"}],
                "PermissionsBoundary": {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": "arn:aws:iam::111122223333:policy/boundary"}
            }],
            "IsTruncated": false
        }"#;

        let model = match IamModel::from_authorization_details(json) {
            Ok(model) => model,
            Err(error) => panic!("export should load: {error}"),
        };

        assert_eq!(model.account_id.as_deref(), Some("111122223333"));
        assert_eq!(model.roles[0].trust_policy.statements.len(), 1);
        assert_eq!(
            model.roles[0].inline_policies[0].document.statements.len(),
            1
        );
        assert_eq!(
            model.roles[0].permissions_boundary_arn.as_deref(),
            Some("arn:aws:iam::111122223333:policy/boundary")
        );
    }

    #[test]
    fn error_names_the_failing_document() {
        let json = r#"{"UserDetailList": [{"UserName": "alice", "Arn": "arn:aws:iam::111122223333:user/alice",
            "UserPolicyList": [{"PolicyName": "bad", "PolicyDocument": {"Statement": {"Effect": "Allow", "Action": "s3:*", "NotAction": "iam:*"}}}]}]}"#;

        let message = match IamModel::from_authorization_details(json) {
            Ok(_) => panic!("invalid inline policy should be rejected"),
            Err(error) => error.to_string(),
        };

        assert!(
            message.contains("user \"alice\": inline policy \"bad\""),
            "{message}"
        );
        assert!(message.contains("both Action and NotAction"), "{message}");
    }

    #[test]
    fn rejects_non_object_export() {
        assert!(matches!(
            IamModel::from_authorization_details("[]"),
            Err(ModelError::NotAnObject)
        ));
    }
}
