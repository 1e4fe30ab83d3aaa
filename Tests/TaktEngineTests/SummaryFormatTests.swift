import Testing
import TaktFixed
import TaktEngine

@Suite struct SummaryFormatTests {
    @Test func textIsExact() {
        #expect(KPITiny.run(warmup: 0).text() == """
line              tiny
seed              42
window            20.000 s (warm-up 0.000 s, end 20.000 s)
units             started 8, completed 4, scrapped 2, wip 0 -> 2
throughput        720.000 /h
lead time         mean 7.500 s, p50 6.000 s, p95 10.000 s, max 10.000 s
wip mean          2.700000
first-pass yield  0.666667
bottleneck        st

states (fraction of server time)
element  kind     servers      busy   blocked   starved      down      idle  off-shift
in       source         1  0.000000  0.150000  0.000000  0.000000  0.850000   0.000000
st       station        2  0.850000  0.000000  0.050000  0.100000  0.000000   0.000000

stations
element  operations  scrapped  availability  performance   quality       oee  active-period
st                6         2      0.900000     0.833333  0.666667  0.500000       19.000 s

buffers
element  level-mean  level-max
q          0.650000          1

sources and sinks
element  kind    created  shipped
in       source        8        -
out      sink          -        4

""")
    }

    @Test func tsvIsExact() {
        let s = KPITiny.run(warmup: 0)
        let header = "line seed duration_s warmup_s started completed scrapped wip_start wip_end throughput_per_h lead_time_mean_s lead_time_p50_s lead_time_p95_s wip_mean fpy bottleneck made consumed reworked"
        let row = "tiny 42 20.000 0.000 8 4 2 0 2 720.000 7.500 6.000 10.000 2.700000 0.666667 st 0 0 0"
        func tabs(_ s: String) -> String { s.split(separator: " ").joined(separator: "\t") }
        #expect(LineSummary.tsvColumns.count == 19)
        #expect(s.tsv() == tabs(header) + "\n" + tabs(row) + "\n")
        #expect(s.tsv(noHeader: true) == tabs(row) + "\n")
        // Before the first shipment: undefined values are empty fields.
        let early = KPITiny.run(warmup: 0, end: 3)
        #expect(early.tsv(noHeader: true) == ["tiny", "42", "3.000", "0.000", "2", "0", "0", "0", "2", "0.000", "", "", "", "1.333333", "", "st", "0", "0", "0"].joined(separator: "\t") + "\n")
        // An empty window: no throughput, no WIP mean, no bottleneck.
        let empty = KPITiny.run(warmup: 25)
        #expect(empty.tsv(noHeader: true) == ["tiny", "42", "0.000", "25.000", "0", "0", "0", "2", "2", "", "", "", "", "", "", "", "0", "0", "0"].joined(separator: "\t") + "\n")
    }

    @Test func namesAreEscaped() {
        var s = KPITiny.run(warmup: 0)
        s.line = "a\tb\"c\n"
        #expect(s.tsvRow.hasPrefix("a b\"c \t42\t"))
        #expect(s.json().contains("  \"line\": \"a\\tb\\\"c\\n\",\n"))
    }

    @Test func jsonIsExact() {
        #expect(KPITiny.run(warmup: 0).json() == """
{
  "line": "tiny",
  "seed": 42,
  "tick_ns": 1000000000,
  "warmup_ticks": 0,
  "end_tick": 20,
  "window_ticks": 20,
  "warmup_s": 0.000,
  "end_s": 20.000,
  "duration_s": 20.000,
  "started": 8,
  "completed": 4,
  "scrapped": 2,
  "made": 0,
  "consumed": 0,
  "reworked": 0,
  "wip_start": 0,
  "wip_end": 2,
  "throughput_per_h": 720.000,
  "lead_time": {
    "count": 4,
    "sum_ticks": 30,
    "mean_s": 7.500,
    "p50_s": 6.000,
    "p95_s": 10.000,
    "min_s": 5.000,
    "max_s": 10.000
  },
  "wip_mean": 2.700000,
  "fpy": 0.666667,
  "bottleneck": "st",
  "elements": [
    {
      "name": "in",
      "kind": "source",
      "servers": 1,
      "ticks": {
        "busy": 0,
        "blocked": 3,
        "starved": 0,
        "down": 0,
        "idle": 17,
        "off_shift": 0,
        "total": 20
      },
      "fractions": {
        "busy": 0.000000,
        "blocked": 0.150000,
        "starved": 0.000000,
        "down": 0.000000,
        "idle": 0.850000,
        "off_shift": 0.000000
      },
      "created": 8
    },
    {
      "name": "out",
      "kind": "sink",
      "servers": 0,
      "shipped": 4
    },
    {
      "name": "q",
      "kind": "buffer",
      "servers": 0,
      "level_mean": 0.650000,
      "level_max": 1
    },
    {
      "name": "st",
      "kind": "station",
      "servers": 2,
      "ticks": {
        "busy": 34,
        "blocked": 0,
        "starved": 2,
        "down": 4,
        "idle": 0,
        "off_shift": 0,
        "total": 40
      },
      "fractions": {
        "busy": 0.850000,
        "blocked": 0.000000,
        "starved": 0.050000,
        "down": 0.100000,
        "idle": 0.000000,
        "off_shift": 0.000000
      },
      "operations": 6,
      "scrapped": 2,
      "oee": {
        "ideal_cycle_s": 5.000,
        "availability": 0.900000,
        "performance": 0.833333,
        "quality": 0.666667,
        "oee": 0.500000
      },
      "active_periods": 2,
      "active_period_mean_s": 19.000
    }
  ]
}

""")
        let early = KPITiny.run(warmup: 0, end: 3).json()
        #expect(early.contains("    \"mean_s\": null,\n") && early.contains("  \"fpy\": null,\n"))
    }
}
