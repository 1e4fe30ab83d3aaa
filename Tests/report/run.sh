#!/usr/bin/env bash
# The HTML report in a real browser: headless Chromium (Debian's package) opens the report of
# each shipped line, with no console errors, and its screenshot is not blank; the SVG files parse
# as XML; a truncated trace and a deadlocked run give a page that says what is missing.
#   Tests/report/run.sh PATH/TO/takt [SHOTS_DIR]
set -uo pipefail
takt=${1:?usage: run.sh PATH/TO/takt [SHOTS_DIR]}
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
shots=${2:-$tmp}; mkdir -p "$shots"
pass=0; fail=0
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $*"; }
browser=$(command -v chromium || command -v chromium-browser || true)

for line in ev-general-assembly server-rack-line; do
  "$takt" run "cells/$line.json" --duration 8h --seed 1 --quiet --summary tsv --trace "$tmp/$line.jsonl" >/dev/null || bad "$line: run"
  start=$(date +%s%N)
  "$takt" report "$tmp/$line.jsonl" -o "$tmp/$line.html" --svg "$tmp/$line-svg" 2>/dev/null && ok || bad "$line: report"
  echo "report: $line: $(( ($(date +%s%N) - start) / 1000000 )) ms, $(wc -c <"$tmp/$line.html") bytes"
  for f in "$tmp/$line-svg"/*.svg; do python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$f" && ok || bad "$f is not XML"; done
  grep -qE '<script|<link|<img|<iframe|src=|@import|url\((https?:|//)' "$tmp/$line.html" && bad "$line: the page has a script or fetches something" || ok
  if [ -n "$browser" ]; then
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --enable-logging=stderr --v=0 --window-size=1200,1600 \
      --screenshot="$shots/$line.png" "file://$tmp/$line.html" >"$tmp/out" 2>"$tmp/err" || bad "$line: chromium failed"
    [ -s "$shots/$line.png" ] && [ "$(wc -c <"$shots/$line.png")" -gt 30000 ] && ok || bad "$line: screenshot missing or blank ($(wc -c <"$shots/$line.png" 2>/dev/null) bytes)"
    grep -i 'CONSOLE\|Uncaught\|Failed to load' "$tmp/err" && bad "$line: console errors" || ok
  fi
done
[ -n "$browser" ] || echo "report: Chromium not installed; the browser checks were skipped"

# What is missing is said, not hidden.
head -n 3000 "$tmp/server-rack-line.jsonl" > "$tmp/cut.jsonl"
"$takt" report "$tmp/cut.jsonl" -o "$tmp/cut.html" 2>/dev/null && grep -q 'Truncated trace' "$tmp/cut.html" && ok || bad "a truncated trace's report does not say so"
cat > "$tmp/loop.json" <<'JSON'
{"name": "loop", "sources": {"in": {"arrivals": {"interval": "1 s"}, "limit": 4, "to": "A"}},
 "buffers": {"BA": {"capacity": 1, "to": "B"}, "BB": {"capacity": 1, "to": "A"}},
 "stations": {"A": {"servers": 1, "process": "2 s", "to": "BA"}, "B": {"servers": 1, "process": "2 s", "to": {"BB": "99 %", "out": "1 %"}}},
 "sinks": {"out": {}}}
JSON
"$takt" run "$tmp/loop.json" --duration 1h --quiet --summary tsv --trace "$tmp/loop.jsonl" >/dev/null 2>&1
"$takt" report "$tmp/loop.jsonl" -o "$tmp/loop.html" 2>/dev/null && grep -q 'deadlock' "$tmp/loop.html" && ok || bad "a deadlocked run's report does not say so"

# Replications: throughput per trace with its confidence interval.
for s in 1 2 3; do "$takt" run cells/examples/mm1.json --duration 1h --seed $s --quiet --summary tsv --trace "$tmp/m$s.jsonl" >/dev/null; done
"$takt" report "$tmp/m1.jsonl" "$tmp/m2.jsonl" "$tmp/m3.jsonl" -o "$tmp/m.html" 2>/dev/null && grep -q 'Throughput over 3 replications' "$tmp/m.html" && ok || bad "replications chart missing"

echo "report: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
