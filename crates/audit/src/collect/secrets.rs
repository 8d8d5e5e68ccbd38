//! Secrets Manager collection: `ListSecrets` (all pages), then
//! `GetResourcePolicy` per secret. Secret values are never read.
//!
//! `ListSecrets` already returns the fields that `DescribeSecret` would add
//! for the checks (KMS key, rotation flag and rotation function), so the
//! collector makes no `DescribeSecret` call.

use aws_sdk_secretsmanager::Client;
use futures_util::future::join_all;

use super::{CallContext, CallFailure, collected, for_each_page};
use crate::model::{Collected, Secret, SecretsModel, calls};
use crate::policy::PolicyDocument;

/// Collects the Secrets Manager part of one region.
pub(super) async fn collect(context: &CallContext, client: &Client) -> SecretsModel {
    SecretsModel {
        secrets: collected(secrets(context, client).await),
    }
}

async fn secrets(context: &CallContext, client: &Client) -> Result<Vec<Secret>, CallFailure> {
    let mut secrets = Vec::new();
    for_each_page!(
        context,
        calls::secrets::SECRETS,
        client.list_secrets().into_paginator(),
        |page| {
            secrets.extend(page.secret_list().iter().map(|entry| Secret {
                name: entry.name().unwrap_or_default().to_owned(),
                arn: entry.arn().unwrap_or_default().to_owned(),
                kms_key_id: entry.kms_key_id().map(str::to_owned),
                rotation_enabled: entry.rotation_enabled().unwrap_or(false),
                rotation_lambda_arn: entry.rotation_lambda_arn().map(str::to_owned),
                resource_policy: Collected::NotCollected,
            }));
        }
    )?;

    let policies = join_all(
        secrets
            .iter()
            .map(|secret| resource_policy(context, client, &secret.arn)),
    )
    .await;
    for (secret, policy) in secrets.iter_mut().zip(policies) {
        secret.resource_policy = policy;
    }
    Ok(secrets)
}

async fn resource_policy(
    context: &CallContext,
    client: &Client,
    arn: &str,
) -> Collected<Option<PolicyDocument>> {
    let result = context
        .call(
            calls::secrets::RESOURCE_POLICY,
            client.get_resource_policy().secret_id(arn).send(),
        )
        .await;
    collected(result.and_then(|output| {
        let Some(text) = output.resource_policy().filter(|text| !text.trim().is_empty()) else {
            return Ok(None);
        };
        PolicyDocument::parse(text).map(Some).map_err(|error| {
            context.invalid_response(
                calls::secrets::RESOURCE_POLICY,
                format!("invalid resource policy of secret {arn}: {error}"),
            )
        })
    }))
}
