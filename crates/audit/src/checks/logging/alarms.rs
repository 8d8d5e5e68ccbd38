//! Alarm checks: the CIS metric filters with their alarms and notified SNS
//! topics, and the services' SigV4 rejection alarm.
//!
//! A CIS control passes when all of these hold on the log group of a logging
//! multi-Region trail:
//!
//! - a metric filter selects the control's events ([`super::cis_filters`]);
//! - an alarm with actions enabled watches a metric that filter publishes
//!   (same metric name and namespace);
//! - one of the alarm's actions is an SNS topic with at least one confirmed
//!   subscription.
//!
//! Filters, alarms and metrics live in the log group's region. The topic is
//! looked up in the region of its ARN.

use serde_json::Value;

use super::SIGV4_REJECTIONS_ALARM;
use super::cis_filters::{CIS_FILTERS, CisFilter};
use super::filter_pattern::FilterPattern;
use super::trails::TrailInventory;
use crate::finding::{Finding, Status};
use crate::model::calls::monitoring as calls;
use crate::model::{AccountModel, MetricAlarm, MetricFilter};

/// A log group that a logging multi-Region trail delivers to.
struct TrailLogGroup<'a> {
    trail: &'a str,
    region: &'a str,
    name: &'a str,
}

/// The verdict of one log group for one control.
enum Outcome {
    Pass(String),
    Fail(String),
    Error(String),
}

/// Runs the fifteen CIS alarm checks.
pub fn cis(model: &AccountModel, inventory: &TrailInventory<'_>) -> Vec<Finding> {
    let mut groups: Vec<TrailLogGroup<'_>> = Vec::new();
    for merged in inventory.logging_multi_region() {
        let trail = merged.trail;
        if let (Some(region), Some(name)) = (trail.log_group_region(), trail.log_group_name())
            && !groups.iter().any(|g| g.region == region && g.name == name)
        {
            groups.push(TrailLogGroup {
                trail: &trail.name,
                region,
                name,
            });
        }
    }

    CIS_FILTERS
        .iter()
        .map(|control| judge_control(model, inventory, &groups, control))
        .collect()
}

fn judge_control(
    model: &AccountModel,
    inventory: &TrailInventory<'_>,
    groups: &[TrailLogGroup<'_>],
    control: &CisFilter,
) -> Finding {
    let account = model.account_arn();
    let check = control.check;

    if groups.is_empty() {
        let unknown = !inventory.errors.is_empty()
            || inventory.trails.values().any(|t| t.status_error.is_some());
        let status = if unknown { Status::Error } else { Status::Fail };
        let mut message =
            "no logging multi-Region trail delivers to CloudWatch Logs, so no metric filter can watch its events".to_owned();
        if unknown {
            message.push_str(&format!(
                "; trail data is missing: {}",
                inventory.errors.join("; ")
            ));
        }
        return check.finding(status, account, message);
    }

    let selects = (control.selects)();
    let ignores = (control.ignores)();
    let mut failures = Vec::new();
    let mut errors = Vec::new();
    for group in groups {
        match judge_group(model, group, &selects, &ignores) {
            Outcome::Pass(message) => {
                let mut finding = check.finding(
                    Status::Pass,
                    format!(
                        "arn:aws:logs:{}:{}:log-group:{}",
                        group.region, model.account_id, group.name
                    ),
                    message,
                );
                finding.region = Some(group.region.to_owned());
                return finding;
            }
            Outcome::Fail(reason) => failures.push(reason),
            Outcome::Error(reason) => errors.push(reason),
        }
    }

    if errors.is_empty() {
        check.finding(Status::Fail, account, failures.join("; "))
    } else {
        let mut all = errors;
        all.extend(failures);
        check.finding(Status::Error, account, all.join("; "))
    }
}

/// Returns whether the filter's pattern selects exactly what the control
/// needs, or why it cannot be read.
fn filter_fits(
    filter: &MetricFilter,
    selects: &[Value],
    ignores: &[Value],
) -> Result<bool, String> {
    let pattern = FilterPattern::parse(&filter.filter_pattern)
        .map_err(|error| format!("filter {}: {error}", filter.filter_name))?;
    Ok(selects.iter().all(|event| pattern.matches(event))
        && !ignores.iter().any(|event| pattern.matches(event)))
}

fn judge_group(
    model: &AccountModel,
    group: &TrailLogGroup<'_>,
    selects: &[Value],
    ignores: &[Value],
) -> Outcome {
    let label = format!("log group {} of trail {}", group.name, group.trail);
    let Some(region) = model.region(group.region) else {
        return Outcome::Error(format!(
            "{label} is in region {}, which is not in the model; audit that region too",
            group.region
        ));
    };
    let scope = format!("region {}", group.region);

    let filters = match region
        .monitoring
        .metric_filters
        .require(calls::METRIC_FILTERS, &scope)
    {
        Ok(filters) => filters,
        Err(reason) => return Outcome::Error(reason),
    };
    let mut unreadable = Vec::new();
    let fitting: Vec<&MetricFilter> = filters
        .iter()
        .filter(|filter| filter.log_group_name == group.name)
        .filter(|filter| match filter_fits(filter, selects, ignores) {
            Ok(fits) => fits,
            Err(reason) => {
                unreadable.push(reason);
                false
            }
        })
        .collect();
    if fitting.is_empty() {
        let mut message = format!("no metric filter on {label} selects the control's events");
        if !unreadable.is_empty() {
            message.push_str(&format!(
                " (unsupported patterns: {})",
                unreadable.join("; ")
            ));
        }
        return Outcome::Fail(message);
    }

    let alarms = match region.monitoring.alarms.require(calls::ALARMS, &scope) {
        Ok(alarms) => alarms,
        Err(reason) => return Outcome::Error(reason),
    };
    let watching: Vec<(&MetricFilter, &MetricAlarm)> = fitting
        .iter()
        .flat_map(|filter| {
            alarms
                .iter()
                .filter(|alarm| watches(alarm, filter))
                .map(move |alarm| (*filter, alarm))
        })
        .collect();
    if watching.is_empty() {
        let names: Vec<&str> = fitting.iter().map(|f| f.filter_name.as_str()).collect();
        return Outcome::Fail(format!(
            "metric filter(s) {} on {label} have no alarm on their metric",
            names.join(", ")
        ));
    }

    let mut reasons = Vec::new();
    for (filter, alarm) in watching {
        match notified_topic(model, alarm) {
            Ok(topic) => {
                return Outcome::Pass(format!(
                    "filter {} on {label} feeds alarm {}, which notifies {topic}",
                    filter.filter_name, alarm.alarm_name
                ));
            }
            Err(reason) => reasons.push(reason),
        }
    }
    if reasons.iter().any(|(is_error, _)| *is_error) {
        Outcome::Error(join_reasons(reasons))
    } else {
        Outcome::Fail(join_reasons(reasons))
    }
}

fn join_reasons(reasons: Vec<(bool, String)>) -> String {
    reasons
        .into_iter()
        .map(|(_, reason)| reason)
        .collect::<Vec<_>>()
        .join("; ")
}

fn watches(alarm: &MetricAlarm, filter: &MetricFilter) -> bool {
    filter.metric_transformations.iter().any(|transformation| {
        alarm.metric_name.as_deref() == Some(&transformation.metric_name)
            && alarm.namespace.as_deref() == Some(&transformation.metric_namespace)
    })
}

/// Returns the SNS topic with a confirmed subscription that the alarm
/// notifies, or `(is_error, reason)`.
fn notified_topic(model: &AccountModel, alarm: &MetricAlarm) -> Result<String, (bool, String)> {
    let name = &alarm.alarm_name;
    if !alarm.actions_enabled {
        return Err((false, format!("alarm {name} has its actions disabled")));
    }
    let topics: Vec<&String> = alarm
        .alarm_actions
        .iter()
        .filter(|action| action.starts_with("arn:aws:sns:"))
        .collect();
    if topics.is_empty() {
        return Err((false, format!("alarm {name} has no SNS topic action")));
    }

    let mut reasons = Vec::new();
    let mut is_error = false;
    for topic_arn in topics {
        let topic_region = topic_arn.split(':').nth(3).unwrap_or_default();
        let Some(region) = model.region(topic_region) else {
            is_error = true;
            reasons.push(format!(
                "topic {topic_arn} is in region {topic_region}, which is not in the model"
            ));
            continue;
        };
        let topics = match region
            .monitoring
            .topics
            .require(calls::TOPICS, &format!("region {topic_region}"))
        {
            Ok(topics) => topics,
            Err(reason) => {
                is_error = true;
                reasons.push(reason);
                continue;
            }
        };
        match topics.iter().find(|topic| &topic.topic_arn == topic_arn) {
            Some(topic) if topic.confirmed_subscriptions() > 0 => {
                return Ok(format!(
                    "{topic_arn} ({} confirmed subscription(s))",
                    topic.confirmed_subscriptions()
                ));
            }
            Some(_) => reasons.push(format!(
                "topic {topic_arn} of alarm {name} has no confirmed subscription"
            )),
            None => reasons.push(format!("topic {topic_arn} of alarm {name} does not exist")),
        }
    }
    Err((is_error, reasons.join("; ")))
}

/// Runs the SigV4 rejection alarm check: the alarm `<project>-sigv4-rejections`
/// on `SigV4Rejections` in namespace `<project>/Security` exists in some
/// audited region and has an enabled action.
pub fn sigv4_rejections(model: &AccountModel, project: &str) -> Vec<Finding> {
    let alarm_name = format!("{project}-sigv4-rejections");
    let namespace = format!("{project}/Security");
    let metric = "SigV4Rejections";
    let mut errors = Vec::new();
    let mut misconfigured = Vec::new();

    for region in &model.regions {
        let alarms = match region
            .monitoring
            .alarms
            .require(calls::ALARMS, &format!("region {}", region.region))
        {
            Ok(alarms) => alarms,
            Err(reason) => {
                errors.push(reason);
                continue;
            }
        };
        let Some(alarm) = alarms.iter().find(|alarm| alarm.alarm_name == alarm_name) else {
            continue;
        };
        let resource = alarm.alarm_arn.clone().unwrap_or_else(|| {
            format!(
                "arn:aws:cloudwatch:{}:{}:alarm:{alarm_name}",
                region.region, model.account_id
            )
        });

        let mut wrong = Vec::new();
        if alarm.namespace.as_deref() != Some(namespace.as_str()) {
            wrong.push(format!(
                "namespace is {:?}, expected {namespace}",
                alarm.namespace
            ));
        }
        if alarm.metric_name.as_deref() != Some(metric) {
            wrong.push(format!(
                "metric is {:?}, expected {metric}",
                alarm.metric_name
            ));
        }
        if alarm.alarm_actions.is_empty() {
            wrong.push("it has no alarm action".to_owned());
        } else if !alarm.actions_enabled {
            wrong.push("its actions are disabled".to_owned());
        }

        let mut finding = if wrong.is_empty() {
            SIGV4_REJECTIONS_ALARM.finding(
                Status::Pass,
                resource,
                format!(
                    "alarm {alarm_name} watches {namespace}/{metric} and notifies {}",
                    alarm.alarm_actions.join(", ")
                ),
            )
        } else {
            SIGV4_REJECTIONS_ALARM.finding(
                Status::Fail,
                resource,
                format!("alarm {alarm_name}: {}", wrong.join("; ")),
            )
        };
        finding.region = Some(region.region.clone());
        if finding.status == Status::Pass {
            return vec![finding];
        }
        misconfigured.push(finding);
    }
    if !misconfigured.is_empty() {
        return misconfigured;
    }

    let account = model.account_arn();
    if errors.is_empty() {
        vec![SIGV4_REJECTIONS_ALARM.finding(
            Status::Fail,
            account,
            format!("no audited region has the alarm {alarm_name}"),
        )]
    } else {
        vec![SIGV4_REJECTIONS_ALARM.finding(
            Status::Error,
            account,
            format!(
                "alarm {alarm_name} not found where alarms were read, and: {}",
                errors.join("; ")
            ),
        )]
    }
}
