#!/usr/bin/env bash
# Audits the AWS account (or a snapshot, with --snapshot DIR): runs
# `agentsec audit` for the project PROJECT_NAME (default agentsec) and passes
# every argument through. Exit status: 0 all passed, 1 a failure at or above
# the chosen severity, 2 a check could not run or the input was invalid.
# docs/security-audit.md describes the procedure and the report.
set -euo pipefail

# shellcheck source=lib/agentsec.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/agentsec.sh"

exec_for_project audit "$@"
