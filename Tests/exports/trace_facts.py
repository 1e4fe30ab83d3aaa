"""Reads a takt trace (JSON lines) with nothing but the json module: the expected numbers for the
export checks come from here and from 'takt stats', never from takt's own export code."""
import json
from collections import Counter


class Trace:
    def __init__(self, path):
        self.events = []          # dicts as written: seq, t, ev, el, srv, unit, …
        self.end = None
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        self.header = json.loads(lines[0])
        for line in lines[1:]:
            if not line:
                continue
            d = json.loads(line)
            if "seq" in d and "ev" in d:
                self.events.append(d)
            elif "end" in d:
                self.end = d
        self.line = self.header["line"]
        self.tick_ns = self.header["tick_ns"]
        self.kinds = Counter(e["ev"] for e in self.events)
        self.end_tick = self.end["t"] if self.end else (self.events[-1]["t"] if self.events else 0)

    def stations(self):
        return self.line.get("stations", {})

    def transform(self, station):
        """'merge', 'split' or None, from the line file's keys (needs = merge; makes alone = split)."""
        s = self.stations().get(station)
        if s is None:
            return None
        if "needs" in s:
            return "merge"
        if "makes" in s:
            return "split"
        return None

    def split_children(self, station):
        return sum(self.stations()[station]["makes"].values())

    def element_kind(self, name):
        for kind, key in (("source", "sources"), ("station", "stations"), ("buffer", "buffers"), ("sink", "sinks")):
            if name in self.line.get(key, {}):
                return kind
        raise KeyError(name)


class Checks:
    """Counts passed and failed checks; prints each failure."""
    def __init__(self, name):
        self.name, self.passed, self.failed = name, 0, 0

    def eq(self, what, got, expected):
        if got == expected:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {self.name}: {what}: got {got!r}, expected {expected!r}")

    def true(self, what, cond, detail=""):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {self.name}: {what} {detail}")

    def done(self):
        print(f"{self.name}: {self.passed} passed, {self.failed} failed")
        return 0 if self.failed == 0 and self.passed > 0 else 1
