//! App Mesh collection: `ListMeshes`, `DescribeMesh` per mesh,
//! `ListVirtualNodes` per mesh and `DescribeVirtualNode` per node.

use aws_sdk_appmesh::Client;
use aws_sdk_appmesh::types::{ListenerTlsMode, VirtualNodeData};
use futures_util::future::join_all;

use super::{CallContext, CallFailure, collected, for_each_page};
use crate::model::{AppMeshModel, Listener, Mesh, VirtualNode, calls};

const LIST_MESHES: &str = "appmesh:ListMeshes";
const LIST_VIRTUAL_NODES: &str = "appmesh:ListVirtualNodes";

/// Collects the App Mesh part of one region.
pub(super) async fn collect(context: &CallContext, client: &Client) -> AppMeshModel {
    AppMeshModel {
        meshes: collected(meshes(context, client).await),
    }
}

async fn meshes(context: &CallContext, client: &Client) -> Result<Vec<Mesh>, CallFailure> {
    let mut names = Vec::new();
    for_each_page!(
        context,
        LIST_MESHES,
        client.list_meshes().into_paginator(),
        |page| {
            names.extend(
                page.meshes()
                    .iter()
                    .map(|mesh| (mesh.mesh_name().to_owned(), mesh.arn().to_owned())),
            );
        }
    )?;

    join_all(
        names
            .iter()
            .map(|(name, arn)| mesh(context, client, name, arn)),
    )
    .await
    .into_iter()
    .collect()
}

/// Describes one mesh and its virtual nodes. A failed `DescribeMesh`
/// fails the mesh list; failed node calls are recorded on the mesh.
async fn mesh(
    context: &CallContext,
    client: &Client,
    name: &str,
    listed_arn: &str,
) -> Result<Mesh, CallFailure> {
    let output = context
        .call(
            calls::app_mesh::MESHES,
            client.describe_mesh().mesh_name(name).send(),
        )
        .await?;
    let data = output.mesh();
    let egress_filter = data
        .and_then(|mesh| mesh.spec())
        .and_then(|spec| spec.egress_filter())
        .map_or_else(
            // App Mesh's default egress filter.
            || "ALLOW_ALL".to_owned(),
            |filter| filter.r#type().as_str().to_owned(),
        );
    let arn = data
        .and_then(|mesh| mesh.metadata())
        .map_or(listed_arn, |metadata| metadata.arn())
        .to_owned();

    Ok(Mesh {
        name: name.to_owned(),
        arn,
        egress_filter,
        virtual_nodes: collected(virtual_nodes(context, client, name).await),
    })
}

async fn virtual_nodes(
    context: &CallContext,
    client: &Client,
    mesh: &str,
) -> Result<Vec<VirtualNode>, CallFailure> {
    let mut names = Vec::new();
    for_each_page!(
        context,
        LIST_VIRTUAL_NODES,
        client.list_virtual_nodes().mesh_name(mesh).into_paginator(),
        |page| {
            names.extend(
                page.virtual_nodes()
                    .iter()
                    .map(|node| node.virtual_node_name().to_owned()),
            );
        }
    )?;

    join_all(names.iter().map(|node| async move {
        let output = context
            .call(
                calls::app_mesh::VIRTUAL_NODES,
                client
                    .describe_virtual_node()
                    .mesh_name(mesh)
                    .virtual_node_name(node)
                    .send(),
            )
            .await?;
        match output.virtual_node() {
            Some(data) => Ok(convert_node(data)),
            None => Err(context.invalid_response(
                calls::app_mesh::VIRTUAL_NODES,
                format!("no data for virtual node {node} of mesh {mesh}"),
            )),
        }
    }))
    .await
    .into_iter()
    .collect()
}

fn convert_node(data: &VirtualNodeData) -> VirtualNode {
    let spec = data.spec();
    let listeners = spec
        .map(|spec| spec.listeners())
        .unwrap_or_default()
        .iter()
        .map(|listener| {
            let mapping = listener.port_mapping();
            Listener {
                port: mapping
                    .and_then(|mapping| u16::try_from(mapping.port()).ok())
                    .unwrap_or(0),
                protocol: mapping
                    .map(|mapping| mapping.protocol().as_str().to_owned())
                    .unwrap_or_default(),
                tls_mode: listener.tls().map(|tls| match tls.mode() {
                    ListenerTlsMode::Strict => "STRICT".to_owned(),
                    other => other.as_str().to_owned(),
                }),
            }
        })
        .collect();
    // A TLS client policy without `enforce` is enforced (App Mesh default).
    let backend_defaults_tls_enforce = spec
        .and_then(|spec| spec.backend_defaults())
        .and_then(|defaults| defaults.client_policy())
        .and_then(|policy| policy.tls())
        .map(|tls| tls.enforce().unwrap_or(true));

    VirtualNode {
        name: data.virtual_node_name().to_owned(),
        arn: data
            .metadata()
            .map(|metadata| metadata.arn().to_owned())
            .unwrap_or_default(),
        listeners,
        backend_defaults_tls_enforce,
    }
}
