import TaktFixed
import TaktEngine
import TaktLine
import TaktTrace

/// `takt stats`, `takt replay` and `takt diff`: reading traces written by `takt run --trace`.
enum TraceCommands {
    static let statsHelp = """
    usage: takt stats TRACE [--warmup D] [--summary text|tsv|json] [--no-header]

    Every KPI of 'takt run', recomputed from the trace alone (TRACE '-' reads stdin). Without
    --warmup, the run's own warm-up applies and the summary equals the run's byte for byte;
    --warmup D cuts statistics at D instead, chosen after the run. A truncated trace (no end line)
    gives the figures up to its last event, says so on stderr and exits 1.

    """

    static let replayHelp = """
    usage: takt replay TRACE --verify
           takt replay TRACE --at D [--format text|json]

    --verify   runs the line in the trace's header again (same seed and options) and compares the
               trace it writes with TRACE byte for byte: exit 0 when identical, else exit 1 with
               the first differing line (seq, tick, expected and found) and the last checkpoint
               that agreed.
    --at D     the state of the line at time D (e.g. 2h): every buffer's units, each station
               server's state and unit, each unit's location; rebuilt from the nearest checkpoint
               at or before D and the events after it, without running the line again.

    """

    static let diffHelp = """
    usage: takt diff A B

    Compares two traces: exit 0 when their events are the same, 1 when they differ, with the first
    differing line and a table of KPI deltas (B − A).

    """

    static func reader(_ path: String) throws(UsageError) -> TraceReader {
        do { return try TraceReader(path: path) } catch { throw UsageError("\(error)") }
    }

    static func onePositional(_ a: Arguments, _ command: String) throws(UsageError) -> String {
        guard a.positionals.count == 1 else {
            throw UsageError("\(command): expected one TRACE file (or - for stdin), got \(a.positionals.count) (see 'takt \(command) --help')")
        }
        return a.positionals[0]
    }

    /// The KPIs of a whole trace; the reader is left at its end.
    static func summary(_ r: TraceReader, warmupTicks: Int64) throws(UsageError) -> LineSummary {
        var kpis = KPIRecorder(model: r.model, warmupTicks: warmupTicks)
        do { _ = try r.feed(into: &kpis) } catch { throw UsageError("\(error)") }
        return kpis.summary(seed: r.header.seed)
    }

    // MARK: stats

    static func stats(_ args: [String], _ context: Context) throws(UsageError) -> ExitCode {
        if args.contains("--help") || args.contains("-h") { context.output.out(statsHelp); return .ok }
        let a = try Arguments(args, options: ["warmup", "summary"], flags: ["no-header"], command: "stats")
        let format = try a.choice("summary", ["text", "tsv", "json"], default: "text", command: "stats")
        let r = try reader(try onePositional(a, "stats"))
        var warmup = r.header.warmupTicks
        if a.value("warmup") != nil {
            warmup = r.model.ticks(seconds: try RunCommand.duration(a, "warmup", default: nil, command: "stats")!)
        }
        let s = try summary(r, warmupTicks: warmup)
        switch format {
        case "tsv": context.output.out(s.tsv(noHeader: a.flag("no-header")))
        case "json": context.output.out(s.json())
        default: context.output.out(s.text())
        }
        if r.isTruncated {
            context.output.err("error: \(r.truncationMessage)\n")
            return .checkFailed
        }
        return .ok
    }

    // MARK: replay

    static func replay(_ args: [String], _ context: Context) throws(UsageError) -> ExitCode {
        if args.contains("--help") || args.contains("-h") { context.output.out(replayHelp); return .ok }
        let a = try Arguments(args, options: ["at", "format"], flags: ["verify"], command: "replay")
        let path = try onePositional(a, "replay")
        if a.flag("verify") {
            guard a.value("at") == nil else { throw UsageError("replay: give either --verify or --at, not both") }
            let result: TraceVerifier.Result
            do { result = try TraceVerifier.verify(path: path) } catch { throw UsageError("\(error)") }
            switch result {
            case .identical(let lines):
                context.output.out("identical: \(path) (\(lines) lines) is what this takt writes for its header\n")
                return .ok
            case .identicalUntilInterrupted(let lines):
                context.output.out("identical until interrupted: the \(lines) lines before the trace's end line (marked interrupted) are what this takt writes for its header\n")
                return .ok
            case .different(let d):
                var s = "different: \(path) line \(d.line)\(position(d.expected))\n  expected: \(d.expected)\n  found:    \(d.found)\n"
                if let cp = d.lastAgreeingCheckpoint {
                    s += "  last checkpoint that agreed: \(cp.index) at line \(cp.line) (seq \(cp.seq), tick \(cp.tick))\n"
                } else {
                    s += "  no checkpoint agreed before it\n"
                }
                context.output.out(s)
                return .checkFailed
            }
        }
        guard a.value("at") != nil else { throw UsageError("replay: say what to do: --verify or --at D (see 'takt replay --help')") }
        let format = try a.choice("format", ["text", "json"], default: "text", command: "replay")
        let r = try reader(path)
        let at = r.model.ticks(seconds: try RunCommand.duration(a, "at", default: nil, command: "replay")!)
        var state = LineState(model: r.model)
        var from: TraceCheckpoint?
        do {
            while let rec = try r.next() {
                switch rec {
                case .event(_, let e):
                    if e.tick > at { break }
                    state.apply(e)
                    continue
                case .checkpoint(let cp):
                    if cp.tick <= at { state = LineState(model: r.model, snapshot: cp.snapshot); from = cp; continue }
                case .end, .sample:
                    continue
                }
                break
            }
        } catch { throw UsageError("\(error)") }
        let tick = min(at, r.end?.tick ?? at)
        context.output.out(format == "json" ? StateReport.json(state, at: tick, from: from, file: r.file)
                                            : StateReport.text(state, at: tick, from: from, file: r.file))
        if r.isTruncated && at > r.lastTick {
            context.output.err("error: \(r.truncationMessage)\n")
            return .checkFailed
        }
        return .ok
    }

    /// " (seq S, tick T)" read from an event line, or "".
    static func position(_ line: String) -> String {
        guard line.hasPrefix(#"{"seq":"#) else { return "" }
        let parts = line.dropFirst(7).split(separator: ",", maxSplits: 2)
        guard parts.count >= 2, parts[1].hasPrefix(#""t":"#) else { return "" }
        return " (seq \(parts[0]), tick \(parts[1].dropFirst(4)))"
    }

    // MARK: diff

    static func diff(_ args: [String], _ context: Context) throws(UsageError) -> ExitCode {
        if args.contains("--help") || args.contains("-h") { context.output.out(diffHelp); return .ok }
        let a = try Arguments(args, options: [], flags: [], command: "diff")
        guard a.positionals.count == 2 else { throw UsageError("diff: expected two traces A B, got \(a.positionals.count)") }
        let pa = a.positionals[0], pb = a.positionals[1]
        guard pa != "-" || pb != "-" else { throw UsageError("diff: only one of A and B can be stdin") }
        // First divergence, line by line (headers compared apart: they name seeds and options).
        let ra = try reader(pa), rb = try reader(pb)
        var out = ""
        var same = true
        if ra.header != rb.header {
            out += "headers differ:\(headerChanges(ra.header, rb.header))\n"
        }
        var ka = KPIRecorder(model: ra.model, warmupTicks: ra.header.warmupTicks)
        var kb = KPIRecorder(model: rb.model, warmupTicks: rb.header.warmupTicks)
        var diverged = false
        do {
            while true {
                let x = try ra.next(), y = try rb.next()
                if x == nil && y == nil { break }
                if !diverged && !sameRecord(x, y, ra, rb) {
                    diverged = true
                    same = false
                    out += "first difference at line \(max(ra.lineNumber, rb.lineNumber)):\n  A: \(describe(x, ra))\n  B: \(describe(y, rb))\n"
                }
                if case .event(_, let e)? = x { ka.record(e) }
                if case .event(_, let e)? = y { kb.record(e) }
            }
        } catch { throw UsageError("\(error)") }
        ka.finish(atTick: ra.end?.tick ?? ra.lastTick)
        kb.finish(atTick: rb.end?.tick ?? rb.lastTick)
        if same { out += "same: the traces have the same events (\(ra.lastSeq))\n" }
        out += kpiTable(ka.summary(seed: ra.header.seed), kb.summary(seed: rb.header.seed))
        context.output.out(out)
        for r in [ra, rb] where r.isTruncated { context.output.err("warning: \(r.truncationMessage)\n") }
        return same ? .ok : .checkFailed
    }

    static func headerChanges(_ a: TraceHeader, _ b: TraceHeader) -> String {
        var s: [String] = []
        if a.seed != b.seed { s.append("seed \(a.seed) → \(b.seed)") }
        if a.durationTicks != b.durationTicks { s.append("duration \(a.durationTicks) → \(b.durationTicks) ticks") }
        if a.warmupTicks != b.warmupTicks { s.append("warm-up \(a.warmupTicks) → \(b.warmupTicks) ticks") }
        if a.overrides != b.overrides { s.append("--set [\(a.overrides.joined(separator: " "))] → [\(b.overrides.joined(separator: " "))]") }
        if a.line != b.line { s.append("line \(a.lineSHA256.prefix(12)) → \(b.lineSHA256.prefix(12))") }
        if a.checkpointEvery != b.checkpointEvery { s.append("checkpoint every \(a.checkpointEvery) → \(b.checkpointEvery)") }
        if a.taktVersion != b.taktVersion { s.append("takt \(a.taktVersion) → \(b.taktVersion)") }
        return s.isEmpty ? "" : " " + s.joined(separator: ", ")
    }

    static func sameRecord(_ x: TraceReader.Record?, _ y: TraceReader.Record?, _ ra: TraceReader, _ rb: TraceReader) -> Bool {
        switch (x, y) {
        case (.event(let s1, let e1)?, .event(let s2, let e2)?):
            return s1 == s2 && e1 == e2 && ra.model.elements[Int(e1.element)].name == rb.model.elements[Int(e2.element)].name
        case (.checkpoint(let a)?, .checkpoint(let b)?):
            return a.state == b.state && a.seq == b.seq
        case (.end(let a)?, .end(let b)?):
            return a.outcome == b.outcome && a.seq == b.seq && a.tick == b.tick && a.state == b.state
        case (nil, nil): return true
        default: return false
        }
    }

    static func describe(_ r: TraceReader.Record?, _ reader: TraceReader) -> String {
        switch r {
        case nil: return "(end of file)"
        case .event(let seq, let e)?:
            return "seq \(seq), tick \(e.tick): \(TraceFormat.kindNames[Int(e.kind.rawValue)]) \(reader.model.elements[Int(e.element)].name) server \(e.server) unit \(e.unit)"
        case .checkpoint(let cp)?: return "checkpoint \(cp.index) (seq \(cp.seq), tick \(cp.tick)), state \(cp.state)"
        case .end(let e)?: return "end \(e.outcome.rawValue) (seq \(e.seq), tick \(e.tick))"
        case .sample(let t, _)?: return "pose sample at tick \(t)"
        }
    }

    /// KPI, A, B, B − A, as aligned text.
    static func kpiTable(_ a: LineSummary, _ b: LineSummary) -> String {
        func t(_ x: Fixed?) -> String { x.map { $0.formatted(decimals: 3) } ?? "-" }
        func f(_ x: Fixed?) -> String { x.map { $0.formatted(decimals: 6) } ?? "-" }
        func d(_ x: Fixed?, _ y: Fixed?, _ places: Int) -> String {
            guard let x, let y else { return "-" }
            let v = y - x
            return (v.raw > 0 ? "+" : "") + v.formatted(decimals: places)
        }
        var rows: [[String]] = [["kpi", "A", "B", "B - A"]]
        func count(_ name: String, _ x: Int64, _ y: Int64) { rows.append([name, String(x), String(y), (y - x > 0 ? "+" : "") + String(y - x)]) }
        count("started", a.started, b.started)
        count("completed", a.completed, b.completed)
        count("scrapped", a.scrapped, b.scrapped)
        count("wip_end", a.wipEnd, b.wipEnd)
        rows.append(["throughput_per_h", t(a.throughputPerHour), t(b.throughputPerHour), d(a.throughputPerHour, b.throughputPerHour, 3)])
        rows.append(["lead_time_mean_s", t(a.leadTime.meanSeconds), t(b.leadTime.meanSeconds), d(a.leadTime.meanSeconds, b.leadTime.meanSeconds, 3)])
        rows.append(["lead_time_p95_s", t(a.leadTime.p95Seconds), t(b.leadTime.p95Seconds), d(a.leadTime.p95Seconds, b.leadTime.p95Seconds, 3)])
        rows.append(["wip_mean", f(a.wipMean), f(b.wipMean), d(a.wipMean, b.wipMean, 6)])
        rows.append(["fpy", f(a.firstPassYield), f(b.firstPassYield), d(a.firstPassYield, b.firstPassYield, 6)])
        rows.append(["bottleneck", a.bottleneck ?? "-", b.bottleneck ?? "-", a.bottleneck == b.bottleneck ? "" : "changed"])
        for ea in a.elements {
            guard let la = ea.ledger, let lb = b.element(named: ea.name)?.ledger else { continue }
            rows.append(["busy " + ea.name, f(la.fraction(la.busy)), f(lb.fraction(lb.busy)), d(la.fraction(la.busy), lb.fraction(lb.busy), 6)])
        }
        let widths = (0..<4).map { c in rows.map { $0[c].count }.max()! }
        return rows.map { r in
            r.enumerated().map { c, v in c == 0 ? v.padded(toLength: widths[0]) : String(repeating: " ", count: widths[c] - v.count) + v }
                .joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
