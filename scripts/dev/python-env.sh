#!/usr/bin/env bash
# Creates (or refreshes) the project's Python virtual environment at .venv
# with the pinned test tools from tests/python/requirements.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."

requirements=tests/python/requirements.txt
stamp=.venv/.requirements.sha256
wanted=$(sha256sum "$requirements" | cut -d' ' -f1)

if [[ -x .venv/bin/python && -f $stamp && $(cat "$stamp") == "$wanted" ]]; then
    exit 0
fi

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r "$requirements"
echo "$wanted" > "$stamp"
echo "python environment ready: .venv ($(.venv/bin/python -c 'import botocore, moto; print("botocore", botocore.__version__, "moto", moto.__version__)'))"
