#!/usr/bin/env bash
# End-to-end checks of the takt executable: exit codes, stdout for data only, stderr for one-line errors.
# usage: Tests/cli/run.sh PATH/TO/takt   (run from the repository root)
set -u
takt=${1:?usage: run.sh PATH/TO/takt}
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# expect CODE DESCRIPTION -- ARGS...: runs takt, checks the exit code; stdout and stderr land in $tmp/out, $tmp/err
expect() {
  local code=$1 what=$2; shift 3
  "$takt" "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  if [ "$got" -eq "$code" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL ($what): exit $got, expected $code: takt $*"; cat "$tmp/err"; fi
}
# the last command wrote nothing on stdout and exactly one 'error:' line on stderr
one_error_line() {
  if [ ! -s "$tmp/out" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q '^error: ' "$tmp/err"; then pass=$((pass+1)); else
    fail=$((fail+1)); echo "FAIL ($1): expected one error line on stderr and nothing on stdout"; cat "$tmp/out" "$tmp/err"; fi
}
contains() { if grep -qF -- "$2" "$tmp/$1"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1 lacks '$2'"; cat "$tmp/$1"; fi; }

expect 0 "help" -- --help; contains out "kin fk"
expect 0 "kin help" -- kin --help; contains out "duration_ticks"
expect 0 "fk json" -- kin fk ur5 --joints 0.1,-0.5,0.3,0.2,-0.4,0.6 --format json
contains out '"position_m":['
[ "$(wc -l <"$tmp/out")" -eq 1 ] && [ ! -s "$tmp/err" ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: fk json is not one clean line"; }
expect 0 "fk degrees" -- kin fk puma560 --joints 0,90,-90,0,0,0 --degrees
expect 0 "ik nearest" -- kin ik ur5 --position 0.3,0.2,0.4 --rotation 1,0,0,0,-1,0,0,0,-1 --format json; contains out '"joints":['
expect 0 "ik all" -- kin ik puma560 --position 0.5,0.1,0.3 --rotation 1,0,0,0,-1,0,0,0,-1 --all
expect 0 "profile" -- kin profile --distance 1 --vmax 1 --amax 2 --format json; contains out '"duration_s":1.500000000'; contains out '"duration_ticks":1500'
expect 0 "s-curve" -- kin profile --distance 1 --vmax 1 --amax 2 --jmax 10 --tick 1ms --format json
expect 0 "robots" -- kin robots; contains out "ur10"

expect 2 "unknown robot" -- kin fk ur55 --joints 0,0,0,0,0,0; one_error_line "unknown robot"; contains err "did you mean 'ur5'"
expect 2 "wrong joint count" -- kin fk ur5 --joints 0,0,0; one_error_line "joint count"; contains err "6 joints, got 3"
expect 2 "beyond limits" -- kin fk puma560 --joints 0,0,0,0,3,0; one_error_line "limits"; contains err "beyond its limits"
expect 2 "unreachable" -- kin ik ur5 --position 3,0,0 --rotation 1,0,0,0,-1,0,0,0,-1; one_error_line "unreachable"; contains err "unreachable"
expect 2 "malformed number" -- kin fk ur5 --joints 0,0,0.1.2,0,0,0; one_error_line "malformed number"
expect 2 "bad unit" -- kin fk ur5 --joints 0,0,0,0,0,90parsecs; one_error_line "bad unit"
expect 2 "bad tick unit" -- kin profile --distance 1 --vmax 1 --amax 2 --tick 8parsecs; one_error_line "bad tick"
expect 2 "zero vmax" -- kin profile --distance 1 --vmax 0 --amax 2; one_error_line "zero vmax"
expect 2 "not a rotation" -- kin ik ur5 --position 0.3,0.2,0.4 --rotation 1,0,0,0,1,0,0,0,1.5; one_error_line "not a rotation"
expect 2 "unknown option" -- kin fk ur5 --joint 0,0,0,0,0,0; one_error_line "unknown option"; contains err "did you mean --joints"
expect 2 "unknown command" -- kni; one_error_line "unknown command"
expect 2 "no command" --

# takt run / validate
L=Tests/cli/lines
expect 0 "run tsv" -- run cells/bench/serial-5.json --duration 1h --summary tsv --no-header
[ "$(wc -l <"$tmp/out")" -eq 1 ] && [ ! -s "$tmp/err" ] && [ "$(awk -F'\t' '{print NF}' "$tmp/out")" -eq 19 ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: run --summary tsv --no-header is not one clean 19-column row"; cat "$tmp/out"; }
expect 0 "run json" -- run cells/examples/mm1.json --duration 2h --warmup 10min --summary json; contains out '"throughput_per_h"'
expect 0 "set" -- run cells/bench/serial-5.json --duration 1h --set buffers.B2.capacity=5 --summary tsv
expect 0 "validate" -- validate cells/examples/serial-breakdown.json; contains out "ok cells/examples/serial-breakdown.json"
a=$("$takt" run cells/bench/serial-5.json --duration 2h --seed 9 --summary json); b=$("$takt" run cells/bench/serial-5.json --duration 2h --seed 9 --summary json --every-tick)
[ "$a" = "$b" ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: --every-tick changed the summary"; }
expect 1 "deadlock" -- run $L/deadlock.json --duration 1h --summary tsv; contains err "deadlock at"; contains err "A → B → A"
expect 1 "merge stall" -- run $L/stall.json --duration 1h --summary tsv; contains err "stalled at 10.000 s"; contains err "units wait in A, Bsrc, M, buf"
expect 2 "bom unsatisfiable" -- run $L/bom-unsatisfiable.json; one_error_line "bom"; contains err "this bill of materials can never be satisfied: it needs 1 'pallet'"
expect 0 "merge and split line" -- run cells/examples/kit-assembly.json --duration 8h --summary tsv --no-header; contains out "kit-assembly"
expect 2 "malformed json" -- run $L/malformed.json; one_error_line "malformed"; contains err "malformed.json:4:3: malformed JSON"
expect 2 "unknown key" -- run $L/unknown-key.json; one_error_line "unknown key"; contains err "did you mean 'servers'?"
expect 2 "wrong unit" -- run $L/wrong-unit.json; one_error_line "wrong unit"; contains err "expected a duration"
expect 2 "zero capacity" -- run $L/zero-capacity.json; one_error_line "zero capacity"
expect 2 "unknown target" -- run $L/unknown-target.json; one_error_line "unknown target"; contains err "'out'"
expect 2 "set missing key" -- run cells/bench/serial-5.json --set stations.S1.server=2; one_error_line "set missing"; contains err "stations.S1.servers"
expect 2 "place with one coordinate" -- validate cells/examples/logistics-cell.json --set "stations.assemble.at=12 m"; one_error_line "place"; contains err "stations.assemble.at"
expect 0 "moved by --set" -- validate cells/examples/logistics-cell.json --set "stations.assemble.at[1]=25 m"
expect 2 "parsecs" -- run cells/bench/serial-5.json --duration "8 parsecs"; one_error_line "parsecs"; contains err "unknown unit 'parsecs'"
expect 2 "missing file" -- run cells/nope.json; one_error_line "missing file"
expect 2 "bad seed" -- run cells/bench/serial-5.json --seed -3; one_error_line "bad seed"

# Traces: write, stats equals the run's summary, verify, replay --at, diff, stdout and stdin, truncation, signals.
expect 0 "run --trace" -- run cells/examples/kit-assembly.json --duration 2h --warmup 10min --summary json --checkpoint-every 50 --trace "$tmp/k.jsonl"
cp "$tmp/out" "$tmp/run.json"
expect 0 "stats" -- stats "$tmp/k.jsonl" --summary json
cmp -s "$tmp/out" "$tmp/run.json" && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: takt stats differs from the run's summary"; }
[ ! -e "$tmp/.k.jsonl.tmp-"* ] 2>/dev/null && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: a temporary trace file was left behind"; }
expect 0 "verify" -- replay "$tmp/k.jsonl" --verify; contains out "identical"
sed '200s/"unit":\([0-9]*\)/"unit":9\1/' "$tmp/k.jsonl" > "$tmp/k-edited.jsonl"
expect 1 "verify edited" -- replay "$tmp/k-edited.jsonl" --verify; contains out "different"; contains out "line 200"; contains out "last checkpoint that agreed"
expect 0 "replay --at" -- replay "$tmp/k.jsonl" --at 1h; contains out "at 3600.000 s"; contains out "units in the system"
expect 0 "replay --at json" -- replay "$tmp/k.jsonl" --at 1h --format json; contains out '"buffers":['
"$takt" run cells/examples/kit-assembly.json --duration 2h --seed 2 --trace "$tmp/k2.jsonl" >/dev/null 2>&1
expect 1 "diff different" -- diff "$tmp/k.jsonl" "$tmp/k2.jsonl"; contains out "first difference at line"; contains out "throughput_per_h"
expect 0 "diff same" -- diff "$tmp/k.jsonl" "$tmp/k.jsonl"; contains out "same:"
"$takt" run cells/examples/kit-assembly.json --duration 2h --warmup 10min --checkpoint-every 50 --trace - --quiet 2>"$tmp/err" | gzip -n > "$tmp/k.jsonl.gz"
[ ! -s "$tmp/err" ] && gzip -dc "$tmp/k.jsonl.gz" | cmp -s - "$tmp/k.jsonl" && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: --trace - | gzip -n did not give the same trace"; cat "$tmp/err"; }
gzip -dc "$tmp/k.jsonl.gz" | "$takt" stats - --summary json > "$tmp/stdin.json" 2>"$tmp/err"
cmp -s "$tmp/stdin.json" "$tmp/run.json" && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: stats from stdin differs"; cat "$tmp/err"; }
head -c 50000 "$tmp/k.jsonl" > "$tmp/cut.jsonl"
expect 1 "truncated" -- stats "$tmp/cut.jsonl" --summary tsv; contains err "truncated: no end line"
expect 2 "not a trace" -- stats cells/bench/serial-5.json; one_error_line "not a trace"; contains err "not a takt trace"
expect 2 "no trace dir" -- run cells/bench/serial-5.json --duration 1h --trace /nonexistent/dir/t.jsonl; one_error_line "no trace dir"
"$takt" run cells/bench/serial-5.json --duration 2000h --trace "$tmp/long.jsonl" --quiet >/dev/null 2>"$tmp/err" &
pid=$!; sleep 1; kill -INT $pid; wait $pid; code=$?
[ "$code" -eq 130 ] && tail -1 "$tmp/long.jsonl" | grep -q '"end":"interrupted"' && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: SIGINT: exit $code, last line: $(tail -c 300 "$tmp/long.jsonl" 2>/dev/null)"; cat "$tmp/err"; }
expect 0 "stats of interrupted" -- stats "$tmp/long.jsonl" --summary tsv --no-header
expect 0 "verify interrupted" -- replay "$tmp/long.jsonl" --verify; contains out "identical until interrupted"

# Robotic cells: validation, a sampled trace that verifies, and bad --sample use.
expect 0 "validate EV line" -- validate cells/ev-general-assembly.json; contains out "ok cells/ev-general-assembly.json"
expect 0 "validate rack line" -- validate cells/server-rack-line.json
expect 0 "sampled trace" -- run cells/examples/logistics-cell.json --duration 10min --trace "$tmp/s.jsonl" --sample 1s --summary tsv --no-header
[ "$(grep -c '^{"sample":' "$tmp/s.jsonl")" -eq 601 ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: expected 601 sample lines"; }
expect 0 "verify sampled" -- replay "$tmp/s.jsonl" --verify; contains out "identical"
expect 2 "sample without trace" -- run cells/examples/logistics-cell.json --sample 1s; one_error_line "sample without trace"; contains err "add --trace"
expect 2 "sample without cells" -- run cells/examples/mm1.json --trace - --sample 1s; contains err "no robots or vehicles"
# Replications: one clean TSV row; bad counts refused.
expect 0 "replications tsv" -- run cells/examples/mm1.json --duration 1h --replications 5 --summary tsv --no-header
[ "$(wc -l <"$tmp/out")" -eq 1 ] && [ ! -s "$tmp/err" ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: replications tsv is not one clean line"; }
expect 0 "replications json" -- run cells/examples/mm1.json --duration 1h --replications 3 --summary json; contains out '"lead_time_mean_s": {"n": 3'
expect 2 "one replication" -- run cells/examples/mm1.json --replications 1; one_error_line "one replication"; contains err "from 2 to 100000"
expect 2 "replications with trace" -- run cells/examples/mm1.json --replications 3 --trace -; one_error_line "replications with trace"

# Sweeps: the emitted commands run by sh, by GNU parallel and as a Slurm array give the same TSV as --jobs 2.
sweep=(sweep "$PWD/cells/bench/serial-5.json" --param buffers.B2.capacity=1..3/1 --seeds 1..2 --duration 1h)
expect 0 "sweep jobs" -- "${sweep[@]}" --jobs 2; cp "$tmp/out" "$tmp/jobs.tsv"
[ "$(wc -l <"$tmp/jobs.tsv")" -eq 7 ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: sweep --jobs 2: expected a header and 6 rows"; cat "$tmp/jobs.tsv"; }
# More room after S2 can only help: seed 1's completed units rise with B2's capacity.
awk -F'\t' 'NR > 1 && $3 == 1 { print $7 }' "$tmp/jobs.tsv" | sort -c -n && [ "$(awk -F'\t' 'NR > 1 && $3 == 1' "$tmp/jobs.tsv" | wc -l)" -eq 3 ] \
  && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: completed does not rise with buffers.B2.capacity"; cat "$tmp/jobs.tsv"; }
expect 0 "sweep emit" -- "${sweep[@]}" --emit commands
sh "$tmp/out" > "$tmp/sh.tsv" && cmp -s "$tmp/sh.tsv" "$tmp/jobs.tsv" && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: sweep --emit commands | sh differs from --jobs 2"; }
if command -v parallel >/dev/null; then
  parallel -k --will-cite < "$tmp/out" > "$tmp/par.tsv" && cmp -s "$tmp/par.tsv" "$tmp/jobs.tsv" && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: GNU parallel rows differ from --jobs 2"; }
else
  echo "cli: GNU parallel not installed; skipped its check"
fi
expect 0 "sweep slurm" -- "${sweep[@]}" --emit slurm; cp "$tmp/out" "$tmp/array.sh"
( cd "$tmp" && for i in 0 1 2 3 4 5; do SLURM_ARRAY_TASK_ID=$i bash array.sh; done
  eval "$(grep '^# after the array: ' array.sh | sed 's/^# after the array: //')" ) && cmp -s "$tmp/sweep.tsv" "$tmp/jobs.tsv" && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: the Slurm array's rows differ from --jobs 2"; }
expect 2 "sweep missing key" -- sweep cells/bench/serial-5.json --param buffers.B9.capacity=1,2; one_error_line "sweep missing key"; contains err "did you mean 'buffers.B1.capacity'"
expect 2 "sweep empty range" -- sweep cells/bench/serial-5.json --param buffers.B2.capacity=5..3/1; one_error_line "sweep empty range"; contains err "the range is empty"
expect 2 "sweep malformed range" -- sweep cells/bench/serial-5.json --param buffers.B2.capacity=1..x/1; one_error_line "sweep malformed"; contains err "malformed range"

# Throughput regression checks on the shipped baselines; a 5 % slower bottleneck fails naming the KPI.
expect 0 "check EV baseline" -- check cells/ev-general-assembly.json --baseline traces/ev-general-assembly.baseline.json; contains out "identical"
expect 0 "check rack-line baseline" -- check cells/server-rack-line.json --baseline traces/server-rack-line.baseline.json; contains out "throughput_per_h"
expect 0 "check serial-5 baseline" -- check cells/bench/serial-5.json --baseline traces/serial-5.baseline.json
expect 1 "check 5% slower S4" -- check cells/bench/serial-5.json --baseline traces/serial-5.baseline.json --set "stations.S4.process.exponential=1.26 s"
contains out "REGRESSION"; contains err "throughput_per_h"
expect 2 "check other line" -- check cells/examples/mm1.json --baseline traces/serial-5.baseline.json; one_error_line "check other line"; contains err "baseline of line 'serial-5'"
sed 's/"version": 1/"version": 9/' traces/serial-5.baseline.json > "$tmp/v9.json"
expect 2 "check other version" -- check cells/bench/serial-5.json --baseline "$tmp/v9.json"; one_error_line "check other version"; contains err "version 9"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
