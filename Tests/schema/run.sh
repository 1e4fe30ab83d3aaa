#!/usr/bin/env bash
# cells/schema.json, read by a real JSON Schema validator (PyPI's jsonschema, as editors use one),
# agrees with the loader on every shipped line file (Tests/schema/check_schema.py says how).
# usage: Tests/schema/run.sh /absolute/path/to/takt
# Environment: TAKT_SCHEMA_VENV (default .build-ci/schema-venv: created with the pinned requirements.txt).
set -uo pipefail
takt=${1:?usage: Tests/schema/run.sh /absolute/path/to/takt}
repo=$(cd "$(dirname "$0")/../.." && pwd)
venv=${TAKT_SCHEMA_VENV:-$repo/.build-ci/schema-venv}
. "$repo/Tests/lib/venv.sh"
ensure_venv schema "$venv"
"$venv/bin/python" "$repo/Tests/schema/check_schema.py" "$takt" "$repo"
