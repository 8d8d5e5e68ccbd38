//! `agentsec test-isolation`: the audit restricted to the network and
//! isolation checks (security groups, network ACLs, VPC routes and flow
//! logs, App Mesh; KMS and Secrets Manager isolation between the services).

use std::process::ExitCode;

use agentsec_audit::checks::{app_mesh, isolation, network};

use super::audit::{self, AuditArgs};

/// Runs `agentsec test-isolation`.
///
/// # Errors
///
/// As `agentsec audit`, and when `--checks` selects no network or
/// isolation check.
pub async fn run(args: AuditArgs) -> anyhow::Result<ExitCode> {
    audit::run_selected(args, Some(&[isolation::CHECKS, network::CHECKS, app_mesh::CHECKS])).await
}
