import FoundationEssentials
import TaktFixed
import TaktEngine
import TaktLine
import TaktTrace

/// `takt run` and `takt validate`.
enum RunCommand {
    static let help = """
    usage:
      takt run FILE [--seed N] [--duration 8h] [--warmup 1h] [--set KEY=VALUE]...
               [--summary text|tsv|json] [--no-header] [--set-columns] [--every-tick] [--quiet]
               [--trace PATH|-] [--checkpoint-every N] [--sample D] [--replications N]
      takt validate FILE [--set KEY=VALUE]...

    run       simulates the line in FILE (see cells/README.md) and prints its summary on stdout.
              --seed N         the run's seed (default 1); each element draws from its own stream
                               keyed by its name, so other elements' draws do not change with it
              --duration D     simulated time (default 8h): ms, s, min, h, d
              --warmup D       statistics are reset after D (default 0)
              --set K=V        override any scalar of the file by its path, e.g. stations.A6.servers=48
              --summary F      text (default), tsv (one header line and one row) or json
              --no-header      with --summary tsv: the row only, for sweeps from shell loops
              --set-columns    with --summary tsv: each --set's value as a leading column (its key
                               in the header), as 'takt sweep' runs points
              --every-tick     step every tick instead of jumping between events (same results)
              --quiet          no progress line (it is shown only when stderr is a terminal)
              --trace PATH     write the run's trace (every event; see 'takt replay --help'), under a
                               temporary name renamed at the end; '-' streams it to stdout, and the
                               summary then goes to stderr. Ctrl-C or SIGTERM ends the trace with an
                               end line marked interrupted (exit 130 or 143)
              --checkpoint-every N  events between checkpoints in the trace (default 100000)
              --sample D       with --trace: every D of simulated time (e.g. 100ms), where each robot
                               (joints) and vehicle (x, y, heading) of the line's cells is
              --replications N N independent runs (seeds derived from --seed; the same for any --set,
                               so runs of two settings share random numbers); prints each KPI's
                               mean, standard deviation and 95 % confidence interval (Student t)
    validate  checks FILE (and any --set) without running it; prints 'ok FILE' on stdout.

    TSV columns (stable): \(LineSummary.tsvColumns.joined(separator: " "))
    Exit codes: 0 ok, 1 a check failed, 2 bad usage or bad input.

    """

    static func load(_ a: Arguments, command: String, _ context: Context) throws(UsageError) -> LoadedLine {
        guard a.positionals.count == 1 else {
            throw UsageError("\(command): expected one line FILE, got \(a.positionals.count) (see 'takt \(command) --help')")
        }
        let path = a.positionals[0]
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("\(command): cannot read '\(path)': no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw UsageError("\(path): not UTF-8 text") }
        do {
            return try LineFile.load(text: text, file: path, overrides: a.all("set"), robots: RobotLookup.library(forLine: path, context))
        } catch { throw UsageError("\(error)") }
    }

    static func trimmed(_ s: Substring) -> String {
        String(String(s.drop { $0 == " " || $0 == "\t" }.reversed()).drop { $0 == " " || $0 == "\t" }.reversed())
    }

    /// With --set-columns, each line of `tsv` (header, row) starts with the --set keys / values.
    static func setColumns(_ a: Arguments, _ tsv: String) -> String {
        guard a.flag("set-columns") else { return tsv }
        let sets = a.all("set").map { s -> (String, String) in
            guard let eq = s.firstIndex(of: "=") else { return (s, "") }
            return (trimmed(s[..<eq]), trimmed(s[s.index(after: eq)...]))
        }
        let lines = tsv.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let noHeader = a.flag("no-header")
        return lines.enumerated().map { i, l in
            let prefix = (i == 0 && !noHeader) ? sets.map(\.0) : sets.map(\.1)
            return (prefix + [String(l)]).joined(separator: "\t")
        }.joined(separator: "\n") + "\n"
    }

    static func duration(_ a: Arguments, _ name: String, default d: String?, command: String) throws(UsageError) -> Fixed? {
        guard let text = a.value(name) ?? d else { return nil }
        do {
            let v = try Quantity.parse(text, as: .duration)
            guard v >= .zero else { throw UsageError("\(command): --\(name) must not be negative, got '\(text)'") }
            return v
        } catch let e as UsageError { throw e } catch { throw UsageError("\(command): --\(name): \(error)") }
    }

    static func validate(_ args: [String], _ context: Context) throws(UsageError) -> ExitCode {
        if args.contains("--help") || args.contains("-h") { context.output.out(help); return .ok }
        let a = try Arguments(args, options: ["set"], flags: [], command: "validate")
        let line = try load(a, command: "validate", context)
        do { _ = try Simulation(model: line.model, options: RunOptions(seed: 1, durationTicks: 1)) } catch {
            throw UsageError("\(line.file): \(error)")
        }
        context.output.out("ok \(line.file)\n")
        return .ok
    }

    static func run(_ args: [String], _ context: Context) throws(UsageError) -> ExitCode {
        if args.contains("--help") || args.contains("-h") { context.output.out(help); return .ok }
        let a = try Arguments(args, options: ["seed", "duration", "warmup", "set", "summary", "trace", "checkpoint-every", "sample", "replications"],
                              flags: ["no-header", "every-tick", "quiet", "set-columns"], command: "run")
        let format = try a.choice("summary", ["text", "tsv", "json"], default: "text", command: "run")
        var seed: UInt64 = 1
        if let s = a.value("seed") {
            guard let v = UInt64(s) else { throw UsageError("run: --seed must be a whole number from 0 to \(UInt64.max), got '\(s)'") }
            seed = v
        }
        let line = try load(a, command: "run", context)
        if a.value("sample") != nil && a.value("trace") == nil {
            throw UsageError("run: --sample writes pose samples into the trace; add --trace PATH (or --trace -)")
        }
        let model = line.model
        let durationS = try duration(a, "duration", default: "8h", command: "run")!
        let warmupS = try duration(a, "warmup", default: "0 s", command: "run")!
        let durationTicks = model.ticks(seconds: durationS)
        let warmupTicks = model.ticks(seconds: warmupS)
        guard durationTicks > 0 else { throw UsageError("run: --duration must be at least one tick") }
        guard warmupTicks < durationTicks else { throw UsageError("run: --warmup (\(a.value("warmup") ?? "")) must be shorter than --duration (\(a.value("duration") ?? "8h"))") }
        if let text = a.value("replications") {
            guard let n = Int(text), n >= 2, n <= 100_000 else { throw UsageError("run: --replications takes a whole number from 2 to 100000, got '\(text)'") }
            guard a.value("trace") == nil else { throw UsageError("run: --replications and --trace do not go together; trace one replication with --seed instead") }
            var runs: [LineSummary] = []
            var stopped: [UInt64] = []
            for k in 0..<n {
                let s = ReplicationSummary.seed(base: seed, replication: k)
                var sim: Simulation
                do { sim = try Simulation(model: model, options: RunOptions(seed: s, durationTicks: durationTicks, warmupTicks: warmupTicks, everyTick: a.flag("every-tick"))) }
                catch { throw UsageError("\(line.file): \(error)") }
                var sink = KPIRecorder(model: model, warmupTicks: warmupTicks)
                sim.run(into: &sink)
                if sim.deadlock != nil { stopped.append(s) }
                runs.append(sink.summary(seed: s))
            }
            let r = ReplicationSummary(runs: runs, baseSeed: seed)
            switch format {
            case "tsv": context.output.out(setColumns(a, r.tsv(noHeader: a.flag("no-header"))))
            case "json": context.output.out(r.json())
            default: context.output.out(r.text())
            }
            if !stopped.isEmpty {
                context.output.err("error: \(line.file): \(stopped.count) of \(n) replications stopped early (deadlock or stall), seeds \(stopped.prefix(5).map(String.init).joined(separator: ", ")); run one with --seed to see where\n")
                return .checkFailed
            }
            return .ok
        }
        let options = RunOptions(seed: seed, durationTicks: durationTicks, warmupTicks: warmupTicks, everyTick: a.flag("every-tick"))
        var sim: Simulation
        do { sim = try Simulation(model: model, options: options) } catch { throw UsageError("\(line.file): \(error)") }
        let kpis = KPIRecorder(model: model, warmupTicks: warmupTicks)
        let showProgress = !a.flag("quiet") && context.isTerminal(2)
        let summary: LineSummary
        var toStderr = false
        var interruptedBy: Int32 = 0
        if let tracePath = a.value("trace") {
            var every: Int64 = 100_000
            if let text = a.value("checkpoint-every") {
                guard let v = Int64(text), v >= 1 else { throw UsageError("run: --checkpoint-every must be a whole number ≥ 1, got '\(text)'") }
                every = v
            }
            var header = TraceHeader(taktVersion: Takt.version, seed: seed, tickNanoseconds: model.tickNanoseconds, durationTicks: durationTicks,
                                     warmupTicks: warmupTicks, checkpointEvery: every, overrides: a.all("set"), line: line.canonicalJSON)
            if a.value("sample") != nil {
                let period = model.ticks(seconds: try duration(a, "sample", default: nil, command: "run")!)
                guard period >= 1 else { throw UsageError("run: --sample must be at least one tick (\(model.tickNanoseconds) ns)") }
                guard !line.motions.isEmpty else { throw UsageError("run: --sample: \(line.file) has no robots or vehicles to sample") }
                header.sampleTicks = period
            }
            let file: FileTraceOutput
            do { file = try FileTraceOutput(path: tracePath) } catch { throw UsageError("run: --trace \(error)") }
            Signals.catchInterrupts()
            var sink = PairSink(kpis, TraceWriter(header: header, model: model, output: file, motions: line.motions))
            interruptedBy = drive(&sim, &sink, durationTicks: durationTicks, progress: showProgress, interruptible: true, context: context, durationS: durationS)
            let outcome: TraceOutcome = interruptedBy != 0 ? .interrupted : TraceOutcome(endOf: sim)
            sink.second.close(outcome: outcome, stateDigest: sim.stateDigest())
            if let failure = sink.second.failure {
                file.abandon()
                throw UsageError("run: \(failure)")
            }
            do { try file.commit() } catch { throw UsageError("run: \(error)") }
            summary = sink.first.summary(seed: seed)
            toStderr = tracePath == "-"
        } else {
            var sink = kpis
            _ = drive(&sim, &sink, durationTicks: durationTicks, progress: showProgress, interruptible: false, context: context, durationS: durationS)
            summary = sink.summary(seed: seed)
        }
        let text: String
        switch format {
        case "tsv": text = setColumns(a, summary.tsv(noHeader: a.flag("no-header")))
        case "json": text = summary.json()
        default: text = summary.text()
        }
        if toStderr {
            if !a.flag("quiet") { context.output.err(text) }
        } else {
            context.output.out(text)
        }
        if interruptedBy != 0 {
            context.output.err("error: \(line.file): interrupted at \(model.seconds(ticks: sim.now).formatted(decimals: 3)) s; the trace ends there with an end line marked interrupted\n")
            return ExitCode(rawValue: 128 + interruptedBy) ?? .checkFailed
        }
        if let d = sim.deadlock, !d.isCycle {
            let names = d.elements.map { model.elements[$0].name }
            context.output.err("error: \(line.file): stalled at \(model.seconds(ticks: d.tick).formatted(decimals: 3)) s: units wait in \(names.joined(separator: ", ")) and nothing still scheduled can let them move: a merge's kit lacks a type that cannot reach it (stuck behind other parts, or no longer made); the summary covers the run up to then. Give each part type its own buffer into the merge.\n")
            return .checkFailed
        }
        if let d = sim.deadlock {
            let names = d.elements.map { model.elements[$0].name }
            context.output.err("error: \(line.file): deadlock at \(model.seconds(ticks: d.tick).formatted(decimals: 3)) s: \((names + [names[0]]).joined(separator: " → ")) wait on each other and can never move again; the summary covers the run up to then. \(d.onResources ? "Each holds an interlock zone, loader or route segment another waits for: change the zones or targets so a robot needs one zone at a time, or the route so paths do not cross in opposite directions." : "Add buffer space in the loop or limit the units in it.")\n")
            return .checkFailed
        }
        return .ok
    }

    /// Runs `sim` to its end into `sink`, in chunks when a progress line is shown or an interrupt
    /// must be noticed (chunking changes nothing in the results). Returns the signal that stopped
    /// the run, or 0.
    static func drive<S: EventSink>(_ sim: inout Simulation, _ sink: inout S, durationTicks: Int64, progress: Bool, interruptible: Bool,
                                    context: Context, durationS: Fixed) -> Int32 {
        guard progress || interruptible else {
            sim.run(into: &sink)
            return 0
        }
        let started = Date()
        var lastPrint = started
        let chunk = max(durationTicks / 200, 1)
        var limit: Int64 = 0
        while limit < durationTicks && sim.deadlock == nil {
            limit = min(limit + chunk, durationTicks)
            sim.run(into: &sink, before: limit)
            if interruptible, let signal = Signals.received {
                sink.finish(atTick: sim.now)
                return signal
            }
            guard progress else { continue }
            let now = Date()
            if now.timeIntervalSince(lastPrint) >= 0.25 {
                lastPrint = now
                let pct = Double(limit) / Double(durationTicks) * 100
                let rate = Double(sim.eventCount) / max(now.timeIntervalSince(started), 1e-9)
                let simulated = sim.model.seconds(ticks: limit).formatted(decimals: 0)
                let tenths = Int((rate / 1e5).rounded())     // M events/s with one decimal
                context.output.err("\r  \(simulated) s of \(durationS.formatted(decimals: 0)) s simulated (\(Int(pct.rounded()))%), \(tenths / 10).\(tenths % 10) M events/s ")
            }
        }
        if progress { context.output.err("\r\u{1B}[K") }
        sim.run(into: &sink)
        return 0
    }
}
