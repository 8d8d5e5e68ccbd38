variable "project_name" {
  description = "Prefix of every resource name. Lowercase letters, digits and hyphens, because it is part of S3 bucket names."
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

################################################################################
# IAM password policy
################################################################################

variable "minimum_password_length" {
  description = "Minimum length of IAM user passwords. CIS requires at least 14."
  type        = number
  default     = 14
  nullable    = false

  validation {
    condition     = var.minimum_password_length >= 6 && var.minimum_password_length <= 128 && floor(var.minimum_password_length) == var.minimum_password_length
    error_message = "minimum_password_length must be a whole number from 6 to 128 (the range IAM accepts)."
  }
}

variable "require_uppercase_characters" {
  description = "Whether IAM user passwords must contain an uppercase letter. CIS requires true."
  type        = bool
  default     = true
  nullable    = false
}

variable "require_lowercase_characters" {
  description = "Whether IAM user passwords must contain a lowercase letter. CIS requires true."
  type        = bool
  default     = true
  nullable    = false
}

variable "require_numbers" {
  description = "Whether IAM user passwords must contain a digit. CIS requires true."
  type        = bool
  default     = true
  nullable    = false
}

variable "require_symbols" {
  description = "Whether IAM user passwords must contain a non-alphanumeric character. CIS requires true."
  type        = bool
  default     = true
  nullable    = false
}

variable "password_reuse_prevention" {
  description = "Number of previous passwords that IAM users cannot reuse. CIS requires 24."
  type        = number
  default     = 24
  nullable    = false

  validation {
    condition     = var.password_reuse_prevention >= 1 && var.password_reuse_prevention <= 24 && floor(var.password_reuse_prevention) == var.password_reuse_prevention
    error_message = "password_reuse_prevention must be a whole number from 1 to 24 (the range IAM accepts)."
  }
}

variable "max_password_age" {
  description = "Days after which an IAM user password expires. CIS requires 90 or fewer."
  type        = number
  default     = 90
  nullable    = false

  validation {
    condition     = var.max_password_age >= 1 && var.max_password_age <= 1095 && floor(var.max_password_age) == var.max_password_age
    error_message = "max_password_age must be a whole number of days from 1 to 1095 (the range IAM accepts)."
  }
}

################################################################################
# AWS Config
################################################################################

variable "config_include_global_resource_types" {
  description = "Whether the Config recorder records global resources such as IAM users and roles. Enable it in exactly one region, because each enabled region records the same global resources again."
  type        = bool
  default     = true
  nullable    = false
}

variable "config_delivery_frequency" {
  description = "How often AWS Config delivers configuration snapshots to the S3 bucket."
  type        = string
  default     = "TwentyFour_Hours"
  nullable    = false

  validation {
    condition     = contains(["One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours"], var.config_delivery_frequency)
    error_message = "config_delivery_frequency must be one of One_Hour, Three_Hours, Six_Hours, Twelve_Hours, TwentyFour_Hours."
  }
}

################################################################################
# Logs, buckets and keys
################################################################################

variable "cloudtrail_log_retention_days" {
  description = "Retention in days of the CloudTrail log group in CloudWatch Logs."
  type        = number
  default     = 365
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.cloudtrail_log_retention_days)
    error_message = "cloudtrail_log_retention_days must be a retention period that CloudWatch Logs accepts, such as 365 or 731."
  }
}

variable "log_bucket_expiration_days" {
  description = "Days after which objects in the CloudTrail, Config and access-log buckets expire. Noncurrent versions expire 90 days after they are replaced."
  type        = number
  default     = 365
  nullable    = false

  validation {
    condition     = var.log_bucket_expiration_days >= 365 && floor(var.log_bucket_expiration_days) == var.log_bucket_expiration_days
    error_message = "log_bucket_expiration_days must be a whole number of days, at least 365, so that one year of audit logs is kept."
  }
}

variable "kms_deletion_window_in_days" {
  description = "Waiting period, in days, before KMS deletes a key of this module after it is scheduled for deletion."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.kms_deletion_window_in_days >= 7 && var.kms_deletion_window_in_days <= 30 && floor(var.kms_deletion_window_in_days) == var.kms_deletion_window_in_days
    error_message = "kms_deletion_window_in_days must be a whole number from 7 to 30 (the range KMS accepts)."
  }
}

################################################################################
# CIS alarms
################################################################################

variable "cis_alarm_controls" {
  description = "Switches for the CIS metric filters and alarms, keyed by control name (for example { \"vpc-changes\" = false }). A control missing from the map is enabled. The README lists the control names."
  type        = map(bool)
  default     = {}
  nullable    = false

  validation {
    condition = alltrue([
      for name in keys(var.cis_alarm_controls) : contains([
        "unauthorized-api-calls",
        "console-signin-without-mfa",
        "root-account-usage",
        "iam-policy-changes",
        "cloudtrail-config-changes",
        "console-authentication-failures",
        "cmk-disable-or-deletion",
        "s3-bucket-policy-changes",
        "config-changes",
        "security-group-changes",
        "nacl-changes",
        "network-gateway-changes",
        "route-table-changes",
        "vpc-changes",
        "organizations-changes",
      ], name)
    ])
    error_message = "cis_alarm_controls contains an unknown control name. The module README lists the valid names."
  }
}

variable "alarm_email_addresses" {
  description = "Email addresses subscribed to the security alarm topic. Each address must confirm the subscription before it receives alarms."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for address in var.alarm_email_addresses : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", address))])
    error_message = "alarm_email_addresses must contain only email addresses such as security@example.com."
  }
}
