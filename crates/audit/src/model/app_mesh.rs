//! The App Mesh part of a region: meshes and their virtual nodes.
//!
//! Field meanings follow `MeshSpec`, `VirtualNodeSpec`, `Listener` with
//! `ListenerTls`, and `BackendDefaults` with `ClientPolicyTls` of the App Mesh
//! API reference (<https://docs.aws.amazon.com/app-mesh/latest/APIReference/>).

use serde::{Deserialize, Serialize};

use super::Collected;

/// The API calls behind each field, for ERROR messages.
pub mod calls {
    /// [`super::AppMeshModel::meshes`].
    pub const MESHES: &str = "appmesh:DescribeMesh";
    /// [`super::Mesh::virtual_nodes`].
    pub const VIRTUAL_NODES: &str = "appmesh:DescribeVirtualNode";
}

/// The meshes of one region.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AppMeshModel {
    /// Meshes.
    #[serde(default)]
    pub meshes: Collected<Vec<Mesh>>,
}

/// A service mesh.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mesh {
    /// The mesh name.
    pub name: String,

    /// The mesh ARN.
    pub arn: String,

    /// The egress filter type: `ALLOW_ALL` (the API default) or `DROP_ALL`.
    #[serde(default = "default_egress")]
    pub egress_filter: String,

    /// Virtual nodes of the mesh.
    #[serde(default)]
    pub virtual_nodes: Collected<Vec<VirtualNode>>,
}

fn default_egress() -> String {
    "ALLOW_ALL".to_owned()
}

/// A virtual node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VirtualNode {
    /// The virtual node name.
    pub name: String,

    /// The virtual node ARN.
    pub arn: String,

    /// Listeners.
    #[serde(default)]
    pub listeners: Vec<Listener>,

    /// `backendDefaults.clientPolicy.tls.enforce`: `None` when the node sets
    /// no TLS client policy for its backends. App Mesh treats a TLS client
    /// policy without `enforce` as enforced, and a collector records that as
    /// `Some(true)`.
    #[serde(default)]
    pub backend_defaults_tls_enforce: Option<bool>,
}

/// A listener of a virtual node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listener {
    /// The port.
    pub port: u16,

    /// `http`, `http2`, `grpc` or `tcp`.
    pub protocol: String,

    /// The TLS mode: `STRICT`, `PERMISSIVE` or `DISABLED`; `None` when the
    /// listener has no TLS configuration.
    #[serde(default)]
    pub tls_mode: Option<String>,
}
