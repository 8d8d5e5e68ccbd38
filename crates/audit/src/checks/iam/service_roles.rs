//! Project service roles must carry a permissions boundary.
//!
//! The roles are named `<project>-<service>-role`, for example
//! `agentsec-orbit-role`; IAM role names are case-insensitive, and so is the
//! lookup. A role that is not in the model reports ERROR, because the check
//! cannot tell a missing deployment from an export of the wrong account.

use super::{IamCheckConfig, SERVICE_ROLE_BOUNDARY, account_resource};
use crate::finding::{Finding, Status};
use crate::model::IamModel;

/// Runs the service role check for each configured service.
pub fn run(model: &IamModel, config: &IamCheckConfig) -> Vec<Finding> {
    config
        .services
        .iter()
        .map(|service| {
            let name = format!("{}-{service}-role", config.project);
            match model.role(&name) {
                None => SERVICE_ROLE_BOUNDARY.finding(
                    Status::Error,
                    account_resource(model),
                    format!("role {name} not found; collect IAM data from the account that runs {service} or set the project name"),
                ),
                Some(role) => match &role.permissions_boundary_arn {
                    Some(boundary) => SERVICE_ROLE_BOUNDARY.finding(
                        Status::Pass,
                        &role.arn,
                        format!("role {} has permissions boundary {boundary}", role.name),
                    ),
                    None => SERVICE_ROLE_BOUNDARY.finding(
                        Status::Fail,
                        &role.arn,
                        format!("role {} has no permissions boundary", role.name),
                    ),
                },
            }
        })
        .collect()
}
