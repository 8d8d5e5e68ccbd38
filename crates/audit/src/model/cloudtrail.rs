//! The CloudTrail part of a region: trails, including shadow trails, with
//! their logging status.
//!
//! Field meanings follow `Trail` and `GetTrailStatus` of the CloudTrail API
//! reference (<https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/>).
//! `DescribeTrails` with `includeShadowTrails` (the default) also returns
//! multi-Region and organization trails whose home region is another
//! region; those are "shadow trails" and have `home_region` set to it.

use serde::{Deserialize, Serialize};

use super::Collected;

/// The API calls behind each field, for ERROR messages.
pub mod calls {
    /// [`super::CloudTrailModel::trails`].
    pub const TRAILS: &str = "cloudtrail:DescribeTrails";
    /// [`super::Trail::is_logging`].
    pub const STATUS: &str = "cloudtrail:GetTrailStatus";
}

/// The trails visible in one region.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CloudTrailModel {
    /// Trails, shadow trails included.
    #[serde(default)]
    pub trails: Collected<Vec<Trail>>,
}

/// A trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trail {
    /// The trail name.
    pub name: String,

    /// The trail ARN, which is the same in every region that shows it.
    pub arn: String,

    /// The region where the trail was created.
    pub home_region: String,

    /// Whether the trail records events in all regions.
    #[serde(default)]
    pub is_multi_region: bool,

    /// Whether the trail records events of every account in the
    /// organization.
    #[serde(default)]
    pub is_organization_trail: bool,

    /// Whether log file integrity validation is enabled.
    #[serde(default)]
    pub log_file_validation_enabled: bool,

    /// The KMS key that encrypts the log files, if any.
    #[serde(default)]
    pub kms_key_id: Option<String>,

    /// The CloudWatch Logs log group ARN the trail delivers to, if any, such
    /// as `arn:aws:logs:us-east-1:111122223333:log-group:trail:*`.
    #[serde(default)]
    pub cloud_watch_logs_log_group_arn: Option<String>,

    /// The S3 bucket of the log files.
    #[serde(default)]
    pub s3_bucket_name: Option<String>,

    /// `IsLogging` of `GetTrailStatus`.
    #[serde(default)]
    pub is_logging: Collected<bool>,
}

impl Trail {
    /// Returns the name of the CloudWatch Logs log group the trail delivers
    /// to, read from the log group ARN.
    pub fn log_group_name(&self) -> Option<&str> {
        let arn = self.cloud_watch_logs_log_group_arn.as_deref()?;
        let name = arn.split_once(":log-group:")?.1;
        Some(name.strip_suffix(":*").unwrap_or(name))
    }

    /// Returns the region of the log group the trail delivers to.
    pub fn log_group_region(&self) -> Option<&str> {
        let arn = self.cloud_watch_logs_log_group_arn.as_deref()?;
        arn.split(':').nth(3).filter(|region| !region.is_empty())
    }
}
