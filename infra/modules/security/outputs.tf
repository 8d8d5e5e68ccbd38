output "access_analyzer_arn" {
  description = "ARN of the IAM Access Analyzer."
  value       = aws_accessanalyzer_analyzer.this.arn
}

output "access_analyzer_name" {
  description = "Name of the IAM Access Analyzer."
  value       = aws_accessanalyzer_analyzer.this.analyzer_name
}

output "cloudtrail_arn" {
  description = "ARN of the multi-region CloudTrail trail."
  value       = aws_cloudtrail.this.arn
}

output "cloudtrail_name" {
  description = "Name of the multi-region CloudTrail trail."
  value       = aws_cloudtrail.this.name
}

output "cloudtrail_bucket_name" {
  description = "Name of the S3 bucket that receives the CloudTrail log files."
  value       = aws_s3_bucket.cloudtrail.id
}

output "cloudtrail_log_group_name" {
  description = "Name of the CloudWatch Logs log group that receives the CloudTrail events."
  value       = aws_cloudwatch_log_group.cloudtrail.name
}

output "cloudtrail_log_group_arn" {
  description = "ARN of the CloudWatch Logs log group that receives the CloudTrail events."
  value       = aws_cloudwatch_log_group.cloudtrail.arn
}

output "cloudtrail_kms_key_arn" {
  description = "ARN of the KMS key that encrypts the CloudTrail log files, the CloudTrail log group and the Config snapshots."
  value       = aws_kms_key.cloudtrail.arn
}

output "access_logs_bucket_name" {
  description = "Name of the S3 bucket that receives the server access logs of the CloudTrail and Config buckets."
  value       = aws_s3_bucket.access_logs.id
}

output "config_bucket_name" {
  description = "Name of the S3 bucket that receives the AWS Config snapshots."
  value       = aws_s3_bucket.config.id
}

output "config_recorder_name" {
  description = "Name of the AWS Config configuration recorder."
  value       = aws_config_configuration_recorder.this.name
}

output "config_role_arn" {
  description = "ARN of the role that AWS Config uses. Pass it to the secrets module's secret_admin_role_arns so that Config can record the signing secret."
  value       = aws_iam_role.config.arn
}

output "config_rule_names" {
  description = "Names of the AWS Config rules, keyed by AWS managed rule identifier (for example IAM_PASSWORD_POLICY)."
  value       = { for rule in aws_config_config_rule.this : rule.source[0].source_identifier => rule.name }
}

output "alarm_topic_arn" {
  description = "ARN of the SNS topic that receives the security alarms. Pass it to the monitoring module."
  value       = aws_sns_topic.this.arn
}

output "alarm_topic_kms_key_arn" {
  description = "ARN of the KMS key that encrypts the security alarm topic."
  value       = aws_kms_key.alarms.arn
}

output "cis_metric_namespace" {
  description = "CloudWatch namespace of the CIS metrics."
  value       = local.cis_metric_namespace
}

output "cis_metric_filter_names" {
  description = "Names of the CIS metric filters, keyed by control name."
  value       = { for name, filter in aws_cloudwatch_log_metric_filter.cis : name => filter.name }
}

output "cis_alarm_names" {
  description = "Names of the CIS alarms, keyed by control name."
  value       = { for name, alarm in aws_cloudwatch_metric_alarm.cis : name => alarm.alarm_name }
}
