# Log groups of the Orbit and Axon services, metric filters on their security
# events, alarms on those metrics, and a dashboard.
#
# The services write one JSON object per log line, with the fields at the top
# level of the object. A rejected SigV4 request logs
#   {"event": "sigv4_rejected", "reason": "<reason code>", ...}
# and an authorization denial logs
#   {"event": "authz_denied", ...}
# A field nested under another object (for example under "fields") does not
# match these filters.
#
# Each filter runs on every service log group and publishes to one metric
# without dimensions, so every metric is the sum over all services.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  account_root_arn = "arn:${local.partition}:iam::${local.account_id}:root"

  metric_namespace = "${var.project_name}/Security"

  # The reason codes that the sigv4 crate writes to the "reason" field of a
  # sigv4_rejected event. A code missing here still counts in SigV4Rejections
  # but gets no metric of its own.
  sigv4_rejection_reasons = [
    "missing_authentication",
    "malformed",
    "unknown_key",
    "expired",
    "clock_skew",
    "scope_not_allowed",
    "signature_mismatch",
    "body_hash_mismatch",
    "replayed",
    "body_too_large",
    "not_implemented",
  ]

  # Metric filters other than the per-reason ones, keyed by the suffix of the
  # filter name.
  event_metrics = {
    "sigv4-rejections" = {
      metric_name = "SigV4Rejections"
      pattern     = "{ $.event = \"sigv4_rejected\" }"
    }
    "sigv4-replays" = {
      metric_name = "SigV4Replays"
      pattern     = "{ ($.event = \"sigv4_rejected\") && ($.reason = \"replayed\") }"
    }
    "authz-denials" = {
      metric_name = "AuthorizationDenials"
      pattern     = "{ $.event = \"authz_denied\" }"
    }
  }

  service_event_metrics = {
    for pair in setproduct(var.services, keys(local.event_metrics)) :
    "${pair[0]}/${pair[1]}" => merge(local.event_metrics[pair[1]], {
      service = pair[0]
      name    = pair[1]
    })
  }

  service_rejection_reasons = {
    for pair in setproduct(var.services, local.sigv4_rejection_reasons) :
    "${pair[0]}/${pair[1]}" => {
      service = pair[0]
      reason  = pair[1]
    }
  }

  # The agentsec audit looks for these alarm names, so keep them fixed.
  alarms = {
    "sigv4-rejections" = {
      metric_name = "SigV4Rejections"
      threshold   = var.sigv4_rejection_threshold
      description = "SigV4 requests rejected by a ${var.project_name} service for any reason. The reason is in the \"reason\" field of the sigv4_rejected log events and in the SigV4Rejections-<reason> metrics."
    }
    "sigv4-replays" = {
      metric_name = "SigV4Replays"
      threshold   = var.sigv4_replay_threshold
      description = "SigV4 requests rejected by a ${var.project_name} service because their signature was already used."
    }
    "authz-denials" = {
      metric_name = "AuthorizationDenials"
      threshold   = var.authz_denial_threshold
      description = "Verified requests that a ${var.project_name} service denied because the caller may not use the route."
    }
  }

  log_kms_key_arn = var.kms_key_arn != null ? var.kms_key_arn : one(aws_kms_key.logs[*].arn)
}

################################################################################
# KMS key, when none is given
################################################################################

data "aws_iam_policy_document" "logs_key" {
  #checkov:skip=CKV_AWS_111:This document is a KMS key policy. In a key policy the resource "*" means this key only, and KMS rejects any other resource value.
  #checkov:skip=CKV_AWS_356:This document is a KMS key policy. In a key policy the resource "*" means this key only, and KMS rejects any other resource value.
  count = var.kms_key_arn == null ? 1 : 0

  # Key administration without key use, as in the AWS default key policy's
  # "Allow access for Key Administrators" statement, without wildcards.
  statement {
    sid = "KeyAdministration"
    actions = [
      "kms:CancelKeyDeletion",
      "kms:CreateAlias",
      "kms:DeleteAlias",
      "kms:DescribeKey",
      "kms:DisableKey",
      "kms:DisableKeyRotation",
      "kms:EnableKey",
      "kms:EnableKeyRotation",
      "kms:GetKeyPolicy",
      "kms:GetKeyRotationStatus",
      "kms:ListGrants",
      "kms:ListKeyPolicies",
      "kms:ListKeyRotations",
      "kms:ListResourceTags",
      "kms:PutKeyPolicy",
      "kms:RevokeGrant",
      "kms:RotateKeyOnDemand",
      "kms:ScheduleKeyDeletion",
      "kms:TagResource",
      "kms:UntagResource",
      "kms:UpdateAlias",
      "kms:UpdateKeyDescription",
    ]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root_arn]
    }
  }

  statement {
    sid = "CloudWatchLogsEncryptServiceLogGroups"
    actions = [
      "kms:Decrypt",
      "kms:Encrypt",
      "kms:GenerateDataKey",
      "kms:GenerateDataKeyWithoutPlaintext",
      "kms:ReEncryptFrom",
      "kms:ReEncryptTo",
    ]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${local.region}.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values = [
        for service in var.services :
        "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:/${var.project_name}/${service}"
      ]
    }
  }
}

resource "aws_kms_key" "logs" {
  count = var.kms_key_arn == null ? 1 : 0

  description             = "${var.project_name}: service log groups"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_in_days
  policy                  = data.aws_iam_policy_document.logs_key[0].json

  tags = var.tags
}

resource "aws_kms_alias" "logs" {
  count = var.kms_key_arn == null ? 1 : 0

  name          = "alias/${var.project_name}-service-logs"
  target_key_id = aws_kms_key.logs[0].key_id
}

################################################################################
# Log groups and metric filters
################################################################################

resource "aws_cloudwatch_log_group" "this" {
  for_each = toset(var.services)

  name              = "/${var.project_name}/${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = local.log_kms_key_arn

  tags = var.tags
}

resource "aws_cloudwatch_log_metric_filter" "event" {
  for_each = local.service_event_metrics

  name           = "${var.project_name}-${each.value.service}-${each.value.name}"
  log_group_name = aws_cloudwatch_log_group.this[each.value.service].name
  pattern        = each.value.pattern

  metric_transformation {
    name      = each.value.metric_name
    namespace = local.metric_namespace
    value     = "1"
  }
}

resource "aws_cloudwatch_log_metric_filter" "sigv4_rejection_reason" {
  for_each = local.service_rejection_reasons

  name           = "${var.project_name}-${each.value.service}-sigv4-rejections-${each.value.reason}"
  log_group_name = aws_cloudwatch_log_group.this[each.value.service].name
  pattern        = "{ ($.event = \"sigv4_rejected\") && ($.reason = \"${each.value.reason}\") }"

  metric_transformation {
    name      = "SigV4Rejections-${each.value.reason}"
    namespace = local.metric_namespace
    value     = "1"
  }
}

################################################################################
# Alarms
################################################################################

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name        = "${var.project_name}-${each.key}"
  alarm_description = each.value.description

  namespace           = local.metric_namespace
  metric_name         = each.value.metric_name
  statistic           = "Sum"
  period              = var.alarm_period_seconds
  evaluation_periods  = var.alarm_evaluation_periods
  threshold           = each.value.threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"

  # No log line means no rejection, and the filters publish nothing then.
  treat_missing_data = "notBreaching"

  actions_enabled = true
  alarm_actions   = [var.alarm_sns_topic_arn]

  tags = var.tags
}

################################################################################
# Dashboard
################################################################################

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = "${var.project_name}-security"

  dashboard_body = jsonencode({
    widgets = [
      {
        type   = "metric"
        x      = 0
        y      = 0
        width  = 12
        height = 6
        properties = {
          title  = "SigV4 rejections, replays and authorization denials"
          region = local.region
          view   = "timeSeries"
          stat   = "Sum"
          period = var.alarm_period_seconds
          metrics = [
            for alarm in values(local.alarms) : [local.metric_namespace, alarm.metric_name]
          ]
        }
      },
      {
        type   = "metric"
        x      = 12
        y      = 0
        width  = 12
        height = 6
        properties = {
          title   = "SigV4 rejections by reason"
          region  = local.region
          view    = "timeSeries"
          stacked = true
          stat    = "Sum"
          period  = var.alarm_period_seconds
          metrics = [
            for reason in local.sigv4_rejection_reasons : [local.metric_namespace, "SigV4Rejections-${reason}"]
          ]
        }
      },
      {
        type   = "alarm"
        x      = 0
        y      = 6
        width  = 24
        height = 3
        properties = {
          title  = "Security alarms"
          alarms = [for alarm in aws_cloudwatch_metric_alarm.this : alarm.arn]
        }
      },
      {
        type   = "log"
        x      = 0
        y      = 9
        width  = 24
        height = 8
        properties = {
          title  = "Latest security events"
          region = local.region
          view   = "table"
          query = join(" | ", concat(
            [for group in aws_cloudwatch_log_group.this : "SOURCE '${group.name}'"],
            [
              "fields @timestamp, @log, event, reason, @message",
              "filter event = \"sigv4_rejected\" or event = \"authz_denied\"",
              "sort @timestamp desc",
              "limit 100",
            ],
          ))
        }
      },
    ]
  })
}
