# Account-wide security controls: IAM Access Analyzer, the IAM password
# policy, and the customer managed keys and SNS topic that the CloudTrail,
# Config and CIS alarm files of this module use.
#
# Apply this module once per account, in the account's home region, because
# the password policy is a global singleton and the trail covers every region.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  account_root_arn = "arn:${local.partition}:iam::${local.account_id}:root"

  trail_name           = "${var.project_name}-trail"
  trail_arn            = "arn:${local.partition}:cloudtrail:${local.region}:${local.account_id}:trail/${local.trail_name}"
  trail_log_group_name = "/aws/cloudtrail/${var.project_name}"
  trail_log_group_arn  = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.trail_log_group_name}"

  alarm_topic_name = "${var.project_name}-security-alarms"

  # Key administration without key use: the "Allow access for Key
  # Administrators" action list of the AWS default key policy, written out
  # without wildcards. kms:CreateGrant is left out because a grant can hand
  # out kms:Decrypt.
  kms_administration_actions = [
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
}

################################################################################
# IAM Access Analyzer and password policy
################################################################################

resource "aws_accessanalyzer_analyzer" "this" {
  analyzer_name = "${var.project_name}-analyzer"
  type          = "ACCOUNT"

  tags = var.tags
}

resource "aws_iam_account_password_policy" "this" {
  minimum_password_length        = var.minimum_password_length
  require_uppercase_characters   = var.require_uppercase_characters
  require_lowercase_characters   = var.require_lowercase_characters
  require_numbers                = var.require_numbers
  require_symbols                = var.require_symbols
  password_reuse_prevention      = var.password_reuse_prevention
  max_password_age               = var.max_password_age
  allow_users_to_change_password = true
}

################################################################################
# KMS key for CloudTrail, its log group and the Config and CloudTrail buckets
################################################################################

data "aws_iam_policy_document" "cloudtrail_key" {
  #checkov:skip=CKV_AWS_111:This document is a KMS key policy. In a key policy the resource "*" means this key only, and KMS rejects any other resource value.
  #checkov:skip=CKV_AWS_356:This document is a KMS key policy. In a key policy the resource "*" means this key only, and KMS rejects any other resource value.
  statement {
    sid       = "KeyAdministration"
    actions   = local.kms_administration_actions
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root_arn]
    }
  }

  # The two CloudTrail statements follow "Configure AWS KMS key policies for
  # CloudTrail" in the CloudTrail User Guide, narrowed to this trail.
  statement {
    sid       = "CloudTrailEncryptLogs"
    actions   = ["kms:GenerateDataKey"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }

    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:aws:cloudtrail:arn"
      values   = ["arn:${local.partition}:cloudtrail:*:${local.account_id}:trail/*"]
    }
  }

  statement {
    sid       = "CloudTrailDescribeKey"
    actions   = ["kms:DescribeKey"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }

  # Lets IAM principals of this account that have kms:Decrypt in their own
  # policies read the trail's log files. The key policy alone grants nothing.
  statement {
    sid       = "AccountDecryptTrailLogFiles"
    actions   = ["kms:Decrypt", "kms:ReEncryptFrom"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:aws:cloudtrail:arn"
      values   = ["arn:${local.partition}:cloudtrail:*:${local.account_id}:trail/*"]
    }
  }

  # The same for objects that S3 encrypted with this key (Config snapshots).
  statement {
    sid       = "AccountDecryptViaS3"
    actions   = ["kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${local.region}.amazonaws.com"]
    }
  }

  statement {
    sid = "CloudWatchLogsEncryptTrailLogGroup"
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
      values   = [local.trail_log_group_arn]
    }
  }

  # AWS Config writes snapshots with the recorder's role, so the role needs
  # the key through S3.
  statement {
    sid       = "ConfigRecorderWriteSnapshots"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.config.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${local.region}.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "cloudtrail" {
  description             = "${var.project_name}: CloudTrail log files, the CloudTrail log group and the Config snapshots"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_in_days
  policy                  = data.aws_iam_policy_document.cloudtrail_key.json

  tags = var.tags
}

resource "aws_kms_alias" "cloudtrail" {
  name          = "alias/${var.project_name}-cloudtrail"
  target_key_id = aws_kms_key.cloudtrail.key_id
}

################################################################################
# SNS topic for the security alarms and its KMS key
################################################################################

data "aws_iam_policy_document" "alarms_key" {
  #checkov:skip=CKV_AWS_111:This document is a KMS key policy. In a key policy the resource "*" means this key only, and KMS rejects any other resource value.
  #checkov:skip=CKV_AWS_356:This document is a KMS key policy. In a key policy the resource "*" means this key only, and KMS rejects any other resource value.
  statement {
    sid       = "KeyAdministration"
    actions   = local.kms_administration_actions
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root_arn]
    }
  }

  # CloudWatch publishes alarm notifications to the encrypted topic, so it
  # must be able to create and read the topic's data keys. This is the
  # statement from "Encrypting messages published to Amazon SNS with AWS KMS"
  # in the SNS Developer Guide.
  statement {
    sid       = "CloudWatchAlarmsPublish"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "alarms" {
  description             = "${var.project_name}: SNS topic ${local.alarm_topic_name}"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_in_days
  policy                  = data.aws_iam_policy_document.alarms_key.json

  tags = var.tags
}

resource "aws_kms_alias" "alarms" {
  name          = "alias/${local.alarm_topic_name}"
  target_key_id = aws_kms_key.alarms.key_id
}

resource "aws_sns_topic" "this" {
  name              = local.alarm_topic_name
  kms_master_key_id = aws_kms_key.alarms.arn

  tags = var.tags
}

data "aws_iam_policy_document" "alarm_topic" {
  statement {
    sid       = "CloudWatchAlarmsPublish"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.this.arn]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    # Only this project's alarms may publish. The CIS alarms here and the
    # service alarms of the monitoring module share the name prefix.
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}:alarm:${var.project_name}-*"]
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.this.arn]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sns_topic_policy" "this" {
  arn    = aws_sns_topic.this.arn
  policy = data.aws_iam_policy_document.alarm_topic.json
}

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.alarm_email_addresses)

  topic_arn = aws_sns_topic.this.arn
  protocol  = "email"
  endpoint  = each.value
}
