# AWS Config: a recorder of all supported resource types, its delivery channel
# to the Config bucket, and the AWS managed rules that check the IAM controls.
#
# AWS Config allows one recorder per region. Applying this module in a region
# that already has a recorder fails until the existing one is imported or
# deleted.

locals {
  config_recorder_name = "${var.project_name}-config-recorder"

  # The password rule checks the CIS values, not the module's variables, so
  # that a weaker password policy set through the variables reports
  # NON_COMPLIANT instead of passing its own check.
  config_rules = {
    "iam-password-policy" = {
      source_identifier = "IAM_PASSWORD_POLICY"
      description       = "Checks that the account password policy meets the CIS AWS Foundations Benchmark values."
      input_parameters = jsonencode({
        RequireUppercaseCharacters = "true"
        RequireLowercaseCharacters = "true"
        RequireSymbols             = "true"
        RequireNumbers             = "true"
        MinimumPasswordLength      = "14"
        PasswordReusePrevention    = "24"
        MaxPasswordAge             = "90"
      })
    }
    "iam-root-access-key-check" = {
      source_identifier = "IAM_ROOT_ACCESS_KEY_CHECK"
      description       = "Checks that the root user has no access keys."
      input_parameters  = null
    }
    "iam-user-mfa-enabled" = {
      source_identifier = "IAM_USER_MFA_ENABLED"
      description       = "Checks that every IAM user has MFA enabled."
      input_parameters  = null
    }
    "root-account-mfa-enabled" = {
      source_identifier = "ROOT_ACCOUNT_MFA_ENABLED"
      description       = "Checks that the root user has MFA enabled."
      input_parameters  = null
    }
  }
}

data "aws_iam_policy_document" "config_assume_role" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["config.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "config" {
  name               = "${var.project_name}-config-role"
  description        = "Role that AWS Config uses to read resource configurations and deliver snapshots to ${local.config_bucket_name}."
  assume_role_policy = data.aws_iam_policy_document.config_assume_role.json

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "config" {
  role       = aws_iam_role.config.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AWS_ConfigRole"
}

# Delivery with a role that is not the service-linked role needs S3
# permissions on the role itself ("Permissions for the Amazon S3 bucket for
# the AWS Config delivery channel" in the AWS Config Developer Guide). The key
# policy of the cloudtrail key grants the KMS side.
data "aws_iam_policy_document" "config_delivery" {
  statement {
    sid       = "CheckBucketAcl"
    actions   = ["s3:GetBucketAcl"]
    resources = [aws_s3_bucket.config.arn]
  }

  statement {
    sid       = "WriteSnapshots"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.config.arn}/AWSLogs/${local.account_id}/Config/*"]
  }
}

resource "aws_iam_role_policy" "config_delivery" {
  name   = "${var.project_name}-config-delivery"
  role   = aws_iam_role.config.id
  policy = data.aws_iam_policy_document.config_delivery.json
}

resource "aws_config_configuration_recorder" "this" {
  name     = local.config_recorder_name
  role_arn = aws_iam_role.config.arn

  recording_group {
    all_supported                 = true
    include_global_resource_types = var.config_include_global_resource_types
  }
}

resource "aws_config_delivery_channel" "this" {
  name           = "${var.project_name}-config-delivery"
  s3_bucket_name = aws_s3_bucket.config.id
  s3_kms_key_arn = aws_kms_key.cloudtrail.arn

  snapshot_delivery_properties {
    delivery_frequency = var.config_delivery_frequency
  }

  depends_on = [
    aws_config_configuration_recorder.this,
    aws_s3_bucket_policy.config,
    aws_iam_role_policy.config_delivery,
  ]
}

resource "aws_config_configuration_recorder_status" "this" {
  name       = aws_config_configuration_recorder.this.name
  is_enabled = true

  depends_on = [aws_config_delivery_channel.this]
}

resource "aws_config_config_rule" "this" {
  for_each = local.config_rules

  name             = "${var.project_name}-${each.key}"
  description      = each.value.description
  input_parameters = each.value.input_parameters

  source {
    owner             = "AWS"
    source_identifier = each.value.source_identifier
  }

  tags = var.tags

  depends_on = [aws_config_configuration_recorder.this]
}
