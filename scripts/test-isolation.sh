#!/usr/bin/env bash
# Checks network isolation (security groups, network ACLs, routes, flow
# logs, App Mesh) and that Orbit and Axon are isolated from each other
# (roles, KMS keys, secrets): runs `agentsec test-isolation` for the project PROJECT_NAME
# (default agentsec) and passes every argument through. See
# `agentsec test-isolation --help` for the options and exit codes.
set -euo pipefail

# shellcheck source=lib/agentsec.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/agentsec.sh"

exec_for_project test-isolation "$@"
