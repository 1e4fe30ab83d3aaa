"""pandas reads takt's CSV export: one row per trace event, sensible dtypes, the same events.
usage: check_csv.py TRACE.jsonl EVENTS.csv STATS.json
Expected numbers: from the trace lines (json module) and 'takt stats --summary json'."""
import json
import sys
from collections import Counter

import pandas as pd

from trace_facts import Checks, Trace

trace_path, csv_path, stats_path = sys.argv[1:4]
tr = Trace(trace_path)
stats = json.load(open(stats_path))
c = Checks("csv " + tr.line["name"])
df = pd.read_csv(csv_path)

c.eq("columns", list(df.columns), ["seq", "tick", "time_s", "event", "element", "server", "unit", "type", "target", "value", "reworked"])
expected_rows = tr.end["seq"] if tr.end else len(tr.events)
c.eq("rows = events in the trace (end line seq)", len(df), expected_rows)
for col in ("seq", "tick", "server", "unit"):
    c.eq(f"dtype of {col}", str(df[col].dtype), "int64")
c.eq("dtype of time_s", str(df["time_s"].dtype), "float64")
for col in ("event", "element"):
    c.true(f"{col} is text", pd.api.types.is_string_dtype(df[col]), str(df[col].dtype))
c.true("value is numeric (empty where it does not apply)", pd.api.types.is_numeric_dtype(df["value"]), str(df["value"].dtype))

c.eq("rows per event type", dict(Counter(df["event"])), dict(tr.kinds))
c.eq("shipped rows = stats completed", int((df["event"] == "shipped").sum()), stats["completed"])
c.eq("created rows = stats started", int((df["event"] == "created").sum()), stats["started"])
c.eq("seq, tick, event, element, unit as in the trace",
     list(zip(df["seq"], df["tick"], df["event"], df["element"], df["unit"])),
     [(e["seq"], e["t"], e["ev"], e["el"], e["unit"]) for e in tr.events])
# time_s is tick × tick_ns in seconds (compared as integers: milliseconds here).
if tr.tick_ns % 1_000_000 == 0:
    c.eq("time_s x 1000 = tick x tick_ns / 10^6 (mismatches)",
         int(((df["time_s"] * 1000).round().astype("int64") != df["tick"] * (tr.tick_ns // 1_000_000)).sum()), 0)
shipped = df[df["event"] == "shipped"]
c.eq("lead times (tick - value) of shipped rows = stats lead_time sum_ticks",
     int((shipped["tick"] - shipped["value"]).sum()), stats["lead_time"]["sum_ticks"])
c.eq("reworked shipped rows = stats reworked", int(shipped["reworked"].sum()), stats["reworked"])
c.eq("type given for created/made rows", int(df.loc[df["event"].isin(["created", "made"]), "type"].isna().sum()), 0)
c.eq("target given for departed rows", int(df.loc[df["event"] == "departed", "target"].isna().sum()), 0)
sys.exit(c.done())
