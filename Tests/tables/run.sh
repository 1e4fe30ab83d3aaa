#!/usr/bin/env bash
# The generated integer tables (trigonometry, log/exp, the exponential ziggurat) are what their
# generators write: each generator recomputes its tables with mpmath and compares (--check).
# usage: Tests/tables/run.sh
# Environment: TAKT_TABLES_VENV (default .build-ci/tables-venv: created with the pinned requirements.txt).
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
req=$repo/Tests/tables/requirements.txt
venv=${TAKT_TABLES_VENV:-$repo/.build-ci/tables-venv}
. "$repo/Tests/lib/venv.sh"
ensure_venv tables "$req" "$venv"
fail=0
for gen in "$repo"/Sources/*/Generated/gen_*.py; do
  "$venv/bin/python" "$gen" --check || { echo "FAIL: ${gen#"$repo"/}"; fail=$((fail+1)); }
done
echo "tables: $fail failed"
[ "$fail" -eq 0 ]
