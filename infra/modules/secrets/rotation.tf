# The rotation function of the signing secret: a Rust Lambda function on the
# provided.al2023 runtime that runs the four Secrets Manager rotation steps
# (createSecret, setSecret, testSecret, finishSecret), with its role, log
# group, dead-letter queue, KMS key and the permission for Secrets Manager to
# invoke it.

locals {
  rotation_log_group_arn = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.rotation_log_group}"
  lambda_service         = "lambda.${local.region}.amazonaws.com"
}

################################################################################
# KMS key for the function's environment variables and log group
################################################################################

data "aws_iam_policy_document" "rotation_key" {
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

  statement {
    sid = "CloudWatchLogsEncryptRotationLogGroup"
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
      values   = [local.rotation_log_group_arn]
    }
  }

  # Lambda uses the key on behalf of the deploying principal when it stores
  # the environment variables, and through a grant when the function starts.
  # The two statements below allow that only through Lambda, and grants only
  # for AWS resources.
  statement {
    sid       = "AccountEncryptEnvironmentThroughLambda"
    actions   = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [local.lambda_service]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = [local.account_id]
    }
  }

  statement {
    sid       = "AccountCreateGrantThroughLambda"
    actions   = ["kms:CreateGrant"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [local.lambda_service]
    }

    condition {
      test     = "Bool"
      variable = "kms:GrantIsForAWSResource"
      values   = ["true"]
    }
  }

  statement {
    sid       = "RotationRoleDecryptEnvironment"
    actions   = ["kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.rotation.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [local.lambda_service]
    }
  }
}

resource "aws_kms_key" "rotation" {
  description             = "${var.project_name}: environment variables and log group of the ${local.rotation_function_name} function"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_in_days
  policy                  = data.aws_iam_policy_document.rotation_key.json

  tags = var.tags
}

resource "aws_kms_alias" "rotation" {
  name          = "alias/${local.rotation_function_name}"
  target_key_id = aws_kms_key.rotation.key_id
}

################################################################################
# Role
################################################################################

data "aws_iam_policy_document" "rotation_assume_role" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "rotation" {
  name               = local.rotation_role_name
  description        = "Execution role of the ${local.rotation_function_name} function: rotates ${local.signing_secret_name} only."
  assume_role_policy = data.aws_iam_policy_document.rotation_assume_role.json

  tags = var.tags
}

data "aws_iam_policy_document" "rotation" {
  statement {
    sid = "RotateSigningSecret"
    actions = [
      "secretsmanager:DescribeSecret",
      "secretsmanager:GetSecretValue",
      "secretsmanager:PutSecretValue",
      "secretsmanager:UpdateSecretVersionStage",
    ]
    resources = [aws_secretsmanager_secret.signing.arn]
  }

  # GetRandomPassword acts on no resource, so IAM accepts only "*" here.
  statement {
    sid       = "GenerateRandomKey"
    actions   = ["secretsmanager:GetRandomPassword"]
    resources = ["*"]
  }

  statement {
    sid       = "UseSigningKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.signing.arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [local.secretsmanager_service]
    }
  }

  statement {
    sid       = "WriteLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.rotation_log_group_arn}:log-stream:*"]
  }

  statement {
    sid       = "SendToDeadLetterQueue"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.rotation_dlq.arn]
  }

  # The network interface actions of the AWS managed policy
  # AWSLambdaVPCAccessExecutionRole, narrowed to the function's own subnets
  # and security groups.
  # NOTE: the narrowed resources have not been applied against AWS yet. If
  # CreateFunction fails with "The provided execution role does not have
  # permissions to call CreateNetworkInterface", CloudTrail names the
  # resource that the request was denied on.
  statement {
    sid     = "CreateNetworkInterfaces"
    actions = ["ec2:CreateNetworkInterface"]
    resources = concat(
      ["arn:${local.partition}:ec2:${local.region}:${local.account_id}:network-interface/*"],
      [for id in var.lambda_subnet_ids : "arn:${local.partition}:ec2:${local.region}:${local.account_id}:subnet/${id}"],
      [for id in var.lambda_security_group_ids : "arn:${local.partition}:ec2:${local.region}:${local.account_id}:security-group/${id}"],
    )
  }

  statement {
    sid = "ManageNetworkInterfaces"
    actions = [
      "ec2:AssignPrivateIpAddresses",
      "ec2:DeleteNetworkInterface",
      "ec2:UnassignPrivateIpAddresses",
    ]
    resources = ["arn:${local.partition}:ec2:${local.region}:${local.account_id}:network-interface/*"]
  }

  # EC2 Describe actions and the X-Ray write actions support no resource-level
  # permissions, so IAM accepts only "*" for them.
  statement {
    sid = "DescribeNetwork"
    actions = [
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeSubnets",
    ]
    resources = ["*"]
  }

  statement {
    sid = "WriteTraces"
    actions = [
      "xray:PutTelemetryRecords",
      "xray:PutTraceSegments",
    ]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "rotation" {
  name   = "${var.project_name}-rotation-policy"
  role   = aws_iam_role.rotation.id
  policy = data.aws_iam_policy_document.rotation.json
}

################################################################################
# Function
################################################################################

resource "aws_cloudwatch_log_group" "rotation" {
  name              = local.rotation_log_group
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.rotation.arn

  tags = var.tags
}

# Lambda sends an event here only when an asynchronous invocation fails all
# its retries. The events carry the secret ID and rotation step, never key
# material, so SQS-managed encryption is enough.
resource "aws_sqs_queue" "rotation_dlq" {
  name                      = "${local.rotation_function_name}-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true

  tags = var.tags
}

resource "aws_lambda_function" "rotation" {
  #checkov:skip=CKV_AWS_272:Code signing needs an AWS Signer job that writes a signed package to S3; this module deploys the zip that cargo lambda builds locally, which Lambda would reject under an enforcing code signing configuration.
  function_name = local.rotation_function_name
  description   = "Rotates the SigV4 signing secret ${local.signing_secret_name}."
  role          = aws_iam_role.rotation.arn

  runtime       = "provided.al2023"
  handler       = "bootstrap"
  architectures = [var.lambda_architecture]
  filename      = var.lambda_package_path

  # try() lets a plan run before the package is built. The apply still needs
  # the file.
  source_code_hash = try(filebase64sha256(var.lambda_package_path), null)

  memory_size                    = var.lambda_memory_size
  timeout                        = var.lambda_timeout_seconds
  reserved_concurrent_executions = var.lambda_reserved_concurrency
  kms_key_arn                    = aws_kms_key.rotation.arn

  environment {
    variables = {
      RECEIVER_CHECK_URLS  = join(",", var.receiver_check_urls)
      TEST_TIMEOUT_SECONDS = tostring(var.test_timeout_seconds)
    }
  }

  vpc_config {
    subnet_ids         = var.lambda_subnet_ids
    security_group_ids = var.lambda_security_group_ids
  }

  tracing_config {
    mode = "Active"
  }

  dead_letter_config {
    target_arn = aws_sqs_queue.rotation_dlq.arn
  }

  tags = var.tags

  depends_on = [
    aws_cloudwatch_log_group.rotation,
    aws_iam_role_policy.rotation,
  ]

  lifecycle {
    # The check assumes the worst case: the function calls the receivers one
    # after another and each one takes the full test timeout.
    precondition {
      condition     = var.lambda_timeout_seconds > var.test_timeout_seconds * length(var.receiver_check_urls)
      error_message = "lambda_timeout_seconds must exceed test_timeout_seconds times the number of receiver_check_urls, or testSecret can time out before every receiver answers."
    }
  }
}

resource "aws_lambda_permission" "secretsmanager" {
  statement_id   = "AllowSecretsManagerInvoke"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.rotation.function_name
  principal      = "secretsmanager.amazonaws.com"
  source_account = local.account_id
}
