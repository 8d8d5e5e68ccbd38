//! CloudTrail checks: a multi-Region trail that is logging, with log file
//! validation, KMS encryption and CloudWatch Logs delivery.
//!
//! Trails are gathered from every audited region and merged by ARN, so a
//! shadow trail (a multi-Region or organization trail seen outside its home
//! region) counts once, and its `IsLogging` status may come from any region
//! that read it. Organization trails count like the account's own.

use std::collections::BTreeMap;

use super::{TRAIL_CLOUDWATCH, TRAIL_KMS, TRAIL_LOG_VALIDATION, TRAIL_MULTI_REGION};
use crate::checks::Check;
use crate::finding::{Finding, Status};
use crate::model::calls::cloudtrail as calls;
use crate::model::{AccountModel, Collected, Trail};

/// A trail merged across the regions that show it.
#[derive(Debug, Clone)]
pub struct MergedTrail<'a> {
    /// The trail, as the first region that showed it reports it.
    pub trail: &'a Trail,

    /// `IsLogging`, when any region read it.
    pub is_logging: Option<bool>,

    /// The reason the status is unknown, if it is.
    pub status_error: Option<String>,
}

/// The trails of the account and the regions whose trails are unknown.
#[derive(Debug, Clone, Default)]
pub struct TrailInventory<'a> {
    /// Trails by ARN.
    pub trails: BTreeMap<&'a str, MergedTrail<'a>>,

    /// One reason per region whose `DescribeTrails` is missing.
    pub errors: Vec<String>,
}

impl<'a> TrailInventory<'a> {
    /// Gathers the trails of every region of the model.
    pub fn gather(model: &'a AccountModel) -> Self {
        let mut inventory = Self::default();
        for region in &model.regions {
            let scope = format!("region {}", region.region);
            let trails = match region.cloudtrail.trails.require(calls::TRAILS, &scope) {
                Ok(trails) => trails,
                Err(reason) => {
                    inventory.errors.push(reason);
                    continue;
                }
            };
            for trail in trails {
                let entry = inventory
                    .trails
                    .entry(trail.arn.as_str())
                    .or_insert_with(|| MergedTrail {
                        trail,
                        is_logging: None,
                        status_error: None,
                    });
                match &trail.is_logging {
                    Collected::Value(logging) => {
                        entry.is_logging = Some(*logging);
                        entry.status_error = None;
                    }
                    other if entry.is_logging.is_none() => {
                        entry.status_error = other
                            .require(calls::STATUS, &format!("trail {} ({scope})", trail.name))
                            .err();
                    }
                    _ => {}
                }
            }
        }
        inventory
    }

    /// Returns the multi-Region trails that are logging.
    pub fn logging_multi_region(&self) -> Vec<&MergedTrail<'a>> {
        self.trails
            .values()
            .filter(|merged| merged.trail.is_multi_region && merged.is_logging == Some(true))
            .collect()
    }
}

/// One property of a trail: a PASS message, or a FAIL message.
type TrailProperty = fn(&Trail) -> Result<String, String>;

fn describe(trail: &Trail) -> String {
    let mut kind = Vec::new();
    if trail.is_organization_trail {
        kind.push("organization");
    }
    kind.push("multi-Region");
    format!(
        "{} trail {} (home region {})",
        kind.join(" "),
        trail.name,
        trail.home_region
    )
}

/// Runs the four trail checks.
pub fn run(model: &AccountModel, inventory: &TrailInventory<'_>) -> Vec<Finding> {
    let account = model.account_arn();
    let logging = inventory.logging_multi_region();
    let mut findings = Vec::new();

    // A logging multi-Region trail exists.
    if let Some(first) = logging.first() {
        let names: Vec<String> = logging
            .iter()
            .map(|merged| describe(merged.trail))
            .collect();
        findings.push(TRAIL_MULTI_REGION.finding(
            Status::Pass,
            &first.trail.arn,
            format!("logging: {}", names.join(", ")),
        ));
    } else {
        let multi: Vec<&MergedTrail<'_>> = inventory
            .trails
            .values()
            .filter(|merged| merged.trail.is_multi_region)
            .collect();
        let unknown: Vec<String> = multi
            .iter()
            .filter_map(|merged| merged.status_error.clone())
            .chain(inventory.errors.iter().cloned())
            .collect();
        let stopped: Vec<String> = multi
            .iter()
            .filter(|merged| merged.is_logging == Some(false))
            .map(|merged| format!("{} is not logging", describe(merged.trail)))
            .collect();

        let finding = if !unknown.is_empty() {
            TRAIL_MULTI_REGION.finding(
                Status::Error,
                &account,
                format!("no multi-Region trail is known to be logging, and some trail data is missing: {}", unknown.join("; ")),
            )
        } else if !stopped.is_empty() {
            TRAIL_MULTI_REGION.finding(Status::Fail, &account, stopped.join("; "))
        } else {
            TRAIL_MULTI_REGION.finding(
                Status::Fail,
                &account,
                "the account has no multi-Region trail",
            )
        };
        findings.push(finding);
    }

    // Properties of each logging multi-Region trail.
    let properties: [(&Check, TrailProperty); 3] = [
        (&TRAIL_LOG_VALIDATION, |trail| {
            if trail.log_file_validation_enabled {
                Ok(format!("trail {} validates log files", trail.name))
            } else {
                Err(format!(
                    "trail {} has log file validation disabled",
                    trail.name
                ))
            }
        }),
        (&TRAIL_KMS, |trail| match &trail.kms_key_id {
            Some(key) => Ok(format!("trail {} is encrypted with {key}", trail.name)),
            None => Err(format!("trail {} has no KMS key", trail.name)),
        }),
        (&TRAIL_CLOUDWATCH, |trail| {
            match &trail.cloud_watch_logs_log_group_arn {
                Some(group) => Ok(format!("trail {} delivers to {group}", trail.name)),
                None => Err(format!(
                    "trail {} does not deliver to CloudWatch Logs",
                    trail.name
                )),
            }
        }),
    ];
    for (check, property) in properties {
        if logging.is_empty() {
            let status = match findings.first().map(|f| f.status) {
                Some(Status::Error) => Status::Error,
                _ => Status::Fail,
            };
            findings.push(check.finding(
                status,
                &account,
                "no multi-Region trail is logging, so there is no trail to judge",
            ));
            continue;
        }
        for merged in &logging {
            let trail = merged.trail;
            let finding = match property(trail) {
                Ok(message) => check.finding(Status::Pass, &trail.arn, message),
                Err(message) => check.finding(Status::Fail, &trail.arn, message),
            };
            findings.push(Finding {
                region: Some(trail.home_region.clone()),
                ..finding
            });
        }
    }
    findings
}
