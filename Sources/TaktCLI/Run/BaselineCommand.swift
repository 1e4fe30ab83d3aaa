#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FoundationEssentials
import TaktEngine
import TaktFixed
import TaktJSON
import TaktLine
import TaktTrace

/// `takt baseline` records a line's KPIs (and, for one deterministic run, its trace's SHA-256);
/// `takt check` runs the line again the same way and compares: the throughput regression tests
/// that CI keeps.
///
/// A baseline is JSON: `{"format":"takt-baseline","version":1,"line":NAME,"file":…,"seed":…,
/// "duration":…,"warmup":…,"replications":N,"set":[…],"trace_sha256":…|null,"kpis":{KPI:{"n",
/// "mean","sd","ci95":[lo,hi]}}}` — written with a fixed key order, so it diffs cleanly.
enum BaselineCommand {
    static let format = "takt-baseline"
    static let version = 1
    /// The KPIs a check compares.
    static let compared = ["completed", "throughput_per_h", "lead_time_mean_s", "lead_time_p95_s", "wip_mean", "fpy"]

    static let help = """
    usage:
      takt baseline FILE [--seed N] [--duration 8h] [--warmup D] [--replications N] [--set K=V]... -o|--output PATH
      takt check FILE --baseline PATH [--tolerance 2%]

    baseline  runs FILE and writes its KPIs to PATH (e.g. traces/NAME.baseline.json); a single run
              also records the SHA-256 of its trace, so an unchanged run is recognised as identical
    check     runs FILE again with the baseline's seed, duration, warm-up, replications and --set, and
              compares. Exit 0 when every KPI holds, 1 with a table of KPI, baseline, now, change and
              verdict when one does not: a KPI regresses when it moved by more than the tolerance
              (default 2 %) and, with replications, the two 95 % intervals do not overlap. A single
              run whose trace has the baseline's SHA-256 passes as identical.
    """

    struct Settings {
        var seed: UInt64 = 1
        var duration = "8h", warmup = "0s"
        var replications = 1
        var sets: [String] = []
    }

    struct Measured {
        var stats: ReplicationSummary
        var traceSHA256: String?
    }

    /// Runs the line as `s` says: the KPIs, and the trace's SHA-256 for a single run.
    static func measure(_ line: LoadedLine, _ s: Settings) throws(UsageError) -> Measured {
        let model = line.model
        func seconds(_ text: String, _ name: String) throws(UsageError) -> Fixed {
            do { return try Quantity.parse(text, as: .duration) } catch { throw UsageError("--\(name): \(error)") }
        }
        let ticks = model.ticks(seconds: try seconds(s.duration, "duration")), warm = model.ticks(seconds: try seconds(s.warmup, "warmup"))
        guard ticks > 0, warm < ticks else { throw UsageError("the duration must be longer than the warm-up") }
        var runs: [LineSummary] = []
        var sha: String?
        for k in 0..<s.replications {
            let seed = s.replications == 1 ? s.seed : ReplicationSummary.seed(base: s.seed, replication: k)
            var sim: Simulation
            do { sim = try Simulation(model: model, options: RunOptions(seed: seed, durationTicks: ticks, warmupTicks: warm)) }
            catch { throw UsageError("\(line.file): \(error)") }
            if s.replications == 1 {
                let header = TraceHeader(taktVersion: Takt.version, seed: seed, tickNanoseconds: model.tickNanoseconds, durationTicks: ticks,
                                         warmupTicks: warm, checkpointEvery: 100_000, overrides: s.sets, line: line.canonicalJSON)
                let out = HashingOutput()
                var sink = PairSink(KPIRecorder(model: model, warmupTicks: warm), TraceWriter(header: header, model: model, output: out))
                sim.run(into: &sink)
                sink.second.close(outcome: TraceOutcome(endOf: sim), stateDigest: sim.stateDigest())
                sha = out.hasher.hexDigest()
                runs.append(sink.first.summary(seed: seed))
            } else {
                var sink = KPIRecorder(model: model, warmupTicks: warm)
                sim.run(into: &sink)
                runs.append(sink.summary(seed: seed))
            }
        }
        return Measured(stats: ReplicationSummary(runs: runs, baseSeed: s.seed), traceSHA256: sha)
    }

    final class HashingOutput: TraceOutput {
        var hasher = SHA256()
        func write(_ b: UnsafeRawBufferPointer) throws(TraceError) { hasher.update(b) }
    }

    static func load(_ file: String, sets: [String], _ context: Context) throws(UsageError) -> LoadedLine {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw UsageError("cannot read '\(file)': no such file")
        }
        do { return try LineFile.load(text: text, file: file, overrides: sets, robots: RobotLookup.library(forLine: file, context)) }
        catch { throw UsageError("\(error)") }
    }

    // MARK: takt baseline

    static func baseline(_ args: [String], _ context: Context) throws(UsageError) -> ExitCode {
        if args.contains("--help") || args.contains("-h") { context.output.out(help); return .ok }
        let a = try Arguments(args.map { $0 == "-o" ? "--output" : $0 }, options: ["seed", "duration", "warmup", "replications", "set", "output"], flags: [], command: "baseline")
        guard a.positionals.count == 1 else { throw UsageError("baseline: expected one line FILE (see 'takt baseline --help')") }
        guard let path = a.value("output") else { throw UsageError("baseline: say where to write it: -o traces/NAME.baseline.json") }
        var s = Settings()
        if let t = a.value("seed") { guard let v = UInt64(t) else { throw UsageError("baseline: --seed must be a whole number, got '\(t)'") }; s.seed = v }
        s.duration = a.value("duration") ?? s.duration
        s.warmup = a.value("warmup") ?? s.warmup
        if let t = a.value("replications") { guard let n = Int(t), n >= 2, n <= 10_000 else { throw UsageError("baseline: --replications takes 2 to 10000, got '\(t)'") }; s.replications = n }
        s.sets = a.all("set")
        let file = a.positionals[0]
        let line = try load(file, sets: s.sets, context)
        let m = try measure(line, s)
        var out = "{\n  \"format\": \"\(format)\",\n  \"version\": \(version),\n  \"line\": \(JSONText.quoted(line.model.name)),\n"
        out += "  \"file\": \(JSONText.quoted(file)),\n  \"seed\": \(s.seed),\n  \"duration\": \(JSONText.quoted(s.duration)),\n"
        out += "  \"warmup\": \(JSONText.quoted(s.warmup)),\n  \"replications\": \(s.replications),\n"
        out += "  \"set\": [" + s.sets.map(JSONText.quoted).joined(separator: ", ") + "],\n"
        out += "  \"trace_sha256\": " + (m.traceSHA256.map { "\"\($0)\"" } ?? "null") + ",\n  \"kpis\": {\n"
        let stats = m.stats.statistics.filter { compared.contains($0.name) }
        for (i, st) in stats.enumerated() {
            func v(_ x: Double) -> String { x.isFinite ? ReplicationSummary.number(x, 6) : "null" }
            out += "    \"\(st.name)\": {\"n\": \(st.n), \"mean\": \(v(st.mean)), \"sd\": \(v(st.sd)), \"ci95\": [\(v(st.low)), \(v(st.high))]}"
            out += i < stats.count - 1 ? ",\n" : "\n"
        }
        out += "  }\n}\n"
        do {
            let tmp = path + ".tmp-\(getpid())"
            try Data(out.utf8).write(to: URL(fileURLWithPath: tmp))
            guard rename(tmp, path) == 0 else { unlink(tmp); throw UsageError("baseline: cannot write '\(path)': \(String(cString: strerror(errno)))") }
        } catch let e as UsageError { throw e } catch { throw UsageError("baseline: cannot write '\(path)': \(error)") }
        context.output.err("baseline: \(path): \(line.model.name), \(s.replications == 1 ? "1 run" : "\(s.replications) replications") of \(s.duration)\n")
        return .ok
    }

    // MARK: takt check

    static func check(_ args: [String], _ context: Context) throws(UsageError) -> ExitCode {
        if args.contains("--help") || args.contains("-h") { context.output.out(help); return .ok }
        let a = try Arguments(args, options: ["baseline", "tolerance", "set"], flags: [], command: "check")
        guard a.positionals.count == 1 else { throw UsageError("check: expected one line FILE (see 'takt check --help')") }
        guard let path = a.value("baseline") else { throw UsageError("check: give the baseline: --baseline traces/NAME.baseline.json") }
        var tolerance = Fixed(2, over: 100)
        if let t = a.value("tolerance") {
            do { tolerance = try Quantity.parse(t, as: .fraction) } catch { throw UsageError("check: --tolerance: \(error)") }
            guard tolerance >= .zero, tolerance < .one else { throw UsageError("check: --tolerance must be between 0 % and 100 %, got '\(t)'") }
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw UsageError("check: cannot read baseline '\(path)': no such file")
        }
        let root: ConfigNode
        do { root = try ConfigNode.parse(text, file: path) } catch { throw UsageError("\(error)") }
        var s = Settings()
        var base: [String: (n: Int, mean: Double, low: Double, high: Double)] = [:]
        let baseSHA: String?, baseLine: String
        do {
            guard try root.required("format").string() == format else { throw UsageError("check: \(path) is not a takt baseline (format '\(format)')") }
            let v = try root.required("version").int()
            guard v == version else { throw UsageError("check: \(path) is baseline format version \(v); this takt reads version \(version) (record it again with 'takt baseline')") }
            baseLine = try root.required("line").string()
            let seedNode = try root.required("seed")
            guard case .number(let seedText) = seedNode.value.kind, let seed = UInt64(seedText) else { throw UsageError("check: \(path): seed is not a whole number") }
            s.seed = seed
            s.duration = try root.required("duration").string()
            s.warmup = try root.required("warmup").string()
            s.replications = try root.required("replications").int(min: 1, max: 10_000)
            s.sets = try root.required("set").items().map { n throws(ConfigError) in try n.string() }
            let shaNode = try root.required("trace_sha256")
            if case .null = shaNode.value.kind { baseSHA = nil } else { baseSHA = try shaNode.string() }
            for (name, node) in try root.required("kpis").members() {
                func num(_ n: ConfigNode) -> Double { if case .number(let t) = n.value.kind { return Double(t) ?? .nan } else { return .nan } }
                let ci = try node.required("ci95").items()
                base[name] = (try node.required("n").int(), num(try node.required("mean")), ci.count == 2 ? num(ci[0]) : .nan, ci.count == 2 ? num(ci[1]) : .nan)
            }
        } catch let e as UsageError { throw e } catch { throw UsageError("check: \(path): \(error)") }
        s.sets += a.all("set")
        let file = a.positionals[0]
        let line = try load(file, sets: s.sets, context)
        guard line.model.name == baseLine else {
            throw UsageError("check: \(path) is a baseline of line '\(baseLine)', not of '\(line.model.name)' (\(file))")
        }
        let m = try measure(line, s)
        if let sha = baseSHA, sha == m.traceSHA256 {
            context.output.out("identical: \(file) gives the baseline's trace (SHA-256 \(sha.prefix(16))…)\n")
            return .ok
        }
        var rows = [["kpi", "baseline", "now", "change", "verdict"]]
        var failed: [String] = []
        let tol = Double(tolerance.raw) / 4_294_967_296
        for st in m.stats.statistics where compared.contains(st.name) {
            guard let b = base[st.name] else { continue }
            let change = b.mean != 0 ? (st.mean - b.mean) / abs(b.mean) : (st.mean == 0 ? 0 : .infinity)
            let beyond = !(abs(change) <= tol)
            let overlap = st.n > 1 && b.n > 1 && st.low <= b.high && b.low <= st.high
            let verdict = !beyond ? "ok" : (overlap ? "ok (intervals overlap)" : "REGRESSION")
            if verdict == "REGRESSION" { failed.append(st.name) }
            rows.append([st.name, ReplicationSummary.number(b.mean, 3), ReplicationSummary.number(st.mean, 3),
                         change.isFinite ? ReplicationSummary.number(change * 100, 2) + " %" : "-", verdict])
        }
        var widths = [Int](repeating: 0, count: 5)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        let table = rows.map { r in r.enumerated().map { i, c in i == 0 || i == 4 ? c + String(repeating: " ", count: widths[i] - c.count) : String(repeating: " ", count: widths[i] - c.count) + c }.joined(separator: "  ") }.joined(separator: "\n") + "\n"
        context.output.out(table)
        if !failed.isEmpty {
            context.output.err("error: check: \(file) moved beyond \(ReplicationSummary.number(tol * 100, 2)) % of \(path) in \(failed.joined(separator: ", "))\n")
            return .checkFailed
        }
        return .ok
    }
}
