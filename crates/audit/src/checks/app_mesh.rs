//! App Mesh checks: egress filtering, a virtual node per service, strict
//! TLS on listeners and enforced TLS towards backends.
//!
//! Field meanings follow the App Mesh API reference
//! (<https://docs.aws.amazon.com/app-mesh/latest/APIReference/>). A region
//! without any mesh is NOT_APPLICABLE: the project may run without App Mesh,
//! and then these controls do not exist to be judged.
//!
//! A service has a virtual node when a node in some mesh of the region is
//! named after it: `<service>`, `<project>-<service>`, or either followed by
//! `-` and a suffix (`orbit-v2`), compared without letter case.

use super::{Check, Scope};
use crate::finding::{Finding, Severity, Status};
use crate::model::calls::app_mesh as calls;
use crate::model::{AppMeshModel, Mesh, VirtualNode};

/// A mesh lets services reach any destination.
pub const EGRESS_DROP_ALL: Check = Check {
    id: "appmesh-egress-drop-all",
    title: "Mesh egress filter is DROP_ALL",
    severity: Severity::Medium,
    rationale: "With ALLOW_ALL, a compromised service can send data to any host; DROP_ALL limits egress to the mesh's virtual services.",
    remediation: "Set the mesh spec's egressFilter type to DROP_ALL and add virtual services for the external destinations that are needed.",
    cis: None,
    prowler: &[],
};

/// A project service has no virtual node.
pub const SERVICE_VIRTUAL_NODE: Check = Check {
    id: "appmesh-service-virtual-node",
    title: "Each service has a virtual node",
    severity: Severity::Medium,
    rationale: "A service outside the mesh bypasses its TLS and egress controls.",
    remediation: "Create a virtual node for the service and run its tasks with the Envoy proxy.",
    cis: None,
    prowler: &[],
};

/// A listener accepts traffic without TLS.
pub const LISTENER_TLS_STRICT: Check = Check {
    id: "appmesh-listener-tls-strict",
    title: "Virtual node listeners require TLS (STRICT)",
    severity: Severity::High,
    rationale: "PERMISSIVE or absent listener TLS accepts plaintext connections, which can be read and altered in transit.",
    remediation: "Set the listener's tls.mode to STRICT with a certificate from ACM Private CA, a file or SDS.",
    cis: None,
    prowler: &[],
};

/// A node does not enforce TLS towards its backends.
pub const BACKEND_TLS_ENFORCED: Check = Check {
    id: "appmesh-backend-tls-enforced",
    title: "Virtual node backends default to enforced TLS",
    severity: Severity::High,
    rationale: "Without an enforced TLS client policy, the node's proxy connects to backends in plaintext when they offer it.",
    remediation: "Set backendDefaults.clientPolicy.tls with enforce true and a validation trust for the mesh CA.",
    cis: None,
    prowler: &[],
};

/// Every App Mesh check.
pub const CHECKS: &[&Check] = &[
    &EGRESS_DROP_ALL,
    &SERVICE_VIRTUAL_NODE,
    &LISTENER_TLS_STRICT,
    &BACKEND_TLS_ENFORCED,
];

/// Runs the App Mesh checks on one region.
pub fn run(
    app_mesh: &AppMeshModel,
    scope: &Scope<'_>,
    project: &str,
    services: &[String],
) -> Vec<Finding> {
    let scope_text = format!("region {}", scope.region);
    let meshes = match app_mesh.meshes.require(calls::MESHES, &scope_text) {
        Ok(meshes) => meshes,
        Err(reason) => return region_wide(Status::Error, scope, &reason),
    };
    if meshes.is_empty() {
        let message = format!("region {} has no App Mesh mesh", scope.region);
        return region_wide(Status::NotApplicable, scope, &message);
    }

    let mut findings = Vec::new();
    let mut nodes: Vec<(&Mesh, &VirtualNode)> = Vec::new();
    let mut missing_nodes = Vec::new();
    for mesh in meshes {
        findings.push(egress(mesh, scope));
        match mesh.virtual_nodes.require(
            calls::VIRTUAL_NODES,
            &format!("mesh {} ({scope_text})", mesh.name),
        ) {
            Ok(list) => nodes.extend(list.iter().map(|node| (mesh, node))),
            Err(reason) => missing_nodes.push((mesh, reason)),
        }
    }

    for (mesh, reason) in &missing_nodes {
        for check in [
            &SERVICE_VIRTUAL_NODE,
            &LISTENER_TLS_STRICT,
            &BACKEND_TLS_ENFORCED,
        ] {
            findings.push(check.regional(Status::Error, scope, &mesh.arn, reason.clone()));
        }
    }

    for service in services {
        findings.push(service_node(
            service,
            project,
            &nodes,
            !missing_nodes.is_empty(),
            scope,
        ));
    }
    for (_, node) in &nodes {
        findings.push(listener_tls(node, scope));
        findings.push(backend_tls(node, scope));
    }
    findings
}

fn region_wide(status: Status, scope: &Scope<'_>, message: &str) -> Vec<Finding> {
    CHECKS
        .iter()
        .map(|check| check.regional(status, scope, scope.account_arn(), message))
        .collect()
}

fn egress(mesh: &Mesh, scope: &Scope<'_>) -> Finding {
    if mesh.egress_filter == "DROP_ALL" {
        EGRESS_DROP_ALL.regional(
            Status::Pass,
            scope,
            &mesh.arn,
            format!("mesh {} drops egress outside the mesh", mesh.name),
        )
    } else {
        EGRESS_DROP_ALL.regional(
            Status::Fail,
            scope,
            &mesh.arn,
            format!(
                "mesh {} has egress filter {}",
                mesh.name, mesh.egress_filter
            ),
        )
    }
}

/// Returns whether a virtual node name belongs to the service.
fn node_serves(node: &str, service: &str, project: &str) -> bool {
    let node = node.to_ascii_lowercase();
    let prefixed = format!("{project}-{service}").to_ascii_lowercase();
    let service = service.to_ascii_lowercase();
    [service, prefixed]
        .iter()
        .any(|name| node == *name || node.starts_with(&format!("{name}-")))
}

fn service_node(
    service: &str,
    project: &str,
    nodes: &[(&Mesh, &VirtualNode)],
    some_unread: bool,
    scope: &Scope<'_>,
) -> Finding {
    let found = nodes
        .iter()
        .find(|(_, node)| node_serves(&node.name, service, project));
    match found {
        Some((mesh, node)) => SERVICE_VIRTUAL_NODE.regional(
            Status::Pass,
            scope,
            &node.arn,
            format!("service {service} has virtual node {} in mesh {}", node.name, mesh.name),
        ),
        None if some_unread => SERVICE_VIRTUAL_NODE.regional(
            Status::Error,
            scope,
            scope.account_arn(),
            format!("service {service} has no virtual node among the meshes read, and some meshes' virtual nodes were not read"),
        ),
        None => SERVICE_VIRTUAL_NODE.regional(
            Status::Fail,
            scope,
            scope.account_arn(),
            format!("service {service} has no virtual node named {service} or {project}-{service}"),
        ),
    }
}

fn listener_tls(node: &VirtualNode, scope: &Scope<'_>) -> Finding {
    if node.listeners.is_empty() {
        return LISTENER_TLS_STRICT.regional(
            Status::NotApplicable,
            scope,
            &node.arn,
            format!("virtual node {} has no listener", node.name),
        );
    }
    let weak: Vec<String> = node
        .listeners
        .iter()
        .filter(|listener| listener.tls_mode.as_deref() != Some("STRICT"))
        .map(|listener| {
            let mode = listener.tls_mode.as_deref().unwrap_or("no TLS");
            format!("{} port {} has {mode}", listener.protocol, listener.port)
        })
        .collect();
    if weak.is_empty() {
        LISTENER_TLS_STRICT.regional(
            Status::Pass,
            scope,
            &node.arn,
            format!("every listener of virtual node {} requires TLS", node.name),
        )
    } else {
        LISTENER_TLS_STRICT.regional(
            Status::Fail,
            scope,
            &node.arn,
            format!("virtual node {}: {}", node.name, weak.join("; ")),
        )
    }
}

fn backend_tls(node: &VirtualNode, scope: &Scope<'_>) -> Finding {
    match node.backend_defaults_tls_enforce {
        Some(true) => BACKEND_TLS_ENFORCED.regional(
            Status::Pass,
            scope,
            &node.arn,
            format!("virtual node {} enforces TLS to its backends", node.name),
        ),
        Some(false) => BACKEND_TLS_ENFORCED.regional(
            Status::Fail,
            scope,
            &node.arn,
            format!(
                "virtual node {} has a backend TLS policy with enforce false",
                node.name
            ),
        ),
        None => BACKEND_TLS_ENFORCED.regional(
            Status::Fail,
            scope,
            &node.arn,
            format!(
                "virtual node {} has no backend-defaults TLS client policy",
                node.name
            ),
        ),
    }
}
