variable "project_name" {
  description = "Prefix of every resource name. Lowercase letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.project_name))
    error_message = "project_name must be 3 to 32 characters of lowercase letters, digits and hyphens, start with a letter and not end with a hyphen."
  }
}

variable "tags" {
  description = "Tags added to every resource that supports tags."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "services" {
  description = "Services whose log group /<project_name>/<service> this module creates and filters."
  type        = list(string)
  default     = ["orbit", "axon"]
  nullable    = false

  validation {
    condition     = length(var.services) > 0 && alltrue([for service in var.services : can(regex("^[a-z][a-z0-9-]{0,19}$", service))]) && length(distinct(var.services)) == length(var.services)
    error_message = "services must be a non-empty list of distinct names of 1 to 20 lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "log_retention_days" {
  description = "Retention in days of the service log groups."
  type        = number
  default     = 365
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention period that CloudWatch Logs accepts, such as 365 or 731."
  }
}

variable "kms_key_arn" {
  description = "ARN of the KMS key that encrypts the service log groups. Its key policy must let logs.<region>.amazonaws.com use it for these log groups. When null, the module creates the key alias/<project_name>-service-logs."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be null or a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab."
  }
}

variable "kms_deletion_window_in_days" {
  description = "Waiting period, in days, before KMS deletes the key that this module creates, after it is scheduled for deletion. Unused when kms_key_arn is set."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.kms_deletion_window_in_days >= 7 && var.kms_deletion_window_in_days <= 30 && floor(var.kms_deletion_window_in_days) == var.kms_deletion_window_in_days
    error_message = "kms_deletion_window_in_days must be a whole number from 7 to 30 (the range KMS accepts)."
  }
}

variable "alarm_sns_topic_arn" {
  description = "ARN of the SNS topic that receives the alarms (the security module's alarm_topic_arn output)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$", var.alarm_sns_topic_arn))
    error_message = "alarm_sns_topic_arn must be an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:agentsec-security-alarms."
  }
}

variable "sigv4_rejection_threshold" {
  description = "Rejected SigV4 requests per alarm period that raise the <project_name>-sigv4-rejections alarm. Orbit and Axon sign every call, so any rejection between them is unexpected."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.sigv4_rejection_threshold >= 1
    error_message = "sigv4_rejection_threshold must be at least 1."
  }
}

variable "sigv4_replay_threshold" {
  description = "Replayed SigV4 requests per alarm period that raise the <project_name>-sigv4-replays alarm."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.sigv4_replay_threshold >= 1
    error_message = "sigv4_replay_threshold must be at least 1."
  }
}

variable "authz_denial_threshold" {
  description = "Authorization denials per alarm period that raise the <project_name>-authz-denials alarm."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.authz_denial_threshold >= 1
    error_message = "authz_denial_threshold must be at least 1."
  }
}

variable "alarm_period_seconds" {
  description = "Length of one alarm evaluation period, in seconds."
  type        = number
  default     = 300
  nullable    = false

  validation {
    condition     = var.alarm_period_seconds >= 60 && var.alarm_period_seconds % 60 == 0
    error_message = "alarm_period_seconds must be a multiple of 60 of at least 60, because log metric filters publish standard-resolution metrics."
  }
}

variable "alarm_evaluation_periods" {
  description = "Number of consecutive periods over which each alarm compares the metric with its threshold."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.alarm_evaluation_periods >= 1 && floor(var.alarm_evaluation_periods) == var.alarm_evaluation_periods
    error_message = "alarm_evaluation_periods must be a whole number of at least 1."
  }
}
