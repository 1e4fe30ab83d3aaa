"""cells/schema.json and the loader agree on the shipped line files.

A real JSON Schema validator (the `jsonschema` package, draft 2020-12) stands in for an editor:
- the schema is itself a valid draft 2020-12 schema;
- every shipped line file is valid under it, and `takt validate` accepts it;
- with a note ("comment", "estimate" and a "//" key) added to every object, and a top-level
  "$schema", each file is still valid under the schema and still accepted by `takt validate`
  (cells/README.md: any object may carry notes; "$schema" binds a file to the schema);
- a few files both must reject: the schema and the loader each say no (exit 2).

usage: python check_schema.py /absolute/path/to/takt REPO
"""
import copy
import glob
import json
import os
import subprocess
import sys
import tempfile

import jsonschema

takt, repo = sys.argv[1], sys.argv[2]
cells = os.path.join(repo, "cells")
schema = json.load(open(os.path.join(cells, "schema.json"), encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
failures = 0


def fail(message):
    global failures
    failures += 1
    print("FAIL:", message)


def with_notes(value):
    """Every object of `value` with the three kinds of note added."""
    if isinstance(value, dict):
        out = {k: with_notes(v) for k, v in value.items()}
        out["comment"] = "a note"
        out["estimate"] = "a guess"
        out["// why"] = [1, {"any": None}]
        return out
    if isinstance(value, list):
        return [with_notes(v) for v in value]
    return value


def takt_validate(document, beside):
    """`takt validate` on `document` written next to the file it came from (robots/ resolve the same)."""
    fd, path = tempfile.mkstemp(suffix=".json", prefix=".schema-check-", dir=beside)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(document, f, ensure_ascii=False)
        r = subprocess.run([takt, "validate", path], capture_output=True, text=True)
        return r.returncode, r.stderr.strip()
    finally:
        os.remove(path)


def schema_errors(document):
    return ["/".join(map(str, e.absolute_path)) + ": " + e.message[:120] for e in validator.iter_errors(document)]


files = sorted(f for f in glob.glob(os.path.join(cells, "**", "*.json"), recursive=True)
               if os.sep + "robots" + os.sep not in f and os.path.basename(f) != "schema.json")
if len(files) < 10:
    fail("expected the shipped line files under cells/, found %d" % len(files))
for f in files:
    name = os.path.relpath(f, cells)
    original = json.load(open(f, encoding="utf-8"))
    annotated = with_notes(original)
    annotated = {"$schema": os.path.relpath(os.path.join(cells, "schema.json"), os.path.dirname(f)), **annotated}
    for label, document in (("as shipped", original), ("with notes everywhere and a $schema", annotated)):
        errors = schema_errors(document)
        if errors:
            fail("%s (%s): the schema rejects it: %s" % (name, label, "; ".join(errors[:3])))
        code, message = takt_validate(document, os.path.dirname(f))
        if code != 0:
            fail("%s (%s): takt validate exits %d: %s" % (name, label, code, message))
    print("ok: %s valid under the schema and accepted by takt, as shipped and with notes everywhere" % name)

# Both must reject these (edits of the benchmark line).
base = json.load(open(os.path.join(cells, "bench", "serial-5.json"), encoding="utf-8"))
bad = []
d = copy.deepcopy(base); d["stations"]["S1"]["servrs"] = 1; bad.append(("an unknown key", d))
d = copy.deepcopy(base); d["stations"]["S1"]["servers"] = "1"; bad.append(("a count written as a string", d))
d = copy.deepcopy(base); d["buffers"]["B1"]["capacity"] = 0; bad.append(("a capacity of 0", d))
d = copy.deepcopy(base); del d["name"]; bad.append(("no name", d))
d = copy.deepcopy(base); d["$schema"] = 5; bad.append(("a $schema that is not a string", d))
d = copy.deepcopy(base); d["stations"]["S1"]["comment"] = 5; bad.append(("a comment that is not a string", d))
for label, document in bad:
    if not schema_errors(document):
        fail("the schema accepts %s" % label)
    code, _ = takt_validate(document, os.path.join(cells, "bench"))
    if code != 2:
        fail("takt validate exits %d on %s (expected 2)" % (code, label))
print("ok: the schema and takt both reject %d broken files" % len(bad))

print("PASS: cells/schema.json and the loader agree" if failures == 0 else "FAIL: %d disagreements" % failures)
sys.exit(1 if failures else 0)
