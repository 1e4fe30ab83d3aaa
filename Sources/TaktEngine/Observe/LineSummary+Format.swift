import TaktFixed

/// Output formats of a `LineSummary`: `text()`, `tsv(noHeader:)` and `json()`.
///
/// Numbers are printed exactly from `Fixed` with `formatted(decimals:)` (half to even): times in
/// seconds with 3 decimals, fractions (state shares, OEE parts, yield) and means of counts (WIP,
/// buffer level) with 6, throughput with 3. Integers are printed as they are.
///
/// TSV (`tsv`): one header line (left out with `noHeader`) and one row, tab-separated, columns:
///
/// | column | meaning |
/// |---|---|
/// | `line` | line name |
/// | `seed` | the run's seed |
/// | `duration_s` | length of the measurement window in seconds (run end − warm-up) |
/// | `warmup_s` | warm-up in seconds; statistics cover only the time after it |
/// | `started` | units created in the window |
/// | `completed` | units shipped (reached a sink) in the window, whenever created |
/// | `scrapped` | units scrapped in the window, whenever created |
/// | `wip_start` | units in the system when the window opens |
/// | `wip_end` | units in the system at the end; `wip_start + started + made = completed + scrapped + consumed + wip_end` |
/// | `throughput_per_h` | completed / duration_s × 3600 |
/// | `lead_time_mean_s` | exact mean of ship time − creation time of the completed units |
/// | `lead_time_p50_s` | median lead time (log-linear histogram, relative error ≤ 1/256) |
/// | `lead_time_p95_s` | 95th percentile lead time (same histogram) |
/// | `wip_mean` | time-weighted mean number of units in the system over the window |
/// | `fpy` | first-pass yield: (completed − reworked) / (completed + scrapped) |
/// | `bottleneck` | the station with the longest mean active period (busy or down) |
/// | `made` | units made by merges (assembled) and splits in the window |
/// | `consumed` | units used up by merges (components) and splits in the window |
/// | `reworked` | completed units that passed a rework station |
///
/// An undefined value (no completed unit, empty window, no bottleneck) is an empty field.
/// Tabs and line breaks inside names are replaced by spaces.
extension LineSummary {
    /// The TSV columns, in order.
    public static let tsvColumns = [
        "line", "seed", "duration_s", "warmup_s", "started", "completed", "scrapped", "wip_start", "wip_end",
        "throughput_per_h", "lead_time_mean_s", "lead_time_p50_s", "lead_time_p95_s", "wip_mean", "fpy", "bottleneck",
        "made", "consumed", "reworked",
    ]

    /// The header line (without a newline).
    public static var tsvHeader: String { tsvColumns.joined(separator: "\t") }

    /// The data row (without a newline), in `tsvColumns` order.
    public var tsvRow: String {
        let fields: [String] = [
            Self.tsvField(line), String(seed), Self.time(windowSeconds), Self.time(warmupSeconds),
            String(started), String(completed), String(scrapped), String(wipStart), String(wipEnd),
            Self.rate(throughputPerHour), Self.time(leadTime.meanSeconds), Self.time(leadTime.p50Seconds),
            Self.time(leadTime.p95Seconds), Self.fraction(wipMean), Self.fraction(firstPassYield),
            Self.tsvField(bottleneck ?? ""),
            String(made), String(consumed), String(reworked),
        ]
        return fields.joined(separator: "\t")
    }

    /// Header line (unless `noHeader`) and row, each ending in a newline.
    public func tsv(noHeader: Bool = false) -> String {
        (noHeader ? "" : Self.tsvHeader + "\n") + tsvRow + "\n"
    }

    // MARK: Text

    /// A human-readable block: the line KPIs, then aligned tables per element kind.
    public func text() -> String {
        let none = "-"
        func t(_ x: Fixed?) -> String { x.map { Self.time($0) + " s" } ?? none }
        func f(_ x: Fixed?) -> String { x.map { Self.fraction($0) } ?? none }
        var lines: [String] = []
        let head: [(String, String)] = [
            ("line", line),
            ("seed", String(seed)),
            ("window", "\(Self.time(windowSeconds)) s (warm-up \(Self.time(warmupSeconds)) s, end \(Self.time(endSeconds)) s)"),
            ("units", "started \(started), completed \(completed), scrapped \(scrapped), wip \(wipStart) -> \(wipEnd)"
                + (made + consumed > 0 ? ", made \(made), consumed \(consumed)" : "")
                + (reworked > 0 ? ", reworked \(reworked)" : "")),
            ("throughput", throughputPerHour.map { Self.rate($0) + " /h" } ?? none),
            ("lead time", "mean \(t(leadTime.meanSeconds)), p50 \(t(leadTime.p50Seconds)), p95 \(t(leadTime.p95Seconds)), max \(t(leadTime.maxSeconds))"),
            ("wip mean", f(wipMean)),
            ("first-pass yield", f(firstPassYield)),
            ("bottleneck", bottleneck ?? none),
        ]
        let keyWidth = head.map { $0.0.count }.max()! + 2
        for (k, v) in head { lines.append(Self.pad(k, keyWidth) + v) }

        let withLedger = elements.filter { $0.ledger != nil }
        if !withLedger.isEmpty {
            lines.append("")
            lines.append("states (fraction of server time)")
            var rows = [["element", "kind", "servers", "busy", "blocked", "starved", "down", "idle", "off-shift"]]
            for e in withLedger {
                rows.append([e.name, e.kind, String(e.servers)] + e.ledger!.fractions.map(f))
            }
            lines += Self.table(rows, rightAligned: [false, false, true, true, true, true, true, true, true])
        }
        let stations = elements.filter { $0.station != nil }
        if !stations.isEmpty {
            lines.append("")
            lines.append("stations")
            var rows = [["element", "operations", "scrapped", "availability", "performance", "quality", "oee", "active-period"]]
            for e in stations {
                let s = e.station!
                rows.append([e.name, String(s.operations), String(s.scrapped), f(s.availability), f(s.performance),
                             f(s.quality), f(s.oee), t(s.activePeriodMeanSeconds)])
            }
            lines += Self.table(rows, rightAligned: [false, true, true, true, true, true, true, true])
        }
        let buffers = elements.filter { $0.level != nil }
        if !buffers.isEmpty {
            lines.append("")
            lines.append("buffers")
            var rows = [["element", "level-mean", "level-max"]]
            for e in buffers { rows.append([e.name, f(e.level!.mean), String(e.level!.max)]) }
            lines += Self.table(rows, rightAligned: [false, true, true])
        }
        let ends = elements.filter { $0.created != nil || $0.shipped != nil }
        if !ends.isEmpty {
            lines.append("")
            lines.append("sources and sinks")
            var rows = [["element", "kind", "created", "shipped"]]
            for e in ends {
                rows.append([e.name, e.kind, e.created.map { String($0) } ?? none, e.shipped.map { String($0) } ?? none])
            }
            lines += Self.table(rows, rightAligned: [false, false, true, true])
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: JSON

    /// Every field, pretty-printed with two-space indentation and a fixed key order; nil is `null`.
    public func json() -> String {
        var w = JSONWriter()
        w.open("{")
        w.key("line", Self.jsonString(line))
        w.key("seed", String(seed))
        w.key("tick_ns", String(tickNanoseconds))
        w.key("warmup_ticks", String(warmupTicks))
        w.key("end_tick", String(endTick))
        w.key("window_ticks", String(windowTicks))
        w.key("warmup_s", Self.time(warmupSeconds))
        w.key("end_s", Self.time(endSeconds))
        w.key("duration_s", Self.time(windowSeconds))
        w.key("started", String(started))
        w.key("completed", String(completed))
        w.key("scrapped", String(scrapped))
        w.key("made", String(made))
        w.key("consumed", String(consumed))
        w.key("reworked", String(reworked))
        w.key("wip_start", String(wipStart))
        w.key("wip_end", String(wipEnd))
        w.key("throughput_per_h", Self.jsonNumber(throughputPerHour, 3))
        w.open("{", key: "lead_time")
        w.key("count", String(leadTime.count))
        w.key("sum_ticks", String(leadTime.sumTicks))
        w.key("mean_s", Self.jsonNumber(leadTime.meanSeconds, 3))
        w.key("p50_s", Self.jsonNumber(leadTime.p50Seconds, 3))
        w.key("p95_s", Self.jsonNumber(leadTime.p95Seconds, 3))
        w.key("min_s", Self.jsonNumber(leadTime.minSeconds, 3))
        w.key("max_s", Self.jsonNumber(leadTime.maxSeconds, 3))
        w.close("}")
        w.key("wip_mean", Self.jsonNumber(wipMean, 6))
        w.key("fpy", Self.jsonNumber(firstPassYield, 6))
        w.key("bottleneck", bottleneck.map(Self.jsonString) ?? "null")
        w.open("[", key: "elements")
        for e in elements {
            w.open("{")
            w.key("name", Self.jsonString(e.name))
            w.key("kind", Self.jsonString(e.kind))
            w.key("servers", String(e.servers))
            if let ledger = e.ledger {
                w.open("{", key: "ticks")
                for (name, ticks) in zip(Ledger.stateNames, ledger.ticks) { w.key(name, String(ticks)) }
                w.key("total", String(ledger.total))
                w.close("}")
                w.open("{", key: "fractions")
                for (name, x) in zip(Ledger.stateNames, ledger.fractions) { w.key(name, Self.jsonNumber(x, 6)) }
                w.close("}")
            }
            if let level = e.level {
                w.key("level_mean", Self.jsonNumber(level.mean, 6))
                w.key("level_max", String(level.max))
            }
            if let s = e.station {
                w.key("operations", String(s.operations))
                w.key("scrapped", String(s.scrapped))
                w.open("{", key: "oee")
                w.key("ideal_cycle_s", Self.jsonNumber(s.idealCycleSeconds, 3))
                w.key("availability", Self.jsonNumber(s.availability, 6))
                w.key("performance", Self.jsonNumber(s.performance, 6))
                w.key("quality", Self.jsonNumber(s.quality, 6))
                w.key("oee", Self.jsonNumber(s.oee, 6))
                w.close("}")
                w.key("active_periods", String(s.activePeriods))
                w.key("active_period_mean_s", Self.time(s.activePeriodMeanSeconds))
            }
            if let created = e.created { w.key("created", String(created)) }
            if let shipped = e.shipped { w.key("shipped", String(shipped)) }
            w.close("}")
        }
        w.close("]")
        w.close("}")
        w.put("\n")
        return w.text
    }

    // MARK: Pieces

    static func time(_ x: Fixed) -> String { x.formatted(decimals: 3) }
    static func time(_ x: Fixed?) -> String { x.map(time) ?? "" }
    static func fraction(_ x: Fixed) -> String { x.formatted(decimals: 6) }
    static func fraction(_ x: Fixed?) -> String { x.map(fraction) ?? "" }
    static func rate(_ x: Fixed) -> String { x.formatted(decimals: 3) }
    static func rate(_ x: Fixed?) -> String { x.map(rate) ?? "" }
    static func jsonNumber(_ x: Fixed?, _ decimals: Int) -> String { x.map { $0.formatted(decimals: decimals) } ?? "null" }

    static func tsvField(_ s: String) -> String {
        String(s.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    /// Columns separated by two spaces, each as wide as its widest cell; no trailing spaces.
    static func table(_ rows: [[String]], rightAligned: [Bool]) -> [String] {
        var widths = [Int](repeating: 0, count: rightAligned.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = Swift.max(widths[i], cell.count) } }
        return rows.map { row in
            var out = ""
            for (i, cell) in row.enumerated() {
                if i > 0 { out += "  " }
                let fill = String(repeating: " ", count: widths[i] - cell.count)
                out += rightAligned[i] ? fill + cell : (i == row.count - 1 ? cell : cell + fill)
            }
            return out
        }
    }

    static func jsonString(_ s: String) -> String { JSONText.quoted(s) }

    /// A minimal pretty-printer: one member per line, two-space indentation. It collects UTF-8
    /// bytes and makes one string at the end: a thousand `String` appends cost about 300
    /// instructions each, a third of a short run's summary.
    struct JSONWriter {
        var bytes: [UInt8] = []
        var depth = 0
        var first = true

        init() { bytes.reserveCapacity(8192) }

        var text: String { String(decoding: bytes, as: UTF8.self) }

        mutating func put(_ s: String) { bytes.append(contentsOf: s.utf8) }

        mutating func newline() {
            if !first { bytes.append(UInt8(ascii: ",")) }
            if !bytes.isEmpty { indent() }
            first = false
        }

        mutating func indent() {
            bytes.append(UInt8(ascii: "\n"))
            for _ in 0..<(2 * depth) { bytes.append(UInt8(ascii: " ")) }
        }

        mutating func key(_ name: String, _ value: String) {
            newline()
            put(LineSummary.jsonString(name))
            put(": ")
            put(value)
        }

        mutating func open(_ bracket: String, key name: String? = nil) {
            newline()
            if let name { put(LineSummary.jsonString(name)); put(": ") }
            put(bracket)
            depth += 1
            first = true
        }

        mutating func close(_ bracket: String) {
            depth -= 1
            if !first { indent() }
            put(bracket)
            first = false
        }
    }
}
