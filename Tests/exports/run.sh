#!/usr/bin/env bash
# End-to-end checks of 'takt export': real clients read what it writes.
#   pm4py (pm4py.read_ocel2_json) reads the OCEL 2.0 JSON, Perfetto's trace processor (through
#   shared/tools/perfetto-check) the Chrome trace JSON, pandas the CSV; every expected number comes
#   from the trace lines (read with Python's json module) and 'takt stats --summary json'.
# usage: Tests/exports/run.sh PATH/TO/takt
# Environment: TAKT_EXPORTS_VENV (default .build-ci/venv: created with the pinned requirements.txt
# when missing or out of date, reused otherwise), TAKT_PERFETTO_CHECK (default
# ../shared/tools/perfetto-check beside the repository, then /work/shared/tools/perfetto-check),
# PERFETTO_CHECK_VENV (default .build-ci/perfetto-venv).
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
takt=${1:?usage: Tests/exports/run.sh PATH/TO/takt}
case $takt in /*) ;; *) takt="$PWD/$takt" ;; esac
cd "$repo"
pass=0; fail=0
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $*"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# --- Pinned Python tools, in the repository's ignored build directory.
venv=${TAKT_EXPORTS_VENV:-$repo/.build-ci/venv}
. "$repo/Tests/lib/venv.sh"
ensure_venv exports "$venv"
py="$venv/bin/python"
echo "exports: $("$py" -c 'import sys; sys._pm4py_welcome_shown = True; import pm4py, pandas; print("pm4py", pm4py.__version__, "pandas", pandas.__version__)')"

# --- Perfetto's trace processor: required, never skipped.
pc=${TAKT_PERFETTO_CHECK:-$repo/../shared/tools/perfetto-check}
[ -x "$pc" ] || pc=/work/shared/tools/perfetto-check
if [ ! -x "$pc" ]; then
  bad "perfetto-check not found (looked at \${TAKT_PERFETTO_CHECK:-$repo/../shared/tools/perfetto-check} and /work/shared/tools/perfetto-check); the Chrome export cannot be checked"
  pc=""
fi
export PERFETTO_CHECK_VENV=${PERFETTO_CHECK_VENV:-$repo/.build-ci/perfetto-venv}

# check NAME -- COMMAND...: a Python check prints its own failures and 'NAME: N passed, M failed'.
check() {
  local name=$1; shift 2
  if "$@"; then ok; else bad "$name"; fi
}

# --- Three lines: a merge/split/rework line, a line with a breakdown, a line with shifts.
for spec in "kit-assembly cells/examples/kit-assembly.json 4h" \
            "serial-breakdown cells/examples/serial-breakdown.json 9h" \
            "shifts cells/examples/shifts.json 30h"; do
  set -- $spec; name=$1; line=$2; duration=$3
  t="$tmp/$name"
  "$takt" run "$line" --duration "$duration" --trace "$t.jsonl" --summary tsv >/dev/null || { bad "$name: takt run"; continue; }
  "$takt" stats "$t.jsonl" --summary json >"$t.stats.json" || { bad "$name: takt stats"; continue; }
  for format in ocel2 chrome csv; do
    if "$takt" export "$t.jsonl" --format $format -o "$t.$format" 2>"$t.err" && [ ! -s "$t.err" ] && [ -s "$t.$format" ]; then ok
    else bad "$name: takt export --format $format"; cat "$t.err"; fi
  done
  check "$name: OCEL through pm4py" -- "$py" "$here/check_ocel.py" "$t.jsonl" "$t.ocel2" "$t.stats.json"
  [ -n "$pc" ] && check "$name: Chrome JSON through Perfetto" -- "$py" "$here/check_chrome.py" "$t.jsonl" "$t.chrome" "$t.stats.json" "$pc"
  check "$name: CSV through pandas" -- "$py" "$here/check_csv.py" "$t.jsonl" "$t.csv" "$t.stats.json"
done

# --- The command itself: stdin, stdout, a truncated trace, errors.
t="$tmp/kit-assembly"
"$takt" export - --format csv <"$t.jsonl" >"$tmp/stdin.csv" && cmp -s "$tmp/stdin.csv" "$t.csv" && ok || bad "export from stdin to stdout differs from file to file"
"$takt" export "$t.jsonl" --format chrome -o - >"$tmp/stdout.json" && cmp -s "$tmp/stdout.json" "$t.chrome" && ok || bad "-o - is not stdout"
head -c 50000 "$t.jsonl" >"$tmp/cut.jsonl"
"$takt" export "$tmp/cut.jsonl" --format csv -o "$tmp/cut.csv" 2>"$tmp/cut.err"; code=$?
[ "$code" -eq 1 ] && ok || bad "a truncated trace exits $code, expected 1"
grep -q '^error: .*truncated' "$tmp/cut.err" && [ "$(wc -l <"$tmp/cut.err")" -eq 1 ] && ok || { bad "a truncated trace says so in one error line"; cat "$tmp/cut.err"; }
rows=$(($(wc -l <"$tmp/cut.csv") - 1)); events=$(head -n "$(wc -l <"$tmp/cut.jsonl")" "$tmp/cut.jsonl" | grep -c '^{"seq":')   # whole lines only
[ "$rows" -eq "$events" ] && ok || bad "truncated trace: $rows CSV rows for $events complete event lines"
"$takt" export "$t.jsonl" --format ocel2 -o "$tmp/epoch.json" --epoch 2024-02-29T23:59:59Z && grep -q '"time":"2024-02-29T23:59:59.000Z"' "$tmp/epoch.json" && ok || bad "--epoch moves tick 0"
"$takt" export "$t.jsonl" --format xes >/dev/null 2>"$tmp/err"; code=$?
[ "$code" -eq 2 ] && grep -q "^error: export: --format must be one of ocel2, chrome, csv" "$tmp/err" && ok || { bad "unknown format: exit $code"; cat "$tmp/err"; }
"$takt" export "$t.jsonl" --format csv -o "$tmp/no/such/dir/x.csv" 2>"$tmp/err"; code=$?
[ "$code" -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && ok || { bad "unwritable -o: exit $code"; cat "$tmp/err"; }
printf '%s\n' "$(head -1 "$t.jsonl")" '{"seq":1,"t":0,"ev":"nonsense"}' >"$tmp/bad.jsonl"
"$takt" export "$tmp/bad.jsonl" --format ocel2 -o "$tmp/bad.json" 2>"$tmp/err"; code=$?
[ "$code" -eq 2 ] && [ ! -e "$tmp/bad.json" ] && [ -z "$(ls -A "$tmp" | grep '\.tmp-')" ] && ok || { bad "a damaged trace: exit $code, or something half-written was left"; cat "$tmp/err"; }

echo "exports: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
