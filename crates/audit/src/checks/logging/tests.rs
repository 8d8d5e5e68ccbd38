use super::*;
use crate::finding::{Finding, Status};
use crate::model::{AccountModel, Collected, RegionModel, SnsSubscription, Trail};
use crate::testing::{REGION, compliant_account, trail};

fn findings(model: &AccountModel) -> Vec<Finding> {
    run(model, "agentsec")
}

fn status(findings: &[Finding], check_id: &str) -> Vec<Status> {
    findings
        .iter()
        .filter(|f| f.check_id == check_id)
        .map(|f| f.status)
        .collect()
}

fn message(findings: &[Finding], check_id: &str) -> String {
    findings
        .iter()
        .filter(|f| f.check_id == check_id)
        .map(|f| f.message.clone())
        .collect::<Vec<_>>()
        .join(" | ")
}

fn set_trails(model: &mut AccountModel, trails: Vec<Trail>) {
    model.regions[0].cloudtrail.trails = Collected::Value(trails);
}

fn set_filter_pattern(model: &mut AccountModel, index: usize, pattern: &str) {
    if let Collected::Value(filters) = &mut model.regions[0].monitoring.metric_filters {
        filters[index].filter_pattern = pattern.to_owned();
    }
}

#[test]
fn stopped_trail_fails() {
    let mut model = compliant_account();
    let mut stopped = trail();
    stopped.is_logging = Collected::Value(false);
    set_trails(&mut model, vec![stopped]);

    let found = findings(&model);

    assert_eq!(status(&found, TRAIL_MULTI_REGION.id), vec![Status::Fail]);
    assert!(message(&found, TRAIL_MULTI_REGION.id).contains("is not logging"));
    assert_eq!(status(&found, TRAIL_LOG_VALIDATION.id), vec![Status::Fail]);
    assert_eq!(
        status(&found, cis_filters::ROOT_USAGE.id),
        vec![Status::Fail]
    );
}

#[test]
fn single_region_trail_does_not_count() {
    let mut model = compliant_account();
    let mut single = trail();
    single.is_multi_region = false;
    set_trails(&mut model, vec![single]);

    let found = findings(&model);

    assert_eq!(status(&found, TRAIL_MULTI_REGION.id), vec![Status::Fail]);
    assert!(message(&found, TRAIL_MULTI_REGION.id).contains("no multi-Region trail"));
}

#[test]
fn shadow_trail_from_another_region_counts() {
    // The trail's home region is not audited; eu-west-1 shows its shadow.
    let mut model = compliant_account();
    let mut shadow = trail();
    shadow.home_region = "us-east-1".to_owned();
    shadow.arn = "arn:aws:cloudtrail:us-east-1:111122223333:trail/org".to_owned();
    shadow.is_organization_trail = true;
    set_trails(&mut model, vec![shadow]);

    let found = findings(&model);

    assert_eq!(status(&found, TRAIL_MULTI_REGION.id), vec![Status::Pass]);
    assert!(message(&found, TRAIL_MULTI_REGION.id).contains("organization multi-Region trail"));
    assert_eq!(status(&found, TRAIL_CLOUDWATCH.id), vec![Status::Pass]);
    assert_eq!(
        status(&found, cis_filters::UNAUTHORIZED_API_CALLS.id),
        vec![Status::Pass]
    );
}

#[test]
fn shadow_copies_merge_into_one_trail() {
    let mut model = compliant_account();
    let mut other = RegionModel::new("us-east-1");
    let mut shadow = trail();
    shadow.is_logging = Collected::NotCollected;
    other.cloudtrail.trails = Collected::Value(vec![shadow]);
    model.regions.push(other);

    let found = findings(&model);

    assert_eq!(status(&found, TRAIL_MULTI_REGION.id), vec![Status::Pass]);
    assert_eq!(status(&found, TRAIL_KMS.id), vec![Status::Pass]);
}

#[test]
fn trail_without_encryption_or_validation_fails() {
    let mut model = compliant_account();
    let mut weak = trail();
    weak.kms_key_id = None;
    weak.log_file_validation_enabled = false;
    set_trails(&mut model, vec![weak]);

    let found = findings(&model);

    assert_eq!(status(&found, TRAIL_KMS.id), vec![Status::Fail]);
    assert_eq!(status(&found, TRAIL_LOG_VALIDATION.id), vec![Status::Fail]);
    assert_eq!(status(&found, TRAIL_MULTI_REGION.id), vec![Status::Pass]);
}

#[test]
fn missing_trails_part_is_error_naming_the_call() {
    let mut model = compliant_account();
    model.regions[0].cloudtrail.trails = Collected::NotCollected;

    let found = findings(&model);

    assert_eq!(status(&found, TRAIL_MULTI_REGION.id), vec![Status::Error]);
    assert!(
        message(&found, TRAIL_MULTI_REGION.id)
            .contains("cloudtrail:DescribeTrails was not collected in region eu-west-1")
    );
    assert_eq!(
        status(&found, cis_filters::VPC_CHANGES.id),
        vec![Status::Error]
    );
}

#[test]
fn unknown_trail_status_is_error() {
    let mut model = compliant_account();
    let mut unknown = trail();
    unknown.is_logging = Collected::failed("cloudtrail:GetTrailStatus", "AccessDenied");
    set_trails(&mut model, vec![unknown]);

    let found = findings(&model);

    assert_eq!(status(&found, TRAIL_MULTI_REGION.id), vec![Status::Error]);
    assert!(message(&found, TRAIL_MULTI_REGION.id).contains("cloudtrail:GetTrailStatus failed"));
}

#[test]
fn equivalent_patterns_are_accepted() {
    let mut model = compliant_account();
    // Reordered, other whitespace and quoting, an added eventSource term.
    set_filter_pattern(
        &mut model,
        4,
        r#"{($.eventSource="cloudtrail.amazonaws.com")&&(($.eventName="StopLogging")||($.eventName="DeleteTrail")||($.eventName="UpdateTrail")||($.eventName="CreateTrail")||($.eventName="StartLogging"))}"#,
    );
    // The CIS v1.2 form of the root pattern.
    set_filter_pattern(
        &mut model,
        2,
        r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }"#,
    );
    set_filter_pattern(
        &mut model,
        0,
        r#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }"#,
    );

    let found = findings(&model);

    assert_eq!(
        status(&found, cis_filters::CLOUDTRAIL_CHANGES.id),
        vec![Status::Pass]
    );
    assert_eq!(
        status(&found, cis_filters::ROOT_USAGE.id),
        vec![Status::Pass]
    );
    assert_eq!(
        status(&found, cis_filters::UNAUTHORIZED_API_CALLS.id),
        vec![Status::Pass]
    );
}

#[test]
fn pattern_missing_an_event_fails() {
    let mut model = compliant_account();
    set_filter_pattern(
        &mut model,
        4,
        "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) }",
    );

    let found = findings(&model);

    assert_eq!(
        status(&found, cis_filters::CLOUDTRAIL_CHANGES.id),
        vec![Status::Fail]
    );
    assert!(message(&found, cis_filters::CLOUDTRAIL_CHANGES.id).contains("no metric filter"));
}

#[test]
fn catch_all_pattern_fails() {
    let mut model = compliant_account();
    set_filter_pattern(&mut model, 4, "{ $.eventName = * }");

    let found = findings(&model);

    assert_eq!(
        status(&found, cis_filters::CLOUDTRAIL_CHANGES.id),
        vec![Status::Fail]
    );
}

#[test]
fn filter_named_like_cis_but_wrong_pattern_fails() {
    let mut model = compliant_account();
    set_filter_pattern(
        &mut model,
        9,
        r#"{ $.eventName = "DescribeSecurityGroups" }"#,
    );

    let found = findings(&model);

    assert_eq!(
        status(&found, cis_filters::SECURITY_GROUP_CHANGES.id),
        vec![Status::Fail]
    );
}

#[test]
fn alarm_topic_without_confirmed_subscription_fails() {
    let mut model = compliant_account();
    if let Collected::Value(topics) = &mut model.regions[0].monitoring.topics {
        topics[0].subscriptions = vec![SnsSubscription {
            subscription_arn: "PendingConfirmation".to_owned(),
            protocol: Some("email".to_owned()),
            endpoint: Some("security@example.com".to_owned()),
        }];
    }

    let found = findings(&model);

    assert_eq!(
        status(&found, cis_filters::NACL_CHANGES.id),
        vec![Status::Fail]
    );
    assert!(message(&found, cis_filters::NACL_CHANGES.id).contains("no confirmed subscription"));
}

#[test]
fn missing_alarms_part_is_error() {
    let mut model = compliant_account();
    model.regions[0].monitoring.alarms = Collected::NotCollected;

    let found = findings(&model);

    assert_eq!(
        status(&found, cis_filters::ROUTE_TABLE_CHANGES.id),
        vec![Status::Error]
    );
    assert!(
        message(&found, cis_filters::ROUTE_TABLE_CHANGES.id).contains("cloudwatch:DescribeAlarms")
    );
    assert_eq!(
        status(&found, SIGV4_REJECTIONS_ALARM.id),
        vec![Status::Error]
    );
}

#[test]
fn sigv4_alarm_missing_or_without_action_fails() {
    let mut model = compliant_account();
    if let Collected::Value(alarms) = &mut model.regions[0].monitoring.alarms {
        alarms.retain(|alarm| alarm.alarm_name != "agentsec-sigv4-rejections");
    }
    assert_eq!(
        status(&findings(&model), SIGV4_REJECTIONS_ALARM.id),
        vec![Status::Fail]
    );

    let mut model = compliant_account();
    if let Collected::Value(alarms) = &mut model.regions[0].monitoring.alarms
        && let Some(alarm) = alarms.last_mut()
    {
        alarm.alarm_actions.clear();
    }
    let found = findings(&model);
    assert_eq!(
        status(&found, SIGV4_REJECTIONS_ALARM.id),
        vec![Status::Fail]
    );
    assert!(message(&found, SIGV4_REJECTIONS_ALARM.id).contains("no alarm action"));
}

#[test]
fn log_group_region_outside_model_is_error() {
    let mut model = compliant_account();
    let mut remote = trail();
    remote.cloud_watch_logs_log_group_arn =
        Some("arn:aws:logs:us-east-1:111122223333:log-group:cloudtrail-logs:*".to_owned());
    set_trails(&mut model, vec![remote]);

    let found = findings(&model);

    assert_eq!(
        status(&found, cis_filters::ROOT_USAGE.id),
        vec![Status::Error]
    );
    assert!(message(&found, cis_filters::ROOT_USAGE.id).contains("us-east-1"));
}

#[test]
fn every_cis_pattern_fits_its_control() {
    let patterns = crate::testing::cis_patterns();

    for (control, pattern) in cis_filters::CIS_FILTERS.iter().zip(&patterns) {
        let parsed = match filter_pattern::FilterPattern::parse(pattern) {
            Ok(parsed) => parsed,
            Err(error) => panic!("{}: {error}", control.check.id),
        };
        for event in (control.selects)() {
            assert!(
                parsed.matches(&event),
                "{} misses {event}",
                control.check.id
            );
        }
        for event in (control.ignores)() {
            assert!(
                !parsed.matches(&event),
                "{} selects {event}",
                control.check.id
            );
        }
    }
    assert_eq!(REGION, "eu-west-1");
}
