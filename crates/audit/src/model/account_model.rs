//! The whole account model: the IAM part and one set of regional parts per
//! audited region.
//!
//! Every part that an API call fills is [`Collected`], so the checks can
//! tell "the account has none" from "the call failed" or "nobody asked".
//! A snapshot on disk ([`crate::snapshot`]) is this model split into one
//! file per part.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{
    AccessAnalyzerModel, AppMeshModel, CloudTrailModel, Collected, Ec2Model, IamModel, KmsModel,
    MonitoringModel, SCHEMA_VERSION, SecretsModel,
};

/// The configuration of one AWS account, as collected at one time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountModel {
    /// The schema version, [`SCHEMA_VERSION`] for models built by this crate.
    pub schema_version: u32,

    /// The 12-digit account id.
    pub account_id: String,

    /// When the collector finished, in UTC.
    #[serde(with = "time::serde::rfc3339")]
    pub collected_at: OffsetDateTime,

    /// The IAM part, which is global.
    pub iam: Collected<IamModel>,

    /// The regional parts, one entry per audited region.
    pub regions: Vec<RegionModel>,
}

impl AccountModel {
    /// Builds an empty model (nothing collected) for an account and regions.
    pub fn new(account_id: &str, regions: &[&str], collected_at: OffsetDateTime) -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            account_id: account_id.to_owned(),
            collected_at,
            iam: Collected::NotCollected,
            regions: regions.iter().map(|name| RegionModel::new(name)).collect(),
        }
    }

    /// Returns the names of the audited regions, in model order.
    pub fn region_names(&self) -> impl Iterator<Item = &str> {
        self.regions.iter().map(|region| region.region.as_str())
    }

    /// Finds the parts of one region.
    pub fn region(&self, name: &str) -> Option<&RegionModel> {
        self.regions.iter().find(|region| region.region == name)
    }

    /// Returns a copy of the account facts (id, time, schema version) with
    /// no parts collected and no regions.
    pub fn clone_without_parts(&self) -> Self {
        Self {
            schema_version: self.schema_version,
            account_id: self.account_id.clone(),
            collected_at: self.collected_at,
            iam: Collected::NotCollected,
            regions: Vec::new(),
        }
    }

    /// Returns the ARN that account-wide findings point at.
    pub fn account_arn(&self) -> String {
        format!("arn:aws:iam::{}:root", self.account_id)
    }
}

/// The regional parts of one region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionModel {
    /// The region name, such as `eu-west-1`.
    pub region: String,

    /// EC2 and VPC resources.
    #[serde(default)]
    pub ec2: Ec2Model,

    /// KMS keys and aliases.
    #[serde(default)]
    pub kms: KmsModel,

    /// Secrets Manager secrets.
    #[serde(default)]
    pub secrets: SecretsModel,

    /// CloudTrail trails visible in the region.
    #[serde(default)]
    pub cloudtrail: CloudTrailModel,

    /// Metric filters, alarms and SNS topics.
    #[serde(default)]
    pub monitoring: MonitoringModel,

    /// IAM Access Analyzer analyzers.
    #[serde(default)]
    pub access_analyzer: AccessAnalyzerModel,

    /// App Mesh meshes.
    #[serde(default)]
    pub app_mesh: AppMeshModel,
}

impl RegionModel {
    /// Builds a region with nothing collected.
    pub fn new(region: &str) -> Self {
        Self {
            region: region.to_owned(),
            ec2: Ec2Model::default(),
            kms: KmsModel::default(),
            secrets: SecretsModel::default(),
            cloudtrail: CloudTrailModel::default(),
            monitoring: MonitoringModel::default(),
            access_analyzer: AccessAnalyzerModel::default(),
            app_mesh: AppMeshModel::default(),
        }
    }
}
