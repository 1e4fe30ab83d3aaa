"""Perfetto's own trace processor loads takt's Chrome trace JSON; its tracks, slices and counters
match the trace and 'takt stats'.
usage: check_chrome.py TRACE.jsonl CHROME.json STATS.json PERFETTO_CHECK
Expected numbers: from the trace lines (json module) and 'takt stats --summary json'."""
import json
import subprocess
import sys
from collections import Counter, defaultdict

from trace_facts import Checks, Trace

trace_path, chrome_path, stats_path, perfetto_check = sys.argv[1:5]
tr = Trace(trace_path)
stats = json.load(open(stats_path))
c = Checks("chrome " + tr.line["name"])

THREAD = "FROM slice s JOIN thread_track tt ON s.track_id = tt.id JOIN thread t ON tt.utid = t.utid JOIN process p ON t.upid = p.upid"
COUNTER = "FROM counter c JOIN process_counter_track ct ON c.track_id = ct.id JOIN process p ON ct.upid = p.upid"
queries = {
    "slices": f"SELECT group_concat(r, ';') AS r FROM (SELECT p.name || '|' || t.name || '|' || s.name || '|' || count(*) || '|' || sum(s.dur) AS r {THREAD} GROUP BY p.name, t.name, s.name)",
    "overlaps": "SELECT count(*) AS r FROM slice a JOIN slice b ON a.track_id = b.track_id AND a.id < b.id AND a.ts < b.ts + b.dur AND b.ts < a.ts + a.dur",
    "depth": "SELECT coalesce(max(depth), 0) AS r FROM slice",
    "threads": "SELECT group_concat(p.name || '|' || t.name, ';') AS r FROM thread t JOIN process p ON t.upid = p.upid WHERE t.name IS NOT NULL",
    "counters": f"SELECT group_concat(r, ';') AS r FROM (SELECT p.name || '|' || ct.name || '|' || count(*) || '|' || CAST(max(c.value) AS INT) AS r {COUNTER} GROUP BY ct.id)",
    "wip_end": f"SELECT CAST(c.value AS INT) AS r {COUNTER} WHERE p.name LIKE 'line %' ORDER BY c.ts DESC LIMIT 1",
}
names = list(queries)
run = subprocess.run([perfetto_check, chrome_path] + [queries[n] for n in names], capture_output=True, text=True)
if run.returncode != 0:
    print(f"FAIL chrome: perfetto-check exited {run.returncode}:\n{run.stderr[-3000:]}")
    sys.exit(1)
# Each query prints a one-cell DataFrame: a header line ('r'), then '0  value'.
values = [line.split(None, 1)[1].strip() if len(line.split(None, 1)) > 1 else ""
          for line in run.stdout.splitlines() if line.startswith("0 ")]
c.eq("perfetto answered every query", len(values), len(names))
if len(values) != len(names):
    print(run.stdout[-3000:])
    sys.exit(c.done())
res = dict(zip(names, values))

def table(text, width):
    return [row.split("|") for row in text.split(";") if row] if text not in ("", "None") else []

slices = defaultdict(lambda: [0, 0])   # (process, slice name) -> [count, total dur ns]
for proc, thread, name, n, dur in table(res["slices"], 5):
    slices[(proc, name)][0] += int(n)
    slices[(proc, name)][1] += int(dur)

c.eq("overlapping slice pairs on one track", int(res["overlaps"]), 0)
c.eq("deepest slice nesting", int(res["depth"]), 0)

# Threads: one per station server ('server i'), one per source ('source').
expected_threads = set()
for el in stats["elements"]:
    if el["kind"] == "station":
        expected_threads |= {(f"station {el['name']}", f"server {i}") for i in range(el["servers"])}
    elif el["kind"] == "source":
        expected_threads.add((f"source {el['name']}", "source"))
got_threads = {tuple(r) for r in table(res["threads"], 2)}
c.eq("threads (process, thread name)", sorted(got_threads), sorted(expected_threads))

# Slice time per state = the ledger of takt stats, in ns, exactly.
states = {"busy": "busy", "blocked": "blocked", "down": "down", "off shift": "off_shift"}
for el in stats["elements"]:
    if el["kind"] not in ("station", "source"):
        continue
    proc = f"{el['kind']} {el['name']}"
    for slice_name, key in states.items():
        c.eq(f"{proc}: {slice_name} ns = stats ticks.{key} x tick_ns", slices[(proc, slice_name)][1], el["ticks"][key] * tr.tick_ns)

# Busy slices per station: each operation [op_start, op_end) (open ones to the end), cut by the
# server's down and off-shift windows, counted as pieces of positive length.
ops, gaps = defaultdict(list), defaultdict(list)
open_op, open_gap = {}, {}
for e in tr.events:
    key = (e["el"], e["srv"])
    k = e["ev"]
    if k == "op_start":
        open_op[key] = e["t"]
    elif k == "op_end":
        ops[key].append((open_op.pop(key), e["t"]))
    elif k in ("down", "off_shift"):
        open_gap[(key, k)] = e["t"]
    elif k in ("up", "on_shift"):
        gaps[key].append((open_gap.pop((key, "down" if k == "up" else "off_shift")), e["t"]))
for key, start in open_op.items():
    ops[key].append((start, tr.end_tick))
for (key, _), start in open_gap.items():
    gaps[key].append((start, tr.end_tick))
pieces = Counter()
for key, intervals in ops.items():
    windows = sorted(gaps[key])
    for s, e in intervals:
        t = s
        for a, b in windows:
            if b <= t or a >= e:
                continue
            if a > t:
                pieces[key[0]] += 1
            t = max(t, b)
        if e > t:
            pieces[key[0]] += 1
for el in stats["elements"]:
    if el["kind"] == "station":
        c.eq(f"station {el['name']}: busy slices = operations cut by down/off-shift windows", slices[(f"station {el['name']}", "busy")][0], pieces[el["name"]])

# Counters: a level per buffer (its highest = stats level_max), shipped per sink, the line's WIP.
counters = {(p, n): (int(cnt), int(mx)) for p, n, cnt, mx in table(res["counters"], 4)}
def counter(proc, prefix):
    return next((v for (p, n), v in counters.items() if p == proc and n.startswith(prefix)), None)
for el in stats["elements"]:
    if el["kind"] == "buffer":
        v = counter(f"buffer {el['name']}", "level")
        c.true(f"buffer {el['name']} has a level counter track", v is not None)
        if v:
            c.eq(f"buffer {el['name']}: highest level = stats level_max", v[1], el["level_max"])
    if el["kind"] == "sink":
        v = counter(f"sink {el['name']}", "shipped")
        c.true(f"sink {el['name']} has a shipped counter track", v is not None)
        if v:
            c.eq(f"sink {el['name']}: shipped at the end = stats shipped", v[1], el["shipped"])
c.true("the line has a WIP counter track", counter(f"line {tr.line['name']}", "WIP") is not None)
c.eq("WIP at the end = stats wip_end", int(res["wip_end"]), stats["wip_end"])
sys.exit(c.done())
