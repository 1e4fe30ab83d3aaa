#!/usr/bin/env bash
# The generated integer tables (trigonometry, log/exp, the exponential ziggurat) are what their
# generators print: each generator (Sources/*/Generated/gen_*.py) recomputes its tables with mpmath
# and its output is compared with the file named by its OUTPUT line, beside it.
# usage: Tests/tables/run.sh [--update]   (--update: write the files instead, each through a temp file)
# Environment: TAKT_TABLES_VENV (default .build-ci/tables-venv: created with the pinned requirements.txt).
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
update=0; [ "${1:-}" = "--update" ] && update=1
. "$repo/Tests/lib/venv.sh"
venv=${TAKT_TABLES_VENV:-$repo/.build-ci/tables-venv}
ensure_venv tables "$venv"
fail=0
tmp=
trap 'rm -f "$tmp"' EXIT   # an interrupted run leaves no temp file beside the tables
for gen in "$repo"/Sources/*/Generated/gen_*.py; do
  name=${gen#"$repo"/}
  out=$(sed -n "s/^OUTPUT = '\(.*\)'$/\1/p" "$gen")
  [ -n "$out" ] || { echo "FAIL: $name has no OUTPUT = '…' line"; fail=$((fail+1)); continue; }
  file=$(dirname "$gen")/$out
  tmp=$(mktemp "$file.XXXXXX")
  if ! "$venv/bin/python" "$gen" > "$tmp"; then
    echo "FAIL: $name did not run"; fail=$((fail+1)); rm -f "$tmp"; continue
  fi
  if [ "$update" -eq 1 ]; then
    mv "$tmp" "$file" && echo "wrote $out"
  elif cmp -s "$tmp" "$file"; then
    echo "$out is up to date"; rm -f "$tmp"
  else
    echo "FAIL: $out differs from what $name prints (bash Tests/tables/run.sh --update rewrites it)"; fail=$((fail+1)); rm -f "$tmp"
  fi
done
echo "tables: $fail failed"
[ "$fail" -eq 0 ]
