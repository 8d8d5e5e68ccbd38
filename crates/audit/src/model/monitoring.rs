//! The monitoring part of a region: CloudWatch Logs metric filters,
//! CloudWatch alarms and SNS topics with their subscriptions.
//!
//! Field meanings follow `MetricFilter` of the CloudWatch Logs API
//! (<https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_MetricFilter.html>),
//! `MetricAlarm` of the CloudWatch API
//! (<https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricAlarm.html>)
//! and `Subscription` of the SNS API
//! (<https://docs.aws.amazon.com/sns/latest/api/API_Subscription.html>).

use serde::{Deserialize, Serialize};

use super::Collected;

/// The API calls behind each field, for ERROR messages.
pub mod calls {
    /// [`super::MonitoringModel::metric_filters`].
    pub const METRIC_FILTERS: &str = "logs:DescribeMetricFilters";
    /// [`super::MonitoringModel::alarms`].
    pub const ALARMS: &str = "cloudwatch:DescribeAlarms";
    /// [`super::MonitoringModel::topics`].
    pub const TOPICS: &str = "sns:ListTopics";
}

/// The metric filters, alarms and SNS topics of one region.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MonitoringModel {
    /// Metric filters of all log groups.
    #[serde(default)]
    pub metric_filters: Collected<Vec<MetricFilter>>,

    /// Metric alarms.
    #[serde(default)]
    pub alarms: Collected<Vec<MetricAlarm>>,

    /// SNS topics with their subscriptions.
    #[serde(default)]
    pub topics: Collected<Vec<SnsTopic>>,
}

/// A CloudWatch Logs metric filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricFilter {
    /// The filter name.
    pub filter_name: String,

    /// The log group the filter reads.
    pub log_group_name: String,

    /// The filter pattern, such as `{ $.errorCode = "AccessDenied*" }`.
    pub filter_pattern: String,

    /// The metrics the filter publishes.
    #[serde(default)]
    pub metric_transformations: Vec<MetricTransformation>,
}

/// One metric a filter publishes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricTransformation {
    /// The metric name.
    pub metric_name: String,

    /// The metric namespace.
    pub metric_namespace: String,

    /// The value published per match, usually `1`.
    #[serde(default)]
    pub metric_value: Option<String>,
}

/// A CloudWatch metric alarm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricAlarm {
    /// The alarm name.
    pub alarm_name: String,

    /// The alarm ARN.
    #[serde(default)]
    pub alarm_arn: Option<String>,

    /// The metric the alarm watches.
    #[serde(default)]
    pub metric_name: Option<String>,

    /// The namespace of that metric.
    #[serde(default)]
    pub namespace: Option<String>,

    /// Whether actions run on state changes.
    #[serde(default = "default_true")]
    pub actions_enabled: bool,

    /// Actions on entering the `ALARM` state (SNS topic ARNs, ...).
    #[serde(default)]
    pub alarm_actions: Vec<String>,
}

fn default_true() -> bool {
    true
}

/// An SNS topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnsTopic {
    /// The topic ARN.
    pub topic_arn: String,

    /// The subscriptions of the topic.
    #[serde(default)]
    pub subscriptions: Vec<SnsSubscription>,
}

impl SnsTopic {
    /// Counts confirmed subscriptions. SNS reports an unconfirmed one with
    /// the subscription ARN `PendingConfirmation`.
    pub fn confirmed_subscriptions(&self) -> usize {
        self.subscriptions
            .iter()
            .filter(|subscription| subscription.is_confirmed())
            .count()
    }
}

/// An SNS subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnsSubscription {
    /// The subscription ARN, or `PendingConfirmation`.
    pub subscription_arn: String,

    /// `email`, `sqs`, `lambda`, `https`, ...
    #[serde(default)]
    pub protocol: Option<String>,

    /// The endpoint, such as an email address or a queue ARN.
    #[serde(default)]
    pub endpoint: Option<String>,
}

impl SnsSubscription {
    /// Returns whether the subscription is confirmed.
    pub fn is_confirmed(&self) -> bool {
        self.subscription_arn.starts_with("arn:")
    }
}
