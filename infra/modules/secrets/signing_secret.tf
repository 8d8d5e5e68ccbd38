# The SigV4 signing secret that Orbit signs with and Axon verifies with. It
# sits under <project_name>/sigv4/ rather than under a service's prefix,
# because both services read it.
#
# Terraform creates the secret without a value, so that no key material ever
# enters the Terraform state. The first rotation, which Secrets Manager starts
# as soon as rotation is enabled, creates the first version.
#
# NOTE: the rotation function must therefore accept a secret that has no
# AWSCURRENT version yet, in createSecret (nothing to copy) and in
# finishSecret (no version to move the label from).

resource "aws_secretsmanager_secret" "signing" {
  name                    = local.signing_secret_name
  description             = "SigV4 signing key shared by the orbit and axon services of ${var.project_name}: JSON with access_key_id and secret_access_key."
  kms_key_id              = aws_kms_key.signing.arn
  recovery_window_in_days = var.secret_recovery_window_in_days

  tags = var.tags
}

locals {
  # The principals that may read the secret value.
  signing_secret_readers = [
    local.orbit_role_arn,
    local.axon_role_arn,
    aws_iam_role.rotation.arn,
  ]

  # The principals that the deny of all others leaves alone: the readers,
  # the administrators and auditors, the root user as the account's
  # break-glass identity, and IAM Access Analyzer's service-linked role,
  # which reads the resource policy to find external access.
  signing_secret_exempt_principals = concat(
    local.signing_secret_readers,
    var.admin_role_arns,
    var.auditor_role_arns,
    [
      local.account_root_arn,
      "arn:${local.partition}:iam::${local.account_id}:role/aws-service-role/access-analyzer.amazonaws.com/AWSServiceRoleForAccessAnalyzer",
    ],
  )
}

data "aws_iam_policy_document" "signing_secret" {
  statement {
    sid = "ReadersGetSecretValue"
    actions = [
      "secretsmanager:DescribeSecret",
      "secretsmanager:GetSecretValue",
    ]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = local.signing_secret_readers
    }
  }

  # A request is denied when its principal is none of the listed ARNs,
  # because a negated condition operator matches only if the value equals no
  # entry.
  statement {
    sid       = "DenyAllOtherPrincipals"
    effect    = "Deny"
    actions   = ["secretsmanager:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "ArnNotEquals"
      variable = "aws:PrincipalArn"
      values   = local.signing_secret_exempt_principals
    }
  }

  # Administrators, auditors and the root user may manage the secret but
  # never read its value.
  statement {
    sid       = "DenySecretValueToNonReaders"
    effect    = "Deny"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "ArnNotEquals"
      variable = "aws:PrincipalArn"
      values   = local.signing_secret_readers
    }
  }
}

resource "aws_secretsmanager_secret_policy" "signing" {
  secret_arn          = aws_secretsmanager_secret.signing.arn
  policy              = data.aws_iam_policy_document.signing_secret.json
  block_public_policy = true
}

resource "aws_secretsmanager_secret_rotation" "signing" {
  secret_id           = aws_secretsmanager_secret.signing.id
  rotation_lambda_arn = aws_lambda_function.rotation.arn

  rotation_rules {
    automatically_after_days = var.rotation_days
  }

  depends_on = [
    aws_lambda_permission.secretsmanager,
    aws_secretsmanager_secret_policy.signing,
  ]
}
