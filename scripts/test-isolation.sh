#!/usr/bin/env bash
# Checks network isolation (security groups, network ACLs, routes, flow
# logs, App Mesh) and that Orbit and Axon are isolated from each other
# (roles, KMS keys, secrets): runs `agentsec test-isolation` for the project PROJECT_NAME
# (default agentsec) and passes every argument through. See
# `agentsec test-isolation --help` for the options and exit codes.
set -euo pipefail

# shellcheck source=lib/agentsec.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/agentsec.sh"

PROJECT_NAME=${PROJECT_NAME:-agentsec}
agentsec=$(find_agentsec) || exit 2

project_args=(--project-name "$PROJECT_NAME")
has_option --project-name "$@" && project_args=()
exec "$agentsec" test-isolation "${project_args[@]}" "$@"
