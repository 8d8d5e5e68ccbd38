#!/usr/bin/env bash
# Runs every test: installs the Python environment (botocore, moto) and the
# system tools (curl, redis-server) when missing, builds the binaries the
# end-to-end tests start, then runs the workspace's tests.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/dev/python-env.sh
scripts/dev/require-tools.sh

# The end-to-end tests start the real binaries (axon, orbit, agentsec), so
# they are built before the tests run.
cargo build --workspace --bins
cargo test --workspace --no-fail-fast "$@"
