//! Monitoring collection: CloudWatch Logs `DescribeMetricFilters`,
//! CloudWatch `DescribeAlarms` (metric alarms), SNS `ListTopics` and
//! `ListSubscriptionsByTopic` per topic; all paginated.

use futures_util::future::join_all;

use super::{CallContext, CallFailure, collected, for_each_page};
use crate::model::{
    MetricAlarm, MetricFilter, MetricTransformation, MonitoringModel, SnsSubscription, SnsTopic,
    calls,
};

const SUBSCRIPTIONS: &str = "sns:ListSubscriptionsByTopic";

/// Collects the monitoring part of one region.
pub(super) async fn collect(
    context: &CallContext,
    logs: &aws_sdk_cloudwatchlogs::Client,
    cloudwatch: &aws_sdk_cloudwatch::Client,
    sns: &aws_sdk_sns::Client,
) -> MonitoringModel {
    let (metric_filters, alarms, topics) = tokio::join!(
        metric_filters(context, logs),
        alarms(context, cloudwatch),
        topics(context, sns),
    );
    MonitoringModel {
        metric_filters: collected(metric_filters),
        alarms: collected(alarms),
        topics: collected(topics),
    }
}

async fn metric_filters(
    context: &CallContext,
    client: &aws_sdk_cloudwatchlogs::Client,
) -> Result<Vec<MetricFilter>, CallFailure> {
    let mut filters = Vec::new();
    for_each_page!(
        context,
        calls::monitoring::METRIC_FILTERS,
        client.describe_metric_filters().into_paginator(),
        |page| {
            filters.extend(page.metric_filters().iter().map(|filter| MetricFilter {
                filter_name: filter.filter_name().unwrap_or_default().to_owned(),
                log_group_name: filter.log_group_name().unwrap_or_default().to_owned(),
                filter_pattern: filter.filter_pattern().unwrap_or_default().to_owned(),
                metric_transformations: filter
                    .metric_transformations()
                    .iter()
                    .map(|metric| MetricTransformation {
                        metric_name: metric.metric_name().to_owned(),
                        metric_namespace: metric.metric_namespace().to_owned(),
                        metric_value: Some(metric.metric_value().to_owned()),
                    })
                    .collect(),
            }));
        }
    )?;
    Ok(filters)
}

async fn alarms(
    context: &CallContext,
    client: &aws_sdk_cloudwatch::Client,
) -> Result<Vec<MetricAlarm>, CallFailure> {
    let mut alarms = Vec::new();
    for_each_page!(
        context,
        calls::monitoring::ALARMS,
        client.describe_alarms().into_paginator(),
        |page| {
            alarms.extend(page.metric_alarms().iter().map(|alarm| MetricAlarm {
                alarm_name: alarm.alarm_name().unwrap_or_default().to_owned(),
                alarm_arn: alarm.alarm_arn().map(str::to_owned),
                metric_name: alarm.metric_name().map(str::to_owned),
                namespace: alarm.namespace().map(str::to_owned),
                actions_enabled: alarm.actions_enabled().unwrap_or(true),
                alarm_actions: alarm.alarm_actions().to_vec(),
            }));
        }
    )?;
    Ok(alarms)
}

async fn topics(
    context: &CallContext,
    client: &aws_sdk_sns::Client,
) -> Result<Vec<SnsTopic>, CallFailure> {
    let mut topics = Vec::new();
    for_each_page!(
        context,
        calls::monitoring::TOPICS,
        client.list_topics().into_paginator(),
        |page| {
            topics.extend(page.topics().iter().map(|topic| SnsTopic {
                topic_arn: topic.topic_arn().unwrap_or_default().to_owned(),
                subscriptions: Vec::new(),
            }));
        }
    )?;

    let subscriptions = join_all(
        topics
            .iter()
            .map(|topic| subscriptions(context, client, &topic.topic_arn)),
    )
    .await;
    for (topic, subscriptions) in topics.iter_mut().zip(subscriptions) {
        topic.subscriptions = subscriptions?;
    }
    Ok(topics)
}

async fn subscriptions(
    context: &CallContext,
    client: &aws_sdk_sns::Client,
    topic_arn: &str,
) -> Result<Vec<SnsSubscription>, CallFailure> {
    let mut subscriptions = Vec::new();
    for_each_page!(
        context,
        SUBSCRIPTIONS,
        client
            .list_subscriptions_by_topic()
            .topic_arn(topic_arn)
            .into_paginator(),
        |page| {
            subscriptions.extend(page.subscriptions().iter().map(|subscription| {
                SnsSubscription {
                    subscription_arn: subscription
                        .subscription_arn()
                        .unwrap_or_default()
                        .to_owned(),
                    protocol: subscription.protocol().map(str::to_owned),
                    endpoint: subscription.endpoint().map(str::to_owned),
                }
            }));
        }
    )?;
    Ok(subscriptions)
}
