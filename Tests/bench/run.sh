#!/usr/bin/env bash
# Cross-check against another simulator: the SimPy model of cells/bench/serial-5.json
# (Tests/bench/serial5_simpy.py, three seeds) must complete as many units in 85,000 s as takt
# (ten replications), within 1.5 % (about five standard errors of the difference).
# usage: Tests/bench/run.sh /absolute/path/to/takt
# Environment: TAKT_SIMPY_VENV (default .build-ci/simpy-venv: created with the pinned requirements.txt).
set -uo pipefail
takt=${1:?usage: Tests/bench/run.sh /absolute/path/to/takt}
repo=$(cd "$(dirname "$0")/../.." && pwd)
venv=${TAKT_SIMPY_VENV:-$repo/.build-ci/simpy-venv}
. "$repo/Tests/lib/venv.sh"
ensure_venv bench "$venv"
read -r simpy_seconds simpy_units simpy_rate < <("$venv/bin/python" "$repo/Tests/bench/serial5_simpy.py" --repeats 3) \
  || { echo "FAIL: the SimPy model did not run"; exit 1; }
takt_units=$("$takt" run "$repo/cells/bench/serial-5.json" --duration 85000s --replications 10 --summary tsv --no-header | cut -f5) \
  || { echo "FAIL: takt run --replications failed"; exit 1; }
echo "serial-5, 85000 s: SimPy $simpy_units units (mean of 3 seeds, $simpy_rate/s), takt $takt_units units (mean of 10 replications)"
if python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if abs(a - b) <= 0.015 * b else 1)" "$takt_units" "$simpy_units"; then
  echo "PASS: takt and SimPy agree within 1.5 %"
else
  echo "FAIL: takt and SimPy differ by more than 1.5 %"; exit 1
fi
