//! CloudTrail collection: `DescribeTrails` with shadow trails, then
//! `GetTrailStatus` per trail (by ARN, which also works for a shadow trail
//! whose home region is another one).

use aws_sdk_cloudtrail::Client;
use futures_util::future::join_all;

use super::{CallContext, CallFailure, collected};
use crate::model::{CloudTrailModel, Collected, Trail, calls};

/// Collects the CloudTrail part of one region.
pub(super) async fn collect(context: &CallContext, client: &Client) -> CloudTrailModel {
    CloudTrailModel {
        trails: collected(trails(context, client).await),
    }
}

async fn trails(context: &CallContext, client: &Client) -> Result<Vec<Trail>, CallFailure> {
    // DescribeTrails is not paginated: one call returns every trail.
    let output = context
        .call(
            calls::cloudtrail::TRAILS,
            client.describe_trails().include_shadow_trails(true).send(),
        )
        .await?;
    let mut trails: Vec<Trail> = output
        .trail_list()
        .iter()
        .map(|trail| Trail {
            name: trail.name().unwrap_or_default().to_owned(),
            arn: trail.trail_arn().unwrap_or_default().to_owned(),
            home_region: trail.home_region().unwrap_or_default().to_owned(),
            is_multi_region: trail.is_multi_region_trail().unwrap_or(false),
            is_organization_trail: trail.is_organization_trail().unwrap_or(false),
            log_file_validation_enabled: trail.log_file_validation_enabled().unwrap_or(false),
            kms_key_id: trail.kms_key_id().map(str::to_owned),
            cloud_watch_logs_log_group_arn: trail
                .cloud_watch_logs_log_group_arn()
                .map(str::to_owned),
            s3_bucket_name: trail.s3_bucket_name().map(str::to_owned),
            is_logging: Collected::NotCollected,
        })
        .collect();

    let statuses = join_all(trails.iter().map(|trail| {
        let name = if trail.arn.is_empty() {
            trail.name.clone()
        } else {
            trail.arn.clone()
        };
        async move {
            let result = context
                .call(
                    calls::cloudtrail::STATUS,
                    client.get_trail_status().name(name).send(),
                )
                .await;
            collected(result.map(|output| output.is_logging().unwrap_or(false)))
        }
    }))
    .await;
    for (trail, status) in trails.iter_mut().zip(statuses) {
        trail.is_logging = status;
    }
    Ok(trails)
}
