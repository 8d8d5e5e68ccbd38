//! KMS collection: `ListKeys`, then per key `DescribeKey`, `GetKeyPolicy`
//! and, for enabled symmetric customer managed keys, `GetKeyRotationStatus`;
//! and `ListAliases`.
//!
//! Rotation status is not read for other keys, because the rotation check
//! does not apply to them and KMS rejects the call for asymmetric keys and
//! keys pending deletion.

use aws_sdk_kms::Client;
use aws_sdk_kms::types::KeyManagerType;
use futures_util::future::join_all;

use super::{CallContext, CallFailure, collected, for_each_page};
use crate::model::{Collected, KeyManager, KmsAlias, KmsKey, KmsModel, calls};
use crate::policy::PolicyDocument;

const LIST_KEYS: &str = "kms:ListKeys";

/// Collects the KMS part of one region.
pub(super) async fn collect(context: &CallContext, client: &Client) -> KmsModel {
    let (keys, aliases) = tokio::join!(keys(context, client), aliases(context, client));
    KmsModel {
        keys: collected(keys),
        aliases: collected(aliases),
    }
}

async fn keys(context: &CallContext, client: &Client) -> Result<Vec<KmsKey>, CallFailure> {
    let mut key_ids = Vec::new();
    for_each_page!(
        context,
        LIST_KEYS,
        client.list_keys().into_paginator(),
        |page| {
            key_ids.extend(
                page.keys()
                    .iter()
                    .filter_map(|key| key.key_id().map(str::to_owned)),
            );
        }
    )?;

    join_all(key_ids.iter().map(|key_id| key(context, client, key_id)))
        .await
        .into_iter()
        .collect()
}

/// Describes one key and reads its policy and rotation status. A failed
/// `DescribeKey` fails the whole key list; the other two calls are
/// recorded on the key.
async fn key(context: &CallContext, client: &Client, key_id: &str) -> Result<KmsKey, CallFailure> {
    let output = context
        .call(
            calls::kms::KEYS,
            client.describe_key().key_id(key_id).send(),
        )
        .await?;
    let Some(metadata) = output.key_metadata() else {
        return Err(context.invalid_response(
            calls::kms::KEYS,
            format!("no key metadata for key {key_id}"),
        ));
    };

    let key_manager = match metadata.key_manager() {
        Some(KeyManagerType::Aws) => KeyManager::Aws,
        _ => KeyManager::Customer,
    };
    let key_state = metadata
        .key_state()
        .map(|state| state.as_str().to_owned())
        .unwrap_or_default();
    let key_spec = metadata.key_spec().map(|spec| spec.as_str().to_owned());
    let rotation_applies = key_manager == KeyManager::Customer
        && key_state == "Enabled"
        && key_spec.as_deref().is_none_or(|spec| spec == "SYMMETRIC_DEFAULT");

    let policy = key_policy(context, client, key_id);
    let rotation = async {
        if rotation_applies {
            rotation_status(context, client, key_id).await
        } else {
            Collected::NotCollected
        }
    };
    let (policy, rotation_enabled) = tokio::join!(policy, rotation);

    Ok(KmsKey {
        key_id: metadata.key_id().to_owned(),
        arn: metadata.arn().unwrap_or_default().to_owned(),
        key_manager,
        key_state,
        key_spec,
        rotation_enabled,
        policy,
    })
}

async fn key_policy(
    context: &CallContext,
    client: &Client,
    key_id: &str,
) -> Collected<PolicyDocument> {
    let result = context
        .call(
            calls::kms::POLICY,
            client
                .get_key_policy()
                .key_id(key_id)
                .policy_name("default")
                .send(),
        )
        .await;
    collected(result.and_then(|output| {
        let text = output.policy().unwrap_or_default();
        PolicyDocument::parse(text).map_err(|error| {
            context.invalid_response(
                calls::kms::POLICY,
                format!("invalid key policy of key {key_id}: {error}"),
            )
        })
    }))
}

async fn rotation_status(context: &CallContext, client: &Client, key_id: &str) -> Collected<bool> {
    let result = context
        .call(
            calls::kms::ROTATION,
            client.get_key_rotation_status().key_id(key_id).send(),
        )
        .await;
    collected(result.map(|output| output.key_rotation_enabled()))
}

async fn aliases(context: &CallContext, client: &Client) -> Result<Vec<KmsAlias>, CallFailure> {
    let mut aliases = Vec::new();
    for_each_page!(
        context,
        calls::kms::ALIASES,
        client.list_aliases().into_paginator(),
        |page| {
            aliases.extend(page.aliases().iter().map(|alias| KmsAlias {
                alias_name: alias.alias_name().unwrap_or_default().to_owned(),
                alias_arn: alias.alias_arn().map(str::to_owned),
                target_key_id: alias.target_key_id().map(str::to_owned),
            }));
        }
    )?;
    Ok(aliases)
}
