# A multi-region CloudTrail trail with log file validation, KMS encryption,
# and delivery to a CloudWatch Logs log group that the CIS metric filters read.

resource "aws_cloudwatch_log_group" "cloudtrail" {
  name              = local.trail_log_group_name
  retention_in_days = var.cloudtrail_log_retention_days
  kms_key_id        = aws_kms_key.cloudtrail.arn

  tags = var.tags
}

data "aws_iam_policy_document" "cloudtrail_logs_assume_role" {
  statement {
    actions = ["sts:AssumeRole"]

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
}

resource "aws_iam_role" "cloudtrail_logs" {
  name               = "${var.project_name}-cloudtrail-logs-role"
  description        = "Role that CloudTrail uses to deliver ${local.trail_name} events to ${local.trail_log_group_name}."
  assume_role_policy = data.aws_iam_policy_document.cloudtrail_logs_assume_role.json

  tags = var.tags
}

data "aws_iam_policy_document" "cloudtrail_logs" {
  statement {
    sid       = "DeliverTrailEvents"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.cloudtrail.arn}:log-stream:*"]
  }
}

resource "aws_iam_role_policy" "cloudtrail_logs" {
  name   = "${var.project_name}-cloudtrail-logs"
  role   = aws_iam_role.cloudtrail_logs.id
  policy = data.aws_iam_policy_document.cloudtrail_logs.json
}

resource "aws_cloudtrail" "this" {
  #checkov:skip=CKV_AWS_252:CloudTrail sends one SNS notification per delivered log file and nothing consumes them; on the security alarm topic they would bury the alarms. StopLogging, UpdateTrail and DeleteTrail raise the cloudtrail-config-changes alarm instead.
  name                          = local.trail_name
  s3_bucket_name                = aws_s3_bucket.cloudtrail.id
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  kms_key_id                    = aws_kms_key.cloudtrail.arn

  # CloudTrail requires the ":*" suffix on the log group ARN.
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.cloudtrail.arn}:*"
  cloud_watch_logs_role_arn  = aws_iam_role.cloudtrail_logs.arn

  event_selector {
    read_write_type           = "All"
    include_management_events = true
  }

  tags = var.tags

  depends_on = [
    aws_s3_bucket_policy.cloudtrail,
    aws_iam_role_policy.cloudtrail_logs,
  ]
}
