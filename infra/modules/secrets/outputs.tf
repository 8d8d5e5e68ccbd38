output "signing_secret_arn" {
  description = "ARN of the SigV4 signing secret. Pass it to the sigv4 module."
  value       = aws_secretsmanager_secret.signing.arn
}

output "signing_secret_name" {
  description = "Name of the SigV4 signing secret."
  value       = aws_secretsmanager_secret.signing.name
}

output "signing_kms_key_arn" {
  description = "ARN of the KMS key that encrypts the signing secret. Pass it to the sigv4 module."
  value       = aws_kms_key.signing.arn
}

output "signing_kms_alias_name" {
  description = "Alias of the KMS key that encrypts the signing secret."
  value       = aws_kms_alias.signing.name
}

output "service_kms_key_arns" {
  description = "ARN of each service's own KMS key, keyed by service. Pass it to the sigv4 module."
  value       = { for service, key in aws_kms_key.service : service => key.arn }
}

output "service_kms_alias_names" {
  description = "Alias of each service's own KMS key, keyed by service."
  value       = { for service, alias in aws_kms_alias.service : service => alias.name }
}

output "service_secret_prefixes" {
  description = "Name prefix of each service's own secrets, keyed by service. Create a service's secrets under its prefix and encrypt them with its own key."
  value       = { for service in var.services : service => "${var.project_name}/${service}/" }
}

output "rotation_function_arn" {
  description = "ARN of the rotation function."
  value       = aws_lambda_function.rotation.arn
}

output "rotation_function_name" {
  description = "Name of the rotation function."
  value       = aws_lambda_function.rotation.function_name
}

output "rotation_role_arn" {
  description = "ARN of the rotation function's execution role."
  value       = aws_iam_role.rotation.arn
}

output "rotation_log_group_name" {
  description = "Name of the rotation function's log group."
  value       = aws_cloudwatch_log_group.rotation.name
}

output "rotation_dead_letter_queue_arn" {
  description = "ARN of the rotation function's dead-letter queue."
  value       = aws_sqs_queue.rotation_dlq.arn
}

output "rotation_kms_key_arn" {
  description = "ARN of the KMS key that encrypts the rotation function's environment variables and log group."
  value       = aws_kms_key.rotation.arn
}
