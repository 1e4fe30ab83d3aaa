import FoundationEssentials
import TaktEngine
import TaktFixed
import TaktTrace

/// `takt report TRACE -o report.html [--from D] [--to D] [--target RATE] [--svg DIR]`.
enum ReportCommand {
    static let help = """
    usage: takt report TRACE [MORE_TRACES…] -o|--output report.html [--from D] [--to D] [--target RATE] [--svg DIR]

    One self-contained HTML page (inline SVG and CSS, no script, nothing fetched) of the run in
    TRACE ('-': stdin): the KPI table with the bottleneck, a floor plan, a Gantt chart of every
    server, robot and vehicle, buffer levels and WIP, cumulative output against a target, and
    utilization bars. The trace is streamed and aggregated to the drawing's resolution, so a week
    of a line reports in seconds. A truncated trace, or a run that ended in a deadlock, is
    reported up to where it goes, with a note saying what is missing.
      --from D, --to D   the window of the time charts (default: the whole run)
      --target RATE      units per hour for the output chart's target line (default: the mean rate)
      --svg DIR          also write each chart as a standalone SVG file into DIR
    More traces of the same line (replications: other seeds) add a chart of throughput per
    replication with its 95 % confidence interval; the time charts show the first trace.
    """

    static func run(_ args: [String], _ context: Context) throws(UsageError) -> ExitCode {
        if args.contains("--help") || args.contains("-h") { context.output.out(help); return .ok }
        let a = try Arguments(args.map { $0 == "-o" ? "--output" : $0 }, options: ["output", "from", "to", "target", "svg"], flags: [], command: "report")
        guard a.positionals.count >= 1 else { throw UsageError("report: expected a TRACE (see 'takt report --help')") }
        guard let out = a.value("output") else { throw UsageError("report: say where to write the page: -o report.html") }
        let r = try TraceCommands.reader(a.positionals[0])
        let model = r.model
        var from: Int64 = 0, to = r.header.durationTicks
        if a.value("from") != nil { from = model.ticks(seconds: try RunCommand.duration(a, "from", default: nil, command: "report")!) }
        if a.value("to") != nil { to = model.ticks(seconds: try RunCommand.duration(a, "to", default: nil, command: "report")!) }
        guard from < to else { throw UsageError("report: --from must be before --to") }
        var target: Double?
        if let t = a.value("target") {
            let rate: Fixed
            do { rate = try Quantity.parse(t, as: .rate) } catch { throw UsageError("report: --target: \(error)") }
            target = Double(rate.raw) / 4_294_967_296 * 3600
        }
        var sink = PairSink(KPIRecorder(model: model, warmupTicks: r.header.warmupTicks), RunTimeline(line: r.line, from: from, to: to))
        var notes: [String] = []
        do {
            while let rec = try r.next() { if case .event(_, let e) = rec { sink.record(e) } }
        } catch {
            notes.append("The trace could not be read to its end: \(error). The report covers the run up to tick \(r.lastTick).")
        }
        sink.finish(atTick: r.end?.tick ?? r.lastTick)
        if r.isTruncated { notes.append("Truncated trace: \(r.truncationMessage).") }
        if let end = r.end {
            switch end.outcome {
            case .deadlock: notes.append("The run ended in a deadlock at \(model.seconds(ticks: end.tick).formatted(decimals: 3)) s: units wait on each other in a cycle, so the charts stop there.")
            case .stall: notes.append("The run stalled at \(model.seconds(ticks: end.tick).formatted(decimals: 3)) s: units wait and nothing scheduled can move them, so the charts stop there.")
            case .interrupted: notes.append("The run was interrupted at \(model.seconds(ticks: end.tick).formatted(decimals: 3)) s (Ctrl-C or SIGTERM); the charts stop there.")
            case .complete: break
            }
        }
        var report = RunReport(line: r.line, summary: sink.first.summary(seed: r.header.seed), timeline: sink.second, notes: notes,
                               targetPerHour: target, title: "takt report — \(model.name)")
        if a.positionals.count > 1 {
            report.replications = [report.summary]
            for path in a.positionals.dropFirst() {
                let other = try TraceCommands.reader(path)
                guard other.model.name == model.name else {
                    throw UsageError("report: \(path) is a trace of line '\(other.model.name)', not '\(model.name)'; give replications of one line")
                }
                report.replications.append(try TraceCommands.summary(other, warmupTicks: other.header.warmupTicks))
                if other.isTruncated { notes.append("Replication \(path) is truncated; its throughput covers only what it holds.") }
            }
            report.notes = notes
        }
        try write(report.html(), to: out)
        if let dir = a.value("svg") {
            do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch { throw UsageError("report: --svg \(dir): \(error)") }
            for c in report.charts { try write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + c.svg + "\n", to: dir + "/" + c.name) }
        }
        context.output.err("report: \(out)\(a.value("svg").map { " and \(report.charts.count) SVG files in \($0)" } ?? "")\(notes.isEmpty ? "" : " (with \(notes.count) note\(notes.count == 1 ? "" : "s") on what is missing)")\n")
        return .ok
    }

    /// Writes under a temporary name, then renames: no half-written page is left behind.
    static func write(_ text: String, to path: String) throws(UsageError) {
        let tmp = path + ".tmp-\(UInt64.random(in: 0...UInt64.max))"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: tmp))
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: tmp, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
            throw UsageError("report: cannot write '\(path)': \(error)")
        }
    }
}
