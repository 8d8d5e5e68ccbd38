# Offline plan tests of the four modules: naming, the CIS control switches and
# the input checks. They need a local copy of the hashicorp/aws provider
# (terraform init -plugin-dir=...) but no AWS account. The provider below has
# fake credentials, and every endpoint points at a closed local port, so an
# API call that a data source override misses fails at once instead of
# leaving the machine.

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock"
  secret_key                  = "mock"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  endpoints {
    sts            = "http://127.0.0.1:1"
    iam            = "http://127.0.0.1:1"
    kms            = "http://127.0.0.1:1"
    s3             = "http://127.0.0.1:1"
    secretsmanager = "http://127.0.0.1:1"
    lambda         = "http://127.0.0.1:1"
    logs           = "http://127.0.0.1:1"
    cloudwatch     = "http://127.0.0.1:1"
    sns            = "http://127.0.0.1:1"
    sqs            = "http://127.0.0.1:1"
    configservice  = "http://127.0.0.1:1"
    cloudtrail     = "http://127.0.0.1:1"
    accessanalyzer = "http://127.0.0.1:1"
    ec2            = "http://127.0.0.1:1"
  }
}

variables {
  admin_role_arns           = ["arn:aws:iam::123456789012:role/terraform"]
  axon_api_execution_arn    = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/POST/*"
  lambda_package_path       = "missing/bootstrap.zip"
  lambda_subnet_ids         = ["subnet-0123456789abcdef0"]
  lambda_security_group_ids = ["sg-0123456789abcdef0"]
  receiver_check_urls       = ["https://axon.internal/check", "https://orbit.internal/check"]
}

override_data {
  override_during = plan
  target          = module.security.data.aws_caller_identity.current
  values          = { account_id = "123456789012" }
}
override_data {
  override_during = plan
  target          = module.sigv4.data.aws_caller_identity.current
  values          = { account_id = "123456789012" }
}
override_data {
  override_during = plan
  target          = module.secrets.data.aws_caller_identity.current
  values          = { account_id = "123456789012" }
}
override_data {
  override_during = plan
  target          = module.monitoring.data.aws_caller_identity.current
  values          = { account_id = "123456789012" }
}
override_data {
  override_during = plan
  target          = module.security.data.aws_partition.current
  values          = { partition = "aws" }
}
override_data {
  override_during = plan
  target          = module.sigv4.data.aws_partition.current
  values          = { partition = "aws" }
}
override_data {
  override_during = plan
  target          = module.secrets.data.aws_partition.current
  values          = { partition = "aws" }
}
override_data {
  override_during = plan
  target          = module.monitoring.data.aws_partition.current
  values          = { partition = "aws" }
}
override_data {
  override_during = plan
  target          = module.security.data.aws_region.current
  values          = { name = "us-east-1" }
}
override_data {
  override_during = plan
  target          = module.sigv4.data.aws_region.current
  values          = { name = "us-east-1" }
}
override_data {
  override_during = plan
  target          = module.secrets.data.aws_region.current
  values          = { name = "us-east-1" }
}
override_data {
  override_during = plan
  target          = module.monitoring.data.aws_region.current
  values          = { name = "us-east-1" }
}
override_resource {
  override_during = plan
  target          = module.sigv4.aws_iam_role.this["orbit"]
  values          = { arn = "arn:aws:iam::123456789012:role/agentsec-orbit-role" }
}
override_resource {
  override_during = plan
  target          = module.sigv4.aws_iam_role.this["axon"]
  values          = { arn = "arn:aws:iam::123456789012:role/agentsec-axon-role" }
}
override_resource {
  override_during = plan
  target          = module.secrets.aws_iam_role.rotation
  values          = { arn = "arn:aws:iam::123456789012:role/agentsec-rotation-role" }
}
override_resource {
  override_during = plan
  target          = module.security.aws_iam_role.config
  values          = { arn = "arn:aws:iam::123456789012:role/agentsec-config-role" }
}
override_resource {
  override_during = plan
  target          = module.secrets.aws_kms_key.signing
  values          = { arn = "arn:aws:kms:us-east-1:123456789012:key/11111111-1111-1111-1111-111111111111" }
}
override_resource {
  override_during = plan
  target          = module.secrets.aws_kms_key.service["orbit"]
  values          = { arn = "arn:aws:kms:us-east-1:123456789012:key/22222222-2222-2222-2222-222222222222" }
}
override_resource {
  override_during = plan
  target          = module.secrets.aws_kms_key.service["axon"]
  values          = { arn = "arn:aws:kms:us-east-1:123456789012:key/33333333-3333-3333-3333-333333333333" }
}
override_resource {
  override_during = plan
  target          = module.secrets.aws_secretsmanager_secret.signing
  values          = { arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:agentsec/sigv4/signing-key-AbCdEf" }
}

run "complete_example_names" {
  command = plan

  assert {
    condition     = length(output.cis_alarm_names) == 15
    error_message = "expected one CIS alarm per control, 15 in all"
  }

  assert {
    condition     = alltrue([for control, name in output.cis_alarm_names : name == "agentsec-cis-${control}"])
    error_message = "CIS alarm names must be agentsec-cis-<control>"
  }

  assert {
    condition     = output.security_alarm_names["sigv4-rejections"] == "agentsec-sigv4-rejections"
    error_message = "the audit looks for the alarm agentsec-sigv4-rejections"
  }

  assert {
    condition     = output.service_log_group_names["orbit"] == "/agentsec/orbit" && output.service_log_group_names["axon"] == "/agentsec/axon"
    error_message = "service log groups must be /agentsec/<service>"
  }

  assert {
    condition     = output.rotation_function_name == "agentsec-sigv4-rotation"
    error_message = "the rotation function must be agentsec-sigv4-rotation"
  }

  assert {
    condition     = output.dashboard_name == "agentsec-security"
    error_message = "the dashboard must be agentsec-security"
  }
}

run "cis_control_switched_off" {
  command = plan
  module {
    source = "../../modules/security"
  }

  override_data {
    target          = data.aws_caller_identity.current
    override_during = plan
    values          = { account_id = "123456789012" }
  }
  override_data {
    target          = data.aws_partition.current
    override_during = plan
    values          = { partition = "aws" }
  }
  override_data {
    target          = data.aws_region.current
    override_during = plan
    values          = { name = "us-east-1" }
  }

  variables {
    project_name       = "agentsec"
    cis_alarm_controls = { "vpc-changes" = false, "nacl-changes" = false }
  }

  assert {
    condition     = length(output.cis_alarm_names) == 13 && !contains(keys(output.cis_alarm_names), "vpc-changes")
    error_message = "expected 13 CIS alarms without vpc-changes"
  }
}

run "unknown_cis_control_rejected" {
  command = plan
  module {
    source = "../../modules/security"
  }

  override_data {
    target          = data.aws_caller_identity.current
    override_during = plan
    values          = { account_id = "123456789012" }
  }
  override_data {
    target          = data.aws_partition.current
    override_during = plan
    values          = { partition = "aws" }
  }
  override_data {
    target          = data.aws_region.current
    override_during = plan
    values          = { name = "us-east-1" }
  }

  variables {
    project_name       = "agentsec"
    cis_alarm_controls = { "vpc-change" = false }
  }

  expect_failures = [var.cis_alarm_controls]
}

run "misnamed_service_role_rejected" {
  command = plan
  module {
    source = "../../modules/secrets"
  }

  override_data {
    target          = data.aws_caller_identity.current
    override_during = plan
    values          = { account_id = "123456789012" }
  }
  override_data {
    target          = data.aws_partition.current
    override_during = plan
    values          = { partition = "aws" }
  }
  override_data {
    target          = data.aws_region.current
    override_during = plan
    values          = { name = "us-east-1" }
  }

  variables {
    project_name              = "agentsec"
    admin_role_arns           = ["arn:aws:iam::123456789012:role/terraform"]
    lambda_package_path       = "missing/bootstrap.zip"
    lambda_subnet_ids         = ["subnet-0123456789abcdef0"]
    lambda_security_group_ids = ["sg-0123456789abcdef0"]
    receiver_check_urls       = ["https://axon.internal/check"]
    service_role_arns         = { orbit = "arn:aws:iam::123456789012:role/agentsec-orbit-role", axon = "arn:aws:iam::123456789012:role/wrong-name" }
  }

  expect_failures = [data.aws_iam_policy_document.service_key, data.aws_iam_policy_document.signing_key]
}

run "missing_service_role_rejected" {
  command = plan
  module {
    source = "../../modules/secrets"
  }

  override_data {
    target          = data.aws_caller_identity.current
    override_during = plan
    values          = { account_id = "123456789012" }
  }
  override_data {
    target          = data.aws_partition.current
    override_during = plan
    values          = { partition = "aws" }
  }
  override_data {
    target          = data.aws_region.current
    override_during = plan
    values          = { name = "us-east-1" }
  }

  variables {
    project_name              = "agentsec"
    admin_role_arns           = ["arn:aws:iam::123456789012:role/terraform"]
    lambda_package_path       = "missing/bootstrap.zip"
    lambda_subnet_ids         = ["subnet-0123456789abcdef0"]
    lambda_security_group_ids = ["sg-0123456789abcdef0"]
    receiver_check_urls       = ["https://axon.internal/check"]
    service_role_arns         = { orbit = "arn:aws:iam::123456789012:role/agentsec-orbit-role" }
  }

  expect_failures = [data.aws_iam_policy_document.service_key, data.aws_iam_policy_document.signing_key]
}

run "admin_roles_required" {
  command = plan
  module {
    source = "../../modules/secrets"
  }

  override_data {
    target          = data.aws_caller_identity.current
    override_during = plan
    values          = { account_id = "123456789012" }
  }
  override_data {
    target          = data.aws_partition.current
    override_during = plan
    values          = { partition = "aws" }
  }
  override_data {
    target          = data.aws_region.current
    override_during = plan
    values          = { name = "us-east-1" }
  }

  variables {
    project_name              = "agentsec"
    admin_role_arns           = []
    lambda_package_path       = "missing/bootstrap.zip"
    lambda_subnet_ids         = ["subnet-0123456789abcdef0"]
    lambda_security_group_ids = ["sg-0123456789abcdef0"]
    receiver_check_urls       = ["https://axon.internal/check"]
    service_role_arns         = { orbit = "arn:aws:iam::123456789012:role/agentsec-orbit-role", axon = "arn:aws:iam::123456789012:role/agentsec-axon-role" }
  }

  expect_failures = [var.admin_role_arns]
}

run "lambda_timeout_too_short_rejected" {
  command = plan
  module {
    source = "../../modules/secrets"
  }

  override_data {
    target          = data.aws_caller_identity.current
    override_during = plan
    values          = { account_id = "123456789012" }
  }
  override_data {
    target          = data.aws_partition.current
    override_during = plan
    values          = { partition = "aws" }
  }
  override_data {
    target          = data.aws_region.current
    override_during = plan
    values          = { name = "us-east-1" }
  }

  variables {
    project_name              = "agentsec"
    admin_role_arns           = ["arn:aws:iam::123456789012:role/terraform"]
    lambda_package_path       = "missing/bootstrap.zip"
    lambda_subnet_ids         = ["subnet-0123456789abcdef0"]
    lambda_security_group_ids = ["sg-0123456789abcdef0"]
    receiver_check_urls       = ["https://axon.internal/check"]
    service_role_arns         = { orbit = "arn:aws:iam::123456789012:role/agentsec-orbit-role", axon = "arn:aws:iam::123456789012:role/agentsec-axon-role" }
    lambda_timeout_seconds    = 10
    test_timeout_seconds      = 10
  }

  expect_failures = [aws_lambda_function.rotation]
}

run "monitoring_names" {
  command = plan
  module {
    source = "../../modules/monitoring"
  }

  override_data {
    target          = data.aws_caller_identity.current
    override_during = plan
    values          = { account_id = "123456789012" }
  }
  override_data {
    target          = data.aws_partition.current
    override_during = plan
    values          = { partition = "aws" }
  }
  override_data {
    target          = data.aws_region.current
    override_during = plan
    values          = { name = "us-east-1" }
  }

  variables {
    project_name        = "agentsec"
    alarm_sns_topic_arn = "arn:aws:sns:us-east-1:123456789012:agentsec-security-alarms"
  }

  assert {
    condition     = output.alarm_names["sigv4-rejections"] == "agentsec-sigv4-rejections" && length(output.metric_names) == 14
    error_message = "unexpected alarm or metric names"
  }
}
