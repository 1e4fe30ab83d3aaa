"""pm4py reads takt's OCEL 2.0 export; its events, objects, relations and times match the trace.
usage: check_ocel.py TRACE.jsonl OCEL.json STATS.json
Expected numbers: from the trace lines (json module) and 'takt stats --summary json'."""
import json
import sys
from collections import Counter

import pandas as pd

sys._pm4py_welcome_shown = True   # pm4py prints a banner on import otherwise
import pm4py  # noqa: E402

from trace_facts import Checks, Trace

trace_path, ocel_path, stats_path = sys.argv[1:4]
tr = Trace(trace_path)
stats = json.load(open(stats_path))
c = Checks("ocel " + tr.line["name"])
ocel = pm4py.read_ocel2_json(ocel_path)
ev, obj, rel = ocel.events, ocel.objects, ocel.relations

# Events per type: every trace event but starved/unstarved.
skipped = {"starved", "unstarved"}
expected_types = Counter({k: n for k, n in tr.kinds.items() if k not in skipped})
c.eq("events per type", dict(Counter(ev["ocel:activity"])), dict(expected_types))
c.eq("event count", len(ev), sum(expected_types.values()))
# … and the totals takt stats reports (no warm-up: whole run).
act = Counter(ev["ocel:activity"])
c.eq("created = stats started", act["created"], stats["started"])
c.eq("shipped = stats completed", act["shipped"], stats["completed"])
c.eq("made = stats made", act["made"], stats["made"])
c.eq("consumed = stats consumed", act["consumed"], stats["consumed"])
c.eq("scrapped = stats scrapped", act["scrapped"], stats["scrapped"])
ops = Counter(r["ocel:oid"] for _, r in rel[(rel["ocel:activity"] == "op_end") & (rel["ocel:qualifier"] == "at")].iterrows())
for el in stats["elements"]:
    if el["kind"] == "station":
        c.eq(f"op_end at {el['name']} = stats operations", ops.get("station:" + el["name"], 0), el["operations"])

# Objects: one per unit, typed by its unit type; elements that take part in an event.
units_by_type = Counter()
for e in tr.events:
    if e["ev"] in ("created", "made"):
        units_by_type[e["type"]] += 1
c.eq("units = stats started + made", sum(units_by_type.values()), stats["started"] + stats["made"])
elements_seen = set()
for e in tr.events:
    if e["ev"] in skipped:
        continue
    elements_seen.add(e["el"])
    for key in ("to", "on"):
        if key in e:
            elements_seen.add(e[key])
expected_objects = Counter(units_by_type)
expected_objects.update(tr.element_kind(name) for name in elements_seen)
c.eq("objects per type", dict(Counter(obj["ocel:type"])), dict(expected_objects))

# Relations (event-to-object, qualified), counted from the trace by the documented rules.
expected_q = Counter()
made_components = Counter(e["into"] for e in tr.events if e["ev"] == "consumed" and tr.transform(e["el"]) == "merge")
for e in tr.events:
    k = e["ev"]
    if k in skipped:
        continue
    expected_q[(k, "at")] += 1
    own = {"created": "created", "arrived": "arrived", "op_start": "processed", "op_end": "processed",
           "departed": "moved", "blocked": "blocked", "unblocked": "blocked", "scrapped": "scrapped", "shipped": "shipped"}
    if k in own and e["unit"] >= 0:   # unit -1 (a saturated source's blocked): no unit to relate
        expected_q[(k, own[k])] += 1
    if k == "departed":
        expected_q[(k, "to")] += 1
    if k in ("blocked", "unblocked"):
        expected_q[(k, "waits for")] += 1
    if k == "consumed":
        if tr.transform(e["el"]) == "merge":
            expected_q[(k, "component")] += 1
            expected_q[(k, "assembly")] += 1
        else:
            expected_q[(k, "parent")] += 1
            expected_q[(k, "child")] += tr.split_children(e["el"])
    if k == "made":
        if tr.transform(e["el"]) == "merge":
            expected_q[(k, "assembly")] += 1
            expected_q[(k, "component")] += made_components[e["unit"]]
        else:
            expected_q[(k, "child")] += 1
            expected_q[(k, "parent")] += 1
got_q = Counter(zip(rel["ocel:activity"], rel["ocel:qualifier"]))
c.eq("relations per (event type, qualifier)", dict(got_q), dict(expected_q))
c.eq("relation count", len(rel), sum(expected_q.values()))

# Object-to-object: an assembly contains each component; a split's units come from their parent.
o2o = Counter(ocel.o2o["ocel:qualifier"]) if len(ocel.o2o) else Counter()
c.eq("o2o contains = consumed by merges", o2o["contains"], sum(made_components.values()))
c.eq("o2o split from = made by splits", o2o["split from"],
     sum(1 for e in tr.events if e["ev"] == "made" and tr.transform(e["el"]) == "split"))

# Times: epoch + tick × tick_ns, exactly (pandas keeps microseconds or finer).
epoch = pd.Timestamp("2025-01-06T00:00:00Z")
tick_of = {f"e{e['seq']}": e["t"] for e in tr.events}
expected_times = ev["ocel:eid"].map(lambda i: epoch + pd.Timedelta(tick_of[i] * tr.tick_ns, unit="ns"))
bad = (ev["ocel:timestamp"] != expected_times).sum()
c.eq("event times = epoch + tick x tick_ns (mismatches)", int(bad), 0)
c.true("timestamps are UTC datetimes", str(ev["ocel:timestamp"].dtype).startswith("datetime64") and "UTC" in str(ev["ocel:timestamp"].dtype),
       str(ev["ocel:timestamp"].dtype))

# Typed attributes: server integer everywhere, scrap and reworked booleans.
c.eq("server attribute dtype", str(ev["server"].dtype), "int64")
scrap = ev.loc[ev["ocel:activity"] == "op_end", "scrap"]
c.true("scrap values are booleans", all(isinstance(v, bool) for v in scrap))
c.eq("scrapped op_ends", int(scrap.sum()), sum(1 for e in tr.events if e["ev"] == "op_end" and e["scrap"] == 1))
rew = ev.loc[ev["ocel:activity"] == "shipped", "reworked"]
c.eq("reworked shipped = stats reworked", int(rew.sum()) if len(rew) else 0, stats["reworked"])
sys.exit(c.done())
