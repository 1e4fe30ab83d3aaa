#!/usr/bin/env bash
# Golden traces: each row of traces/golden.tsv is re-run with the given takt binary and must give
# the committed trace byte for byte (and its SHA-256 in traces/SHA256SUMS).
#   Tests/cli/golden.sh TAKT            check
#   Tests/cli/golden.sh TAKT --update   rewrite the goldens and SHA256SUMS (after a deliberate change)
set -euo pipefail
takt=$1; mode=${2:-check}
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0; n=0
while IFS=$'\t' read -r name line args; do
  [ "$name" = name ] && continue
  n=$((n+1))
  # shellcheck disable=SC2086
  "$takt" run "$line" $args --quiet --summary tsv --trace "$tmp/$name.trace.jsonl" >/dev/null
  if [ "$mode" = --update ]; then
    cp "$tmp/$name.trace.jsonl" "traces/$name.trace.jsonl"
  elif ! cmp -s "$tmp/$name.trace.jsonl" "traces/$name.trace.jsonl"; then
    echo "FAIL: golden trace $name differs from traces/$name.trace.jsonl:"; cmp "$tmp/$name.trace.jsonl" "traces/$name.trace.jsonl" || true
    fail=$((fail+1))
  fi
done < traces/golden.tsv
if [ "$mode" = --update ]; then
  (cd traces && sha256sum ./*.trace.jsonl > SHA256SUMS)
  echo "golden: $n traces rewritten"
  exit 0
fi
(cd traces && sha256sum --quiet -c SHA256SUMS) || fail=$((fail+1))
echo "golden: $n traces, $fail failed"
[ "$fail" -eq 0 ]
