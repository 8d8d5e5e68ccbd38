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

################################################################################
# Services and their roles
################################################################################

variable "services" {
  description = "Services that get their own KMS key alias/<project_name>-<service> for the secrets under <project_name>/<service>/. Orbit and Axon are required because they share the signing secret."
  type        = list(string)
  default     = ["orbit", "axon"]
  nullable    = false

  validation {
    condition     = contains(var.services, "orbit") && contains(var.services, "axon")
    error_message = "services must contain \"orbit\" and \"axon\"."
  }

  validation {
    condition     = alltrue([for service in var.services : can(regex("^[a-z][a-z0-9-]{0,19}$", service))]) && length(distinct(var.services)) == length(var.services)
    error_message = "services must be distinct names of 1 to 20 lowercase letters, digits and hyphens, starting with a letter."
  }

  validation {
    condition     = !contains(var.services, "sigv4")
    error_message = "services must not contain \"sigv4\": <project_name>/sigv4/ is the prefix of the shared signing secret."
  }
}

variable "service_role_arns" {
  description = "ARN of the role <project_name>-<service>-role of every service in services, keyed by service (the sigv4 module's role_arns output). The roles must exist before the key policies name them."
  type        = map(string)
  nullable    = false

  validation {
    condition     = alltrue([for arn in values(var.service_role_arns) : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$", arn))])
    error_message = "service_role_arns must map service names to IAM role ARNs without wildcards."
  }
}

variable "admin_role_arns" {
  description = "IAM roles that deploy and administer the signing secret, such as the role that runs Terraform. The secret policy exempts them from its deny of all other principals, but never lets them read the secret value. Their identity policies still decide what they may do."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.admin_role_arns) > 0
    error_message = "admin_role_arns must name at least one role; without one, the secret policy denies Terraform itself every later change to the secret."
  }

  validation {
    condition     = alltrue([for arn in var.admin_role_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$", arn))])
    error_message = "admin_role_arns must contain IAM role ARNs without wildcards, such as arn:aws:iam::123456789012:role/terraform. For an IAM Identity Center role, use the full ARN including the random suffix."
  }
}

variable "auditor_role_arns" {
  description = "IAM roles that read the signing secret's metadata and resource policy, such as the AWS Config recorder role and the role that runs the agentsec audit. They are exempt from the deny of all other principals, but never from the deny of reading the secret value."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for arn in var.auditor_role_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$", arn))])
    error_message = "auditor_role_arns must contain IAM role ARNs without wildcards."
  }
}

################################################################################
# Signing secret and rotation
################################################################################

variable "rotation_days" {
  description = "Days between automatic rotations of the signing secret."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.rotation_days >= 1 && var.rotation_days <= 90 && floor(var.rotation_days) == var.rotation_days
    error_message = "rotation_days must be a whole number from 1 to 90; AWS Security Hub control SecretsManager.4 fails secrets rotated less often than every 90 days."
  }
}

variable "secret_recovery_window_in_days" {
  description = "Days that Secrets Manager keeps the signing secret recoverable after it is deleted. 0 deletes it at once."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.secret_recovery_window_in_days == 0 || (var.secret_recovery_window_in_days >= 7 && var.secret_recovery_window_in_days <= 30)
    error_message = "secret_recovery_window_in_days must be 0 or a number from 7 to 30 (the values Secrets Manager accepts)."
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

variable "receiver_check_urls" {
  description = "URLs of the receivers' authenticated check endpoints. In the testSecret step the rotation function signs a request with the pending key and calls each URL; the rotation continues only if every receiver accepts the key."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.receiver_check_urls) > 0
    error_message = "receiver_check_urls must contain at least one URL; without receivers, testSecret cannot check the pending key."
  }

  validation {
    condition     = alltrue([for url in var.receiver_check_urls : can(regex("^https?://[^,\\s]+$", url))])
    error_message = "receiver_check_urls must contain http:// or https:// URLs without commas or whitespace, because the function receives them joined with commas."
  }
}

variable "test_timeout_seconds" {
  description = "Seconds that the rotation function waits for each receiver's check endpoint in the testSecret step."
  type        = number
  default     = 10
  nullable    = false

  validation {
    condition     = var.test_timeout_seconds >= 1 && var.test_timeout_seconds <= 60 && floor(var.test_timeout_seconds) == var.test_timeout_seconds
    error_message = "test_timeout_seconds must be a whole number from 1 to 60."
  }
}

################################################################################
# Rotation function
################################################################################

variable "lambda_package_path" {
  description = "Path of the zip archive that the lambda/rotation crate builds (for example with cargo lambda build --release --output-format zip). The archive must contain the executable named bootstrap."
  type        = string
  nullable    = false

  validation {
    condition     = endswith(var.lambda_package_path, ".zip")
    error_message = "lambda_package_path must be the path of a .zip archive."
  }
}

variable "lambda_architecture" {
  description = "Instruction set of the rotation function. It must match the target that the package was built for."
  type        = string
  default     = "arm64"
  nullable    = false

  validation {
    condition     = contains(["arm64", "x86_64"], var.lambda_architecture)
    error_message = "lambda_architecture must be \"arm64\" or \"x86_64\"."
  }
}

variable "lambda_timeout_seconds" {
  description = "Timeout of one invocation of the rotation function, in seconds. It must exceed test_timeout_seconds, because testSecret waits that long for each receiver."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = var.lambda_timeout_seconds >= 1 && var.lambda_timeout_seconds <= 900 && floor(var.lambda_timeout_seconds) == var.lambda_timeout_seconds
    error_message = "lambda_timeout_seconds must be a whole number from 1 to 900 (the range Lambda accepts)."
  }
}

variable "lambda_memory_size" {
  description = "Memory of the rotation function, in MiB."
  type        = number
  default     = 256
  nullable    = false

  validation {
    condition     = var.lambda_memory_size >= 128 && var.lambda_memory_size <= 10240 && floor(var.lambda_memory_size) == var.lambda_memory_size
    error_message = "lambda_memory_size must be a whole number of MiB from 128 to 10240 (the range Lambda accepts)."
  }
}

variable "lambda_reserved_concurrency" {
  description = "Concurrent executions reserved for the rotation function. Secrets Manager runs the steps of one rotation one after another, so 1 is enough for the single signing secret."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.lambda_reserved_concurrency >= 1 && floor(var.lambda_reserved_concurrency) == var.lambda_reserved_concurrency
    error_message = "lambda_reserved_concurrency must be a whole number of at least 1; 0 would stop the function from running."
  }
}

variable "lambda_subnet_ids" {
  description = "Subnets in which the rotation function runs. They need a route to Secrets Manager (an interface VPC endpoint or a NAT gateway) and to every receiver check URL."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.lambda_subnet_ids) > 0 && alltrue([for id in var.lambda_subnet_ids : can(regex("^subnet-[0-9a-f]+$", id))])
    error_message = "lambda_subnet_ids must contain at least one subnet ID such as subnet-0123456789abcdef0."
  }
}

variable "lambda_security_group_ids" {
  description = "Security groups of the rotation function's network interfaces. They must allow outbound HTTPS to Secrets Manager and to the receivers."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.lambda_security_group_ids) > 0 && alltrue([for id in var.lambda_security_group_ids : can(regex("^sg-[0-9a-f]+$", id))])
    error_message = "lambda_security_group_ids must contain at least one security group ID such as sg-0123456789abcdef0."
  }
}

variable "log_retention_days" {
  description = "Retention in days of the rotation function's log group."
  type        = number
  default     = 365
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention period that CloudWatch Logs accepts, such as 365 or 731."
  }
}
